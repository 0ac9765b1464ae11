"""The audit bundle: one zip an auditor can take away, and a check that it was not altered.

What an auditor asks for, per control: which findings, from which scanner runs, with which
tool versions and advisory data, when, on which commit, under which config and policies.
``export_bundle`` gathers exactly that from one ``Report`` (a fresh scan, or one rebuilt
from ``shiftleft.sarif``) and writes ``manifest.json`` with the sha256 and size of every
other member. ``verify_bundle`` recomputes them and names each difference.

Integrity, not authenticity: the manifest proves the files match each other, not who made
them. Anyone who can edit a file can edit the manifest too; record the bundle's sha256
(printed on export) somewhere the bundle's holder cannot write, or sign it with your own
tooling. Signing is out of scope here.

What goes in: files shiftleft wrote in this run (scorecards, the merged log, evidence),
files the user named on the command line (``--config``, ``--policy``, a baseline), files
inside the scan root that pass the path rule of :mod:`shiftleft.paths` (a repository's config
and waiver file, opened without following links), and artifacts found under their own name
in a directory the caller vouches for (the scan's output directory, ``--from``). A path
read from a log or a report (``artifacts``, ``inputs``) is never opened: it selects at most
a file name inside those directories, and otherwise is listed as not included, with why.

The zip is treated as hostile on both sides: member names are relative POSIX paths without
``..``, absolute parts, backslashes or drive letters when written, and a bundle holding any
other name is reported, never extracted: ``verify`` only streams members into a hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shiftleft import __version__, attest, audit_index, isotime, paths
from shiftleft.advisories.freshness import age_at_scan
from shiftleft.errors import ShiftleftError
from shiftleft.gitinfo import GitInfo, from_meta
from shiftleft.model import FrameworkResult, Report
from shiftleft.policy.model import Framework, PolicyError
from shiftleft.report import FORMATS, scorecard_json

FORMAT_NAME = "shiftleft-audit"
#: 2: field names as scorecard.json v2 spells them (``ruleName``, ``controlId``, ``notAssessed``)
#: 3: the scan identity in the manifest (``scan.sarifSha256``, ``scan.commit``), attestations/,
#: frameworks/, INDEX.md and index.html; ``created`` is the scan's start time
FORMAT_VERSION = 3
SARIF_MEMBER = "sarif/shiftleft.sarif"
ATTESTATIONS = "attestations/"
#: the zip timestamp of a bundle whose scan recorded no start time (never "now")
EPOCH = datetime(1980, 1, 1, tzinfo=UTC)
MANIFEST_NAME = "manifest.json"
#: scorecard formats wanted in a bundle, by their name in ``shiftleft.report.FORMATS``
SCORECARD_FORMATS = ("html", "json", "markdown", "oscal")
#: a manifest larger than this is not one we wrote (and reading it whole would be a bomb)
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
#: an input or artifact larger than this is not one a scan used (and would bloat the zip)
MAX_MEMBER_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class AuditError(ShiftleftError):
    """The bundle cannot be written as asked (framework not evaluated, unreadable input)."""


class NotAnAuditBundle(AuditError):
    """The file is not a shiftleft audit zip at all: there is nothing to verify against."""


@dataclass(frozen=True)
class InputFile:
    """A config or policy file the scan used; copied into the bundle with its sha256."""

    kind: str  # config | policy | waivers | baseline | import
    path: Path
    #: the scan root when the *repository* named this file (its config, the files that
    #: config names, its waiver file): it is re-checked against the path rule and left out
    #: (listed as not included) when it breaks it. None: the user named it; read as named.
    repository_root: Path | None = None


@dataclass(frozen=True)
class ExportResult:
    path: Path
    #: sha256 of the zip itself: record it out of band to detect a re-made manifest
    sha256: str
    members: tuple[str, ...]
    #: what a complete bundle would hold and this one does not, and why
    unavailable: dict[str, str] = field(default_factory=dict)
    #: keyid of the key the attestations are signed with; None: unsigned
    signed_by: str | None = None


@dataclass(frozen=True)
class Problem:
    """One way a bundle differs from its manifest."""

    kind: str  # modified | missing | extra | unsafe-name | duplicate | unreadable | bad-manifest-entry
    member: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} {self.member!r}: {self.detail}"


@dataclass(frozen=True)
class VerifyResult:
    path: Path
    problems: tuple[Problem, ...]
    #: members whose hash matched
    verified: tuple[str, ...]
    created: str | None
    shiftleft_version: str | None
    #: sha256 of the zip file itself
    sha256: str = ""
    #: "unsigned" | "signed, signatures not checked (no --key)" | "signed by KEYID, verified"
    signature: str = "unsigned"
    #: the subject the attestations name (``gitCommit:HEX``...), when they were read
    subject: str | None = None

    @property
    def intact(self) -> bool:
        return not self.problems


# -- member names ------------------------------------------------------------------------------


def unsafe_member_reason(name: str) -> str | None:
    """Why ``name`` must not be a member of a bundle (None when it is fine): anything that
    could land outside the directory it is extracted into, or mean different files on
    different systems."""
    if not name:
        return "empty name"
    if "\x00" in name:
        return "NUL character in name"
    if "\\" in name:
        return "backslash in name (a path separator on Windows)"
    if name.startswith("/"):
        return "absolute path"
    if re.match(r"^[A-Za-z]:", name):
        return "drive letter"
    parts = name.split("/")
    if ".." in parts:
        return "'..' path component (zip slip)"
    if any(p in {"", "."} for p in parts):
        return "empty or '.' path component"
    return None


def _safe_name(*parts: str) -> str:
    name = "/".join(p.replace("/", "_").replace("\\", "_") for p in parts)
    reason = unsafe_member_reason(name)
    if reason:
        raise AuditError(f"refusing to write bundle member {name!r}: {reason}")
    return name


# -- export ------------------------------------------------------------------------------------


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=False, default=str) + "\n").encode("utf-8")


class _Bundle:
    """Members collected in memory, in order, each with its hash; written in one go."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}

    def add(self, name: str, data: bytes) -> None:
        if name in self.members or name == MANIFEST_NAME:
            raise AuditError(f"bundle member {name!r} written twice")
        self.members[name] = data

    def unique(self, *parts: str) -> str:
        name = _safe_name(*parts)
        stem, dot, ext = parts[-1].partition(".")
        n = 1
        while name in self.members:
            n += 1
            name = _safe_name(*parts[:-1], f"{stem}-{n}{dot}{ext}")
        return name


def _runs_by_scanner(sarif: Mapping[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(scanner, stage) -> what the SARIF run records about that scanner's execution."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    end = ((sarif.get("properties") or {}).get("shiftleft") or {}).get("endTime")
    for run in sarif.get("runs") or []:
        props = (run.get("properties") or {}).get("shiftleft") or {}
        name, stage = props.get("scanner"), props.get("stage")
        if not name or not stage:
            continue
        invocation = (run.get("invocations") or [{}])[0]
        driver = (run.get("tool") or {}).get("driver") or {}
        entry: dict[str, Any] = {
            "tool": driver.get("name"),
            "toolVersion": driver.get("version") or props.get("version"),
            "startTime": invocation.get("startTimeUtc"),
            "endTime": invocation.get("endTimeUtc"),
            "executionSuccessful": invocation.get("executionSuccessful"),
            "automationId": (run.get("automationDetails") or {}).get("id"),
        }
        database = props.get("advisoryDatabase")
        if isinstance(database, Mapping):
            entry["advisoryDatabase"] = {**database, "ageDays": age_at_scan(database, end)}  # what the gate judged
        artifacts = props.get("artifacts")
        if isinstance(artifacts, list):
            entry["artifacts"] = artifacts
        out[(str(name), str(stage))] = entry
    return out


def _scanner_evidence(report: Report) -> list[dict[str, Any]]:
    runs = _runs_by_scanner(report.sarif)
    return [
        {**scorecard_json.scanner_json(s), "assessed": s.assessed, "applicable": s.applicable,
         **runs.get((s.name, s.stage), {})}
        for s in report.statuses
    ]


def _finding_evidence(report: Report, fingerprints: Iterable[str]) -> list[dict[str, Any]]:
    by_fp = {f.fingerprint: f for f in report.findings if f.fingerprint}
    out: list[dict[str, Any]] = []
    for fp in fingerprints:
        f = by_fp.get(fp)
        if f is None:
            out.append({"fingerprint": fp, "note": "not in this scan's findings"})
            continue
        out.append({
            "fingerprint": fp, "tool": f.tool, "ruleId": f.rule_id, "ruleName": f.rule_name, "severity": f.severity,
            "category": f.category, "stage": f.stage, "path": f.path, "line": f.line, "message": f.message,
            "cwe": list(f.cwe), "suppressed": f.suppressed, "suppression": f.suppression,
        })  # fmt: skip
    return out


def _framework_evidence(report: Report, fw: FrameworkResult, scanners: list[dict[str, Any]]) -> dict[str, Any]:
    controls = []
    for c in fw.controls:
        runs = [s for s in scanners if s["name"] in c.scanners]
        controls.append({
            "controlId": c.control_id, "title": c.title, "state": c.state, "reason": c.reason,
            "findings": _finding_evidence(report, c.findings),
            "scannerRuns": runs,
            "scannersNamedButAbsent": sorted(set(c.scanners) - {s["name"] for s in runs}),
        })  # fmt: skip
    return {
        "framework": {"id": fw.id, "name": fw.name, "version": fw.version},
        "summary": scorecard_json.summary_json(fw),
        "scan": {"startTime": report.meta.get("startTime"), "endTime": report.meta.get("endTime")},
        "controls": controls,
    }


def _select_frameworks(report: Report, framework: str | None) -> tuple[FrameworkResult, ...]:
    if framework is None:
        return report.frameworks
    chosen = tuple(f for f in report.frameworks if f.id == framework)
    if not chosen:
        have = ", ".join(f.id for f in report.frameworks) or "none"
        raise AuditError(f"framework {framework!r} was not evaluated in this scan (evaluated: {have})")
    return chosen


def _scorecards(report: Report, bundle: _Bundle, unavailable: dict[str, str]) -> None:
    """Through the reporter registry, so the bundle holds what the scan's reports hold."""
    with tempfile.TemporaryDirectory(prefix="shiftleft-audit-") as tmp:
        for fmt in SCORECARD_FORMATS:
            if fmt not in FORMATS:
                unavailable[f"scorecard.{fmt}"] = f"no {fmt!r} reporter is registered in this shiftleft"
                continue
            filename, writer = FORMATS[fmt]
            try:
                written = writer(report, Path(tmp) / filename)
                data = written.read_bytes()
            except Exception as exc:  # noqa: BLE001 - one broken reporter must not lose the bundle
                unavailable[f"scorecard.{fmt}"] = f"the {fmt} reporter failed: {type(exc).__name__}: {exc}"
                continue
            bundle.add(bundle.unique("scorecard", Path(filename).name), data)


def _label(value: object, limit: int = 120) -> str:
    """A path read from a log, fit to print in a warning: printable ASCII, bounded."""
    text = "".join(c if " " <= c <= "~" else "?" for c in str(value)[:limit])
    return text + ("..." if len(str(value)) > limit else "")


def _artifacts(report: Report, bundle: _Bundle, unavailable: dict[str, str],
               artifact_dirs: Sequence[Path]) -> list[dict[str, Any]]:  # fmt: skip
    """The artifacts the scanner runs list (the SBOM). The path a run records is data, never
    opened: only its file name is looked up, as a plain file (no link), directly inside one
    of ``artifact_dirs``, directories the caller vouches for."""
    listed: list[dict[str, Any]] = []
    for run in report.sarif.get("runs") or []:
        props = (run.get("properties") or {}).get("shiftleft") or {}
        for item in props.get("artifacts") or []:
            if not isinstance(item, Mapping) or not item.get("path"):
                continue
            recorded = str(item["path"])
            kind = str(item.get("kind") or "artifact")
            entry = {"kind": kind, "format": item.get("format"), "source": recorded, "scanner": props.get("scanner")}
            name = Path(recorded.replace("\\", "/")).name
            found = next((f for f in (paths.plain_file_in(d, name) for d in artifact_dirs) if f is not None), None)
            why = ("not found as a plain file in the output directory this bundle may read (a path read from a log "
                   "is never opened)")  # fmt: skip
            data = None
            if found is not None:
                try:
                    data = paths.read_plain_file(found, MAX_MEMBER_BYTES)
                except OSError as exc:
                    why = f"cannot be read: {exc.strerror or exc}"
            if data is None:
                unavailable[f"artifact {_label(recorded)}"] = why
                listed.append({**entry, "member": None, "reason": why})
                continue
            member = bundle.unique("artifacts", kind, name)
            bundle.add(member, data)
            listed.append({**entry, "member": member, "sha256": _sha256_bytes(data)})
    return listed


def _read_input(item: InputFile) -> bytes:
    """An input's bytes under the rule that applies to whoever named it; OSError (or
    PathRefused) when it may not be read."""
    if item.repository_root is None:
        return paths.read_plain_file(item.path.resolve(), MAX_MEMBER_BYTES)
    root = item.repository_root.resolve()
    candidate = item.path if item.path.is_absolute() else root / item.path
    try:
        relative = candidate.relative_to(root).as_posix()
    except ValueError:
        try:  # a path spelled through the root's own links (e.g. /tmp vs /private/tmp)
            relative = candidate.parent.resolve().joinpath(candidate.name).relative_to(root).as_posix()
        except ValueError:
            raise paths.PathRefused("is outside the scanned directory") from None
    return paths.read_plain_file(paths.repository_file(root, relative), MAX_MEMBER_BYTES)


def _inputs(inputs: Sequence[InputFile], bundle: _Bundle, unavailable: dict[str, str]) -> list[dict[str, Any]]:
    listed = []
    for item in inputs:
        try:
            data = _read_input(item)
        except paths.PathRefused as exc:
            why = f"named by the scanned repository and {exc}: not included"
            unavailable[f"{item.kind} file {_label(item.path)}"] = why
            listed.append({"kind": item.kind, "source": str(item.path), "member": None, "reason": why})
            continue
        except OSError as exc:
            if item.repository_root is not None:
                why = f"named by the scanned repository and cannot be read safely ({exc.strerror or exc}): not included"
                unavailable[f"{item.kind} file {_label(item.path)}"] = why
                listed.append({"kind": item.kind, "source": str(item.path), "member": None, "reason": why})
                continue
            raise AuditError(f"cannot read {item.kind} file {item.path}: {exc.strerror or exc}") from exc
        member = bundle.unique("inputs", item.kind, item.path.name)
        bundle.add(member, data)
        listed.append({"kind": item.kind, "source": str(item.path), "member": member, "sha256": _sha256_bytes(data)})
    return listed


def _meta_inputs(report: Report, unavailable: dict[str, str]) -> list[dict[str, Any]]:
    """Config and policy files a report says its scan read (``inputs``): named, never
    opened. A crafted log could name any file on this machine."""
    listed = []
    for item in report.meta.get("inputs") or []:
        if isinstance(item, Mapping) and item.get("path"):
            kind, where = str(item.get("kind") or "config"), str(item["path"])
            why = "named by the report, not by you: never opened (pass it with --config or --policy to include it)"
            unavailable[f"{_label(kind, 20)} file {_label(where)}"] = why
            listed.append({"kind": kind, "source": where, "member": None, "reason": why})
    return listed


def _scan_start(report: Report, now: datetime | None) -> datetime:
    """The one moment a bundle carries: the scan's start (``now`` only when a caller names
    one), so the same scan exported twice is the same bytes."""
    if now is not None:
        return now
    start = report.meta.get("startTime")
    parsed = isotime.parse(start) if isinstance(start, str) else None
    return parsed if parsed is not None else EPOCH


def _framework_specs(bundle: _Bundle, input_list: Sequence[Mapping[str, Any]]) -> dict[str, tuple[Framework, str]]:
    """Framework id -> (its definition, the member holding it), from the policy files the
    bundle already holds (parsed from their bytes: nothing is read again)."""
    from shiftleft.policy import loader

    found: dict[str, tuple[Framework, str]] = {}
    for item in input_list:
        member = item.get("member")
        if item.get("kind") != "policy" or not isinstance(member, str):
            continue
        text = bundle.members[member].decode("utf-8", "replace")
        try:
            spec = loader.parse(loader.parse_yaml(text), text, Path(member))
        except (PolicyError, ValueError, TypeError):
            continue
        if isinstance(spec, Framework):
            found.setdefault(spec.id, (spec, member))
    return found


def _same_controls(spec: Framework, fw: FrameworkResult) -> bool:
    return [(c.id, c.title) for c in spec.controls] == [(c.control_id, c.title) for c in fw.controls]


def _frameworks(frameworks: Sequence[FrameworkResult], bundle: _Bundle, input_list: Sequence[Mapping[str, Any]],
                unavailable: dict[str, str]) -> dict[str, dict[str, Any]]:  # fmt: skip
    """Framework id -> {"spec", "member", "sha256", "note"}: the definition that mapped
    findings to its controls, as a member (a policy file given, or the one shipped with this
    shiftleft, copied to ``frameworks/``)."""
    from shiftleft.policy.loader import shipped_frameworks

    given = _framework_specs(bundle, input_list)
    try:
        shipped = shipped_frameworks()
    except PolicyError:
        shipped = {}
    out: dict[str, dict[str, Any]] = {}
    for fw in frameworks:
        spec, member, note = None, None, None
        if fw.id in given:
            spec, member = given[fw.id]
        elif fw.id in shipped and shipped[fw.id].source is not None:
            spec = shipped[fw.id]
            assert spec.source is not None
            member = bundle.unique("frameworks", f"{fw.id}.yaml")
            bundle.add(member, paths.read_plain_file(spec.source, MAX_MEMBER_BYTES))
            note = f"as shipped with shiftleft {__version__}"
        if spec is not None and not _same_controls(spec, fw):
            note = (f"{note + '; ' if note else ''}its controls differ from those the scan evaluated: the scan used "
                    "another file with this id (pass it with --policy)")  # fmt: skip
        if member is None:
            unavailable[f"framework {fw.id} definition"] = (
                "not shipped with this shiftleft and not given with --policy: its selectors are not in the bundle")
        out[fw.id] = {"spec": spec, "member": member, "note": note,
                      "sha256": _sha256_bytes(bundle.members[member]) if member else None}  # fmt: skip
    return out


def _waiver_rows(report: Report, bundle: _Bundle, input_list: Sequence[Mapping[str, Any]],
                 today: datetime) -> tuple[list[dict[str, Any]], str]:  # fmt: skip
    """Every waiver with owner, reason, ticket, expiry and how many findings it waived: from
    the waiver file in the bundle when there is one, else from the log's suppressions."""
    from shiftleft.policy import loader, waivers

    matches: Counter[str] = Counter()
    seen: dict[str, dict[str, Any]] = {}
    for run in report.sarif.get("runs") or []:
        for result in run.get("results") or [] if isinstance(run, Mapping) else []:
            for sup in (result.get("suppressions") or []) if isinstance(result, Mapping) else []:
                props = ((sup.get("properties") or {}).get("shiftleft") or {}) if isinstance(sup, Mapping) else {}
                if isinstance(props, Mapping) and props.get("suppressedBy") == waivers.SOURCE and props.get("waiver"):
                    wid = str(props["waiver"])
                    matches[wid] += 1
                    seen.setdefault(wid, {"id": wid, "owner": props.get("owner"), "ticket": props.get("ticket"),
                                          "expires": props.get("expires"), "reason": sup.get("justification"),
                                          "expired": False})  # fmt: skip
    member = next((i["member"] for i in input_list if i.get("kind") == "waivers" and i.get("member")), None)
    if member:
        text = bundle.members[member].decode("utf-8", "replace")
        try:
            parsed = waivers.parse(loader.parse_yaml(text), text, member)
        except (PolicyError, ValueError, TypeError):
            parsed = None
        if parsed is not None:
            rows = [{"id": w.id, "owner": w.owner, "reason": w.reason, "ticket": w.ticket,
                     "expires": w.expires.isoformat(), "expired": w.expired(today.date()), "matches": matches[w.id]}
                    for w in parsed]  # fmt: skip
            return rows, f"read from {member}"
    rows = [{**row, "matches": matches[wid]} for wid, row in sorted(seen.items())]
    return rows, "read from the SARIF log's suppressions: no waiver file in the bundle"


def _finding_row(f: Mapping[str, Any]) -> dict[str, Any]:
    return {"severity": f.get("severity"), "tool": f.get("tool"), "ruleId": f.get("ruleId"),
            "location": f"{f.get('path')}:{f.get('line')}" if f.get("path") else "",
            "fingerprint": f.get("fingerprint"),
            "suppression": f.get("suppression") if f.get("suppressed") else None}  # fmt: skip


def _index_view(report: Report, git: GitInfo, members: Mapping[str, bytes], sarif_sha256: str | None,
                framework_evidence: Mapping[str, tuple[str, dict[str, Any]]], fw_files: Mapping[str, dict[str, Any]],
                scanners: Sequence[Mapping[str, Any]], waiver_rows: list[dict[str, Any]], waiver_source: str,
                statements: attest.Statements, signer: attest.Signer | None,
                unavailable: Mapping[str, str]) -> dict[str, Any]:  # fmt: skip
    meta = report.meta
    dirty = {True: "DIRTY: uncommitted changes (staged, unstaged or untracked files) were scanned",
             False: "clean: the scanned files are the commit's",
             None: "unknown (not recorded by this scan)"}[git.dirty]  # fmt: skip
    subject = ", ".join(f"{k}:{v}" for s in statements.subject for k, v in (s.get("digest") or {}).items()) or "none"
    sig = f"signed with key {signer.keyid} ({signer.algorithm})" if signer else "UNSIGNED (integrity only)"
    frameworks = []
    for fw in report.frameworks:
        if fw.id not in framework_evidence:
            continue
        evidence_member, evidence = framework_evidence[fw.id]
        info = fw_files.get(fw.id) or {}
        spec: Framework | None = info.get("spec")
        defs = {c.id: c for c in spec.controls} if spec else {}
        controls = []
        for c in evidence["controls"]:
            d = defs.get(c["controlId"])
            runs = c["scannerRuns"]
            text = [f"{len(c['findings'])} finding(s)" if c["findings"] else
                    "no finding, but NOT ASSESSED (never clean)" if c["state"] == "not-assessed" else
                    "no matching finding"]  # fmt: skip
            text += [" ".join(str(x) for x in (r["name"], r.get("version"), "assessed" if r.get("assessed")
                                               else "NOT ASSESSED") if x) for r in runs]  # fmt: skip
            text += [f"{n} not in this scan" for n in c["scannersNamedButAbsent"]]
            controls.append({
                "id": c["controlId"], "title": c["title"], "state": c["state"], "reason": c["reason"],
                "selectors": [audit_index.selector_text(x) for x in d.select] if d else ["not in the bundle"],
                "requires": audit_index.requirement_text(d) if d else "not in the bundle",
                "evidenceText": "; ".join(text), "findings": [_finding_row(f) for f in c["findings"]],
            })  # fmt: skip
        summary = evidence["summary"]
        frameworks.append({
            "id": fw.id, "name": fw.name, "version": fw.version, "file": info.get("member"),
            "sha256": info.get("sha256"), "note": info.get("note"), "evidence": evidence_member,
            "summary": f"{summary['pass']} pass, {summary['fail']} fail, {summary['notAssessed']} not assessed, "
                       f"{summary['notApplicable']} not applicable",
            "controls": controls,
        })  # fmt: skip
    stages = meta.get("stages")
    return {
        "shiftleftVersion": __version__,
        "manifestProves": audit_index.proves(MANIFEST_NAME),
        "indexProves": audit_index.proves(audit_index.INDEX_MD),
        "htmlProves": audit_index.proves(audit_index.INDEX_HTML),
        "signing": f"{sig}; subject {subject}",
        "scan": {
            "target": Path(str(meta.get("target") or "scan")).name or "scan",
            "commit": git.commit, "branch": git.branch, "dirtyText": dirty,
            "startTime": meta.get("startTime") or "unknown", "endTime": meta.get("endTime") or "unknown",
            "stages": ", ".join(map(str, stages)) if isinstance(stages, list) else "unknown",
            "scannedWith": meta.get("version") or "unknown", "sarifSha256": sarif_sha256,
            "verdict": str(report.gate.verdict), "gatePolicy": report.gate.policy, "exitCode": report.gate.exit_code,
            "score": report.scorecard.overall.score if report.scorecard.overall.score is not None else "none",
            "grade": report.scorecard.overall.grade,
        },
        "members": [{"name": n, "sha256": _sha256_bytes(d), "size": len(d), "proves": audit_index.proves(n)}
                    for n, d in sorted(members.items())],
        "unavailable": [{"what": k, "why": v} for k, v in sorted(unavailable.items())],
        "scanners": [{"name": s.get("name"), "stage": s.get("stage"), "version": s.get("version"),
                      "status": s.get("status"), "reason": s.get("reason"), "assessed": s.get("assessed"),
                      "applicable": s.get("applicable", True)}
                     for s in scanners],
        "gateRules": [{"id": r.id, "kind": r.kind, "passed": r.passed, "detail": r.detail} for r in report.gate.rules],
        "frameworks": frameworks,
        "waivers": waiver_rows,
        "waiverSource": waiver_source,
        "attestations": [{"member": f"{ATTESTATIONS}{name}", "predicateType": st["predicateType"], "subject": subject,
                          "signature": sig} for name, st in statements.items],
    }  # fmt: skip


def export_bundle(
    report: Report,
    out: Path,
    *,
    framework: str | None = None,
    inputs: Sequence[InputFile] = (),
    artifact_dirs: Sequence[Path] = (),
    git: GitInfo | None = None,
    now: datetime | None = None,
    extra_manifest: Mapping[str, Any] | None = None,
    signer: attest.Signer | None = None,
) -> ExportResult:
    """Write the audit zip for ``report`` to ``out`` (atomically: a crash leaves no half zip).

    ``framework``: the framework id whose per-control evidence to include (all evaluated
    frameworks when None); AuditError when it was not evaluated. ``inputs``: config and
    policy files used (files a report records in ``meta["inputs"]`` are listed, not read).
    ``artifact_dirs``: where the artifacts the runs record may be found by file name (the
    scan's output directory). ``git``: the state the scan recorded (``cli scan`` passes
    it); default the log's ``properties.shiftleft.git``, sanitized. Git is never run here:
    the target directory a log names is not trusted (a crafted log could name any).
    ``now``: the bundle's timestamp; default the scan's start time (never the clock: the
    same scan exported twice is the same bytes). ``signer``: the key the attestations are
    signed with (unsigned envelopes when None).
    """
    stamp = _scan_start(report, now)
    created = _utc(stamp)
    frameworks = _select_frameworks(report, framework)
    if git is None:
        git = from_meta(report.meta.get("git"))
    bundle = _Bundle()
    unavailable: dict[str, str] = {}

    _scorecards(report, bundle, unavailable)
    sarif_sha256: str | None = None
    if report.sarif:
        bundle.add(SARIF_MEMBER, _json_bytes(report.sarif))
        sarif_sha256 = _sha256_bytes(bundle.members[SARIF_MEMBER])
    else:  # a Report re-read from scorecard.json alone carries no log
        unavailable["sarif"] = "the report was read without its SARIF log"
    artifacts = _artifacts(report, bundle, unavailable, artifact_dirs)
    scanners = _scanner_evidence(report)
    bundle.add("evidence/scanners.json", _json_bytes({"scanners": scanners}))
    framework_evidence: dict[str, tuple[str, dict[str, Any]]] = {}
    for fw in frameworks:
        evidence = _framework_evidence(report, fw, scanners)
        member = bundle.unique("evidence", f"{fw.id}.json")
        bundle.add(member, _json_bytes(evidence))
        framework_evidence[fw.id] = (member, evidence)
    unique_inputs: dict[Path, InputFile] = {}
    for item in inputs:
        unique_inputs.setdefault(Path(os.path.abspath(item.path)), item)
    input_list = [*_inputs(list(unique_inputs.values()), bundle, unavailable), *_meta_inputs(report, unavailable)]
    fw_files = _frameworks(frameworks, bundle, input_list, unavailable)
    scan = {
        "target": report.meta.get("target"),
        "image": report.meta.get("image"),
        "stages": report.meta.get("stages"),
        "startTime": report.meta.get("startTime"),
        "endTime": report.meta.get("endTime"),
        "scannedWith": report.meta.get("version"),
        "git": git.as_meta(),
        "gate": scorecard_json.gate_json(report.gate),
        "score": report.scorecard.overall.score,
        "grade": report.scorecard.overall.grade,
        "history": scorecard_json.history_json(report.history),
    }  # fmt: skip
    bundle.add("scan.json", _json_bytes(scan))

    policy_files = [{"name": str(i["member"]), "digest": {"sha256": i["sha256"]}}
                    for i in input_list if i.get("member")]  # fmt: skip
    policy_files += [{"name": str(f["member"]), "digest": {"sha256": f["sha256"]}} for f in fw_files.values()
                     if f["member"] and str(f["member"]).startswith("frameworks/")]  # fmt: skip
    statements = attest.build(report, git, sarif_sha256, scanners, sorted(policy_files, key=lambda p: p["name"]))
    for name, statement in statements.items:
        bundle.add(_safe_name("attestations", name), _json_bytes(attest.envelope(statement, signer)))

    rows, waiver_source = _waiver_rows(report, bundle, input_list, stamp)
    view = _index_view(report, git, bundle.members, sarif_sha256, framework_evidence, fw_files, scanners, rows,
                       waiver_source, statements, signer, unavailable)  # fmt: skip
    bundle.add(audit_index.INDEX_MD, audit_index.render_markdown(view).encode("utf-8"))
    bundle.add(audit_index.INDEX_HTML, audit_index.render_html(view).encode("utf-8"))

    manifest = {
        "format": FORMAT_NAME,
        "formatVersion": FORMAT_VERSION,
        "created": created,
        "shiftleft": {"version": __version__},
        "frameworks": [fw.id for fw in frameworks],
        "git": git.as_meta(),
        "scan": {"target": scan["target"], "startTime": scan["startTime"], "endTime": scan["endTime"],
                 "sarifSha256": sarif_sha256, "commit": git.commit, "dirty": git.dirty,
                 "subject": [dict(s) for s in statements.subject]},
        "inputs": input_list,
        "artifacts": artifacts,
        "unavailable": unavailable,
        **(dict(extra_manifest) if extra_manifest else {}),
        "signed": signer is not None,
        "signing": {"keyid": signer.keyid, "algorithm": signer.algorithm, "envelope": "DSSE",
                    "payloadType": attest.PAYLOAD_TYPE} if signer else None,
        "files": [{"path": n, "sha256": _sha256_bytes(d), "size": len(d)} for n, d in sorted(bundle.members.items())],
    }
    data = dict(sorted({**bundle.members, MANIFEST_NAME: _json_bytes(manifest)}.items()))
    digest = _write_zip(out, data, stamp)
    return ExportResult(out, digest, tuple(data), unavailable, signer.keyid if signer else None)


def _write_zip(out: Path, members: Mapping[str, bytes], when: datetime) -> str:
    """The zip, byte for byte the same for the same members and moment: members in the order
    given (sorted by the caller), one timestamp, fixed permissions and creator system, no
    extra fields, deflate at a fixed level."""
    out.parent.mkdir(parents=True, exist_ok=True)
    stamp = when.astimezone(UTC)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    if stamp.year < 1980:
        date_time = (1980, 1, 1, 0, 0, 0)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, content in members.items():
                reason = unsafe_member_reason(name)
                if reason:
                    raise AuditError(f"refusing to write bundle member {name!r}: {reason}")
                info = zipfile.ZipInfo(name, date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # unix: the permission bits below are read as such everywhere
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                zf.writestr(info, content, compresslevel=6)
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return digest


# -- verify ------------------------------------------------------------------------------------


def _read_manifest(zf: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        info = zf.getinfo(MANIFEST_NAME)
    except KeyError:
        raise NotAnAuditBundle(f"{path}: no {MANIFEST_NAME}: not a shiftleft audit bundle") from None
    try:
        with zf.open(info) as fh:
            raw = fh.read(MAX_MANIFEST_BYTES + 1)
    except (zipfile.BadZipFile, RuntimeError, OSError, NotImplementedError) as exc:
        raise NotAnAuditBundle(f"{path}: {MANIFEST_NAME} is unreadable: {exc}") from exc
    if len(raw) > MAX_MANIFEST_BYTES:
        raise NotAnAuditBundle(f"{path}: {MANIFEST_NAME} is larger than any shiftleft writes")
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotAnAuditBundle(f"{path}: {MANIFEST_NAME} is not JSON: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise NotAnAuditBundle(f"{path}: {MANIFEST_NAME} is not a shiftleft audit manifest")
    version = manifest.get("formatVersion")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise NotAnAuditBundle(
            f"{path}: audit bundle format version {version!r} is not one this shiftleft ({__version__}) can verify"
        )
    if not isinstance(manifest.get("files"), list):
        raise NotAnAuditBundle(f"{path}: {MANIFEST_NAME} has no file list")
    return manifest


def _hash_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> tuple[str, int]:
    """sha256 and size of a member, reading at most ``limit + 1`` bytes: a member larger
    than the manifest says is already known to be wrong, and a bomb is never inflated."""
    digest = hashlib.sha256()
    size = 0
    with zf.open(info) as fh:
        while size <= limit:
            chunk = fh.read(min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _entry(entry: object) -> tuple[str | None, str | None, int | None]:
    """(path, sha256, size) of one manifest ``files`` entry, None for each malformed part."""
    if not isinstance(entry, dict):
        return None, None, None
    path, digest, size = entry.get("path"), entry.get("sha256"), entry.get("size")
    return (
        path if isinstance(path, str) else None,
        digest if isinstance(digest, str) and _SHA256.match(digest) else None,
        size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else None,
    )


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _plain_directory(info: zipfile.ZipInfo) -> bool:
    return info.is_dir() and info.file_size == 0 and not _is_symlink(info)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """A member's bytes when it holds at most ``limit`` (None when more, or unreadable)."""
    try:
        with zf.open(info) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, RuntimeError, OSError, NotImplementedError, EOFError):
        return None
    return data if len(data) <= limit else None


def _expected_subject(manifest: Mapping[str, Any]) -> list[Any] | None:
    scan = manifest.get("scan")
    subject = scan.get("subject") if isinstance(scan, Mapping) else None
    return subject if isinstance(subject, list) else None


def _digests(subject: object) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in subject if isinstance(subject, list) else []:
        digest = item.get("digest") if isinstance(item, Mapping) else None
        if isinstance(digest, Mapping):
            out += sorted((str(k), str(v)) for k, v in digest.items())
    return out


def _check_attestations(manifest: Mapping[str, Any], envelopes: Mapping[str, bytes], hashes: Mapping[str, str],
                        key: attest.PublicKey | None,
                        listed_sarif: bool) -> tuple[list[Problem], str, str | None]:  # fmt: skip
    """Signatures (with ``key``), statement type, subject and the SARIF digest each statement
    was built from, for every attestation the manifest lists."""
    problems: list[Problem] = []
    signed = manifest.get("signed") is True
    if key is not None and not signed and not any(envelopes.values()):
        problems.append(Problem("unsigned", "attestations/", "the bundle is unsigned: there is no signature to check "
                                f"key {key.keyid[:16]}... against"))  # fmt: skip
    if signed and not envelopes:
        problems.append(Problem("missing", ATTESTATIONS, "the manifest says signed but lists no attestation"))
    expected = _digests(_expected_subject(manifest))
    sarif = hashes.get(SARIF_MEMBER)
    keyids: set[str] = set()
    subject: str | None = None
    for name, raw in sorted(envelopes.items()):
        check = attest.check_envelope(raw, key)
        keyids.update(check.keyids)
        for why in check.problems:
            kind = ("unsigned" if why.startswith("unsigned") else
                    "bad-signature" if "signature" in why else "bad-statement")  # fmt: skip
            problems.append(Problem(kind, name, why))
        if check.statement is None:
            continue
        got = _digests(check.statement.get("subject"))
        subject = subject or ", ".join(f"{k}:{v}" for k, v in got)
        if expected is not None and got != expected:
            problems.append(Problem("subject-mismatch", name, f"the statement is about {_label(got)}, the bundle's "
                                    f"scan is {_label(expected)}"))  # fmt: skip
        claimed = attest.sarif_digest_of(check.statement)
        if claimed != sarif and not (sarif is None and listed_sarif):  # a modified log is reported already
            problems.append(Problem("subject-mismatch", name, f"the statement was made from SARIF sha256 "
                                    f"{_label(claimed, 70)}, the bundle holds {sarif or 'no SARIF log'}"))  # fmt: skip
        if signed and not check.keyids:
            problems.append(Problem("unsigned", name, "the manifest says signed, this statement carries no signature"))
    if not signed and not keyids:
        return problems, "unsigned", subject
    shown = ", ".join(sorted(k[:16] + "..." for k in keyids)) or "no key"
    if key is None:
        return problems, f"signed by {shown}; signatures not checked (pass --key PUB to check them)", subject
    bad = any(p.kind in {"bad-signature", "unsigned"} for p in problems)
    return problems, (f"signed by {key.keyid}, NOT verified" if bad else f"signed by {key.keyid}, verified"), subject


def verify_bundle(path: Path, *, key: attest.PublicKey | None = None, expect_sha256: str | None = None) -> VerifyResult:
    """Compare every member with the manifest; NotAnAuditBundle when there is no manifest
    to compare with. With ``key``: every attestation's DSSE signature must verify with it,
    and each statement's subject and SARIF digest must be this bundle's. With
    ``expect_sha256``: the zip's own digest must be it (the one printed at export). Nothing
    is extracted; members are streamed into hashes (attestations, bounded, into memory)."""
    if not path.is_file():
        raise NotAnAuditBundle(f"{path}: no such file")
    bundle_sha256 = sha256_file(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAnAuditBundle(f"{path}: not a zip file ({exc})") from exc
    problems: list[Problem] = []
    if expect_sha256 is not None and bundle_sha256 != expect_sha256.lower():
        problems.append(Problem("digest-mismatch", path.name, f"the zip's sha256 is {bundle_sha256}, not the "
                                f"{expect_sha256.lower()} expected: not the bundle that was exported"))  # fmt: skip
    verified: list[str] = []
    hashes: dict[str, str] = {}
    envelopes: dict[str, bytes] = {}
    with zf:
        # plain directory entries (what `zip -r` adds when an auditor re-packs an extracted
        # bundle) hold no content; a directory entry with an unsafe name is still reported
        infos = [i for i in zf.infolist() if not (_plain_directory(i) and not unsafe_member_reason(i.filename[:-1]))]
        counts = Counter(i.filename for i in infos)
        for name, n in sorted(counts.items()):
            reason = unsafe_member_reason(name)
            if reason:
                problems.append(Problem("unsafe-name", name, f"{reason}; a bundle shiftleft wrote never has it"))
            if n > 1:
                problems.append(Problem("duplicate", name, f"{n} members share this name; an extractor may pick any"))
        for info in infos:
            if _is_symlink(info):
                problems.append(Problem("unsafe-name", info.filename, "symbolic link member"))
        manifest = _read_manifest(zf, path)
        by_name = {i.filename: i for i in infos}
        expected: dict[str, tuple[str, int]] = {}
        for entry in manifest["files"]:
            listed, digest, size = _entry(entry)
            if listed is None or digest is None or size is None:
                problems.append(Problem("bad-manifest-entry", str(listed), f"malformed entry {entry!r}"))
                continue
            reason = unsafe_member_reason(listed)
            if reason or listed == MANIFEST_NAME:
                problems.append(Problem("bad-manifest-entry", listed, reason or "the manifest cannot list itself"))
                continue
            expected[listed] = (digest, size)
        for listed, (digest, size) in expected.items():
            member = by_name.get(listed)
            if member is None:
                problems.append(Problem("missing", listed, f"listed in the manifest (sha256 {digest}, {size} bytes)"
                                        " but not in the bundle"))  # fmt: skip
                continue
            try:
                got, got_size = _hash_member(zf, member, size)
            except (zipfile.BadZipFile, RuntimeError, OSError, NotImplementedError, EOFError) as exc:
                problems.append(Problem("unreadable", listed, f"cannot be read: {exc}"))
                continue
            if got_size > size:
                problems.append(Problem("modified", listed, f"expected {size} bytes (sha256 {digest}), got more"))
            elif got != digest or got_size != size:
                problems.append(Problem("modified", listed, f"expected sha256 {digest} ({size} bytes), "
                                        f"got {got} ({got_size} bytes)"))  # fmt: skip
            else:
                verified.append(listed)
                hashes[listed] = got
            if listed.startswith(ATTESTATIONS) and listed.endswith(".json"):
                raw = _read_member(zf, member, min(size, attest.MAX_ENVELOPE_BYTES))
                envelopes[listed] = raw if raw is not None else b""
        for name in sorted(counts):
            if name != MANIFEST_NAME and name not in expected:
                problems.append(Problem("extra", name, "not in the manifest"))
    signature_problems, signature, subject = _check_attestations(manifest, envelopes, hashes, key,
                                                                 SARIF_MEMBER in expected)  # fmt: skip
    problems += signature_problems
    created = manifest.get("created")
    version = (manifest.get("shiftleft") or {}).get("version") if isinstance(manifest.get("shiftleft"), dict) else None
    return VerifyResult(path, tuple(problems), tuple(verified), created if isinstance(created, str) else None,
                        version if isinstance(version, str) else None, bundle_sha256, signature,
                        subject)  # fmt: skip


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MANIFEST_NAME",
    "SCORECARD_FORMATS",
    "AuditError",
    "ExportResult",
    "InputFile",
    "NotAnAuditBundle",
    "Problem",
    "VerifyResult",
    "export_bundle",
    "sha256_file",
    "unsafe_member_reason",
    "verify_bundle",
]
