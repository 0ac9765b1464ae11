"""Every path to the terminal goes through the sanitizer: no module prints through a bare
rich ``Console``, the ``print`` builtin or a raw write to stdout/stderr (the one exception:
the internal-error line of ``cli.main``, which escapes its text itself)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import shiftleft

PACKAGE = Path(shiftleft.__file__).resolve().parent
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "rules" not in p.parts)
#: cli.main's internal-error line ("shiftleft: internal error: {visible(exc)}", "interrupted");
#: safe_text.write_line, the rich-free route that makes its text visible() (the hook's output)
RAW_WRITE_ALLOWED = {"cli.py", "safe_text.py"}


def _calls(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in {"Console", "print"}:
            found.append((func.id, node.lineno))
        elif isinstance(func, ast.Attribute) and func.attr == "Console":
            found.append(("Console", node.lineno))
        elif (isinstance(func, ast.Attribute) and func.attr == "write" and isinstance(func.value, ast.Attribute)
              and func.value.attr in {"stdout", "stderr"}):  # fmt: skip
            found.append(("sys.std*.write", node.lineno))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(PACKAGE)) for p in SOURCES])
def test_no_unsanitized_route_to_the_terminal(path: Path) -> None:
    rel = str(path.relative_to(PACKAGE))
    calls = _calls(path)
    if rel == "cli_common.py":
        calls = [c for c in calls if c[0] != "Console"]  # the one factory (SafeConsole)
    if rel in RAW_WRITE_ALLOWED:
        calls = [c for c in calls if c[0] != "sys.std*.write"]
    assert not calls, f"{rel}: prints around shiftleft.cli_common: {calls}"
