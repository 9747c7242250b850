"""The pure core: loading the formats, scoring, aggregating, gating, comparing, the walk's rules.

Nothing here prints or prompts; every function returns data (or raises a
:class:`~cxcheck.errors.CxError`) that the report and terminal floors present.
"""
