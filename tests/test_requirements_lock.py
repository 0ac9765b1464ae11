"""``requirements.lock`` (shiftleft's dependencies pinned by sha256, ``scripts/lock_requirements.py``)
agrees with ``constraints.txt``, and the installs the docs call hash-pinned use it with
``--require-hashes``. Offline: files are read, nothing is installed."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lock_requirements", ROOT / "scripts" / "lock_requirements.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lock_requirements = _script()


def _requirement_names(specs: list[str]) -> set[str]:
    return {lock_requirements.normalise(re.split(r"[\s\[<>=!~;]", spec, maxsplit=1)[0]) for spec in specs}


def test_the_lock_pins_constraints_versions_and_hashes_every_entry() -> None:
    lock = lock_requirements.read_lock()
    constraints = lock_requirements.read_constraints()
    assert lock_requirements.problems(lock, constraints) == []
    assert len(lock) > 90
    for name, (version, digests) in lock.items():
        assert digests, name
        assert all(re.fullmatch(r"[0-9a-f]{64}", d) for d in digests), name
        assert constraints.get(name, version) == version, name
    assert lock_requirements.main(["--check"]) == 0


def test_the_lock_holds_every_runtime_dependency_and_the_build_backend() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    lock = lock_requirements.read_lock()
    needed = _requirement_names(pyproject["project"]["dependencies"]) | _requirement_names(
        pyproject["build-system"]["requires"]
    )
    assert needed - set(lock) == set()
    # the sarif extra of bandit, and the build backend's own dependencies
    assert {"jschema-to-python", "sarif-om", "hatchling", "pluggy", "trove-classifiers", "pathspec"} <= set(lock)
    # the lock ships in the sdist beside constraints.txt
    assert "requirements.lock" in pyproject["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]


def test_the_lock_names_no_index_and_no_path() -> None:
    text = (ROOT / "requirements.lock").read_text("utf-8")
    assert "://" not in text and "--index-url" not in text and "--extra-index-url" not in text
    assert "/tmp" not in text and "/work" not in text and "/home" not in text
    assert "scripts/lock_requirements.py" in text  # the header says how to regenerate it


def test_the_check_finds_a_moved_version_a_missing_hash_and_a_stranger() -> None:
    digest = "0" * 64
    constraints = {"rich": "15.0.0", "hatchling": "1.33.0"}
    good = {"rich": ("15.0.0", [digest]), "hatchling": ("1.33.0", [digest]), "pip": ("26.3", [digest])}
    assert lock_requirements.problems(good, constraints) == []
    bad = {**good, "rich": ("14.0.0", [digest]), "hatchling": ("1.33.0", []), "evil": ("1.0", [digest])}
    found = lock_requirements.problems(bad, constraints)
    assert any("rich==14.0.0 but constraints.txt pins 15.0.0" in line for line in found)
    assert any("hatchling==1.33.0 has no --hash" in line for line in found)
    assert any("evil==1.0 is not pinned by constraints.txt" in line for line in found)
    assert any("build backend" in line for line in lock_requirements.problems({}, constraints))


def test_read_lock_joins_continuation_lines_and_skips_comments(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    a, b = "a" * 64, "b" * 64
    lock.write_text(f"# header\nRuamel.YAML==0.19.1 \\\n    --hash=sha256:{a} \\\n    --hash=sha256:{b}\n"
                    "    # via\n    #   semgrep\n\nnohash==1.0\n", "utf-8")  # fmt: skip
    assert lock_requirements.read_lock(lock) == {"ruamel-yaml": ("0.19.1", [a, b]), "nohash": ("1.0", [])}


def test_the_documented_ci_install_requires_hashes() -> None:
    """docs/provenance.md says shiftleft's install is pinned by ``pip --require-hashes`` in the
    documented CI install: the action does it, and docs/ci.md shows it."""
    assert "--require-hashes" in (ROOT / "docs" / "provenance.md").read_text("utf-8")
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    install = next(s for s in action["runs"]["steps"] if s.get("name") == "Install shiftleft")["run"]
    pip_lines = [line for line in install.splitlines() if "pip" in line and not line.lstrip().startswith("#")]
    assert any('--require-hashes --only-binary :all: -r "$ACTION_PATH/requirements.lock"' in line for line in pip_lines)
    # the only other install is shiftleft itself, adding nothing unhashed (no deps, no build isolation)
    assert any('--no-deps --no-build-isolation "$ACTION_PATH"' in line for line in pip_lines)
    assert not any(" -c " in line or "constraints.txt" in line for line in pip_lines)

    ci = (ROOT / "docs" / "ci.md").read_text("utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", ci.split("## Hash-pinned install", 1)[1], flags=re.S)
    installs = [line for block in blocks for line in block.splitlines() if "pip install" in line]
    assert installs, "docs/ci.md shows no hash-pinned install"
    for line in installs:  # each: the hashed lock, or shiftleft itself with nothing else
        assert ("--require-hashes" in line and "requirements.lock" in line) or (
            "--no-deps" in line and "--no-build-isolation" in line
        ), line
    provenance = (ROOT / "docs" / "provenance.md").read_text("utf-8")
    regenerate = provenance.split("## How a release regenerates the pins", 1)[1].split("\n## ", 1)[0]
    assert "scripts/lock_requirements.py" in regenerate
    assert "--require-hashes --only-binary :all: -r requirements.lock" in regenerate
