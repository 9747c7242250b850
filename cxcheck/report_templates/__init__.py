"""Bundled report templates; this file only makes the folder findable with importlib.resources."""
