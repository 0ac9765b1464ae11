"""CWE and OWASP identifiers out of the many spellings tools use in tags and metadata:
``external/cwe/cwe-89``, ``CWE-89: Improper Neutralization...``, ``cwe-89``, ``89``;
``A03:2021 - Injection``, ``owasp-a03``."""

from __future__ import annotations

import re
from collections.abc import Iterable

_CWE = re.compile(r"(?i)\bcwe[-_/ :]?(\d{1,5})\b")
_OWASP = re.compile(r"(?i)\bA(\d{1,2}):(20\d\d)\b")


def cwe_ids(values: Iterable[object]) -> list[str]:
    found: list[str] = []
    for value in _flatten(values):
        for match in _CWE.finditer(value):
            cwe = f"CWE-{int(match.group(1))}"
            if cwe not in found:
                found.append(cwe)
    return found


def owasp_ids(values: Iterable[object]) -> list[str]:
    found: list[str] = []
    for value in _flatten(values):
        for match in _OWASP.finditer(value):
            ident = f"A{int(match.group(1)):02d}:{match.group(2)}"
            if ident not in found:
                found.append(ident)
    return found


def cwe_tag(cwe: str) -> str:
    """GitHub's spelling, which it uses to link the CWE."""
    return f"external/cwe/{cwe.lower()}"


def _flatten(values: Iterable[object]) -> Iterable[str]:
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, (list, tuple)):
            yield from _flatten(value)
