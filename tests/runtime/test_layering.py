"""The runtime's layering: imports flow one way, no circle, and `import course` loads no provider SDK.

Read from the source with `ast` (every import, at module level or inside a function; imports under
`if TYPE_CHECKING:` are for type checkers only and run nothing, so they are left out).
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import course
from course.beyond.programmatic import ProgrammaticAgent
from course.beyond.speculation import SpeculativeAgent

PACKAGE = Path(course.__file__).parent

# What each layer may import from the course (besides itself and the standard library).
BOTTOM = {"course.calls", "course.clock", "course.errors", "course.modes", "course.i18n"}
ALLOWED = {
    "course.messages": {"course.calls"},
    "course.models": BOTTOM | {"course.messages"},
    "course.offline": {"course.calls", "course.messages"},
    # the local server and its model: the Chat adapter and the SDKs' HTTP library, nothing above
    "course.local": BOTTOM | {"course.messages", "course.models", "course.offline"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    skipped: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(ast.walk(child))
    return skipped


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every course module `name` imports, with the packages whose __init__ that import runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            targets.add(target)
            targets.update(f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules)
        elif isinstance(node, ast.Import):
            targets.update(a.name for a in node.names)
    found = set()
    for target in targets:
        parts = target.split(".")
        for k in range(2, len(parts) + 1):  # course.models.scripted also runs course/models/__init__.py
            candidate = ".".join(parts[:k])
            if candidate in modules and candidate != name and not name.startswith(candidate + "."):
                found.add(candidate)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_the_runtime_has_no_import_circle():
    assert _cycles(_graph()) == []


def test_a_circle_would_be_found():
    graph = {"course.a": {"course.b"}, "course.b": {"course.c"}, "course.c": {"course.a"}, "course.d": set()}
    assert _cycles(graph) == [["course.a", "course.b", "course.c"]]


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer):
    wrong = {}
    for name, imported in _graph().items():
        if name == layer or name.startswith(layer + "."):
            outside = {m for m in imported if not (m == layer or m.startswith(layer + ".")) and m != "course"}
            above = {m for m in outside if not any(m == a or m.startswith(a + ".") for a in ALLOWED[layer])}
            if above:
                wrong[name] = sorted(above)
    assert wrong == {}, f"{layer} reaches above itself: {wrong}"


def test_the_runtime_never_imports_the_widgets():
    assert {n: sorted(i) for n, i in _graph().items() if any(m.startswith("widgets") for m in i)} == {}


def test_importing_the_course_loads_no_provider_sdk():
    code = ("import sys, course, widgets\n"
            "print(sorted(m for m in ('openai', 'anthropic', 'google.genai', 'httpx', 'httpx2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_agents_beyond_the_documents_are_the_one_agent_loop():
    assert issubclass(SpeculativeAgent, course.Agent) and issubclass(ProgrammaticAgent, course.Agent)
    for agent in (SpeculativeAgent, ProgrammaticAgent):
        assert "_ask" not in vars(agent) and "_deliverable" not in vars(agent)
