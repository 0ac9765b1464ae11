"""CVSS base scores from OSV ``severity`` vectors, computed by the ``cvss`` library.

Preference when an advisory has several vectors: CVSS v3.x first (what NVD, GitHub and
most severity thresholds were calibrated on), then v4, then v2. A vector the library
rejects is ignored, and the caller falls back to the advisory's own severity word, then to
``derived_severity`` (the advisory's CWE ids, then the impact its text states:
policies/advisory-severity.yaml).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import cvss
import yaml

from shiftleft.advisories.model import Severity
from shiftleft.resources import policies_dir

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


# --- advisories without a score -------------------------------------------------------------

#: the data file of the fallback (CWE -> word, stated impact -> word)
FALLBACK_FILE = "advisory-severity.yaml"
#: characters of an advisory's summary + details searched for a stated impact (bounded)
MAX_TEXT = 20_000
_WORDS = ("critical", "high", "medium", "low", "info")


@dataclass(frozen=True)
class Fallback:
    """policies/advisory-severity.yaml: the severity of an advisory nobody scored."""

    cwe: dict[str, str]
    impact: tuple[tuple[str, str], ...]


def _word(value: object, where: str) -> str:
    if value not in _WORDS:
        raise ValueError(f"{FALLBACK_FILE}: {where}: {value!r} is not one of {', '.join(_WORDS)}")
    return str(value)


@functools.cache
def fallback() -> Fallback:
    data = yaml.safe_load((policies_dir() / FALLBACK_FILE).read_text("utf-8")) or {}
    cwe = {str(k).upper(): _word(v, f"cwe.{k}") for k, v in (data.get("cwe") or {}).items()}
    impact = tuple((str(k).lower(), _word(v, f"impact.{k}")) for k, v in (data.get("impact") or {}).items())
    return Fallback(cwe, impact)


def derived_severity(cwes: Iterable[str], summary: str, details: str) -> tuple[str, str] | None:
    """(severity word, source) for an advisory with no CVSS vector and no database word:
    the highest of its CWE ids in the fallback table (``cwe:CWE-502``), else the highest
    impact its own text states (``advisory-text:deserialization``); None when neither."""
    table = fallback()
    rank = {w: i for i, w in enumerate(reversed(_WORDS))}
    best: tuple[str, str] | None = None
    for cwe in cwes:
        word = table.cwe.get(cwe.upper())
        if word and (best is None or rank[word] > rank[best[0]]):
            best = (word, f"cwe:{cwe.upper()}")
    if best is not None:
        return best
    text = f"{summary}\n{details}"[:MAX_TEXT].lower()
    for phrase, word in table.impact:
        if phrase in text and (best is None or rank[word] > rank[best[0]]):
            best = (word, f"advisory-text:{phrase}")
    return best
