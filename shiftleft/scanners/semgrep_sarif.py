"""semgrep's JSON report as the SARIF run semgrep itself would write, from the rules it ran.

Why we build it: semgrep's OCaml command line (``semgrep scan --experimental``) starts in a
tenth of the time of its Python one (one Python file, the Python pack: 0.4 s against 3.0 s,
semgrep 1.182), finds the same results, but writes one report, to standard output, in one
format. A scan needs two things only the JSON report has (the path of each file semgrep could
not parse, and the list of files it did scan) and the SARIF one for everything else. So semgrep
writes JSON and this module writes the SARIF run from it and from the rules it was given, the
way semgrep's own SARIF formatter does (``tests/e2e/test_semgrep_sarif.py`` holds the two side
by side for every bundled rule and for rule files of other shapes):

- one descriptor per rule, sorted by id: the message as full description and help, the
  references (``metadata.source`` first, as "Semgrep Rule") in the help's markdown, the
  severity as level, and the CWE, OWASP, confidence and ``metadata.tags`` as tags;
- one result per match: the rule id as the rule declares it (semgrep prefixes it with the
  rule file's dotted path), the message semgrep interpolated, the region, the matched lines of
  the file as snippet (semgrep's JSON withholds them without a login);
- one notification per error semgrep reported.

semgrep's formatter fails on the ``EXPERIMENT`` and ``INVENTORY`` severities; here they are
notes. Work is linear in the report and the rules; each file is read once for its snippets
and only if semgrep matched in it; a file over ``MAX_SNIPPET_SOURCE_BYTES`` gives its results
no snippet (the results stay).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from shiftleft.paths import read_bounded

#: semgrep's rule severities and the SARIF level its formatter gives each
LEVELS = {
    "ERROR": "error", "CRITICAL": "error", "HIGH": "error",
    "WARNING": "warning", "MEDIUM": "warning",
    "INFO": "note", "LOW": "note", "EXPERIMENT": "note", "INVENTORY": "note",
}  # fmt: skip
#: larger source files give their results no snippet (a scan has semgrep analyse any size)
MAX_SNIPPET_SOURCE_BYTES = 4 * 1024 * 1024
#: semgrep's error levels and SARIF's notification levels
_NOTIFICATION_LEVELS = {"error": "error", "warn": "warning", "warning": "warning", "info": "note"}


def _strings(value: object) -> list[str]:
    """A metadata value semgrep accepts as one string or a list of them, as a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int, float))]
    return []


def rule_descriptor(rule: Mapping[str, Any]) -> dict[str, Any]:
    """The SARIF reporting descriptor semgrep writes for ``rule`` (a rule as loaded)."""
    rule_id = str(rule.get("id", ""))
    message = str(rule.get("message", ""))
    meta = rule.get("metadata") if isinstance(rule.get("metadata"), dict) else {}
    assert isinstance(meta, dict)
    cwes, owasp = _strings(meta.get("cwe")), _strings(meta.get("owasp"))
    tags = set(cwes) | {f"OWASP-{item}" for item in owasp} | set(_strings(meta.get("tags")))
    if isinstance(meta.get("confidence"), str):
        tags.add(f"{meta['confidence']} CONFIDENCE")
    if cwes or owasp:
        tags.add("security")
    source = meta.get("source") if isinstance(meta.get("source"), str) else None
    links = ([f" - [Semgrep Rule]({source})\n"] if source else []) + [
        f" - [{ref}]({ref})\n" for ref in _strings(meta.get("references"))
    ]
    markdown = f"{message}\n\n<b>References:</b>\n{''.join(links)}" if links else message
    descriptor: dict[str, Any] = {
        "defaultConfiguration": {"level": LEVELS.get(str(rule.get("severity", "")).upper(), "warning")},
        "fullDescription": {"text": message},
        "help": {"markdown": markdown, "text": message},
        "id": rule_id,
        "name": rule_id,
        "properties": {"precision": "very-high", "tags": sorted(tags)},
        "shortDescription": {"text": f"Semgrep Finding: {rule_id}"},
    }
    if source:
        descriptor["helpUri"] = source
    if "security-severity" in meta:
        descriptor["properties"]["security-severity"] = meta["security-severity"]
    return descriptor


class _Snippets:
    """The lines of the files results are in, each file read once (and only those files)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lines: dict[str, list[str] | None] = {}

    def text(self, path: str, first: int, last: int) -> str | None:
        if path not in self._lines:
            self._lines[path] = self._read(path)
        lines = self._lines[path]
        if lines is None or first < 1 or last < first or first > len(lines):
            return None
        return "\n".join(lines[first - 1 : last])

    def _read(self, path: str) -> list[str] | None:
        """The file's lines as semgrep cuts them (on LF, a CR before it dropped); None for a
        file that is not a regular one under the root, or too large."""
        target = Path(path) if Path(path).is_absolute() else self.root / path
        try:
            resolved = target.resolve(strict=True)
            resolved.relative_to(self.root)
            # regular and within the bound, checked once open (a FIFO swapped in is not read)
            data, _status = read_bounded(resolved, MAX_SNIPPET_SOURCE_BYTES)
        except (OSError, ValueError, RuntimeError):
            return None
        return [line.removesuffix("\r") for line in data.decode("utf-8", "replace").split("\n")]


def strip_prefix(rule_id: str, known: set[str]) -> str:
    """semgrep prefixes rule ids with the config file's dotted path
    (``work.main.shiftleft.rules.semgrep.<id>``, ``...<id>`` for a relative one); give back
    the longest declared id it ends with (one look-up per dot, not one per rule)."""
    if rule_id in known:
        return rule_id
    start = rule_id.find(".")
    while start != -1:
        if rule_id[start + 1 :] in known:
            return rule_id[start + 1 :]
        start = rule_id.find(".", start + 1)
    return rule_id


def _position(value: object) -> tuple[int, int]:
    """A JSON ``start`` / ``end`` as (line, column); 0 for what is missing."""
    if not isinstance(value, dict):
        return 0, 0
    line, col = value.get("line"), value.get("col")
    return (line if isinstance(line, int) else 0), (col if isinstance(col, int) else 0)


def _result(match: Mapping[str, Any], snippets: _Snippets, known: set[str]) -> dict[str, Any] | None:
    path, rule_id = match.get("path"), match.get("check_id")
    if not isinstance(path, str) or not isinstance(rule_id, str):
        return None
    rule_id = strip_prefix(rule_id, known)
    extra = match.get("extra") if isinstance(match.get("extra"), dict) else {}
    assert isinstance(extra, dict)
    (start_line, start_col), (end_line, end_col) = _position(match.get("start")), _position(match.get("end"))
    region: dict[str, Any] = {"startLine": max(start_line, 1), "startColumn": max(start_col, 1)}
    if end_line >= start_line and end_line > 0:
        region["endLine"] = end_line
        if end_col > 0:
            region["endColumn"] = end_col
    snippet = snippets.text(path, start_line, max(end_line, start_line))
    if snippet is not None:
        region["snippet"] = {"text": snippet}
    physical = {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}, "region": region}
    result: dict[str, Any] = {
        "locations": [{"physicalLocation": physical}],
        "message": {"text": str(extra.get("message", ""))},
        "properties": {},
        "ruleId": rule_id,
    }
    fingerprint = extra.get("fingerprint")
    if isinstance(fingerprint, str) and fingerprint:
        result["fingerprints"] = {"matchBasedId/v1": fingerprint}
    return result


def _notification(error: Mapping[str, Any]) -> dict[str, Any]:
    kind = error.get("type")
    kind = kind[0] if isinstance(kind, list) and kind else kind
    return {
        "descriptor": {"id": str(kind or "error")},
        "level": _NOTIFICATION_LEVELS.get(str(error.get("level", "")), "warning"),
        "message": {"text": str(error.get("message", ""))},
    }


def sarif_run(report: Mapping[str, Any], rules: Iterable[Mapping[str, Any]], root: Path) -> dict[str, Any]:
    """The SARIF run (a dict) semgrep would have written with the JSON ``report`` it wrote
    after running ``rules`` on files under ``root``."""
    snippets = _Snippets(root.resolve())
    matches = report.get("results") if isinstance(report.get("results"), list) else []
    errors = report.get("errors") if isinstance(report.get("errors"), list) else []
    assert isinstance(matches, list) and isinstance(errors, list)
    descriptors = {str(rule.get("id")): rule_descriptor(rule) for rule in rules if isinstance(rule, Mapping)}
    known = set(descriptors)
    results = [r for r in (_result(m, snippets, known) for m in matches if isinstance(m, dict)) if r is not None]
    version = report.get("version")
    driver: dict[str, Any] = {"name": "Semgrep OSS", "rules": [descriptors[k] for k in sorted(descriptors)]}
    if isinstance(version, str):
        driver["semanticVersion"] = version
    return {
        "invocations": [{
            "executionSuccessful": True,
            "toolExecutionNotifications": [_notification(e) for e in errors if isinstance(e, dict)],
        }],
        "results": results,
        "tool": {"driver": driver},
    }  # fmt: skip


def unscanned(report: Mapping[str, Any], given: Iterable[str]) -> list[str]:
    """The files of ``given`` (as passed to semgrep) that its report does not list as scanned:
    left out by a rule of its own (its size limit, an ignore file it read), never assessed."""
    paths = report.get("paths") if isinstance(report.get("paths"), dict) else {}
    assert isinstance(paths, dict)
    scanned = paths.get("scanned")
    done = {p for p in scanned if isinstance(p, str)} if isinstance(scanned, list) else set()
    return [path for path in given if path not in done]
