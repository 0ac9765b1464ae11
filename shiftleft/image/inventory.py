"""What is installed in an image: distro and packages, read from the squashed rootfs.

Sources read (the package managers' own databases, not guesses from file names):
- dpkg: ``var/lib/dpkg/status`` and distroless ``var/lib/dpkg/status.d/*``;
- apk: ``lib/apk/db/installed``;
- Python: ``*.dist-info/METADATA`` and ``*.egg-info/PKG-INFO`` under site-/dist-packages;
- npm: ``node_modules/<name>/package.json`` (and ``@scope/name``);
- the distro from ``etc/os-release`` (or ``usr/lib/os-release``).
RPM databases and Go binaries need syft (see :mod:`shiftleft.image.syft`).

Each package is attributed to the layer that first had it in the file that lists it,
so a finding points at the Dockerfile step that brought the package in.

Bounded and linear: each version of each file is parsed once (``package_keys`` during
the squash, the final version once more here), and an inventory of more than
``Limits.max_packages`` packages is an ImageError, never a partial list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import HeaderParser
from urllib.parse import quote

from shiftleft.image.rootfs import RootFS
from shiftleft.image.safety import ImageError, Limits

DPKG_STATUS = "var/lib/dpkg/status"
DPKG_STATUS_D = "var/lib/dpkg/status.d/"
APK_INSTALLED = "lib/apk/db/installed"
OS_RELEASE = ("etc/os-release", "usr/lib/os-release")
_PY_META = re.compile(r"(^|/)(site|dist)-packages/[^/]+\.(dist-info/METADATA|egg-info/PKG-INFO)$")
_NPM_PACKAGE = re.compile(r"(^|/)node_modules/(@[^/]+/)?[^/@][^/]*/package\.json$")
RPM_DBS = ("var/lib/rpm/rpmdb.sqlite", "var/lib/rpm/Packages", "usr/lib/sysimage/rpm/rpmdb.sqlite")


def wanted(path: str) -> bool:
    """The files the inventory reads: the only ones whose content is kept in memory."""
    return (
        path in OS_RELEASE
        or path == DPKG_STATUS
        or path.startswith(DPKG_STATUS_D)
        or path == APK_INSTALLED
        or bool(_PY_META.search(path))
        or bool(_NPM_PACKAGE.search(path))
    )


@dataclass(frozen=True)
class Distro:
    """The OS of the image, from os-release."""

    id: str
    version_id: str
    pretty_name: str = ""

    @property
    def osv_ecosystem(self) -> str | None:
        """The OSV ecosystem for the distro's own packages, or None when OSV has none."""
        if self.id == "debian" and self.version_id:
            return f"Debian:{self.version_id.split('.')[0]}"
        if self.id == "ubuntu" and self.version_id:
            return f"Ubuntu:{self.version_id}"
        if self.id == "alpine" and self.version_id:
            return "Alpine:v" + ".".join(self.version_id.split(".")[:2])
        return None


@dataclass(frozen=True)
class Package:
    """One installed package."""

    name: str
    version: str
    #: deb | apk | rpm | pypi | npm | golang | ... (purl types)
    type: str
    #: the file that lists it, relative to the image root
    path: str
    #: index of the layer that added it (None when unknown)
    layer: int | None
    #: the source package (dpkg ``Source:``), which Debian advisories are keyed by
    source_name: str = ""
    #: which reader found it: "shiftleft" or "syft"
    found_by: str = "shiftleft"

    def purl(self, distro: Distro | None = None) -> str:
        namespace = {"deb": distro.id if distro else "debian", "apk": distro.id if distro else "alpine"}.get(self.type)
        name = quote(self.name, safe="@/") if self.type == "npm" else quote(self.name, safe="")
        if self.type == "npm" and name.startswith("@"):
            name = "%40" + name[1:]
        base = f"pkg:{self.type}/{namespace}/{name}" if namespace else f"pkg:{self.type}/{name}"
        purl = f"{base}@{quote(self.version, safe='.+~:-')}"
        if namespace and distro and distro.version_id:
            purl += f"?distro={distro.id}-{distro.version_id}"
        return purl


@dataclass(frozen=True)
class Inventory:
    distro: Distro | None
    packages: tuple[Package, ...]
    #: package databases present that this reader could not read (e.g. RPM without syft)
    unread: tuple[str, ...] = ()
    #: package metadata files present whose content could not be parsed
    unparsed: tuple[str, ...] = ()


def parse_os_release(text: str) -> Distro:
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip():
            values[key.strip()] = value.strip().strip('"').strip("'")
    return Distro(values.get("ID", "unknown").lower(), values.get("VERSION_ID", ""), values.get("PRETTY_NAME", ""))


def _stanzas(text: str) -> list[dict[str, str]]:
    """RFC-822-like paragraphs (dpkg status); continuation lines are dropped."""
    out: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            if current:
                out.append(current)
            current = {}
            continue
        if line[0] in " \t":
            continue
        key, sep, value = line.partition(":")
        if sep:
            current[key.strip()] = value.strip()
    if current:
        out.append(current)
    return out


def parse_dpkg(text: str) -> list[tuple[str, str, str]]:
    """(name, version, source) of installed packages only ("install ok installed")."""
    found = []
    for stanza in _stanzas(text):
        status = stanza.get("Status", "install ok installed")
        if not status.endswith(" installed") or status.endswith("not-installed"):
            continue
        name, version = stanza.get("Package"), stanza.get("Version")
        if name and version:
            source = stanza.get("Source", name).split(" ")[0]
            found.append((name, version, source))
    return found


def parse_apk(text: str) -> list[tuple[str, str, str]]:
    found = []
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        for line in block.splitlines():
            if len(line) > 2 and line[1] == ":":
                fields.setdefault(line[0], line[2:])
        if fields.get("P") and fields.get("V"):
            found.append((fields["P"], fields["V"], fields.get("o", fields["P"])))
    return found


def parse_python_metadata(text: str) -> tuple[str, str] | None:
    headers = HeaderParser().parsestr(text.split("\n\n", 1)[0])
    name, version = headers.get("Name"), headers.get("Version")
    return (str(name), str(version)) if name and version else None


def parse_package_json(text: str) -> tuple[str, str] | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    name, version = data.get("name"), data.get("version")
    return (name, version) if isinstance(name, str) and isinstance(version, str) and name and version else None


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _database(path: str) -> Callable[[str], list[tuple[str, str, str]]] | None:
    """The parser of a package database file (one file listing many packages)."""
    if path == DPKG_STATUS or path.startswith(DPKG_STATUS_D):
        return parse_dpkg
    if path == APK_INSTALLED:
        return parse_apk
    return None


def package_keys(path: str, content: bytes) -> frozenset[tuple[str, str]]:
    """The (name, version) pairs one version of a package database lists: what
    :func:`shiftleft.image.rootfs.squash` records per layer for attribution."""
    parse = _database(path)
    if parse is None:
        return frozenset()
    return frozenset((name, version) for name, version, _ in parse(_decode(content)))


def _first_layer(fs: RootFS, path: str, key: tuple[str, str]) -> int | None:
    """The earliest layer from which every version of ``path`` lists ``key`` (name,
    version) — the layer that installed this version of the package."""
    first = fs.first_layer.get(path, {}).get(key)
    return first if first is not None else fs.layer_of(path)


class _Collector:
    """The packages found so far, within the package count and field length limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.packages: list[Package] = []

    def add(self, package: Package) -> None:
        longest = max(len(package.name), len(package.version), len(package.source_name))
        if longest > self.limits.max_package_field:
            raise ImageError(
                f"{package.path[:200]} names a package or version longer than "
                f"{self.limits.max_package_field} characters"
            )
        self.packages.append(package)
        if len(self.packages) > self.limits.max_packages:
            raise ImageError(f"the image lists more than {self.limits.max_packages} packages")


def read_inventory(fs: RootFS) -> Inventory:
    """The distro and the packages of the final filesystem."""
    distro = None
    for path in OS_RELEASE:
        raw = fs.read(path)
        if raw is not None:
            distro = parse_os_release(_decode(raw))
            break
    found = _Collector(fs.limits)
    unparsed: list[str] = []
    paths = fs.paths()
    dpkg_files = [DPKG_STATUS] + [p for p in paths if p.startswith(DPKG_STATUS_D)]
    for path in [*dpkg_files, APK_INSTALLED]:
        raw = fs.read(path)
        parse = _database(path)
        if raw is None or parse is None:
            continue
        kind = "apk" if path == APK_INSTALLED else "deb"
        for name, version, source in parse(_decode(raw)):
            found.add(Package(name, version, kind, path, _first_layer(fs, path, (name, version)), source))
    for path in paths:
        if _PY_META.search(path):
            kind, parse_one = "pypi", parse_python_metadata
        elif _NPM_PACKAGE.search(path):
            kind, parse_one = "npm", parse_package_json
        else:
            continue
        raw = fs.read(path)
        if raw is None:
            continue
        parsed = parse_one(_decode(raw))
        if parsed:
            found.add(Package(parsed[0], parsed[1], kind, path, fs.layer_of(path)))
        else:
            unparsed.append(path)
    unread = tuple(p for p in RPM_DBS if p in fs.entries)
    packages = found.packages
    packages.sort(key=lambda p: (p.type, p.name.lower(), p.version, p.path))
    return Inventory(distro, tuple(packages), unread, tuple(unparsed))
