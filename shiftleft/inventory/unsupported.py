"""Dependency manifests shiftleft recognises but has no parser for: listed, never absent.

A Maven project whose ``pom.xml`` is mentioned nowhere reads as "no dependencies, clean".
Every file named here makes the dependency scanners applicable to the target and is
reported by them as *not assessed*, by path, with the reason, so the scorecard and the
gate cannot read clean on it. Recognising a file is by name only (and, for ``setup.py`` /
``setup.cfg``, by whether its text declares dependencies at all): nothing is parsed or run.

Some names are manifests only when no lockfile pins them: a ``Pipfile`` without its
``Pipfile.lock``, a ``Cargo.toml`` without a ``Cargo.lock`` in its directory or above it (a
Cargo workspace has one lockfile at its root), and - next to the lockfile shiftleft parses
in the same directory - a ``Gemfile``/``gems.rb``/gemspec (``Gemfile.lock``, ``gems.locked``),
a ``composer.json`` (``composer.lock``), a Gradle build or settings script
(``gradle.lockfile``) and an MSBuild project (``packages.lock.json``).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class Known:
    """What a recognised file is: its OSV ecosystem (or the package world it belongs to)."""

    ecosystem: str
    what: str


_NAMES: dict[str, Known] = {
    "build.gradle": Known("Maven", "Gradle build script"),
    "build.gradle.kts": Known("Maven", "Gradle build script"),
    "settings.gradle": Known("Maven", "Gradle settings"),
    "settings.gradle.kts": Known("Maven", "Gradle settings"),
    "Gemfile": Known("RubyGems", "Bundler Gemfile"),
    "gems.rb": Known("RubyGems", "Bundler gems.rb"),
    "composer.json": Known("Packagist", "Composer manifest"),
    "packages.config": Known("NuGet", "NuGet packages.config"),
    "Directory.Packages.props": Known("NuGet", "NuGet central package versions"),
    "paket.dependencies": Known("NuGet", "Paket manifest"),
    "paket.lock": Known("NuGet", "Paket lockfile"),
    "mix.exs": Known("Hex", "Mix project"),
    "mix.lock": Known("Hex", "Mix lockfile"),
    "rebar.config": Known("Hex", "rebar3 config"),
    "rebar.lock": Known("Hex", "rebar3 lockfile"),
    "Package.swift": Known("SwiftURL", "Swift package manifest"),
    "Package.resolved": Known("SwiftURL", "Swift package lockfile"),
    "Podfile": Known("CocoaPods", "CocoaPods Podfile"),
    "Podfile.lock": Known("CocoaPods", "CocoaPods lockfile"),
    "pubspec.yaml": Known("Pub", "Dart/Flutter pubspec"),
    "pubspec.lock": Known("Pub", "Dart/Flutter lockfile"),
    "conanfile.txt": Known("ConanCenter", "Conan recipe"),
    "conanfile.py": Known("ConanCenter", "Conan recipe"),
    "conan.lock": Known("ConanCenter", "Conan lockfile"),
    "vcpkg.json": Known("vcpkg", "vcpkg manifest"),
    "renv.lock": Known("CRAN", "renv lockfile"),
    "Gopkg.lock": Known("Go", "dep lockfile"),
    "cabal.project.freeze": Known("Hackage", "Cabal freeze file"),
    "stack.yaml.lock": Known("Hackage", "Stack lockfile"),
    "bun.lockb": Known("npm", "Bun binary lockfile"),
    "deno.lock": Known("npm", "Deno lockfile"),
    "pdm.lock": Known("PyPI", "PDM lockfile"),
    "Pipfile": Known("PyPI", "Pipfile without Pipfile.lock"),
    "Cargo.toml": Known("crates.io", "Cargo manifest without Cargo.lock"),
}
#: a manifest covered by the lockfile beside it (the lockfile is parsed; the manifest is not)
_PINNED_BESIDE: dict[str, tuple[str, ...]] = {
    "Gemfile": ("Gemfile.lock",),
    "gems.rb": ("gems.locked",),
    ".gemspec": ("Gemfile.lock", "gems.locked"),
    "composer.json": ("composer.lock",),
    "build.gradle": ("gradle.lockfile",),
    "build.gradle.kts": ("gradle.lockfile",),
    "settings.gradle": ("gradle.lockfile",),
    "settings.gradle.kts": ("gradle.lockfile",),
    ".csproj": ("packages.lock.json",),
    ".fsproj": ("packages.lock.json",),
    ".vbproj": ("packages.lock.json",),
}
_SUFFIXES: dict[str, Known] = {
    ".csproj": Known("NuGet", "MSBuild project"),
    ".fsproj": Known("NuGet", "MSBuild project"),
    ".vbproj": Known("NuGet", "MSBuild project"),
    ".gemspec": Known("RubyGems", "gemspec"),
}
#: Python build files that are code (never run) or config: manifests only when they declare
#: dependencies, which is told from their text
_DECLARING: dict[str, tuple[Known, tuple[str, ...]]] = {
    "setup.py": (Known("PyPI", "setup.py"), ("install_requires", "extras_require")),
    "setup.cfg": (Known("PyPI", "setup.cfg"), ("install_requires", "extras_require")),
}


def recognise(path: str) -> Known | None:
    """The kind of a file recognised by its name, or None."""
    name = PurePosixPath(path).name
    if name in _NAMES:
        return _NAMES[name]
    if name in _DECLARING:
        return _DECLARING[name][0]
    return _SUFFIXES.get(PurePosixPath(name).suffix)


def _sibling(path: str, name: str) -> str:
    parent = PurePosixPath(path).parent
    return name if str(parent) == "." else f"{parent}/{name}"


def _lock_above(path: str, lock: str, files: Collection[str]) -> bool:
    parent = PurePosixPath(path).parent
    for folder in (parent, *parent.parents):
        candidate = lock if str(folder) == "." else f"{folder}/{lock}"
        if candidate in files:
            return True
    return False


def reason(path: str, files: Collection[str], text: str | None = None) -> str | None:
    """Why a recognised file goes unassessed, or None when it is not a dependency manifest
    in this target (a Pipfile beside its lockfile, a setup.py declaring nothing). ``files``
    is the target's file set; ``text`` the file's content, needed for setup.py / setup.cfg
    (None there means it could not be read, which is not assessed too)."""
    known = recognise(path)
    if known is None:
        return None
    name = PurePosixPath(path).name
    if name == "Pipfile" and _sibling(path, "Pipfile.lock") in files:
        return None
    if name == "Cargo.toml" and _lock_above(path, "Cargo.lock", files):
        return None
    beside = _PINNED_BESIDE.get(name) or _PINNED_BESIDE.get(PurePosixPath(name).suffix, ())
    if any(_sibling(path, lock) in files for lock in beside):
        return None
    if name in _DECLARING:
        if text is not None and not any(word in text for word in _DECLARING[name][1]):
            return None
        return (
            f"{known.what} declares {known.ecosystem} dependencies shiftleft does not read "
            f"(it is never run): they are not assessed; pin them in a requirements file or a lockfile"
        )
    return f"{known.what} ({known.ecosystem}): shiftleft has no parser for it yet, its dependencies are not assessed"


def covering_lock(path: str, files: Collection[str]) -> str | None:
    """The lockfile beside a manifest that stands for it (``Gemfile.lock`` for a ``Gemfile``...),
    or None."""
    name = PurePosixPath(path).name
    beside = _PINNED_BESIDE.get(name) or _PINNED_BESIDE.get(PurePosixPath(name).suffix, ())
    return next((_sibling(path, lock) for lock in beside if _sibling(path, lock) in files), None)


def declares_nothing(path: str, text: str | None) -> bool:
    """True only for a ``composer.json`` whose ``require``/``require-dev`` name no package
    (only ``php`` and ``ext-*`` platform requirements): then an empty composer.lock is right.
    Any other manifest (Gemfile and build scripts are code, never read) is not known to
    declare nothing."""
    if PurePosixPath(path).name != "composer.json" or text is None:
        return False
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(data, dict):
        return False
    sections = [data.get("require"), data.get("require-dev")]
    return not any(isinstance(sec, dict) and any("/" in str(k) for k in sec) for sec in sections)


def lock_stands_for_nothing(path: str, lock: str, unreadable: bool) -> str:
    """Why a manifest whose lockfile is unreadable or empty goes unassessed."""
    known = recognise(path)
    what = f"{known.what} ({known.ecosystem})" if known else path
    state = "could not be read" if unreadable else "lists no packages (empty or truncated)"
    return (f"{what}: the {PurePosixPath(lock).name} beside it {state}, so it stands for nothing: "
            "the dependencies it declares are not assessed")  # fmt: skip


def needs_text(path: str) -> bool:
    """Whether ``reason`` needs the file's content to decide."""
    return PurePosixPath(path).name in _DECLARING
