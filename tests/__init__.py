"""Test suite; a package so that tests can share constants from conftest."""
