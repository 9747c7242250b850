"""Reports: each kind's context builder (typed, the JSON report and template context), its schema,
the chart geometry, and rendering to Markdown, HTML and JSON from ``templates/``."""
