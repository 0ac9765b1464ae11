"""Rebuild a ``Report`` from files written earlier, without rescanning.

Two inputs, two different promises:

* a shiftleft SARIF log holds every result and the scanners' health, so the report is
  *assembled again* from it as a scan assembles it (``report.model.assemble_report``: the
  policies, frameworks, gate and scorecard; by default the default gate). The suppressions
  it records are kept; no waiver file or source line is read. It holds no history.
* ``scorecard.json`` holds what the scan decided (gate, scores, framework results,
  history) and every finding without its raw SARIF, so it is *re-read* as it was: the gate
  is not re-evaluated, and a SARIF log cannot be written back from it.

Merging the logs of per-stage CI jobs is ``shiftleft.sarif.merge`` (each log a
``trusted_log`` first).

Every file read here is hostile input (``shiftleft.sarif.readback``): read within size and
depth bounds, refused when a field has the wrong type, and a SARIF log's scanner health
is believed only where its runs back it (``trusted_log``), so a truncated or edited log
cannot re-render as a complete clean scan. What is read back is re-redacted
(``redact.redact_read_back``) before any report is written from it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from shiftleft.model import Report
from shiftleft.policy.engine import PolicyOptions
from shiftleft.report import scorecard_json
from shiftleft.report.model import ReportInputError, assemble_report
from shiftleft.sarif import prefix, readback, regions
from shiftleft.sarif.redact import redact_read_back

SARIF_NAME = "shiftleft.sarif"
SCORECARD_NAME = "scorecard.json"


def reports_in(directory: Path) -> tuple[Path | None, Path | None]:
    """(SARIF log, scorecard.json) of a scan's output directory, each None when absent.
    Only those two names are looked at; whatever else the directory holds is never read.
    A name that is there but no regular file (a FIFO, a device, a link to nowhere) is
    returned, so that reading it refuses it, rather than quietly standing for the other file;
    a directory of that name is no report file and counts as absent."""

    def present(path: Path) -> Path | None:
        return path if os.path.lexists(path) and not path.is_dir() else None

    found = (present(directory / SARIF_NAME), present(directory / SCORECARD_NAME))
    if found == (None, None):
        raise ReportInputError(
            f"{directory}: holds neither {SARIF_NAME} nor {SCORECARD_NAME}; pass a scan's output directory")
    return found


def report_in(source: Path) -> Path:
    """The report file ``source`` stands for: itself, or for a scan's output directory its
    SARIF log (the gate can be recomputed from it), else its scorecard.json."""
    if not source.is_dir():
        return source
    sarif, card = reports_in(source)
    return sarif or card or source  # one of them is there: reports_in says so otherwise


def load_json(path: Path) -> dict[str, Any]:
    """Read a report file within the read-back bounds (size, depth), turning every way it
    can be unreadable into one input error."""
    try:
        return readback.read_json(path)
    except readback.ReadBackError as exc:
        raise ReportInputError(str(exc)) from None


def trusted_log(data: dict[str, Any], name: str, notes: list[str] | None = None) -> dict[str, Any]:
    """A SARIF log read back, checked (types, counts) and with its scanner health taken
    back where its runs do not support it (``readback.reconcile``); a note per claim taken
    back is appended to ``notes``. ReportInputError when it cannot be a shiftleft log."""
    if kind_of_quiet(data) != "sarif":
        raise ReportInputError(f"{name}: not a SARIF 2.1.0 log")
    try:
        readback.check_sarif(data)
        log, taken_back = readback.reconcile(data, name)
    except readback.ReadBackError as exc:
        raise ReportInputError(str(exc) if str(exc).startswith(name) else f"{name}: {exc}") from None
    if notes is not None:
        notes.extend(taken_back)
    # re-redacted: a forged or older log may carry a secret into every report written from it
    redacted: dict[str, Any] = redact_read_back(log)
    # the URIs the scan saw: a repository prefix the writer added comes off (``sarif.prefix``)
    out = prefix.strip_prefix(redacted)
    regions.repair_log(out)  # a log of an older shiftleft may hold a contextRegion validators reject
    return out


def kind_of(data: dict[str, Any]) -> str:
    """``sarif`` or ``scorecard``; anything else is refused rather than guessed at."""
    if isinstance(data.get("runs"), list) and data.get("version") == "2.1.0":
        return "sarif"
    tool = data.get("tool")
    if "schemaVersion" in data and isinstance(tool, dict) and tool.get("name") == "shiftleft":
        return "scorecard"
    raise ReportInputError("not a shiftleft SARIF log (SARIF 2.1.0) nor a shiftleft scorecard.json")


def load_report(
    path: Path, options: PolicyOptions | None = None, notes: list[str] | None = None
) -> tuple[Report, str]:
    """The report stored in ``path`` and which kind of file it was. A SARIF log is
    assembled again under ``options`` (default: the default gate, every shipped framework,
    no waivers: none is looked for in a directory the log names); ``notes``: see
    ``trusted_log``, and the policies' notices."""
    data = load_json(path)
    try:
        kind = kind_of(data)
        if kind == "sarif":
            assembled = assemble_report(trusted_log(data, str(path), notes), options)
            if notes is not None:
                notes.extend(assembled.notices)
            return assembled.report, kind
        return redact_read_back(scorecard_json.from_json(data)), kind  # re-redacted like a log
    except ReportInputError as exc:
        raise ReportInputError(f"{path}: {exc}") from None
    except (TypeError, AttributeError, KeyError, ValueError) as exc:
        # a log that claims to be ours but is malformed: an input problem, not a crash
        raise ReportInputError(f"{path}: malformed shiftleft report ({type(exc).__name__}: {exc})") from None


def kind_of_quiet(data: dict[str, Any]) -> str | None:
    """``kind_of`` without the exception, for callers that report their own error."""
    try:
        return kind_of(data)
    except ReportInputError:
        return None
