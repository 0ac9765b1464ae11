"""What to fix first: one ordering and one grouping of the findings, used by every writer
(terminal, HTML, Markdown, the PR comment, CSV, JUnit), so they all answer the same way.

The order (``sort_key``), most urgent first:

1. **new** findings (``baselineState`` "new", set under ``--baseline`` / ``--diff-base``):
   what this change introduced is what its author can fix now;
2. **severity** (critical ... info);
3. **exploitability hints**, strongest first: a committed **secret** (usable as is by
   whoever reads the repository), a **known-exploited** advisory (only where the data says
   so: a result property ``knownExploited`` true, or ``kev`` / ``cisaKev`` set; shiftleft's
   own advisory data has no such field today, so this hint is only as good as what was
   imported), a finding in a **reachable stage** (the ``test`` stage: the built image and
   the running application, what actually ships; or a result property ``reachable`` true);
4. **fix available**: an advisory with a fixed version ("upgrade X to Y") before one
   without, a quick win before a research task;
5. then path, line and rule, so the order is stable.

Suppressed findings come after every open one (they are kept, not fixed).

Groups: by rule (tool + rule id) and by file, each with its counts, the worst severity,
how many are new, a code snippet and a one-line fix. The snippet is the text the SARIF
log already carries (``region.snippet`` / ``contextRegion.snippet``), which went through
the log's redactor when the ``Report`` was assembled; no file of the repository is read
here. The snippet of a secret or of a result about a credential (the redactor's credential
CWEs) is never shown at all, even if the log had one (the value sits on that line). The fix is,
in order: "upgrade PACKAGE VERSION to FIXED" for an advisory with a fixed version; the
credential advice for a secret; the ``Fix:`` / "Use ..." sentence of the message or the
rule's help; our advice for a few rules whose texts give none (``RULE_FIX``: bandit's
``assert``, ``try/except/pass`` ...), then by CWE (``CWE_FIX``); the rule's short description
otherwise. Every value stays hostile text: the
writers escape it as they escape everything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from shiftleft.model import Finding, Report
from shiftleft.sarif.redact import CREDENTIAL_CWES
from shiftleft.severity import SEVERITIES

_SEVERITY_ORDER = {name: i for i, name in enumerate(SEVERITIES)}
#: the stages whose findings are in what ships and runs (the image, the running app)
REACHABLE_STAGES = frozenset({"test"})
#: longest snippet kept for a group (lines and characters): a report is not a source viewer
SNIPPET_LINES = 6
SNIPPET_CHARS = 600
#: longest one-line fix
FIX_CHARS = 240
SECRET_FIX = "Revoke and rotate the credential, remove it from the code, and load it from a secret manager."  # noqa: S105 - advice
#: a one-line fix by CWE, for rules whose texts only describe the problem (our own words)
CWE_FIX = {
    "CWE-78": "Pass the command as an argument list without a shell; never build it from input.",
    "CWE-77": "Pass the command as an argument list without a shell; never build it from input.",
    "CWE-89": "Use parameterized queries (placeholders), never string formatting.",
    "CWE-94": "Do not evaluate run-time strings as code; parse data with a safe parser.",
    "CWE-95": "Do not evaluate run-time strings as code (eval, exec, new Function); parse data instead.",
    "CWE-502": "Do not deserialize untrusted data with pickle/yaml.load; use JSON or yaml.safe_load.",
    "CWE-79": "Escape output for its context, or set textContent instead of HTML.",
    "CWE-22": "Resolve the path and check it stays inside the allowed directory.",
    "CWE-327": "Use a current algorithm (SHA-256, AES-GCM); for passwords argon2, bcrypt or scrypt.",
    "CWE-328": "Use a current algorithm (SHA-256); for passwords argon2, bcrypt or scrypt.",
    "CWE-916": "Hash passwords with argon2, bcrypt or scrypt.",
    "CWE-295": "Keep certificate verification on.",
    "CWE-489": "Turn debug mode off outside development.",
    "CWE-611": "Disable external entities in the XML parser (defusedxml).",
    "CWE-259": "Load the password from a secret manager or the environment, never from the code.",
    "CWE-798": "Load the credential from a secret manager or the environment, never from the code.",
    "CWE-321": "Load the key from a secret manager or key store, never from the code.",
    "CWE-918": "Allow-list the hosts the server may request; never fetch a URL taken from input.",
}
#: a one-line fix by tool and rule, for rules whose texts and CWE give no advice of their
#: own (bandit's short descriptions name the pattern: "assert used", "try except pass"; the
#: generic CWE-703 of those fits them all); our own words
RULE_FIX = {
    ("bandit", "B101"): "Raise an exception instead of assert for checks that must hold: python -O removes asserts.",
    ("bandit", "B110"): "Handle or log the exception, or catch only the one you expect; never pass silently.",
    ("bandit", "B112"): "Handle or log the exception, or catch only the one you expect; never continue silently.",
    ("bandit", "B104"): "Bind to the interface the service needs (127.0.0.1 or a configured address), not 0.0.0.0.",
    ("bandit", "B108"): "Create temporary files with the tempfile module, not fixed paths in /tmp.",
    ("bandit", "B113"): "Pass a timeout to every requests call.",
    ("bandit", "B311"): "Use the secrets module for tokens, passwords and keys; random is predictable.",
}
#: imperative sentence starts that read as a fix ("Use parameterized queries ...")
_FIX_VERBS = (
    "Use(?! of\\b)|Pin|Set|Remove|Replace|Avoid|Upgrade|Add|Ensure|Pass|Parse|Validate|Escape|Encode|Sanitize|"
    "Restrict|Disable|Enable|Keep|Load|Store|Prefer|Rotate|Revoke|Turn|Configure|Move|Limit|Check|Drop|Run|"
    "Declare|Specify|Do not|Never"
)
_FIX_SENTENCE = re.compile(
    r"(?:^|[.;]\s+)((?:Fix|Remediation|Recommendation|Solution):\s*[^\n]+|(?:" + _FIX_VERBS + r")\b[^\n]+)"
)


@dataclass(frozen=True)
class Hints:
    """Why a finding is more urgent than others of its severity."""

    new: bool
    secret: bool
    known_exploited: bool
    reachable: bool
    #: "upgrade X to Y" when an advisory names a fixed version
    upgrade: str | None

    @property
    def labels(self) -> tuple[str, ...]:
        """Short words a reader sees beside the finding."""
        out = []
        if self.new:
            out.append("new")
        if self.secret:
            out.append("secret")
        if self.known_exploited:
            out.append("known exploited")
        if self.reachable:
            out.append("reachable")
        if self.upgrade:
            out.append("fix available")
        return tuple(out)


def _truthy(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in {"true", "yes", "1"})


def fixed_versions(f: Finding) -> tuple[str, ...]:
    values = f.properties.get("fixedVersions")
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        return ()
    return tuple(str(v) for v in values if isinstance(v, str | int | float) and str(v))[:5]


def is_dependency(f: Finding) -> bool:
    """A finding about a package version (dependency or image package), from its properties."""
    return bool(f.properties.get("package")) and bool(f.properties.get("advisory") or f.properties.get("purl"))


def upgrade_text(f: Finding) -> str | None:
    """The "upgrade X V to F or later" of one advisory: its lowest fixed version above the
    installed one (the matcher lists them in version order)."""
    fixes = fixed_versions(f)
    package = f.properties.get("package")
    if not fixes or not package:
        return None
    installed = f.properties.get("version")
    current = f" {installed}" if installed else ""
    also = f" (also fixed in {', '.join(fixes[1:3])})" if len(fixes) > 1 else ""
    return f"upgrade {package}{current} to {fixes[0]} or later{also}"


def _highest(versions: Sequence[str], ecosystem: object) -> str | None:
    """The highest of ``versions`` in the ecosystem's own ordering, None when any of them
    cannot be ordered (then the writer lists them instead of guessing)."""
    from shiftleft.advisories.errors import UnknownVersionScheme
    from shiftleft.advisories.versions import scheme_for, try_parse

    try:
        scheme = scheme_for(str(ecosystem or ""))
    except UnknownVersionScheme:
        return None
    parsed = []
    for v in dict.fromkeys(versions):
        p = try_parse(scheme, v)
        if p is None:
            return None
        parsed.append((p, v))
    return max(parsed, key=lambda pv: pv[0])[1] if parsed else None


def package_fix(items: Sequence[Finding]) -> str | None:
    """The one upgrade that fixes every advisory of one package version it can: the
    highest of the advisories' lowest fixes."""
    first = items[0]
    package, installed = first.properties.get("package"), first.properties.get("version")
    if len(items) == 1 or not package:
        return None
    lowest = [fixed_versions(f)[0] for f in items if fixed_versions(f)]
    if not lowest:
        return None
    target = _highest(lowest, first.properties.get("ecosystem"))
    unfixed = len(items) - len(lowest)
    rest = f"; {unfixed} have no fixed version" if unfixed else ""
    current = f" {installed}" if installed else ""
    if target is None:
        listed = ", ".join(dict.fromkeys(lowest))
        return f"Upgrade {package}{current}: the {len(lowest)} advisories are fixed in {listed}{rest}."
    return f"Upgrade {package}{current} to {target} or later: fixes {len(lowest)} of {len(items)} advisories{rest}."


def hints(f: Finding) -> Hints:
    props = f.properties
    return Hints(
        new=f.baseline_state == "new",
        secret=f.is_secret,
        known_exploited=any(_truthy(props.get(k)) for k in ("knownExploited", "kev", "cisaKev")),
        reachable=f.stage in REACHABLE_STAGES or _truthy(props.get("reachable")),
        upgrade=upgrade_text(f),
    )


def sort_key(f: Finding) -> tuple[Any, ...]:
    """The fix-first order of one finding (see the module docstring)."""
    h = hints(f)
    return (
        int(f.suppressed),
        int(not h.new),
        _SEVERITY_ORDER.get(f.severity, len(SEVERITIES)),
        int(not h.secret),
        int(not h.known_exploited),
        int(not h.reachable),
        # a fix that is one version bump before one that needs research; then stable
        int(h.upgrade is None),
        f.path,
        f.line,
        f.rule_id,
        f.tool,
    )


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=sort_key)


def open_findings(report: Report) -> list[Finding]:
    """The unsuppressed findings, most urgent first."""
    return ordered(f for f in report.findings if not f.suppressed)


# --- what the SARIF log carries for each finding -----------------------------------------


@dataclass(frozen=True)
class Evidence:
    """The snippet and rule texts the (redacted) SARIF log holds for one result."""

    snippet: str = ""
    help: str = ""
    short: str = ""


def _snippet(result: dict[str, Any]) -> str:
    for loc in result.get("locations") or []:
        physical = (loc or {}).get("physicalLocation") or {}
        for key in ("region", "contextRegion"):
            text = ((physical.get(key) or {}).get("snippet") or {}).get("text")
            if isinstance(text, str) and text.strip():
                return text
        break
    return ""


def _text(value: object) -> str:
    return value.get("text", "") if isinstance(value, dict) and isinstance(value.get("text"), str) else ""


def evidence_index(sarif: dict[str, Any], wanted: set[str]) -> dict[str, Evidence]:
    """fingerprint -> evidence, for the fingerprints in ``wanted``: one pass over the log."""
    out: dict[str, Evidence] = {}
    for run in sarif.get("runs") or []:
        if not isinstance(run, dict):
            continue
        rules = ((run.get("tool") or {}).get("driver") or {}).get("rules") or []
        by_id = {r.get("id"): r for r in rules if isinstance(r, dict)}
        for result in run.get("results") or []:
            if not isinstance(result, dict):
                continue
            fp = (result.get("fingerprints") or {}).get("shiftleft/v1")
            if not isinstance(fp, str) or fp not in wanted or fp in out:
                continue
            rule = by_id.get(result.get("ruleId")) or {}
            out[fp] = Evidence(_snippet(result), _text(rule.get("help")), _text(rule.get("shortDescription")))
    return out


def clip_snippet(text: str) -> str:
    lines = text.strip("\n").splitlines()[:SNIPPET_LINES]
    out = "\n".join(line.rstrip() for line in lines)
    return out if len(out) <= SNIPPET_CHARS else out[: SNIPPET_CHARS - 1] + "…"


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= FIX_CHARS else line[: FIX_CHARS - 1] + "…"


def _fix_sentence(text: str) -> str | None:
    match = _FIX_SENTENCE.search(text[:4000])
    if not match:
        return None
    sentence = match.group(1)
    for prefix in ("Fix:", "Remediation:", "Recommendation:", "Solution:"):
        if sentence.startswith(prefix):
            sentence = sentence[len(prefix):].strip()
    # up to the end of that sentence (a full stop followed by space or the end)
    end = re.search(r"\.(\s|$)", sentence)
    sentence = sentence[: end.start() + 1] if end else sentence
    return sentence[:1].upper() + sentence[1:] if sentence else None


def fix_for(f: Finding, ev: Evidence | None = None) -> str:
    """The one-line fix for a finding (see the module docstring)."""
    upgrade = upgrade_text(f)
    if upgrade:
        return upgrade[:1].upper() + upgrade[1:] + "."
    if f.is_secret:
        return SECRET_FIX
    if is_dependency(f):
        return "No fixed version is known: remove or replace the package, or accept the risk with a waiver."
    ev = ev or Evidence()
    for text in (f.message, ev.help):
        sentence = _fix_sentence(text)
        if sentence:
            return _one_line(sentence)
    if (f.tool.lower(), f.rule_id) in RULE_FIX:
        return RULE_FIX[(f.tool.lower(), f.rule_id)]
    for cwe in f.cwe:
        if cwe in CWE_FIX:
            return CWE_FIX[cwe]
    if ev.short or f.rule_name:
        return _one_line(ev.short or f.rule_name)
    return "See the rule's help."


# --- groups ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """The open findings of one rule of one tool (of one package version, for advisories:
    ``rule_id`` then lists the advisory ids)."""

    tool: str
    rule_id: str
    rule_name: str
    severity: str  # the worst of the group
    count: int
    new: int
    files: int
    #: the most urgent finding of the group (the first, in fix-first order)
    first: Finding
    #: every finding of the group, fix-first order
    findings: tuple[Finding, ...]
    hints: tuple[str, ...]
    fix: str
    #: redacted code of the first finding that has one ("" for secrets, or when none)
    snippet: str
    snippet_at: str  # "path:line" of the snippet

    @property
    def locations(self) -> tuple[str, ...]:
        return tuple(location(f) for f in self.findings)

    @property
    def spread(self) -> str:
        """Where the group's findings are: ``in 2 file(s)``; results without a file (an
        imported DAST alert) are counted by the request they name, not as a file."""
        requests = {location(f) for f in self.findings if not in_a_file(f)}
        parts = [f"in {self.files} file(s)"] if self.files or not requests else []
        if requests:
            parts.append(f"at {len(requests)} URL(s)")
        return " and ".join(parts)


@dataclass(frozen=True)
class FileGroup:
    path: str
    count: int
    new: int
    severity: str  # the worst
    counts: dict[str, int]  # severity -> count, in SEVERITIES order, zeros left out
    rules: int


def about_credential(f: Finding) -> bool:
    """A secret, or a result about a credential (the redactor's credential CWEs): its
    snippet is never shown, even if the log still had one."""
    return f.is_secret or bool(CREDENTIAL_CWES.intersection(f.cwe))


#: a path that is a URI (``https://``, ``file://``): the logical location of an imported DAST
#: alert or of a result outside the scanned root, not a file of the repository
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def in_a_file(f: Finding) -> bool:
    """The finding is at a file (its path is neither empty nor a URI)."""
    return bool(f.path) and not _URI.match(f.path)


def location(f: Finding) -> str:
    """``path:line``; a result without a file (an imported DAST finding) by its URL."""
    if f.path:
        return f"{f.path}:{f.line}" if f.line else f.path
    url = f.properties.get("url")
    return f"{f.properties.get('method') or 'GET'} {url}" if isinstance(url, str) and url else "(no location)"


def group_key(f: Finding) -> tuple[str, str]:
    """A rule of a tool; for an advisory, the package version (one upgrade fixes all its
    advisories, so they are one thing to do)."""
    if is_dependency(f):
        return (f.tool, f"{f.properties.get('package')}@{f.properties.get('version') or ''}")
    return (f.tool, f.rule_id)


def _package_name(f: Finding) -> str:
    version = f.properties.get("version")
    return f"{f.properties.get('package')} {version}" if version else str(f.properties.get("package"))


def group_by_rule(findings: Sequence[Finding], evidence: dict[str, Evidence] | None = None) -> list[Group]:
    """Groups of ``findings`` (already in fix-first order: ``ordered``) by tool and rule, the
    group of the most urgent finding first. Linear in the number of findings."""
    evidence = evidence or {}
    members: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        members.setdefault(group_key(f), []).append(f)
    groups = []
    for (tool, key), items in members.items():  # dicts keep the order of first appearance
        first = items[0]
        package = is_dependency(first)
        rule_id = ", ".join(dict.fromkeys(f.rule_id for f in items)) if package else key
        labels: dict[str, None] = {}
        for f in items:
            labels.update(dict.fromkeys(hints(f).labels))
        snippet, at = "", ""
        if not any(about_credential(f) for f in items):
            for f in items:
                ev = evidence.get(f.fingerprint)
                if ev and ev.snippet:
                    snippet, at = clip_snippet(ev.snippet), location(f)
                    break
        groups.append(Group(
            tool, rule_id, _package_name(first) if package else (first.rule_name or rule_id),
            min((f.severity for f in items), key=lambda s: _SEVERITY_ORDER.get(s, len(SEVERITIES))),
            len(items), sum(1 for f in items if f.baseline_state == "new"),
            len({f.path for f in items if in_a_file(f)}),
            first, tuple(items), tuple(labels),
            (package and package_fix(items)) or fix_for(first, evidence.get(first.fingerprint)), snippet, at,
        ))  # fmt: skip
    return groups


def group_by_file(findings: Sequence[Finding]) -> list[FileGroup]:
    """Files with open findings: most new, then worst severity, then most findings first."""
    members: dict[str, list[Finding]] = {}
    for f in findings:
        members.setdefault(f.path or "(no location)", []).append(f)
    out = []
    for path, items in members.items():
        counts = {s: n for s in SEVERITIES if (n := sum(1 for f in items if f.severity == s))}
        worst = next(iter(counts), "info")
        new = sum(1 for f in items if f.baseline_state == "new")
        out.append(FileGroup(path, len(items), new, worst, counts, len({(f.tool, f.rule_id) for f in items})))
    return sorted(out, key=lambda g: (-g.new, _SEVERITY_ORDER.get(g.severity, 9), -g.count, g.path))


@dataclass(frozen=True)
class FixFirst:
    """Everything a writer shows of "what to fix first", computed once per report."""

    findings: tuple[Finding, ...]  # open findings, fix-first order
    groups: tuple[Group, ...]
    files: tuple[FileGroup, ...]
    new: int
    #: a baseline or diff base was in use: "new" means something
    baseline: bool

    def new_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.baseline_state == "new"]


def build(report: Report) -> FixFirst:
    active = open_findings(report)
    evidence = evidence_index(report.sarif, {f.fingerprint for f in active if f.fingerprint})
    baseline = any(f.baseline_state in {"new", "unchanged"} for f in report.findings)
    return FixFirst(
        tuple(active), tuple(group_by_rule(active, evidence)), tuple(group_by_file(active)),
        sum(1 for f in active if f.baseline_state == "new"), baseline,
    )  # fmt: skip
