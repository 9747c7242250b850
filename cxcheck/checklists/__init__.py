"""Bundled checklists; this file only makes the folder a package, found wherever cxcheck is installed."""
