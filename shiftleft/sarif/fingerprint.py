"""Fingerprints that identify a finding across scans.

``primaryLocationLineHash`` hashes the *content* of the flagged line (whitespace-folded)
with the rule id, plus an occurrence counter for identical lines in one file, so the
fingerprint survives lines inserted or removed above the finding (GitHub uses this key to
track alerts). ``shiftleft/v1`` adds the file path, for our history store.
"""

from __future__ import annotations

import hashlib
import re

_SPACE = re.compile(r"\s+")


def line_text(lines: list[str], line_number: int) -> str:
    if 1 <= line_number <= len(lines):
        return _SPACE.sub(" ", lines[line_number - 1]).strip()
    return ""


def line_hash(rule_id: str, text: str) -> str:
    digest = hashlib.sha256(f"{rule_id}\0{text}".encode()).hexdigest()
    return digest[:16]


def stable_id(tool: str, rule_id: str, uri: str, partial: str) -> str:
    return hashlib.sha256(f"{tool}\0{rule_id}\0{uri}\0{partial}".encode()).hexdigest()[:32]


class OccurrenceCounter:
    """Numbers identical (file, hash) pairs 1, 2, 3 ... in the order results arrive."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], int] = {}

    def next(self, uri: str, digest: str) -> int:
        key = (uri, digest)
        self._seen[key] = self._seen.get(key, 0) + 1
        return self._seen[key]
