"""The course installs the ways a classroom needs: Binder/JupyterHub, and offline from a wheelhouse.

Both installs run in fresh virtual environments with the package index made unreachable, from
a wheelhouse that scripts/classroom/build_wheelhouse.py repacks from the environment running
these tests (the exact tested versions, for this Python and platform).
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "classroom" / "build_wheelhouse.py"
PROJECT = "parallel-tool-calling-course"
UNREACHABLE_INDEX = "http://127.0.0.1:9/simple"  # the discard port: connection refused at once

# The Binder environment adds the `classroom` extra (Voilà); to repack it, this environment needs it too.
HAVE_CLASSROOM = importlib.util.find_spec("voila") is not None
EXTRAS = "[classroom]" if HAVE_CLASSROOM else ""

pytestmark = pytest.mark.classroom


def offline_env() -> dict[str, str]:
    """This environment minus any pip settings, with the index pointed at nowhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTHONPATH"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL=UNREACHABLE_INDEX, PIP_RETRIES="0",
               PIP_TIMEOUT="2", PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
               HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9")
    return env


def sh(cmd: list[str], cwd: Path | None = None, timeout: float = 300) -> str:
    """Run a command offline; fail the test with its output if it fails."""
    done = subprocess.run(cmd, cwd=cwd, env=offline_env(), capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done.stdout


def fresh_venv(where: Path) -> Path:
    """A new virtual environment (with the pip bundled in Python, no download); its python."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, timeout=120)
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    assert python.exists()
    return python


def checkout_copy(dest: Path) -> Path:
    """The files a fresh clone has that an install reads (so builds never write into the repo)."""
    dest.mkdir()
    for name in ("pyproject.toml", "README.md", "constraints.txt", "course", "widgets", "binder"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheelhouse for this Python, built by the classroom script in its no-network mode."""
    dest = tmp_path_factory.mktemp("wheelhouse")
    done = subprocess.run([sys.executable, str(SCRIPT), "--from-installed", "--dest", str(dest),
                           f"--extras={EXTRAS}"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert list(dest.glob("parallel_tool_calling_course-*.whl")), "the course's own wheel is missing"
    return dest


def pinned_versions() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return pins


def installed_versions(python: Path) -> dict[str, str]:
    out = sh([str(python), "-c", "import importlib.metadata as m\n"
              "for d in m.distributions(): print(d.metadata['Name'], d.version)"])
    return {re.sub(r"[-_.]+", "-", n).lower(): v for n, v in (line.split() for line in out.splitlines())}


SMOKE = """
import course, widgets
from course import ToolCall
@course.tool(latency=1.0)
async def read_file(path: str) -> str:
    return path
calls = [ToolCall(id=f"c{i}", name="read_file", arguments={"path": str(i)}) for i in range(3)]
model = course.ScriptedModel(plan=[calls], final="done", latency=0.5)
for mode in ("one-at-a-time", "all"):
    trace = course.Agent(model=model, tools=[read_file], mode=mode).run_sync("go")
    print(mode, trace.makespan, trace.llm_calls)
"""


def test_wheelhouse_install_works_with_no_index_reachable(wheelhouse: Path, tmp_path: Path):
    """The README's offline command, in a fresh environment, with the index unreachable."""
    python = fresh_venv(tmp_path / "env")
    sh([str(python), "-m", "pip", "install", "--no-index", "--find-links", str(wheelhouse), PROJECT])
    assert sh([str(python), "-c", SMOKE], cwd=tmp_path).split("\n")[:2] == [
        "one-at-a-time 5.0 4", "all 2.0 2"]
    # The widgets' JupyterLab extension came along, so widgets render in that lab.
    prefix = python.parent.parent
    assert (prefix / "share/jupyter/labextensions/@jupyter-widgets/jupyterlab-manager/package.json").exists()
    sh([str(python), "-m", "jupyterlab", "--version"])


def test_binder_environment_installs_only_tested_versions(wheelhouse: Path, tmp_path: Path, needs):
    """repo2docker's step for binder/requirements.txt, run from a fresh checkout, then import."""
    if not HAVE_CLASSROOM:
        needs("the classroom extra here (pip install -c constraints.txt -e '.[test,classroom]')")
    checkout = checkout_copy(tmp_path / "repo")
    python = fresh_venv(tmp_path / "env")
    # repo2docker runs: pip install --no-cache-dir -r binder/requirements.txt (in the repo root);
    # here the wheelhouse stands in for the index.
    sh([str(python), "-m", "pip", "install", "--no-cache-dir", "--no-index", "--find-links",
        str(wheelhouse), "-r", "binder/requirements.txt"], cwd=checkout)
    sh([str(python), "-c", "import course, widgets, voila, jupyterlab, ipywidgets"], cwd=tmp_path)
    pins = pinned_versions()
    installed = installed_versions(python)
    tooling = {"pip", "setuptools", "wheel", PROJECT}
    untested = {name: version for name, version in installed.items()
                if name not in tooling and pins.get(name) != version}
    assert untested == {}, f"installed but not at a version constraints.txt pins: {untested}"


def test_binder_files_are_what_repo2docker_expects():
    binder = ROOT / "binder"
    assert sorted(p.name for p in binder.iterdir()) == ["requirements.txt", "runtime.txt"], \
        "another environment file (environment.yml, Pipfile...) would make repo2docker ignore requirements.txt"
    lines = [line.split("#", 1)[0].strip() for line in (binder / "requirements.txt").read_text().splitlines()]
    assert [line for line in lines if line] == ["-c ../constraints.txt", ".[classroom]"]
    runtime = (binder / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-3\.(\d+)", runtime)
    assert match, runtime
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.11" and int(match.group(1)) >= 11
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert "classroom" in extras


def test_wheelhouse_script_names_every_supported_python_and_platform():
    help_text = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True,
                               text=True, check=True).stdout
    for word in ("--from-installed", "--platform", "windows-amd64", "macos-arm64", "linux-x86_64"):
        assert word in help_text
    source = SCRIPT.read_text()
    assert 'PYTHONS = ("3.11", "3.12", "3.13")' in source
