"""bandit names several checks by one plugin ("blacklist"): each such rule gets its own short
description from its results, so the fix-first groups of FTP, xmlrpc and MD5 read apart."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import find_executable
from shiftleft.sarif import om
from shiftleft.scanners.bandit import Bandit, name_generic_rules
from tests.conftest import require


def test_real_bandits_blacklist_rules_get_their_own_descriptions(tmp_path: Path) -> None:
    require(find_executable("bandit") is not None, "bandit is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.py").write_text('import ftplib\nimport xmlrpc.client\nimport hashlib\nhashlib.md5(b"x")\n')
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    ctx = ScanContext(ScanTarget(root=root.resolve(), files=("a.py",)), work, 120, {}, True)
    rules = om.to_dict(Bandit().execute(ctx))["tool"]["driver"]["rules"]
    names = {r["id"]: (r.get("name"), (r.get("shortDescription") or {}).get("text")) for r in rules}
    assert names["B402"] == ("blacklist", "A FTP-related module is being imported.")
    assert names["B411"][1] and names["B411"][1].startswith("Using xmlrpc.client to parse untrusted XML data")
    assert names["B324"] == ("hashlib", "Use of weak MD5 hash for security.")


@pytest.mark.parametrize("message", ["", "x", "no sentence end", "a" * 500 + "."])
def test_a_message_without_a_short_first_sentence_leaves_the_name(message: str) -> None:
    rules = [{"id": "B402", "name": "blacklist"}]
    run = om.run_from_dict({"tool": {"driver": {"name": "Bandit", "rules": rules}},
                            "results": [{"ruleId": "B402", "message": {"text": message}}]})
    assert name_generic_rules(run).tool.driver.rules[0].short_description is None


def test_a_rule_of_a_specific_plugin_is_left_as_bandit_names_it() -> None:
    rules = [{"id": "B605", "name": "start_process"}]
    run = om.run_from_dict({"tool": {"driver": {"name": "Bandit", "rules": rules}},
                            "results": [{"ruleId": "B605", "message": {"text": "Starting a process with a shell."}}]})
    assert name_generic_rules(run).tool.driver.rules[0].short_description is None
