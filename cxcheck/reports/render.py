"""Turning a report context into Markdown, HTML or JSON: one mechanism for every report kind.

API, shared by the gap report, compare, trend and workshop reports:

- ``format_for(output, explicit)`` picks the format: ``-f`` wins, else the ``-o`` extension,
  else Markdown.
- ``render(kind, fmt, context, template=None)``: JSON is the context itself (so the JSON
  report documents and versions the template context); Markdown and HTML render
  ``reports/templates/{kind}.{fmt}.j2``, or the user's own template, in Jinja2's sandbox.

Templates get five filters: ``md`` escapes text for a Markdown table cell or paragraph
(``md(code=True)``: as a code span),
``num(1)`` formats a score by the README's rule and ``num`` a target as written (``-`` for none), ``pct`` a share such as
coverage (rounded down, so that 99.6% never reads as 100%), ``band_class`` gives the CSS
class of a band, and ``css_string`` quotes text as a CSS string (the running header of a
printed page).

``produce(kind, fmt, context, ...)`` is ``render`` for every format a report is written in:
PDF is the HTML report paged (:mod:`cxcheck.reports.pdf`), xlsx and csv are the spreadsheet
(:mod:`cxcheck.reports.sheets`).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxcheck.errors import CxError
from cxcheck.text import CONTROLS

if TYPE_CHECKING:
    from jinja2 import Environment, Template
    from markupsafe import Markup

    from cxcheck.core.theme import ThemeContext
    from cxcheck.reports.sheets import AnswerRow

TEXT_FORMATS = ("md", "html", "json")
FORMATS = (*TEXT_FORMATS, "pdf", "xlsx", "csv")
SHEETS = ("xlsx", "csv")
"""The spreadsheet formats: every answer in long form, which only the gap and workshop reports hold."""
_EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".csv": "csv",
}


def format_for(output: Path | None, explicit: str | None, template: Path | None = None) -> str:
    """The format to write: ``-f`` wins, then the ``-o`` extension, then the template's, then Markdown.

    A template named ``mine.html.j2`` (or ``mine.html``) is HTML even when the report goes to
    standard output, so that it is rendered with HTML escaping on.
    """
    if explicit is not None:
        if explicit not in FORMATS:
            raise CxError(f"unknown format '{explicit}'; choose one of: {', '.join(FORMATS)}")
        return explicit
    if output is None:
        if template is not None:
            named = Path(template.stem) if template.suffix == ".j2" else template
            return _EXTENSIONS.get(named.suffix.lower(), "md")
        return "md"
    try:
        return _EXTENSIONS[output.suffix.lower()]
    except KeyError:
        raise CxError(
            f"cannot tell the format from the extension '{output.suffix}'; use one of "
            f"{', '.join(sorted(set(_EXTENSIONS) - {'.markdown', '.htm'}))}, or pass -f",
            output,
        ) from None


def json_text(context: Mapping[str, Any]) -> str:
    """The ONE writer of our JSON: strict JSON only, so a NaN or Infinity that slipped past the
    loaders' range checks stops here instead of producing a file other tools cannot parse."""
    try:
        text = json.dumps(context, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError:
        raise CxError("a figure is not a finite number (NaN or Infinity); no JSON was written") from None
    # json escapes C0 itself; DEL and C1 (which it leaves raw) can only be inside strings, where
    # \u escapes keep the data and leave no control character for a terminal or log to obey
    return CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(
    kind: str, fmt: str, context: Mapping[str, Any], template: Path | None = None, theme: ThemeContext | None = None
) -> str:
    """``context`` as ``fmt`` (md, html or json); template errors become one ``template:line`` message.

    ``theme`` (the consultant's name, logo, accent and footer) is presentation, not a figure: it
    reaches the templates as ``theme`` (None without one) and never the JSON report. A user's
    ``template`` renders under limits on time, output and memory (:mod:`cxcheck.reports.limits`).
    """
    if fmt == "json":
        return json_text(context)
    if template is None:
        return _rendered(
            f"{kind}.{fmt}.j2", lambda: _bundled_template(f"{kind}.{fmt}.j2").render(**context, theme=theme)
        )
    from cxcheck.reports import limits

    def confined() -> str:
        compiled = _user_template(template, fmt == "html")
        return limits.bounded(compiled.generate(**context, theme=theme))

    return limits.confined(lambda: _rendered(str(template), confined, user=True), str(template))


def _rendered(name: str, render: Callable[[], str], user: bool = False) -> str:
    """``render()``, its template's errors as one ``template:line: message``.

    A user's template is the user's input: whatever it does wrong is a message, not a crash;
    in a bundled one, it is a bug (exit 3 with a crash log).
    """
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
    from jinja2.sandbox import SecurityError

    from cxcheck.reports.limits import Exceeded, exceeded

    mistakes = (TemplateError, ArithmeticError, LookupError, TypeError, ValueError, RecursionError)
    try:
        return render()
    except TemplateSyntaxError as exc:
        raise CxError(f"template syntax error: {exc.message}", exc.filename or name, exc.lineno) from None
    except TemplateNotFound as exc:
        raise CxError(f"template not found: {exc.name}", *_template_place(exc, name)) from None
    except SecurityError as exc:
        raise CxError(f"the sandbox forbids this: {exc}", *_template_place(exc, name)) from None
    except UnicodeDecodeError:
        raise CxError("template is not UTF-8 text", name) from None
    except OSError as exc:
        raise CxError(f"cannot read the template ({exc.strerror})", name) from None
    except Exceeded as exc:
        raise CxError(str(exc), *_template_place(exc, name)) from None
    except MemoryError as exc:
        if not user:
            raise
        raise CxError(exceeded("memory"), *_template_place(exc, name)) from None
    except mistakes as exc:
        if not user and not isinstance(exc, TemplateError):
            raise
        message = exc.message if isinstance(exc, TemplateError) and exc.message else f"{type(exc).__name__}: {exc}"
        raise CxError(f"template error: {message}", *_template_place(exc, name)) from None


def produce(
    kind: str,
    fmt: str,
    context: Mapping[str, Any],
    template: Path | None = None,
    theme: ThemeContext | None = None,
    answers: Callable[[], Sequence[AnswerRow]] | None = None,
) -> str | bytes:
    """The report in any of :data:`FORMATS`: text for md, html and json, bytes for pdf and xlsx.

    ``answers`` gives every answer in long form, only when a spreadsheet is asked for (a
    workshop's answers are not worth listing for any other format).
    """
    if fmt == "pdf":
        from cxcheck.reports.pdf import html_to_pdf

        return html_to_pdf(render(kind, "html", context, template, theme))
    if fmt in SHEETS:
        from cxcheck.reports import sheets

        if answers is None:
            raise CxError(f"{fmt} output is for reports on answers (cxcheck report); use md, html, json or pdf here")
        return sheets.xlsx(kind, context, answers()) if fmt == "xlsx" else sheets.csv_text(answers())
    return render(kind, fmt, context, template, theme)


def _template_place(exc: BaseException, name: str) -> tuple[str, int | None]:
    """The template file and line an error happened on, from the frames Jinja rewrites.

    Jinja rewrites the traceback so that frames of template code carry the template's file
    name and line (Python frames are ``.py`` files); the innermost such frame is where the
    error is, in an included template too.
    """
    import traceback

    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if not f.filename.endswith(".py") and not f.filename.startswith("<")
    ]
    return (frames[-1].filename, frames[-1].lineno) if frames else (name, None)


def _environment(loader: Any, html: bool) -> Environment:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        loader=loader,
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md_escape, num=number, pct=percent, band_class=band_class, css_string=css_string)
    return env


def templates_dir() -> Path:
    """The bundled templates, wherever the package is installed (beside this module, as
    :func:`cxcheck.core.catalog.bundled_dir` finds the checklists)."""
    return Path(__file__).with_name("templates")


@cache
def _bundled_environment(html: bool) -> Environment:
    """The bundled templates, compiled once per machine.

    Compiling the HTML report template costs more than rendering it, so the compiled code is
    kept in Jinja's per-user cache directory (created private, checked to be the user's own)
    and reused while the template file is unchanged.
    """
    from jinja2 import FileSystemBytecodeCache, FileSystemLoader

    env = _environment(FileSystemLoader(str(templates_dir())), html)
    with contextlib.suppress(RuntimeError):  # no usable private temporary directory: compile every time
        env.bytecode_cache = FileSystemBytecodeCache()
    return env


def _bundled_template(name: str) -> Template:
    return _bundled_environment(name.endswith(".html.j2")).get_template(name)


def _user_template(path: Path, html: bool) -> Template:
    from jinja2 import ChoiceLoader, FileSystemLoader

    if not path.is_file():
        raise CxError("template file not found", path)
    loader = ChoiceLoader([FileSystemLoader(str(path.parent)), FileSystemLoader(str(templates_dir()))])
    return _environment(loader, html).get_template(path.name)


_MD_INLINE = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|~&"})
"""Characters that start emphasis, code, links, HTML, entities, strikethrough or a table cell."""
_MD_LIST_NUMBER = re.compile(r"^(\d{1,9})(?=[.)](?: |$))")
_MD_LINE_MARK = re.compile(r"^(?=#{1,6}(?: |$)|[+-](?: |$)|[=-]+$)")
"""Text that would make a line an ordered or bullet list item, a heading or a setext underline."""
_MD_BACKTICKS = re.compile("`+")


def md_escape(value: object, code: bool = False) -> str:
    """Text that Markdown shows literally, on one line, even inside a table cell: THE escaping of
    every value a Markdown template writes (the ``md`` filter).

    Only what means something is escaped (the line-start marks only at the start), so the
    Markdown file stays readable as plain text: ``Ask 3 people (not 2).`` is written as it is.
    With ``code``, the value becomes a whole code span (``{{ id|md(code=True) }}``, never
    inside backticks of the template's own): backslashes mean nothing in a code span, so the
    only safe fence is one longer than any run of backticks in the value.
    """
    text = "" if value is None else " ".join(str(value).split())
    if code:
        if not text:
            return ""
        fence = "`" * (max(map(len, _MD_BACKTICKS.findall(text)), default=0) + 1)
        pad = " " if text[0] == "`" or text[-1] == "`" else ""  # CommonMark strips one space each side
        return f"{fence}{pad}{text}{pad}{fence}"
    text = text.translate(_MD_INLINE)
    return _MD_LINE_MARK.sub("\\\\", _MD_LIST_NUMBER.sub(r"\1\\", text))


def number(value: float | None, digits: int | None = None) -> str:
    """``num(1)``: a score by the README's one rule (:func:`~cxcheck.core.scoring.figure`), ``68.8``;
    ``num``: a target or weight as its file writes it, ``80`` or ``72.5``, never rounded to ``72``;
    ``-`` for none."""
    from cxcheck.core.scoring import figure, shown
    from cxcheck.model import number as as_written

    if value is None:
        return "-"
    if digits is None:
        return str(as_written(shown(value)))
    if digits != 1:
        raise ValueError("num takes no argument (a target, as written) or 1 (a score, to one decimal)")
    return figure(value)


def percent(value: float | None) -> str:
    """A share such as coverage, rounded down: 199 of 200 answered is 99%."""
    from cxcheck.core.scoring import whole

    return "-" if value is None else f"{whole(value)}%"


def band_class(band: str | None) -> str:
    return f"band-{band}" if band else "band-none"


_ONE_LINE = re.compile(r"[\t\n]+")


def css_string(value: object) -> Markup:
    """Text as a quoted CSS string that nothing in it can end: every character but letters, digits
    and spaces is a hex escape, so neither a quote nor ``</style>`` survives; control characters go,
    line breaks and tabs become spaces, and any other character (a non-breaking space) stays.

    Autoescaped template text (a block such as the title) is turned back into the text it shows.
    """
    from markupsafe import Markup

    text = value.unescape() if isinstance(value, Markup) else str(value)
    quoted = "".join(
        c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):x} "
        for c in _ONE_LINE.sub(" ", CONTROLS.sub("", text))
    )
    return Markup(f'"{quoted}"')
