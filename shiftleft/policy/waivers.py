"""Waivers: accepted risks, for every scanner, in one file with an owner and an expiry.

A waiver never deletes a finding. It adds a SARIF suppression (``kind: external``,
``status: accepted``, a justification naming the reason, owner, ticket and expiry) so
the finding stays visible to every consumer of the log while the gate and the controls stop
counting it. An expired waiver stops applying the day after its ``expires`` date (UTC) and
is reported, because a forgotten exception is how accepted risks become incidents.

Scopes: ``fingerprint`` (one finding), ``rule`` (id glob), ``path`` (glob), ``tool``,
``package`` / ``purl`` (globs on the result's properties) and ``advisory`` (the advisory id
or any alias). Every scope key given must match; at least one is required.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shiftleft import globs
from shiftleft.file_errors import shown
from shiftleft.policy.loader import read_yaml, validate
from shiftleft.policy.model import PolicyError
from shiftleft.sarif.uris import result_location

WAIVER_FILE_NAMES = (".shiftleft-waivers.yaml", ".shiftleft-waivers.yml")
#: properties.shiftleft.suppressedBy value of our external suppressions
SOURCE = "shiftleft-waiver"


@dataclass(frozen=True)
class Waiver:
    id: str
    owner: str
    reason: str
    expires: dt.date
    ticket: str | None = None
    fingerprint: str | None = None
    rule: str | None = None
    path: str | None = None
    tool: str | None = None
    package: str | None = None
    purl: str | None = None
    advisory: str | None = None

    def expired(self, today: dt.date) -> bool:
        """Valid through the whole of its ``expires`` day."""
        return today > self.expires

    def justification(self) -> str:
        extra = [self.owner]
        if self.ticket:
            extra.append(self.ticket)
        extra.append(f"expires {self.expires.isoformat()}")
        return f"{self.reason} ({', '.join(extra)})"

    def matches(self, result: Mapping[str, Any], tool: str) -> bool:
        props = result.get("properties") or {}
        if not any(self._names(*who) for who in _reporters(result, str(props.get("tool") or tool))):
            return False
        if self.path and not globs.match(self.path, result_path(result), path=True):
            return False
        if self.package and not globs.match(self.package, str(props.get("package") or "")):
            return False
        if self.purl and not globs.match(self.purl, str(props.get("purl") or "")):
            return False
        return not (self.advisory and self.advisory.upper() not in advisory_ids(result))

    def _names(self, fingerprint: str, rule_id: str, tool: str) -> bool:
        if self.fingerprint and fingerprint != self.fingerprint:
            return False
        if self.rule and not globs.match(self.rule, rule_id):
            return False
        return not (self.tool and self.tool != tool)


def _reporters(result: Mapping[str, Any], tool: str) -> list[tuple[str, str, str]]:
    """(fingerprint, rule id, tool) of a result and of each result merged into it
    (``sarif.dedup``: ``properties.alsoReportedBy``): a waiver written for either tool's
    finding still waives the one problem."""
    out = [(str((result.get("fingerprints") or {}).get("shiftleft/v1") or ""), str(result.get("ruleId") or ""), tool)]
    also = (result.get("properties") or {}).get("alsoReportedBy")
    if isinstance(also, list):
        out.extend((str(a.get("fingerprint") or ""), str(a.get("ruleId") or ""), str(a.get("tool") or ""))
                   for a in also if isinstance(a, dict))  # fmt: skip
    return out


def result_path(result: Mapping[str, Any]) -> str:
    return result_location(dict(result))[0]


def advisory_ids(result: Mapping[str, Any]) -> set[str]:
    """The advisory id and its aliases, upper-cased (GHSA ids are case-insensitive)."""
    props = result.get("properties") or {}
    ids = {str(props.get("advisory") or "")}
    aliases = props.get("aliases") or []
    if isinstance(aliases, list):
        ids.update(str(a) for a in aliases)
    if props.get("advisory") or props.get("aliases"):
        ids.add(str(result.get("ruleId") or ""))
    return {i.upper() for i in ids if i}


def _iso(value: Any) -> Any:
    """YAML turns an unquoted 2025-01-31 into a date; the schema checks strings."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


def parse(data: Any, text: str = "", source: Path | str = "<waivers>") -> tuple[Waiver, ...]:
    data = _iso(data)
    validate(data, text, source, schema="waivers")
    out: list[Waiver] = []
    for index, item in enumerate(data["waivers"]):
        try:
            expires = dt.date.fromisoformat(item["expires"])
        except ValueError:
            raise PolicyError(f"{source}: waivers/{index}/expires: not a real date (YYYY-MM-DD)") from None
        out.append(
            Waiver(
                id=str(item.get("id") or f"waiver-{index + 1}"),
                owner=item["owner"],
                reason=item["reason"].strip(),
                expires=expires,
                ticket=item.get("ticket"),
                fingerprint=item.get("fingerprint"),
                rule=item.get("rule"),
                path=item.get("path"),
                tool=item.get("tool"),
                package=item.get("package"),
                purl=item.get("purl"),
                advisory=item.get("advisory"),
            )
        )
    ids = [w.id for w in out]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise PolicyError(f"{source}: waiver id {shown(duplicate)!r} is used twice")
    return tuple(out)


def load(path: Path) -> tuple[Waiver, ...]:
    data, text = read_yaml(path, "waiver")
    return parse(data, text, path)


def find_file(root: Path) -> Path | None:
    for name in WAIVER_FILE_NAMES:
        candidate = root / name
        # the target is hostile: a waiver "file" that is a link could point anywhere
        if candidate.is_file() and not candidate.is_symlink():
            return candidate
    return None


@dataclass(frozen=True)
class WaiverOutcome:
    applied: dict[str, int]
    expired: dict[str, int]
    #: waivers in date that matched nothing (stale entries to clean up)
    unused: tuple[str, ...]


def _results(sarif: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    for run in sarif.get("runs") or []:
        tool = str(((run.get("properties") or {}).get("shiftleft") or {}).get("scanner") or "")
        for result in run.get("results") or []:
            yield result, tool


def apply(sarif: dict[str, Any], waivers: tuple[Waiver, ...], today: dt.date | None = None) -> WaiverOutcome:
    """Add an external suppression to every result an in-date waiver matches (the first
    matching waiver wins); count what expired waivers would still match."""
    today = today or dt.datetime.now(dt.UTC).date()
    applied = {w.id: 0 for w in waivers if not w.expired(today)}
    expired = {w.id: 0 for w in waivers if w.expired(today)}
    for result, tool in _results(sarif):
        hit = False
        for waiver in waivers:
            if not waiver.matches(result, tool):
                continue
            if waiver.expired(today):
                expired[waiver.id] += 1
                continue
            if hit:
                continue
            hit = True
            applied[waiver.id] += 1
            existing = result.get("suppressions") or []
            if any(((s.get("properties") or {}).get("shiftleft") or {}).get("waiver") == waiver.id for s in existing):
                continue  # applying twice (a re-run on an already waived log) adds nothing
            suppression = {
                "kind": "external",
                "status": "accepted",
                "justification": waiver.justification(),
                "properties": {
                    "shiftleft": {
                        "suppressedBy": SOURCE,
                        "waiver": waiver.id,
                        "owner": waiver.owner,
                        "expires": waiver.expires.isoformat(),
                        **({"ticket": waiver.ticket} if waiver.ticket else {}),
                    }
                },
            }
            result["suppressions"] = [*existing, suppression]
    unused = tuple(i for i, n in applied.items() if n == 0)
    return WaiverOutcome(applied, expired, unused)
