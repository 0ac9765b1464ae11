"""Configuration: ``shiftleft.yaml`` (or ``.shiftleft.yaml``) or ``[tool.shiftleft]`` in
pyproject.toml. Defaults work with no file at all.

Validation reports the file and line of the offending key, with a "did you mean" for
misspelt keys, because a silently ignored typo in a security gate is a gate that is off.
"""

from __future__ import annotations

import difflib
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from shiftleft.severity import SEVERITIES
from shiftleft.yaml_lines import node_line

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = ("shiftleft.yaml", "shiftleft.yml", ".shiftleft.yaml", ".shiftleft.yml")
STAGE_NAMES = ("code", "build", "test", "deploy")


class ConfigError(Exception):
    """A config problem, already phrased for the user as ``file:line: message``."""


@dataclass(frozen=True)
class ScannerConfig:
    enabled: bool = True
    timeout: float | None = None
    required: bool | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GateConfig:
    fail_on: str = "high"
    fail_on_secrets: bool = True
    require_scanners: bool = True
    max_advisory_age_days: int | None = None
    #: gate preset name (default, strict, audit-only) or a gate policy file
    preset: str | None = None


@dataclass(frozen=True)
class Config:
    stages: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    default_excludes: bool = True
    timeout: float = 900.0
    scanners: Mapping[str, ScannerConfig] = field(default_factory=dict)
    gate: GateConfig = field(default_factory=GateConfig)
    advisories: Mapping[str, Any] = field(default_factory=dict)
    history: Mapping[str, Any] = field(default_factory=dict)
    #: extra policy files (gates and frameworks)
    policies: tuple[str, ...] = ()
    #: framework ids to evaluate (None: every shipped one)
    frameworks: tuple[str, ...] | None = None
    #: the waiver file
    waivers: str | None = None
    #: the ``gate:`` keys the file set, so only those override a preset
    gate_keys: frozenset[str] = frozenset()
    source: Path | None = None

    def scanner(self, name: str) -> ScannerConfig:
        return self.scanners.get(name, ScannerConfig())


# --- the schema: key -> validator; a validator takes (value, path) and returns the value ---

Validator = Callable[[Any, tuple[str, ...]], Any]


class _Invalid(Exception):
    def __init__(self, path: tuple[str, ...], message: str) -> None:
        super().__init__(message)
        self.path = path


def _type_name(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "true/false"}
    return names.get(type(value), type(value).__name__)


def _bool(value: Any, path: tuple[str, ...]) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(path, f"expected true or false, got {_type_name(value)}")
    return value


def _positive_number(value: Any, path: tuple[str, ...]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:  # NaN fails too
        raise _Invalid(path, f"expected a positive number of seconds, got {value!r}")
    return float(value)


def _positive_int(value: Any, path: tuple[str, ...]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _Invalid(path, f"expected a positive whole number, got {value!r}")
    return value


def _str(value: Any, path: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise _Invalid(path, f"expected a string, got {_type_name(value)}")
    return value


def _one_of(choices: Sequence[str]) -> Validator:
    def check(value: Any, path: tuple[str, ...]) -> str:
        if value not in choices:
            hint = _did_you_mean(str(value), choices)
            raise _Invalid(path, f"{value!r} is not one of {', '.join(choices)}{hint}")
        return str(value)

    return check


def _list_of(item: Validator) -> Validator:
    def check(value: Any, path: tuple[str, ...]) -> tuple[Any, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise _Invalid(path, f"expected a list, got {_type_name(value)}")
        return tuple(item(v, (*path, str(i))) for i, v in enumerate(value))

    return check


def _mapping(value: Any, path: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(path, f"expected a mapping, got {_type_name(value)}")
    return value


# validators scanner adapters use to declare their options (``Scanner.options``)
boolean = _bool
text = _str
positive_int = _positive_int
positive_number = _positive_number
one_of = _one_of
list_of = _list_of


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    lowered = {c.lower(): c for c in choices}  # so "HIGH" suggests 'high'
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean {lowered[close[0]]!r}?)" if close else ""


def _keys(data: dict[str, Any], allowed: Mapping[str, Validator], path: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in allowed:
            where = ".".join(path) or "the top level"
            raise _Invalid((*path, str(key)), f"unknown key {key!r} in {where}{_did_you_mean(str(key), list(allowed))}")
        out[key] = allowed[key](value, (*path, key))
    return out


_SCANNER_KEYS: dict[str, Validator] = {
    "enabled": _bool,
    "timeout": _positive_number,
    "required": _bool,
    "options": _mapping,
}
_GATE_KEYS: dict[str, Validator] = {
    "fail_on": _one_of(SEVERITIES),
    "fail_on_secrets": _bool,
    "require_scanners": _bool,
    "max_advisory_age_days": _positive_int,
    "preset": _str,
}
_ADVISORY_KEYS: dict[str, Validator] = {"db": _str, "max_age_days": _positive_int, "online": _bool}
_HISTORY_KEYS: dict[str, Validator] = {"path": _str, "enabled": _bool}


def _scanners(known: Sequence[str] | Mapping[str, Mapping[str, Validator] | None]) -> Validator:
    """``known``: scanner names, or name -> the validators of the options it accepts (None
    for a plugin that declares none: its options are passed through unchecked)."""
    names = list(known)
    schemas: Mapping[str, Mapping[str, Validator] | None] = known if isinstance(known, Mapping) else {}

    def check(value: Any, path: tuple[str, ...]) -> dict[str, ScannerConfig]:
        out: dict[str, ScannerConfig] = {}
        for name, body in _mapping(value, path).items():
            if names and name not in names:
                raise _Invalid(
                    (*path, name), f"unknown scanner {name!r}{_did_you_mean(name, names)}; known: {', '.join(names)}"
                )
            if body is None:
                body = {}
            if isinstance(body, bool):
                out[name] = ScannerConfig(enabled=body)
                continue
            fields = _keys(_mapping(body, (*path, name)), _SCANNER_KEYS, (*path, name))
            schema = schemas.get(name)
            if schema is not None and "options" in fields:
                fields["options"] = _keys(fields["options"], schema, (*path, name, "options"))
            out[name] = ScannerConfig(**fields)
        return out

    return check


def _gate(value: Any, path: tuple[str, ...]) -> GateConfig:
    return GateConfig(**_keys(_mapping(value, path), _GATE_KEYS, path))


def _advisories(value: Any, path: tuple[str, ...]) -> dict[str, Any]:
    return _keys(_mapping(value, path), _ADVISORY_KEYS, path)


def _history(value: Any, path: tuple[str, ...]) -> dict[str, Any]:
    return _keys(_mapping(value, path), _HISTORY_KEYS, path)


def _top_keys(known_scanners: Sequence[str] | Mapping[str, Mapping[str, Validator] | None]) -> dict[str, Validator]:
    return {
        "stages": _list_of(_one_of(STAGE_NAMES)),
        "exclude": _list_of(_str),
        "default_excludes": _bool,
        "timeout": _positive_number,
        "scanners": _scanners(known_scanners),
        "gate": _gate,
        "advisories": _advisories,
        "history": _history,
        "policies": _list_of(_str),
        "frameworks": _list_of(_str),
        "waivers": _str,
    }


KnownScanners = Sequence[str] | Mapping[str, Mapping[str, Validator] | None]


def parse(data: Any, known_scanners: KnownScanners = (), source: Path | None = None) -> Config:
    """Validate already-loaded config data; raises _Invalid with the key path."""
    if data is None:
        data = {}
    fields = _keys(_mapping(data, ()), _top_keys(known_scanners), ())
    gate_keys = frozenset(data.get("gate") or {})
    age = (fields.get("advisories") or {}).get("max_age_days")
    if age and "max_advisory_age_days" not in gate_keys:
        # advisories.max_age_days is the same threshold, spelled where users look for it
        fields["gate"] = replace(fields.get("gate") or GateConfig(), max_advisory_age_days=age)
        gate_keys |= {"max_advisory_age_days"}
    return Config(source=source, gate_keys=gate_keys, **fields)


# --- locating errors in the file -------------------------------------------------------


def _toml_line(text: str, path: tuple[str, ...]) -> int | None:
    """Best effort: the first line after [tool.shiftleft...] that names the last key."""
    lines = text.splitlines()
    in_section = False
    key = path[-1] if path else ""
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if stripped.startswith("["):
            in_section = stripped.strip("[]").startswith("tool.shiftleft")
            if in_section and key and stripped.strip("[]").endswith("." + key):
                return number
            continue
        if in_section and key and (stripped.startswith(f"{key} ") or stripped.startswith(f"{key}=")):
            return number
    return None


def load(path: Path | None, cwd: Path, known_scanners: KnownScanners = ()) -> Config:
    """Load the config from ``path``, or look for one in ``cwd``; no file means defaults."""
    if path is None:
        for name in CONFIG_NAMES:
            if (cwd / name).is_file():
                path = cwd / name
                break
        else:
            pyproject = cwd / "pyproject.toml"
            if pyproject.is_file():
                return _load_pyproject(pyproject, known_scanners, required=False)
            return Config()
    if not path.exists():
        raise ConfigError(f"{path}: config file not found")
    if not path.is_file():
        raise ConfigError(f"{path}: not a file")
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        return _load_pyproject(path, known_scanners, required=True)
    text = _read(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}:{where} invalid YAML: {problem}") from None
    try:
        return parse(data, known_scanners, path)
    except _Invalid as exc:
        line = node_line(text, exc.path)
        raise ConfigError(f"{path}:{line or 1}: {exc}") from None


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a UTF-8 text file") from None


def _load_pyproject(path: Path, known: KnownScanners, *, required: bool) -> Config:
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    section = data.get("tool", {}).get("shiftleft")
    if section is None:
        if required:
            raise ConfigError(f"{path}: has no [tool.shiftleft] section")
        return Config()
    try:
        return parse(section, known, path)
    except _Invalid as exc:
        line = _toml_line(text, exc.path)
        raise ConfigError(f"{path}:{line or 1}: {exc}") from None
