"""detect-secrets, its results converted to SARIF.

The tool runs as a subprocess: detect-secrets' own interpreter, isolated (``python -I``),
runs ``drivers/detect_secrets_driver.py`` - the library's ``scan_file`` with its plugins and filters
- over the target's files, in batches. Two of its filters are off, because they hide
things silently: the file-extension filter (shiftleft passes only text files, so a
secret in a text file named ``*.png`` or ``*.lock`` is scanned; the ``scan`` command
cannot turn that filter off in its worker processes), and the allowlist filter: a line
with ``# pragma: allowlist secret`` is reported as a result with an ``inSource``
suppression (justification "pragma: allowlist secret"), visible and countable, not gone.
Verification stays off: it sends every found secret to third-party APIs.

detect-secrets reports only a SHA-1 of each value; we never output even that (a hash of a
weak password can be brute-forced) but hand it to the redactor, which removes the value
wherever another tool echoed it.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, ClassVar

import sarif_om

from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError, find_executable, run_tool, tool_version
from shiftleft.sarif import build
from shiftleft.sarif.dedup import SECRET_IDENTITY
from shiftleft.sarif.detectors import COMMIT_PIN_FILES, is_commit_pin
from shiftleft.scanners.base import Scanner

#: run.properties key the pipeline pops before anything is written
SECRET_HASHES_KEY = "shiftleft.private.secretHashes"  # noqa: S105 - a key name, not a secret
MAX_FILES_PER_CALL = 2000
PRAGMA_JUSTIFICATION = "pragma: allowlist secret"
DRIVER = Path(__file__).parent / "drivers" / "detect_secrets_driver.py"


def interpreter(exe: str) -> str:
    """The Python that runs the ``detect-secrets`` executable: its ``#!`` line, else the
    ``python`` beside it, else ours."""
    path = Path(exe)
    try:
        with path.open("rb") as handle:
            first = handle.readline(512).decode("utf-8", "replace").strip()
    except OSError:
        first = ""
    if first.startswith("#!"):
        candidate = first[2:].strip().split()[0] if first[2:].strip() else ""
        if candidate and Path(candidate).is_absolute() and Path(candidate).name.startswith("python"):
            if Path(candidate).exists():
                return candidate
    beside = path.with_name("python")
    return str(beside) if beside.exists() else sys.executable


def drop_commit_pins(findings: dict[str, list[dict[str, Any]]], target: ScanTarget) -> dict[str, list[dict[str, Any]]]:
    """Findings without those on a pre-commit config's ``rev: <commit id>`` line
    (``detectors.is_commit_pin``). The line is read from the target's own file, only for a
    file on its safe list named like a pre-commit config."""
    safe = set(target.files)
    out: dict[str, list[dict[str, Any]]] = {}
    for filename, items in findings.items():
        name = filename.rsplit("/", 1)[-1]
        if name in COMMIT_PIN_FILES and filename in safe:
            try:
                lines = (target.root / filename).read_text("utf-8", errors="replace").splitlines()
            except OSError:
                lines = []

            def line(item: dict[str, Any], lines: list[str] = lines) -> str:
                number = int(item.get("line_number") or 0)
                return lines[number - 1] if 0 < number <= len(lines) else ""

            items = [i for i in items if not is_commit_pin(filename, line(i), str(i.get("type", "")))]
        if items:
            out[filename] = items
    return out


def _rule_id(secret_type: str) -> str:
    return "detect-secrets/" + "-".join(secret_type.lower().replace("(", "").replace(")", "").split())


class DetectSecrets(Scanner):
    name = "detect-secrets"
    information_uri = "https://github.com/Yelp/detect-secrets"
    category = "secrets"
    stages = ("code",)
    description = "Committed secrets with detect-secrets (no verification calls)"
    severity_map = "detect-secrets"
    #: the slowest scanner by far (~0.06-0.17 s a file, benchmarks/full_scan.py): started first
    startup_seconds = 0.5
    seconds_per_mib = 3.0
    #: Betterleaks is the default secrets engine; detect-secrets runs when the config turns
    #: it on (``scanners.detect-secrets.enabled: true``), alone or alongside
    enabled_by_default = False
    options: ClassVar[dict[str, Any]] = {}
    cacheable = True  # reads every file of the target: the default ``inputs``

    def health(self) -> str | None:
        if not find_executable("detect-secrets"):
            return "detect-secrets is not installed (pip install detect-secrets)"
        return None

    def version(self) -> str | None:
        return tool_version("detect-secrets", "detect-secrets")

    def applies(self, target: ScanTarget) -> str | None:
        return None if target.files else "no files"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        exe = find_executable("detect-secrets")
        assert exe is not None
        findings: dict[str, list[dict[str, Any]]] = defaultdict(list)
        files = list(ctx.target.files)
        for start in range(0, len(files), MAX_FILES_PER_CALL):
            chunk = files[start : start + MAX_FILES_PER_CALL]
            argv = [interpreter(exe), "-I", str(DRIVER), "--", *chunk]
            out = run_tool(argv, timeout=ctx.timeout, cwd=ctx.target.root)
            try:
                data = json.loads(out.stdout)
                results = data["results"]
            except (ValueError, KeyError, TypeError) as exc:
                raise ToolError(f"detect-secrets printed output that is not its JSON: {out.stdout[:120]!r}") from exc
            for filename, items in results.items():
                findings[filename].extend(items)
        return self.convert(drop_commit_pins(findings, ctx.target), self.version())

    @staticmethod
    def convert(findings: dict[str, list[dict[str, Any]]], version: str | None) -> sarif_om.Run:
        rules: dict[str, sarif_om.ReportingDescriptor] = {}
        results: list[sarif_om.Result] = []
        hashes: set[str] = set()
        for filename in sorted(findings):
            for item in findings[filename]:
                secret_type = str(item.get("type", "secret"))
                rule_id = _rule_id(secret_type)
                if rule_id not in rules:
                    rules[rule_id] = build.rule(
                        rule_id,
                        name=secret_type,
                        short=f"{secret_type} committed to the repository",
                        full=(
                            f"detect-secrets found a value that looks like a {secret_type}. A secret in the "
                            "repository is readable by everyone with access to it and stays in its history."
                        ),
                        help_text=(
                            "Revoke and rotate the credential, remove it from the code and history, and load it "
                            "from a secret manager or the environment. If it is a false positive, waive it "
                            "with a reason (or mark it with `# pragma: allowlist secret`)."
                        ),
                        properties={"tags": ["security", "secret", "external/cwe/cwe-798"]},
                    )
                if item.get("hashed_secret"):
                    hashes.add(str(item["hashed_secret"]))
                line = int(item.get("line_number") or 1)
                result = build.result(
                    rule_id,
                    f"{secret_type} found in {filename} at line {line} (value redacted).",
                    [build.location(str(item.get("filename", filename)), line)],
                    level="error",
                    properties={"secretType": secret_type, "cwe": ["CWE-798"]},
                )
                if item.get("hashed_secret"):  # for sarif.dedup only, which removes it
                    result.properties[SECRET_IDENTITY] = str(item["hashed_secret"])
                if item.get("allowlisted"):
                    result.suppressions = [
                        # status "accepted" and the marker are added by policy.suppressions, as for
                        # every tool's own in-source suppression
                        sarif_om.Suppression(kind="inSource", justification=PRAGMA_JUSTIFICATION)
                    ]
                results.append(result)
        run = build.run(
            "detect-secrets",
            version=version,
            information_uri="https://github.com/Yelp/detect-secrets",
            rules=rules.values(),
            results=results,
        )
        run.properties = {SECRET_HASHES_KEY: sorted(hashes)}
        return run

    def native_severity(
        self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None
    ) -> str | None:
        props = result.properties if isinstance(result.properties, dict) else {}
        value = props.get("secretType")
        return str(value) if value else None
