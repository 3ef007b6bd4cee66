"""The package's import graph keeps its shape: no cycles (imports inside functions and
under ``TYPE_CHECKING`` count: a cycle hidden in a function is still a knot), the core
never imports Qt, and the interface is entered from outside ``gui/`` at two named doors.

The graph is read from the sources (AST), not from ``sys.modules``, so an import that
runs only on one path (``map --out FILE.png``) is seen as well as one at the top.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import referentiel_desktop

PACKAGE = Path(referentiel_desktop.__file__).parent
ROOT = "referentiel_desktop"
QT = ("PySide6", "shiboken6")

KNOWN_CYCLES: list[frozenset[str]] = []
"""Cycles tolerated for now: none (the test below fails on a listed cycle that no longer
exists, so the list cannot go stale)."""

# The only imports of gui/ from outside it: the program's entry point opens the window,
# and the command line paints a map to PNG through one small Qt adapter, loaded only
# for ``map --out FILE.png``.
DOORS_INTO_GUI = {
    (f"{ROOT}.__main__", f"{ROOT}.gui.app"),
    (f"{ROOT}.cli.map_commands", f"{ROOT}.gui.map_png"),
}


def module_names(package_dir: Path) -> dict[str, Path]:
    """{dotted module name: source file} for every module under ``package_dir``."""
    base = package_dir.parent
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(base).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(name: str, path: Path, tree: ast.AST) -> Iterable[str]:
    """Every dotted name ``tree`` imports, anywhere in it; relative imports resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                base = node.module or ""
            yield base
            # ``from pkg import mod`` imports the module ``pkg.mod`` (and runs ``pkg``).
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(package_dir: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(edges between the package's modules, every outside name each module imports)."""
    modules = module_names(package_dir)
    inside: dict[str, set[str]] = {name: set() for name in modules}
    outside: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for target in _imported(name, path, tree):
            if target in modules:
                if target != name:
                    inside[name].add(target)
            elif target.split(".")[0] != package_dir.name:
                outside[name].add(target)
    return inside, outside


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def _in_gui(name: str) -> bool:
    return name == f"{ROOT}.gui" or name.startswith(f"{ROOT}.gui.")


def test_the_package_has_no_import_cycles() -> None:
    graph, _ = import_graph(PACKAGE)
    assert len(graph) > 100 and graph[f"{ROOT}.cli.map_commands"]
    found = cycles(graph)
    unexpected = [sorted(c) for c in found if c not in KNOWN_CYCLES]
    assert unexpected == []
    stale = [sorted(c) for c in KNOWN_CYCLES if c not in found]
    assert stale == [], "a known cycle is gone: remove it from KNOWN_CYCLES"


def test_nothing_outside_gui_imports_qt() -> None:
    _, outside = import_graph(PACKAGE)
    leaks = sorted(
        f"{name} imports {target}"
        for name, targets in outside.items()
        if not _in_gui(name)
        for target in targets
        if target.split(".")[0] in QT
    )
    assert leaks == []
    assert any(t.startswith("PySide6") for t in outside[f"{ROOT}.gui.map_png"])


def test_gui_is_entered_from_outside_only_at_its_two_doors() -> None:
    graph, _ = import_graph(PACKAGE)
    doors = {
        (name, target)
        for name, targets in graph.items()
        if not _in_gui(name)
        for target in targets
        if _in_gui(target)
    }
    assert doors == DOORS_INTO_GUI


def test_the_graph_sees_imports_in_functions_relative_ones_and_cycles(tmp_path: Path) -> None:
    package = tmp_path / "knot"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("from knot.inner import b\n")
    (package / "a.py").write_text("def later():\n    from .inner import b\n")
    (package / "inner" / "__init__.py").write_text("from .. import a\n")
    (package / "inner" / "b.py").write_text(
        "import os\nfrom typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ..a import later\n"
    )
    (package / "alone.py").write_text("import knot.a as a\n")
    graph, outside = import_graph(package)
    assert graph["knot.a"] == {"knot.inner", "knot.inner.b"}
    assert graph["knot.inner"] == {"knot", "knot.a"}
    assert graph["knot.inner.b"] == {"knot.a"}
    assert graph["knot.alone"] == {"knot.a"}
    assert outside["knot.inner.b"] == {"os", "typing", "typing.TYPE_CHECKING"}
    assert cycles(graph) == [frozenset({"knot", "knot.a", "knot.inner", "knot.inner.b"})]
