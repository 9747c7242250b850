"""Which characters of a file's text may reach a person: the one definition, for every floor.

C0 controls but tab and newline, DEL and C1 are the characters with which a file's text could
move the cursor, retitle the window, plant a hyperlink or clear a CI log. The loaders refuse
them in what they read (``io/yamlsafe``), the terminal shows them visibly (``terminal/console``)
and the JSON writer escapes them (``reports/render``), all by this pattern.
"""

from __future__ import annotations

import re

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Every control character but tab and newline."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a text as a formula (OWASP's list, tab and carriage return too): the
csv writer guards such text with a leading ``'``, and ``cxcheck import`` takes the guard off again."""


def first_control(text: str) -> str | None:
    """The first control character in ``text`` as a person reads its code (``U+001B``), or None."""
    found = CONTROLS.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"
