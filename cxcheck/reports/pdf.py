"""The PDF of a report: its HTML paged by WeasyPrint under print.css, charts kept as vectors.

WeasyPrint is the ``pdf`` extra and needs the system's Pango; it is imported only here, when
a PDF is asked for, so every other command starts without it. Nothing is fetched while the
page is laid out: the reports are self-contained (the logo is a ``data:`` URL), and a user's
template that names any other URL (http:, file:) gets that resource left out, never fetched.
"""

from __future__ import annotations

import logging

from cxcheck.errors import CxError

MISSING = (
    "PDF output needs WeasyPrint and the system's Pango library: pip install 'cxcheck[pdf]' "
    "(and, if Pango is missing, your system's package, e.g. apt-get install libpango-1.0-0)"
)


def html_to_pdf(html: str) -> bytes:
    """``html`` (a report page) as the bytes of a PDF."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError):  # OSError: the package is there but cannot load Pango
        raise CxError(MISSING) from None
    # WeasyPrint warns about CSS it ignores (screen-only properties) on its logger; a report
    # command prints only what the user must act on
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf()
    return pdf
