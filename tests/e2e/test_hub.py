"""The course on a real JupyterHub: two learners rehearse lesson 1 through a hub on this machine.

scripts/classroom/hub.py starts JupyterHub (simple local spawner, dummy authenticator, the Python
configurable-http-proxy) with nbgitpuller serving this repository; scripts/classroom/rehearsal.py
sends learners through it over HTTP and the kernel protocol, as hubtraf does. What is checked
here are facts (every cell ran, every click redrew, every learner's files are theirs, every
process stopped, nothing listened beyond loopback); the times are measured in bench/hub.py.
Skips where JupyterHub is not installed (`pip install -e '.[hub]'`), unless REQUIRE_BROWSER=1 (CI),
where it fails instead (the `needs` fixture of tests/e2e/conftest.py).
"""
from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import pytest

from scripts.classroom import hub as classroom
from scripts.classroom import rehearsal

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts" / "classroom"

pytestmark = pytest.mark.classroom


@pytest.fixture(scope="module")
def hub_installed(needs: Callable[..., None]) -> None:
    """JupyterHub and the rest of the `hub` extra, or skip (fail when REQUIRE_BROWSER=1)."""
    absent = classroom.missing()
    if absent:
        needs(f"{', '.join(absent)} (pip install -c constraints.txt -e '.[hub]')")


@pytest.fixture(scope="module")
def room(hub_installed: None, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Two learners through lesson 1 at once; then the hub is stopped. What we saw, before and after."""
    import psutil

    folder = tmp_path_factory.mktemp("classroom")
    hub = classroom.Hub(folder=folder)
    seen: dict = {"hub": hub}
    try:
        hub.start()
        seen["report"] = rehearsal.rehearse(2, hub=hub)
        family = hub.processes()
        seen["pids"] = {p.pid: " ".join(p.cmdline()[:3]) for p in family}
        seen["listening"] = {(c.laddr.ip, c.laddr.port) for p in family
                             for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}
    finally:
        hub.stop()
    seen["alive"] = {pid: cmd for pid, cmd in seen.get("pids", {}).items()
                     if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE}
    return seen


def test_two_learners_run_every_cell_of_lesson_one_and_click_the_playground(room: dict) -> None:
    report = room["report"]
    for me in report["per_learner"]:
        assert me["error"] == "" and me["failed_cells"] == [], me
        assert me["cells"] > 10 and me["first_chart_s"] is not None
        assert me["toggles_redrawn"] == len(me["toggles_s"]) == len(rehearsal.MODES)
    assert report["ok"] == 2 and report["failed_cells"] == 0
    assert report["peak_mib_per_learner"] > 0 and report["cpu_s_per_learner"] > 0


def test_every_learner_keeps_their_own_notebook_and_progress_file(room: dict) -> None:
    hub = room["hub"]
    for name in ("learner01", "learner02"):
        home = hub.home(name)
        notebook = json.loads((home / classroom.REPO_NAME / rehearsal.LESSON).read_text())
        sources = ["".join(c["source"]) for c in notebook["cells"]]
        assert rehearsal.own_cell(name, rehearsal.LESSON) in sources
        assert not any("was here" in s and name not in s for s in sources), "another learner's cell"
        outputs = [o for c in notebook["cells"] for o in c.get("outputs", [])]
        assert any("image/png" in o.get("data", {}) for o in outputs), "the charts were not saved"
        assert not any(o["output_type"] == "error" for o in outputs)
        progress = json.loads((home / ".parallel-tool-course" / "progress.json").read_text())
        assert "01.quiz" in progress["exercises"]  # the quiz they answered in their own cell
    assert room["report"]["per_learner"][0]["edit_kept"] and room["report"]["per_learner"][1]["edit_kept"]


def test_stopping_the_hub_stops_every_process_it_started(room: dict) -> None:
    commands = " ".join(room["pids"].values())
    assert "jupyterhub" in commands and "configurable-http-proxy" in commands
    assert "jupyterhub-singleuser" in commands and "ipykernel" in commands
    assert len(room["pids"]) >= 6  # hub, proxy, and a server and a kernel per learner
    assert room["alive"] == {}


def test_the_hub_listens_on_loopback_only(room: dict) -> None:
    assert room["listening"], "nothing was listening?"
    assert {ip for ip, _ in room["listening"]} <= {"127.0.0.1"}, room["listening"]


def test_the_link_pulls_this_repository_at_its_checked_out_commit(hub_installed: None, tmp_path: Path) -> None:
    repo, branch, commit = classroom.serve_lessons(tmp_path / classroom.REPO_NAME)
    assert commit == classroom.git("rev-parse", "HEAD", cwd=ROOT)
    assert classroom.git("rev-parse", f"refs/heads/{branch}", cwd=tmp_path / classroom.REPO_NAME) == commit
    link = classroom.pull_link("http://127.0.0.1:8000", repo, branch, "lessons/01_concepts.ipynb")
    parts = urlsplit(link)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert parts.path == "/hub/user-redirect/git-pull"
    assert query == {"repo": repo, "branch": branch,
                     "urlpath": f"lab/tree/{classroom.REPO_NAME}/lessons/01_concepts.ipynb"}
    assert repo.startswith("file://")


def test_the_classroom_command_prints_the_link_and_stops_cleanly(hub_installed: None, tmp_path: Path) -> None:
    """What `make classroom` runs: it prints a working link, and Ctrl-C (SIGINT) stops everything."""
    port = classroom.free_port()
    proc = subprocess.Popen([sys.executable, str(SCRIPTS / "hub.py"), "--port", str(port), "--password", "pw"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    printed = ""
    try:
        deadline = time.monotonic() + 120
        while "Ctrl-C" not in printed and time.monotonic() < deadline and proc.poll() is None:
            printed += proc.stdout.readline()
        link = re.search(r"^\s+(http://127\.0\.0\.1:\d+/hub/user-redirect/git-pull\?\S+)$", printed, re.M)
        assert link, printed
        assert link.group(1).startswith(f"http://127.0.0.1:{port}/") and "password pw" in printed
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/hub/login", timeout=30) as reply:
            assert reply.status == 200
        folder = Path(re.search(r"Homes and state: (\S+)", printed).group(1))
        assert folder.is_dir()
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, printed + out
    assert not folder.exists(), "the temporary folder outlived the hub"


def test_make_classroom_runs_the_hub_script() -> None:
    dry = subprocess.run(["make", "-n", "classroom"], cwd=ROOT, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert "scripts/classroom/hub.py" in dry.stdout


def test_p95_is_the_nearest_rank_and_binary_frames_decode() -> None:
    assert rehearsal.p95([1.0]) == 1.0
    assert rehearsal.p95([float(i) for i in range(1, 21)]) == 19.0
    assert rehearsal.p95([float(i) for i in range(1, 101)]) == 95.0
    body = json.dumps({"header": {"msg_type": "comm_msg"}}).encode()
    frame = (2).to_bytes(4, "big") + (12).to_bytes(4, "big") + (12 + len(body)).to_bytes(4, "big") + body + b"PNG"
    msg = rehearsal._decode(frame)
    assert msg["header"]["msg_type"] == "comm_msg" and msg["buffers"] == [b"PNG"]


def test_the_bench_table_renders_the_rehearsal_and_replaces_only_its_section(room: dict, tmp_path: Path) -> None:
    from bench import hub as bench_hub

    report = room["report"]
    res = {"meta": {"date": "today", "python": "3", "system": "Linux", "cpus": 2, "limit_s": 30.0},
           "rows": [report], "sizing": bench_hub.sizing([report])}
    sizing = res["sizing"][rehearsal.LESSON]
    assert sizing["peak_mib_per_learner"] == report["peak_mib_per_learner"] > 0
    assert sizing["learners_per_gib"] == round(1024 / report["peak_mib_per_learner"], 1)
    (tmp_path / "results.md").write_text(f"# Benchmark results\n\nbefore\n\n{bench_hub.BEGIN}\nold\n{bench_hub.END}\nafter\n")
    (tmp_path / "results.json").write_text('{"scheduling": {}}')
    bench_hub.write(res, tmp_path)
    text = (tmp_path / "results.md").read_text()
    assert "before" in text and text.endswith(f"{bench_hub.END}\nafter\n") and "\nold\n" not in text
    assert "| 1 | 2 | 2/2 |" in text
    assert set(json.loads((tmp_path / "results.json").read_text())) == {"scheduling", "hub"}
