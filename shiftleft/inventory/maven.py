"""Maven ``pom.xml``: the dependencies a POM declares, at the versions it states itself.

What is read, and what is only listed:

* ``<dependencies>`` of the project and of its ``<profiles>``, with ``${property}``
  references resolved from the same file's ``<properties>`` and the built-in
  ``project.version`` / ``project.groupId`` / ``project.artifactId`` / ``project.parent.*``
  (``project.version`` falls back to the ``<parent>`` version written in the file);
* a dependency without ``<version>`` takes it from the same file's
  ``<dependencyManagement>``;
* a version that comes from elsewhere - a parent POM, a BOM import
  (``<scope>import</scope>``), a property the file does not define, ``settings.xml`` or the
  command line - and a version *range* are **not assessed**, with the reason: nothing is
  ever fetched from a repository and no parent is guessed;
* ``test``/``provided``/``system`` scopes are kept and marked (``Package.scope``);
* the project's own ``<licenses>`` are reported for the SBOM.

Transitive dependencies are only known after Maven resolves the graph (which needs the
repository): like a ``package.json`` without a lockfile, a POM gives its direct
declarations only.

The XML is hostile: it is parsed with ``defusedxml`` (no DTD at all, so no entity of any
kind, internal or external - a billion-laughs POM is refused before any expansion), within
bounds on size, element count and nesting depth, streaming (a bound stops the parse where
it is crossed, before the tree exists).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from shiftleft.inventory.model import Package, ParseResult, Unassessed
from shiftleft.inventory.text import ManifestError

ECO = "Maven"
#: a large real POM (a BOM of a big platform) is ~500 KB
MAX_POM_BYTES = 16 * 1024 * 1024
MAX_ELEMENTS = 200_000
#: a POM nests ~8 levels; plugin <configuration> blocks a few more
MAX_DEPTH = 100
#: property interpolation: rounds and the length of one value
MAX_ROUNDS = 10
#: parent POMs followed within the tree
MAX_PARENTS = 16
MAX_VALUE = 1024
_PROPERTY = re.compile(r"\$\{([^${}]{1,200})\}")
_RANGE = re.compile(r"[\[\](),]")
_SPECIAL_SCOPES = frozenset({"test", "provided", "system"})


@dataclass
class _Node:
    tag: str
    line: int
    text: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def child(self, tag: str) -> _Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[_Node]:
        return [c for c in self.children if c.tag == tag]

    def value(self, tag: str) -> str | None:
        node = self.child(tag)
        if node is None:
            return None
        text = "".join(node.text).strip()
        return text or None


class _Builder:
    """ElementTree parser target building a bounded tree of ``_Node`` with line numbers."""

    def __init__(self) -> None:
        self.parser: DefusedXMLParser | None = None
        self.stack: list[_Node] = []
        self.root: _Node | None = None
        self.count = 0

    def start(self, tag: str, attrs: object) -> None:
        self.count += 1
        if self.count > MAX_ELEMENTS:
            raise ManifestError(f"more than {MAX_ELEMENTS} XML elements; refused")
        if len(self.stack) >= MAX_DEPTH:
            raise ManifestError(f"XML nested deeper than {MAX_DEPTH} levels; refused")
        expat = getattr(self.parser, "parser", None)  # the pure-Python XMLParser's expat parser
        line = getattr(expat, "CurrentLineNumber", 1)
        node = _Node(tag.rpartition("}")[2], int(line))
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def end(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def data(self, text: str) -> None:
        if self.stack and len(self.stack[-1].children) == 0:
            self.stack[-1].text.append(text)

    def close(self) -> _Node | None:
        return self.root


def read_xml(text: str) -> _Node:
    """The document's element tree; ManifestError for anything refused or malformed."""
    if len(text) > MAX_POM_BYTES:
        raise ManifestError(f"larger than {MAX_POM_BYTES // (1024 * 1024)} MB; refused")
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    except DefusedXmlException as exc:
        raise ManifestError(f"XML with a DTD or entity declarations ({type(exc).__name__}); refused") from None
    except SyntaxError as exc:  # ElementTree's ParseError (defusedxml's copy is a SyntaxError too)
        raise ManifestError(f"not well-formed XML ({str(exc)[:120]})") from None
    if not isinstance(root, _Node):
        raise ManifestError("no XML root element")
    return root


@dataclass(frozen=True)
class _Dep:
    group: str | None
    artifact: str | None
    version: str | None
    scope: str | None
    type: str
    classifier: str
    line: int
    version_line: int | None


def _deps(parent: _Node | None) -> list[_Dep]:
    out: list[_Dep] = []
    if parent is None:
        return out
    for dep in parent.all("dependency"):
        version_node = dep.child("version")
        out.append(
            _Dep(
                dep.value("groupId"),
                dep.value("artifactId"),
                dep.value("version"),
                dep.value("scope"),
                dep.value("type") or "jar",
                dep.value("classifier") or "",
                dep.line,
                version_node.line if version_node is not None else None,
            )
        )
    return out


def interpolate(value: str, props: dict[str, str]) -> str:
    """``${name}`` replaced from ``props``, a bounded number of rounds, each value capped
    (a property defined by itself, or doubling at every round, stops there)."""
    for _ in range(MAX_ROUNDS):
        replaced = _PROPERTY.sub(lambda m: props.get(m.group(1).strip(), m.group(0)), value)
        if len(replaced) > MAX_VALUE:
            return value
        if replaced == value:
            break
        value = replaced
    return value


def _properties(root: _Node) -> dict[str, str]:
    props = _own_properties(root)
    parent = root.child("parent")
    builtin = {
        "groupId": root.value("groupId") or (parent.value("groupId") if parent else None),
        "artifactId": root.value("artifactId"),
        "version": root.value("version") or (parent.value("version") if parent else None),
    }
    for key, value in builtin.items():
        if value:
            props[f"project.{key}"] = value
            props[f"pom.{key}"] = value
            props.setdefault(key, value)
    if parent is not None:
        for key in ("groupId", "artifactId", "version"):
            value = parent.value(key)
            if value:
                props[f"project.parent.{key}"] = value
                props[f"parent.{key}"] = value
    return props


def _coordinates(dep: _Dep, props: dict[str, str]) -> tuple[str, str] | None:
    if not dep.group or not dep.artifact:
        return None
    return interpolate(dep.group, props), interpolate(dep.artifact, props)


def _unresolved(value: str) -> list[str]:
    return [m.group(1) for m in _PROPERTY.finditer(value)]


def _outside(parent: _Node | None, boms: list[str]) -> str:
    """Where a version not in the files read comes from: a parent outside the tree, BOMs."""
    where: list[str] = []
    if parent is not None:
        coords = ":".join(v for v in (parent.value(k) for k in ("groupId", "artifactId", "version")) if v)
        where.append(f"parent POM {coords or '(unnamed)'}")
    if boms:
        where.append(f"BOM import {', '.join(boms[:3])}{' ...' if len(boms) > 3 else ''}")
    return " or ".join(where)


def read_pom(text: str) -> _Node:
    """The ``<project>`` element of a POM; ManifestError when it is not one."""
    root = read_xml(text)
    if root.tag != "project":
        raise ManifestError(f"root element is <{root.tag[:40]}>, not <project>: not a Maven POM")
    return root


def parse_pom(manifest: str, text: str) -> ParseResult:
    """One POM on its own (``resolve_tree`` redoes it with the parent POMs of the tree)."""
    return resolve_pom(manifest, read_pom(text), ())


def _own_properties(root: _Node) -> dict[str, str]:
    """A POM's ``<properties>``; a value longer than MAX_VALUE is left out (a reference to it
    stays unresolved), so no interpolation ever copies a huge value."""
    props: dict[str, str] = {}
    node = root.child("properties")
    for prop in node.children if node is not None else []:
        value = "".join(prop.text).strip()
        if len(value) <= MAX_VALUE:
            props.setdefault(prop.tag, value)
    return props


def resolve_pom(manifest: str, root: _Node, ancestors: Sequence[tuple[str, _Node]]) -> ParseResult:
    """A POM's declared dependencies, with versions from its own file and from the parent
    POMs of the tree (``ancestors``: nearest first), which Maven merges into it: their
    ``<properties>`` and ``<dependencyManagement>``, the child's own winning."""
    props: dict[str, str] = {}
    for _, ancestor in reversed(ancestors):
        props.update(_own_properties(ancestor))
    props.update(_properties(root))
    chain = [root, *(a for _, a in ancestors)]
    outside = chain[-1].child("parent")  # the first parent that is not in the tree
    where = "this file" if not ancestors else f"this file or its parent POM(s) {', '.join(m for m, _ in ancestors)}"
    managed: dict[tuple[str, str, str, str], tuple[_Dep, bool]] = {}  # the entry, and whether it is in this file
    boms: list[str] = []
    for pom in chain:
        mgmt = pom.child("dependencyManagement")
        for dep in _deps(mgmt.child("dependencies") if mgmt is not None else None):
            coords = _coordinates(dep, props)
            if coords is None:
                continue
            if dep.scope == "import":
                boms.append(":".join((*coords, interpolate(dep.version or "?", props))))
                continue
            managed.setdefault((*coords, dep.type, dep.classifier), (dep, pom is root))
    declared = _deps(root.child("dependencies"))
    profiles = root.child("profiles")
    for profile in profiles.all("profile") if profiles is not None else []:
        declared += _deps(profile.child("dependencies"))
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    seen: set[tuple[str, str, str | None]] = set()
    for dep in declared:
        coords = _coordinates(dep, props)
        if coords is None:
            continue
        name = f"{coords[0]}:{coords[1]}"
        source, here = dep, True
        if dep.version is None:
            source, here = managed.get((*coords, dep.type, dep.classifier), (dep, True))
        scope = dep.scope or source.scope
        # the line of the version in this file; a version managed in a parent file: the declaration
        line = dep.version_line or (source.version_line if here else None) or dep.line
        raw = source.version
        if raw is None:
            why = _outside(outside, boms)
            reason = (
                f"no version in {where}: it comes from the {why}, which is not fetched" if why
                else f"no version declared and none managed in {where}"
            )  # fmt: skip
            unassessed.append(Unassessed(name, None, ECO, manifest, line, reason))
            continue
        version = interpolate(raw, props)
        missing = _unresolved(version)
        if missing:
            reason = (f"version {raw[:80]!r} uses property ${{{missing[0][:80]}}}, not defined in {where} "
                      "(a parent POM outside the tree, settings or the command line): not fetched")  # fmt: skip
            unassessed.append(Unassessed(name, None, ECO, manifest, line, reason, requirement=raw))
            continue
        if _RANGE.search(version) or not version:
            reason = f"version range {version[:80]!r}: the version Maven picks is only known after resolution"
            unassessed.append(Unassessed(name, None, ECO, manifest, line, reason, requirement=version))
            continue
        key = (name, version, scope)
        if key in seen:
            continue
        seen.add(key)
        marked = scope if scope in _SPECIAL_SCOPES else None
        packages.append(Package.create(name, version, ECO, manifest, line, scope=marked))
    return ParseResult(tuple(packages), tuple(unassessed), project_licenses=_licenses(manifest, root))


def _parent_path(manifest: str, parent: _Node) -> str | None:
    """The tree path ``<parent>`` points at (``relativePath``, by default ``../pom.xml``), or
    None: an empty ``<relativePath/>`` (repository only) or a path leaving the tree."""
    node = parent.child("relativePath")
    rel = "../pom.xml" if node is None else "".join(node.text).strip()
    if not rel or rel.startswith("/") or "\\" in rel:
        return None
    if not rel.endswith(".xml"):
        rel = f"{rel.rstrip('/')}/pom.xml"
    path = posixpath.normpath(posixpath.join(posixpath.dirname(manifest), rel))
    return None if path.startswith("../") or path == ".." else path


def _coordinates_of(root: _Node) -> tuple[str | None, str | None, str | None]:
    props = _properties(root)
    parent = root.child("parent")
    group = root.value("groupId") or (parent.value("groupId") if parent is not None else None)
    version = root.value("version") or (parent.value("version") if parent is not None else None)
    return tuple(interpolate(v, props) if v else None for v in (group, root.value("artifactId"), version))  # type: ignore[return-value]


def _ancestors(manifest: str, root: _Node, poms: Mapping[str, _Node]) -> list[tuple[str, _Node]]:
    """The chain of parent POMs found in the tree whose coordinates match what ``<parent>``
    names (Maven's own check), nearest first; bounded and cycle-free."""
    chain: list[tuple[str, _Node]] = []
    seen = {manifest}
    current_path, current = manifest, root
    for _ in range(MAX_PARENTS):
        parent = current.child("parent")
        if parent is None:
            break
        path = _parent_path(current_path, parent)
        if path is None or path in seen or path not in poms:
            break
        wanted = tuple(parent.value(k) for k in ("groupId", "artifactId", "version"))
        if _coordinates_of(poms[path]) != wanted:
            break
        chain.append((path, poms[path]))
        seen.add(path)
        current_path, current = path, poms[path]
    return chain


def resolve_tree(texts: Mapping[str, str]) -> dict[str, ParseResult]:
    """POMs of one tree (path -> text) whose parent POM is in the tree, resolved with it:
    a multi-module project's modules take versions from their parent's properties and
    dependencyManagement. POMs without such a parent are not in the answer."""
    poms: dict[str, _Node] = {}
    for path, text in texts.items():
        try:
            poms[path] = read_pom(text)
        except ManifestError:
            continue
    out: dict[str, ParseResult] = {}
    for path, root in poms.items():
        chain = _ancestors(path, root, poms)
        if chain:
            out[path] = resolve_pom(path, root, chain)
    return out


def _licenses(manifest: str, root: _Node) -> tuple[tuple[str, str], ...]:
    node = root.child("licenses")
    out: list[tuple[str, str]] = []
    for lic in node.all("license") if node is not None else []:
        name = lic.value("name") or lic.value("url")
        if name:
            out.append((manifest, name[:200]))
    return tuple(out[:20])
