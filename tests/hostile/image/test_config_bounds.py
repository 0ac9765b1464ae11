"""An image config is the image author's text: the secrets engine sees at most
``MAX_SECRET_STRINGS`` strings / ``MAX_SECRET_BYTES`` bytes of its ENV, labels and history
(ENV first). The rest is recorded as not assessed by the container run, never a silent
clean. (Before: 100,000 ENV entries of an 8 MiB config all went to detect-secrets.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shiftleft.image import config_checks
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.scanners.container import ContainerImage
from tests.hostile.redact.builders import aws_secret_key

from . import builders as b


def _run(tmp_path: Path, archive: Path) -> Any:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    target = ScanTarget(root=tmp_path, image_archive=archive)
    return ContainerImage().execute(ScanContext(target=target, workdir=work, options={"syft": False}))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of strings each call of the secrets engine is given, and of key checks."""
    sizes: list[int] = []
    real_types, real_keys = config_checks.secret_types, config_checks._shown_keys

    def types(strings: list[str], workdir: Path) -> dict[int, list[str]]:
        sizes.append(len(strings))
        return real_types(strings, workdir)

    def keys(items: list[str]) -> list[str | None]:
        sizes.append(len(items))
        return real_keys(items)

    monkeypatch.setattr(config_checks, "secret_types", types)
    monkeypatch.setattr(config_checks, "_shown_keys", keys)
    return sizes


def test_an_env_flood_is_bounded_and_the_rest_not_assessed(
    tmp_path: Path, counted: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config_checks, "MAX_SECRET_STRINGS", 300, raising=False)
    archive = b.env_flood_image(tmp_path / "flood.tar", 2_000)
    run = _run(tmp_path, archive)
    assert counted and max(counted) <= 300, counted
    na = run.properties["shiftleft"]["notAssessed"]
    assert any("3700 ENV/label/history string(s)" in n["reason"] and "not checked for secrets" in n["reason"]
               for n in na), na  # fmt: skip
    texts = " ".join(n.message.text for n in run.invocations[0].tool_execution_notifications or [])
    assert "not checked for secrets" in texts


def test_the_byte_budget_bounds_a_few_huge_strings(
    tmp_path: Path, counted: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config_checks, "MAX_SECRET_BYTES", 64 * 1024, raising=False)
    config = {"config": {"Env": [f"V{i}=" + "x" * 40_000 for i in range(20)]}}
    found, unchecked = config_checks.check_config_bounded(config, (), tmp_path)
    assert counted == [1, 1] and unchecked == 19, (counted, unchecked)  # 40 KB fits once in 64 KiB
    assert not found or all(f.rule != "SL-IMG-003" for f in found)


def test_a_secret_within_the_budget_is_still_found(tmp_path: Path) -> None:
    """The control: the bound does not blind the check on a normal config."""
    archive = b.env_flood_image(tmp_path / "one.tar", 20, secret_at=3, secret=aws_secret_key())
    run = _run(tmp_path, archive)
    assert any(r.rule_id == "SL-IMG-003" for r in run.results or [])
    na = run.properties["shiftleft"]["notAssessed"]
    assert not any("not checked for secrets" in n["reason"] for n in na)
