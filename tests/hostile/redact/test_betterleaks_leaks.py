"""End to end through the real CLI with Betterleaks (the default secrets engine) and with
both engines: no planted secret, nor any part of one longer than 4 characters, in SARIF,
JSON, HTML, Markdown, CSV, JUnit, the audit bundle or the terminal; the secret type is kept."""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

import pytest

from shiftleft.scanners.betterleaks import engine_python
from tests.hostile.redact.builders import CliRun, run_cli, with_detect_secrets

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
_rng = random.SystemRandom()
ALNUM = string.ascii_letters + string.digits


def _mixed(n: int) -> str:
    """Random letters and digits with at least one upper, one lower, one digit in every 5."""
    while True:
        value = "".join(_rng.choice(ALNUM) for _ in range(n))
        if all(_fragment(value[i : i + 5]) for i in range(0, n - 4, 5)):
            return value


def _fragment(part: str) -> bool:
    """A 5-character part that could only come from the secret: it mixes upper and lower case
    and digits, which no hex digest, fingerprint or word of the reports does."""
    return any(c.isupper() for c in part) and any(c.islower() for c in part) and any(c.isdigit() for c in part)


def _plant(root: Path) -> dict[str, str]:
    secrets = {
        "github": "ghp_" + _mixed(36),
        "gitlab": "glpat-" + _mixed(20),
        "netrc": _mixed(16),
        "pgpass": _mixed(18),
        "wp": _mixed(20),
    }
    files = {
        "app/config.py": f'GITHUB_TOKEN = "{secrets["github"]}"\n',
        "ci/deploy.yaml": f"env:\n  GITLAB_TOKEN: {secrets['gitlab']}\n",
        ".netrc": f"machine git.example.invalid\n  login deploy\n  password {secrets['netrc']}\n",
        ".pgpass": f"db.example.invalid:5432:app:app:{secrets['pgpass']}\n",
        "site/wp-config.php": f"<?php\ndefine( 'DB_PASSWORD', '{secrets['wp']}' );\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return secrets


def _leaks(run: CliRun, secrets: dict[str, str]) -> dict[str, str]:
    places = [("stdout", run.stdout), ("stderr", run.stderr), *run.outputs.items()]
    found = {}
    for value in secrets.values():
        for i in range(len(value) - 4):
            part = value[i : i + 5]
            if not _fragment(part):
                continue
            for where, text in places:
                if part in text:
                    found[f"{where}: {part}"] = where
    return found


@pytest.mark.parametrize("engines", ["default", "both"])
def test_no_value_nor_a_fragment_of_one_in_any_output(tmp_path: Path, engines: str) -> None:
    if engine_python() is None:
        pytest.skip("betterleaks is not installed (shiftleft tools install betterleaks)")
    root = tmp_path / "repo"
    secrets = _plant(root)
    extra = with_detect_secrets(tmp_path) if engines == "both" else ()
    run = run_cli(root, tmp_path / "out", "--stage", "code", "-v", *extra)
    assert run.code == 1, run.stderr
    sarif = json.loads(run.outputs["shiftleft.sarif"])
    found = [r for run_ in sarif["runs"] if run_["tool"]["driver"]["name"] == "betterleaks" for r in run_["results"]]
    types = {r["properties"]["secretType"] for r in found}
    assert {"github-pat", "gitlab-pat", "shiftleft-netrc-password", "shiftleft-pgpass",
            "shiftleft-wp-config-secret"} <= types  # fmt: skip
    assert "shiftleft.private.secretHashes" not in run.outputs["shiftleft.sarif"]
    assert _leaks(run, secrets) == {}
