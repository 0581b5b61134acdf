"""The layout is the architecture: every import points down, and no module imports itself round a cycle.

Layers, bottom up: knowledge (shared nouns, ingestion, index) -> assistant and its quiz (answering,
quiz building) -> eval (the harness) -> faces (web/, app.py, the CLI). A module may import its own
layer and those below, never above; the test reads the source with ast, function-level imports included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from knowledge.config import PROJECT_ROOT

PACKAGES = ("knowledge", "assistant", "eval", "web")
FACES = {"app", "assistant.cli", "assistant.quiz.command", "eval.command"}


def layer(module: str) -> int:
    """0 knowledge, 1 assistant (quiz included), 2 eval, 3 a face."""
    if module in FACES or module.split(".")[0] in ("web", "app"):
        return 3
    return {"knowledge": 0, "assistant": 1, "eval": 2}[module.split(".")[0]]


def module_files() -> dict[str, Path]:
    files = {"app": PROJECT_ROOT / "app.py"}
    for pkg in PACKAGES:
        for path in (PROJECT_ROOT / pkg).rglob("*.py"):
            parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            files[name] = path
    return files


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """Our modules that `module` imports anywhere in its file (a `from pkg import mod` names pkg.mod)."""
    out: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                out.add(name)
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    files = module_files()
    known = set(files)
    return {m: imports_of(m, p, known) for m, p in files.items()}


def test_every_import_points_down(graph: dict[str, set[str]]) -> None:
    upward = sorted(f"{m} -> {t}" for m, targets in graph.items() for t in targets
                    if layer(t) > layer(m) and not (m.startswith(t + ".") or t.startswith(m + ".")))
    assert upward == [], "imports pointing up a layer:\n" + "\n".join(upward)


def test_nothing_below_the_faces_imports_the_web_package(graph: dict[str, set[str]]) -> None:
    bad = sorted(f"{m} -> {t}" for m, ts in graph.items() for t in ts
                 if t.split(".")[0] == "web" and m.split(".")[0] != "web" and m != "app")
    assert bad == []


def test_no_import_cycle(graph: dict[str, set[str]]) -> None:
    # a package's __init__ that re-exports its own modules is not a cycle of logic: skip parent<->child edges
    edges = {m: {t for t in ts if not t.startswith(m + ".") and not m.startswith(t + ".")} for m, ts in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for t in sorted(edges.get(m, ())):
            if state.get(t) == 1:
                return stack[stack.index(t):] + [t]
            if t not in state and (cycle := visit(t)):
                return cycle
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(edges):
        if m not in state and (cycle := visit(m)):
            pytest.fail("import cycle: " + " -> ".join(cycle))


def test_the_walker_sees_an_upward_import(tmp_path: Path) -> None:
    """The rule can fail: a knowledge module importing the assistant is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from assistant.service import Assistant\n", encoding="utf-8")
    found = imports_of("knowledge.bad", bad, {"knowledge.bad", "assistant.service", "assistant"})
    assert found == {"assistant.service"} and layer("assistant.service") > layer("knowledge.bad")
