"""An advisory nobody scored gets its severity from the best data there is (CVSS of it or
an alias, its database's word, its CWE ids, the impact its text states) before the
default, and says which (``properties.severitySource``): PyYAML 5.1 / CVE-2019-20477 from
the PyPA record alone is high, not medium."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftleft import severity as sev
from shiftleft.advisories.importer import import_path
from shiftleft.advisories.matching import Match
from shiftleft.advisories.model import Severity
from shiftleft.advisories.severity import MAX_TEXT, derived_severity
from shiftleft.advisories.store import AdvisoryStore
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.sarif.normalize import result_severity
from shiftleft.scanners.dependencies import severity_properties
from shiftleft.scanners.osv import OsvScanner
from shiftleft.scanners.pip_audit import PipAudit

EXAMPLE_ADVISORIES = Path(__file__).resolve().parents[2] / "examples" / "advisories" / "PyPI"
CVSS_98 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"


def _match(**kw: object) -> Match:
    base: dict[str, object] = {"id": "PYSEC-1", "aliases": (), "summary": "", "details": "", "fixed": (),
                               "severity": (), "database_severity": None, "cwes": (), "modified": "",
                               "sources": ()}  # fmt: skip
    base.update(kw)
    return Match(**base)  # type: ignore[arg-type]


def test_order_cvss_then_database_word_then_cwe_then_text_then_default() -> None:
    text = "allows arbitrary code execution"
    scored = severity_properties(_match(severity=(Severity("CVSS_V3", CVSS_98),), database_severity="LOW",
                                        cwes=("CWE-79",), details=text))  # fmt: skip
    assert scored["severitySource"] == "cvss:CVSS_V3" and scored["security-severity"] == "9.8"
    worded = severity_properties(_match(database_severity="moderate", cwes=("CWE-502",), details=text))
    assert worded["severitySource"] == "database_specific.severity" and worded["databaseSeverity"] == "MODERATE"
    by_cwe = severity_properties(_match(cwes=("CWE-79", "CWE-502"), details="denial of service"))
    assert (by_cwe["derivedSeverity"], by_cwe["severitySource"]) == ("high", "cwe:CWE-502")
    by_text = severity_properties(_match(cwes=("CWE-9999",), summary="Denial of service", details=text))
    assert (by_text["derivedSeverity"], by_text["severitySource"]) == ("high", "advisory-text:arbitrary code execution")
    assert severity_properties(_match(details="a bug"))["severitySource"] == "default"


def test_the_text_searched_is_bounded() -> None:
    assert derived_severity([], "", "x" * MAX_TEXT + " remote code execution") is None
    assert derived_severity([], "Remote Code Execution in foo", "") == ("high", "advisory-text:remote code execution")


@pytest.fixture
def example_db(tmp_path: Path) -> AdvisoryStore:
    store = AdvisoryStore(tmp_path / "example.sqlite3")
    import_path(store, EXAMPLE_ADVISORIES)
    return store


@pytest.mark.parametrize("scanner", [OsvScanner(), PipAudit()], ids=["osv", "pip-audit"])
def test_pyyaml_5_1_cve_2019_20477_is_high_from_the_pypa_record(
    tmp_path: Path, example_db: AdvisoryStore, scanner: OsvScanner | PipAudit
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "requirements.txt").write_text("pyyaml==5.1\n", "utf-8")
    target = ScanTarget(root=project, files=("requirements.txt",))
    work = tmp_path / "work"
    work.mkdir()
    options = {"db": str(example_db.path), "python_engine": "osv"}
    run = scanner.execute(ScanContext(target=target, workdir=work, options=options, offline=True))
    assert run.invocations[0].execution_successful, run.invocations[0].tool_execution_notifications
    by_id = {r.rule_id: r for r in run.results or []}
    result = by_id.get("PYSEC-2020-176") or next(
        r for r in by_id.values() if "CVE-2019-20477" in r.properties["aliases"]
    )
    assert "security-severity" not in result.properties  # the record has no vector: derived, not scored
    severity, score = result_severity(result, None, scanner, sev.map_for(scanner.severity_map or scanner.name))
    assert severity == "high" and score == 8.0
    assert result.properties["severitySource"] == "advisory-text:deserialization"
