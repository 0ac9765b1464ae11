"""The one sanitizer for text that came from the scanned repository (or from a tool run on
it, or from a file read back) on its way to a terminal or a report.

Such text is hostile. Printed raw, an ``ESC`` starts a terminal control sequence (OSC 52
writes the reader's clipboard, OSC 8 hides a link behind innocent text, CSI moves the
cursor and repaints lines), ``CR``/``BS`` overwrite what was printed before, a newline
starts a line of our own summary ("Gate PASSED"), and the Unicode bidi controls
(U+202E RIGHT-TO-LEFT OVERRIDE ...) or invisible format characters make a reviewer read
something other than what the bytes say, in a terminal and in Markdown or HTML alike.

``visible()`` never drops such a character silently (a reader must see that something was
there); it replaces it with a printable ASCII escape:

* C0 controls, DEL and C1 controls: ``\\x1b``, ``\\x07``, ``\\x9b`` ... and ``\\n``, ``\\r``,
  ``\\t`` (``multiline=True`` keeps newline and tab, for text whose line breaks are ours);
* bidi controls (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C), every other Unicode
  format character (zero-width space/joiners, word joiner, BOM, soft hyphen, tag
  characters ...), line/paragraph separators, lone surrogates and the invisible
  "filler" letters: ``<U+202E>``.

Printable text, including every non-ASCII letter, passes byte for byte, and the escapes are
printable ASCII, so ``visible(visible(s)) == visible(s)``. A literal ``\\x1b`` typed in a
file stays as it is: it reads the same as an escaped ESC, and is equally harmless.

rich is not relied on: its ``Text`` drops BEL, BS, VT, FF and CR silently and keeps ESC
and every bidi control.
"""

from __future__ import annotations

import re
import unicodedata

#: the Unicode bidirectional formatting characters (UAX #9) and marks
BIDI_CONTROLS = frozenset(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)
#: characters of other categories that render as nothing (Hangul fillers, the Khmer
#: inherent vowels, the combining grapheme joiner, Mongolian variation selectors) and
#: so can hide text or make two different names look alike
INVISIBLE = frozenset([0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), 0x3164, 0xFFA0])
#: Unicode categories escaped: controls, format characters, surrogates, line and
#: paragraph separators
ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
#: text that needs no work at all: printable ASCII (the common case, checked in C)
_PLAIN = re.compile(r"[\x20-\x7e]*\Z")
#: the start of an escape left at the end of a cut text
_PARTIAL_ESCAPE = re.compile(r"(?:<(?:U(?:\+[0-9A-F]{0,6})?)?|\\(?:x[0-9a-f]?)?)+\Z")


def escape_char(code: int) -> str | None:
    """The visible form of one code point, or None when it is printed as it is."""
    char = chr(code)
    if 0x20 <= code < 0x7F:
        return None
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return _NAMED.get(code, f"\\x{code:02x}")
    if code in BIDI_CONTROLS or code in INVISIBLE or unicodedata.category(char) in ESCAPED_CATEGORIES:
        return f"<U+{code:04X}>"
    return None


class _Table(dict[int, str | None]):
    """A ``str.translate`` table filled on first use of each code point (linear time;
    the table is bounded by the number of distinct code points ever seen)."""

    def __init__(self, keep: str) -> None:
        super().__init__()
        self._keep = frozenset(ord(c) for c in keep)

    def __missing__(self, code: int) -> str | None:
        if code in self._keep:
            raise LookupError(code)  # str.translate: leave the character as it is
        value = escape_char(code)
        if value is None:
            raise LookupError(code)
        self[code] = value
        return value


_ONE_LINE = _Table("")
_MULTILINE = _Table("\n\t")


def visible(value: object, *, multiline: bool = False) -> str:
    """``value`` as text that cannot control a terminal or disguise itself (see the module
    docstring). One line unless ``multiline`` (then newline and tab are kept)."""
    text = "" if value is None else str(value)
    if _PLAIN.match(text):
        return text
    return text.translate(_MULTILINE if multiline else _ONE_LINE)


def one_line(value: object, limit: int | None = None) -> str:
    """``visible`` text on one line, cut to ``limit`` characters with an ellipsis, never
    inside an escape (a half ``<U+20`` would read as something else)."""
    text = visible(value)
    if limit is None or len(text) <= limit:
        return text
    return _PARTIAL_ESCAPE.sub("", text[: max(limit - 1, 0)]) + "…"


def is_visible(text: str, *, multiline: bool = False) -> bool:
    """True when ``visible`` would leave ``text`` unchanged (for asserting outputs)."""
    return visible(text, multiline=multiline) == text


def write_line(value: object, *, err: bool = False) -> None:
    """``value`` made ``visible`` on one line of stdout (stderr with ``err``), without rich:
    for commands that must start fast (the pre-commit hook) and still never print raw text."""
    import sys

    (sys.stderr if err else sys.stdout).write(visible(value) + "\n")
