"""Configuration: ``shiftleft.yaml`` (or ``.shiftleft.yaml``) or ``[tool.shiftleft]`` in
pyproject.toml. Defaults work with no file at all.

Validation reports the file and line of the offending key, with a "did you mean" for
misspelt keys, because a silently ignored typo in a security gate is a gate that is off.
Messages never quote a value from the file (a config path may have been pointed at a
credentials file): only file:line, the key (when it is a short plain name) and the type.

Provenance: a file passed with ``--config`` is the operator's (``origin="explicit"``); a file
found in the scanned directory is the repository's (``origin="repository"``) and is held to
the path rule of :mod:`shiftleft.paths`: every file it names must be a regular file inside
the scanned directory, reached without a link that leaves it, and the host-side locations it
names (``history.path``, ``advisories.db``) are ignored with a warning. A config file in the
scanned directory that is itself a symbolic link is not loaded. What a repository config may
change in the gate is decided by :mod:`shiftleft.repo_config`.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from shiftleft import paths
from shiftleft.errors import ShiftleftError
from shiftleft.file_errors import dotted, is_plain, key_name, problem_text
from shiftleft.resources import policies_dir
from shiftleft.severity import SEVERITIES
from shiftleft.yaml_lines import node_line

CONFIG_NAMES = ("shiftleft.yaml", "shiftleft.yml", ".shiftleft.yaml", ".shiftleft.yml")
STAGE_NAMES = ("code", "build", "test", "deploy")
#: a config larger than this is not a config (and reading it whole would be a bomb)
MAX_CONFIG_BYTES = 2 * 1024 * 1024
#: Config.origin values
EXPLICIT = "explicit"
REPOSITORY = "repository"
_PRESET_NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class ConfigError(ShiftleftError):
    """A config problem, already phrased for the user as ``file:line: message``."""


@dataclass(frozen=True)
class ScannerConfig:
    #: None: the scanner's own default (``Scanner.enabled_by_default``)
    enabled: bool | None = None
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
class ImportConfig:
    """One report file to import (``imports:`` in the config, ``--import`` on the command
    line): a SARIF log (or another format ``shiftleft.imports`` knows) whose runs enter the
    scan as scanners of their own (docs/imports.md)."""

    path: str
    #: the stage its results belong to; None: from the category (sast -> code, sca -> build...)
    stage: str | None = None
    #: the category of every run of the file; None: from the tool and its rules' tags
    category: str | None = None
    #: older than this (days, by the run's end time, else the file's mtime): stale, NOT ASSESSED;
    #: None: the default (``shiftleft.imports.DEFAULT_MAX_AGE_DAYS``)
    max_age_days: int | None = None
    #: False: a failed or stale import is NOT ASSESSED without failing the gate's
    #: required-scanners rule (an explicit config's choice; a repository's may not)
    required: bool = True
    #: the scan root when the scanned repository's own config named it (the path rule applies
    #: when it is read); None: the operator named it (command line, --config)
    repository_root: Path | None = None


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
    #: the result cache: ``enabled`` (default true), ``max_mb``; never a location
    cache: Mapping[str, Any] = field(default_factory=dict)
    #: extra policy files (gates and frameworks)
    policies: tuple[str, ...] = ()
    #: framework ids to evaluate (None: every shipped one)
    frameworks: tuple[str, ...] | None = None
    #: the waiver file
    waivers: str | None = None
    #: report files to import (``imports:``), each its own scanner(s)
    imports: tuple[ImportConfig, ...] = ()
    #: the ``gate:`` keys the file set, so only those override a preset
    gate_keys: frozenset[str] = frozenset()
    source: Path | None = None
    #: EXPLICIT (``--config``), REPOSITORY (found in the scanned directory) or None (no file)
    origin: str | None = None
    #: what loading ignored or refused, for the user (keys named, values never quoted)
    warnings: tuple[str, ...] = ()

    def scanner(self, name: str) -> ScannerConfig:
        return self.scanners.get(name, ScannerConfig())


# --- the schema: key -> validator; a validator takes (value, path) and returns the value ---

Validator = Callable[[Any, tuple[str, ...]], Any]


class _Invalid(Exception):
    def __init__(self, path: tuple[str, ...], message: str, *, names_key: bool = False) -> None:
        super().__init__(message)
        self.path = path
        #: the message already names the key (unknown key or scanner)
        self.names_key = names_key

    def __str__(self) -> str:
        message = super().__str__()
        if self.names_key or not self.path:
            return message
        return f"{dotted(self.path)}: {message}"


def _type_name(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "true/false"}
    return names.get(type(value), type(value).__name__)


def _kind(value: Any) -> str:
    """What a bad value is, without quoting it."""
    if isinstance(value, float) and not isinstance(value, bool):
        return "a number with a fraction, out of range or not finite"
    if isinstance(value, int) and not isinstance(value, bool):
        return "a number out of range"
    return _type_name(value)


def _bool(value: Any, path: tuple[str, ...]) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(path, f"expected true or false, got {_type_name(value)}")
    return value


def _positive_number(value: Any, path: tuple[str, ...]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:  # NaN fails too
        raise _Invalid(path, f"expected a positive number of seconds, got {_kind(value)}")
    return float(value)


def _positive_int(value: Any, path: tuple[str, ...]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _Invalid(path, f"expected a positive whole number, got {_kind(value)}")
    return value


def _str(value: Any, path: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise _Invalid(path, f"expected a string, got {_type_name(value)}")
    return value


def _one_of(choices: Sequence[str]) -> Validator:
    def check(value: Any, path: tuple[str, ...]) -> str:
        if value not in choices:
            hint = _did_you_mean(str(value), choices)
            raise _Invalid(path, f"not one of {', '.join(choices)}{hint}")
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
            where = dotted(path) or "the top level"
            hint = _did_you_mean(str(key), list(allowed)) if is_plain(key) else ""
            raise _Invalid((*path, str(key)), f"unknown key {key_name(key)} in {where}{hint}",
                           names_key=True)
        out[key] = allowed[key](value, (*path, str(key)))
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
#: no location key: the cache lives in the user cache dir (``$SHIFTLEFT_CACHE_DIR`` moves it)
_CACHE_KEYS: dict[str, Validator] = {"enabled": _bool, "max_mb": _positive_number}


def _scanners(known: Sequence[str] | Mapping[str, Mapping[str, Validator] | None]) -> Validator:
    """``known``: scanner names, or name -> the validators of the options it accepts (None
    for a plugin that declares none: its options are passed through unchecked)."""
    names = list(known)
    schemas: Mapping[str, Mapping[str, Validator] | None] = known if isinstance(known, Mapping) else {}

    def check(value: Any, path: tuple[str, ...]) -> dict[str, ScannerConfig]:
        out: dict[str, ScannerConfig] = {}
        for name, body in _mapping(value, path).items():
            if names and name not in names:
                hint = _did_you_mean(str(name), names) if is_plain(name) else ""
                raise _Invalid((*path, str(name)), f"unknown scanner {key_name(name)}{hint}; known: {', '.join(names)}",
                               names_key=True)
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


def _cache(value: Any, path: tuple[str, ...]) -> dict[str, Any]:
    return _keys(_mapping(value, path), _CACHE_KEYS, path)


#: categories an import may be given (``imports[].category``)
IMPORT_CATEGORIES = ("sast", "secrets", "sca", "iac", "container", "dast")
_IMPORT_KEYS: dict[str, Validator] = {
    "path": _str,
    "stage": _one_of(STAGE_NAMES),
    "category": _one_of(IMPORT_CATEGORIES),
    "max_age_days": _positive_int,
    "required": _bool,
}


def _import(value: Any, path: tuple[str, ...]) -> ImportConfig:
    """One ``imports:`` entry: a path, or a mapping with ``path`` and optional keys."""
    if isinstance(value, str):
        value = {"path": value}
    fields = _keys(_mapping(value, path), _IMPORT_KEYS, path)
    if not fields.get("path"):
        raise _Invalid(path, "an import needs a path")
    return ImportConfig(**fields)


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
        "cache": _cache,
        "policies": _list_of(_str),
        "frameworks": _list_of(_str),
        "waivers": _str,
        "imports": _list_of(_import),
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
    """Load the config from ``path`` (the operator's, trusted), or look for one in ``cwd``
    (the scanned directory: the repository's, confined to it); no file means defaults."""
    if path is not None:
        return _load_explicit(path, known_scanners)
    for name in (*CONFIG_NAMES, "pyproject.toml"):
        candidate = cwd / name
        try:
            st = os.lstat(candidate)
        except OSError:
            continue
        if stat.S_ISLNK(st.st_mode):
            return Config(warnings=(f"{candidate}: is a symbolic link: not loaded (a config in the scanned directory "
                                    "must be a regular file there; pass a trusted one with --config)",))  # fmt: skip
        if not stat.S_ISREG(st.st_mode):
            return Config(warnings=(f"{candidate}: is not a regular file: not loaded",))
        text = _read(candidate, repository=True)
        if name == "pyproject.toml":
            config = _parse_pyproject(candidate, text, known_scanners, required=False)
        else:
            config = _parse_yaml(candidate, text, known_scanners)
        if config.source is None:  # a pyproject.toml without a [tool.shiftleft] section
            return config
        return _confine(replace(config, origin=REPOSITORY), cwd, text)
    return Config()


def _load_explicit(path: Path, known: KnownScanners) -> Config:
    if not path.exists():
        raise ConfigError(f"{path}: config file not found")
    if not path.is_file():
        raise ConfigError(f"{path}: not a file")
    text = _read(path, repository=False)
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        config = _parse_pyproject(path, text, known, required=True)
    else:
        config = _parse_yaml(path, text, known)
    return replace(config, origin=EXPLICIT)


def _parse_yaml(path: Path, text: str, known: KnownScanners) -> Config:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}:{where} invalid YAML: {problem_text(problem)}") from None
    try:
        return parse(data, known, path)
    except _Invalid as exc:
        line = node_line(text, exc.path)
        raise ConfigError(f"{path}:{line or 1}: {exc}") from None


def _read(path: Path, *, repository: bool) -> str:
    """The file's text: a repository's without following a link and within a size bound."""
    try:
        if repository:
            raw = paths.read_plain_file(path, MAX_CONFIG_BYTES)
        else:
            if path.stat().st_size > MAX_CONFIG_BYTES:
                raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KiB: not a config file")
            raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or 'refused'}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a UTF-8 text file") from None


def _parse_pyproject(path: Path, text: str, known: KnownScanners, *, required: bool) -> Config:
    import tomllib  # imported when a pyproject.toml is read, not by every scan
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {problem_text(str(exc))}") from None
    tool = data.get("tool")
    section = tool.get("shiftleft") if isinstance(tool, dict) else None
    if section is None:
        if required:
            raise ConfigError(f"{path}: has no [tool.shiftleft] section")
        return Config()
    try:
        return parse(section, known, path)
    except _Invalid as exc:
        line = _toml_line(text, exc.path)
        raise ConfigError(f"{path}:{line or 1}: {exc}") from None


# --- a repository's config: the files it names stay inside the scanned directory --------

#: keys naming host-side locations: the operator's (command line, environment, --config)
HOST_KEYS = (("history", "path"), ("advisories", "db"))


def shipped_preset(name: str) -> bool:
    """A gate preset shipped with shiftleft (``default``, ``strict``, ``audit-only``), as
    opposed to a gate file."""
    return bool(_PRESET_NAME.match(name)) and (policies_dir() / "gates" / f"{name}.yaml").is_file()


def _confine(config: Config, root: Path, text: str) -> Config:
    """Apply the path rule to every file a repository config names (an error, exit 2, at the
    key's line) and drop the host-side locations it names (a warning)."""
    source = config.source
    assert source is not None

    def line(*key: str) -> int:
        if source.name == "pyproject.toml":
            return _toml_line(text, key) or 1
        return node_line(text, key) or 1

    def confined(value: str, *key: str) -> str:
        try:
            return str(paths.repository_file(root, value))
        except paths.PathRefused as exc:
            raise ConfigError(f"{source}:{line(*key)}: {'.'.join(key)}: the file it names {exc} "
                              "(a config found in the scanned directory may only name regular files inside it; "
                              "pass your own with --config or on the command line)") from None  # fmt: skip

    warnings = list(config.warnings)
    imports = tuple(_confined_import(item, root, source, line(*key), warnings)
                    for item, key in ((item, ("imports", str(i))) for i, item in enumerate(config.imports)))
    waivers = confined(config.waivers, "waivers") if config.waivers else None
    policies = tuple(confined(p, "policies", str(i)) for i, p in enumerate(config.policies))
    gate = config.gate
    if gate.preset and not shipped_preset(gate.preset):
        gate = replace(gate, preset=confined(gate.preset, "gate", "preset"))
    sections = {"history": dict(config.history), "advisories": dict(config.advisories)}
    for section, key in HOST_KEYS:
        if key in sections[section]:
            del sections[section][key]
            warnings.append(f"{source}:{line(section, key)}: {section}.{key} ignored: a config found in the scanned "
                            "directory may not choose where shiftleft reads or writes host data (use the command line, "
                            "the environment or --config)")  # fmt: skip
    return replace(config, waivers=waivers, policies=policies, gate=gate, history=sections["history"],
                   advisories=sections["advisories"], warnings=tuple(warnings), imports=imports)  # fmt: skip


#: the staleness limit a repository's config may not raise (``imports[].max_age_days``); the
#: same default as ``shiftleft.imports.DEFAULT_MAX_AGE_DAYS``
REPOSITORY_MAX_IMPORT_AGE_DAYS = 7


def _confined_import(item: ImportConfig, root: Path, source: Path, line: int, warnings: list[str]) -> ImportConfig:
    """A repository config's import: a file inside the scanned directory (absolute, ``..`` or
    a link out of it is refused at the key's line). A file not there (yet) is kept: the scan
    reports that import as a failed scanner, never as clean. Its max age may only tighten."""
    try:
        lexical = paths.lexical_relative(item.path)
        if os.path.lexists(root / lexical):
            paths.repository_file(root, item.path)
    except paths.PathRefused as exc:
        raise ConfigError(f"{source}:{line}: imports: the file it names {exc} (a config found in the scanned "
                          "directory may only import regular files inside it; pass your own with --import or "
                          "--config)") from None  # fmt: skip
    age = item.max_age_days
    if age is not None and age > REPOSITORY_MAX_IMPORT_AGE_DAYS:
        warnings.append(f"{source}:{line}: imports: max_age_days above {REPOSITORY_MAX_IMPORT_AGE_DAYS} ignored: a "
                        "config found in the scanned directory may not accept older reports (use --config)")
        age = REPOSITORY_MAX_IMPORT_AGE_DAYS
    if not item.required:
        warnings.append(f"{source}:{line}: imports: required: false ignored: a config found in the scanned "
                        "directory may not relax the gate (use --config)")  # fmt: skip
    return replace(item, path=lexical, max_age_days=age, required=True, repository_root=root)
