"""The import graph points one way (docs/architecture.md).

Every module of ``shiftleft`` is read with ``ast`` (imports inside functions and under
``TYPE_CHECKING`` count: a lazy import is still a dependency) and each import is checked
against ``LAYERS``: a module may import its own layer and the layers below it, never one
above. Separately, the packages (``shiftleft.<name>``) must form no cycle, whatever the
layers say. Adding a module means adding it to a layer here: a module in no layer fails.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "shiftleft"

#: bottom first; each entry a module or a package (its submodules included). The most
#: specific entry decides (``report.cli`` is in the cli layer, ``report`` in report).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("records", ("__init__", "model", "errors", "slots")),
    ("basics", ("severity", "resources", "globs", "safe_text", "yaml_lines", "file_errors", "paths", "sqlite_safe",
                "isotime", "jsoncase")),
    ("process", ("process", "tools", "gitinfo", "provenance")),
    ("config/target", ("config", "target", "ci_init")),
    ("sarif", ("sarif", "findings")),
    ("advisories", ("advisories",)),
    ("inventory", ("inventory",)),
    ("image", ("image",)),
    ("imports", ("imports",)),
    ("scanners", ("scanners",)),
    ("imports", ("imports",)),
    ("pipeline", ("pipeline",)),
    ("policy/gate", ("policy", "repo_config")),
    ("scorecard", ("scorecard",)),
    ("history", ("history",)),
    ("report", ("report",)),
    ("audit", ("audit", "audit_index", "attest")),
    ("scan", ("scan", "hook")),
    ("cli", ("cli", "cli_common", "cli_choices", "cli_progress", "audit_cli", "advisories_cli", "tools_cli",
             "report.cli", "hook_cli", "entry", "container_entry", "init_cli", "__main__")),
)

#: (importer, imported) module edges allowed against the layer order, each with why.
#: Empty: every upward import was fixed by moving code.
KNOWN_EXCEPTIONS: frozenset[tuple[str, str]] = frozenset()


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "rules" in path.relative_to(PACKAGE).parts:
            continue
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)
        yield name, path


def imports(path: Path, name: str) -> set[str]:
    """The shiftleft modules (dotted, without ``shiftleft.``) that ``path`` imports."""
    found: set[str] = set()
    package = name.split(".")[:-1] if not path.name == "__init__.py" else name.split(".")
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("shiftleft.")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(["shiftleft", *package[: len(package) - node.level + 1]])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module == "shiftleft" or module.startswith("shiftleft."):
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names}
    known = {n for n, _ in modules()}
    out = set()
    for dotted in found:
        rel = dotted.removeprefix("shiftleft").lstrip(".") or "__init__"
        while rel not in known and "." in rel:
            rel = rel.rsplit(".", 1)[0]  # from shiftleft.x import name: the module is x
        if rel in known:
            out.add(rel)
    return out


def layer_of(module: str) -> int:
    best, depth = -1, -1
    for index, (_, members) in enumerate(LAYERS):
        for member in members:
            if (module == member or module.startswith(member + ".")) and member.count(".") > depth:
                best, depth = index, member.count(".")
    assert best >= 0, f"shiftleft.{module} is in no layer: add it to LAYERS (and docs/architecture.md)"
    return best


def graph() -> dict[str, set[str]]:
    return {name: imports(path, name) - {name} for name, path in modules()}


def test_no_upward_import() -> None:
    upward = [
        f"shiftleft.{a} ({LAYERS[layer_of(a)][0]}) imports shiftleft.{b} ({LAYERS[layer_of(b)][0]})"
        for a, targets in graph().items()
        for b in sorted(targets)
        if layer_of(b) > layer_of(a) and (a, b) not in KNOWN_EXCEPTIONS
    ]
    assert not upward, "upward imports:\n" + "\n".join(upward)


def package_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return cycles


def test_no_package_cycle() -> None:
    edges: dict[str, set[str]] = {}
    for a, targets in graph().items():
        top = a.split(".")[0]
        edges.setdefault(top, set()).update(b.split(".")[0] for b in targets if b.split(".")[0] != top)
    assert package_cycles(edges) == []


def test_the_check_can_fail() -> None:
    assert package_cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    assert layer_of("report.cli") > layer_of("report") > layer_of("model")


def test_the_plugin_api_stays_in_scanners_base() -> None:
    """Third-party scanners import these from ``shiftleft.scanners.base``; shiftleft itself
    imports them from their homes (model, process), checked by the layer test above."""
    from shiftleft import model, process
    from shiftleft.scanners import base

    assert base.ScanContext is model.ScanContext and base.ScanTarget is model.ScanTarget
    assert base.ToolError is process.ToolError and base.run_tool is process.run_tool
    assert base.find_executable is process.find_executable
    assert issubclass(base.NotApplicable, Exception) and isinstance(base.Scanner, type)
