"""The collection server for the workshop day (``cxcheck collect``): personal links, the form, answers files."""
