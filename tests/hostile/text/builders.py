"""Fixture builders for the terminal-text and read-back boundaries: one per attack class.

``ESCAPES`` holds one payload per escape class; the builders plant them where the
scanned repository (or whoever wrote a file read back) controls text: file names, waiver
owners, ``shiftleft: ignore[...]`` texts, config keys, rule messages, scanner names.
``RAW`` is an independent definition (not the code under test) of what must never reach
a terminal or a report line raw.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from tests.report.conftest import load_scan

#: one payload per escape class
ESCAPES: dict[str, str] = {
    "csi": "\x1b[2J\x1b[1;1H\x1b[31m",  # clear screen, home, red
    "osc52": "\x1b]52;c;cm0gLXJmIH4=\x07",  # write the clipboard
    "osc8": "\x1b]8;;https://evil.example/\x1b\\innocent\x1b]8;;\x1b\\",  # hidden hyperlink
    "bel": "\x07\x07",
    "backspace": "safe\x08\x08\x08\x08",
    "cr": "\r                Gate PASSED",
    "bidi": "\u202egnp.exe\u202c \u2066isolate\u2069 \u200f\u061c",
    "zero-width": "a\u200bb\u200c\u200dc\ufeffd\u2060",
    "c1": "\x9b2J\x9d",  # 8-bit CSI and OSC
    "forged-line": "\n\x1b[1;32mGate PASSED\x1b[0m\n",
}
#: payloads without "]" (a `shiftleft: ignore[...]` bracket ends there) and without a line
#: break (its text is one source line; Python ends a line at CR too)
BRACKET_SAFE = {k: v for k, v in ESCAPES.items() if not {"]", "\n", "\r"} & set(v)}
ALL = "".join(ESCAPES.values())
#: a file name can hold every payload byte but "/" and NUL
FILE_NAME_SAFE = "".join(v for k, v in ESCAPES.items() if k != "forged-line").replace("/", "")

#: C0 (but newline), DEL, C1, bidi controls, zero-width and other invisible format characters
RAW = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def assert_no_raw(*texts: str) -> None:
    """No planted control, escape or bidi character in ``texts`` (terminal output, a
    report), and no line of it that starts with a forged verdict."""
    for text in texts:
        found = RAW.findall(text)
        assert not found, f"raw characters reached the output: {sorted(set(found))!r}"
        for line in text.splitlines():
            assert not re.match(r"\s*(\\r\s*)?Gate PASSED", line), f"a forged verdict line: {line!r}"


# --- a repository to scan (bandit only: fast) --------------------------------------------


def scan_config(tmp_path: Path) -> Path:
    """A trusted ``--config`` outside the repository: bandit only, no history."""
    path = tmp_path / "trusted.yaml"
    path.write_text("scanners:\n  semgrep: false\n  detect-secrets: false\n"
                    "history:\n  enabled: false\n")  # fmt: skip
    return path


def hostile_repo(root: Path, marker: Path) -> Path:
    """A repository whose text attacks the terminal everywhere it reaches one: a file named
    with every escape class, a waiver whose owner is every payload (it matches nothing,
    so its owner is quoted in a warning), a refused ``shiftleft: ignore[...]`` quoting
    payloads, an accepted one whose reason carries payloads into every report. Its code
    would create ``marker`` if anything ran it."""
    root.mkdir(parents=True, exist_ok=True)
    brackets = "".join(BRACKET_SAFE.values())
    (root / "app.py").write_text(
        f"import os\nopen({str(marker)!r}, 'w').write('ran')\n"
        f"os.system(input())  # shiftleft: ignore[B605, {brackets}]\n"
        f"os.popen(input())  # shiftleft: ignore[B605] accepted {brackets}\n",
        "utf-8",
    )
    (root / f"evil{FILE_NAME_SAFE}.py").write_text("import subprocess\nsubprocess.call(input(), shell=True)\n", "utf-8")
    owner = json.dumps(ALL)  # a JSON string is a valid YAML double-quoted scalar
    (root / ".shiftleft-waivers.yaml").write_text(
        "waivers:\n"
        f"  - id: nothing-matches\n    rule: NO-SUCH-RULE\n    owner: {owner}\n"
        f"    reason: {owner}\n    expires: '2999-01-01'\n",
        "utf-8",
    )
    return root


def hostile_config_key(root: Path) -> Path:
    """A repository config whose unknown key is every payload: the error quotes it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "shiftleft.yaml").write_text(f"{json.dumps(ALL)}: 1\n", "utf-8")
    return root


# --- files read back ---------------------------------------------------------------------


def nested_json(depth: int) -> str:
    """A SARIF-looking object with an array nested ``depth`` levels in its first run."""
    return '{"version": "2.1.0", "runs": [' + "[" * depth + "]" * depth + "]}"


def nested_in_properties(depth: int) -> str:
    """The real scan log with a property bag nested ``depth`` levels (a valid log but for
    the depth): deep enough to pass the JSON parser, shallow enough to crash recursion later."""
    log = load_scan()
    text = json.dumps(log)
    return text[:-1] + ', "x": ' + '{"a": ' * depth + "1" + "}" * depth + "}"


def write(path: Path, content: str | dict[str, Any]) -> Path:
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def log_with(mutate: Any) -> dict[str, Any]:
    """A copy of the real scan log changed by ``mutate(log)``."""
    log = copy.deepcopy(load_scan())
    mutate(log)
    return log


def tool_run(log: dict[str, Any], scanner: str) -> dict[str, Any]:
    return next(r for r in log["runs"] if (r.get("properties") or {}).get("shiftleft", {}).get("scanner") == scanner)


def _set(path: str, value: Any) -> Any:
    """A mutation setting ``path`` (dots, [n] for an index) in a log."""

    def mutate(log: dict[str, Any]) -> None:
        keys = re.findall(r"[^.\[\]]+|\[\d+\]", path)
        node: Any = log
        for key in keys[:-1]:
            node = node[int(key[1:-1])] if key.startswith("[") else node[key]
        last = keys[-1]
        if last.startswith("["):
            node[int(last[1:-1])] = value
        else:
            node[last] = value

    return mutate


#: wrong types where the report reads: (name, mutation)
WRONG_TYPES: list[tuple[str, Any]] = [
    ("runs-not-array", _set("runs", {"a": 1})),
    ("run-not-object", _set("runs[0]", "run")),
    ("result-not-object", _set("runs[0].results", ["result", 5])),
    ("start-line-string", _set("runs[0].results[0].locations[0].physicalLocation.region.startLine", "abc")),
    ("message-number", _set("runs[0].results[0].message", {"text": 5})),
    ("cwe-string", _set("runs[0].results[0].properties", {"cwe": "CWE-79"})),
    ("scanners-not-objects", _set("properties.shiftleft.scanners", [1, "x"])),
    ("status-seconds-string", _set("properties.shiftleft.scanners[0].seconds", "slow")),
    ("status-without-name", _set("properties.shiftleft.scanners[0]", {"stage": "code"})),
    ("shiftleft-props-list", _set("properties.shiftleft", [])),
    ("files-scanned-string", _set("properties.shiftleft.filesScanned", "many")),
    ("driver-name-number", _set("runs[0].tool.driver.name", 7)),
    ("fingerprints-list", _set("runs[0].results[0].fingerprints", ["a"])),
    ("advisory-count-string",
     _set("runs[0].properties", {"shiftleft": {"advisoryDatabase": {"ecosystems": {"PyPI": 1}}}})),
    ("lone-surrogate", _set("runs[0].results[0].message", {"text": "\ud800"})),
]


def hostile_advisory_dir(root: Path, valid: Path) -> Path:
    """An OSV folder (as ``db import`` reads): one good advisory and one whose file name
    carries every escape class and whose content is invalid, so its name is printed."""
    root.mkdir(parents=True, exist_ok=True)
    (root / valid.name).write_bytes(valid.read_bytes())
    (root / f"bad{FILE_NAME_SAFE}.json").write_text('{"id": 5}', "utf-8")
    return root


def marking_scanner(marker: Path) -> type[Any]:
    """A required scanner that writes ``marker`` when it runs: a scan that refuses its input
    before scanning leaves no marker."""
    import sarif_om

    from shiftleft.model import ScanContext
    from shiftleft.sarif import build
    from shiftleft.scanners.base import Scanner

    class Marks(Scanner):
        name = "fake-marks"
        category = "sast"
        stages = ("code",)

        def health(self) -> str | None:
            return None

        def version(self) -> str | None:
            return "1.0"

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            marker.write_text("scanned\n", "utf-8")
            return build.run(self.name, version="1.0", rules=[], results=[])

    return Marks
