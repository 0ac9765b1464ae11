"""Read import files and split them into runs, each judged before it enters the scan.

An import is hostile input: the file may come from the scanned repository (its config names
it) or from another CI job. So:

* **bounded**: a regular file of at most ``MAX_BYTES`` (``sarif.readback``'s bound), JSON at
  most ``readback.MAX_DEPTH`` deep, at most ``MAX_RUNS`` runs (results per run are capped by
  ``Scanner.execute`` like every scanner's); a file the repository's config names is read
  through the path rule (``paths.repository_file``: inside the root, no link out of it);
* **never a false clean**: a file that is missing, unreadable, not a format we know, not
  SARIF 2.1.0 or without runs is ONE failed import (NOT ASSESSED); a run whose invocation
  says it failed, or carries an error-level execution notification, is failed; a run older
  than its ``max_age_days`` (by its invocations' end time, else the file's mtime), or dated
  in the future, is stale: failed too (the gate reads it as incomplete, like a stale advisory
  database, ``advisories.freshness``). The results of a failed run are kept.
* **named apart**: every run becomes the scanner ``import:<tool>`` (its driver name made
  safe, a number added when taken), so an import can never take a built-in scanner's name,
  waivers or baseline.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shiftleft import isotime, paths
from shiftleft.config import ImportConfig
from shiftleft.errors import ShiftleftError
from shiftleft.imports import detect
from shiftleft.imports.sarif import check_log
from shiftleft.safe_text import one_line
from shiftleft.sarif import readback

MAX_BYTES = readback.MAX_BYTES
#: runs one import file may hold (GitHub takes 20 per upload; CodeQL writes one per language)
MAX_RUNS = 100
#: an imported report older than this is stale (the advisory database's default limit)
DEFAULT_MAX_AGE_DAYS = 7
#: days a report's time may lie ahead of this machine's clock
CLOCK_SKEW_DAYS = 1.0
#: the prefix of every imported scanner's name
PREFIX = "import:"
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
MAX_NAME = 40

STAGE_FOR_CATEGORY = {"sast": "code", "secrets": "code", "sca": "build", "sbom": "build", "iac": "deploy",
                      "container": "test", "dast": "test"}  # fmt: skip
#: categories of well-known tools, by a word of their driver name (lower case)
_TOOL_CATEGORIES = (
    (("gitleaks", "trufflehog", "detect-secrets", "betterleaks", "ggshield", "secret"), "secrets"),
    (("zap", "burp", "nuclei", "nikto", "arachni", "dast"), "dast"),
    (("checkov", "tfsec", "kics", "terrascan", "tflint", "trivy-config", "cfn", "kube-linter", "kubesec",
      "hadolint", "zizmor", "actionlint"), "iac"),
    (("dependabot", "dependency", "osv", "snyk", "grype", "pip-audit", "npm audit", "retire", "owasp dependency",
      "govulncheck", "cargo-audit", "audit"), "sca"),
)  # fmt: skip
_TAG_CATEGORIES = (
    (("secret", "secrets", "credential", "credentials"), "secrets"),
    (("iac", "terraform", "kubernetes", "cloudformation", "dockerfile", "misconfiguration"), "iac"),
    (("sca", "dependency", "dependencies", "vulnerable-dependency", "supply-chain"), "sca"),
    (("dast",), "dast"),
)


class ImportError_(ShiftleftError):
    """An import file that cannot be used; becomes a failed import, not an exit."""

    def __init__(self, message: str, status: str = "failed") -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ImportedRun:
    """One run of an import file, ready to be a scanner of the scan (or the file's failure)."""

    #: the scanner name (``import:<tool>``)
    name: str
    stage: str
    category: str
    #: the SARIF run as the file has it; None when the file could not be used
    run: dict[str, Any] | None
    #: ok | failed | missing (the file is not there)
    status: str = "ok"
    #: why its checks are NOT ASSESSED (None: ok)
    problem: str | None = None
    #: file, sha256, format, tool, version, reportTime, ageDays (the scan records them)
    provenance: dict[str, Any] = field(default_factory=dict)
    #: whether the gate requires it to be assessed (``ImportConfig.required``)
    required: bool = True
    #: the scanned repository's own config named the file: its results count, but the report
    #: is the repository's own claim, so it is no evidence that its checks were assessed
    from_repository: bool = False


def safe_name(text: str) -> str:
    """A tool name as a scanner-name part: lower case, ``[a-z0-9._-]``, at most 40 characters."""
    name = _UNSAFE.sub("-", text.lower()).strip("-._")[:MAX_NAME].strip("-._")
    return name or "tool"


def read(spec: ImportConfig) -> tuple[bytes, float]:
    """The bytes and mtime of an import file, within the bounds; ImportError_ otherwise. The
    file is checked to be regular *after* it is opened (non-blocking), so a FIFO or device
    put in its place is refused unread; a file the repository's config named is found through
    the path rule and opened without following a final link."""
    path = Path(spec.path)
    root = spec.repository_root
    if root is not None:
        try:
            path = paths.repository_file(root, spec.path)
        except paths.PathRefused as exc:
            missing = not os.path.lexists(root / spec.path)
            raise ImportError_(f"{spec.path}: {exc}", "missing" if missing else "failed") from None
    try:  # a path the user named may be a link; one the repository's config named may not
        data, info = paths.read_bounded(path, MAX_BYTES, follow_final_link=root is None)
    except FileNotFoundError:
        raise ImportError_(f"{spec.path}: no such file", "missing") from None
    except paths.FileRefused as exc:
        too_big = f"{spec.path}: larger than {MAX_BYTES // (1024 * 1024)} MiB, the limit for an import"
        raise ImportError_(too_big if exc.why == "too-large" else f"{spec.path}: not a regular file") from None
    except OSError as exc:
        raise ImportError_(f"{spec.path}: cannot read it ({exc.strerror or exc})") from None
    return data, info.st_mtime


def load_all(specs: Sequence[ImportConfig], *, now: datetime | None = None,
             taken: Iterable[str] = ()) -> list[ImportedRun]:  # fmt: skip
    """Every run of every import, named uniquely (never one of ``taken``), in the given order."""
    now = now or datetime.now(UTC)
    used = {t.lower() for t in taken}
    out: list[ImportedRun] = []
    for spec in specs:
        for item in load(spec, now=now):
            name = unique(item.name, used)
            used.add(name)
            out.append(ImportedRun(name, item.stage, item.category, item.run, item.status, item.problem,
                                   {**item.provenance, "scanner": name}, spec.required,
                                   spec.repository_root is not None))  # fmt: skip
    return out


def unique(name: str, used: set[str]) -> str:
    if name not in used:
        return name
    n = 2
    while f"{name}-{n}" in used:
        n += 1
    return f"{name}-{n}"


def load(spec: ImportConfig, *, now: datetime) -> list[ImportedRun]:
    """The runs of one import (one failed item when the file cannot be used); never raises
    for the file's content."""
    source = one_line(spec.path, 200)
    stem = PREFIX + safe_name(Path(spec.path).stem or "import")
    base: dict[str, Any] = {"file": str(spec.path)}
    fallback_stage = spec.stage or STAGE_FOR_CATEGORY.get(spec.category or "sast", "code")
    try:
        raw, mtime = read(spec)
    except ImportError_ as exc:
        return [ImportedRun(stem, fallback_stage, spec.category or "sast", None, exc.status, exc.message, base)]
    digest = hashlib.sha256(raw).hexdigest()
    fmt = detect(raw)
    base = {**base, "sha256": digest, "format": fmt.name, "bytes": len(raw)}
    try:
        runs = check_log(fmt.to_sarif(raw, source=source), source)["runs"]
        if len(runs) > MAX_RUNS:
            raise ImportError_(f"{source}: {len(runs)} runs, more than the {MAX_RUNS} an import may hold")
    except Exception as exc:  # noqa: BLE001 - a converter bug makes a failed import, never a crash
        why = (one_line(exc.message, 300) if isinstance(exc, ShiftleftError)
               else f"{source}: cannot convert the {fmt.name} report ({type(exc).__name__})")  # fmt: skip
        category = spec.category or fmt.category or "sast"
        stage = spec.stage or fmt.stage or STAGE_FOR_CATEGORY.get(category, "code")
        return [ImportedRun(stem, stage, category, None, "failed", why, base)]
    out = []
    for run in runs:
        driver = run["tool"]["driver"]
        tool = str(driver.get("name") or "tool")
        category = spec.category or fmt.category or infer_category(tool, run)
        stage = spec.stage or fmt.stage or STAGE_FOR_CATEGORY.get(category, "code")
        version = driver.get("semanticVersion") or driver.get("version")
        when = report_time(run)
        reported = when or datetime.fromtimestamp(mtime, UTC)
        age = (now - reported).total_seconds() / 86400.0
        provenance = {
            **base, "tool": one_line(tool, 100), "version": one_line(version, 60) if isinstance(version, str) else None,
            "reportTime": reported.strftime("%Y-%m-%dT%H:%M:%SZ"), "reportTimeFrom": "run" if when else "file mtime",
            "ageDays": round(age, 2),
        }  # fmt: skip
        problem = run_failure(run, source) or staleness(age, spec.max_age_days, "run" if when else "file mtime")
        out.append(ImportedRun(PREFIX + safe_name(tool), stage, category, run, "failed" if problem else "ok",
                               problem, provenance))  # fmt: skip
    return out


def infer_category(tool: str, run: dict[str, Any]) -> str:
    """The category of a run: a well-known tool's, else what most tagged rules say, else sast."""
    lowered = tool.lower()
    for names, kind in _TOOL_CATEGORIES:
        if any(w in lowered for w in names):
            return kind
    votes: dict[str, int] = {}
    for rule in _rules(run)[:10_000]:
        props = rule.get("properties") if isinstance(rule, dict) else None
        tags = props.get("tags") if isinstance(props, dict) else None
        if not isinstance(tags, list):
            continue
        words = {t.strip().lower() for t in tags[:50] if isinstance(t, str)}
        for tag_names, category in _TAG_CATEGORIES:
            if words & set(tag_names):
                votes[category] = votes.get(category, 0) + 1
                break
        else:
            votes["sast"] = votes.get("sast", 0) + 1
    if votes:
        best = max(votes.values())
        return next(c for c in ("sast", "secrets", "sca", "iac", "dast") if votes.get(c) == best)
    return "sast"


def _rules(run: dict[str, Any]) -> list[Any]:
    tool = run.get("tool")
    tool = tool if isinstance(tool, dict) else {}
    extensions = tool.get("extensions")
    found: list[Any] = []
    for component in [tool.get("driver"), *(extensions if isinstance(extensions, list) else [])]:
        rules = component.get("rules") if isinstance(component, dict) else None
        if isinstance(rules, list):
            found.extend(rules)
    return found


def report_time(run: dict[str, Any]) -> datetime | None:
    """When the run ended: the latest ``endTimeUtc`` (else ``startTimeUtc``) of its invocations."""
    stamps = []
    invocations = run.get("invocations")
    for inv in (invocations if isinstance(invocations, list) else [])[:1000]:
        if not isinstance(inv, dict):
            continue
        for key in ("endTimeUtc", "startTimeUtc"):
            value = inv.get(key)
            parsed = isotime.parse(value) if isinstance(value, str) else None
            if parsed is not None:
                stamps.append(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))
                break
    return max(stamps) if stamps else None


def run_failure(run: dict[str, Any], source: str) -> str | None:
    """Why a run says it did not succeed (None: it does not say so)."""
    invocations = run.get("invocations")
    tool = one_line(run["tool"]["driver"]["name"], 60)
    for inv in (invocations if isinstance(invocations, list) else [])[:1000]:
        if not isinstance(inv, dict):
            continue
        if inv.get("executionSuccessful") is False:
            return f"{source}: {tool} reported its run as unsuccessful (executionSuccessful false)"
        notes = inv.get("toolExecutionNotifications")
        for note in (notes if isinstance(notes, list) else [])[:10_000]:
            if isinstance(note, dict) and note.get("level") == "error":
                message = note.get("message")
                text = message.get("text") if isinstance(message, dict) else None
                said = f": {one_line(text, 200)}" if isinstance(text, str) and text else ""
                return f"{source}: {tool} reported an error during its run{said}"
    return None


def staleness(age_days: float, max_age: int | None, origin: str) -> str | None:
    """Why a report of that age cannot be taken as the current state (None: fresh)."""
    limit = DEFAULT_MAX_AGE_DAYS if max_age is None else max_age
    if age_days < -CLOCK_SKEW_DAYS:
        return f"report dated {-age_days:.1f} days in the future ({origin}): not trusted, its checks are NOT ASSESSED"
    if age_days > limit:
        return (f"stale: the report is {age_days:.1f} days old ({origin}), more than the {limit} days an import "
                "may be; its checks are NOT ASSESSED")  # fmt: skip
    return None
