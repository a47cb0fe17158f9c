"""The sandbox refuses every way out of the project copy, and never loses a file."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from course.coding.sandbox import Sandbox, SandboxError, bundled_project


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the project, holding a secret the sandbox must never touch."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("top secret")
    return folder


@pytest.fixture
def project(tmp_path: Path, outside: Path) -> Path:
    """A small source project that itself contains a symlink pointing outside."""
    src = tmp_path / "src"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "mod.py").write_text("x = 1\n")
    (src / "notes.txt").write_text("hello\n")
    os.symlink(outside / "secret.txt", src / "shipped_link.txt")
    return src


@pytest.fixture
def box(project: Path):
    with Sandbox(project) as sb:
        yield sb


def refused(box: Sandbox, path, *words: str) -> str:
    """Assert that reading AND writing `path` are refused, with a message naming the problem."""
    before = box.snapshot()
    with pytest.raises(SandboxError) as read_err:
        box.read_text(path)
    with pytest.raises(SandboxError):
        box.write_text(path, "pwned")
    assert box.snapshot() == before, "a refused write changed the sandbox"
    message = str(read_err.value)
    for word in words:
        assert word in message, message
    return message


# ---- every escape we could think of ----------------------------------------------------------
ESCAPES = [
    ("dotdot", "../outside/secret.txt", "leaves the project"),
    ("dotdot_after_folder", "pkg/../../outside/secret.txt", "leaves the project"),
    ("many_dotdots", "../../../../../../../../etc/passwd", "leaves the project"),
    ("dotdot_alone", "..", "leaves the project"),
    ("absolute_system_file", "/etc/passwd", "absolute path"),
    ("absolute_proc_root", "/proc/self/root/etc/passwd", "absolute path"),
    ("nul_byte", "notes.txt\x00.py", "NUL byte"),
    ("nul_byte_dotdot", "..\x00/x", "NUL byte"),
    ("backslash_windows_style", "..\\..\\outside\\secret.txt", "backslash"),
    ("empty", "", "empty"),
    ("blank", "   ", "empty"),
    ("too_long_component", "a" * 300, "too long"),
    ("too_long_path", "a/" * 3000, "too long"),
]


@pytest.mark.parametrize("name,path,word", ESCAPES, ids=[e[0] for e in ESCAPES])
def test_escape_is_refused(box: Sandbox, outside: Path, name: str, path: str, word: str) -> None:
    message = refused(box, path, word)
    assert "refused" in message
    assert (outside / "secret.txt").read_text() == "top secret"


def test_absolute_path_to_the_outside_folder_is_refused(box: Sandbox, outside: Path) -> None:
    refused(box, str(outside / "secret.txt"), "absolute path")


def test_absolute_path_sharing_the_roots_prefix_is_refused(box: Sandbox) -> None:
    """'/tmp/x/project-evil' starts with '/tmp/x/project' as text but is not inside it."""
    refused(box, str(box.root) + "-evil/file.txt", "leaves the project")


def test_absolute_path_inside_the_copy_is_allowed(box: Sandbox) -> None:
    assert box.read_text(str(box.root / "notes.txt")) == "hello\n"


def test_symlink_shipped_in_the_project_is_refused(box: Sandbox, outside: Path) -> None:
    refused(box, "shipped_link.txt", "symlink")
    assert (outside / "secret.txt").read_text() == "top secret"


def test_copy_never_follows_a_shipped_symlink(box: Sandbox) -> None:
    assert "top secret" not in "".join(t for _, t in box.iter_text_files())
    assert "shipped_link.txt" not in box.files()


def test_symlink_created_inside_pointing_out_is_refused(box: Sandbox, outside: Path) -> None:
    os.symlink(outside / "secret.txt", box.root / "new_link.txt")
    message = refused(box, "new_link.txt", "symlink", "new_link.txt")
    assert "resolves outside" in message


def test_symlinked_parent_folder_pointing_out_is_refused(box: Sandbox, outside: Path) -> None:
    os.symlink(outside, box.root / "linkdir")
    refused(box, "linkdir/secret.txt", "linkdir")
    with pytest.raises(SandboxError):
        box.write_text("linkdir/new_file.txt", "pwned")
    assert not (outside / "new_file.txt").exists()
    with pytest.raises(SandboxError):
        box.list_dir("linkdir")


def test_relative_symlink_climbing_out_is_refused(box: Sandbox) -> None:
    os.symlink("../..", box.root / "pkg" / "up")
    refused(box, "pkg/up/outside/secret.txt", "symlink")


def test_chain_of_symlinks_ending_outside_is_refused(box: Sandbox, outside: Path) -> None:
    os.symlink(outside / "secret.txt", box.root / "hop2")
    os.symlink("hop2", box.root / "hop1")
    refused(box, "hop1", "resolves outside")


def test_dangling_symlink_to_an_outside_path_cannot_create_a_file_there(box: Sandbox, outside: Path) -> None:
    target = outside / "created_by_agent.txt"
    os.symlink(target, box.root / "dangling")
    refused(box, "dangling", "resolves outside")
    assert not target.exists()


def test_symlink_inside_pointing_inside_is_allowed(box: Sandbox) -> None:
    os.symlink("notes.txt", box.root / "alias.txt")
    assert box.read_text("alias.txt") == "hello\n"


def test_hard_link_to_an_outside_file_is_replaced_not_written_through(box: Sandbox, outside: Path) -> None:
    os.link(outside / "secret.txt", box.root / "hard.txt")
    box.write_text("hard.txt", "new text")
    assert (outside / "secret.txt").read_text() == "top secret"
    assert box.read_text("hard.txt") == "new text"


def test_tilde_is_a_plain_folder_name_not_home(box: Sandbox) -> None:
    box.write_text("~/.bashrc", "echo hi")
    assert (box.root / "~" / ".bashrc").read_text() == "echo hi"


def test_url_looking_path_stays_inside(box: Sandbox) -> None:
    with pytest.raises(SandboxError, match="does not exist"):
        box.read_text("file:///etc/passwd")


@pytest.mark.parametrize("path", [None, 3, b"notes.txt", ["notes.txt"]])
def test_non_string_path_is_refused(box: Sandbox, path) -> None:
    with pytest.raises(SandboxError, match="must be a string"):
        box.read_text(path)


def test_reading_a_folder_says_to_list_it(box: Sandbox) -> None:
    with pytest.raises(SandboxError, match="list_dir"):
        box.read_text("pkg")


def test_writing_over_a_folder_or_the_root_is_refused(box: Sandbox) -> None:
    before = box.snapshot()
    for path in ("pkg", ".", str(box.root)):
        with pytest.raises(SandboxError):
            box.write_text(path, "x")
    assert box.snapshot() == before


def test_writing_below_a_file_is_refused(box: Sandbox) -> None:
    with pytest.raises(SandboxError, match="is a file"):
        box.write_text("notes.txt/inner.txt", "x")
    assert box.read_text("notes.txt") == "hello\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipe_is_not_read(box: Sandbox) -> None:
    os.mkfifo(box.root / "pipe")
    with pytest.raises(SandboxError, match="not a regular file"):
        box.read_text("pipe")


def test_huge_file_is_refused(project: Path) -> None:
    with Sandbox(project, max_read_bytes=10) as sb:
        sb.write_text("big.txt", "x" * 11)
        with pytest.raises(SandboxError, match="read limit"):
            sb.read_text("big.txt")


def test_binary_file_is_refused(box: Sandbox) -> None:
    (box.root / "blob.bin").write_bytes(b"\x00\x01\x02")
    with pytest.raises(SandboxError, match="binary"):
        box.read_text("blob.bin")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["..", ".", "pkg", "notes.txt", "", "x", "/", "~", "linkdir", "..."]),
                max_size=8))
def test_any_path_resolves_inside_or_is_refused(parts: list[str]) -> None:
    """Property: whatever the path, the sandbox either names a place inside the copy or refuses."""
    with Sandbox(bundled_project()) as sb:
        path = "/".join(parts)
        try:
            real = sb.resolve(path)
        except SandboxError:
            return
        assert real == sb.root or sb.root in real.parents


# ---- nothing is ever lost ---------------------------------------------------------------------
def test_failed_write_keeps_the_old_file_and_leaves_no_temp_file(box: Sandbox, monkeypatch) -> None:
    before = box.snapshot()

    def broken_replace(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        box.write_text("notes.txt", "half-written")
    monkeypatch.undo()
    assert box.snapshot() == before
    assert not [p for p in box.root.rglob(".tmp-*")]


def test_write_replaces_atomically_and_keeps_the_mode(box: Sandbox) -> None:
    (box.root / "pkg" / "mod.py").chmod(0o640)
    box.write_text("pkg/mod.py", "x = 2\n")
    assert box.read_text("pkg/mod.py") == "x = 2\n"
    assert (box.root / "pkg" / "mod.py").stat().st_mode & 0o777 == 0o640
    assert "pkg/mod.py" in box.files()


def test_write_creates_missing_folders(box: Sandbox) -> None:
    assert box.write_text("new/deeper/file.txt", "made") == "new/deeper/file.txt"
    assert box.read_text("new/deeper/file.txt") == "made"


def test_the_original_project_is_never_modified(project: Path) -> None:
    original = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and not p.is_symlink()}
    with Sandbox(project) as sb:
        sb.write_text("notes.txt", "changed")
        sb.write_text("pkg/new.py", "y = 2\n")
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and not p.is_symlink()} == original


def test_cleanup_removes_the_copy(project: Path) -> None:
    sb = Sandbox(project)
    root = sb.root
    assert root.is_dir()
    sb.cleanup()
    assert not root.exists()


def test_write_hooks_see_every_write_first(box: Sandbox) -> None:
    seen: list[tuple[str, str]] = []
    box.write_hooks.append(lambda rel: seen.append((rel, (box.root / rel).read_text() if (box.root / rel).exists() else "")))
    box.write_text("./pkg/../notes.txt", "new")
    assert seen == [("notes.txt", "hello\n")]


def test_commands_run_inside_the_copy_and_hide_its_path(box: Sandbox) -> None:
    done = box.python("-c", "import os; print(os.getcwd())")
    assert done.returncode == 0 and done.output.strip() == "."


def test_command_timeout_is_reported_not_raised(box: Sandbox) -> None:
    done = box.python("-c", "import time; time.sleep(5)", timeout=0.5)
    assert done.timed_out and "timeout" in done.output


def test_bundled_project_ships_with_the_package() -> None:
    src = bundled_project()
    assert (src / "shop" / "discounts.py").is_file()
    assert (src / "checks" / "check_cart.py").is_file()


def test_a_cleaned_up_sandbox_refuses_every_operation(project: Path) -> None:
    """A worker thread still running after cleanup must not reuse a closed (maybe recycled) descriptor."""
    sb = Sandbox(project)
    sb.cleanup()
    for operation in (lambda: sb.read_text("notes.txt"), lambda: sb.write_text("x.txt", "x"), sb.list_dir):
        with pytest.raises(SandboxError, match="cleaned up"):
            operation()
