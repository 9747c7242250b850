"""The terminal: consoles, the walk-through and consensus sessions, and the rich views of each result."""
