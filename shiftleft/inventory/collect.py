"""Build a target's dependency inventory from its safe file list.

One registry maps a manifest file name to its parser (adding a lockfile format is one
parser and one line here). Files come only from ``ScanTarget.files`` - the pipeline's
safe list, with no symlink leaving the root - never from walking the tree. A file that
cannot be used (too big, not UTF-8, merge conflict, garbage) becomes an ``Issue`` and the
rest of the inventory goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

import yaml

from shiftleft.inventory import golang, javascript, python, rust
from shiftleft.inventory.model import Inventory, Issue, Package, ParseResult, Unassessed
from shiftleft.inventory.text import ManifestError, check_conflicts
from shiftleft.sarif.redact import strip_userinfo
from shiftleft.scanners.base import ScanTarget

Parser = Callable[[str, str], ParseResult]

#: Manifests larger than this are skipped with an issue (a real lockfile of a very large
#: monorepo is ~50 MB; far beyond that is almost certainly not one).
DEFAULT_MAX_BYTES = 128 * 1024 * 1024

PARSERS: dict[str, Parser] = {
    "poetry.lock": python.parse_poetry_lock,
    "Pipfile.lock": python.parse_pipfile_lock,
    "uv.lock": python.parse_uv_lock,
    "pyproject.toml": python.parse_pyproject,
    "package-lock.json": javascript.parse_package_lock,
    "npm-shrinkwrap.json": javascript.parse_package_lock,
    "yarn.lock": javascript.parse_yarn_lock,
    "pnpm-lock.yaml": javascript.parse_pnpm_lock,
    "package.json": javascript.parse_package_json,
    "go.mod": golang.parse_go_mod,
    "Cargo.lock": rust.parse_cargo_lock,
}

_REQUIREMENTS = re.compile(r"^(.*[-_.])?(requirements|constraints)([-_.].*)?\.(txt|in)$", re.IGNORECASE)
_PY_LOCKS = ("poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock")


def parser_for(path: str) -> Parser | None:
    p = PurePosixPath(path)
    if p.name in PARSERS:
        return PARSERS[p.name]
    if _REQUIREMENTS.match(p.name) or (p.parent.name == "requirements" and p.suffix in (".txt", ".in")):
        return python.parse_requirements
    return None


def manifests(files: Iterable[str]) -> list[str]:
    """The files of a target that the inventory reads, in a stable order."""
    return sorted(f for f in files if parser_for(f) is not None and "/node_modules/" not in f"/{f}")


def parse_file(path: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParseResult:
    """Parse one manifest's bytes; never raises (problems become an Issue)."""
    parser = parser_for(path)
    if parser is None:
        return ParseResult(issues=(Issue(path, "not a recognised manifest"),))
    if len(data) > max_bytes:
        return ParseResult(issues=(Issue(path, f"larger than {max_bytes // (1024 * 1024)} MB; skipped"),))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParseResult(issues=(Issue(path, "not UTF-8 text; skipped"),))
    text = strip_userinfo(text)  # `git+https://user:TOKEN@host/...` never becomes a name, notice or SBOM entry
    try:
        check_conflicts(text)
        return parser(path, text)
    except ManifestError as exc:
        return ParseResult(issues=(Issue(path, str(exc)),))
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError, yaml.YAMLError) as exc:
        return ParseResult(issues=(Issue(path, f"could not parse ({type(exc).__name__}: {str(exc)[:120]}); skipped"),))


def collect(
    target: ScanTarget, *, max_bytes: int = DEFAULT_MAX_BYTES, ecosystems: Iterable[str] | None = None
) -> Inventory:
    """Parse every manifest of the target. Declarations in a pyproject.toml or package.json
    are dropped when a lockfile of their ecosystem sits beside them (it pins what is installed)."""
    wanted = set(ecosystems) if ecosystems is not None else None
    files = manifests(target.files)
    lock_dirs = {str(PurePosixPath(f).parent) for f in files if PurePosixPath(f).name in _PY_LOCKS}
    js_lock_dirs = {str(PurePosixPath(f).parent) for f in files if PurePosixPath(f).name in javascript.LOCKFILES}
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    issues: list[Issue] = []
    used: list[str] = []
    for rel in files:
        if PurePosixPath(rel).name == "pyproject.toml" and str(PurePosixPath(rel).parent) in lock_dirs:
            continue
        if PurePosixPath(rel).name == "package.json" and str(PurePosixPath(rel).parent) in js_lock_dirs:
            continue  # the lockfile beside it pins what is installed
        path = target.root / rel
        try:
            if path.is_symlink():
                issues.append(Issue(rel, "is a symbolic link; not followed"))
                continue
            size = path.stat().st_size
            if size > max_bytes:
                issues.append(Issue(rel, f"larger than {max_bytes // (1024 * 1024)} MB; skipped"))
                continue
            data = path.read_bytes()
        except OSError as exc:
            issues.append(Issue(rel, f"cannot read ({exc.strerror or exc})"))
            continue
        result = parse_file(rel, data, max_bytes=max_bytes)
        used.append(rel)
        packages += [p for p in result.packages if wanted is None or p.ecosystem in wanted]
        unassessed += [u for u in result.unassessed if wanted is None or u.ecosystem in wanted]
        issues += result.issues
    return Inventory(tuple(packages), tuple(unassessed), tuple(issues), tuple(used))
