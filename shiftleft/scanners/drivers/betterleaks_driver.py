"""Run the Betterleaks engine (``pybetterleaks``) over one directory; print JSON on stdout.

Run by the Betterleaks adapter with the interpreter of Betterleaks' own tool environment, in
isolated mode (``python -I``), in a private working directory, on a private copy of the safe
files: ``python -I betterleaks_driver.py CONFIG DIR TIMEOUT``. It imports only the standard
library and pybetterleaks, never shiftleft.

No secret leaves this process: the engine's ``secret`` and ``match`` fields are read here
only to compute the SHA-1 of the secret (the redactor's currency: the same as detect-secrets'
``hashed_secret``), and are never printed. Every finding is printed as
``{rule_id, file, line, end_line, column, end_column, description, entropy, hashed_secret,
secret_at}``; ``secret_at`` is where the value is in the file, ``[byte offset, byte length]``
(its first occurrence from the finding's line on, None when it is not there verbatim), so
that the result cache can keep the run without the hash and read the value back.
Verification (``validation``) is off: it would send the value to the provider's API.

For the pinned pybetterleaks (``DIRECT_ABI``) the driver calls the package's native library
itself, through the same four C functions and the same JSON request the package's
``scan_dir`` builds: importing the package's Python layer (asyncio, ssl, dataclasses) is
~80% of a one-file run (~0.9 s of 1.2 s on a loaded 2-core machine), the scan itself a few
milliseconds. Any other version, or a library that cannot be loaded that way, goes through
``pybetterleaks.scan_dir`` as before; ``package`` as a fourth argument forces that path (the
tests compare the two).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

#: characters of a rule description kept
MAX_DESCRIPTION = 300
#: pybetterleaks versions whose native interface (``_native.py``: BetterleaksScanJSON,
#: BetterleaksVersion, BetterleaksFree) and request (``scanner._scan_payload``) the direct
#: path reproduces; checked against the package's ``_version.py`` before it is used
DIRECT_ABI = frozenset({"0.6.2"})
_VERSION = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


class _Files:
    """The files findings are in (relative to the copy), each read once, with the byte
    offset at which each of its lines starts."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[bytes, list[int]] | None] = {}

    def _load(self, path: str) -> tuple[bytes, list[int]] | None:
        if os.path.isabs(path) or ".." in Path(path).parts:
            return None
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None
        starts, at = [0], data.find(b"\n")
        while at != -1:
            starts.append(at + 1)
            at = data.find(b"\n", at + 1)
        return data, starts

    def secret_at(self, path: str, line: int | None, end_line: int | None, secret: str) -> list[int] | None:
        """Where ``secret`` first is from the line before ``line`` (engines count lines
        from 0 or 1) to the line after ``end_line``, as ``[byte offset, byte length]``."""
        if path not in self._seen:
            self._seen[path] = self._load(path)
        found, needle = self._seen[path], secret.encode("utf-8")
        if found is None or not needle or line is None:
            return None
        data, starts = found
        first = starts[min(max(line - 2, 0), len(starts) - 1)]
        after = max(end_line or line, line) + 1  # index of the line after the last one, counting from 0
        stop = starts[after] if after < len(starts) else len(data)
        at = data.find(needle, first, stop)
        return [at, len(needle)] if at >= 0 else None


def _finding(raw: Any, files: _Files) -> dict[str, Any]:
    secret = getattr(raw, "secret", None)
    path = str(getattr(raw, "file", "") or "")
    line, end_line = _int(getattr(raw, "line", None)), _int(getattr(raw, "end_line", None))
    attributes = getattr(raw, "attributes", None) or {}
    entropy = attributes.get("entropy") if isinstance(attributes, dict) else None
    return {
        "rule_id": str(getattr(raw, "rule_id", "") or ""),
        "file": path,
        "line": line,
        "end_line": end_line,
        "column": _int(getattr(raw, "column", None)),
        "end_column": _int(getattr(raw, "end_column", None)),
        "description": str(getattr(raw, "description", "") or "")[:MAX_DESCRIPTION],
        "entropy": str(entropy)[:20] if entropy is not None else None,
        "hashed_secret": (
            hashlib.sha1(secret.encode("utf-8", "replace"), usedforsecurity=False).hexdigest()
            if isinstance(secret, str) and secret
            else None
        ),
        "secret_at": files.secret_at(path, line, end_line, secret) if isinstance(secret, str) and path else None,
    }


def _native_library() -> Path | None:
    """The pinned package's native library, found without importing the package; None when
    the installed pybetterleaks is not a version the direct path knows."""
    spec = importlib.util.find_spec("pybetterleaks")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    try:
        found = _VERSION.search((package / "_version.py").read_text("utf-8"))
    except OSError:
        return None
    library = package / "native" / "libbetterleaks_py.so"
    if found is None or found.group(1) not in DIRECT_ABI or not sys.platform.startswith("linux"):
        return None
    return library if library.is_file() else None


def _owned_string(library: Any, pointer: int) -> str:
    import ctypes

    if not pointer:
        raise RuntimeError("Betterleaks native library returned NULL")
    try:
        return ctypes.string_at(pointer).decode("utf-8")
    finally:
        library.BetterleaksFree(pointer)


def _pick(value: dict[str, Any], *names: str) -> Any:
    for name in names:
        if value.get(name):
            return value[name]
    return None


def _as_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return int(value) if isinstance(value, bool) else None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _direct(library_path: Path, config: str, timeout: float) -> dict[str, Any]:
    """``scan_dir(".", config_path=config, validation=False, redact=False, timeout_seconds=timeout)``
    of the pinned package, as the package itself does it (``_native.scan_json``), read into
    the same fields ``Finding.from_mapping`` and ``ScanError.from_mapping`` take."""
    import ctypes

    library = ctypes.CDLL(str(library_path))
    library.BetterleaksScanJSON.argtypes = [ctypes.c_char_p]
    library.BetterleaksScanJSON.restype = ctypes.c_void_p
    library.BetterleaksVersion.argtypes = []
    library.BetterleaksVersion.restype = ctypes.c_void_p
    library.BetterleaksFree.argtypes = [ctypes.c_void_p]
    library.BetterleaksFree.restype = None
    payload: dict[str, Any] = {
        "mode": "dir", "target": ".", "git_scope": None, "request_id": None, "config_path": config,
        "config_toml": None, "validation": False, "validation_env_vars": [], "validation_env": {},
        "redact": False, "timeout_seconds": max(timeout, 1.0),
    }  # fmt: skip
    request = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")
    response = json.loads(_owned_string(library, library.BetterleaksScanJSON(request)))
    if not isinstance(response, dict):
        raise RuntimeError("Betterleaks native library returned a non-object JSON response")
    findings = []
    for item in response.get("findings") or []:
        if not isinstance(item, dict):
            continue
        attributes = _pick(item, "attributes", "Attributes")
        findings.append(SimpleNamespace(
            rule_id=str(_pick(item, "rule_id", "ruleID", "RuleID") or ""),
            description=_pick(item, "description", "Description"),
            file=_pick(item, "file", "File"),
            line=_as_int(_pick(item, "line", "Line", "start_line")),
            column=_as_int(_pick(item, "column", "Column", "start_column")),
            end_line=_as_int(_pick(item, "end_line", "EndLine")),
            end_column=_as_int(_pick(item, "end_column", "EndColumn")),
            secret=None if _pick(item, "secret", "Secret") is None else str(_pick(item, "secret", "Secret")),
            attributes={str(k): str(v) for k, v in attributes.items() if v is not None}
            if isinstance(attributes, dict) else {},
        ))  # fmt: skip
    errors = [
        SimpleNamespace(code=str(e.get("code") or "native_error"),
                        message=str(e.get("message") or "Betterleaks scan failed"))
        for e in response.get("errors") or [] if isinstance(e, dict)
    ]  # fmt: skip
    if response.get("ok") is False and not errors:
        errors.append(SimpleNamespace(code="native_error", message="Betterleaks native bridge reported failure"))
    version = _owned_string(library, library.BetterleaksVersion())
    return {"version": version, "findings": findings, "errors": errors}


def _package(config: str, timeout: float) -> dict[str, Any]:
    import pybetterleaks

    result = pybetterleaks.scan_dir(
        ".", config_path=config, validation=False, redact=False, timeout_seconds=max(timeout, 1.0)
    )
    return {"version": pybetterleaks.betterleaks_version(), "findings": result.findings, "errors": result.errors}


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4) or argv[3:] not in ([], ["package"]):
        raise SystemExit("usage: betterleaks_driver.py CONFIG DIR TIMEOUT [package]")
    config, directory, timeout = os.path.abspath(argv[0]), argv[1], float(argv[2])
    library = None if argv[3:] else _native_library()
    os.chdir(directory)  # paths in the findings are then relative to the copy
    result = _direct(library, config, timeout) if library is not None else _package(config, timeout)
    files = _Files()
    errors = [
        {"code": str(getattr(e, "code", "") or "")[:100], "message": str(getattr(e, "message", "") or "")[:500]}
        for e in result["errors"]
    ]
    out = {
        "version": str(result["version"])[:40],
        "findings": [_finding(f, files) for f in result["findings"]],
        "errors": errors,
    }
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
