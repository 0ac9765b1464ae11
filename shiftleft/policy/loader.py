"""Load gate and framework files: YAML, validated against policies/schema/policy.schema.json,
turned into the frozen model. Shipped files live in policies/gates and policies/frameworks;
a user's own file in the same format is loaded the same way.

Every problem is a PolicyError naming the file and the line, because a policy that is
half-read is worse than none: it looks like it is enforcing something.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from shiftleft.file_errors import problem_text, shown
from shiftleft.policy.model import (
    Control,
    Framework,
    GatePolicy,
    GateRuleSpec,
    PolicyError,
    Requirement,
    Selector,
)
from shiftleft.resources import policies_dir
from shiftleft.yaml_lines import node_line

if TYPE_CHECKING:  # imported when a file is validated: a scan of the shipped policies does without
    import jsonschema

MAX_POLICY_BYTES = 2 * 1024 * 1024


def schema_path(name: str = "policy") -> Path:
    return policies_dir() / "schema" / f"{name}.schema.json"


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema

    schema = json.loads(schema_path(name).read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator: jsonschema.protocols.Validator = cls(schema)
    return validator


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader that keeps timestamps as the strings they were written as: dates are
    checked by the schema and parsed by us, so 2025-02-30 is a clear error, not a crash."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    assert isinstance(node, yaml.ScalarNode)
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


#: a policy or waiver document expanding to more nodes than this (aliases counted at every
#: use) is refused before it is built: a few lines of nested aliases would otherwise make
#: the schema check and the date conversion walk 10^8 nodes ("billion laughs")
MAX_YAML_NODES = 100_000


class YamlTooLarge(yaml.YAMLError):
    problem = f"aliases expand to more than {MAX_YAML_NODES} nodes, or refer to themselves"
    problem_mark = None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def expanded_size(root: yaml.Node, limit: int = MAX_YAML_NODES) -> int:
    """Nodes of the document once every alias is expanded, in time linear in the distinct
    nodes (each is sized once); YamlTooLarge above ``limit`` or for a self-referring alias."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = min(limit + 1, 1 + sum(sizes[id(c)] for c in _children(node)))
            if sizes[key] > limit:
                raise YamlTooLarge()
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlTooLarge()
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise YamlTooLarge()
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def parse_yaml(text: str) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        expanded_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def read_yaml(path: Path, what: str = "policy") -> tuple[Any, str]:
    """The parsed document and its text; PolicyError for anything unreadable."""
    try:
        if path.stat().st_size > MAX_POLICY_BYTES:
            raise PolicyError(f"{path}: {what} file larger than {MAX_POLICY_BYTES // 1024} KiB")
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise PolicyError(f"{path}: {what} file not found") from None
    except IsADirectoryError:
        raise PolicyError(f"{path}: is a directory, not a {what} file") from None
    except UnicodeDecodeError:
        raise PolicyError(f"{path}: {what} file is not UTF-8 text") from None
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read {what} file: {exc.strerror}") from None
    try:
        return parse_yaml(text), text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PolicyError(f"{path}:{where} invalid YAML: {problem_text(problem)}") from None


def validate(data: Any, text: str, source: Path | str, schema: str = "policy") -> None:
    """Raise PolicyError with the most specific schema error, located in the file."""
    errors = list(_validator(schema).iter_errors(data))
    if not errors:
        return
    from jsonschema.exceptions import best_match

    best = best_match(errors)
    assert best is not None
    where = "/".join(shown(p) for p in best.absolute_path) or "top level"
    line = node_line(text, list(best.absolute_path))
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    raise PolicyError(f"{source}:{line or 1}: {where}: {schema_problem(best)}{more}")


def schema_problem(error: jsonschema.ValidationError) -> str:
    """What the schema says is wrong, in words built from the schema, never from the value:
    jsonschema's own message quotes the offending value, which for a file that is not a
    policy at all (a path pointed at a credentials file) is that file's content."""
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    kind, expected = error.validator, error.validator_value
    if kind == "additionalProperties" and isinstance(error.instance, Mapping):
        known = set(schema.get("properties") or {})
        extra = sorted(shown(k) for k in error.instance if k not in known)
        return f"unknown key(s): {', '.join(extra[:5])}" if extra else "unknown key(s)"
    if kind == "required" and isinstance(error.instance, Mapping) and isinstance(expected, list):
        missing = [str(k) for k in expected if k not in error.instance]
        return f"missing required key(s): {', '.join(missing)}"
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        return f"expected {' or '.join(map(str, names))}"
    if kind in {"enum", "const"}:
        choices = expected if isinstance(expected, list) else [expected]
        listed = ", ".join(map(str, choices[:10])) + (", ..." if len(choices) > 10 else "")
        return f"not one of: {listed}"[:300]
    if kind == "pattern":
        return f"does not match the pattern {expected}"[:300]
    if kind in {"minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum", "exclusiveMinimum",
                "exclusiveMaximum", "minProperties", "maxProperties"}:  # fmt: skip
        return f"fails the {kind} {expected} check"
    if kind == "format":
        return f"is not a valid {expected}"
    if kind == "uniqueItems":
        return "holds the same item twice"
    return f"does not match the schema ({kind})"


# --- building the model ----------------------------------------------------------------


def _many(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def selector(data: Mapping[str, Any]) -> Selector:
    return Selector(
        categories=frozenset(_many(data.get("category"))),
        cwes=frozenset(_many(data.get("cwe"))),
        owasp=frozenset(_many(data.get("owasp"))),
        rules=_many(data.get("rule")),
        exclude_rules=_many(data.get("exclude_rule")),
        paths=_many(data.get("path")),
        severities=frozenset(_many(data.get("severity"))),
        min_severity=data.get("min_severity"),
        stages=frozenset(_many(data.get("stage"))),
        tools=frozenset(_many(data.get("tool"))),
    )


def selectors(data: Any) -> tuple[Selector, ...]:
    if data is None:
        return ()
    items = data if isinstance(data, list) else [data]
    return tuple(selector(item) for item in items)


def requirement(data: Mapping[str, Any]) -> Requirement:
    groups: list[tuple[str, ...]] = []
    for entry in data.get("scanners") or []:
        groups.append(tuple(entry["any_of"]) if isinstance(entry, dict) else (str(entry),))
    evidence = data.get("evidence") or {}
    return Requirement(
        tuple(groups),
        _many(data.get("categories")),
        _many(data.get("stages")),
        _many(data.get("applicable_if")),
        tuple((str(name), _many(kinds)) for name, kinds in sorted(evidence.items())),
    )


def _framework(data: Mapping[str, Any], source: Path | None) -> Framework:
    controls = tuple(
        Control(
            id=str(c["id"]),
            title=str(c["title"]),
            select=selectors(c["select"]),
            requires=requirement(c["requires"]),
            description=str(c.get("description") or "").strip(),
            max=int(c.get("max", 0)),
        )
        for c in data["controls"]
    )
    seen: set[str] = set()
    for control in controls:
        if control.id in seen:
            raise PolicyError(f"{source}: control {shown(control.id)!r} is defined twice")
        seen.add(control.id)
    return Framework(
        id=str(data["id"]),
        title=str(data["title"]),
        version=str(data["version"]),
        controls=controls,
        description=str(data.get("description") or "").strip(),
        url=data.get("url"),
        source=source,
    )


def default_rule_text(rule_type: str, **fields: Any) -> tuple[str, str]:
    """The id and description a gate rule gets when its file names none. The severity,
    secrets and required-scanners texts are the ones the gate always printed, so reports
    and scripts reading rule ids stay stable."""
    if rule_type == "severity":
        sev = fields["fail_on"]
        return f"no-{sev}-or-above", f"no unsuppressed finding of severity {sev} or above"
    if rule_type == "secrets":
        return "no-secrets", "no unsuppressed committed secret"
    if rule_type == "required-scanners":
        return "required-scanners-ran", "every required scanner that applies ran successfully"
    if rule_type == "items-assessed":
        return "items-assessed", "every dependency and image package could be checked (none not assessed)"
    if rule_type == "advisory-age":
        days = fields["max_days"]
        return "advisory-db-fresh", f"the local advisory database is at most {days:g} day(s) old"
    if rule_type == "inline-suppressions":
        sev = fields["at_or_above"]
        return (
            f"no-inline-suppression-{sev}-or-above",
            f"no finding of severity {sev} or above is suppressed by an inline comment",
        )
    if rule_type == "waivers":
        return "waivers-in-date", "no waiver in the waiver file has expired"
    if rule_type == "coverage":
        share = fields.get("min_assessed")
        pct = f"{(0.5 if share is None else share):.0%}"
        return "coverage", f"nothing left unassessed in bulk: no unread manifest, each stage {pct}+ of items checked"
    ident = str(fields.get("id") or "findings")
    return ident, f"at most {fields.get('max', 0)} unsuppressed finding(s) selected by rule {ident}"


def gate_rule(data: Mapping[str, Any]) -> GateRuleSpec:
    rule_type = str(data["type"])
    max_days = data.get("max_days")
    fields: dict[str, Any] = {
        "fail_on": data.get("fail_on"),
        "max_days": float(max_days) if max_days is not None else None,
        "at_or_above": data.get("at_or_above"),
        "id": data.get("id"),
        "max": int(data.get("max", 0)),
        "min_assessed": float(data["min_assessed"]) if data.get("min_assessed") is not None else None,
    }
    auto_id, auto_description = default_rule_text(rule_type, **fields)
    return GateRuleSpec(
        type=rule_type,
        id=str(data.get("id") or auto_id),
        description=str(data.get("description") or auto_description),
        select=selectors(data.get("select")),
        fail_on=fields["fail_on"],
        max=fields["max"],
        scope=str(data.get("scope", "new")),
        scanners=_many(data.get("scanners")),
        max_days=fields["max_days"],
        at_or_above=fields["at_or_above"],
        fail_on_expired=bool(data.get("fail_on_expired", False)),
        min_assessed=fields["min_assessed"],
    )


def _gate(data: Mapping[str, Any], source: Path | None) -> GatePolicy:
    rules = tuple(gate_rule(r) for r in data["rules"])
    ids = [r.id for r in rules]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise PolicyError(f"{source}: gate rule id {shown(duplicate)!r} is used twice; give the rules distinct ids")
    return GatePolicy(
        id=str(data["id"]),
        title=str(data["title"]),
        rules=rules,
        description=str(data.get("description") or "").strip(),
        source=source,
    )


def parse(data: Any, text: str = "", source: Path | None = None, *, trusted: bool = False) -> GatePolicy | Framework:
    """Validate and build one already-loaded policy document. ``trusted`` skips the JSON
    Schema check for the files shipped with shiftleft, which the test suite validates: it
    is half the start-up cost of a scan, paid for nothing."""
    if not trusted:
        validate(data, text, source or "<policy>")
    if data["kind"] == "gate":
        return _gate(data, source)
    return _framework(data, source)


def load(path: Path, *, trusted: bool = False) -> GatePolicy | Framework:
    """A policy file, schema-checked unless ``trusted`` - or unless these very bytes passed
    the check before (``checked_before``): a CI job that names the same policy file on every
    scan pays for the schema checker once, and an edited file is checked again."""
    data, text = read_yaml(path)
    if trusted:
        return parse(data, text, path, trusted=True)
    marker = _checked_marker("policy", text)
    item: GatePolicy | Framework | None = None
    if marker is not None and marker.is_file():
        try:
            item = parse(data, text, path, trusted=True)
        except PolicyError:
            raise
        except Exception:  # noqa: BLE001 - a marker the document does not live up to: check it as new
            item = None
        if item is not None:
            return item
    item = parse(data, text, path)
    _remember_checked(marker)
    return item


#: where ``load`` remembers the documents that passed their schema check: empty files named
#: by digest, under ``$SHIFTLEFT_CACHE_DIR`` (the result cache's directory) or the user cache
#: directory - the user's, never a path the scanned repository or its config can name
CHECKED_DIR = "schema-checked"
_CHECKED_FORMAT = b"shiftleft-schema-checked/1"
CACHE_DIR_ENV = "SHIFTLEFT_CACHE_DIR"


@functools.cache
def _schema_digest(name: str) -> str:
    return hashlib.sha256(schema_path(name).read_bytes()).hexdigest()


def _checked_marker(schema: str, text: str) -> Path | None:
    """The marker of ``text`` having passed ``schema`` (its digest covers the format, our
    version, the schema's bytes and the text's); None when there is no cache directory."""
    from shiftleft import __version__, paths

    try:
        env = os.environ.get(CACHE_DIR_ENV)
        base = Path(env).expanduser() if env else paths.cache_dir()
        parts = (_CHECKED_FORMAT, __version__.encode(), schema.encode(), _schema_digest(schema).encode(),
                 text.encode("utf-8"))  # fmt: skip
        digest = hashlib.sha256(b"\0".join(parts)).hexdigest()
    except (OSError, RuntimeError):
        return None
    return base / CHECKED_DIR / digest[:2] / digest


def _remember_checked(marker: Path | None) -> None:
    if marker is None:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:  # a read-only cache: the next scan checks the file again
        pass


def _load_dir(folder: Path) -> list[GatePolicy | Framework]:
    """The shipped policies (trusted: tests/policy validates every one against the schema)."""
    return [load(p, trusted=True) for p in sorted(folder.glob("*.yaml"))] if folder.is_dir() else []


@functools.cache
def shipped_frameworks() -> dict[str, Framework]:
    out: dict[str, Framework] = {}
    for item in _load_dir(policies_dir() / "frameworks"):
        if not isinstance(item, Framework):
            raise PolicyError(f"{item.source}: policies/frameworks holds a gate, not a framework")
        out[item.id] = item
    return out


@functools.cache
def shipped_gates() -> dict[str, GatePolicy]:
    out: dict[str, GatePolicy] = {}
    for item in _load_dir(policies_dir() / "gates"):
        if not isinstance(item, GatePolicy):
            raise PolicyError(f"{item.source}: policies/gates holds a framework, not a gate")
        out[item.id] = item
    return out


def gate_preset(name: str) -> GatePolicy:
    """A shipped preset by name (``default``, ``strict``, ``audit-only``) or a gate file path."""
    presets = shipped_gates()
    if name in presets:
        return presets[name]
    path = Path(name)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        loaded = load(path)
        if not isinstance(loaded, GatePolicy):
            raise PolicyError(f"{path}: is a framework, not a gate")
        return loaded
    choices = ", ".join(sorted(presets))
    raise PolicyError(f"unknown gate preset {shown(name)!r}; choose from: {choices}, or give a gate file")
