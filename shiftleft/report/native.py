"""What the consumer-native formats share (GitLab security reports, GitLab Code Quality,
SonarQube generic external issues): stable ids, repository-relative paths, bounded and
inert text, identifiers, and which scanners are not assessed.

Each of those formats is read by a system that stores what it reads and shows it to other
people, so the same rules hold for all of them:

- an id is derived from the finding's ``shiftleft/v1`` fingerprint (uuid5 for GitLab, the
  fingerprint itself for Code Quality), never from its position in the report: the
  consumer tracks a finding across pipelines by it;
- a path is written only when it is a plain relative path inside the repository (no
  ``..``, not absolute, no control characters); otherwise the finding keeps no file and its
  text says where the tool put it (escaped);
- text from the repository or a tool is made visible (``safe_text``) and cut to the
  consumer's limit, and a secret's value is never written: findings come already redacted
  from ``report.model.assemble_report``, and no writer copies a snippet, a code extract or
  the raw result properties.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC

from shiftleft import isotime
from shiftleft.model import Finding, Report, ScannerStatus, ScanStatus
from shiftleft.safe_text import _PARTIAL_ESCAPE, is_visible, one_line, visible

#: the uuid5 namespace of shiftleft's finding ids (fixed: changing it changes every id)
FINDING_NAMESPACE = uuid.UUID("7b0c1f5e-2f6d-5b8e-9c41-5d1a6f3e8a20")
#: aliases of an advisory looked at (a hostile log read back may list any number)
MAX_ALIASES = 50
#: the analyzer every native report names
ANALYZER = "shiftleft"

_CWE = re.compile(r"CWE-(\d{1,6})\Z", re.IGNORECASE)
_HTTP = re.compile(r"https?://[^\s]+\Z")
_IDENT_TYPE = re.compile(r"[^a-z0-9_]+")


def finding_key(f: Finding) -> str:
    """The finding's shiftleft/v1 fingerprint, or (a log without one) a digest of what
    identifies it: tool, rule, path and line."""
    if f.fingerprint:
        return f.fingerprint
    return hashlib.sha256("\0".join((f.tool, f.rule_id, f.path, str(f.line))).encode()).hexdigest()[:32]


def stable_id(f: Finding) -> str:
    """A UUID that stays the same for the same finding in every scan."""
    return str(uuid.uuid5(FINDING_NAMESPACE, finding_key(f)))


def repo_path(path: str) -> str | None:
    """``path`` as a POSIX path relative to the repository root, or None when it is not
    one: empty, absolute, a Windows drive or a URI (``https://...``, the logical location of
    an imported DAST alert or of a result outside the root), leaving the root through ``..``,
    or holding characters a reader would not see."""
    if not path or not is_visible(path) or "\\" in path:
        return None
    if path.startswith("/") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", path):
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return posixpath.join(*parts)


def repo_file(f: Finding) -> str | None:
    """The repository file a finding is in, or None: its path is not a repository path
    (``repo_path``), or it is the ``image/<name>`` stand-in an image finding gets when the
    repository has no Dockerfile (``scanners.container.pseudo_path``)."""
    if f.category == "container" and "image" in (f.properties or {}) and f.path.startswith("image/"):
        return None
    return repo_path(f.path)


def where(f: Finding) -> str:
    """Where a finding is, for a text, when its path cannot be written as a file."""
    place = one_line(f.path, 300) if f.path else "no file location"
    return f"{place}:{f.line}" if f.line > 0 and f.path else place


def text(value: object, limit: int, *, multiline: bool = False) -> str:
    """``value`` made visible (one line unless ``multiline``) and cut to ``limit``
    characters, never inside an escape, the cut said. Only the first ``limit`` characters
    are looked at: the work is bounded by the limit, not by what a tool wrote."""
    raw = "" if value is None else str(value)
    shown = visible(raw[:limit], multiline=multiline)
    if len(raw) <= limit and len(shown) <= limit:
        return shown
    note = f" [cut: {len(raw)} characters in all; the full text is in shiftleft.sarif]"
    return _PARTIAL_ESCAPE.sub("", shown[: max(limit - len(note), 0)]) + note


def http_url(value: object) -> str | None:
    """``value`` if it is an http(s) URL without spaces or controls, else None."""
    return value if isinstance(value, str) and _HTTP.match(value) and is_visible(value) else None


def cwe_numbers(f: Finding) -> list[str]:
    out: list[str] = []
    for raw in f.cwe[:MAX_ALIASES]:
        m = _CWE.match(str(raw).strip())
        if m and m.group(1) not in out:
            out.append(m.group(1))
    return out


def identifier_type(tool: str) -> str:
    """A GitLab identifier type for a tool's own rule ids: ``semgrep_id``, ``bandit_id``."""
    return (_IDENT_TYPE.sub("_", tool.lower()).strip("_") or "tool") + "_id"


def advisory_ids(f: Finding) -> list[str]:
    """The advisory a dependency or image finding matched, then its aliases (CVE, GHSA)."""
    props = f.properties or {}
    ids: list[str] = []
    aliases = props.get("aliases")
    for raw in [props.get("advisory"), *(aliases[:MAX_ALIASES] if isinstance(aliases, list) else [])]:
        if isinstance(raw, str) and raw.strip() and raw.strip() not in ids and is_visible(raw):
            ids.append(raw.strip()[:200])
    return ids


def prop_text(f: Finding, key: str, limit: int = 200) -> str | None:
    value = (f.properties or {}).get(key)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
        return one_line(str(value).strip(), limit)
    return None


def fixed_versions(f: Finding) -> list[str]:
    values = (f.properties or {}).get("fixedVersions")
    if not isinstance(values, list):
        return []
    return [one_line(v, 100) for v in values if isinstance(v, str) and v.strip()][:20]


def shown_findings(findings: Iterable[Finding]) -> Iterator[Finding]:
    """Findings a consumer is asked to act on: not waived, not suppressed (those stay in
    shiftleft.sarif with their justification; the consumers here cannot mark one accepted)."""
    return (f for f in findings if not f.suppressed)


def not_assessed(statuses: Iterable[ScannerStatus]) -> list[ScannerStatus]:
    """Scanners that apply and gave no answer (failed, missing, timed out)."""
    return [s for s in statuses if s.not_assessed_run]


def status_line(s: ScannerStatus) -> str:
    why = f": {s.reason}" if s.reason else ""
    return one_line(f"NOT ASSESSED: {s.name} ({s.stage}) {s.status}{why}; its checks were not made", 1000)


def scan_time(report: Report, key: str) -> str:
    """A time of the scan as ``yyyy-mm-ddThh:mm:ss`` UTC (GitLab's format), the start time
    when the one asked is missing, and the epoch when the log recorded neither."""
    for candidate in (report.meta.get(key), report.meta.get("startTime")):
        moment = isotime.parse(candidate) if isinstance(candidate, str) else None
        if moment is not None:
            return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return "1970-01-01T00:00:00"


def version(report: Report) -> str:
    value = report.meta.get("version")
    return one_line(value, 50) if isinstance(value, str) and value.strip() else "unknown"


def ran(statuses: Iterable[ScannerStatus]) -> str:
    """``bandit 1.9.4, semgrep 1.182.0``: the scanners that ran, for a scanner name."""
    names = [f"{s.name} {s.version}" if s.version else s.name for s in statuses if s.status is ScanStatus.OK]
    return one_line(", ".join(dict.fromkeys(names)) or "none", 200)
