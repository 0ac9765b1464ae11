"""Build a target's dependency inventory from its safe file list.

One registry maps a manifest file name to its parser (adding a lockfile format is one
parser and one line here). Files come only from ``ScanTarget.files`` - the pipeline's
safe list, with no symlink leaving the root - never from walking the tree. A file that
cannot be used (too big, not UTF-8, merge conflict, garbage) becomes an ``Issue`` and the
rest of the inventory goes on; so does a file shiftleft recognises but has no parser for
(``unsupported``: build.gradle without gradle.lockfile, mix.lock, ...), which is never simply absent.

A lockfile beside its manifest (poetry.lock / uv.lock beside pyproject.toml, a JS lockfile
beside package.json) pins what is installed, so the manifest's ranges are not reported
twice. But a lockfile only stands for its manifest when they agree: one that is empty,
unreadable or has no parser hides nothing (the manifest's declarations are reported from
the manifest), and a dependency the manifest declares but the lockfile lacks (a truncated
or stale lockfile) is reported from the manifest too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import PurePosixPath

import yaml

from shiftleft.advisories.names import canonical_name
from shiftleft.inventory import (
    bun,
    dotnet,
    golang,
    gradle,
    javascript,
    maven,
    php,
    pylock,
    python,
    ruby,
    rust,
    unsupported,
)
from shiftleft.inventory.model import Inventory, Issue, Package, ParseResult, Unassessed
from shiftleft.inventory.text import ManifestError, check_conflicts
from shiftleft.model import ScanTarget
from shiftleft.sarif.redact import strip_userinfo

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
    "pom.xml": maven.parse_pom,
    "gradle.lockfile": gradle.parse_gradle_lockfile,
    "buildscript-gradle.lockfile": gradle.parse_gradle_lockfile,
    "settings-gradle.lockfile": gradle.parse_gradle_lockfile,
    "libs.versions.toml": gradle.parse_version_catalog,
    "pylock.toml": pylock.parse_pylock,
    "bun.lock": bun.parse_bun_lock,
    "composer.lock": php.parse_composer_lock,
    "Gemfile.lock": ruby.parse_gemfile_lock,
    "gems.locked": ruby.parse_gemfile_lock,
    "packages.lock.json": dotnet.parse_packages_lock,
}

_REQUIREMENTS = re.compile(r"^(.*[-_.])?(requirements|constraints)([-_.].*)?\.(txt|in)$", re.IGNORECASE)
_PY_LOCKS = ("poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "pylock.toml")
#: a manifest and the lockfiles (in its directory) that pin what it declares
_LOCKED_BY: dict[str, tuple[str, ...]] = {
    "pyproject.toml": _PY_LOCKS,
    "package.json": (*javascript.LOCKFILES, "bun.lock"),
}


def parser_for(path: str) -> Parser | None:
    p = PurePosixPath(path)
    if p.name in PARSERS:
        return PARSERS[p.name]
    if _REQUIREMENTS.match(p.name) or (p.parent.name == "requirements" and p.suffix in (".txt", ".in")):
        return python.parse_requirements
    if pylock.NAME.match(p.name):
        return pylock.parse_pylock
    if p.parent.name == "gradle" and p.name.endswith(".versions.toml"):
        return gradle.parse_version_catalog
    return None


def manifests(files: Iterable[str]) -> list[str]:
    """The files of a target that the inventory reads or reports, in a stable order: those
    it parses and those it recognises without a parser (listed as not assessed). A target's
    file tuple is looked at once per scan, however many scanners ask (``_manifests_of``)."""
    if isinstance(files, tuple):
        return list(_manifests_of(files))
    return _manifests(files)


@functools.lru_cache(maxsize=4)
def _manifests_of(files: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_manifests(files))


def _manifests(files: Iterable[str]) -> list[str]:
    return sorted(
        f
        for f in files
        if (parser_for(f) is not None or unsupported.recognise(f) is not None) and "/node_modules/" not in f"/{f}"
    )


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


def _sibling(path: str, name: str) -> str:
    parent = str(PurePosixPath(path).parent)
    return name if parent == "." else f"{parent}/{name}"


def _read(target: ScanTarget, rel: str, max_bytes: int) -> bytes | Issue:
    path = target.root / rel
    try:
        if path.is_symlink():
            return Issue(rel, "is a symbolic link; not followed")
        if path.stat().st_size > max_bytes:
            return Issue(rel, f"larger than {max_bytes // (1024 * 1024)} MB; skipped")
        return path.read_bytes()
    except OSError as exc:
        return Issue(rel, f"cannot read ({exc.strerror or exc})")


def _names(items: Iterable[Package | Unassessed]) -> set[str]:
    return {canonical_name(i.ecosystem, i.name) for i in items}


def against_locks(manifest: str, declared: ParseResult, locks: Sequence[tuple[str, ParseResult | None]]) -> ParseResult:
    """What a manifest still contributes next to its lockfiles (``None``: a lockfile that
    could not be parsed or has no parser). A lockfile that lists something stands for the
    manifest, except for declared dependencies it lacks; one that lists nothing, or could
    not be read, stands for nothing, and an empty one is itself not assessed."""
    name = PurePosixPath(manifest).name
    items = [*declared.packages, *declared.unassessed]
    usable = [(p, r) for p, r in locks if r is not None and not r.issues and (r.packages or r.unassessed)]
    if not usable:
        empty = [p for p, r in locks if r is not None and not r.issues]
        extra = tuple(
            Issue(p, f"lists no packages although {name} declares {len(items)} dependencies (empty or truncated "
                     f"lockfile): the pins it should hold are not assessed; {name} is checked instead")
            for p in (empty if items else [])
        )  # fmt: skip
        return ParseResult(declared.packages, declared.unassessed, declared.issues + extra)
    in_locks: list[Package | Unassessed] = [*(i for _, r in usable for i in r.packages)]
    in_locks += [i for _, r in usable for i in r.unassessed]
    locked = _names(in_locks)
    where = ", ".join(PurePosixPath(p).name for p, _ in usable)
    why = f"declared in {name} but missing from {where} (lockfile truncated or stale)"
    return ParseResult(
        tuple(p for p in declared.packages if canonical_name(p.ecosystem, p.name) not in locked),
        tuple(
            replace(u, reason=f"{why}; {u.reason}")
            for u in declared.unassessed
            if canonical_name(u.ecosystem, u.name) not in locked
        ),
    )


def _uncovered(
    target: ScanTarget, files: Iterable[str], present: Collection[str], results: dict[str, ParseResult], max_bytes: int
) -> list[Issue]:
    """Manifests without a parser that a lockfile beside them stands for (a Gemfile and its
    Gemfile.lock...), when that lockfile could not be read or lists nothing: then nothing
    stands for them, and they are listed. A composer.json requiring no package is the one
    manifest known to need nothing in its lockfile (its JSON is read as data)."""
    out: list[Issue] = []
    for rel in files:
        lock = unsupported.covering_lock(rel, present) if parser_for(rel) is None else None
        if lock is None:
            continue
        result = results.get(lock)
        unreadable = result is None or bool(result.issues)
        if result is not None and not unreadable and (result.packages or result.unassessed):
            continue
        if not unreadable:
            data = _read(target, rel, max_bytes)
            if unsupported.declares_nothing(rel, data.decode("utf-8", "replace") if isinstance(data, bytes) else None):
                continue
        out.append(Issue(rel, unsupported.lock_stands_for_nothing(rel, lock, unreadable)))
    return out


def collect(
    target: ScanTarget, *, max_bytes: int = DEFAULT_MAX_BYTES, ecosystems: Iterable[str] | None = None
) -> Inventory:
    """Parse every manifest of the target; list every recognised one that cannot be parsed.
    A manifest beside a lockfile contributes only what the lockfile lacks (``against_locks``)."""
    wanted = set(ecosystems) if ecosystems is not None else None
    files = manifests(target.files)
    present: Collection[str] = frozenset(target.files)
    results: dict[str, ParseResult] = {}
    poms: dict[str, str] = {}
    issues: list[Issue] = []
    used: list[str] = []
    for rel in files:
        if parser_for(rel) is None:
            text: str | None = None
            if unsupported.needs_text(rel):
                data = _read(target, rel, max_bytes)
                text = data.decode("utf-8", "replace") if isinstance(data, bytes) else None
            why = unsupported.reason(rel, present, text)
            if why:
                issues.append(Issue(rel, why))
                used.append(rel)
            continue
        data = _read(target, rel, max_bytes)
        if isinstance(data, Issue):
            issues.append(data)
            continue
        results[rel] = parse_file(rel, data, max_bytes=max_bytes)
        used.append(rel)
        if PurePosixPath(rel).name == "pom.xml" and not results[rel].issues:
            poms[rel] = strip_userinfo(data.decode("utf-8-sig"))
    if len(poms) > 1:  # a multi-module Maven project: modules resolved with their parent POMs
        results.update(maven.resolve_tree(poms))
    issues += _uncovered(target, files, present, results, max_bytes)
    known = frozenset(files)
    for rel in list(results):
        locks = [_sibling(rel, n) for n in _LOCKED_BY.get(PurePosixPath(rel).name, ()) if _sibling(rel, n) in known]
        if locks:
            results[rel] = against_locks(rel, results[rel], [(p, results.get(p)) for p in locks])
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    licenses: list[tuple[str, str]] = []
    for rel in files:
        result = results.get(rel)
        if result is None:
            continue
        packages += [p for p in result.packages if wanted is None or p.ecosystem in wanted]
        unassessed += [u for u in result.unassessed if wanted is None or u.ecosystem in wanted]
        issues += result.issues
        licenses += result.project_licenses
    issues.sort(key=lambda i: i.manifest)
    return Inventory(tuple(packages), tuple(unassessed), tuple(issues), tuple(used), tuple(licenses))
