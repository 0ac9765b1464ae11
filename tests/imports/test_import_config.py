"""Where imports come from: ``imports:`` in a config (a repository's confined to its root,
an explicit one's relative to it), ``--import FILE[:STAGE]`` on the command line (comma
lists, $SHIFTLEFT_IMPORT), and the audit bundle that records each imported file."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shiftleft import cli
from shiftleft.config import ConfigError, ImportConfig
from shiftleft.model import ScanStatus
from shiftleft.scan import export_audit
from tests.imports.builders import project, result, scan_imports, statuses, tool_run, write_log


def _repo_with_report(tmp_path: Path) -> Path:
    root = project(tmp_path)
    (root / "reports").mkdir()
    write_log(root / "reports" / "codeql.sarif", [tool_run("CodeQL", [result("js/xss", "app/app.py", 6)])])
    return root


def test_repository_config_imports_a_file_inside_its_root(tmp_path: Path) -> None:
    root = _repo_with_report(tmp_path)
    (root / "shiftleft.yaml").write_text("imports:\n  - {path: reports/codeql.sarif, stage: test, max_age_days: 99}\n"
                                         "  - reports/not-yet.sarif\n")  # fmt: skip
    scanned = scan_imports(root)
    found = statuses(scanned)
    assert found["import:codeql"].status is ScanStatus.OK and found["import:codeql"].stage == "test"
    assert found["import:not-yet"].status is ScanStatus.MISSING  # a report the CI job did not make: not clean
    assert any("max_age_days above 7 ignored" in n for n in scanned.notices)  # may not accept older reports


@pytest.mark.parametrize("path", ["../outside.sarif", "/etc/passwd", "link.sarif"])
def test_repository_config_may_not_import_outside_its_root(tmp_path: Path, path: str) -> None:
    root = _repo_with_report(tmp_path)
    outside = write_log(tmp_path / "outside.sarif", [tool_run("X", [])])
    os.symlink(outside, root / "link.sarif")
    (root / "shiftleft.yaml").write_text(f"imports: [{json.dumps(path)}]\n")
    with pytest.raises(ConfigError) as caught:
        scan_imports(root)
    assert caught.value.exit_code == 2 and "shiftleft.yaml:1: imports:" in caught.value.message


def test_explicit_config_imports_relative_to_itself(tmp_path: Path) -> None:
    root = project(tmp_path)
    ops = tmp_path / "ops"
    ops.mkdir()
    write_log(ops / "gosec.sarif", [tool_run("gosec", [result("G101", "app/app.py", 1)])])
    config = ops / "shiftleft.yaml"
    config.write_text("imports:\n  - path: gosec.sarif\n    category: secrets\n")
    found = statuses(scan_imports(root, config_file=config))
    assert (found["import:gosec"].status, found["import:gosec"].category) == (ScanStatus.OK, "secrets")


def test_config_refuses_an_unknown_import_key(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "shiftleft.yaml").write_text("imports:\n  - {path: x.sarif, stgae: test}\n")
    with pytest.raises(ConfigError, match="did you mean 'stage'"):
        scan_imports(root)


def test_cli_import_values() -> None:
    assert cli._imports(["a.sarif:TEST", "b,c.sarif", "c:\\x.sarif", "d.sarif:deploy", " "]) == [
        ImportConfig("a.sarif", stage="test"), ImportConfig("b,c.sarif"), ImportConfig("c:\\x.sarif"),
        ImportConfig("d.sarif", stage="deploy"),
    ]  # a file option: never split at commas (docs/cli.md)


def test_cli_scan_with_imports_and_their_environment_variable(tmp_path: Path) -> None:
    root = project(tmp_path)
    one = write_log(tmp_path / "one.sarif", [tool_run("One", [result("r", "app/app.py", 6, level="note")])])
    two = write_log(tmp_path / "two.sarif", [tool_run("Two", [])])
    out = tmp_path / "out"
    run = CliRunner().invoke(cli.app, ["scan", str(root), "--scanner", "bandit", "--import", f"{one}:build",
                                       "-o", str(out), "--no-history", "--no-cache", "-q"],
                             env={"SHIFTLEFT_IMPORT": str(two)})  # fmt: skip
    card = json.loads((out / "scorecard.json").read_text("utf-8"))
    names = {s["name"]: s for s in card["scanners"]}
    assert names["import:one"]["stage"] == "build" and "import:two" not in names  # the option wins over $ENV
    env_only = CliRunner().invoke(cli.app, ["scan", str(root), "--scanner", "bandit", "-o", str(tmp_path / "o2"),
                                            "--no-history", "--no-cache", "-q"], env={"SHIFTLEFT_IMPORT": str(two)})
    card2 = json.loads((tmp_path / "o2" / "scorecard.json").read_text("utf-8"))
    assert "import:two" in {s["name"] for s in card2["scanners"]}, env_only.output
    assert run.exit_code in (0, 1, 3), run.output


def test_audit_bundle_holds_each_imported_file_with_its_sha256(tmp_path: Path) -> None:
    root = _repo_with_report(tmp_path)
    (root / "shiftleft.yaml").write_text("imports: [reports/codeql.sarif]\n")
    mine = write_log(tmp_path / "mine.sarif", [tool_run("Mine", [])])
    scanned = scan_imports(root, mine)
    bundle, _digest, _lacks = export_audit(scanned, tmp_path / "audit.zip", tmp_path / "out")
    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        listed = [i for i in manifest["inputs"] if i["kind"] == "import"]
        assert {Path(i["source"]).name for i in listed} == {"codeql.sarif", "mine.sarif"}
        for item in listed:
            assert zf.read(item["member"]) == (Path(item["source"]) if Path(item["source"]).is_absolute()
                                               else root / item["source"]).read_bytes()


def test_config_imports_can_be_left_out_as_the_pre_commit_hook_does(tmp_path: Path) -> None:
    root = _repo_with_report(tmp_path)
    (root / "shiftleft.yaml").write_text("imports: [reports/codeql.sarif, reports/stale-or-missing.sarif]\n")
    mine = write_log(tmp_path / "mine.sarif", [tool_run("Mine", [])])
    assert set(statuses(scan_imports(root, mine, config_imports=False))) == {"import:mine"}


def test_an_explicit_config_may_make_an_import_optional_a_repository_config_may_not(tmp_path: Path) -> None:
    root = project(tmp_path)
    ops = tmp_path / "ops"
    ops.mkdir()
    write_log(ops / "fine.sarif", [tool_run("Fine", [])])
    (ops / "shiftleft.yaml").write_text("imports: [{path: absent.sarif, required: false}, fine.sarif]\n")
    optional = scan_imports(root, config_file=ops / "shiftleft.yaml")
    status = statuses(optional)["import:absent"]
    assert status.status is ScanStatus.MISSING and not status.required  # still NOT ASSESSED, shown so
    rule = next(r for r in optional.report.gate.rules if r.id == "required-scanners-ran")
    assert rule.passed
    (root / "shiftleft.yaml").write_text("imports: [{path: absent.sarif, required: false}]\n")
    forced = scan_imports(root)
    assert statuses(forced)["import:absent"].required and any("required: false ignored" in n for n in forced.notices)
    assert not next(r for r in forced.report.gate.rules if r.id == "required-scanners-ran").passed


def test_an_import_of_a_stage_not_scanned_is_left_out_with_a_notice(tmp_path: Path) -> None:
    root = project(tmp_path)
    log = write_log(tmp_path / "t.sarif", [tool_run("Late", [])])
    scanned = scan_imports(root, ImportConfig(str(log), stage="test"), stages=("code",))
    assert "import:late" not in statuses(scanned) and "imports" not in scanned.report.meta
    assert any("import:late not imported: its stage test is not among the stages scanned" in n
               for n in scanned.notices)  # fmt: skip
