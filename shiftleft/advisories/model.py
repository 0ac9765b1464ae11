"""Typed, immutable view of one OSV advisory (https://ossf.github.io/osv-schema/).

Only the fields matching and reporting need are kept. Parsing is strict about what the
matcher relies on (``id``, ``modified``, the shape of ``affected``) and lenient about the
rest, so a malformed advisory is rejected with a reason instead of producing a wrong match.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shiftleft.advisories.errors import InvalidAdvisory
from shiftleft.advisories.names import base_ecosystem, canonical_name

EVENT_KINDS = ("introduced", "fixed", "last_affected", "limit")


@dataclass(frozen=True)
class Event:
    """One OSV range event: ``kind`` is introduced, fixed, last_affected or limit."""

    kind: str
    version: str


@dataclass(frozen=True)
class Range:
    """An OSV range. ``type`` GIT ranges carry commit hashes and cannot be evaluated
    against a package version, so they only ever make a package *not assessed*."""

    type: str
    events: tuple[Event, ...]

    @functools.cached_property
    def prepared(self) -> dict[str, Any]:
        """Per version scheme, the parsed and sorted events (filled by the matcher): an
        advisory is parsed once per scan but evaluated for every version of a package."""
        return {}


@dataclass(frozen=True)
class Affected:
    """One ``affected[]`` entry: a package and the versions of it that are vulnerable."""

    ecosystem: str
    name: str
    ranges: tuple[Range, ...]
    versions: tuple[str, ...]

    @functools.cached_property
    def listed_values(self) -> frozenset[Any]:
        """The ``versions`` list parsed with the ecosystem's scheme, for O(1) equality
        (``1.0`` == ``1.0.0`` in PEP 440); entries that do not parse are left out."""
        from shiftleft.advisories.errors import UnknownVersionScheme
        from shiftleft.advisories.versions import scheme_for, try_parse

        try:
            scheme = scheme_for(self.ecosystem)
        except UnknownVersionScheme:
            return frozenset()
        return frozenset(v for v in (try_parse(scheme, s) for s in self.versions) if v is not None)

    @property
    def key(self) -> tuple[str, str]:
        """The index key: base ecosystem (``Debian:12`` -> ``Debian``) and canonical name."""
        return base_ecosystem(self.ecosystem), canonical_name(self.ecosystem, self.name)


@dataclass(frozen=True)
class Severity:
    """One ``severity[]`` entry, e.g. type ``CVSS_V3`` with a vector string."""

    type: str
    score: str


@dataclass(frozen=True)
class Advisory:
    """The parts of an OSV record shiftleft uses."""

    id: str
    modified: str
    published: str | None
    withdrawn: str | None
    aliases: tuple[str, ...]
    summary: str
    details: str
    severity: tuple[Severity, ...]
    #: ``database_specific.severity`` word (e.g. GitHub's HIGH/MODERATE), the fallback
    #: when the advisory carries no CVSS vector.
    database_severity: str | None
    cwes: tuple[str, ...]
    affected: tuple[Affected, ...]

    @property
    def ecosystems(self) -> frozenset[str]:
        return frozenset(a.key[0] for a in self.affected)


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidAdvisory(f"{what} must be a non-empty string")
    return value


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidAdvisory(f"{what} must be a list")
    return value


def _range(data: Any, where: str) -> Range:
    if not isinstance(data, Mapping):
        raise InvalidAdvisory(f"{where} must be an object")
    rtype = _str(data.get("type"), f"{where}.type")
    events: list[Event] = []
    for i, ev in enumerate(_list(data.get("events"), f"{where}.events")):
        if not isinstance(ev, Mapping) or len(ev) != 1:
            raise InvalidAdvisory(f"{where}.events[{i}] must be an object with exactly one key")
        ((kind, version),) = ev.items()
        if kind not in EVENT_KINDS:
            raise InvalidAdvisory(f"{where}.events[{i}] has unknown event {kind!r}")
        events.append(Event(kind, _str(version, f"{where}.events[{i}].{kind}")))
    return Range(rtype, tuple(events))


def _affected(data: Any, where: str) -> Affected | None:
    if not isinstance(data, Mapping):
        raise InvalidAdvisory(f"{where} must be an object")
    package = data.get("package")
    if package is None:  # allowed by the schema (e.g. GIT-only upstream repos): nothing to index
        return None
    if not isinstance(package, Mapping):
        raise InvalidAdvisory(f"{where}.package must be an object")
    ecosystem = _str(package.get("ecosystem"), f"{where}.package.ecosystem")
    name = _str(package.get("name"), f"{where}.package.name")
    ranges = tuple(_range(r, f"{where}.ranges[{i}]") for i, r in enumerate(_list(data.get("ranges"), "ranges")))
    versions = tuple(str(v) for v in _list(data.get("versions"), f"{where}.versions") if isinstance(v, str) and v)
    return Affected(ecosystem, name, ranges, versions)


def parse_advisory(data: Any) -> Advisory:
    """Build an Advisory from a decoded OSV JSON object; raises InvalidAdvisory."""
    if not isinstance(data, Mapping):
        raise InvalidAdvisory("advisory must be a JSON object")
    adv_id = _str(data.get("id"), "id")
    modified = _str(data.get("modified"), "modified")
    affected: list[Affected] = []
    for i, entry in enumerate(_list(data.get("affected"), "affected")):
        parsed = _affected(entry, f"affected[{i}]")
        if parsed is not None:
            affected.append(parsed)
    severity = tuple(
        Severity(str(s["type"]), str(s["score"]))
        for s in _list(data.get("severity"), "severity")
        if isinstance(s, Mapping) and isinstance(s.get("type"), str) and isinstance(s.get("score"), str)
    )
    dbs = data.get("database_specific")
    db_severity: str | None = None
    cwes: tuple[str, ...] = ()
    if isinstance(dbs, Mapping):
        db_severity = _opt_str(dbs.get("severity"))
        raw_cwes = dbs.get("cwe_ids")
        if isinstance(raw_cwes, list):
            cwes = tuple(c for c in raw_cwes if isinstance(c, str) and c.upper().startswith("CWE-"))
    aliases = tuple(a for a in _list(data.get("aliases"), "aliases") if isinstance(a, str) and a and a != adv_id)
    return Advisory(
        id=adv_id,
        modified=modified,
        published=_opt_str(data.get("published")),
        withdrawn=_opt_str(data.get("withdrawn")),
        aliases=aliases,
        summary=_opt_str(data.get("summary")) or "",
        details=_opt_str(data.get("details")) or "",
        severity=severity,
        database_severity=db_severity,
        cwes=cwes,
        affected=tuple(affected),
    )
