"""NIST OSCAL Assessment Results (OSCAL 1.1.2, JSON): the scan as a GRC tool imports it.

One ``result`` per scan (start and end are the scan's own times), ``reviewed-controls`` with
one control selection per framework evaluated, one ``observation`` per finding (method TEST,
the tool that reported it as the origin actor, collected when its run ended, evidence pointing
at the SARIF result by its fingerprint), one ``finding`` per control (satisfied only on a
*pass*: a control not assessed or not applicable is never satisfied), one ``risk`` per open
finding, and back-matter resources for the evidence files with their sha256 where known.
docs/oscal.md says what maps to what.

Deterministic: every uuid is a uuid5 of the scan's identity (its times, commit, branch, image,
shiftleft version) and
of the thing it names, and no field says "now", so identical inputs give identical bytes
(``report --from shiftleft.sarif`` gives the document the scan gave). What it reads is the
``Report``, already redacted; the target's absolute path is never written (the repository
is named by its commit and branch).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC
from pathlib import Path
from typing import Any
from urllib.parse import quote

from shiftleft import __version__, isotime, paths
from shiftleft.errors import ShiftleftError
from shiftleft.gitinfo import from_meta
from shiftleft.model import NOT_ASSESSED, ControlResult, Finding, FrameworkResult, Report, ScannerStatus
from shiftleft.report.markdown_report import escape
from shiftleft.report.view import safe_url
from shiftleft.safe_text import one_line

OSCAL_VERSION = "1.1.2"
#: the namespace of every prop this file names (OSCAL requires one for names of our own; the
#: project names its schemas under the same reserved host)
NS = "https://shiftleft.invalid/ns/oscal"
#: every uuid here is uuid5(NAMESPACE, ...): a fixed namespace of this format
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:shiftleft:oscal:assessment-results")
#: the SARIF log as ``scan -f`` writes it beside this file, and as the audit bundle holds it
SARIF_HREFS = ("shiftleft.sarif", "../sarif/shiftleft.sarif")
SCORECARD_HREF = "scorecard.json"
#: an artifact (SBOM) larger than this is not hashed (nor read past that size)
MAX_HASHED_BYTES = 64 * 1024 * 1024
#: the OSCAL token a control id becomes: framework id, "_", the id with anything but
#: letters, digits, ".", "-" and "_" replaced by "-" (``A01:2021`` -> ``owasp-top10-2021_A01-2021``)
_NOT_TOKEN = re.compile(r"[^A-Za-z0-9._-]")
_SPACE = re.compile(r"\s+")
#: a control's state -> (objective-status state, reason)
STATUS = {
    "pass": ("satisfied", "pass"),
    "fail": ("not-satisfied", "fail"),
    NOT_ASSESSED: ("not-satisfied", "other"),
    "not-applicable": ("not-satisfied", "other"),
}


class OscalInputError(ShiftleftError):
    """The report lacks what an OSCAL document must state (the scan's times)."""


def control_token(framework: str, control_id: str) -> str:
    """The OSCAL control-id (a token) of ``control_id`` of ``framework``; the original id is
    kept beside it in a ``control-id`` prop. A token starts with a letter or ``_``: a user's
    framework id that does not gets a leading ``_``."""
    token = f"{_NOT_TOKEN.sub('-', framework)}_{_NOT_TOKEN.sub('-', control_id)}"
    return token if token[0].isascii() and (token[0].isalpha() or token[0] == "_") else f"_{token}"


def write(report: Report, path: Path) -> Path:
    document = assessment_results(report, _hashes_beside(report, path.parent))
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


# --- the document ---------------------------------------------------------------------------


class _Ids:
    """uuid5s of one scan: ``ids("observation", fingerprint)``."""

    def __init__(self, seed: str) -> None:
        self.scan = uuid.uuid5(NAMESPACE, seed)

    def __call__(self, *parts: object) -> str:
        return str(uuid.uuid5(self.scan, "\x1f".join(str(p) for p in parts)))


def _tool_uuid(name: str, version: str | None) -> str:
    """A tool's component uuid: the same for every scan made with that tool version."""
    return str(uuid.uuid5(NAMESPACE, f"tool\x1f{name}\x1f{version or ''}"))


def _iso(value: object) -> str | None:
    """An OSCAL date-time-with-timezone (UTC, milliseconds) of a time read from the report."""
    moment = isotime.parse(value) if isinstance(value, str) else None
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _time(value: object, what: str) -> str:
    text = _iso(value)
    if text is None:
        raise OscalInputError(f"OSCAL needs the scan's {what} time, and this report has none")
    return text


def _mapping(value: object) -> Mapping[str, Any]:
    """``value`` when it is a JSON object, else an empty one (the log read back is hostile)."""
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _runs_shiftleft(report: Report) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(run, its ``properties.shiftleft``) of each run of the log."""
    runs = _list(_mapping(report.sarif).get("runs"))
    return [
        (run, _mapping(_mapping(run.get("properties")).get("shiftleft"))) for run in runs if isinstance(run, Mapping)
    ]


def _text(value: object, limit: int = 1000) -> str:
    """A prop value (plain text): one line, no surrounding space (OSCAL's string datatype),
    bounded, control and bidi characters shown escaped (``safe_text``)."""
    return one_line(_SPACE.sub(" ", str(value)).strip(), limit).strip() or "-"


def _md(value: object, limit: int = 300) -> str:
    """A title (OSCAL markup-line, which is Markdown): one line, bounded, inert Markdown (no
    HTML, no syntax, no @mention: ``markdown_report.escape``), as report.md shows it."""
    return escape(_text(value, limit))


def _prop(name: str, value: object, **extra: str) -> dict[str, Any]:
    return {"name": name, "ns": NS, "value": _text(value), **extra}


def _props(pairs: Iterable[tuple[str, object]]) -> list[dict[str, Any]]:
    return [_prop(name, value) for name, value in pairs if value not in (None, "", ())]


def _prose(value: object, fallback: str = "-") -> str:
    """A description or remarks (OSCAL markup-multiline): inert Markdown, bounded."""
    text = _SPACE.sub(" ", str(value)).strip() if value is not None else ""
    return escape(one_line(text, 4000)) if text else fallback


def assessment_results(report: Report, hashes: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The OSCAL ``assessment-results`` object of ``report``. ``hashes``: file name ->
    sha256 of evidence files found beside the document (the SBOM), when known."""
    meta = report.meta
    start, end = _time(meta.get("startTime"), "start"), _time(meta.get("endTime"), "end")
    git = from_meta(meta.get("git"))
    image = meta.get("image") if isinstance(meta.get("image"), str) else None
    ids = _Ids("\x1f".join(str(v) for v in (start, end, git.commit, git.branch, image, meta.get("version"))))
    subject_name = _subject_name(git.commit, git.branch, image, bool(meta.get("imageArchive")))

    tools = _tools(report)
    resources = _resources(report, ids, hashes or {})
    sarif_uuid = resources[0]["uuid"]
    observations = [_observation(f, i, ids, tools, sarif_uuid, end) for i, f in enumerate(report.findings)]
    by_fingerprint: dict[str, list[str]] = {}
    for f, obs in zip(report.findings, observations, strict=True):
        by_fingerprint.setdefault(f.fingerprint, []).append(obs["uuid"])
    risks = [
        _risk(f, obs, ids, tools) for f, obs in zip(report.findings, observations, strict=True) if not f.suppressed
    ]
    risk_of = {r["related-observations"][0]["observation-uuid"]: r["uuid"] for r in risks}
    findings = [_finding(fw, c, ids, tools, by_fingerprint, risk_of) for fw in report.frameworks for c in fw.controls]

    result: dict[str, Any] = {
        "uuid": ids("result"),
        "title": _md(f"shiftleft scan of {subject_name}"),
        "description": _prose(_result_description(report)),
        "start": start,
        "end": end,
        "props": _props([
            ("gate-verdict", report.gate.verdict.value),
            ("gate-policy", report.gate.policy),
            ("score", report.scorecard.overall.score),
            ("grade", report.scorecard.overall.grade),
            ("git-commit", git.commit),
            ("git-branch", git.branch),
            ("image", image),
            ("stages", ", ".join(str(s) for s in _list(meta.get("stages")))),
        ]),
        "local-definitions": {
            "components": [_subject_component(ids, subject_name, git.commit, git.branch, image)],
            "assessment-assets": {
                "components": [tool["component"] for tool in tools.values()],
                "assessment-platforms": [{
                    "uuid": ids("platform"),
                    "title": f"shiftleft {__version__}",
                    "props": _props([("version", __version__)]),
                    "uses-components": [{"component-uuid": t["component"]["uuid"]} for t in tools.values()],
                }],
            },
        },
        "reviewed-controls": _reviewed_controls(report.frameworks),
    }  # fmt: skip
    if observations:
        result["observations"] = observations
    if risks:
        result["risks"] = risks
    if findings:
        result["findings"] = findings
    if not report.frameworks:
        result["remarks"] = "No compliance framework was evaluated in this scan."
    return {
        "assessment-results": {
            "uuid": ids("assessment-results"),
            "metadata": {
                "title": _md(f"shiftleft assessment results: {subject_name}"),
                "published": end,
                "last-modified": end,
                "version": _text(meta.get("version") or __version__),
                "oscal-version": OSCAL_VERSION,
                "roles": [{"id": "assessor", "title": "Assessor"}],
                "parties": [{"uuid": ids("party"), "type": "organization", "name": "shiftleft (automated scan)"}],
                "responsible-parties": [{"role-id": "assessor", "party-uuids": [ids("party")]}],
            },
            "import-ap": {"href": f"#{ids('resource', 'assessment-plan')}",
                          "remarks": "No OSCAL assessment plan: an automated shiftleft scan, its scope stated here."},
            "results": [result],
            "back-matter": {"resources": resources},
        }
    }  # fmt: skip


def _subject_name(commit: str | None, branch: str | None, image: str | None, archive: bool) -> str:
    if image:
        return f"image {image}"
    if archive:
        return "an image archive"
    if commit:
        return f"commit {commit[:12]}" + (f" ({branch})" if branch else "")
    return "a working tree (no git commit recorded)"


def _result_description(report: Report) -> str:
    not_run = [s for s in report.statuses if s.not_assessed_run]
    lines = [
        f"Automated scan by shiftleft {report.meta.get('version') or __version__}: "
        f"{len(report.findings)} finding(s), gate {report.gate.verdict.value}.",
    ]
    if not_run:
        lines.append("Not assessed (the checks of these scanners were not made): "
                     + "; ".join(f"{s.name} ({s.stage}): {s.status.value}" for s in not_run) + ".")  # fmt: skip
    return "\n\n".join(lines)


def _subject_component(
    ids: _Ids, name: str, commit: str | None, branch: str | None, image: str | None
) -> dict[str, Any]:
    return {
        "uuid": ids("subject"),
        "type": "software",
        "title": _md(name),
        "description": "The repository (or image) the scan read; named by its git identity, never by a path.",
        "props": _props([("git-commit", commit), ("git-branch", branch), ("image", image)]),
        "status": {"state": "operational"},
    }


# --- tools ----------------------------------------------------------------------------------


def _provenance(report: Report) -> dict[str, dict[str, Any]]:
    """scanner name -> the provenance record its health entry carries (when present)."""
    meta = _mapping(_mapping(_mapping(report.sarif).get("properties")).get("shiftleft"))
    out: dict[str, dict[str, Any]] = {}
    for item in _list(meta.get("scanners")):
        if isinstance(item, Mapping) and isinstance(item.get("provenance"), Mapping) and item.get("name"):
            out.setdefault(str(item["name"]), dict(item["provenance"]))
    return out


def _provenance_props(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    def part(key: str) -> Mapping[str, Any]:
        value = record.get(key)
        return value if isinstance(value, Mapping) else {}

    tool, pack, db = part("tool"), part("rulePack"), part("advisoryDatabase")
    pairs: list[tuple[str, object]] = [
        ("tool-kind", tool.get("kind")), ("tool-sha256", tool.get("sha256")), ("tool-digest-of", tool.get("digestOf")),
        ("rule-pack", pack.get("name")), ("rule-pack-sha256", pack.get("sha256")),
        ("advisory-database-sha256", db.get("sha256")), ("advisory-database-updated", db.get("updated")),
        ("pinned", None if record.get("pinned") is None else str(record.get("pinned")).lower()),
    ]  # fmt: skip
    return _props(pairs)


def _tools(report: Report) -> dict[str, dict[str, Any]]:
    """scanner name -> {"component": its OSCAL component, "ends": {stage: end time}}, one per
    scanner (a scanner of two stages is one tool), in the order of the health table."""
    provenance = _provenance(report)
    grouped: dict[str, list[ScannerStatus]] = {}
    for status in report.statuses:
        grouped.setdefault(status.name, []).append(status)
    ends = _run_ends(report)
    out: dict[str, dict[str, Any]] = {}
    for name, runs in grouped.items():
        version = next((s.version for s in runs if s.version), None)
        assessed = [s for s in runs if s.assessed]
        remarks = "; ".join(f"{s.stage}: {s.status.value}" + (f" ({s.reason})" if s.reason else "") for s in runs)
        component = {
            "uuid": _tool_uuid(name, version),
            "type": "software",
            "title": _md(f"{name} {version}" if version else name),
            "description": _prose(f"The {name} scanner ({runs[0].category}), run by shiftleft."),
            "props": [
                *_props([("asset-type", "tool"), ("tool-name", name), ("version", version),
                         ("category", runs[0].category),
                         ("scan-status", ", ".join(f"{s.stage}={s.status.value}" for s in runs))]),
                *_provenance_props(provenance.get(name, {})),
            ],
            "status": {"state": "operational" if assessed else "other"},
            "remarks": _prose(remarks),
        }  # fmt: skip
        out[name] = {"component": component, "ends": ends.get(name, {})}
    return out


def _run_ends(report: Report) -> dict[str, dict[str, str]]:
    """scanner -> stage -> the end time of its run (its SARIF invocation), where recorded."""
    out: dict[str, dict[str, str]] = {}
    for run, props in _runs_shiftleft(report):
        invocations = _list(run.get("invocations"))
        end = _iso(_mapping(invocations[0]).get("endTimeUtc")) if invocations else None
        if props.get("scanner") and end is not None:
            out.setdefault(str(props["scanner"]), {}).setdefault(str(props.get("stage")), end)
    return out


def _actor(tools: Mapping[str, dict[str, Any]], name: str, ids: _Ids) -> dict[str, Any]:
    """The tool ``name`` as an origin actor; shiftleft's assessment platform when no scanner
    of that name is in the health table (a result imported under another tool's name)."""
    tool = tools.get(name)
    if tool is None:
        return {"type": "assessment-platform", "actor-uuid": ids("platform")}
    return {"type": "tool", "actor-uuid": tool["component"]["uuid"]}


# --- observations, risks, findings ----------------------------------------------------------


def _observation(
    f: Finding, index: int, ids: _Ids, tools: Mapping[str, dict[str, Any]], sarif: str, end: str
) -> dict[str, Any]:
    tool = tools.get(f.tool)
    collected = (tool["ends"].get(f.stage) if tool else None) or end
    where = f"{f.path}:{f.line}" if f.path else None
    obs: dict[str, Any] = {
        "uuid": ids("observation", f.fingerprint, f.tool, index),
        "title": _md(f"{f.rule_id}: {f.rule_name}" if f.rule_name and f.rule_name != f.rule_id else f.rule_id),
        "description": _prose(f.message),
        "props": _props([
            ("tool", f.tool), ("rule-id", f.rule_id), ("severity", f.severity), ("category", f.category),
            ("stage", f.stage), ("location", where), ("fingerprint", f.fingerprint),
            ("cwe", ", ".join(f.cwe)), ("owasp", ", ".join(f.owasp)),
            ("suppressed", "true" if f.suppressed else "false"), ("suppression", f.suppression),
            ("baseline-state", f.baseline_state),
        ]),
        "methods": ["TEST"],
        "types": ["finding"],
        "subjects": [{"subject-uuid": ids("subject"), "type": "component"}],
        "relevant-evidence": [{
            "href": f"#{sarif}",
            "description": f"The SARIF result with the shiftleft/v1 fingerprint {f.fingerprint} in the SARIF log.",
            "props": _props([("fingerprint", f.fingerprint), ("fingerprint-kind", "shiftleft/v1")]),
        }],
        "origins": [{"actors": [_actor(tools, f.tool, ids)]}],
        "collected": collected,
    }  # fmt: skip
    if help_uri := safe_url(f.help_uri):
        obs["links"] = [{"href": help_uri, "rel": "reference"}]
    return obs


def _risk(f: Finding, obs: Mapping[str, Any], ids: _Ids, tools: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    risk: dict[str, Any] = {
        "uuid": ids("risk", obs["uuid"]),
        "title": obs["title"],
        "description": _prose(f.message),
        "statement": _prose(f"Open {f.severity} {f.category} finding of {f.tool} at {f.path or 'the target'}"
                            + (f":{f.line}" if f.path else "") + ", neither suppressed nor waived."),
        "props": _props([("severity", f.severity), ("fingerprint", f.fingerprint),
                         ("baseline-state", f.baseline_state)]),
        "status": "open",
        "origins": [{"actors": [_actor(tools, f.tool, ids)]}],
        "related-observations": [{"observation-uuid": obs["uuid"]}],
    }  # fmt: skip
    return risk


def _finding(
    fw: FrameworkResult, c: ControlResult, ids: _Ids, tools: Mapping[str, dict[str, Any]],
    by_fingerprint: Mapping[str, list[str]], risk_of: Mapping[str, str],
) -> dict[str, Any]:  # fmt: skip
    state, reason = STATUS.get(c.state, ("not-satisfied", "other"))  # an unknown state is never satisfied
    token = control_token(fw.id, c.control_id)
    observations = sorted({u for fp in c.findings for u in by_fingerprint.get(fp, [])})
    risks = sorted({risk_of[u] for u in observations if u in risk_of})
    by_uuid = {a["actor-uuid"]: a for a in (_actor(tools, name, ids) for name in c.scanners)}
    actors = list(by_uuid.values()) or [{"type": "assessment-platform", "actor-uuid": ids("platform")}]
    remarks = {
        "pass": "Satisfied: every scanner it needs ran and none reported a finding it selects.",
        "fail": "Not satisfied: the related observations are the findings that fail it.",
        NOT_ASSESSED: "NOT ASSESSED: a scanner it needs did not run or could not judge; this is not a pass.",
        "not-applicable": "NOT APPLICABLE: the target has nothing this control checks; no evidence, so not a pass.",
    }.get(c.state, f"Unknown state {c.state!r}: treated as not satisfied.")
    finding: dict[str, Any] = {
        "uuid": ids("finding", fw.id, c.control_id),
        "title": _md(f"{fw.name} {c.control_id}: {c.title}"),
        "description": _prose(c.reason),
        "props": _props([("framework", fw.id), ("framework-version", fw.version), ("control-id", c.control_id),
                         ("control-state", c.state)]),
        "target": {
            "type": "objective-id",
            "target-id": f"{token}_obj",
            "title": _md(c.title),
            "props": _props([("framework", fw.id), ("control-id", c.control_id), ("control-state", c.state)]),
            "status": {"state": state, "reason": reason, "remarks": remarks},
        },
    }  # fmt: skip
    finding["origins"] = [{"actors": actors}]
    if observations:
        finding["related-observations"] = [{"observation-uuid": u} for u in observations]
    if risks:
        finding["related-risks"] = [{"risk-uuid": u} for u in risks]
    return finding


def _reviewed_controls(frameworks: tuple[FrameworkResult, ...]) -> dict[str, Any]:
    if not frameworks:
        return {"description": "No compliance framework was evaluated.", "control-selections": [
            {"description": "No controls.", "include-controls": []}]}  # fmt: skip
    selections = []
    for fw in frameworks:
        selections.append({
            "description": _prose(f"{fw.name} {fw.version}: the controls shiftleft judges on a scan."),
            "props": _props([("framework", fw.id), ("framework-title", fw.name), ("framework-version", fw.version),
                             ("control-id-mapping", "control-id = <framework>_<catalog id, characters outside "
                                                    "[A-Za-z0-9._-] as '-'>; the catalog id is each finding's "
                                                    "control-id prop")]),
            "include-controls": [{"control-id": control_token(fw.id, c.control_id)} for c in fw.controls],
        })  # fmt: skip
    return {"description": "The controls of the compliance frameworks evaluated in this scan.",
            "control-selections": selections}  # fmt: skip


# --- back matter ----------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _rlink(href: str, media_type: str, sha256: str | None) -> dict[str, Any]:
    link: dict[str, Any] = {"href": href, "media-type": media_type}
    if sha256:
        link["hashes"] = [{"algorithm": "SHA-256", "value": sha256}]
    return link


def _resources(report: Report, ids: _Ids, hashes: Mapping[str, str]) -> list[dict[str, Any]]:
    """The SARIF log first (observations point at it), then the scorecard, the artifacts
    the runs list (the SBOM), the framework files and the assessment-plan note."""
    from shiftleft.report import sarif_report, scorecard_json

    sarif_sha = _sha256(sarif_report.encode(report).encode("utf-8")) if report.sarif else None
    card_sha = _sha256(scorecard_json.encode(report).encode("utf-8"))
    out = [
        {"uuid": ids("resource", "sarif"), "title": "shiftleft SARIF 2.1.0 log (every finding, with fingerprints)",
         "props": _props([("evidence-kind", "sarif-log"), ("audit-bundle-member", "sarif/shiftleft.sarif")]),
         "rlinks": [_rlink(SARIF_HREFS[0], "application/sarif+json", sarif_sha),
                    _rlink(SARIF_HREFS[1], "application/sarif+json", None)],
         "remarks": "The first link is the file `shiftleft scan` writes beside this document (its sha256 is "
                    "that file's); the second the copy in an audit bundle, whose manifest holds its sha256."},
        {"uuid": ids("resource", "scorecard"), "title": "shiftleft scorecard.json",
         "props": _props([("evidence-kind", "scorecard")]),
         "rlinks": [_rlink(SCORECARD_HREF, "application/json", card_sha)],
         "remarks": "Written by the json format (`-f json`) beside this document; the sha256 is of what that "
                    "format writes for this report."},
    ]  # fmt: skip
    for kind, name, fmt in _artifacts(report):
        out.append({
            "uuid": ids("resource", "artifact", kind, name),
            "title": _md(f"{kind}: {name}" + (f" ({fmt})" if fmt else "")),
            "props": _props([("evidence-kind", kind), ("format", fmt), ("file-name", name)]),
            "rlinks": [_rlink(quote(name), "application/json", hashes.get(name))],
            **({} if hashes.get(name) else {"remarks": "Not found beside this document when it was written: "
                                                       "its sha256 is not stated."}),
        })  # fmt: skip
    out.extend(_framework_resources(report, ids))
    out.append({"uuid": ids("resource", "assessment-plan"), "title": "Assessment plan: none (automated scan)",
                "description": "This assessment had no OSCAL assessment plan. The scope is the result's "
                               "reviewed-controls; the method is the automated scanners named as tools."})  # fmt: skip
    return out


def _artifacts(report: Report) -> list[tuple[str, str, str | None]]:
    """(kind, file name, format) of the artifacts the runs record; the path they record is
    data: only its file name is kept (a host path is never written), as the file is named
    (``_text`` it for a prop, quote it for a link)."""
    out: dict[tuple[str, str], str | None] = {}
    for _run, props in _runs_shiftleft(report):
        for item in _list(props.get("artifacts")):
            if isinstance(item, Mapping) and isinstance(item.get("path"), str):
                name = Path(item["path"].replace("\\", "/")).name
                if name and name not in {".", ".."}:
                    out.setdefault((_text(item.get("kind") or "artifact", 40), name[:255]),
                                   _text(item["format"], 80) if item.get("format") else None)  # fmt: skip
    return [(kind, name, fmt) for (kind, name), fmt in out.items()]


def _hashes_beside(report: Report, directory: Path) -> dict[str, str]:
    """sha256 of each artifact the runs record that is a plain file (no link) in ``directory``
    (where ``scan`` wrote it beside this document); by file name only, bounded in size."""
    out: dict[str, str] = {}
    for _kind, name, _fmt in _artifacts(report):
        found = paths.plain_file_in(directory, name)
        if found is None:
            continue
        try:
            out[name] = _sha256(paths.read_plain_file(found, MAX_HASHED_BYTES))
        except OSError:
            continue
    return out


def _framework_resources(report: Report, ids: _Ids) -> list[dict[str, Any]]:
    """The shipped framework files the frameworks evaluated come from, with their sha256.
    A framework of the same id but another title or version is a user's file: named only."""
    from shiftleft.policy.loader import shipped_frameworks

    shipped = shipped_frameworks()
    out = []
    for fw in report.frameworks:
        known = shipped.get(fw.id)
        same = known is not None and known.title == fw.name and known.version == fw.version
        sha = None
        if same and known is not None and known.source is not None:
            try:
                sha = _sha256(known.source.read_bytes())
            except OSError:
                sha = None
        resource: dict[str, Any] = {
            "uuid": ids("resource", "framework", fw.id),
            "title": _md(f"Framework {fw.id}: {fw.name} {fw.version}"),
            "props": _props([("evidence-kind", "framework"), ("framework", fw.id)]),
        }
        if same and known is not None:
            resource["rlinks"] = [_rlink(f"policies/frameworks/{known.source.name if known.source else fw.id}",
                                         "application/yaml", sha)]  # fmt: skip
            if known.url:
                resource["citation"] = {"text": _md(f"{fw.name} {fw.version}"), "links": [{"href": known.url}]}
        else:
            resource["remarks"] = "Not a framework file shipped with shiftleft: its content is not stated here."
        out.append(resource)
    return out
