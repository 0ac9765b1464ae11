"""Is this package version affected by this advisory? The OSV evaluation algorithm.

This is the one piece of detection shiftleft owns (DESIGN.md): the OSV schema's range
semantics evaluated with per-ecosystem ordering from ``univers``:

* ``versions``: an enumerated list; the version is affected when it equals one of them.
* ``ECOSYSTEM``/``SEMVER`` ranges: events sorted by version (``introduced: "0"`` first),
  walked in order: introduced at or below -> affected, fixed at or below -> not,
  last_affected strictly below -> not. A ``limit`` bounds the range from above.
* ``GIT`` ranges hold commits, not versions: they cannot be evaluated. When an advisory
  offers nothing else for the package (no evaluable range, no versions list) the package
  is **not assessed** for that advisory, never "not affected".
* withdrawn advisories are ignored.

Several advisories describing one vulnerability (a PYSEC and a GHSA record that alias each
other, imported from two sources) become one ``Match`` carrying every id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from univers import versions as uv

from shiftleft.advisories.errors import UnknownVersionScheme
from shiftleft.advisories.model import Advisory, Affected, Range, Severity
from shiftleft.advisories.names import base_ecosystem, canonical_name
from shiftleft.advisories.versions import ZERO, parse, scheme_for, try_parse


class Status(Enum):
    AFFECTED = "affected"
    NOT_AFFECTED = "not-affected"
    NOT_ASSESSED = "not-assessed"


@dataclass(frozen=True)
class Verdict:
    """The answer for one (package version, advisory)."""

    status: Status
    #: fixed versions named by the advisory for this package (all of them, in order)
    fixed: tuple[str, ...] = ()
    #: why it could not be assessed
    reason: str = ""


@dataclass(frozen=True)
class Match:
    """One vulnerability affecting one package version; merged over aliasing advisories."""

    id: str
    aliases: tuple[str, ...]
    summary: str
    details: str
    fixed: tuple[str, ...]
    severity: tuple[Severity, ...]
    database_severity: str | None
    cwes: tuple[str, ...]
    modified: str
    #: every advisory id merged into this match (``id`` first)
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PackageReport:
    """Everything known about one package version after matching."""

    matches: tuple[Match, ...]
    #: advisories that name the package but could not be evaluated, and why
    not_assessed: tuple[str, ...]


_ORDER = {"introduced": 0, "last_affected": 1, "fixed": 2, "limit": 3}


_Prepared = tuple[list[tuple["uv.Version | None", int, str]], list["uv.Version"]]


def _prepare(rng: Range, scheme: type[uv.Version]) -> _Prepared:
    """Parse and sort a range's events once per scheme (cached on the Range). Raises
    UnknownVersionScheme when an event version cannot be parsed."""
    cached = rng.prepared.get(scheme.__name__)
    if isinstance(cached, UnknownVersionScheme):
        raise cached
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    try:
        parsed: list[tuple[uv.Version | None, int, str]] = []
        limits: list[uv.Version] = []
        for ev in rng.events:
            if ev.kind == "limit":
                if ev.version != "*":
                    limits.append(parse(scheme, ev.version))
                continue
            bound = None if (ev.kind == "introduced" and ev.version == ZERO) else parse(scheme, ev.version)
            parsed.append((bound, _ORDER[ev.kind], ev.kind))
    except UnknownVersionScheme as exc:
        rng.prepared[scheme.__name__] = exc
        raise

    def key(item: tuple[uv.Version | None, int, str]) -> tuple[int, uv.Version | None, int]:
        return (0 if item[0] is None else 1, item[0], item[1])

    ordered = sorted(parsed, key=key)  # type: ignore[arg-type]  # None only ever meets None
    rng.prepared[scheme.__name__] = (ordered, limits)
    return ordered, limits


def _in_range(version: uv.Version, rng: Range, scheme: type[uv.Version]) -> bool:
    """OSV's documented evaluation of one ECOSYSTEM/SEMVER range. Raises
    UnknownVersionScheme when an event version cannot be parsed."""
    ordered, limits = _prepare(rng, scheme)
    if limits and not any(version < lim for lim in limits):
        return False
    affected = False
    for bound, _, kind in ordered:
        if kind == "introduced":
            if bound is None or version >= bound:
                affected = True
        elif kind == "fixed":
            if bound is not None and version >= bound:
                affected = False
        elif kind == "last_affected" and bound is not None and version > bound:
            affected = False
    return affected


def evaluate_affected(entry: Affected, version: uv.Version, raw_version: str) -> Verdict:
    """Verdict of one ``affected[]`` entry for an already-parsed package version."""
    scheme = type(version)
    fixed = tuple(ev.version for r in entry.ranges if r.type != "GIT" for ev in r.events if ev.kind == "fixed")
    if raw_version in entry.versions or (scheme is scheme_for(entry.ecosystem) and version in entry.listed_values):
        return Verdict(Status.AFFECTED, fixed)
    evaluated = False
    problems: list[str] = []
    for rng in entry.ranges:
        if rng.type not in ("ECOSYSTEM", "SEMVER"):
            continue
        try:
            range_scheme = scheme_for(entry.ecosystem, rng.type)
            candidate = version if range_scheme is scheme else parse(range_scheme, raw_version)
            if _in_range(candidate, rng, range_scheme):
                return Verdict(Status.AFFECTED, fixed)
            evaluated = True
        except UnknownVersionScheme as exc:
            problems.append(str(exc))
    if entry.versions:
        return Verdict(Status.NOT_AFFECTED)  # the enumerated list is authoritative
    if problems:
        return Verdict(Status.NOT_ASSESSED, reason="; ".join(problems))
    if evaluated:
        return Verdict(Status.NOT_AFFECTED)
    if any(r.type == "GIT" for r in entry.ranges):
        return Verdict(Status.NOT_ASSESSED, reason="the advisory gives only GIT commit ranges")
    return Verdict(Status.NOT_ASSESSED, reason="the advisory lists no affected versions or ranges")


def same_release(advisory_ecosystem: str, package_ecosystem: str) -> bool:
    """``Debian:11`` advisories do not apply to a ``Debian:12`` package (distributions patch
    per release); an ecosystem without a release suffix on either side matches the base."""
    adv_release = advisory_ecosystem.partition(":")[2]
    pkg_release = package_ecosystem.partition(":")[2]
    return not adv_release or not pkg_release or adv_release == pkg_release


def evaluate(advisory: Advisory, ecosystem: str, name: str, version: str) -> Verdict:
    """Verdict of one advisory for one package version (ignores withdrawn advisories).
    Raises UnknownVersionScheme when the *package* version cannot be ordered."""
    if advisory.withdrawn:
        return Verdict(Status.NOT_AFFECTED)
    key = (base_ecosystem(ecosystem), canonical_name(ecosystem, name))
    entries = [a for a in advisory.affected if a.key == key and same_release(a.ecosystem, ecosystem)]
    if not entries:
        return Verdict(Status.NOT_AFFECTED)
    parsed = parse(scheme_for(ecosystem), version)
    verdicts = [evaluate_affected(e, parsed, version) for e in entries]
    hit = [v for v in verdicts if v.status is Status.AFFECTED]
    if hit:
        return Verdict(Status.AFFECTED, tuple(dict.fromkeys(f for v in hit for f in v.fixed)))
    unknown = [v for v in verdicts if v.status is Status.NOT_ASSESSED]
    if unknown:
        return Verdict(Status.NOT_ASSESSED, reason=unknown[0].reason)
    return Verdict(Status.NOT_AFFECTED)


_PRIMARY_RANK = ("PYSEC-", "RUSTSEC-", "GO-", "GHSA-")


def _rank(adv_id: str) -> tuple[int, str]:
    for i, prefix in enumerate(_PRIMARY_RANK):
        if adv_id.startswith(prefix):
            return i, adv_id
    return len(_PRIMARY_RANK), adv_id


def merge_aliases(hits: Sequence[tuple[Advisory, Verdict]], version: str, scheme: type[uv.Version]) -> list[Match]:
    """Group advisories whose ``{id} | aliases`` sets intersect (transitively) into one
    Match: the same vulnerability imported from two databases is one finding."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for adv, _ in hits:
        for alias in adv.aliases:
            ra, rb = find(adv.id), find(alias)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[tuple[Advisory, Verdict]]] = {}
    for adv, verdict in hits:
        groups.setdefault(find(adv.id), []).append((adv, verdict))
    current = try_parse(scheme, version)
    out: list[Match] = []
    for members in groups.values():
        members.sort(key=lambda m: _rank(m[0].id))
        primary = members[0][0]
        ids = [m[0].id for m in members]
        aliases = sorted({a for m in members for a in (m[0].id, *m[0].aliases)} - {primary.id})
        fixed = _later_fixes((f for _, v in members for f in v.fixed), current, scheme)
        out.append(
            Match(
                id=primary.id,
                aliases=tuple(aliases),
                summary=next((m[0].summary for m in members if m[0].summary), ""),
                details=next((m[0].details for m in members if m[0].details), ""),
                fixed=fixed,
                severity=tuple(s for m in members for s in m[0].severity),
                database_severity=next((m[0].database_severity for m in members if m[0].database_severity), None),
                cwes=tuple(sorted({c.upper() for m in members for c in m[0].cwes})),
                modified=max(m[0].modified for m in members),
                sources=tuple(ids),
            )
        )
    out.sort(key=lambda m: m.id)
    return out


def _later_fixes(fixes: Iterable[str], current: uv.Version | None, scheme: type[uv.Version]) -> tuple[str, ...]:
    """Distinct fixed versions above the installed one, in version order (strings that do
    not parse are kept at the end rather than dropped)."""
    good: dict[str, uv.Version] = {}
    odd: list[str] = []
    for f in dict.fromkeys(fixes):
        v = try_parse(scheme, f)
        if v is None:
            odd.append(f)
        elif current is None or v > current:
            good[f] = v
    return tuple(sorted(good, key=lambda s: good[s])) + tuple(odd)


def match_package(advisories: Iterable[Advisory], ecosystem: str, name: str, version: str) -> PackageReport:
    """Evaluate every advisory indexed under the package. Raises UnknownVersionScheme when
    the package's own version cannot be ordered (the caller reports it not assessed)."""
    scheme = scheme_for(ecosystem)
    parse(scheme, version)
    hits: list[tuple[Advisory, Verdict]] = []
    unknown: list[str] = []
    for adv in advisories:
        verdict = evaluate(adv, ecosystem, name, version)
        if verdict.status is Status.AFFECTED:
            hits.append((adv, verdict))
        elif verdict.status is Status.NOT_ASSESSED:
            unknown.append(f"{adv.id}: {verdict.reason}")
    return PackageReport(tuple(merge_aliases(hits, version, scheme)), tuple(unknown))
