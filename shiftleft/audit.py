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
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from shiftleft import __version__, paths
from shiftleft.advisories.freshness import age_at_scan
from shiftleft.errors import ShiftleftError
from shiftleft.gitinfo import GitInfo, from_meta
from shiftleft.model import FrameworkResult, Report
from shiftleft.report import FORMATS, scorecard_json

FORMAT_NAME = "shiftleft-audit"
#: 2: field names as scorecard.json v2 spells them (``ruleName``, ``controlId``, ``notAssessed``)
FORMAT_VERSION = 2
MANIFEST_NAME = "manifest.json"
#: scorecard formats wanted in a bundle, by their name in ``shiftleft.report.FORMATS``
SCORECARD_FORMATS = ("html", "json", "markdown")
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
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


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
) -> ExportResult:
    """Write the audit zip for ``report`` to ``out`` (atomically: a crash leaves no half zip).

    ``framework``: the framework id whose per-control evidence to include (all evaluated
    frameworks when None); AuditError when it was not evaluated. ``inputs``: config and
    policy files used (files a report records in ``meta["inputs"]`` are listed, not read).
    ``artifact_dirs``: where the artifacts the runs record may be found by file name (the
    scan's output directory). ``git``: the state the scan recorded (``cli scan`` passes
    it); default the log's ``properties.shiftleft.git``, sanitized. Git is never run here:
    the target directory a log names is not trusted (a crafted log could name any).
    """
    created = _utc(now or datetime.now(timezone.utc))
    frameworks = _select_frameworks(report, framework)
    if git is None:
        git = from_meta(report.meta.get("git"))
    bundle = _Bundle()
    unavailable: dict[str, str] = {}

    _scorecards(report, bundle, unavailable)
    if report.sarif:
        bundle.add("sarif/shiftleft.sarif", _json_bytes(report.sarif))
    else:  # a Report re-read from scorecard.json alone carries no log
        unavailable["sarif"] = "the report was read without its SARIF log"
    artifacts = _artifacts(report, bundle, unavailable, artifact_dirs)
    scanners = _scanner_evidence(report)
    bundle.add("evidence/scanners.json", _json_bytes({"scanners": scanners}))
    for fw in frameworks:
        bundle.add(bundle.unique("evidence", f"{fw.id}.json"), _json_bytes(_framework_evidence(report, fw, scanners)))
    unique_inputs: dict[Path, InputFile] = {}
    for item in inputs:
        unique_inputs.setdefault(Path(os.path.abspath(item.path)), item)
    input_list = [*_inputs(list(unique_inputs.values()), bundle, unavailable), *_meta_inputs(report, unavailable)]
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

    manifest = {
        "format": FORMAT_NAME,
        "formatVersion": FORMAT_VERSION,
        "created": created,
        "shiftleft": {"version": __version__},
        "frameworks": [fw.id for fw in frameworks],
        "git": git.as_meta(),
        "scan": {"target": scan["target"], "startTime": scan["startTime"], "endTime": scan["endTime"]},
        "inputs": input_list,
        "artifacts": artifacts,
        "unavailable": unavailable,
        **(dict(extra_manifest) if extra_manifest else {}),
        "signed": False,
        "files": [{"path": n, "sha256": _sha256_bytes(d), "size": len(d)} for n, d in bundle.members.items()],
    }
    data = {**bundle.members, MANIFEST_NAME: _json_bytes(manifest)}
    digest = _write_zip(out, data, now or datetime.now(timezone.utc))
    return ExportResult(out, digest, tuple(data), unavailable)


def _write_zip(out: Path, members: Mapping[str, bytes], when: datetime) -> str:
    out.parent.mkdir(parents=True, exist_ok=True)
    stamp = when.astimezone(timezone.utc)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
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
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                zf.writestr(info, content)
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


def verify_bundle(path: Path) -> VerifyResult:
    """Compare every member with the manifest; NotAnAuditBundle when there is no manifest
    to compare with. Nothing is extracted."""
    if not path.is_file():
        raise NotAnAuditBundle(f"{path}: no such file")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAnAuditBundle(f"{path}: not a zip file ({exc})") from exc
    problems: list[Problem] = []
    verified: list[str] = []
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
        for name in sorted(counts):
            if name != MANIFEST_NAME and name not in expected:
                problems.append(Problem("extra", name, "not in the manifest"))
    created = manifest.get("created")
    version = (manifest.get("shiftleft") or {}).get("version") if isinstance(manifest.get("shiftleft"), dict) else None
    return VerifyResult(path, tuple(problems), tuple(verified), created if isinstance(created, str) else None,
                        version if isinstance(version, str) else None)  # fmt: skip


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
