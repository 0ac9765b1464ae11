"""Reading and writing SARIF through the sarif-om object model.

sarif-om gives attrs classes generated from the SARIF 2.1.0 schema but no (de)serializer.
Both directions here are driven by the schema itself: each attrs field carries its JSON
property name in ``metadata["schema_property_name"]``, and the schema's ``$ref`` of that
property names the class to build.  Free-form objects (property bags, fingerprint maps,
message argument maps) stay plain ``dict`` so arbitrary keys survive a round trip.

Reading is of hostile input (a tool's output on the scanned repository): ``from_dict``
refuses what is not an object (TypeError) and SARIF nested deeper than ``MAX_DEPTH``
objects (ValueError) instead of recursing without bound, and a ``properties`` that is not
an object is kept under ``properties.unrecognized`` rather than passed on as a bag that
is not one. Callers turn both errors into a failed run.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import attr
import sarif_om

from shiftleft.sarif import ingest

SCHEMA_RESOURCE = "sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
#: written even when equal to the schema default: a missing ``level`` means "the rule's
#: default level", not "warning", so an explicit level must survive serialization
ALWAYS_WRITTEN = frozenset({"level"})
#: deepest nesting of SARIF objects read (the schema recurses: exceptions, graph nodes)
MAX_DEPTH = 64


@functools.cache
def sarif_schema() -> dict[str, Any]:
    """The SARIF 2.1.0 JSON schema shipped with the package."""
    text = resources.files("shiftleft.sarif").joinpath("schema").joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _class_for_definition(name: str) -> type | None:
    cls = getattr(sarif_om, name[:1].upper() + name[1:], None)
    return cls if isinstance(cls, type) and attr.has(cls) else None


def _ref_name(prop: dict[str, Any]) -> tuple[str | None, bool]:
    """The definition a schema property refers to, and whether it is an array of them."""
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1], False
    items = prop.get("items")
    if isinstance(items, dict) and "$ref" in items:
        return str(items["$ref"]).rsplit("/", 1)[-1], True
    return None, False


@functools.cache
def _field_classes(cls: type) -> dict[str, tuple[type | None, bool]]:
    """For one sarif-om class: JSON property name -> (nested class or None, is_array)."""
    schema = sarif_schema()
    if cls is sarif_om.SarifLog:
        props = schema["properties"]
    else:
        name = cls.__name__[:1].lower() + cls.__name__[1:]
        props = schema["definitions"][name]["properties"]
    out: dict[str, tuple[type | None, bool]] = {}
    for json_name, prop in props.items():
        ref, is_array = _ref_name(prop)
        nested = _class_for_definition(ref) if ref else None
        if nested is sarif_om.PropertyBag:
            nested = None  # property bags keep arbitrary keys: plain dicts
        out[json_name] = (nested, is_array)
    return out


@functools.cache
def _attr_names(cls: type) -> dict[str, str]:
    return {f.metadata["schema_property_name"]: f.name for f in attr.fields(cls)}


@functools.cache
def _defaulted(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` with a default other than None (see ``from_dict``)."""
    return tuple(f.name for f in attr.fields(cls) if f.default not in (attr.NOTHING, None))


def from_dict(cls: type, data: dict[str, Any], _depth: int = 0) -> Any:
    """Build a sarif-om object of ``cls`` from parsed SARIF JSON; unknown keys are kept
    in ``properties`` under ``unrecognized`` rather than silently dropped."""
    if not isinstance(data, dict):
        raise TypeError(f"expected a SARIF {cls.__name__} object, got {type(data).__name__}")
    if _depth > MAX_DEPTH:
        raise ValueError(f"SARIF nested deeper than {MAX_DEPTH} objects")
    names = _attr_names(cls)
    classes = _field_classes(cls)
    kwargs: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    for key, value in data.items():
        attr_name = names.get(key)
        if attr_name is None:
            if key != "$schema":
                unknown[key] = value
            continue
        nested, is_array = classes.get(key, (None, False))
        if nested is not None and value is not None:
            if is_array and isinstance(value, list):
                value = [from_dict(nested, v, _depth + 1) if isinstance(v, dict) else v for v in value]
            elif isinstance(value, dict):
                value = from_dict(nested, value, _depth + 1)
        kwargs[attr_name] = value
    bag = kwargs.get("properties")
    if bag is not None and not isinstance(bag, dict):
        unknown["properties"] = bag  # a property bag is an object; anything else is kept aside
        kwargs["properties"] = {}
    if unknown and "properties" in names:
        props = dict(kwargs.get("properties") or {})
        kept = props.get("unrecognized")
        props["unrecognized"] = {**(kept if isinstance(kept, dict) else {"unrecognized": kept} if kept else {}),
                                 **unknown}  # fmt: skip
        kwargs["properties"] = props
    for name in _defaulted(cls):
        # absent stays absent: sarif-om's defaults (level "warning", rank -1 ...) would
        # otherwise be written back explicitly, and an explicit result level overrides the
        # rule's defaultConfiguration level, which changes the meaning
        if name not in kwargs:
            kwargs[name] = None
    return cls(**kwargs)


def to_dict(obj: Any) -> Any:
    """Serialize a sarif-om object tree to JSON-ready data with camelCase keys.

    Fields equal to their schema default (``None``, ``level="warning"``, ``rank=-1`` ...)
    are omitted, as the SARIF spec allows and consumers expect."""
    if attr.has(type(obj)):
        out: dict[str, Any] = {}
        for field in attr.fields(type(obj)):
            value = getattr(obj, field.name)
            if value is None:
                continue
            default = field.default
            if (
                field.name not in ALWAYS_WRITTEN
                and default is not attr.NOTHING
                and not isinstance(default, attr.Factory)  # type: ignore[arg-type]
                and value == default
            ):
                continue
            out[field.metadata["schema_property_name"]] = to_dict(value)
        return out
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    return obj


def log_to_dict(log: sarif_om.SarifLog) -> dict[str, Any]:
    data: dict[str, Any] = {"$schema": SARIF_SCHEMA_URI}
    data.update(to_dict(log))
    data["version"] = SARIF_VERSION
    return data


def log_from_dict(data: dict[str, Any]) -> sarif_om.SarifLog:
    log: sarif_om.SarifLog = from_dict(sarif_om.SarifLog, data)
    log.schema_uri = None
    return log


def run_from_dict(data: dict[str, Any]) -> sarif_om.Run:
    """A tool's SARIF run, as an adapter ingests it: without the verdicts only shiftleft
    gives (its ``properties.shiftleft``, execution success, baseline state, external
    suppressions; see ``shiftleft.sarif.ingest``)."""
    run: sarif_om.Run = from_dict(sarif_om.Run, data)
    return ingest.discard_tool_claims(run)
