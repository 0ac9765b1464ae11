"""npm ecosystem lockfiles: package-lock.json (v1-v3), yarn.lock (classic and berry),
pnpm-lock.yaml (v5-v9).

No maintained Python library parses these three, so the parsers are small and read the
files as data only. Workspace/link/local entries are the project itself, not registry
packages, and are left out; git/tarball-URL versions are reported not assessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

import yaml

from shiftleft.inventory import hashes
from shiftleft.inventory.model import Package, ParseResult, Unassessed
from shiftleft.inventory.text import ManifestError, json_key_lines, json_object

ECO = "npm"
_SEMVERISH = re.compile(r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]*)?$")


def _entry(
    name: str, version: str, manifest: str, line: int, info: Mapping[str, Any] | None = None
) -> Package | Unassessed:
    if _SEMVERISH.match(version):
        # what a package-lock entry states: its SPDX ``license`` (v2/v3) and SRI ``integrity``
        lic = info.get("license") if info is not None else None
        licenses = (lic[:200],) if isinstance(lic, str) and lic.strip() else ()
        pins = hashes.from_sri(info.get("integrity")) if info is not None else ()
        return Package.create(name, version, ECO, manifest, line, licenses=licenses, hashes=pins)
    return Unassessed(name, version, ECO, manifest, line, f"non-registry version {version[:60]!r} (git, URL or path)")


def _v1_deps(deps: Any, prefix: str = "") -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """(name, key path, entry) of a v1 nested ``dependencies`` tree, iteratively (a
    hostile lockfile may nest deeply)."""
    stack: list[tuple[str, Any]] = [(prefix, deps)]
    while stack:
        path, table = stack.pop()
        if not isinstance(table, Mapping):
            continue
        for name, info in table.items():
            if not isinstance(info, Mapping):
                continue
            yield name, f"{path}/{name}", info
            if "dependencies" in info:
                stack.append((f"{path}/{name}", info["dependencies"]))


def parse_package_lock(manifest: str, text: str) -> ParseResult:
    data = json_object(text)
    lines = json_key_lines(text)
    out: list[Package | Unassessed] = []
    seen: set[tuple[str, str]] = set()
    packages = data.get("packages")
    if isinstance(packages, Mapping) and packages:  # lockfileVersion 2 and 3
        for key, info in packages.items():
            if not isinstance(info, Mapping) or "node_modules/" not in key or info.get("link"):
                continue  # "" is the root project; paths outside node_modules are workspaces
            name = info.get("name") if isinstance(info.get("name"), str) else key.rsplit("node_modules/", 1)[-1]
            version = info.get("version")
            if not isinstance(version, str) or (name, version) in seen:
                continue
            seen.add((str(name), version))
            out.append(_entry(str(name), version, manifest, lines.get(key, 1), info))
    else:  # lockfileVersion 1
        for name, _path, info in _v1_deps(data.get("dependencies")):
            version = info.get("version")
            if not isinstance(version, str) or (name, version) in seen:
                continue
            seen.add((name, version))
            if version.startswith("npm:") and "@" in version[5:]:  # alias: "npm:real@1.2.3"
                real, _, version = version[4:].rpartition("@")
                name = real
            out.append(_entry(name, version, manifest, lines.get(name, 1), info))
    root = packages.get("") if isinstance(packages, Mapping) else None
    own = root.get("license") if isinstance(root, Mapping) else None
    result = _split(out)
    if isinstance(own, str) and own.strip():
        return ParseResult(result.packages, result.unassessed, project_licenses=((manifest, own[:200]),))
    return result


def _split(items: list[Package | Unassessed]) -> ParseResult:
    return ParseResult(
        tuple(i for i in items if isinstance(i, Package)),
        tuple(i for i in items if isinstance(i, Unassessed)),
    )


def _spec_name(spec: str) -> str:
    """``@scope/name@^1.0`` -> ``@scope/name``; ``name@npm:^1`` -> ``name``."""
    spec = spec.strip().strip('"')
    at = spec.find("@", 1)
    return spec if at < 0 else spec[:at]


#: yarn classic's ``integrity sha512-...`` (berry's ``checksum`` hashes its own cache zip: not kept)
_YARN_INTEGRITY = re.compile(r'^\s+integrity:?\s+"?([^"\s]+)"?\s*$')


def parse_yarn_lock(manifest: str, text: str) -> ParseResult:
    """Classic (v1) and berry lockfiles share the shape: an unindented header of
    comma-separated specs, then an indented ``version``."""
    out: list[Package | Unassessed] = []
    seen: set[tuple[str, str]] = set()
    header: tuple[str, int] | None = None
    last: int | None = None  # the entry whose ``integrity`` (classic) may follow its version
    for i, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            header = last = None
            if raw.rstrip().endswith(":") and not raw.startswith("__metadata"):
                specs = [s for s in raw.rstrip()[:-1].split(",") if s.strip()]
                if not specs:
                    continue
                first = specs[0].strip().strip('"')
                if "@workspace:" in first or "@link:" in first or "@portal:" in first or "@file:" in first:
                    continue
                header = (_spec_name(first), i)
            continue
        if header is None:
            m = _YARN_INTEGRITY.match(raw) if last is not None else None
            entry = out[last] if m and last is not None else None
            if m and last is not None and isinstance(entry, Package):
                out[last] = replace(entry, hashes=hashes.from_sri(m.group(1)))
                last = None
            continue
        m = re.match(r'^\s+version:?\s+"?([^"\s]+)"?\s*$', raw)
        if m:
            name, line = header
            version = m.group(1)
            header = None
            if name and (name, version) not in seen:
                seen.add((name, version))
                out.append(_entry(name, version, manifest, line))
                last = len(out) - 1
    if not out and text.strip() and "version" not in text:
        raise ManifestError("no package entries recognised")
    return _split(out)


_PEER_SUFFIX = re.compile(r"(\(.*\)|_[^/]*)$")


def _pnpm_key(key: str, v5: bool) -> tuple[str, str] | None:
    key = key.lstrip("/")
    key = re.sub(r"\(.*\)$", "", key)
    if v5:
        if "/" not in key:
            return None
        name, _, version = key.rpartition("/")
        version = _PEER_SUFFIX.sub("", version)
    else:
        at = key.rfind("@")
        if at <= 0:
            return None
        name, version = key[:at], key[at + 1 :]
    return (name, version) if name and version else None


def parse_pnpm_lock(manifest: str, text: str) -> ParseResult:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ManifestError(f"not valid YAML ({str(exc).splitlines()[0]})") from exc
    if not isinstance(data, Mapping):
        raise ManifestError("top level is not a mapping")
    try:
        v5 = float(str(data.get("lockfileVersion", "9")).split(".")[0]) < 6
    except ValueError:
        v5 = False
    key_lines: dict[str, int] = {}
    for i, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped.endswith(":"):
            key_lines.setdefault(stripped[:-1].strip("'\""), i)
    out: list[Package | Unassessed] = []
    seen: set[tuple[str, str]] = set()
    packages = data.get("packages") or {}
    if not isinstance(packages, Mapping):
        raise ManifestError("`packages` is not a mapping")
    for key in packages:
        if not isinstance(key, str):
            continue
        parsed = _pnpm_key(key, v5)
        if parsed is None or parsed in seen:
            continue
        seen.add(parsed)
        line = key_lines.get(key, 1)
        info = packages[key]
        resolution = info.get("resolution") if isinstance(info, Mapping) else None
        out.append(
            _entry(parsed[0], parsed[1], manifest, line, resolution if isinstance(resolution, Mapping) else None)
        )
    return _split(out)


_DEPENDENCY_SECTIONS = ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies")
LOCKFILES = ("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml")


def parse_package_json(manifest: str, text: str) -> ParseResult:
    """Direct dependencies of a package.json that has no lockfile beside it (the collector
    skips it otherwise). An exact version is checked; a range is *not assessed*: what it
    resolves to, and everything below it, is only known from a lockfile."""
    data = json_object(text)
    lines = text.splitlines()
    items: list[Package | Unassessed] = []
    for section in _DEPENDENCY_SECTIONS:
        deps = data.get(section)
        if not isinstance(deps, Mapping):
            continue
        for name, spec in deps.items():
            if not isinstance(name, str) or not isinstance(spec, str):
                continue
            line = next((i for i, raw in enumerate(lines, 1) if f'"{name}"' in raw), 1)
            version = spec.strip().removeprefix("=").removeprefix("v")
            if _SEMVERISH.match(version):
                items.append(Package.create(name, version, ECO, manifest, line))
            else:
                reason = (
                    f"not pinned ({spec[:60]!r} in {section}) and no lockfile: commit package-lock.json, "
                    "yarn.lock or pnpm-lock.yaml to have it and its dependencies checked"
                )
                items.append(Unassessed(name, None, ECO, manifest, line, reason, requirement=spec))
    return _split(items)
