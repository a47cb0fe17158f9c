"""The coding sandbox of lesson 7, attacked: hard links, a folder swapped for a symlink mid-walk,
deleted links, over-long names, huge writes, backtracking searches, test runs that read the
learner's keys or leave processes behind, and two writes of one file at once."""
from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

import course
from course import ToolCall
from course.coding.sandbox import MAX_WRITE_BYTES, Sandbox, SandboxError
from course.coding.tools import coding_tools

KEY_VARIABLES = {"OPENAI_API_KEY": "sk-test-openai", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
                 "ANTHROPIC_API_KEY": "sk-ant-test", "GEMINI_API_KEY": "gm-test", "GOOGLE_API_KEY": "gg-test"}


def _folder(path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    return path


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the project, holding a secret the sandbox must never touch."""
    return _folder(tmp_path / "outside", {"secret.txt": "top secret"})


@pytest.fixture
def box(tmp_path: Path):
    with Sandbox(_folder(tmp_path / "src", {"notes.txt": "hello\n", "pkg/mod.py": "x = 1\n"})) as sb:
        yield sb


def _host_folders(sb: Sandbox) -> list[str]:
    return [str(sb.root), str(sb.root.parent)]


# ---- hard links ------------------------------------------------------------------------------
def test_a_hard_link_to_an_outside_file_is_not_read(box: Sandbox, outside: Path) -> None:
    try:
        os.link(outside / "secret.txt", box.root / "hard.txt")
    except OSError as exc:
        pytest.skip(f"cannot make a hard link here: {exc}")
    with pytest.raises(SandboxError, match="hard link"):
        box.read_text("hard.txt")
    tools = coding_tools(box)
    trace = course.execute([ToolCall("s", "search", {"pattern": "secret"}), ToolCall("b", "build", {})], tools=tools)
    assert "top secret" not in trace.result("s").output and trace.result("s").output.startswith("no match")


# ---- the check-then-use race -------------------------------------------------------------------
def test_swapping_a_folder_for_a_symlink_never_reads_or_writes_outside(tmp_path: Path, outside: Path) -> None:
    """A thread swaps folder d for a symlink to the outside folder thousands of times while the
    sandbox reads d/f.txt and writes d/w<i>.txt: nothing may come from, or land in, the outside."""
    (outside / "f.txt").write_text("OUTSIDE")
    with Sandbox(_folder(tmp_path / "race_src", {"d/f.txt": "inside"})) as sb:
        folder, saved = sb.root / "d", sb.root / "d_saved"
        stop, swaps = threading.Event(), [0]

        def restore() -> None:
            if folder.is_symlink():
                folder.unlink()
            if saved.is_dir():
                if folder.is_dir():
                    shutil.rmtree(folder)
                saved.rename(folder)

        def swapper() -> None:
            while not stop.is_set():
                try:
                    folder.rename(saved)
                    os.symlink(outside, folder)
                    swaps[0] += 1
                    time.sleep(0)  # let the sandbox run while d is a link to the outside...
                    folder.unlink()
                    saved.rename(folder)
                    time.sleep(0)  # ...and while it is the real folder again
                except OSError:
                    try:
                        restore()
                    except OSError:
                        pass

        counts = {"inside": 0, "outside": 0, "refused": 0}
        interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-6)  # switch threads as often as possible: the race is the point
        thread = threading.Thread(target=swapper, daemon=True)
        thread.start()
        try:
            i = 0
            while (swaps[0] < 3000 or i < 3000) and i < 200_000:  # the cap: never hang the suite
                i += 1
                try:
                    counts["outside" if sb.read_text("d/f.txt") == "OUTSIDE" else "inside"] += 1
                except SandboxError:
                    counts["refused"] += 1
                try:
                    sb.write_text(f"d/w{i}.txt", "x")
                except SandboxError:
                    pass
        finally:
            stop.set()
            thread.join()
            sys.setswitchinterval(interval)
        print(f"{swaps[0]} swaps, {i} reads and writes: {counts}; outside now holds {sorted(os.listdir(outside))}")
        assert swaps[0] >= 3000
        assert counts["outside"] == 0
        assert sorted(os.listdir(outside)) == ["f.txt", "secret.txt"]
        assert (outside / "f.txt").read_text() == "OUTSIDE"
        assert counts["inside"] > 0 and counts["refused"] > 0  # both states were met


# ---- deleting a link ---------------------------------------------------------------------------
def test_deleting_a_symlink_removes_the_link_not_its_target(box: Sandbox, outside: Path) -> None:
    os.symlink("notes.txt", box.root / "alias.txt")
    os.symlink(outside / "secret.txt", box.root / "out.txt")
    box.delete("alias.txt")
    box.delete("out.txt")
    assert not os.path.lexists(box.root / "alias.txt") and not os.path.lexists(box.root / "out.txt")
    assert box.read_text("notes.txt") == "hello\n"
    assert (outside / "secret.txt").read_text() == "top secret"


# ---- names too long ----------------------------------------------------------------------------
def test_an_over_long_path_is_refused_without_showing_the_host_path(box: Sandbox) -> None:
    path = "/".join(["b" * 250] * 16) + "/" + "c" * 60  # under 4096 characters, too long under the root
    assert len(path) < 4096
    trace = course.execute([ToolCall("w", "write_file", {"path": path, "content": "x"}),
                            ToolCall("r", "read_file", {"path": path})], tools=coding_tools(box))
    for result in trace.results:
        assert not result.ok and "too long" in result.error
        assert not any(folder in result.error for folder in _host_folders(box)), result.error
    assert box.list_dir() == ["notes.txt", "pkg/"]


# ---- write size -------------------------------------------------------------------------------
def test_a_write_over_the_size_limit_is_refused_and_changes_nothing(box: Sandbox) -> None:
    before = box.snapshot()
    with pytest.raises(SandboxError, match="write limit"):
        box.write_text("big.txt", "x" * (MAX_WRITE_BYTES + 1))
    trace = course.execute([ToolCall("w", "write_file", {"path": "notes.txt", "content": "é" * MAX_WRITE_BYTES})],
                           tools=coding_tools(box))
    assert "write limit" in trace.result("w").error  # bytes are counted, not characters
    assert box.snapshot() == before


# ---- search time ------------------------------------------------------------------------------
def test_a_backtracking_search_is_stopped_and_says_why(box: Sandbox) -> None:
    box.write_text("pkg/data.txt", "a" * 60 + "!\n")
    bad, good = ToolCall("s", "search", {"pattern": r"(a+)+$"}), ToolCall("ok", "search", {"pattern": r"x = \d"})
    trace = course.execute([bad, good], tools=coding_tools(box, search_timeout=0.5))
    assert "search stopped after 0.5 s" in trace.result("s").error and "nested repeats" in trace.result("s").error
    assert [r.call_id for r in trace.results] == ["s", "ok"]  # the sibling is answered, however loaded the machine
    # the sane pattern's own answer, with a limit no loaded machine reaches just starting the matching process
    calm = course.execute([good], tools=coding_tools(box, search_timeout=60.0))
    assert calm.result("ok").output == "pkg/mod.py:1: x = 1"


# ---- commands: environment and process group ----------------------------------------------------
def test_commands_get_no_api_key_of_any_provider(box: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in KEY_VARIABLES.items():
        monkeypatch.setenv(name, value)
    done = box.python("-c", "import json, os; print(json.dumps(dict(os.environ)))")
    env = json.loads(done.output)
    assert not [k for k in env if k.startswith(("OPENAI_", "ANTHROPIC_", "GEMINI_", "GOOGLE_"))]
    assert env["HOME"] == "." or not env["HOME"].startswith(str(Path.home()))


def test_run_tests_cannot_print_the_learners_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in KEY_VARIABLES.items():
        monkeypatch.setenv(name, value)
    with Sandbox() as sb:
        sb.write_text("checks/check_env.py", "import os\n\ndef test_env():\n    assert False, dict(os.environ)\n")
        output = course.execute([ToolCall("t", "run_tests", {})], tools=coding_tools(sb)).result("t").output
        assert output.startswith("tests failed") and "check_env.py" in output
        assert not any(value in output or name in output for name, value in KEY_VARIABLES.items())


def _alive(pid: int) -> bool:
    """True while a process exists and is not a zombie (Linux /proc)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _wait_until_dead(pid: int) -> bool:
    done = threading.Event()
    for _ in range(500):  # a SIGKILL lands within milliseconds; give a loaded machine 5 s
        if not _alive(pid):
            return True
        done.wait(0.01)
    return False


SPAWN = ("import subprocess, sys, time\n"
         "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
         "open('child.pid', 'w').write(str(child.pid))\n")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("how", ["returns", "times out"])
def test_a_command_leaves_no_process_behind(box: Sandbox, how: str) -> None:
    script = SPAWN + ("time.sleep(120)\n" if how == "times out" else "")
    done = box.python("-c", script, timeout=2.0)
    assert done.timed_out == (how == "times out")
    assert _wait_until_dead(int(box.read_text("child.pid")))


# ---- two writes of one file at once --------------------------------------------------------------
def _edits() -> list[ToolCall]:
    return [ToolCall("e1", "edit_file", {"path": "shop/discounts.py", "old": "def discount_amount",
                                         "new": "def discount_cents"}),
            ToolCall("e2", "edit_file", {"path": "shop/discounts.py", "old": "def discount_rate",
                                         "new": "def rate_of"})]


def test_all_mode_says_when_one_edit_overwrote_another() -> None:
    with Sandbox() as sb:
        both_read = threading.Barrier(2, timeout=10)
        sb.write_hooks.append(lambda rel: both_read.wait())  # both edits have read before either writes
        trace = course.execute(_edits(), tools=coding_tools(sb), mode="all")
        text = sb.read_text("shop/discounts.py")
        assert ("def discount_cents" in text) != ("def rate_of" in text)  # the lost update itself
        warned = [r for r in trace.results if "warning" in (r.output or "")]
        assert len(warned) == 1 and "that change is lost" in warned[0].output
        assert "computed from an older version" in warned[0].output
        assert len(sb.notes) == 1


def test_hybrid_mode_keeps_both_edits_and_warns_about_nothing() -> None:
    with Sandbox() as sb:
        trace = course.execute(_edits(), tools=coding_tools(sb), mode="hybrid")
        text = sb.read_text("shop/discounts.py")
        assert "def discount_cents" in text and "def rate_of" in text
        assert not any("warning" in r.output for r in trace.results) and sb.notes == []


def test_a_blind_write_over_an_unread_write_is_noted() -> None:
    with Sandbox() as sb:
        calls = [ToolCall("w1", "write_file", {"path": "a.txt", "content": "one"}),
                 ToolCall("w2", "write_file", {"path": "a.txt", "content": "two"})]
        trace = course.execute(calls, tools=coding_tools(sb), mode="all")
        assert sum("before anything read it" in r.output for r in trace.results) == 1
        calls = [ToolCall("r", "read_file", {"path": "a.txt"}),
                 ToolCall("w3", "write_file", {"path": "a.txt", "content": "three"}, depends_on=("r",))]
        trace = course.execute(calls, tools=coding_tools(sb), mode="hybrid")
        assert "warning" not in trace.result("w3").output  # it was read first: nothing lost unseen
