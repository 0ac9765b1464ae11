"""Betterleaks: the code stage's default secrets engine (the gitleaks successor, MIT).

The engine is ``pybetterleaks`` (the stable Betterleaks 1.6.1 as a Go shared library), in its
own tool environment (``shiftleft tools install betterleaks``, pinned by version and hash in
tools-constraints.txt). It never loads into shiftleft: that environment's interpreter runs
``drivers/betterleaks_driver.py`` as a separate process through ``run_isolated`` (private
working directory and HOME, killed at the timeout), so a hang or a crash of native code is a
failed run, not a stuck scan.

What it reads, and what it never reads:

- only the safe file list: the files are copied into a private directory
  (``inputs.copy_inputs``, each read once, at most ``MAX_FILE_BYTES``) and the engine scans
  that copy in directory mode, never a git history and never the repository itself;
- only our configuration: ``shiftleft/rules/betterleaks/shiftleft.toml`` (Betterleaks' default
  rules plus our credential-file rules), passed explicitly. The repository's
  ``.gitleaks.toml``, ``.betterleaks.toml``, ``.gitleaksignore`` are not used (the engine
  does not look for them in library mode, and they are copied like any file: scanned, never
  obeyed); ``GITLEAKS_*``, ``BETTERLEAKS_*`` and ``PYBETTERLEAKS_*`` variables (another
  config, another native library) are never inherited;
- every file given is scanned: the default config's ``prefilter`` (lockfiles, ``node_modules``,
  ``go.sum``, ``gitleaks.toml``... skipped by path, silently) is off in ours;
- inline ``gitleaks:allow`` / ``betterleaks:allow`` markers hide a finding silently in the
  engine; in the private copy their colon becomes ``_`` (same length: lines and columns
  stay), so the finding is reported, as an ``inSource`` suppression with the marker as its
  justification: visible and countable, as detect-secrets' pragma is.

Secret values: the driver never prints one. It hands back the SHA-1 of each value, which goes
to the scan's redactor (``SECRET_HASHES_KEY``, popped by the pipeline before anything is
written), so the value is scrubbed wherever any other tool echoed it; the hashes themselves
are never output. The rule id is kept as ``secretType``.

A file not copied (too large, unreadable, gone) is listed as not assessed. An error the engine
reports, or output that is not the driver's JSON, is a failed run: never "no secrets".
"""

from __future__ import annotations

import importlib.util
import re
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

import sarif_om

from shiftleft import tools
from shiftleft.advisories.jsonsafe import loads_bounded
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError, ToolVars, run_isolated
from shiftleft.sarif import build
from shiftleft.sarif.dedup import SECRET_AT, SECRET_IDENTITY
from shiftleft.scanners.base import Scanner
from shiftleft.scanners.cache import files_identity
from shiftleft.scanners.detect_secrets import SECRET_HASHES_KEY
from shiftleft.scanners.inputs import Copied, copy_inputs, text, whole

DRIVER = Path(__file__).parent / "drivers" / "betterleaks_driver.py"
RULES = Path(__file__).resolve().parent.parent / "rules" / "betterleaks" / "shiftleft.toml"
PACKAGE = "pybetterleaks"
#: the Betterleaks engine each pinned pybetterleaks bundles (its metadata names only its own)
ENGINE_VERSIONS = {"0.6.2": "1.6.1"}
#: every variable through which the engine or its binding takes a config or a library
BETTERLEAKS_VARS = ToolVars(prefixes=("GITLEAKS_", "BETTERLEAKS_", "PYBETTERLEAKS_", "GO", "GODEBUG"))
#: a file larger than this is not given to the engine (not assessed): generated or hostile
MAX_FILE_BYTES = 8 * 1024 * 1024
#: findings read from one run (normalize caps results further)
MAX_FINDINGS = 100_000
#: the markers that make the engine drop a finding, and what they become in the copy
ALLOW_MARKERS = (b"gitleaks:allow", b"betterleaks:allow")
_RULE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_HEX40 = re.compile(r"[0-9a-f]{40}")
_MIRROR = "betterleaks-src"


def engine_python() -> str | None:
    """The interpreter that has pybetterleaks: the managed tool environment's, else ours
    when pybetterleaks was installed next to shiftleft."""
    managed = tools.managed_path("betterleaks")
    if managed is not None:
        return str(managed)
    if importlib.util.find_spec(PACKAGE) is not None:
        return sys.executable
    return None


def neutralize_markers(copied: Copied) -> dict[str, dict[int, str]]:
    """Defang the allow markers in the private copy (same length, so lines and columns stay);
    returns file -> line -> marker, for the suppressions. One pass over each copied file."""
    marked: dict[str, dict[int, str]] = {}
    for rel in copied.files:
        path = copied.root / rel
        data = path.read_bytes()
        if not any(m in data for m in ALLOW_MARKERS):
            continue
        lines: dict[int, str] = {}
        for number, line in enumerate(data.split(b"\n"), 1):
            for marker in ALLOW_MARKERS:
                if marker in line:
                    lines[number] = marker.decode()
        for marker in ALLOW_MARKERS:
            data = data.replace(marker, marker.replace(b":", b"_"))
        path.write_bytes(data)
        marked[rel] = lines
    return marked


def _rule(rule_id: str, description: str) -> sarif_om.ReportingDescriptor:
    short = description or f"Betterleaks rule {rule_id}"
    return build.rule(
        f"betterleaks/{rule_id}",
        name=rule_id,
        short=short[:200],
        full=(
            f"Betterleaks rule {rule_id} matched a value that looks like a credential. A secret in the repository "
            "is readable by everyone with access to it and stays in its history."
        ),
        help_text=(
            "Revoke and rotate the credential, remove it from the code and history, and load it from a secret "
            "manager or the environment. If it is a false positive, waive it with a reason."
        ),
        properties={"tags": ["security", "secret", "external/cwe/cwe-798"]},
    )


def convert(
    data: Any, copied: Copied, marked: dict[str, dict[int, str]] | None = None
) -> tuple[list[sarif_om.ReportingDescriptor], list[sarif_om.Result], set[str], int]:
    """The driver's JSON as SARIF rules and results, the secrets' SHA-1s (for the redactor),
    and how many findings could not be read or placed on a copied file. ToolError when the
    output is not the driver's document, or the engine reported an error."""
    if not isinstance(data, dict):
        raise ToolError(f"the Betterleaks driver printed JSON that is not its document (a {type(data).__name__})")
    errors = data.get("errors")
    if errors:
        first = errors[0] if isinstance(errors, list) and errors else {}
        detail = text(first.get("message"), 300) if isinstance(first, dict) else ""
        raise ToolError(f"Betterleaks reported an error: {detail or 'no detail'}")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise ToolError("the Betterleaks driver printed no list of findings")
    if len(findings) > MAX_FINDINGS:
        raise ToolError(f"Betterleaks reported more than {MAX_FINDINGS:,} findings: its output not used")
    marked = marked or {}
    rules: dict[str, sarif_om.ReportingDescriptor] = {}
    results: list[sarif_om.Result] = []
    hashes: set[str] = set()
    unreadable = 0
    for item in findings:
        if not isinstance(item, dict):
            unreadable += 1
            continue
        rule_id = item.get("rule_id")
        path = copied.relative(item["file"]) if isinstance(item.get("file"), str) else None
        if not isinstance(rule_id, str) or not _RULE_ID.fullmatch(rule_id) or path is None:
            unreadable += 1
            continue
        hashed = item.get("hashed_secret")
        if isinstance(hashed, str) and _HEX40.fullmatch(hashed):
            hashes.add(hashed)
        if rule_id not in rules:
            rules[rule_id] = _rule(rule_id, text(item.get("description"), 300))
        line = whole(item.get("line"), 1) or 1
        end_line = whole(item.get("end_line"), line)
        column = whole(item.get("column"), 1, 1_000_000)
        end_column = whole(item.get("end_column"), 1, 1_000_000)
        if end_line == line or end_line is None:
            end_line = None
        if column is None or (end_line is None and (end_column or 0) <= column):
            end_column = None
        location = build.location(path, line, start_column=column, end_line=end_line, end_column=end_column)
        result = build.result(
            f"betterleaks/{rule_id}",
            f"Betterleaks rule {rule_id} matched a credential in {path} at line {line} (value redacted).",
            [location],
            level="error",
            properties={"secretType": rule_id, "cwe": ["CWE-798"]},
        )
        if isinstance(hashed, str) and _HEX40.fullmatch(hashed):  # for sarif.dedup only, which removes it
            result.properties[SECRET_IDENTITY] = hashed
            at = item.get("secret_at")
            if isinstance(at, list) and len(at) == 2 and all(whole(v, 0) is not None for v in at):
                result.properties[SECRET_AT] = [int(at[0]), int(at[1])]  # for the result cache, which checks it
        marker = marked.get(path, {}).get(line)
        if marker:
            result.suppressions = [sarif_om.Suppression(kind="inSource", justification=marker)]
        results.append(result)
    return list(rules.values()), results, hashes, unreadable


class Betterleaks(Scanner):
    """Committed secrets with Betterleaks (our config, a private copy, no verification)."""

    name: ClassVar[str] = "betterleaks"
    category: ClassVar[str] = "secrets"
    stages: ClassVar[tuple[str, ...]] = ("code",)
    description: ClassVar[str] = "Committed secrets with Betterleaks (default rules + shiftleft's credential files)"
    severity_map: ClassVar[str | None] = "betterleaks"
    information_uri: ClassVar[str | None] = "https://github.com/betterleaks/betterleaks"
    startup_seconds: ClassVar[float] = 0.15
    seconds_per_mib: ClassVar[float] = 0.3
    options: ClassVar[dict[str, Any] | None] = {}
    #: reads every file of the target (the default ``inputs``). A run that found a secret
    #: carries its hashes for the redactor and is never stored (``scanners/cache.py``): only
    #: clean runs are, so an unchanged commit re-checked by the hook starts no engine
    cacheable: ClassVar[bool] = True

    def cache_identity(self, ctx: ScanContext) -> dict[str, Any]:
        """Our rule file and the driver, by content (the engine's version is in the key)."""
        return {"rules": files_identity([RULES, DRIVER])}

    def health(self) -> str | None:
        if engine_python() is None:
            return "Betterleaks is not installed: run `shiftleft tools install betterleaks`"
        return None

    def version(self) -> str | None:
        python = engine_python()
        package = tools.installed_version(python, PACKAGE) if python else None
        if package is None:
            return None
        return ENGINE_VERSIONS.get(package, f"pybetterleaks {package}")

    def applies(self, target: ScanTarget) -> str | None:
        return None if target.files else "no files"

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        props = result.properties if isinstance(result.properties, dict) else {}
        value = props.get("secretType")
        return str(value) if value else None

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        python = engine_python()
        if python is None:
            raise ToolError("Betterleaks is not installed: run `shiftleft tools install betterleaks`", "missing")
        deadline = time.monotonic() + ctx.timeout
        copied = copy_inputs(ctx.target, ctx.target.files, ctx.workdir / _MIRROR, MAX_FILE_BYTES)
        if not copied.files:
            first = copied.not_assessed[0] if copied.not_assessed else {"subject": "-", "reason": "none"}
            raise ToolError(f"no file could be given to Betterleaks ({first['subject']}: {first['reason']})")
        marked = neutralize_markers(copied)
        left = deadline - time.monotonic()
        if left <= 0:
            raise ToolError(f"Betterleaks timed out after {ctx.timeout:g} s (copying its inputs)", "timeout")
        argv = [python, "-I", str(DRIVER), str(RULES), str(copied.root), f"{left:.0f}"]
        out = run_isolated(argv, workdir=ctx.workdir, timeout=left, tool_vars=BETTERLEAKS_VARS)
        try:
            data = loads_bounded(out.stdout or "null")
        except ValueError as exc:
            raise ToolError(f"the Betterleaks driver printed output that is not JSON: {str(exc)[:200]}") from exc
        rules, results, hashes, unreadable = convert(data, copied, marked)
        reported = text(data.get("version"), 40) if isinstance(data, dict) else ""
        version = reported.removeprefix("v") or self.version()
        run = build.run("betterleaks", version=version, rules=rules, results=results,
                        information_uri=self.information_uri)  # fmt: skip
        run.properties = {
            SECRET_HASHES_KEY: sorted(hashes),
            "shiftleft": {"scanner": self.name, "files": len(copied.files)},
        }
        build.record_not_assessed(run, copied.not_assessed)
        if unreadable:
            build.record_not_assessed(run, [{
                "subject": "betterleaks",
                "reason": f"{unreadable} finding(s) in Betterleaks' output could not be read or placed on a scanned "
                          "file: not assessed",
            }])  # fmt: skip
        return run
