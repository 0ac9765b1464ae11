"""The ``shiftleft`` command line's conventions (docs/cli.md), through typer's CliRunner with
fake scanners: comma lists and any-case values, --output as a directory, single-file
reports, SHIFTLEFT_<OPTION> variables, ``scanners --json``, help without Python types, and
``report merge`` with --config / --preset / --policy."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import sarif_om
import typer
from typer.testing import CliRunner

from shiftleft import cli, hook_cli
from shiftleft import scan as scan_module
from shiftleft.cli_common import envvar
from shiftleft.model import ScanContext
from shiftleft.report import FORMATS
from shiftleft.scanners import registry
from tests.helpers import CleanScanner, FakeScanner, HighScanner, make_run, result_dict

runner = CliRunner()


Clean, High = CleanScanner, HighScanner


class Medium(FakeScanner):
    name: ClassVar[str] = "medium"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        return make_run([result_dict("R2", "app.py", 1, properties={"security-severity": "5.5"})])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-file repository; the working directory is an empty directory beside it."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text("x = 1\n", "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for name in list(__import__("os").environ):
        if name.startswith("SHIFTLEFT_") and name not in ("SHIFTLEFT_TOOLS_DIR", "SHIFTLEFT_CACHE_DIR"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SHIFTLEFT_CACHE_DIR", str(tmp_path / "cache"))
    return root


def use(monkeypatch: pytest.MonkeyPatch, *scanners: type[FakeScanner]) -> None:
    monkeypatch.setattr(scan_module, "discover", lambda: {cls.name: cls for cls in scanners})


def scan(repo: Path, *args: str | Path, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(cli.app, ["scan", str(repo), "--no-history", *map(str, args)], env=env)


def one_error_line(result: Any) -> str:
    lines: list[str] = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("shiftleft: error: ")
    return lines[0]


# --- values: any case, comma lists, close-match hints ------------------------------------------


def test_fail_on_any_case_and_as_a_list(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use(monkeypatch, Clean, High)
    assert scan(repo, "--fail-on", "HIGH").exit_code == 1
    assert scan(repo, "--fail-on", "Critical").exit_code == 0
    assert scan(repo, "--fail-on", "HIGH,CRITICAL").exit_code == 1
    refused = scan(repo, "--fail-on", "medium,critical")
    assert refused.exit_code == 2 and "give --fail-on medium" in one_error_line(refused)
    typo = scan(repo, "--fail-on", "hihg")
    assert typo.exit_code == 2 and "did you mean 'high'" in one_error_line(typo)


def test_format_and_stage_comma_lists_and_repeats(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use(monkeypatch, Clean)
    out = repo.parent / "out"
    result = scan(repo, "-f", "sarif,JSON", "-f", "html", "--stage", "Code,code", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "scorecard.json", "shiftleft.sarif"]
    typo = scan(repo, "-f", "sarif,sarf", "-o", out)
    assert typo.exit_code == 2
    assert one_error_line(typo) == ("shiftleft: error: -f/--format: unknown format 'sarf' (did you mean 'sarif'?); "
                                    f"choose from: {', '.join(FORMATS)}")  # fmt: skip
    stage = scan(repo, "--stage", "code,bulid")
    assert stage.exit_code == 2 and "did you mean 'build'" in one_error_line(stage)


def test_scanner_selection(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class OffByDefault(Clean):
        name: ClassVar[str] = "optional"
        enabled_by_default: ClassVar[bool] = False

    use(monkeypatch, Clean, High, OffByDefault)
    out = repo.parent / "sel"

    def ran(*args: str) -> list[str]:
        result = scan(repo, "-o", out, "-f", "json", *args)
        assert result.exit_code in (0, 1), result.output
        card = json.loads((out / "scorecard.json").read_text("utf-8"))
        return sorted(s["name"] for s in card["scanners"] if s["status"] == "ok")

    assert ran() == ["clean", "high"]
    assert ran("--scanner", "CLEAN") == ["clean"]
    assert ran("--scanner", "clean,optional") == ["clean", "optional"]  # named: runs though off by default
    assert ran("--scanner", "high", "--scanner", "clean") == ["clean", "high"]
    typo = scan(repo, "--scanner", "clean,hihg")
    assert typo.exit_code == 2 and "did you mean 'high'" in one_error_line(typo)


# --- --output is a directory; single-file reports ------------------------------------------------


def test_output_must_be_a_directory(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use(monkeypatch, Clean)
    existing = repo.parent / "results.sarif"
    existing.write_text("keep", "utf-8")
    as_file = scan(repo, "-o", existing)
    assert as_file.exit_code == 2 and "--json-file PATH" in one_error_line(as_file)
    assert existing.read_text("utf-8") == "keep"
    dash = scan(repo, "-o", "-")
    assert dash.exit_code == 2 and "--sarif-file/--json-file -" in one_error_line(dash)
    assert not Path("-").exists()  # never a directory named '-'


def test_single_file_reports(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use(monkeypatch, High)
    sarif, card = repo.parent / "ci" / "results.sarif", repo.parent / "card.json"
    result = scan(repo, "--sarif-file", sarif, "--json-file", card, "--markdown-file", repo.parent / "r.md")
    assert result.exit_code == 1, result.output
    assert json.loads(sarif.read_text("utf-8"))["version"] == "2.1.0"
    assert json.loads(card.read_text("utf-8"))["gate"]["verdict"].lower() == "failed"
    assert (repo.parent / "r.md").stat().st_size > 0
    assert not Path("shiftleft-report", "shiftleft.sarif").exists()  # no -o, no -f: only the files asked for
    both = scan(repo, "--sarif-file", sarif, "-o", repo.parent / "dir")  # -o named: the default formats too
    assert both.exit_code == 1 and (repo.parent / "dir" / "scorecard.json").is_file()
    same = scan(repo, "--sarif-file", card, "--json-file", card)
    assert same.exit_code == 2 and "name the same file" in one_error_line(same)
    is_dir = scan(repo, "--sarif-file", repo.parent)
    assert is_dir.exit_code == 2 and "is a directory" in one_error_line(is_dir)


def test_sarif_on_stdout_and_the_summary_on_stderr(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use(monkeypatch, High)
    result = scan(repo, "--sarif-file", "-")
    assert result.exit_code == 1
    log = json.loads(result.stdout)  # stdout is the SARIF log alone
    assert log["version"] == "2.1.0" and log["runs"]
    assert "gate" in result.stderr.lower()
    quiet = scan(repo, "--json-file", "-", "-q")
    assert json.loads(quiet.stdout)["gate"]["verdict"].lower() == "failed"
    assert "shiftleft gate failed" in quiet.stderr.lower()
    two = scan(repo, "--sarif-file", "-", "--json-file", "-")
    assert two.exit_code == 2 and "standard output" in one_error_line(two)
    markdown = scan(repo, "--markdown-file", "-")  # text formats carry repository text raw: files only
    assert markdown.exit_code == 2 and "--sarif-file and --json-file only" in one_error_line(markdown)


def test_a_report_file_is_not_written_through_a_repository_link(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use(monkeypatch, Clean)
    victim = repo.parent / "victim"
    victim.write_text("keep", "utf-8")
    (repo / "out.sarif").symlink_to(victim)
    result = scan(repo, "--sarif-file", repo / "out.sarif")
    assert result.exit_code == 2 and "--sarif-file" in one_error_line(result)
    assert victim.read_text("utf-8") == "keep"


# --- SHIFTLEFT_<OPTION> ----------------------------------------------------------------------------


def test_every_scan_option_has_its_environment_variable() -> None:
    command = typer.main.get_command(cli.app).commands["scan"]  # type: ignore[attr-defined]
    for param in command.params:
        if param.param_type_name != "option" or param.name == "help":
            continue
        long = max(param.opts, key=len)
        if long == "--db":  # $SHIFTLEFT_DB predates: read after the config's database, as before
            assert param.envvar is None and "$SHIFTLEFT_DB" in param.help
            continue
        assert param.envvar == envvar(long), long
    help_text = runner.invoke(cli.app, ["scan", "--help"]).output
    assert "SHIFTLEFT_FAIL_ON" in help_text and "SHIFTLEFT_SARIF_FILE" in help_text


def test_environment_variables_act_as_options(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use(monkeypatch, Clean, High)
    out = repo.parent / "env-out"
    env = {"SHIFTLEFT_FAIL_ON": "CRITICAL", "SHIFTLEFT_FORMAT": "sarif,html", "SHIFTLEFT_OUTPUT": str(out),
           "SHIFTLEFT_QUIET": "1", "SHIFTLEFT_STAGE": "code Build"}  # fmt: skip
    result = scan(repo, env=env)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "shiftleft.sarif"]
    log = json.loads((out / "shiftleft.sarif").read_text("utf-8"))
    assert log["properties"]["shiftleft"]["stages"] == ["code", "build"]  # a space-separated list works too
    assert result.stdout.lower().startswith("shiftleft gate passed")
    assert scan(repo, "--fail-on", "high", env=env).exit_code == 1  # the command line wins
    bad = scan(repo, env={"SHIFTLEFT_FORMAT": "xml"})
    assert bad.exit_code == 2 and "unknown format 'xml'" in one_error_line(bad)


def test_a_repository_config_still_cannot_relax_the_gate(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Environment variables are the user's, like flags; the scanned repository's config
    still only tightens the gate, whatever else the environment sets."""
    use(monkeypatch, Clean, High)
    (repo / "shiftleft.yaml").write_text("gate:\n  fail_on: critical\n", "utf-8")
    result = scan(repo, env={"SHIFTLEFT_FORMAT": "json", "SHIFTLEFT_OUTPUT": str(repo.parent / "o")})
    assert result.exit_code == 1, result.output
    assert scan(repo, env={"SHIFTLEFT_FAIL_ON": "critical"}).exit_code == 0  # the user may relax it


# --- shiftleft scanners --json ------------------------------------------------------------------


def test_scanners_json(monkeypatch: pytest.MonkeyPatch) -> None:
    class Gone(FakeScanner):
        name: ClassVar[str] = "gone"
        category: ClassVar[str] = "secrets"
        enabled_by_default: ClassVar[bool] = False

        def health(self) -> str | None:
            return "gone is not installed"

    found = registry.Registry({"clean": Clean, "gone": Gone}, broken={"plug": "ImportError: no module x"})
    monkeypatch.setattr(registry, "load", lambda: found)
    result = runner.invoke(cli.app, ["scanners", "--json"])
    assert result.exit_code == 0, result.output
    items = {item["name"]: item for item in json.loads(result.stdout)}
    assert items["clean"] == {
        "name": "clean", "stages": ["code"], "category": "sast", "available": True, "status": "found",
        "version": "1.0.0", "enabledByDefault": True, "required": True, "reason": None,
        "description": Clean.description, "conflict": None,
        # a plugin's tool is unknown: no digest, unpinned (shiftleft.scanners.provenance)
        "provenance": {"tool": {"name": "clean", "version": "1.0.0", "kind": None, "sha256": None,
                                "digestOf": None}, "pinned": "unpinned"},
    }  # fmt: skip
    assert items["gone"]["available"] is False and items["gone"]["reason"] == "gone is not installed"
    assert items["gone"]["version"] is None and items["gone"]["enabledByDefault"] is False
    assert items["plug"]["status"] == "broken" and "ImportError" in items["plug"]["reason"]


@pytest.mark.parametrize("columns", [80, 140])
def test_scanners_table_never_cuts_a_name(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    class LongName(FakeScanner):
        name: ClassVar[str] = "checkov-dockerfile-long"
        category: ClassVar[str] = "iac"
        description: ClassVar[str] = "a description long enough to need folding on a terminal of eighty columns " * 2

    found = registry.Registry({"checkov-dockerfile-long": LongName, "clean": Clean}, broken={"plug": "ImportError: x"})
    monkeypatch.setattr(registry, "load", lambda: found)
    monkeypatch.setenv("COLUMNS", str(columns))
    result = runner.invoke(cli.app, ["scanners", "--no-color"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(row) for row in lines) <= columns
    assert any(row.startswith("checkov-dockerfile-long ") for row in lines)  # whole, on one line
    header = lines[0]
    assert ("sha256" in header and "category" in header) is (columns >= cli.WIDE_SCANNERS_TABLE)
    assert ("a wider terminal, or --json" in result.stdout) is (columns < cli.WIDE_SCANNERS_TABLE)
    assert any(row.startswith("plug ") and "broken" in row for row in lines)


# --- help ---------------------------------------------------------------------------------------

#: what typer or Python would print for a parameter without a metavar
TYPE_NAMES = re.compile(r"list\[|Path\]|<class|Optional|NoneType|Union\[|<(?:str|int|float|bool|path)>")


def _commands(command: Any, path: list[str]) -> Iterator[list[str]]:
    yield path
    for name, sub in sorted((getattr(command, "commands", None) or {}).items()):
        yield from _commands(sub, [*path, name])


def test_no_python_type_names_in_any_help() -> None:
    paths = list(_commands(typer.main.get_command(cli.app), []))
    assert ["report", "merge"] in paths and ["db", "update"] in paths and len(paths) > 12
    for path in paths:
        result = runner.invoke(cli.app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert not TYPE_NAMES.search(result.output), (path, TYPE_NAMES.findall(result.output))
    hook = runner.invoke(cli.app, ["hook", "--help"])  # argparse, through the typer command
    assert "--fail-on" in hook.output and not TYPE_NAMES.search(hook.output)


# --- the hook reads values the same way ----------------------------------------------------------


def test_hook_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = hook_cli.parser().parse_args(["--fail-on", "HIGH,critical"])
    assert hook_cli._usage_error(args) is None and args.fail_on == "high"
    afile = tmp_path / "f"
    afile.write_text("", "utf-8")
    for argv in (["--fail-on", "hgh"], ["-o", "-"], ["-o", str(afile)]):
        assert hook_cli.main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("shiftleft: error: "), err


# --- report merge / --from with --config, --preset, --policy ------------------------------------


@pytest.fixture
def medium_log(repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real shiftleft SARIF log of one medium finding: the default gate passes it."""
    use(monkeypatch, Medium)
    out = repo.parent / "job"
    assert scan(repo, "-o", out, "-f", "sarif").exit_code == 0
    return out / "shiftleft.sarif"


def report(*args: str | Path) -> Any:
    return runner.invoke(cli.app, ["report", *map(str, args)])


def test_merge_applies_preset_config_and_policy(medium_log: Path, tmp_path: Path) -> None:
    out = tmp_path / "merged"
    assert report("merge", medium_log, "-o", out, "--gate").exit_code == 0
    strict = report("merge", medium_log, "-o", out, "--gate", "--preset", "strict")
    assert strict.exit_code == 1, strict.output
    assert json.loads((out / "scorecard.json").read_text("utf-8"))["gate"]["policy"] == "strict"
    config = tmp_path / "ci.yaml"
    config.write_text("gate:\n  fail_on: medium\n", "utf-8")
    assert report("merge", medium_log, "-o", out, "--gate", "--config", config).exit_code == 1
    assert report("merge", medium_log, "-o", out, "--gate", "--config", config, "--fail-on", "HIGH").exit_code == 0
    gate_file = tmp_path / "gate.yaml"
    gate_file.write_text("kind: gate\nid: mine\ntitle: Mine\nrules:\n  - type: severity\n    fail_on: medium\n",
                         "utf-8")
    assert report("merge", medium_log, "-o", out, "--gate", "--policy", gate_file).exit_code == 1
    missing = report("merge", medium_log, "-o", out, "--config", tmp_path / "nope.yaml")
    assert missing.exit_code == 2 and one_error_line(missing)


def test_report_from_takes_them_too_and_single_files(medium_log: Path, tmp_path: Path) -> None:
    sarif = tmp_path / "one.sarif"
    result = report("--from", medium_log, "--preset", "strict", "--gate", "--sarif-file", sarif)
    assert result.exit_code == 1 and json.loads(sarif.read_text("utf-8"))["version"] == "2.1.0"
    assert not Path("shiftleft-report").exists()  # no -o, no -f: only the file asked for
    named = report("--from", medium_log, "--sarif-file", sarif, "-o", tmp_path / "d")
    assert named.exit_code == 0 and [p.name for p in (tmp_path / "d").iterdir()] == ["report.html"]
    merged = report("merge", medium_log, "--sarif-file", "-", "-f", "json", "-o", tmp_path / "m")
    assert merged.exit_code == 0 and json.loads(merged.stdout)["runs"]
    assert (tmp_path / "m" / "scorecard.json").is_file() and "gate passed" in merged.stderr.lower()
    assert report("merge", medium_log, "-o", sarif).exit_code == 2  # an existing file is no directory


def test_options_before_the_merge_subcommand_are_refused(medium_log: Path, tmp_path: Path) -> None:
    result = report("--preset", "strict", "-f", "html", "merge", medium_log, "-o", tmp_path / "m")
    assert result.exit_code == 2 and "give --format, --preset after the subcommand" in one_error_line(result)
    assert not (tmp_path / "m").exists()


def test_audit_export_refuses_stdout(medium_log: Path) -> None:
    result = runner.invoke(cli.app, ["audit", "export", "--from", str(medium_log), "-o", "-"])
    assert result.exit_code == 2 and "standard output" in one_error_line(result)
    assert not Path("-").exists()


def test_output_named_by_environment_keeps_the_default_formats(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use(monkeypatch, Clean)
    out, one = repo.parent / "env-dir", repo.parent / "one.sarif"
    assert scan(repo, "--sarif-file", one, env={"SHIFTLEFT_OUTPUT": str(out)}).exit_code == 0
    assert one.is_file() and sorted(p.name for p in out.iterdir()) == ["scorecard.json", "shiftleft.sarif"]
