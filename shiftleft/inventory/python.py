"""Python manifests: requirements files, poetry.lock, Pipfile.lock, uv.lock, pyproject.toml.

Everything is read as data (``packaging`` for requirement syntax, ``tomllib``/``json``
for lockfiles); nothing from the scanned repository is executed (no setup.py, no build
backends). A requirement is checkable only when pinned exactly (``==1.2.3`` without a
wildcard, or ``===``); anything else is *not assessed: not pinned* unless the scanner is
asked to resolve it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from shiftleft.inventory import hashes
from shiftleft.inventory.model import Issue, Package, ParseResult, Unassessed
from shiftleft.inventory.text import LineFinder, ManifestError, json_key_lines, json_object, toml_package_lines

ECO = "PyPI"
_HASH_OPT = re.compile(r"\s--hash[=\s](\S+)")
_COMMENT = re.compile(r"(^|\s)#.*$")


def _logical_lines(text: str) -> Iterable[tuple[int, str]]:
    """(first physical line number, joined text) with backslash continuations joined and
    comments removed, as pip reads requirement files."""
    start = 0
    parts: list[str] = []
    for i, raw in enumerate(text.splitlines(), 1):
        if not parts:
            start = i
        line = _COMMENT.sub("", raw) if not raw.lstrip().startswith("#") else ""
        if line.rstrip().endswith("\\"):
            parts.append(line.rstrip()[:-1])
            continue
        parts.append(line)
        yield start, " ".join(p.strip() for p in parts).strip()
        parts = []
    if parts:
        yield start, " ".join(p.strip() for p in parts).strip()


def pinned_version(req: Requirement) -> str | None:
    """The exact version a requirement pins, or None when it allows several."""
    specs = list(req.specifier)
    if len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
        return specs[0].version
    return None


def _requirement(text: str, manifest: str, line: int, pins: tuple[hashes.Hash, ...] = ()) -> Package | Unassessed:
    try:
        req = Requirement(text)
    except InvalidRequirement as exc:
        return Unassessed(text[:80], None, ECO, manifest, line, f"unparseable requirement ({exc})")
    if req.url:
        return Unassessed(req.name, None, ECO, manifest, line, "direct URL/VCS requirement: no registry version", text)
    version = pinned_version(req)
    if version is None:
        spec = str(req.specifier) or "any version"
        return Unassessed(
            req.name,
            None,
            ECO,
            manifest,
            line,
            f"not pinned ({spec}); pin it or set `resolve: true`",
            text,
            unpinned=True,
        )
    return Package.create(req.name, version, ECO, manifest, line, hashes=pins)


def parse_requirements(manifest: str, text: str) -> ParseResult:
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    for line, content in _logical_lines(text):
        if not content:
            continue
        pins = hashes.unique(hashes.from_prefixed(m.group(1)) for m in _HASH_OPT.finditer(" " + content))
        content = _HASH_OPT.sub("", " " + content).strip()
        if content.startswith(("-e", "--editable")):
            target = content.split(None, 1)[-1]
            unassessed.append(Unassessed(target[:80], None, ECO, manifest, line, "editable/local requirement"))
            continue
        if content.startswith("-"):
            continue  # options (-r/-c files are parsed on their own; index options are not packages)
        if content.startswith((".", "/", "file:")) or re.match(r"^[a-z+]+://", content):
            unassessed.append(Unassessed(content[:80], None, ECO, manifest, line, "local path or URL requirement"))
            continue
        item = _requirement(content, manifest, line, pins)
        (packages if isinstance(item, Package) else unassessed).append(item)  # type: ignore[arg-type]
    return ParseResult(tuple(packages), tuple(unassessed))


def _lock_hashes(entry: Mapping[str, Any]) -> tuple[hashes.Hash, ...]:
    """Hashes of the distribution files a poetry.lock (``files``) or uv.lock (``sdist``,
    ``wheels``) entry accepts."""
    files: list[object] = [entry.get("sdist")]
    for key in ("files", "wheels"):
        if isinstance(entry.get(key), list):
            files += entry[key]
    return hashes.unique(hashes.from_prefixed(f.get("hash")) for f in files if isinstance(f, Mapping))


def _toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"not valid TOML ({exc})") from exc


def _lock_packages(manifest: str, text: str, skip_sources: tuple[str, ...]) -> ParseResult:
    data = _toml(text)
    entries = data.get("package", [])
    if not isinstance(entries, list):
        raise ManifestError("`package` is not an array of tables")
    lines = toml_package_lines(text)
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    for entry in entries:
        if not isinstance(entry, Mapping):
            continue
        name, version = entry.get("name"), entry.get("version")
        if not isinstance(name, str) or not name:
            continue
        line = lines.get((name, str(version)), 1)
        source = entry.get("source")
        kinds = set(source) if isinstance(source, Mapping) else set()
        if isinstance(source, Mapping) and isinstance(source.get("type"), str):
            kinds.add(source["type"])
        if kinds & set(skip_sources):
            unassessed.append(Unassessed(name, None, ECO, manifest, line, "local project or path dependency"))
            continue
        if not isinstance(version, str) or not version:
            unassessed.append(Unassessed(name, None, ECO, manifest, line, "no version in lockfile"))
            continue
        packages.append(Package.create(name, version, ECO, manifest, line, hashes=_lock_hashes(entry)))
    return ParseResult(tuple(packages), tuple(unassessed))


_POETRY_METADATA = re.compile(r"^\[metadata\]", re.MULTILINE)


def parse_poetry_lock(manifest: str, text: str) -> ParseResult:
    """poetry always ends its lockfile with a ``[metadata]`` table: one without it was cut
    short (or never written by poetry), so what it omits cannot be known. Its packages are
    still checked and the file is reported as not assessed."""
    result = _lock_packages(manifest, text, ("directory", "file"))
    if _POETRY_METADATA.search(text):
        return result
    listed = len(result.packages) + len(result.unassessed)
    issue = Issue(manifest, f"no [metadata] table: empty or truncated lockfile ({listed} package(s) listed); "
                            "what it omits is not assessed")  # fmt: skip
    return ParseResult(result.packages, result.unassessed, (issue,))


def parse_uv_lock(manifest: str, text: str) -> ParseResult:
    """uv.lock: the project itself (``editable``/``virtual`` source) is not a dependency."""
    data = _lock_packages(manifest, text, ("editable", "virtual", "directory", "path"))
    return ParseResult(data.packages, tuple(u for u in data.unassessed if "local project" not in u.reason))


def parse_pipfile_lock(manifest: str, text: str) -> ParseResult:
    data = json_object(text)
    lines = json_key_lines(text)
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    for section in ("default", "develop"):
        deps = data.get(section) or {}
        if not isinstance(deps, Mapping):
            continue
        for name, info in deps.items():
            line = lines.get(name, 1)
            version = info.get("version") if isinstance(info, Mapping) else None
            if isinstance(version, str) and version.startswith("=="):
                listed = info.get("hashes") if isinstance(info.get("hashes"), list) else []
                pins = hashes.unique(hashes.from_prefixed(h) for h in listed[: hashes.MAX_HASHES])
                packages.append(Package.create(name, version[2:], ECO, manifest, line, hashes=pins))
            else:
                reason = (
                    "VCS/path dependency"
                    if isinstance(info, Mapping) and ("git" in info or "path" in info)
                    else "no pinned version"
                )
                unassessed.append(Unassessed(name, None, ECO, manifest, line, reason))
    return ParseResult(tuple(packages), tuple(unassessed))


def _pyproject_requirements(data: Mapping[str, Any]) -> list[str]:
    project = data.get("project")
    reqs: list[str] = []
    if isinstance(project, Mapping):
        reqs += [r for r in project.get("dependencies") or [] if isinstance(r, str)]
        optional = project.get("optional-dependencies") or {}
        if isinstance(optional, Mapping):
            for group in optional.values():
                reqs += [r for r in group or [] if isinstance(r, str)]
    groups = data.get("dependency-groups") or {}
    if isinstance(groups, Mapping):
        for group in groups.values():
            if isinstance(group, list):
                reqs += [r for r in group if isinstance(r, str)]
    return reqs


def _poetry_requirements(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, Mapping) else None
    if not isinstance(poetry, Mapping):
        return []
    out: list[tuple[str, str]] = []
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    group = poetry.get("group")
    if isinstance(group, Mapping):
        tables += [g.get("dependencies") for g in group.values() if isinstance(g, Mapping)]
    for table in tables:
        if not isinstance(table, Mapping):
            continue
        for name, spec in table.items():
            if name.lower() == "python":
                continue
            version = spec.get("version") if isinstance(spec, Mapping) else spec
            out.append((name, version if isinstance(version, str) else ""))
    return out


def parse_pyproject(manifest: str, text: str) -> ParseResult:
    """PEP 621 / PEP 735 / Poetry dependency declarations. Exact ``==`` pins are checked;
    ranges are not assessed (the collector drops them when a lockfile sits beside)."""
    data = _toml(text)
    finder = LineFinder(text)
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    for req in _pyproject_requirements(data):
        name_guess = re.split(r"[\s\[<>=!~;@(]", req.strip(), maxsplit=1)[0]
        line = finder.find_literal([f'"{name_guess}', f"'{name_guess}"]) or 1
        item = _requirement(req, manifest, line)
        (packages if isinstance(item, Package) else unassessed).append(item)  # type: ignore[arg-type]
    for name, spec in _poetry_requirements(data):
        line = finder.find(rf"^\s*\"?{re.escape(name)}\"?\s*=") or 1
        exact = re.fullmatch(r"(==)?\s*(\d[\w.!+-]*)", spec.strip())
        if exact and "*" not in spec:
            packages.append(Package.create(name, exact.group(2), ECO, manifest, line))
        else:
            reason = f"not pinned ({spec or 'non-registry source'}); commit poetry.lock to have it checked"
            unassessed.append(Unassessed(name, None, ECO, manifest, line, reason))
    return ParseResult(tuple(packages), tuple(unassessed))
