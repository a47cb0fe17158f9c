"""What pyproject.toml declares is what the course imports, and constraints.txt pins all of it.

An import that works only because some other package happens to bring it (lesson 3's
`nest_asyncio2`, which ipykernel 7 brings and ipykernel 6 does not) breaks on the next image;
a declared package nothing imports is one more thing to install, pin and keep current.
"""
from __future__ import annotations

import ast
import json
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Declared, used, and never imported by name: each is run as a program or found at run time.
NOT_IMPORTED = {
    "jupyterlab": "`make lab` runs it",
    "nbval": "`make test` runs the notebooks under it (pytest --nbval)",
    "httpx2": "course.offline.common.sdk_http() finds it under the SDKs' clients",
}
OWN = {"course", "widgets", "shop"}  # the package itself, and lesson 7's sample project


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", Requirement(requirement).name).lower()


def _declared(*extras: str) -> set[str]:
    found = {_name(r) for r in PROJECT["dependencies"]}
    for extra in extras:
        found |= {_name(r) for r in PROJECT["optional-dependencies"][extra]}
    return found


def _sources() -> list[tuple[str, str]]:
    """(where, source) of every Python file of the runtime and every code cell of the lessons' source."""
    found = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
             for folder in ("course", "widgets") for p in sorted((ROOT / folder).rglob("*.py"))]
    for notebook in sorted((ROOT / "solutions").rglob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                lines = "".join(cell["source"]).splitlines()
                code = "\n".join(line for line in lines if not line.lstrip().startswith(("%", "!")))
                found.append((str(notebook.relative_to(ROOT)), code.replace("await ", "")))
    return found


def _imports() -> dict[str, set[str]]:
    """Top-level module -> where it is imported (absolute imports only, the standard library left out)."""
    found: dict[str, set[str]] = {}
    for where, source in _sources():
        for node in ast.walk(ast.parse(source)):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in OWN:
                    found.setdefault(top, set()).add(where)
    return found


def _pinned_exactly_by(dist: str, declared: set[str]) -> bool:
    """True when a declared package pins `dist` to one version (pydantic pins pydantic-core)."""
    for parent in declared:
        try:
            lines = requires(parent) or []
        except PackageNotFoundError:  # declared, not installed: the other tests say so
            continue
        for line in lines:
            req = Requirement(line)
            if _name(req.name) == dist and req.marker is None and str(req.specifier).startswith("=="):
                return True
    return False


def test_every_package_the_runtime_and_lessons_import_is_declared():
    # an optional feature's package may come with its extra (course/local/ imports xllamacpp: `local`)
    declared, owners = _declared(*PROJECT["optional-dependencies"]), packages_distributions()
    missing = {}
    for module, where in _imports().items():
        dists = {_name(d) for d in owners.get(module, [])}
        if not dists & declared and not any(_pinned_exactly_by(d, declared) for d in dists):
            missing[module] = sorted(where)
    assert not missing, f"imported but declared neither in pyproject.toml's dependencies nor in an extra: {missing}"


def test_every_declared_dependency_is_imported_or_run():
    owners = packages_distributions()
    imported = {_name(d) for module in _imports() for d in owners.get(module, [])}
    unused = _declared() - imported - set(NOT_IMPORTED)
    assert not unused, f"declared in pyproject.toml but nothing in course/, widgets/ or solutions/ imports: {unused}"


def test_lesson_three_imports_the_declared_fork_not_the_archived_original():
    declared = _declared()
    assert "nest-asyncio2" in declared and "nest-asyncio" not in declared
    assert "solutions/03_all.ipynb" in _imports()["nest_asyncio2"]
    assert "nest_asyncio" not in _imports()


def test_the_http_library_declared_is_the_one_the_offline_endpoints_use():
    from course.offline.common import sdk_http

    used = sdk_http().__name__
    other = ({"httpx", "httpx2"} - {used}).pop()
    assert used in _declared() and other not in _declared(), (used, other)


def test_constraints_pin_every_declared_package_within_its_range():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[_name(name)] = version
    outside = {}
    for extra in [None, *PROJECT["optional-dependencies"]]:
        for line in PROJECT["dependencies"] if extra is None else PROJECT["optional-dependencies"][extra]:
            req = Requirement(line)
            name = _name(req.name)
            if name not in pins or not req.specifier.contains(pins[name], prereleases=True):
                outside[line] = pins.get(name)
    assert not outside, f"constraints.txt pins these outside pyproject.toml's range (or not at all): {outside}"
