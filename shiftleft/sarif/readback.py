"""Reading back a SARIF log or scorecard.json written earlier: hostile input, bounded.

Every command that reads such a file (``report --from``, ``report merge``, ``scan
--baseline``, ``audit export --from``) reads it through ``read_json``, and a SARIF log
through ``check_sarif`` and ``reconcile``. The file may have been written by anyone: a
previous job of a pull request, an attacker's artifact, a hand edit. So:

* **bounded**: only a regular file of at most ``MAX_BYTES`` is read (a larger file, a
  FIFO or ``/dev/zero`` is refused, not read to the end), JSON nested at most ``MAX_DEPTH`` levels (a deeper file,
  up to any depth, is refused with one line, never a RecursionError), at most
  ``MAX_RUNS`` runs and ``MAX_RESULTS`` results;
* **typed**: every field the report, gate and scorecard read has the JSON type SARIF (and
  shiftleft's property bags) give it; a result that is not an object, a ``startLine``
  that is a string, a scanner status without a name are refused with where it is;
* **not a false clean**: a re-rendered report re-renders what the log says (results,
  suppressions, baselineState), but scanner health is taken from the log's
  ``properties.shiftleft.scanners`` only where the runs in the log back it: a log without
  shiftleft's orchestrator run is refused, and a scanner claimed "ok" whose run is missing
  or did not execute successfully is NOT ASSESSED (``reconcile``). Re-rendering is not
  verification: a consistently forged log reads as what it claims; an audit bundle's
  sha256, kept apart, is the integrity check.
"""

from __future__ import annotations

import copy
import json
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from shiftleft.errors import ShiftleftError
from shiftleft.sarif import orchestrator

#: the largest file read back (a shiftleft.sarif of 300,000 results is about 250 MB)
MAX_BYTES = 256 * 1024 * 1024
#: deepest JSON nesting accepted (shiftleft's own logs nest 11 levels, taint traces ~15)
MAX_DEPTH = 64
MAX_RUNS = 1_000
MAX_RESULTS = 1_000_000
ORCHESTRATOR_ID = orchestrator.ORCHESTRATOR_ID

_SURROGATE = re.compile("[\ud800-\udfff]")
_TEXT, _OPTIONAL_TEXT = ((str,), "a string"), ((str, type(None)), "a string or null")
_STATUS_FIELDS: dict[str, tuple[tuple[type, ...], str]] = {
    "name": _TEXT, "stage": _TEXT, "category": _TEXT, "status": _TEXT, "required": ((bool,), "a boolean"),
    "reason": _OPTIONAL_TEXT, "version": _OPTIONAL_TEXT, "seconds": ((int, float), "a number"),
    "results": ((int,), "an integer"), "notAssessed": ((int,), "an integer"),
    "not_assessed": ((int,), "an integer"),
}  # fmt: skip
REQUIRED_STATUS_FIELDS = ("name", "stage", "category", "status", "required")
#: scanner-health keys as logs spelled them before every field was camelCase
_LEGACY_STATUS_KEYS = {"not_assessed": "notAssessed"}


def status_entry(item: dict[str, Any]) -> dict[str, Any]:
    """A scanner-health entry of ``properties.shiftleft.scanners`` with today's key names
    (``notAssessed``; a log written before says ``not_assessed``)."""
    return {_LEGACY_STATUS_KEYS.get(k, k): v for k, v in item.items()}


class ReadBackError(ShiftleftError, ValueError):
    """The file cannot be read back: the message says where and why, on one line."""


def read_json(path: Path, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """The JSON object in ``path``, read within the bounds above."""
    data = read_json_value(path, max_bytes=max_bytes, max_depth=max_depth)
    if not isinstance(data, dict):
        raise ReadBackError(f"{path}: not a shiftleft SARIF log or scorecard.json (top level is not an object)")
    return data


def read_json_value(path: Path, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value in ``path`` (any type), read within the bounds above. Only a regular
    file is opened: a FIFO would block, ``/dev/zero`` never ends."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ReadBackError(f"{path}: is a directory, not a report file")
        if not stat.S_ISREG(info.st_mode):
            raise ReadBackError(f"{path}: not a regular file")
        if info.st_size > max_bytes:
            raise ReadBackError(f"{path}: larger than {max_bytes // (1024 * 1024)} MiB, the limit for a file read back")
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReadBackError(f"{path}: no such file") from None
    except OSError as exc:
        raise ReadBackError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if len(raw) > max_bytes:
        raise ReadBackError(f"{path}: larger than {max_bytes // (1024 * 1024)} MiB, the limit for a file read back")
    return parse_json_bytes(raw, where=str(path), max_depth=max_depth)


def parse_json_bytes(raw: bytes, *, where: str, max_depth: int = MAX_DEPTH, bom: bool = False) -> Any:
    """The JSON value in ``raw`` (already read within a size bound): UTF-8 (with a leading
    BOM when ``bom``), nested at most ``max_depth`` levels; ReadBackError naming ``where``
    otherwise."""
    try:
        text = raw.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError:
        raise ReadBackError(f"{where}: not UTF-8 text") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise ReadBackError(f"{where}: JSON nested deeper than {max_depth} levels") from None
    except json.JSONDecodeError as exc:
        raise ReadBackError(f"{where}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ReadBackError(f"{where}: not valid JSON ({str(exc)[:200]})") from None
    check_tree(data, max_depth=max_depth, where=where)
    return data


def check_tree(data: Any, *, max_depth: int = MAX_DEPTH, where: str = "input") -> None:
    """Depth and text of parsed JSON, without recursion: nested at most ``max_depth``
    levels, and no lone surrogate (``"\\ud800"`` parses, but no output can encode it)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if depth >= max_depth and value:
                raise ReadBackError(f"{where}: JSON nested deeper than {max_depth} levels")
            for key, item in value.items():
                _check_text(key, where)
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            if depth >= max_depth and value:
                raise ReadBackError(f"{where}: JSON nested deeper than {max_depth} levels")
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            _check_text(value, where)


def _check_text(text: str, where: str) -> None:
    if not text.isascii() and _SURROGATE.search(text):
        raise ReadBackError(f"{where}: holds a lone UTF-16 surrogate (\\uD800-\\uDFFF), which is not text")


# --- the shape of a shiftleft SARIF log -------------------------------------------------


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def _want(value: Any, types: tuple[type, ...], where: str, what: str) -> None:
    # bool is an int in Python, not in JSON
    if isinstance(value, bool) and bool not in types:
        raise ReadBackError(f"{where}: expected {what}, got a boolean")
    if not isinstance(value, types):
        raise ReadBackError(f"{where}: expected {what}, got {_kind(value)}")


def _obj(parent: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    """``parent[key]`` when it is an object, {} when absent or null; refused otherwise."""
    value = parent.get(key)
    if value is None:
        return {}
    _want(value, (dict,), f"{where}.{key}", "an object")
    return value  # type: ignore[no-any-return]


def _arr(parent: dict[str, Any], key: str, where: str, *, of: str = "object") -> list[Any]:
    value = parent.get(key)
    if value is None:
        return []
    _want(value, (list,), f"{where}.{key}", "an array")
    item_types: tuple[type, ...] = (dict,) if of == "object" else (str,)
    for index, item in enumerate(value):
        _want(item, item_types, f"{where}.{key}[{index}]", f"an {of}" if of == "object" else "a string")
    return value  # type: ignore[no-any-return]


def _text(parent: dict[str, Any], key: str, where: str) -> None:
    value = parent.get(key)
    if value is not None:
        _want(value, (str,), f"{where}.{key}", "a string")


def _number(parent: dict[str, Any], key: str, where: str) -> None:
    value = parent.get(key)
    if value is not None:
        _want(value, (int, float), f"{where}.{key}", "a number")


def _string_map(parent: dict[str, Any], key: str, where: str) -> None:
    for name, value in _obj(parent, key, where).items():
        _want(value, (str,), f"{where}.{key}.{name}", "a string")


def _check_result(result: dict[str, Any], where: str) -> None:
    _text(result, "ruleId", where)
    _text(result, "level", where)
    _text(result, "baselineState", where)
    _text(_obj(result, "message", where), "text", f"{where}.message")
    _string_map(result, "fingerprints", where)
    _string_map(result, "partialFingerprints", where)
    for i, loc in enumerate(_arr(result, "locations", where)):
        here = f"{where}.locations[{i}]"
        physical = _obj(loc, "physicalLocation", here)
        _text(_obj(physical, "artifactLocation", f"{here}.physicalLocation"), "uri",
              f"{here}.physicalLocation.artifactLocation")  # fmt: skip
        region = _obj(physical, "region", f"{here}.physicalLocation")
        for key in ("startLine", "endLine", "startColumn", "endColumn"):
            value = region.get(key)
            if value is not None:
                _want(value, (int,), f"{here}.physicalLocation.region.{key}", "an integer")
        for j, logical in enumerate(_arr(loc, "logicalLocations", here)):
            _text(logical, "name", f"{here}.logicalLocations[{j}]")
            _text(logical, "fullyQualifiedName", f"{here}.logicalLocations[{j}]")
    for i, item in enumerate(_arr(result, "suppressions", where)):
        _text(item, "status", f"{where}.suppressions[{i}]")
        _text(item, "justification", f"{where}.suppressions[{i}]")
    props = _obj(result, "properties", where)
    for key in ("tool", "severity", "category", "stage"):
        _text(props, key, f"{where}.properties")
    for key in ("cwe", "owasp"):
        _arr(props, key, f"{where}.properties", of="string")


def _check_run(run: dict[str, Any], where: str) -> int:
    driver = _obj(_obj(run, "tool", where), "driver", f"{where}.tool")
    _want(driver.get("name"), (str,), f"{where}.tool.driver.name", "a string")
    _text(driver, "version", f"{where}.tool.driver")
    for i, rule in enumerate(_arr(driver, "rules", f"{where}.tool.driver")):
        here = f"{where}.tool.driver.rules[{i}]"
        _text(rule, "id", here)
        _text(rule, "helpUri", here)
        _text(_obj(rule, "shortDescription", here), "text", f"{here}.shortDescription")
    _text(_obj(run, "automationDetails", where), "id", f"{where}.automationDetails")
    for i, inv in enumerate(_arr(run, "invocations", where)):
        here = f"{where}.invocations[{i}]"
        value = inv.get("executionSuccessful")
        if value is not None:
            _want(value, (bool,), f"{here}.executionSuccessful", "a boolean")
        _text(inv, "startTimeUtc", here)
        _text(inv, "endTimeUtc", here)
        for j, note in enumerate(_arr(inv, "toolExecutionNotifications", here)):
            _text(_obj(note, "message", f"{here}.toolExecutionNotifications[{j}]"), "text",
                  f"{here}.toolExecutionNotifications[{j}].message")  # fmt: skip
    health = _obj(_obj(run, "properties", where), "shiftleft", f"{where}.properties")
    for key in ("scanner", "stage", "category", "status", "reason", "version"):
        _text(health, key, f"{where}.properties.shiftleft")
    _arr(health, "notAssessed", f"{where}.properties.shiftleft")
    database = _obj(health, "advisoryDatabase", f"{where}.properties.shiftleft")
    for eco, info in _obj(database, "ecosystems", f"{where}.properties.shiftleft.advisoryDatabase").items():
        here = f"{where}.properties.shiftleft.advisoryDatabase.ecosystems.{eco}"
        _want(info, (dict,), here, "an object")
        _number(info, "count", here)
        for key in ("newestModified", "newestPublished", "importedAt"):
            _text(info, key, here)
    results = _arr(run, "results", where)
    for i, result in enumerate(results):
        _check_result(result, f"{where}.results[{i}]")
    return len(results)


def check_status(item: Any, where: str) -> None:
    """One entry of ``properties.shiftleft.scanners``: a ScannerStatus in JSON."""
    _want(item, (dict,), where, "an object")
    for key in REQUIRED_STATUS_FIELDS:
        if key not in item:
            raise ReadBackError(f"{where}: no {key!r}")
    for key, (types, what) in _STATUS_FIELDS.items():
        if key in item:
            _want(item[key], types, f"{where}.{key}", what)
    if item.get("provenance") is not None:
        check_provenance(item["provenance"], f"{where}.provenance")


_PINNED = ("match", "mismatch", "unpinned")
_HEX64 = re.compile(r"[0-9a-f]{64}")


def check_provenance(value: Any, where: str) -> None:
    """A scanner's provenance record (``shiftleft.provenance``): an object whose ``tool`` is an
    object of strings, each ``sha256`` 64 hex digits or null, ``pinned`` one of match,
    mismatch, unpinned. What it says is re-rendered, not trusted: a digest read back
    proves nothing (the audit bundle's sha256 is the integrity check)."""
    _want(value, (dict,), where, "an object")
    tool = value.get("tool")
    _want(tool, (dict,), f"{where}.tool", "an object")
    for key in ("name", "version", "kind", "digestOf"):
        if key in tool:
            _want(tool[key], _OPTIONAL_TEXT[0], f"{where}.tool.{key}", _OPTIONAL_TEXT[1])
    if value.get("pinned") not in _PINNED:
        raise ReadBackError(f"{where}.pinned: not one of {', '.join(_PINNED)}")
    digests = [(f"{where}.tool.sha256", tool.get("sha256"))]
    for part in ("rulePack", "advisoryDatabase"):
        if part in value:
            _want(value[part], (dict,), f"{where}.{part}", "an object")
            digests.append((f"{where}.{part}.sha256", value[part].get("sha256")))
    for at, digest in digests:
        if digest is not None and not (isinstance(digest, str) and _HEX64.fullmatch(digest)):
            raise ReadBackError(f"{at}: not a sha256 (64 lower-case hex digits) or null")


def check_sarif(data: dict[str, Any]) -> None:
    """Refuse (ReadBackError) a SARIF log whose fields the report reads have other types
    than SARIF gives them, or that exceeds the count bounds. Linear in the log's size."""
    runs = _arr(data, "runs", "log")
    if len(runs) > MAX_RUNS:
        raise ReadBackError(f"{len(runs)} runs: more than {MAX_RUNS}, the limit for a log read back")
    total = 0
    for i, run in enumerate(runs):
        total += _check_run(run, f"runs[{i}]")
        if total > MAX_RESULTS:
            raise ReadBackError(f"more than {MAX_RESULTS} results, the limit for a log read back")
    meta = _obj(_obj(data, "properties", "log"), "shiftleft", "properties")
    where = "properties.shiftleft"
    for key in ("version", "target", "startTime", "endTime", "config", "image", "imageArchive"):
        _text(meta, key, where)
    for key in ("filesScanned", "filesSkipped"):
        value = meta.get(key)
        if value is not None:
            _want(value, (int,), f"{where}.{key}", "an integer")
    _arr(meta, "stages", where, of="string")
    for i, item in enumerate(_arr(meta, "scanners", where)):
        check_status(item, f"{where}.scanners[{i}]")


# --- what a log read back is trusted with ------------------------------------------------


def _tool_runs(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for run in data.get("runs") or []:
        health = (run.get("properties") or {}).get("shiftleft") or {}
        if not orchestrator.is_orchestrator(run):
            yield run, health


def _succeeded(run: dict[str, Any]) -> bool:
    invocations = run.get("invocations") or []
    health = (run.get("properties") or {}).get("shiftleft") or {}
    return bool(invocations) and invocations[0].get("executionSuccessful") is True and health.get("status") == "ok"


def reconcile(data: dict[str, Any], name: str = "log") -> tuple[dict[str, Any], list[str]]:
    """A copy of a checked log whose scanner health claims only what its runs show, and
    a note per claim taken back.

    * no orchestrator run (``shiftleft/orchestrator/``), or one that did not succeed:
      refused, the log is not a complete shiftleft scan (files skipped, scanners that could
      not assess are recorded there);
    * a scanner claimed ``ok`` without a successful run of its own (matched by scanner and
      stage in the run's ``properties.shiftleft``): ``failed``, NOT ASSESSED;
    * a scanner claimed ``ok`` with fewer not-assessed items than its run lists: the run's.
    """
    if not isinstance(((data.get("properties") or {}).get("shiftleft") or {}).get("scanners"), list):
        raise ReadBackError(f"{name}: this SARIF file was not written by shiftleft (no scanner health in its "
                            "properties)")
    orchestrators = orchestrator.orchestrator_runs(data.get("runs") or [])
    if not orchestrators:
        raise ReadBackError(f"{name}: no shiftleft orchestrator run ({ORCHESTRATOR_ID}): not a complete shiftleft log")
    if not all(_succeeded(r) for r in orchestrators):
        raise ReadBackError(f"{name}: its orchestrator run did not execute successfully: not a complete shiftleft log")
    runs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for run, health in _tool_runs(data):
        runs.setdefault((str(health.get("scanner")), str(health.get("stage"))), []).append(run)
    out = copy.copy(data)
    meta = dict((data.get("properties") or {}).get("shiftleft") or {})
    out["properties"] = {**(data.get("properties") or {}), "shiftleft": meta}
    notes: list[str] = []
    statuses = []
    for item in meta.get("scanners") or []:
        item = status_entry(item)
        if item.get("status") == "ok":
            own = runs.get((str(item["name"]), str(item["stage"])), [])
            if not any(_succeeded(r) for r in own):
                why = "has no run in the log" if not own else "has no successful run in the log"
                notes.append(f"{name}: {item['name']} ({item['stage']}) is claimed ok but {why}: NOT ASSESSED")
                item.update(status="failed", reason=f"claimed ok, but {why} read back", results=0)
            else:
                listed = sum(len(((r.get("properties") or {}).get("shiftleft") or {}).get("notAssessed") or [])
                             for r in own)  # fmt: skip
                if listed > int(item.get("notAssessed") or 0):
                    notes.append(f"{name}: {item['name']} ({item['stage']}) claims fewer items not assessed than "
                                 f"its run lists ({listed}): the run's count is used")  # fmt: skip
                    item["notAssessed"] = listed
        statuses.append(item)
    if not notes:
        return data, notes  # an honest log is re-rendered exactly as it was written
    meta["scanners"] = statuses
    return out, notes
