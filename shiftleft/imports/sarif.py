"""A SARIF 2.1.0 log from any tool, as an import (``shiftleft.imports``): checked, not trusted.

``to_sarif`` only checks the shape the import machinery relies on (an object, version
2.1.0, a non-empty list of runs, each with a driver name) and returns the log; what a run
says about itself (success, suppressions, our own property bag) is judged by the import
scanner (``scanners.imported``) and ``sarif.ingest``.
"""

from __future__ import annotations

from typing import Any

from shiftleft.errors import ShiftleftError
from shiftleft.sarif import readback

#: the bytes looked at to recognise a SARIF log (its keys usually come first)
_SNIFF_BYTES = 64 * 1024


class NotSarif(ShiftleftError):
    """The file is not a SARIF 2.1.0 log the import can use; the message says why."""


def looks_like(raw: bytes) -> bool:
    """A JSON object that names SARIF's ``runs`` or schema near its start."""
    head = raw[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and (b'"runs"' in head or b"sarif" in head[:4096].lower())


def to_sarif(raw: bytes, *, source: str) -> dict[str, Any]:
    """The SARIF log in ``raw`` (``source`` names it in messages); NotSarif when it is not
    JSON within the read-back bounds, not SARIF 2.1.0, or has no run."""
    try:
        data = readback.parse_json_bytes(raw, where=source, bom=True)
    except readback.ReadBackError as exc:
        raise NotSarif(exc.message) from None
    return check_log(data, source)


def check_log(data: Any, source: str) -> dict[str, Any]:
    """``data`` when it is a SARIF 2.1.0 log with at least one run, each with a driver name
    and a list of results (what every format's ``to_sarif`` must give); NotSarif otherwise."""
    if not isinstance(data, dict):
        raise NotSarif(f"{source}: not a SARIF log (the top level is not an object)")
    version = data.get("version")
    if version != "2.1.0":
        said = f"version {str(version)[:20]!r}" if isinstance(version, (str, int, float)) else "no version"
        raise NotSarif(f"{source}: not a SARIF 2.1.0 log ({said})")
    runs = data.get("runs")
    if not isinstance(runs, list):
        raise NotSarif(f"{source}: not a SARIF log (no list of runs)")
    if not runs:
        raise NotSarif(f"{source}: the log has no run: an empty log is not a clean one")
    for index, run in enumerate(runs):
        if not isinstance(run, dict):
            raise NotSarif(f"{source}: run {index} is not an object")
        tool = run.get("tool")
        driver = tool.get("driver") if isinstance(tool, dict) else None
        if not isinstance(driver, dict) or not isinstance(driver.get("name"), str) or not driver["name"].strip():
            raise NotSarif(f"{source}: run {index} has no tool.driver.name")
        results = run.get("results")
        if results is not None and not isinstance(results, list):
            raise NotSarif(f"{source}: run {index}: results is not a list")
    return data
