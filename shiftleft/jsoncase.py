"""JSON field names, one casing: camelCase, as SARIF spells its own.

Every record shiftleft writes as JSON (scorecard.json, the audit bundle, its own SARIF
property bags) names a Python field ``rule_id`` as ``ruleId``; the records stay snake_case
in Python. Only *field names* are converted, never the keys of a data map (severities,
ecosystems, waiver ids), which are values and are written as they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from enum import Enum
from typing import Any


def camel(name: str) -> str:
    """``rule_id`` -> ``ruleId``, ``not-assessed`` -> ``notAssessed``; already camel stays."""
    head, *rest = name.replace("-", "_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def snake(name: str) -> str:
    """The field name as it was spelled in JSON before camelCase (scorecard.json v1)."""
    return name


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def record(obj: Any, *, skip: Collection[str] = ()) -> dict[str, Any]:
    """A flat dataclass record as a JSON object: camelCase field names, tuples as lists,
    enums as their values, data maps copied with their keys unchanged."""
    return {camel(f.name): _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name not in skip}


def _tupled(value: Any) -> Any:
    return tuple(_tupled(v) for v in value) if isinstance(value, list) else value


def from_record(cls: type, item: dict[str, Any], key: Callable[[str], str] = camel) -> dict[str, Any]:
    """Keyword arguments for ``cls`` from a JSON object written by :func:`record` (``key``
    spells a field name as that version of the file did); lists back to tuples, absent
    fields left to their defaults, unknown keys ignored (a schema has refused them)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        name = key(f.name)
        if name in item:
            value = item[name]
            out[f.name] = dict(value) if isinstance(value, dict) else _tupled(value)
    return out
