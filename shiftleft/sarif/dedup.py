"""One result per problem, whichever scanners reported it (no server: an index over one log).

Two results of two scanners are the same problem when they share a **problem key**, in the
same stage and the same suppression state:

* code (SAST, IaC, anything not a secret or an advisory): the same file and line and the
  same CWE (bandit B602 and semgrep's subprocess-shell-true, both CWE-78; ``CWE_EQUIVALENT``
  names the child/parent ids tools use for one weakness, e.g. 328/327), or a pair of
  ``EQUIVALENT`` rules on the same file and line (hadolint and checkov check the same things
  on Dockerfiles, several without a CWE);
* a secret: the same file and line and the same secret (the engines' SHA-1 of the value,
  which detect-secrets and Betterleaks both compute; it is used here and removed, never
  written). A result without a hash is merged with none (two secrets can share a line),
  which also keeps a second pass over a log whose hashes are gone from merging anything.
  Once one of an engine's secrets on a line is merged, its other secrets on that line go
  to the same result (``_same_line_secrets``: one value seen by two of its detectors);
* an advisory: the same package (ecosystem, normalized name, version) and one shared id
  among the advisory's id and aliases (pip-audit and the OSV matcher on one requirement).
  The same package with another advisory, or the same advisory on another version, is
  another problem.

A scanner's own results are never merged with each other (two rules of one tool on one
line are the tool's own distinction).

Representation: **one result is kept, the others are removed from the log** and recorded
on it (docs/sarif.md says why: GitHub code scanning ignores properties it does not know,
so a duplicate kept in the log with a ``duplicateOf`` property would still be an alert of
its own). The kept result's ``properties.alsoReportedBy`` lists, for each removed result,
the tool, its rule id, message, severity and fingerprint; its locations go to the kept
result's ``relatedLocations``; its severity raises the kept one's when higher. The run a
result left counts removals in ``properties.shiftleft.deduplicated`` (rule id -> count).
Counts, gate, grade and history read the log, so they all see one finding per problem.

Which result is kept: the first by ``PREFERENCE`` (then scanner name), so the same problem
keeps the same fingerprint from scan to scan. checkov before hadolint: the compliance
frameworks select those Dockerfile problems by checkov's rule ids (and the policy
selectors also match a finding by the rule ids and tools in its ``alsoReportedBy``).

Bounded and linear: every result has at most ``MAX_KEYS`` keys, each looked up in one dict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sarif_om

from shiftleft import severity as sev
from shiftleft.sarif.normalize import LEVEL_FOR


@dataclass(frozen=True)
class Pair:
    """Two rules of two scanners that check the same thing at the same place."""

    #: the scanner and rule whose result is kept
    kept_scanner: str
    kept_rule: str
    #: the scanner and rule whose result is removed (recorded on the kept one)
    dropped_scanner: str
    dropped_rule: str
    what: str


#: checkov's CKV_DOCKER_2 ("no HEALTHCHECK") has no hadolint equivalent in hadolint's default
#: rule set (DL3057 is off by default), so it is not a pair.
EQUIVALENT: tuple[Pair, ...] = (
    Pair("checkov-dockerfile", "CKV_DOCKER_7", "hadolint", "DL3007", "base image tagged latest"),
    Pair("checkov-dockerfile", "CKV_DOCKER_8", "hadolint", "DL3002", "last USER is root"),
    Pair("checkov-dockerfile", "CKV_DOCKER_4", "hadolint", "DL3020", "ADD instead of COPY"),
    Pair("checkov-dockerfile", "CKV_DOCKER_9", "hadolint", "DL3027", "apt instead of apt-get"),
    Pair("checkov-dockerfile", "CKV_DOCKER_10", "hadolint", "DL3000", "relative WORKDIR"),
    Pair("checkov-dockerfile", "CKV_DOCKER_6", "hadolint", "DL4000", "MAINTAINER (deprecated)"),
    Pair("checkov-dockerfile", "CKV_DOCKER_11", "hadolint", "DL3024", "duplicate FROM alias"),
    Pair("checkov-dockerfile", "CKV2_DOCKER_1", "hadolint", "DL3004", "sudo in RUN"),
)

#: CWE ids two tools use for one weakness (a child and its parent in the CWE tree), compared
#: as the parent: bandit B324 says CWE-327 where semgrep's weak-hash rule says CWE-328 (weak
#: hash), bandit B105 says CWE-259 (hard-coded password) where a hard-coded-key rule says
#: CWE-798 (hard-coded credentials); eval injection (95) is code injection (94)
CWE_EQUIVALENT: dict[str, str] = {"CWE-328": "CWE-327", "CWE-259": "CWE-798", "CWE-95": "CWE-94"}

#: which scanner's result is kept when several report one problem (earlier wins; others
#: by name after these)
PREFERENCE: tuple[str, ...] = (
    "checkov-dockerfile", "checkov", "semgrep", "bandit", "betterleaks", "detect-secrets", "osv", "pip-audit",
    "container", "hadolint",
)  # fmt: skip

#: the result property where a secrets adapter leaves the engine's hash of the value for this
#: module; ``deduplicate`` removes it from every result, so it never reaches an output
SECRET_IDENTITY = "shiftleft:secretIdentity"  # noqa: S105 - a property name, not a secret
#: beside it, where the value is in the result's file: ``[byte offset, byte length]``, so the
#: result cache can keep a run without the hash and read the value back on a hit
#: (``scanners/cache.py``); removed with it
SECRET_AT = "shiftleft:secretAt"  # noqa: S105 - a property name, not a secret

#: problem keys per result at most (CWE ids, advisory aliases): bounded work per result
MAX_KEYS = 32
#: alsoReportedBy entries kept per result (the count of removals stays exact in the run)
MAX_RECORDED = 50

Key = tuple[object, ...]
_PEP503 = re.compile(r"[-_.]+")


def _health(run: sarif_om.Run) -> dict[str, Any]:
    props = run.properties if isinstance(run.properties, dict) else {}
    health = props.get("shiftleft")
    return health if isinstance(health, dict) else {}


def _place(result: sarif_om.Result) -> tuple[str, int] | None:
    for loc in result.locations or []:
        physical = loc.physical_location
        if physical is None or physical.artifact_location is None or not physical.artifact_location.uri:
            continue
        line = physical.region.start_line if physical.region is not None and physical.region.start_line else 1
        return str(physical.artifact_location.uri), int(line)
    return None


def _props(result: sarif_om.Result) -> dict[str, Any]:
    if not isinstance(result.properties, dict):
        result.properties = {}
    props: dict[str, Any] = result.properties
    return props


def package_name(ecosystem: str, name: str) -> str:
    """A package name as its ecosystem compares names (PyPI: PEP 503; others: lower case)."""
    name = name.strip().lower()
    return _PEP503.sub("-", name) if ecosystem.lower() == "pypi" else name


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def problem_keys(
    result: sarif_om.Result, scanner: str, stage: str, pairs: Mapping[tuple[str, str], Pair] | None = None
) -> list[Key]:
    """The keys under which ``result`` is the same problem as another scanner's result."""
    props = _props(result)
    state = bool(result.suppressions)
    rule = str(result.rule_id or "")
    keys: list[Key] = []
    advisory = props.get("advisory")
    if advisory or props.get("aliases"):
        ecosystem = str(props.get("ecosystem") or "")
        name = package_name(ecosystem, str(props.get("package") or ""))
        version = str(props.get("version") or "")
        ids = dict.fromkeys(i.upper() for i in [*_strings(advisory), *_strings(props.get("aliases"))] if i)
        for ident in list(ids)[:MAX_KEYS]:
            keys.append(("advisory", stage, state, ecosystem.lower(), name, version, ident))
        return keys
    place = _place(result)
    if place is None:
        return keys
    uri, line = place
    if props.get("category") == "secrets" or "secretType" in props:
        identity = props.get(SECRET_IDENTITY)
        if isinstance(identity, str) and identity:  # no hash: not known to be the same secret
            keys.append(("secret", stage, state, uri, line, identity))
        return keys
    pair = (pairs or {}).get((scanner, rule))
    if pair is not None:
        keys.append(("pair", stage, state, uri, line, pair.what))
    for cwe in dict.fromkeys(CWE_EQUIVALENT.get(c.upper(), c.upper()) for c in _strings(props.get("cwe"))[:MAX_KEYS]):
        keys.append(("cwe", stage, state, uri, line, cwe))
    return keys


def _rank(scanner: str) -> tuple[int, str]:
    return (PREFERENCE.index(scanner) if scanner in PREFERENCE else len(PREFERENCE), scanner)


def _related(kept: sarif_om.Result, dropped: sarif_om.Result, scanner: str) -> None:
    """The removed result's locations as the kept result's related locations (ids unique)."""
    related = list(kept.related_locations or [])
    next_id = max((loc.id for loc in related if isinstance(loc.id, int)), default=-1) + 1
    for loc in dropped.locations or []:
        if loc.physical_location is None and not loc.logical_locations:
            continue
        related.append(
            sarif_om.Location(
                id=next_id, physical_location=loc.physical_location, logical_locations=loc.logical_locations,
                message=sarif_om.Message(text=f"also reported by {scanner} ({dropped.rule_id})"),
            )
        )  # fmt: skip
        next_id += 1
    kept.related_locations = related or None


def _renumber(result: sarif_om.Result) -> None:
    for n, loc in enumerate(result.related_locations or []):
        loc.id = n


def _absorb(kept: sarif_om.Result, kept_run: sarif_om.Run, dropped: sarif_om.Result, scanner: str) -> None:
    """Record ``dropped`` on ``kept``; raise ``kept``'s severity to ``dropped``'s if higher."""
    props, other = _props(kept), _props(dropped)
    entry = {
        "tool": scanner,
        "ruleId": dropped.rule_id,
        "message": dropped.message.text if dropped.message else None,
        "severity": other.get("severity"),
        "security-severity": other.get("security-severity"),
        "fingerprint": (dropped.fingerprints or {}).get("shiftleft/v1"),
    }
    recorded = props.setdefault("alsoReportedBy", [])
    if len(recorded) < MAX_RECORDED:
        recorded.append({k: v for k, v in entry.items() if v is not None})
        _related(kept, dropped, scanner)
    # what had been merged into the removed result moves with it (nothing is lost)
    carried = other.get("alsoReportedBy")
    if isinstance(carried, list):
        recorded.extend(carried[: max(0, MAX_RECORDED - len(recorded))])
        for loc in dropped.related_locations or []:
            loc.id = None
        kept.related_locations = [*(kept.related_locations or []), *(dropped.related_locations or [])] or None
        _renumber(kept)
    mine, theirs = str(props.get("severity") or "info"), str(other.get("severity") or "info")
    if theirs in sev.RANK and sev.RANK[theirs] > sev.RANK.get(mine, 0):
        props["severity"] = theirs
        props["security-severity"] = other.get("security-severity") or f"{sev.SCORE_FOR[theirs]:.1f}"
        if other.get("severitySource"):
            props["severitySource"] = other["severitySource"]
        kept.level = LEVEL_FOR[theirs]
        rules = kept_run.tool.driver.rules or []
        index = kept.rule_index
        if isinstance(index, int) and 0 <= index < len(rules):
            rule_props = rules[index].properties if isinstance(rules[index].properties, dict) else {}
            try:
                current = float(rule_props.get("security-severity") or 0.0)
            except (TypeError, ValueError):
                current = 0.0
            rule_props["security-severity"] = f"{max(current, float(props['security-severity'])):.1f}"
            rules[index].properties = rule_props


def _same_line_secrets(
    runs: list[sarif_om.Run],
    siblings: dict[Key, tuple[sarif_om.Result, sarif_om.Run, str]],
    dropped: set[int],
    removed: dict[tuple[str, str], int],
) -> None:
    """An engine's other secrets on a line where one of its secrets was another engine's:
    the same value reported again by another of its detectors (detect-secrets reports a
    GitHub token as ``github-token`` and ``base64-high-entropy-string``, and hashes only the
    ``ghp`` prefix for the first), merged into the same result."""
    for run in runs:
        health = _health(run)
        scanner, stage = str(health.get("scanner") or ""), str(health.get("stage") or "")
        counts: dict[str, int] = dict(health.get("deduplicated") or {})
        for result in run.results or []:
            if id(result) in dropped:
                continue
            place = _place(result)
            props = _props(result)
            if place is None or not (props.get("category") == "secrets" or "secretType" in props):
                continue
            match = siblings.get((scanner, stage, bool(result.suppressions), *place))
            if match is None:
                continue
            _absorb(match[0], match[1], result, scanner)
            dropped.add(id(result))
            counts[str(result.rule_id)] = counts.get(str(result.rule_id), 0) + 1
            removed[(scanner, stage)] = removed.get((scanner, stage), 0) + 1
        if counts:
            health["deduplicated"] = dict(sorted(counts.items()))


def deduplicate(runs: Iterable[sarif_om.Run], pairs: Iterable[Pair] = EQUIVALENT) -> dict[tuple[str, str], int]:
    """Keep one result per problem across the normalized ``runs`` (see the module
    docstring), removing the others from their runs. Returns how many results left each
    (scanner, stage). Linear in the number of results; idempotent."""
    runs = list(runs)
    pair_of: dict[tuple[str, str], Pair] = {}
    for p in pairs:
        pair_of[(p.kept_scanner, p.kept_rule)] = p
        pair_of[(p.dropped_scanner, p.dropped_rule)] = p
    index: dict[Key, tuple[sarif_om.Result, sarif_om.Run, str]] = {}
    #: (engine, stage, suppressed, uri, line) -> the result one of its secrets there merged into
    siblings: dict[Key, tuple[sarif_om.Result, sarif_om.Run, str]] = {}
    dropped: set[int] = set()
    removed: dict[tuple[str, str], int] = {}
    for run in sorted(runs, key=lambda r: _rank(str(_health(r).get("scanner") or ""))):  # stable: ties keep order
        health = _health(run)
        scanner, stage = str(health.get("scanner") or ""), str(health.get("stage") or "")
        counts: dict[str, int] = {}
        for result in run.results or []:
            keys = problem_keys(result, scanner, stage, pair_of)
            match = None
            for key in keys:
                hit = index.get(key)
                if hit is not None and hit[2] != scanner:
                    match = hit
                    break
            if match is None:
                for key in keys:
                    index.setdefault(key, (result, run, scanner))
                continue
            _absorb(match[0], match[1], result, scanner)
            dropped.add(id(result))
            counts[str(result.rule_id)] = counts.get(str(result.rule_id), 0) + 1
            if keys[0][0] == "secret":
                siblings.setdefault((scanner, *keys[0][1:5]), match)
        if counts:
            health["deduplicated"] = dict(sorted(counts.items()))
            removed[(scanner, stage)] = sum(counts.values())
    if siblings:
        _same_line_secrets(runs, siblings, dropped, removed)
    for run in runs:
        if dropped and removed.get((str(_health(run).get("scanner") or ""), str(_health(run).get("stage") or ""))):
            run.results = [r for r in run.results or [] if id(r) not in dropped]
        for result in run.results or []:
            if isinstance(result.properties, dict):
                result.properties.pop(SECRET_IDENTITY, None)
                result.properties.pop(SECRET_AT, None)
    return removed
