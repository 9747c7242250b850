"""Bundled checklists; this file only makes the folder findable with importlib.resources."""
