"""The package's shape (issue #15): no import circle, no module over 600 lines, few loose modules.

Read from the source with ``ast`` (every import counts: lazy ones inside functions and
``TYPE_CHECKING`` ones too), so a move that breaks a rule fails here, not in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "gui"
MAX_LINES = 600
MAX_LOOSE = 7  # modules at gui/'s top besides __init__


def _modules() -> dict[str, Path]:
    found = {}
    for path in GUI.rglob("*.py"):
        parts = path.relative_to(GUI.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    def owner(dotted: str) -> str:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted

    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    edges = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            edges |= {owner(a.name) for a in node.names if a.name.startswith("gui")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            if base.startswith("gui"):
                edges |= {owner(f"{base}.{a.name}") for a in node.names}
    # Importing a module imports its packages first: that is not an edge back.
    return {e for e in edges if e and e != name and not name.startswith(e + ".")}


def test_no_import_circle() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_no_module_over_600_lines() -> None:
    long = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_at_most_seven_loose_modules_at_the_top() -> None:
    loose = sorted(p.name for p in GUI.glob("*.py") if p.name != "__init__.py")
    assert len(loose) <= MAX_LOOSE, loose
