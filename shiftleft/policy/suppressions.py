"""Inline suppressions as SARIF ``suppressions`` (``kind: inSource``), never as missing findings.

Left alone, bandit hides every finding on a ``# nosec`` line: the log then cannot show
that a risk was silenced, and a gate cannot forbid silencing a critical one. So bandit runs
with ``--ignore-nosec`` and semgrep with ``--disable-nosem`` (their adapters), and this
module puts the suppression back where the comment is, as data:

- bandit: ``# nosec`` or ``# nosec B602, B607`` on a line of the finding;
- semgrep: ``nosemgrep`` or ``nosemgrep: rule-id`` on the finding's first line or the line
  before it (semgrep itself also reports these as ``inSource``; both are kept as one);
- checkov: ``checkov:skip=CKV_X:reason`` — checkov already reports skipped checks with an
  ``inSource`` suppression; it gets a justification and ``status: accepted`` here;
- every tool: ``shiftleft: ignore[RULE, RULE2] reason`` on the finding's line or the line
  before. The rule list is required (globs allowed), and so is the reason: an ignore
  without one is not honoured and is reported.

Only files on the target's safe list are read (regular files inside the root, no link
out), and only the few lines a finding points at.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shiftleft import globs
from shiftleft.sarif.uris import result_location

#: how many lines of a multi-line finding are searched for a marker
MAX_SPAN = 20
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_LINE = 4000

_NOSEC = re.compile(r"#\s*nosec\b:?((?:[\s,]+[A-Za-z]\d{3}\b)*)")
_NOSEMGREP = re.compile(r"\bnosem(?:grep)?\b(?:\s*:\s*([A-Za-z0-9_.\-/]+(?:\s*,\s*[A-Za-z0-9_.\-/]+)*))?")
_SHIFTLEFT = re.compile(r"\bshiftleft:\s*ignore\[([^\]\n]{1,300})\]([^\n]*)")
_COMMENT_END = re.compile(r"\s*(?:\*/|-->|%>|#>)\s*$")


class SafeLines:
    """Lines of the target's files, read lazily, only for files on the safe list."""

    def __init__(self, root: Path, files: Collection[str]) -> None:
        self._root = root
        self._allowed = frozenset(files)
        self._cache: dict[str, list[str]] = {}

    def get(self, uri: str, line: int) -> str:
        """Line ``line`` (1-based) of ``uri``, or "" when unknown or not on the safe list."""
        if line < 1:
            return ""
        if uri not in self._cache:
            self._cache[uri] = self._read(uri)
        lines = self._cache[uri]
        return lines[line - 1][:MAX_LINE] if line <= len(lines) else ""

    def _read(self, uri: str) -> list[str]:
        if uri not in self._allowed:
            return []
        path = self._root / uri
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
                return []
            return path.read_text("utf-8", errors="replace").splitlines()
        except OSError:
            return []


@dataclass
class InlineOutcome:
    """What marking found: counts per marker and ignores that were refused."""

    marked: dict[str, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def _location(result: dict[str, Any]) -> tuple[str, int, int]:
    path, start, end = result_location(result)
    return path, start, min(end, start + MAX_SPAN)


def _ids(text: str | None) -> list[str]:
    return [t for t in re.split(r"[\s,]+", text or "") if t]


def _bandit_marker(lines: list[str], rule_id: str) -> str | None:
    for text in lines:
        match = _NOSEC.search(text)
        if match:
            tests = [t.upper() for t in _ids(match.group(1))]
            if not tests or rule_id.upper() in tests:
                return "# nosec" + (f" {', '.join(tests)}" if tests else "")
    return None


def _semgrep_id_matches(given: str, rule_id: str) -> bool:
    return given == rule_id or given.endswith("." + rule_id) or rule_id.endswith("." + given)


def _semgrep_marker(lines: list[str], rule_id: str) -> str | None:
    for text in lines:
        match = _NOSEMGREP.search(text)
        if match:
            wanted = _ids(match.group(1))
            if not wanted or any(_semgrep_id_matches(w, rule_id) for w in wanted):
                return "nosemgrep" + (f": {', '.join(wanted)}" if wanted else "")
    return None


def _shiftleft_marker(lines: list[str], rule_id: str) -> tuple[str | None, str | None]:
    """(justification, refusal): a matching ignore with a reason, or why one was refused."""
    for text in lines:
        match = _SHIFTLEFT.search(text)
        if not match:
            continue
        patterns = [p.strip() for p in match.group(1).split(",") if p.strip()]
        if not any(globs.match(p, rule_id) for p in patterns):
            continue
        reason = _COMMENT_END.sub("", match.group(2)).strip()
        if not reason:
            return None, f"`shiftleft: ignore[{match.group(1).strip()}]` without a reason is not honoured"
        return f"{reason[:300]} (shiftleft: ignore[{', '.join(patterns)}])", None
    return None, None


def _in_source(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in result.get("suppressions") or [] if s.get("kind") == "inSource"]


def _add(result: dict[str, Any], justification: str, marker: str) -> None:
    existing = _in_source(result)
    if existing:  # the tool already said so (semgrep, checkov): complete its entry, do not duplicate
        entry = existing[0]
        entry.setdefault("status", "accepted")
        if not entry.get("justification"):
            entry["justification"] = justification
    else:
        entry = {"kind": "inSource", "status": "accepted", "justification": justification}
        result["suppressions"] = [*(result.get("suppressions") or []), entry]
    props = entry.setdefault("properties", {})
    props.setdefault("shiftleft", {})["suppressedBy"] = marker


def mark_inline(sarif: dict[str, Any], lines: SafeLines) -> InlineOutcome:
    """Turn inline suppression comments into SARIF suppressions on the results they cover.
    Modifies ``sarif`` in place; findings are never removed."""
    outcome = InlineOutcome()

    def count(marker: str) -> None:
        outcome.marked[marker] = outcome.marked.get(marker, 0) + 1

    for run in sarif.get("runs") or []:
        tool = str(((run.get("properties") or {}).get("shiftleft") or {}).get("scanner") or "")
        for result in run.get("results") or []:
            rule_id = str(result.get("ruleId") or "")
            uri, start, end = _location(result)
            span = [lines.get(uri, n) for n in range(start, end + 1)] if uri and start else []
            before = [lines.get(uri, start - 1)] if uri and start > 1 else []
            justification, refusal = _shiftleft_marker(span + before, rule_id)
            if refusal:
                outcome.notices.append(f"{uri}:{start}: {refusal}")
            if justification:
                _add(result, justification, "shiftleft-ignore")
                count("shiftleft-ignore")
                continue
            if tool == "bandit":
                marker = _bandit_marker(span, rule_id)
                if marker:
                    _add(result, f"{marker} (inline comment at {uri}:{start})", "nosec")
                    count("nosec")
            elif tool == "semgrep":
                marker = _semgrep_marker(span[:1] + before, rule_id)
                if marker or _in_source(result):
                    _add(result, f"{marker or 'nosemgrep'} (inline comment at {uri}:{start})", "nosemgrep")
                    count("nosemgrep")
            elif _in_source(result):
                # checkov:skip and any other tool's native in-source suppression
                native = "checkov:skip" if tool.startswith("checkov") else f"{tool} inline suppression"
                _add(result, f"{native} (no reason given)", native)
                count(native)
    return outcome


def inline_fingerprints(sarif: dict[str, Any]) -> frozenset[str]:
    """Fingerprints of results with an accepted in-source suppression, for the gate."""
    out: set[str] = set()
    for run in sarif.get("runs") or []:
        for result in run.get("results") or []:
            if any(s.get("status", "accepted") == "accepted" for s in _in_source(result)):
                fp = (result.get("fingerprints") or {}).get("shiftleft/v1")
                if fp:
                    out.add(str(fp))
    return frozenset(out)
