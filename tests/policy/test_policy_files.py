"""The shipped policy files: schema-valid, real control ids, every control assessable by a
scanner that exists, and the schema rejects what it should (with the line)."""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path

import jsonschema
import pytest
import yaml

import shiftleft.scanners
from shiftleft.imports import zap
from shiftleft.policy import loader
from shiftleft.policy.model import Framework, GatePolicy, PolicyError
from shiftleft.resources import policies_dir
from shiftleft.scanners.base import Scanner

FRAMEWORK_FILES = sorted((policies_dir() / "frameworks").glob("*.yaml"))
GATE_FILES = sorted((policies_dir() / "gates").glob("*.yaml"))
SCHEMA = json.loads((policies_dir() / "schema" / "policy.schema.json").read_text())


def real_scanners() -> dict[str, type[Scanner]]:
    """Every adapter class in shiftleft/scanners, registered or not yet."""
    found: dict[str, type[Scanner]] = {}
    for info in pkgutil.iter_modules(shiftleft.scanners.__path__):
        module = importlib.import_module(f"shiftleft.scanners.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Scanner) and isinstance(getattr(value, "name", None), str):
                found[value.name] = value
    return found


SCANNERS = real_scanners()


def test_schema_is_valid_draft_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    waivers = json.loads((policies_dir() / "schema" / "waivers.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(waivers)


@pytest.mark.parametrize("path", FRAMEWORK_FILES + GATE_FILES, ids=lambda p: p.name)
def test_each_shipped_file_is_schema_valid(path: Path) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(yaml.safe_load(path.read_text()))


def test_the_expected_frameworks_and_presets_ship() -> None:
    assert set(loader.shipped_frameworks()) == {
        "soc2", "iso27001-2022", "pci-dss-4.0", "nist-ssdf", "owasp-top10-2021", "cis-docker",
    }  # fmt: skip
    assert set(loader.shipped_gates()) == {"default", "strict", "audit-only"}


@pytest.mark.parametrize(
    ("framework", "ids"),
    [
        ("soc2", {"CC6.1", "CC6.6", "CC6.8", "CC7.1", "CC7.2", "CC8.1"}),
        ("iso27001-2022", {"A.8.8", "A.8.9", "A.8.24", "A.8.25", "A.8.26", "A.8.27", "A.8.28", "A.8.29"}),
        ("pci-dss-4.0", {"6.2.1", "6.2.3", "6.2.4", "6.3.1", "6.3.2", "6.3.3", "11.3.1"}),
        (
            "nist-ssdf",
            {"PO.3.2", "PS.1.1", "PS.3.2", "PW.4.4", "PW.6", "PW.7.2", "PW.8.2", "RV.1.1", "RV.1.2", "RV.2.2"},
        ),
        ("owasp-top10-2021", {f"A{n:02d}:2021" for n in range(1, 11)}),
        ("cis-docker", {"4.1", "4.6", "4.7", "4.9", "4.10"}),
    ],
)
def test_real_control_ids(framework: str, ids: set[str]) -> None:
    controls = {c.id for c in loader.shipped_frameworks()[framework].controls}
    assert ids <= controls


# Official OWASP Top 10:2021 CWE counts (A02's page lists 30 though its header says 29).
OWASP_COUNTS = {
    "A01": 34,
    "A02": 30,
    "A03": 33,
    "A04": 40,
    "A05": 20,
    "A06": 3,
    "A07": 22,
    "A08": 10,
    "A09": 4,
    "A10": 1,
}


def test_owasp_categories_carry_the_official_cwe_lists() -> None:
    fw = loader.shipped_frameworks()["owasp-top10-2021"]
    for control in fw.controls:
        # the official list: the selectors of any tool (a category's own extra, such as the
        # DAST headers of A05, is not part of it)
        cwes = set().union(*(s.cwes for s in control.select if not s.categories))
        assert len(cwes) == OWASP_COUNTS[control.id[:3]], control.id
        assert any(control.id in s.owasp for s in control.select)
    a03 = next(c for c in fw.controls if c.id == "A03:2021")
    assert {"CWE-79", "CWE-89", "CWE-78", "CWE-94"} <= set().union(*(s.cwes for s in a03.select))
    a10 = next(c for c in fw.controls if c.id == "A10:2021")
    assert set().union(*(s.cwes for s in a10.select)) == {"CWE-918"}


@pytest.mark.parametrize("framework", sorted(loader.shipped_frameworks()), ids=str)
def test_every_control_is_assessable_by_a_real_scanner(framework: str) -> None:
    """Each control names only scanners, categories and stages that exist, and at least one
    real scanner can satisfy its requirement (a control nothing can assess is a lie)."""
    # imported reports are the one source of DAST evidence (shiftleft/imports: no Scanner class)
    categories = {cls.category for cls in SCANNERS.values()} | {zap.CATEGORY}
    stages = {s for cls in SCANNERS.values() for s in cls.stages} | {zap.STAGE}
    for control in loader.shipped_frameworks()[framework].controls:
        req = control.requires
        unknown = req.scanner_names() - set(SCANNERS)
        assert not unknown, f"{framework} {control.id}: unknown scanners {unknown}"
        assert set(req.categories) <= categories, f"{framework} {control.id}: {req.categories}"
        assert set(req.stages) <= stages
        assert req.scanners or req.categories or req.stages
        for sel in control.select:
            assert sel.tools <= set(SCANNERS), f"{framework} {control.id}: selects unknown tool {sel.tools}"
            assert sel.categories <= categories, f"{framework} {control.id}: selects unknown category"


def test_container_rule_ids_in_cis_docker_exist() -> None:
    from shiftleft.image.config_checks import RULES

    fw = loader.shipped_frameworks()["cis-docker"]
    named = {r for c in fw.controls for s in c.select for r in s.rules if r.startswith("SL-IMG-")}
    assert named <= set(RULES), named - set(RULES)
    by_cis = {c: rule.id for rule in RULES.values() for c in rule.cis}
    controls = {c.id: c for c in fw.controls}
    for cis, rule_id in by_cis.items():  # every CIS number our image checks claim is a control here
        assert cis in controls, cis
        assert any(rule_id in s.rules for s in controls[cis].select), (cis, rule_id)


def test_checkov_docker_ids_exist_in_the_severity_map() -> None:
    checkov = yaml.safe_load((policies_dir() / "severity" / "checkov.yaml").read_text())
    fw = loader.shipped_frameworks()["cis-docker"]
    named = {r for c in fw.controls for s in c.select for r in s.rules if r.startswith("CKV_DOCKER_")}
    assert named <= set(checkov["rules"]), named - set(checkov["rules"])


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_user_framework_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
kind: framework
id: acme
title: ACME rules
version: "1"
controls:
  - id: ACME-1
    title: No SQL injection
    select: {cwe: CWE-89, min_severity: medium}
    requires: {scanners: [semgrep, {any_of: [bandit, semgrep]}]}
""",
    )
    fw = loader.load(path)
    assert isinstance(fw, Framework)
    assert fw.controls[0].requires.scanners == (("semgrep",), ("bandit", "semgrep"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kind: gate\nid: g\ntitle: t\nrules:\n  - type: severity\n    fail_on: hihg\n", ":6: rules/0/fail_on"),
        ("kind: gate\nid: g\ntitle: t\nrules:\n  - type: nope\n", ":5: rules/0/type"),
        ("kind: gate\nid: g\ntitle: t\nrules: []\nextra: 1\n", "extra"),
        (
            "kind: framework\nid: f\ntitle: t\nversion: '1'\ncontrols:\n  - id: C\n    title: t\n    select: {}\n"
            "    requires: {categories: [sast]}\n",
            "controls/0/select",
        ),
        (
            "kind: framework\nid: f\ntitle: t\nversion: '1'\ncontrols:\n  - id: C\n    title: t\n"
            "    select: {cwe: 89}\n    requires: {categories: [sast]}\n",
            "controls/0/select",
        ),
        (
            "kind: framework\nid: f\ntitle: t\nversion: '1'\ncontrols:\n  - id: C\n    title: t\n"
            "    select: {category: sast}\n    requires: {}\n",
            "controls/0/requires",
        ),
        ("kind: policy\nid: x\ntitle: t\n", "kind"),
        ("kind: gate\nid: g\ntitle: t\nrules:\n  - {type: findings, select: {category: sast}}\n", "id"),
        ("- a\n- b\n", "expected object"),
        ("kind: gate\nid: g\n  title: t\n", "invalid YAML"),
    ],
)
def test_invalid_policy_files_are_rejected_with_where(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message.replace("[", r"\[").replace("(", r"\(")) as info:
        loader.load(write(tmp_path, text))
    assert str(tmp_path / "p.yaml") in str(info.value)


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="defined twice"):
        loader.load(
            write(
                tmp_path,
                "kind: framework\nid: f\ntitle: t\nversion: '1'\ncontrols:\n"
                "  - {id: C, title: t, select: {category: sast}, requires: {categories: [sast]}}\n"
                "  - {id: C, title: u, select: {category: sast}, requires: {categories: [sast]}}\n",
            )
        )
    with pytest.raises(PolicyError, match="used twice"):
        loader.load(write(tmp_path, "kind: gate\nid: g\ntitle: t\nrules:\n  - type: secrets\n  - type: secrets\n"))


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="not found"):
        loader.load(tmp_path / "none.yaml")
    with pytest.raises(PolicyError, match="is a directory"):
        loader.load(tmp_path)
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(PolicyError, match="UTF-8"):
        loader.load(tmp_path / "bin.yaml")


def test_gate_preset_lookup(tmp_path: Path) -> None:
    assert isinstance(loader.gate_preset("strict"), GatePolicy)
    with pytest.raises(PolicyError, match="unknown gate preset 'strickt'"):
        loader.gate_preset("strickt")
    fw = write(
        tmp_path,
        "kind: framework\nid: f\ntitle: t\nversion: '1'\ncontrols:\n"
        "  - {id: C, title: t, select: {category: sast}, requires: {categories: [sast]}}\n",
    )
    with pytest.raises(PolicyError, match="not a gate"):
        loader.gate_preset(str(fw))
