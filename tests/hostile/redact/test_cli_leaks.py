"""End to end through the real CLI: secrets a hostile repository plants never reach any
output (every report format, the SBOM, the audit bundle, the history database, stdout,
stderr), and redaction leaves everything else alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from tests.hostile.redact.builders import (
    CliRun,
    build_only_repo,
    config_error_repo,
    engine_blind_spots_repo,
    image_config_archive,
    parts,
    run_cli,
    weak_password_repo,
    with_detect_secrets,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def assert_no_leak(run: CliRun, secrets: list[str]) -> None:
    """Neither a secret nor any 8-character part of it, in any output."""
    leaks = {
        where: part
        for secret in secrets
        for part in parts(secret)
        for where, text in [("stdout", run.stdout), ("stderr", run.stderr), *run.outputs.items()]
        if part in text
    }
    assert leaks == {}


def _strings(obj: object) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _strings(value)


def results(run: CliRun) -> list[dict[str, object]]:
    sarif = json.loads(run.outputs["shiftleft.sarif"])
    return [r for run_ in sarif["runs"] for r in run_.get("results") or []]


@pytest.fixture(scope="module")
def build_only(tmp_path_factory: pytest.TempPathFactory) -> tuple[CliRun, list[str]]:
    """One build+deploy scan (checkov is slow): no secrets engine runs at all."""
    base = tmp_path_factory.mktemp("build-only")
    planted = build_only_repo(base / "repo")
    run = run_cli(planted.root, base / "out", "--stage", "build", "--stage", "deploy", history=base / "history.db")
    return run, planted.secrets


def test_build_only_scan_redacts_keys_in_checkov_snippets_and_the_next_line(
    build_only: tuple[CliRun, list[str]],
) -> None:
    run, secrets = build_only
    assert run.code in (1, 3), run.stderr  # findings or not assessed; never 4
    names = {str(r["ruleId"]) for r in results(run)}
    assert "CKV_AWS_41" in names  # checkov flagged the provider: its snippet carried both keys
    assert "[REDACTED]" in run.outputs["shiftleft.sarif"]
    assert_no_leak(run, secrets)


def test_tokened_vcs_url_leaves_no_trace_in_sbom_notices_bundle_or_history(
    build_only: tuple[CliRun, list[str]],
) -> None:
    run, secrets = build_only
    sbom = json.loads(run.outputs["sbom.cdx.json"])
    names = [c["name"] for c in sbom.get("components", [])]
    assert "private" in names  # the VCS requirement is listed, not dropped
    assert any(name.startswith("audit.zip!") for name in run.outputs)
    assert "history.db" in run.outputs
    assert_no_leak(run, secrets)


def test_weak_password_is_redacted_only_as_a_value(tmp_path: Path) -> None:
    """detect-secrets flags ``password = "test"``; the stage ``test``, the ``tests/`` paths,
    the word "test" in messages must come out byte for byte."""
    planted = weak_password_repo(tmp_path / "repo")
    run = run_cli(planted.root, tmp_path / "out", "--stage", "code", "--stage", "test", *with_detect_secrets(tmp_path))
    assert run.code in (0, 1, 3), run.stderr
    scorecard = json.loads(run.outputs["scorecard.json"])
    sarif = json.loads(run.outputs["shiftleft.sarif"])
    assert scorecard["scan"]["stages"] == ["code", "test"]
    assert sarif["properties"]["shiftleft"]["stages"] == ["code", "test"]
    assert '"stage": "[REDACTED]"' not in json.dumps(scorecard)
    found = results(run)
    uris = {
        str(loc["physicalLocation"]["artifactLocation"]["uri"])  # type: ignore[index]
        for r in found
        for loc in r.get("locations") or []  # type: ignore[attr-defined]
    }
    assert "tests/test_settings.py" in uris
    assert any(r["ruleId"] == "detect-secrets/secret-keyword" for r in found)
    everything = run.everything()
    assert "tests/test_settings.py" in everything and "test_settings" in run.outputs["findings.csv"]
    for name in ("shiftleft.sarif", "scorecard.json"):  # the value, quoted inside a string, nowhere
        strings = list(_strings(json.loads(run.outputs[name])))
        assert "test" in strings  # the stage name, byte for byte
        assert not [t for t in strings if "'test'" in t or '"test"' in t]
    for name in ("report.md", "report.html", "findings.csv", "junit.xml"):
        assert 'password = "test"' not in run.outputs[name] and "'test'" not in run.outputs[name]


def test_engine_blind_spots_are_scanned_and_pragma_is_a_visible_suppression(tmp_path: Path, marker: Path) -> None:
    planted = engine_blind_spots_repo(tmp_path / "repo", marker)
    run = run_cli(planted.root, tmp_path / "out", "--stage", "code", *with_detect_secrets(tmp_path))
    assert not marker.exists()  # the repository's detect_secrets package never ran
    assert run.code in (1, 3), run.stderr
    secrets = [r for r in results(run) if str(r["ruleId"]).startswith("detect-secrets/")]
    by_file: dict[str, list[dict[str, object]]] = {}
    for r in secrets:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]  # type: ignore[index]
        by_file.setdefault(str(uri), []).append(r)
    # where Betterleaks found the same secret, detect-secrets' result is merged into its
    # result (sarif.dedup) and named there
    merged = {
        str(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])  # type: ignore[index]
        for r in results(run)
        for a in (r.get("properties") or {}).get("alsoReportedBy") or []  # type: ignore[attr-defined]
        if a.get("tool") == "detect-secrets"
    }
    assert {"logo.png", "deps.lock", "app.py"} <= set(by_file) | merged
    pragma = by_file["app.py"]
    assert all(
        s.get("kind") == "inSource" and s.get("justification") == "pragma: allowlist secret"
        for r in pragma
        for s in r.get("suppressions") or [{}]  # type: ignore[attr-defined]
    )
    assert all(r.get("suppressions") for r in pragma)
    assert not any(r.get("suppressions") for r in by_file.get("logo.png", []) + by_file.get("deps.lock", []))
    assert_no_leak(run, planted.secrets)


def test_image_env_without_equals_and_label_keys_never_printed(tmp_path: Path) -> None:
    archive = tmp_path / "image.tar"
    planted = image_config_archive(archive)
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("app\n", encoding="utf-8")
    run = run_cli(root, tmp_path / "out", "--stage", "test", "--image-archive", str(archive))
    assert run.code in (1, 3), run.stderr
    rules = [str(r["ruleId"]) for r in results(run)]
    assert rules.count("SL-IMG-003") >= 2 and "SL-IMG-004" in rules  # found, named by position
    messages = [str(r["message"]["text"]) for r in results(run)]  # type: ignore[index]
    assert any("ENV #1 " in m for m in messages) and any("AWS_SECRET_ACCESS_KEY" in m for m in messages)
    assert_no_leak(run, planted.secrets)


def test_config_error_quoting_a_credential_is_redacted_on_stderr(tmp_path: Path) -> None:
    planted = config_error_repo(tmp_path / "repo")
    run = run_cli(planted.root, tmp_path / "out", "--stage", "code")
    assert run.code == 2
    assert run.stderr.startswith("shiftleft: error: ") and run.stderr.strip().count("\n") == 0
    assert_no_leak(run, planted.secrets)


def test_an_error_message_that_quotes_a_credential_is_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    """Config errors no longer quote values at all; every other error path (tool output in a
    failure reason, a file line) still goes through the redactor in ``fail``."""
    from shiftleft.cli_common import fail

    key = "AKIA" + "Q3EGRDN7HXKLT2VZ"
    with pytest.raises(typer.Exit):
        fail(f"tool said: aws_access_key_id = {key}")
    err = capsys.readouterr().err
    assert key not in err and key[4:12] not in err and "[REDACTED]" in err
