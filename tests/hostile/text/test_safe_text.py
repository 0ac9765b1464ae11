"""The one sanitizer (shiftleft.safe_text): properties over random hostile strings."""

from __future__ import annotations

import io
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text

from shiftleft.cli_common import SafeConsole
from shiftleft.safe_text import is_visible, one_line, visible
from tests.hostile.text.builders import ESCAPES, RAW

#: control, bidi and invisible characters, mixed into ordinary text by the strategies
DANGEROUS = (
    [chr(c) for c in range(0x20)] + [chr(0x7F)] + [chr(c) for c in range(0x80, 0xA0)]
    + [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]]
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2028", "\u2029", "\U000e0041", "\u3164"]
)  # fmt: skip
hostile = st.lists(st.one_of(st.sampled_from(DANGEROUS), st.text(max_size=8), st.sampled_from(list(ESCAPES.values()))),
                   max_size=20).map("".join)  # fmt: skip
#: printable text: letters, marks, numbers, punctuation, symbols and the plain space
printable = st.text(
    st.characters(categories=["L", "M", "N", "P", "S"], include_characters=" ",
                  exclude_characters="\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164\uffa0"),
)  # fmt: skip


@settings(max_examples=400)
@given(hostile)
def test_no_raw_control_or_bidi_survives(text: str) -> None:
    out = visible(text)
    assert not RAW.search(out)
    assert "\n" not in out  # one line: repository text cannot start a line of ours
    assert all(unicodedata.category(c) not in {"Cc", "Cf", "Cs", "Zl", "Zp"} for c in out)


@settings(max_examples=300)
@given(hostile)
def test_multiline_keeps_only_newline_and_tab(text: str) -> None:
    out = visible(text, multiline=True)
    assert out.count("\n") == text.count("\n")
    assert not RAW.search(out.replace("\n", "").replace("\t", ""))


@settings(max_examples=300)
@given(hostile)
def test_idempotent(text: str) -> None:
    once = visible(text)
    assert visible(once) == once
    assert is_visible(once)
    assert visible(visible(text, multiline=True), multiline=True) == visible(text, multiline=True)


@settings(max_examples=300)
@given(printable)
def test_printable_text_passes_byte_for_byte(text: str) -> None:
    assert visible(text) == text
    assert visible(text, multiline=True) == text


@settings(max_examples=200)
@given(hostile, st.integers(min_value=1, max_value=40))
def test_cutting_never_leaves_half_an_escape(text: str, limit: int) -> None:
    out = one_line(text, limit)
    assert len(out) <= limit
    assert not RAW.search(out)
    if out.endswith("…"):
        body = out[:-1]
        assert not body.endswith(("<", "<U", "<U+", "\\", "\\x"))


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_each_class_is_shown_not_dropped(name: str) -> None:
    """Every dangerous character leaves a visible trace: a reader sees something was there."""
    payload = ESCAPES[name]
    out = visible(payload)
    dangerous = [c for c in payload if RAW.match(c) or c == "\n"]
    assert dangerous
    assert out.count("\\x") + out.count("<U+") + out.count("\\n") + out.count("\\r") + out.count("\\t") >= len(
        dangerous
    )


def test_known_forms() -> None:
    assert visible("\x1b[31m") == "\\x1b[31m"
    assert visible("a\u202eb") == "a<U+202E>b"
    assert visible("x\ny\rz\t") == "x\\ny\\rz\\t"
    assert visible("\ud800") == "<U+D800>"
    assert visible("\x9b") == "\\x9b"
    text = "naïve 日本語 emoji 🎉 \u2011 — «q»"
    assert visible(text) == text


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_the_console_escapes_what_a_caller_forgot(name: str) -> None:
    """The second line: a ``Text`` built from raw text still prints escaped. (BEL, BS, VT,
    FF and CR are dropped by rich's Text itself before the console sees them, which is
    why every call site makes its text visible first.)"""
    buffer = io.StringIO()
    console = SafeConsole(file=buffer, force_terminal=False, width=200, highlight=False)
    console.print(Text(ESCAPES[name]))
    console.print(ESCAPES[name], markup=False)
    assert not RAW.search(buffer.getvalue())
