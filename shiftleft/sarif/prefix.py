"""Repository-root relative URIs in the SARIF written to disk.

Inside shiftleft a log's URIs are relative to the scanned directory: waivers, inline
suppressions, ``--diff-base``, the history store and every fingerprint work on those paths.
A code-scanning consumer (GitHub, GitLab, Azure DevOps) resolves a URI against the root of
the *repository*, so a scan of ``services/api`` of a monorepo must write
``services/api/app.py``, not ``app.py``. The prefix is a scan-time fact (``git rev-parse
--show-prefix`` of the scanned directory, or ``--path-prefix``) recorded in the log's
``properties.shiftleft.pathPrefix``; the SARIF writer applies it (``add_prefix``) and marks
the file ``pathPrefixApplied``; a log read back has it taken off again (``strip_prefix``)
so that re-rendering and merging see the paths the scan saw and never prefix twice.

Fingerprints are not touched: ``shiftleft/v1`` and ``primaryLocationLineHash`` were
computed on the scan-relative path and line text, so a baseline or history written before
a prefix was used still matches (and one written with a prefix matches one without).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from shiftleft.errors import ShiftleftError
from shiftleft.sarif import build, regions, uris

#: key of ``properties.shiftleft`` naming the prefix (``dir/sub/``) of every result URI
PREFIX_KEY = "pathPrefix"
#: key of ``properties.shiftleft`` saying the URIs of this file carry the prefix
APPLIED_KEY = "pathPrefixApplied"
MAX_PREFIX = 1024
_BAD = re.compile(r"[\x00-\x1f\x7f\\]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class PathPrefixError(ShiftleftError, ValueError):
    """A ``--path-prefix`` that cannot prefix a repository-relative path."""


def check_prefix(value: str) -> str:
    """``value`` as a prefix: ``""`` (none) or POSIX segments ending in ``/`` (``a/b/``).
    Refused (PathPrefixError, exit 2): absolute, ``..`` or ``.`` segments, a URI scheme
    or drive letter, backslashes, control characters, more than ``MAX_PREFIX`` characters."""
    text = value.strip("/") if value not in ("", "/") else ""
    if value.startswith("/") or value.startswith("~"):
        raise PathPrefixError(f"--path-prefix {value!r}: must be relative to the repository root, not absolute")
    if len(value) > MAX_PREFIX or _BAD.search(value) or _SCHEME.match(value):
        raise PathPrefixError(f"--path-prefix {value[:80]!r}: not a relative POSIX path (no scheme, drive, "
                              "backslash or control character)")  # fmt: skip
    parts = text.split("/") if text else []
    if any(part in ("", ".", "..") for part in parts):
        raise PathPrefixError(f"--path-prefix {value!r}: no empty, '.' or '..' segments")
    return "/".join(parts) + "/" if parts else ""


def prefix_of(log: Mapping[str, Any]) -> str:
    """The prefix a log records (checked; ``""`` when none or not a valid one: a log read
    back is hostile input, and a bad prefix there is simply not used)."""
    meta = (log.get("properties") or {}).get("shiftleft") or {}
    value = meta.get(PREFIX_KEY) if isinstance(meta, Mapping) else None
    if not isinstance(value, str):
        return ""
    try:
        return check_prefix(value)
    except PathPrefixError:
        return ""


def _rebase(log: dict[str, Any], prefix: str, add: bool) -> None:
    encoded = uris.to_uri(prefix)
    for run in log.get("runs") or []:
        if not isinstance(run, dict):
            continue
        for result in run.get("results") or []:
            if not isinstance(result, dict):
                continue
            for physical in regions.physical_locations(result):
                art = physical.get("artifactLocation")
                if not isinstance(art, dict) or art.get("uriBaseId") != build.SRCROOT:
                    continue
                uri = art.get("uri")
                if not isinstance(uri, str) or not uri or uri.startswith("/") or _SCHEME.match(uri):
                    continue
                if add:
                    art["uri"] = encoded + uri
                elif uri.startswith(encoded):
                    art["uri"] = uri[len(encoded):]
        if add:
            _rebase_root(run, prefix)


def _rebase_root(run: dict[str, Any], prefix: str) -> None:
    """``originalUriBaseIds.%SRCROOT%``: the scanned directory's URI becomes the repository
    root's, so that ``%SRCROOT%`` + URI still names the same file (left as it is when the
    directory does not end with the prefix: a forced ``--path-prefix``). Informational only:
    no reader of shiftleft's uses it, so a log read back keeps it."""
    bases = run.get("originalUriBaseIds")
    base = bases.get(build.SRCROOT) if isinstance(bases, dict) else None
    root = base.get("uri") if isinstance(base, dict) else None
    if not isinstance(base, dict) or not isinstance(root, str):
        return
    for tail in dict.fromkeys((uris.to_uri(prefix), quote(prefix))):
        if root.endswith("/" + tail):
            base["uri"] = root[: len(root) - len(tail)]
            return


def add_prefix(log: dict[str, Any]) -> dict[str, Any]:
    """The log as written to disk: a copy with the recorded prefix on every result URI
    under ``%SRCROOT%`` (the log itself when it records none or is already prefixed)."""
    prefix = prefix_of(log)
    meta = (log.get("properties") or {}).get("shiftleft") or {}
    if not prefix or meta.get(APPLIED_KEY) is True:
        return log
    out = copy.deepcopy(log)
    _rebase(out, prefix, add=True)
    out["properties"]["shiftleft"][APPLIED_KEY] = True
    return out


def strip_prefix(log: dict[str, Any]) -> dict[str, Any]:
    """A log read back with the URIs of the scan (the inverse of ``add_prefix``; the log
    itself when its URIs carry no prefix). A URI without the prefix is left as it is."""
    meta = (log.get("properties") or {}).get("shiftleft") or {}
    if not isinstance(meta, Mapping) or meta.get(APPLIED_KEY) is not True:
        return log
    out = copy.deepcopy(log)
    prefix = prefix_of(out)
    if prefix:
        _rebase(out, prefix, add=False)
    del out["properties"]["shiftleft"][APPLIED_KEY]
    return out
