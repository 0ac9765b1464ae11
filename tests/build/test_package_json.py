"""package.json without a lockfile: exact pins are checked, ranges are not assessed, and a
lockfile beside it takes over."""

from __future__ import annotations

from pathlib import Path

from shiftleft.inventory.collect import collect
from shiftleft.inventory.javascript import parse_package_json
from shiftleft.model import ScanTarget

PACKAGE_JSON = """{
  "name": "express",
  "version": "4.0.0",
  "dependencies": {
    "accepts": "1.0.0",
    "debug": ">= 0.7.3 < 1"
  },
  "devDependencies": {
    "mocha": "~1.18.2"
  }
}
"""


def test_exact_pins_are_packages_and_ranges_are_not_assessed() -> None:
    result = parse_package_json("package.json", PACKAGE_JSON)
    assert [(p.name, p.version, p.line, p.purl) for p in result.packages] == [
        ("accepts", "1.0.0", 5, "pkg:npm/accepts@1.0.0")
    ]
    assert {(u.name, u.line) for u in result.unassessed} == {("debug", 6), ("mocha", 9)}
    assert all("no lockfile" in u.reason for u in result.unassessed)


def test_lockfile_beside_it_takes_over(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text(PACKAGE_JSON)
    alone = collect(ScanTarget(tmp_path, ("package.json",)))
    assert len(alone.unassessed) == 2
    (tmp_path / "package-lock.json").write_text(
        '{"name": "express", "lockfileVersion": 3, "packages": {"": {}, '
        '"node_modules/accepts": {"version": "1.0.0"}, "node_modules/debug": {"version": "0.7.4"}, '
        '"node_modules/mocha": {"version": "1.0.0"}}}'
    )
    both = collect(ScanTarget(tmp_path, ("package-lock.json", "package.json")))
    assert both.unassessed == ()
    assert [p.name for p in both.packages] == ["accepts", "debug", "mocha"]
