"""course.progress: a learner's exercise record, kept in a small local JSON file."""
from __future__ import annotations

import importlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from course.progress import progress, progress_file, record, reset

progress_module = importlib.import_module("course.progress")  # `course.progress` may be the function


@pytest.fixture(autouse=True)
def forget_session_state():
    """The module remembers unwritable paths and messages already given; start each test clean."""
    for state in (progress_module._in_memory, progress_module._told, progress_module._cache, progress_module._lines):
        state.clear()
    yield
    for state in (progress_module._in_memory, progress_module._told, progress_module._cache, progress_module._lines):
        state.clear()


def saved(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["exercises"]


def test_the_test_suite_never_uses_the_real_home(isolated_progress_file: Path):
    assert progress_file() == isolated_progress_file
    assert Path.home() not in progress_file().parents


def test_default_file_is_in_the_learners_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("COURSE_PROGRESS_FILE")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert progress_file() == tmp_path / ".parallel-tool-course" / "progress.json"


def test_record_creates_the_file_and_counts_attempts(isolated_progress_file: Path):
    record("03.1", False)
    record("03.1", True)
    assert saved(isolated_progress_file) == {"03.1": {"passed": True, "attempts": 2}}


def test_a_pass_is_sticky_but_later_attempts_still_count(isolated_progress_file: Path):
    record("02.1", True)
    record("02.1", False)
    record("02.1", False)
    (entry,) = progress(show=False).exercises
    assert (entry.exercise_id, entry.passed, entry.attempts) == ("02.1", True, 3)


def test_exercises_group_by_the_prefix_before_the_first_dot():
    for exercise_id in ("03_all.2", "03_all.10", "03_all.1", "10.1", "2.1", "04.1.b"):
        record(exercise_id, exercise_id != "03_all.10")
    report = progress(show=False)
    assert [lesson.lesson for lesson in report.lessons] == ["2", "03_all", "04", "10"]
    assert [e.exercise_id for e in report.lessons[1].exercises] == ["03_all.1", "03_all.2", "03_all.10"]
    assert report.lessons[1].passed == 2
    assert (report.passed, report.attempted) == (5, 6)


def test_the_report_is_a_readable_deterministic_table():
    record("03.2", True)
    record("03.1", False)
    record("01.1", True)
    record("01.1", True)
    text = progress(show=False).to_text()
    assert text == (
        "2 of 3 attempted exercises passed.\n"
        "lesson  passed  exercises\n"
        "------  ------  ---------\n"
        "01         1/1  ✓ 01.1 (2 tries)\n"
        "03         1/2  ✗ 03.1 (1 try)  ✓ 03.2 (1 try)\n"
        "Saved in the file named by $COURSE_PROGRESS_FILE; course.progress.reset() starts over."
    )
    assert text == progress(show=False).to_text()


def test_the_report_renders_as_html_with_one_row_per_lesson():
    record("01.1", True)
    record("05.3", False)
    page = progress(show=False)._repr_html_()
    assert page.count("<tr><td") == 2
    assert "✓ 01.1" in page and "✗ 05.3" in page


def test_an_empty_report_says_what_to_do():
    report = progress(show=False)
    assert report.lessons == ()
    assert "run an exercise's check() cell" in report.to_text()


def test_show_prints_the_table_outside_jupyter(capsys: pytest.CaptureFixture[str]):
    record("01.1", True)
    report = progress()
    assert capsys.readouterr().out == report.to_text() + "\n"
    assert progress(show=False) is not None and capsys.readouterr().out == ""


def test_the_default_location_is_shown_without_the_home_path(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path):
    monkeypatch.delenv("COURSE_PROGRESS_FILE")
    monkeypatch.setenv("HOME", str(tmp_path))
    record("01.1", True)
    text = progress(show=False).to_text()
    assert "Saved in ~/.parallel-tool-course/progress.json" in text
    assert str(tmp_path) not in text


def test_reset_forgets_everything(isolated_progress_file: Path):
    record("01.1", True)
    reset()
    assert progress(show=False).exercises == ()
    assert saved(isolated_progress_file) == {}


def test_reset_without_a_file_is_harmless(isolated_progress_file: Path):
    reset()
    assert progress(show=False).exercises == ()


@pytest.mark.parametrize("content", [
    "{not json", "", "[]", '{"exercises": []}', '{"exercises": {"01.1": {"passed": "yes", "attempts": 1}}}',
    '{"exercises": {"01.1": {"passed": true, "attempts": -1}}}', "\x00\x01binary",
])
def test_a_corrupt_file_starts_fresh_with_one_message(isolated_progress_file: Path, content: str,
                                                       capsys: pytest.CaptureFixture[str]):
    isolated_progress_file.write_text(content, encoding="utf-8")
    assert progress(show=False).exercises == ()
    record("01.1", True)
    record("01.2", False)
    progress(show=False)
    err = capsys.readouterr().err
    assert err.count("could not be read") == 1 and "starts fresh" in err
    assert saved(isolated_progress_file) == {"01.1": {"passed": True, "attempts": 1},
                                             "01.2": {"passed": False, "attempts": 1}}
    kept = isolated_progress_file.with_name("progress.json.corrupt-1")
    assert kept.read_text(encoding="utf-8") == content


def test_a_missing_file_starts_fresh_silently(capsys: pytest.CaptureFixture[str]):
    assert progress(show=False).exercises == ()
    record("01.1", True)
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs POSIX permissions and a non-root user")
def test_an_unwritable_directory_keeps_progress_in_memory_permission(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(locked / "progress.json"))
    try:
        record("01.1", True)
        record("01.1", False)
        assert progress(show=False).exercises[0].attempts == 2
        assert capsys.readouterr().err.count("Could not save your progress") == 1
    finally:
        locked.chmod(stat.S_IRWXU)


def test_an_unwritable_location_warns_once_and_keeps_progress_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    # A regular file where the directory should be: no user, root included, can write there.
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(blocker / "progress.json"))
    record("01.1", False)
    record("01.1", True)
    record("01.2", False)
    report = progress(show=False)
    assert [(e.exercise_id, e.passed, e.attempts) for e in report.exercises] == [
        ("01.1", True, 2), ("01.2", False, 1)]
    assert "kept in memory only" in report.to_text()
    err = capsys.readouterr().err
    assert err.count("Could not save your progress") == 1
    assert "COURSE_PROGRESS_FILE" in err
    reset()
    assert progress(show=False).exercises == ()


def test_writes_are_atomic_and_leave_no_temporary_files(isolated_progress_file: Path):
    for i in range(20):
        record(f"01.{i}", i % 2 == 0)
    leftovers = {p.name for p in isolated_progress_file.parent.iterdir()} - {
        "progress.json", "progress.json.lock"}
    assert leftovers == set()
    assert len(saved(isolated_progress_file)) == 20


def test_a_failed_write_keeps_the_previous_file_intact(isolated_progress_file: Path,
                                                       monkeypatch: pytest.MonkeyPatch):
    record("01.1", True)
    before = isolated_progress_file.read_bytes()

    def broken_fsync(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress_module.os, "fsync", broken_fsync)
    record("01.2", True)  # warns and keeps it in memory
    assert isolated_progress_file.read_bytes() == before
    assert [p.name for p in isolated_progress_file.parent.iterdir() if p.suffix == ".tmp"] == []


def test_two_kernels_share_one_record(isolated_progress_file: Path):
    """Two processes (two open notebooks) recording at once lose nothing."""
    script = (
        "import sys\nfrom course.progress import record\n"
        "for i in range(25):\n    record(f'{sys.argv[1]}.{i}', True)\n"
    )
    env = {**os.environ, "COURSE_PROGRESS_FILE": str(isolated_progress_file)}
    procs = [subprocess.Popen([sys.executable, "-c", script, lesson], env=env) for lesson in ("01", "02")]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert len(saved(isolated_progress_file)) == 50


def test_record_needs_an_exercise_id():
    with pytest.raises(ValueError, match="exercise id"):
        record("  ", True)


def test_in_ipython_the_report_is_displayed_once(monkeypatch: pytest.MonkeyPatch):
    """`course.progress()` as a cell's last line must not show the table twice."""
    shown: list[dict] = []
    monkeypatch.setattr(progress_module, "_execution_count", lambda: 7)
    import IPython.display

    monkeypatch.setattr(IPython.display, "display",
                        lambda obj, raw=False: shown.append(obj) if raw else obj._ipython_display_())
    record("01.1", True)
    report = progress()
    assert len(shown) == 1 and "01.1" in shown[0]["text/html"]
    report._ipython_display_()          # the cell's result display in the same cell: skipped
    assert len(shown) == 1
    monkeypatch.setattr(progress_module, "_execution_count", lambda: 8)
    report._ipython_display_()          # shown again in a later cell
    assert len(shown) == 2 and shown[1]["text/plain"] == report.to_text()


def test_reset_and_record_are_reachable_from_the_progress_function(isolated_progress_file: Path):
    progress.record("01.1", True)
    assert progress(show=False).passed == 1
    progress.reset()
    assert progress(show=False).exercises == ()
    assert progress.file() == isolated_progress_file


def test_course_progress_is_callable_however_it_is_reached():
    """`import course.progress; course.progress()` and `course.progress.reset()` both work."""
    import course
    import course.progress  # noqa: F401  (binds the submodule, or keeps a re-exported function)

    record("01.1", True)
    assert course.progress(show=False).passed == 1
    course.progress.reset()
    assert course.progress(show=False).exercises == ()


# ---- corrupt copies, read-only and symlinked files, unattempted checks, large files ----------
def test_every_corrupt_copy_is_kept(isolated_progress_file: Path, capsys: pytest.CaptureFixture[str]):
    for n, content in enumerate(["{first", "{second", "{third"], 1):
        isolated_progress_file.write_text(content, encoding="utf-8")
        progress_module._told.clear()
        record("01.1", True)
        assert f"kept as progress.json.corrupt-{n}" in capsys.readouterr().err
    folder = isolated_progress_file.parent
    assert [(folder / f"progress.json.corrupt-{n}").read_text(encoding="utf-8") for n in (1, 2, 3)] == [
        "{first", "{second", "{third"]
    assert saved(isolated_progress_file) == {"01.1": {"passed": True, "attempts": 1}}


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX permissions")
def test_a_read_only_file_is_left_alone_and_nothing_is_recorded(isolated_progress_file: Path,
                                                                capsys: pytest.CaptureFixture[str]):
    record("01.1", True)
    isolated_progress_file.chmod(0o444)
    before = isolated_progress_file.read_bytes()
    try:
        record("01.2", False)
        record("01.1", False)
        reset()
        assert isolated_progress_file.read_bytes() == before
        assert stat.S_IMODE(isolated_progress_file.stat().st_mode) == 0o444
        assert [(e.exercise_id, e.attempts) for e in progress(show=False).exercises] == [("01.1", 1)]
        err = capsys.readouterr().err
        assert err.count("read-only") == 1 and "was not recorded" in err
        assert str(isolated_progress_file) not in err
    finally:
        isolated_progress_file.chmod(0o644)
    record("01.2", True)  # writable again: recording resumes
    assert saved(isolated_progress_file)["01.2"] == {"passed": True, "attempts": 1}


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="needs symlinks")
def test_a_symlinked_file_stays_a_symlink(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "synced" / "my-progress.json"
    target.parent.mkdir()
    target.write_text('{"version": 1, "exercises": {}}', encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "home" / "progress.json"
    link.parent.mkdir()
    link.symlink_to(target)
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(link))
    record("01.1", True)
    record("01.2", False)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert saved(target) == {"01.1": {"passed": True, "attempts": 1}, "01.2": {"passed": False, "attempts": 1}}
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in target.parent.iterdir()] == ["my-progress.json"]


def test_a_corrupt_symlinked_file_is_set_aside_and_the_link_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "real.json"
    target.write_text("{broken", encoding="utf-8")
    link = tmp_path / "progress.json"
    link.symlink_to(target)
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(link))
    record("01.1", True)
    assert link.is_symlink() and saved(target) == {"01.1": {"passed": True, "attempts": 1}}
    assert (tmp_path / "real.json.corrupt-1").read_text(encoding="utf-8") == "{broken"


def test_an_unattempted_check_is_not_a_failed_attempt(isolated_progress_file: Path):
    record("01.1", "unattempted")
    assert progress(show=False).exercises == () and not isolated_progress_file.exists()
    record("01.1", "failed")
    record("01.1", "unattempted")
    record("01.2", "passed")
    assert [(e.exercise_id, e.passed, e.attempts) for e in progress(show=False).exercises] == [
        ("01.1", False, 1), ("01.2", True, 1)]
    with pytest.raises(ValueError, match="status"):
        record("01.1", "skipped")


def test_run_all_on_an_untouched_lesson_records_nothing(isolated_progress_file: Path,
                                                       capsys: pytest.CaptureFixture[str]):
    """A stub answer (`...`) or a stub raising NotImplementedError is unattempted, not failed."""
    from course.exercises.checkers import Quiz, Question, exercise

    def stub() -> None:
        raise NotImplementedError

    ex = exercise("01.demo", lambda answer: answer())
    quiz = Quiz("01.quiz", [Question("2 + 2?", {"a": "4", "b": "5"}, "a", "arithmetic")])
    ex.check(...)
    ex.check(stub)
    quiz.check({1: ...})
    assert "Not attempted yet" in capsys.readouterr().out
    assert progress(show=False).exercises == ()
    quiz.check({1: "b"})
    assert [(e.exercise_id, e.passed) for e in progress(show=False).exercises] == [("01.quiz", False)]


def test_an_unchanged_file_is_not_parsed_again_and_only_the_changed_line_is_encoded(
        isolated_progress_file: Path, monkeypatch: pytest.MonkeyPatch):
    """What made a 9 MB file cost seconds per record: parsing and encoding all of it every time."""
    for i in range(200):
        record(f"02.{i}", i % 2 == 0)
    parsed, encoded = [], []
    loads, line = progress_module.json.loads, progress_module._line
    monkeypatch.setattr(progress_module.json, "loads", lambda text: parsed.append(1) or loads(text))
    monkeypatch.setattr(progress_module, "_line", lambda *a: encoded.append(1) or line(*a))
    record("02.7", True)
    record("03.1", False)
    assert parsed == [] and len(encoded) == 2
    entries = saved(isolated_progress_file)
    assert len(entries) == 201 and entries["02.7"] == {"passed": True, "attempts": 2}


def test_a_change_by_another_kernel_is_read_again(isolated_progress_file: Path):
    record("01.1", True)
    data = json.loads(isolated_progress_file.read_text(encoding="utf-8"))
    data["exercises"]["05.1"] = {"passed": True, "attempts": 3}
    tmp = isolated_progress_file.with_name("other-kernel.tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, isolated_progress_file)
    record("01.2", False)
    assert set(saved(isolated_progress_file)) == {"01.1", "01.2", "05.1"}
