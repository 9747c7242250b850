"""cxcheck: measure how customer-focused a business really is."""

__version__ = "0.1.0"
