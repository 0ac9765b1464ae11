"""checkov starts once per scan for both its adapters (Dockerfiles, build stage; IaC and
workflows, deploy stage); the split runs are what each adapter reports when run alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from deploy_helpers import FIXTURES, context, target_for

from shiftleft import tools
from shiftleft.sarif.om import to_dict
from shiftleft.scanners import checkov as checkov_module
from shiftleft.scanners.checkov import Checkov, CheckovDockerfile


def _timeless(run: Any) -> dict[str, Any]:
    """A run without its times, its results and rules in a canonical order (checkov's own
    order of results is not stable between two runs on the same files)."""
    data = to_dict(run)
    for inv in data.get("invocations") or []:
        inv.pop("startTimeUtc", None)
        inv.pop("endTimeUtc", None)
    rules = data.get("tool", {}).get("driver", {}).get("rules") or []
    ids = [r["id"] for r in rules]
    for res in data.get("results") or []:
        assert ids[res.pop("ruleIndex")] == res["ruleId"]  # each index names its own rule
    data["results"] = sorted(data.get("results") or [], key=lambda r: json.dumps(r, sort_keys=True))
    if rules:
        data["tool"]["driver"]["rules"] = sorted(rules, key=lambda r: r["id"])
    return data


def test_shared_run_equals_the_two_runs_alone(tmp_path: Path, checkov_path: str, monkeypatch) -> None:
    target = target_for(FIXTURES / "iac")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    alone = [
        CheckovDockerfile().execute(context(target, tmp_path / "a")),
        Checkov().execute(context(target, tmp_path / "b")),
    ]
    starts: list[tuple[str, ...]] = []
    invoke = checkov_module._invoke

    def counted(ctx, files, frameworks, timeout):  # type: ignore[no-untyped-def]
        starts.append(tuple(frameworks))
        return invoke(ctx, files, frameworks, timeout)

    monkeypatch.setattr(checkov_module, "_invoke", counted)
    shared = Checkov.execute_shared([(CheckovDockerfile(), context(target, tmp_path / "c")),
                                     (Checkov(), context(target, tmp_path / "c"))])  # fmt: skip
    assert len(starts) == 1 and "dockerfile" in starts[0] and "terraform" in starts[0]
    assert [_timeless(r) for r in shared] == [_timeless(r) for r in alone]
    docker, deploy = shared
    assert docker.results and all(r.rule_id.startswith(("CKV_DOCKER", "CKV2_DOCKER")) for r in docker.results)
    assert deploy.results and not any("DOCKER" in r.rule_id for r in deploy.results)
    assert {r.locations[0].physical_location.artifact_location.uri for r in docker.results} == {"docker/Dockerfile"}


def test_a_failed_checkov_leaves_both_halves_not_assessed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tools, "find_tool", lambda name: "/bin/false")
    target = target_for(FIXTURES / "iac")
    runs = Checkov.execute_shared(
        [(CheckovDockerfile(), context(target, tmp_path)), (Checkov(), context(target, tmp_path))]
    )
    assert [r.tool.driver.name for r in runs] == ["checkov-dockerfile", "checkov"]
    for run in runs:
        assert run.invocations[0].execution_successful is False
        assert not run.results


def test_each_half_is_judged_on_its_own_frameworks(tmp_path: Path, checkov_path: str) -> None:
    """Dockerfiles only: the Dockerfile half has results, the IaC half, given YAML that is no
    resource of its frameworks, is not applicable (as alone), not "ran, clean"."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "Dockerfile").write_text((FIXTURES / "iac/docker/Dockerfile").read_text())
    (root / "notes.yaml").write_text("title: hello\nitems: [1, 2]\n")
    target = target_for(root)
    work = tmp_path / "w"
    work.mkdir()
    docker, deploy = Checkov.execute_shared(
        [(CheckovDockerfile(), context(target, work)), (Checkov(), context(target, work))]
    )
    assert docker.invocations[0].execution_successful is True and docker.results
    assert deploy.invocations[0].execution_successful is False
    assert deploy.properties["shiftleft"]["status"] == "not-applicable"


@pytest.mark.parametrize("which", ["checkov", "checkov-dockerfile"])
def test_pipeline_joins_them_unless_one_is_off(tmp_path: Path, which: str, monkeypatch) -> None:
    """With both enabled the pipeline makes one job of them; disabling one runs the other alone."""
    from shiftleft.config import Config, ScannerConfig
    from shiftleft.pipeline import run_scan

    calls: list[list[str]] = []
    def each_alone(cls, members):  # type: ignore[no-untyped-def]
        calls.append([s.name for s, _ in members])
        return [s.execute(c) for s, c in members]

    monkeypatch.setattr(checkov_module._Checkov, "execute_shared", classmethod(each_alone))
    monkeypatch.setattr(tools, "find_tool", lambda name: None)  # missing: fast, still reported per stage
    target = target_for(FIXTURES / "iac")
    scanners = {"checkov": Checkov, "checkov-dockerfile": CheckovDockerfile}
    both = run_scan(target, Config(), scanners)
    assert calls == [["checkov-dockerfile", "checkov"]]
    assert [(s.name, s.stage, str(s.status)) for s in both.statuses] == [
        ("checkov-dockerfile", "build", "missing"),
        ("checkov", "deploy", "missing"),
    ]
    calls.clear()
    one = run_scan(target, Config(scanners={which: ScannerConfig(enabled=False)}), scanners)
    assert calls == []
    assert {s.name: str(s.status) for s in one.statuses}[which] == "disabled"
