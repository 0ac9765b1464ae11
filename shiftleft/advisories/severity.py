"""CVSS base scores from OSV ``severity`` vectors, computed by the ``cvss`` library.

Preference when an advisory has several vectors: CVSS v3.x first (what NVD, GitHub and
most severity thresholds were calibrated on), then v4, then v2. A vector the library
rejects is ignored, and the caller falls back to the advisory's own severity word.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import cvss

from shiftleft.advisories.model import Severity

_PREFERENCE = ("CVSS_V3", "CVSS_V4", "CVSS_V2")


@dataclass(frozen=True)
class CvssScore:
    version: str
    vector: str
    base_score: float

    @property
    def security_severity(self) -> str:
        """The SARIF ``security-severity`` string: one decimal, 0.0-10.0."""
        return f"{self.base_score:.1f}"


def _score(kind: str, vector: str) -> float:
    if kind == "CVSS_V3":
        return float(cvss.CVSS3(vector).base_score)
    if kind == "CVSS_V4":
        return float(cvss.CVSS4(vector).base_score)
    return float(cvss.CVSS2(vector.removeprefix("CVSS:2.0/")).base_score)


def base_score(severities: Iterable[Severity]) -> CvssScore | None:
    """The preferred valid CVSS base score among the vectors, or None. Among vectors of
    the same version (aliases merged from two databases) the highest score wins."""
    by_kind: dict[str, list[CvssScore]] = {}
    for sev in severities:
        if sev.type not in _PREFERENCE:
            continue
        try:
            score = _score(sev.type, sev.score.strip())
        except (cvss.CVSSError, ValueError, KeyError, IndexError, TypeError):
            continue
        by_kind.setdefault(sev.type, []).append(CvssScore(sev.type, sev.score.strip(), score))
    for kind in _PREFERENCE:
        if by_kind.get(kind):
            return max(by_kind[kind], key=lambda s: s.base_score)
    return None
