"""Fixture builders for the config boundary: a hostile repository's ``shiftleft.yaml`` and the
paths it names, host files it tries to reach, and crafted logs fed to ``audit export``.

Every builder makes its files under the ``tmp_path`` it is given: a *host* directory (stands
for the operator's machine outside the scan root: a fake credentials file, never a real one)
and a *repo* directory (the scan root, hostile). Scans run in-process through the real CLI
with a registry of fake scanners (no tool runs; each reports what the attack needs), so an
attack costs milliseconds and its outcome depends only on the config handling under test.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
import sarif_om
from typer.testing import CliRunner, Result

from shiftleft import cli
from shiftleft import scan as scan_module
from shiftleft.model import ScanContext
from shiftleft.sarif import build
from shiftleft.scanners.base import Scanner

#: looks like a shadow line and an AWS key pair; only ever written to a tmp "host" file
HOST_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYHOSTSECRET"
HOST_LINE = f"root:$6$saltsalt${HOST_SECRET}:19000:0:99999:7:::"


@dataclass(frozen=True)
class World:
    host: Path
    repo: Path
    #: a fake credentials file on the "host", outside the scan root
    secret_file: Path
    out: Path

    def write_config(self, text: str, name: str = "shiftleft.yaml") -> Path:
        path = self.repo / name
        path.write_text(text, "utf-8")
        return path


def world(tmp_path: Path) -> World:
    """A host directory with a fake credentials file, and a repository with one source file."""
    host, repo = tmp_path / "host", tmp_path / "repo"
    host.mkdir()
    repo.mkdir()
    secret_file = host / "shadow"
    secret_file.write_text(HOST_LINE + "\n", "utf-8")
    (repo / "app.py").write_text("print('hello')\n", "utf-8")
    return World(host, repo, secret_file, tmp_path / "out")


# --- the ways a repository-named path can leave the root ---------------------------------


def escape_values(w: World) -> dict[str, str]:
    """name -> a config value that reaches the host file (each builds what it needs)."""
    (w.repo / "linked.yaml").symlink_to(w.secret_file)  # a symlinked file
    (w.repo / "hostdir").symlink_to(w.host, target_is_directory=True)  # a symlinked directory
    (w.repo / "sub").mkdir()
    (w.repo / "sub" / "up").symlink_to("../../host", target_is_directory=True)  # relative link out
    # out and back in: the link leaves the root, the final path lands inside it
    (w.repo / "inside.yaml").write_text("waivers: []\n", "utf-8")
    (w.repo / "roundtrip").symlink_to(w.host.parent, target_is_directory=True)
    return {
        "absolute": str(w.secret_file),
        "traversal": "../host/shadow",
        "dot-traversal": "./sub/../../host/shadow",
        "symlinked-file": "linked.yaml",
        "symlinked-directory": "hostdir/shadow",
        "relative-link-directory": "sub/up/shadow",
        "out-and-back": "roundtrip/repo/inside.yaml",
        "home": "~/.aws/credentials",
    }


def fifo(w: World) -> str:
    """A named pipe inside the root: reading it would block the scan forever."""
    os.mkfifo(w.repo / "pipe.yaml")
    return "pipe.yaml"


# --- fake scanners: each reports what an attack needs ---------------------------------------


class _Fake(Scanner):
    name: ClassVar[str] = "fake"
    category: ClassVar[str] = "sast"
    stages: ClassVar[tuple[str, ...]] = ("code",)
    #: (rule id, security-severity) of the results it reports
    results: ClassVar[tuple[tuple[str, str], ...]] = ()
    run_properties: ClassVar[dict[str, Any] | None] = None

    def health(self) -> str | None:
        return None

    def version(self) -> str | None:
        return "1.0.0"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        found = [
            build.result(rule, f"{rule} problem", [build.location(str(ctx.target.root / "app.py"), 1)],
                         properties={"security-severity": score})
            for rule, score in self.results
        ]  # fmt: skip
        run = build.run(self.name, version="1.0.0", rules=[build.rule(r, short=r) for r, _ in self.results],
                        results=found)  # fmt: skip
        if self.run_properties is not None:
            run.properties = {"shiftleft": dict(self.run_properties)}
        return run


class HighSast(_Fake):
    """A required SAST scanner with one high finding."""

    name = "fake-sast"
    results = (("FAKE-HIGH", "8.0"),)


class LowSecret(_Fake):
    """A required secrets scanner with one low-severity secret: only the secrets rule sees it."""

    name = "fake-secrets"
    category = "secrets"
    results = (("FAKE-SECRET", "2.0"),)


class MediumSast(_Fake):
    name = "fake-medium"
    results = (("FAKE-MEDIUM", "5.5"),)


class CleanBuild(_Fake):
    """A required build-stage scanner that finds nothing."""

    name = "fake-sca"
    category = "sca"
    stages = ("build",)


class MissingTool(_Fake):
    """A required scanner whose tool is not installed: the gate must say incomplete."""

    name = "fake-missing"

    def health(self) -> str | None:
        return "fake-missing is not installed"


def artifact_scanner(path: Path) -> type[Scanner]:
    """A scanner whose run properties claim an artifact at ``path`` (a host file)."""

    class ClaimsArtifact(_Fake):
        name = "fake-sbom"
        category = "sbom"
        stages = ("build",)
        required = False
        run_properties: ClassVar[dict[str, Any] | None] = {
            "artifacts": [{"kind": "sbom", "format": "CycloneDX 1.6 JSON", "path": str(path)}]
        }

    return ClaimsArtifact


def registry(*scanners: type[Scanner]) -> dict[str, type[Scanner]]:
    return {s.name: s for s in scanners}


@contextmanager
def fake_registry(monkeypatch: pytest.MonkeyPatch, *scanners: type[Scanner]) -> Iterator[None]:
    monkeypatch.setattr(scan_module, "discover", lambda: registry(*scanners))
    yield


def scan(w: World, *args: str) -> Result:
    """``shiftleft scan REPO -o OUT ARGS`` in-process, stdout and stderr kept apart."""
    return CliRunner().invoke(cli.app, ["scan", str(w.repo), "-o", str(w.out), "--no-color", *args])


def scorecard(w: World) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((w.out / "scorecard.json").read_text("utf-8"))
    return data


def everything_written(*roots: Path) -> str:
    """Every byte shiftleft wrote under ``roots`` (reports, zips unpacked), as text."""
    import zipfile

    chunks: list[str] = []
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as zf:
                    chunks += [zf.read(i).decode("utf-8", "replace") for i in zf.infolist()]
            else:
                chunks.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(chunks)


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


# --- crafted logs for audit export ---------------------------------------------------------


def crafted_scan_output(w: World, *, target: Path | None = None, inputs: Sequence[Path] = (),
                        artifacts: Sequence[Path] = (), git: object = None) -> Path:  # fmt: skip
    """A scan output directory whose SARIF log and scorecard name host files: an artifact in a
    run's properties, config inputs in the scan metadata, a target directory to look in, and
    (``git``, when given) the git state the log claims for its scan."""
    out = w.out.parent / "crafted"
    out.mkdir()
    meta = {
        "version": "0.1.0", "target": str(target or w.repo), "stages": ["code"],
        "startTime": "2026-11-22T02:54:00.000Z", "endTime": "2026-11-22T02:54:01.000Z",
        "filesScanned": 1, "filesSkipped": 0, "scanners": [],
        "inputs": [{"kind": "config", "path": str(p)} for p in inputs],
    }  # fmt: skip
    if git is not None:
        meta["git"] = git
    run = {
        "tool": {"driver": {"name": "fake-sbom", "version": "1.0", "rules": []}},
        "invocations": [{"executionSuccessful": True}],
        "results": [],
        "properties": {"shiftleft": {"scanner": "fake-sbom", "stage": "build", "category": "sbom", "status": "ok",
                                     "artifacts": [{"kind": "sbom", "path": str(p)} for p in artifacts]}},
    }  # fmt: skip
    # a complete log (its orchestrator run present), so what is tested is the path rule,
    # not the read-back check that refuses logs without one
    orchestrator = {
        "tool": {"driver": {"name": "shiftleft", "version": "0.1.0", "rules": []}},
        "invocations": [{"executionSuccessful": True}],
        "results": [],
        "automationDetails": {"id": "shiftleft/orchestrator/"},
        "properties": {"shiftleft": {"scanner": "shiftleft", "stage": "all", "category": "orchestrator",
                                     "status": "ok"}},
    }  # fmt: skip
    sarif = {"version": "2.1.0", "runs": [run, orchestrator], "properties": {"shiftleft": meta}}
    (out / "shiftleft.sarif").write_text(json.dumps(sarif), "utf-8")
    return out


def git_commit(repo: Path, message: str = "c") -> str:
    """Make ``repo`` a git repository (if it is not one) and commit everything in it; the new
    HEAD's object id. Identity and config are given on the command line, never the user's."""
    import subprocess

    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(repo), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"}  # fmt: skip
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "init.defaultBranch=main",
           "-C", str(repo)]  # fmt: skip
    if not (repo / ".git").exists():
        subprocess.run([*git, "init", "-q"], check=True, env=env)
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", message], check=True, env=env)
    out = subprocess.run([*git, "rev-parse", "HEAD"], check=True, env=env, capture_output=True, text=True)
    return out.stdout.strip()


def alias_bomb(levels: int = 8, width: int = 10) -> str:
    """A YAML document of a few hundred bytes whose aliases expand to width**levels nodes."""
    lines = [f"l0: &l0 [{', '.join(['x'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    lines.append(f"waivers: [*l{levels - 1}]")
    return "\n".join(lines) + "\n"
