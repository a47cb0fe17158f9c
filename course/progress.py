"""Which exercises a learner has passed, kept in a small JSON file the learner owns.

The file lives at ``~/.parallel-tool-course/progress.json`` unless the environment variable
``COURSE_PROGRESS_FILE`` names another path (the test suite points it at a temporary file).
Every kernel reads the file afresh (unless it has not changed since this kernel last saw it)
and writes it atomically, so several open notebooks share one record. A corrupt file is set
aside (every corrupt copy is kept, numbered) and replaced; a read-only file is left alone and
nothing is recorded; a symlinked file stays a symlink (its target is replaced atomically); an
unwritable location means progress is kept in memory for this session. Either way the learner
sees one message, never a crash. An exercise checked while still unattempted is not recorded.
"""
from __future__ import annotations

import html
import json
import os
import re
import stat
import sys
import tempfile
import types
from contextlib import contextmanager
from dataclasses import dataclass, field
from json.encoder import encode_basestring as encode_string
from pathlib import Path
from typing import Any, Iterable, Iterator

from .i18n import tr

__all__ = ["ExerciseProgress", "LessonProgress", "ProgressReport", "progress", "progress_file",
           "record", "reset"]

ENV_VAR = "COURSE_PROGRESS_FILE"
DEFAULT_FILE = Path("~") / ".parallel-tool-course" / "progress.json"
_FORMAT_VERSION = 1
_STATUSES = {"passed", "failed", "unattempted"}

# Paths whose file could not be written: progress for them lives here for this session.
_in_memory: dict[Path, dict[str, dict[str, Any]]] = {}
# The last content read or written per path, with the file's identity then: an unchanged file
# is not parsed again, and only a changed exercise's line is encoded again (a large file cost
# seconds per record).
_cache: dict[Path, tuple[tuple[int, int, int, int], dict[str, dict[str, Any]]]] = {}
_lines: dict[Path, dict[str, str]] = {}
# Paths the learner has already been told about (one message per path and problem).
_told: set[tuple[Path, str]] = set()


def progress_file() -> Path:
    """The progress file in use: ``$COURSE_PROGRESS_FILE`` or ``~/.parallel-tool-course/progress.json``."""
    named = os.environ.get(ENV_VAR, "").strip()
    return Path(named).expanduser() if named else DEFAULT_FILE.expanduser()


def _where() -> str:
    """Where progress is saved, worded the same on every machine (notebook outputs are compared)."""
    return f"the file named by ${ENV_VAR}" if os.environ.get(ENV_VAR, "").strip() else f"~/{DEFAULT_FILE.relative_to('~').as_posix()}"


def _tell_once(path: Path, problem: str, message: str) -> None:
    if (path, problem) not in _told:
        _told.add((path, problem))
        print(message, file=sys.stderr)


@dataclass(frozen=True)
class ExerciseProgress:
    """One exercise: its id, whether it has ever passed, and how many attempts were checked."""

    exercise_id: str
    passed: bool
    attempts: int


@dataclass(frozen=True)
class LessonProgress:
    """The exercises of one lesson, in natural order (``03.2`` before ``03.10``)."""

    lesson: str
    exercises: tuple[ExerciseProgress, ...]

    @property
    def passed(self) -> int:
        """How many of this lesson's attempted exercises have passed."""
        return sum(e.passed for e in self.exercises)


@dataclass(frozen=True)
class ProgressReport:
    """A snapshot of the learner's progress, grouped by lesson; renders as a table."""

    lessons: tuple[LessonProgress, ...]
    where: str = ""
    note: str = ""
    _shown_in: list[Any] = field(default_factory=list, repr=False, compare=False)

    @property
    def exercises(self) -> tuple[ExerciseProgress, ...]:
        """Every attempted exercise, lesson by lesson."""
        return tuple(e for lesson in self.lessons for e in lesson.exercises)

    @property
    def passed(self) -> int:
        """How many exercises have passed."""
        return sum(e.passed for e in self.exercises)

    @property
    def attempted(self) -> int:
        """How many different exercises have been checked at least once."""
        return len(self.exercises)

    def summary(self) -> str:
        """One line: passed / attempted, or a hint when nothing is recorded yet."""
        if not self.exercises:
            return tr("No exercises checked yet: run an exercise's check() cell and it will appear here.")
        return tr(f"{self.passed} of {self.attempted} attempted exercises passed.")

    def to_text(self) -> str:
        """The report as a plain-text table."""
        rows = [(tr("lesson"), tr("passed"), tr("exercises"))]
        for lesson in self.lessons:
            marks = "  ".join(_mark(e) for e in lesson.exercises)
            rows.append((lesson.lesson, f"{lesson.passed}/{len(lesson.exercises)}", marks))
        lines = [self.summary()]
        if self.exercises:
            widths = [max(len(r[i]) for r in rows) for i in range(2)]
            for i, (lesson, passed, marks) in enumerate(rows):
                lines.append(f"{lesson:<{widths[0]}}  {passed:>{widths[1]}}  {marks}".rstrip())
                if i == 0:
                    lines.append(f"{'-' * widths[0]}  {'-' * widths[1]}  {'-' * 9}")
        lines.extend(line for line in (self.note, self._saved_line()) if line)
        return "\n".join(lines)

    def _saved_line(self) -> str:
        return tr(f"Saved in {self.where}; course.progress.reset() starts over.") if self.where else ""

    def _repr_html_(self) -> str:
        parts = [f"<p><b>{html.escape(tr('Course progress'))}</b> — {html.escape(self.summary())}</p>"]
        if self.exercises:
            parts.append(f'<table><thead><tr><th style="text-align:left">{tr("lesson")}</th>'
                         f'<th style="text-align:right">{tr("passed")}</th>'
                         f'<th style="text-align:left">{tr("exercises")}</th></tr></thead><tbody>')
            for lesson in self.lessons:
                cells = " ".join(_html_mark(e) for e in lesson.exercises)
                parts.append(f'<tr><td style="text-align:left">{html.escape(lesson.lesson)}</td>'
                             f'<td style="text-align:right">{lesson.passed}/{len(lesson.exercises)}</td>'
                             f'<td style="text-align:left">{cells}</td></tr>')
            parts.append("</tbody></table>")
        for line in (self.note, self._saved_line()):
            if line:
                parts.append(f"<p><small>{html.escape(line)}</small></p>")
        return "\n".join(parts)

    def _ipython_display_(self) -> None:
        # progress() already displayed this report during the current cell: the cell's own
        # result display would show it a second time, so skip that one (once).
        count = _execution_count()
        if count is not None and count in self._shown_in:
            self._shown_in.remove(count)
            return
        from IPython.display import display

        display({"text/plain": self.to_text(), "text/html": self._repr_html_()}, raw=True)

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return f"<ProgressReport: {self.passed} of {self.attempted} attempted exercises passed>"


def _mark(e: ExerciseProgress) -> str:
    tries = tr(f"{e.attempts} {'try' if e.attempts == 1 else 'tries'}")
    return f"{'✓' if e.passed else '✗'} {e.exercise_id} ({tries})"


def _html_mark(e: ExerciseProgress) -> str:
    colour = "#1a7f37" if e.passed else "#b35900"
    tries = tr(f"{e.attempts} {'try' if e.attempts == 1 else 'tries'}")
    return (f'<span style="color:{colour};margin-right:1em" title="{tries}">'
            f'{"✓" if e.passed else "✗"} {html.escape(e.exercise_id)}</span>')


def _execution_count() -> int | None:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return getattr(shell, "execution_count", None) if shell is not None else None


# --- storage ---------------------------------------------------------------------------------

def _natural_key(text: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _lesson_of(exercise_id: str) -> str:
    return exercise_id.split(".", 1)[0]


def _clean(raw: Any) -> dict[str, dict[str, Any]] | None:
    """The exercises of a loaded file, or None when it is not a progress file we understand."""
    if not isinstance(raw, dict) or not isinstance(raw.get("exercises"), dict):
        return None
    exercises: dict[str, dict[str, Any]] = {}
    for key, entry in raw["exercises"].items():
        if not isinstance(entry, dict):
            return None
        attempts, passed = entry.get("attempts"), entry.get("passed")
        if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 0 \
                or not isinstance(passed, bool):
            return None
        exercises[str(key)] = {"passed": passed, "attempts": attempts}
    return exercises


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _load(path: Path) -> dict[str, dict[str, Any]]:
    if path in _in_memory:
        return _in_memory[path]
    try:
        with open(path, "rb") as handle:
            identity = _identity(os.fstat(handle.fileno()))
            cached = _cache.get(path)
            if cached is not None and cached[0] == identity:
                return cached[1]
            text = handle.read().decode("utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, OSError):
            _tell_once(path, "unreadable", f"Could not read your progress file ({exc.strerror or exc}); "
                       "starting fresh for this session.")
            return {}
        text = ""
    try:
        exercises = _clean(json.loads(text))
    except (ValueError, RecursionError):
        exercises = None
    if exercises is None:
        if _read_only(path):
            _tell_once(path, "corrupt", "Your progress file could not be read and it is read-only, so it "
                       "was left as it is and nothing is recorded; make it writable to start afresh.")
            return {}
        kept = _set_aside(path)
        _tell_once(path, "corrupt", "Your progress file could not be read, so progress starts "
                   "fresh" + (f" (the old file was kept as {kept.name})." if kept else "."))
        return {}
    _cache[path] = (identity, exercises)
    _lines.pop(path, None)  # read afresh: encode every line on the next save
    return exercises


def _read_only(path: Path) -> bool:
    """True when the learner made the progress file read-only (its write bits are off, or no access)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def _set_aside(path: Path) -> Path | None:
    """Rename a corrupt file out of the way, under a new numbered name, so no earlier copy is lost."""
    real = Path(os.path.realpath(path))  # a symlinked file: set its target aside, keep the link
    for number in range(1, 10_000):
        kept = real.with_name(f"{real.name}.corrupt-{number}")
        try:
            os.close(os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # claim the name
        except FileExistsError:
            continue
        except OSError:
            return None
        try:
            os.replace(real, kept)
        except OSError:
            os.unlink(kept)
            return None
        return kept
    return None


def _line(exercise_id: str, entry: dict[str, Any]) -> str:
    """One exercise's line of the file (its values are checked, so plain formatting is valid JSON)."""
    return (f'  {encode_string(exercise_id)}: {{"passed": {"true" if entry["passed"] else "false"}, '
            f'"attempts": {int(entry["attempts"])}}}')


def _encode(lines: Iterable[str]) -> str:
    """The whole file: a version, then one exercise per line."""
    body = ",\n".join(lines)
    return f'{{\n "version": {_FORMAT_VERSION},\n "exercises": {{' + (f"\n{body}\n }}" if body else "}") + "\n}\n"


def _save(path: Path, exercises: dict[str, dict[str, Any]], changed: Iterable[str] | None = None) -> None:
    """Write the file atomically; with `changed`, only those ids' lines are encoded again."""
    if path in _in_memory:
        _in_memory[path] = exercises
        return
    lines = _lines.get(path)
    if changed is None or lines is None or lines.keys() - exercises.keys():
        lines = {k: _line(k, v) for k, v in exercises.items()}
    else:
        lines.update((k, _line(k, exercises[k])) for k in changed)
    _lines[path] = lines
    text = _encode(lines.values())
    try:
        target = Path(os.path.realpath(path))  # a symlink stays a symlink: replace what it points to
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = None
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
                if mode is not None and hasattr(os, "fchmod"):
                    os.fchmod(handle.fileno(), mode)
                identity = _identity(os.fstat(handle.fileno()))
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        _cache[path] = (identity, exercises)
    except OSError as exc:
        _in_memory[path] = exercises
        _tell_once(path, "unwritable", f"Could not save your progress ({exc.strerror or exc}); "
                   f"it is kept in memory for this session only. Set ${ENV_VAR} to a writable "
                   "file path to keep it.")


def _refuse_read_only(path: Path) -> bool:
    """True (after telling the learner once) when the file is read-only: then nothing is written."""
    if path in _in_memory or not _read_only(path):
        return False
    _tell_once(path, "read-only", f"Your progress file ({_where()}) is read-only, so this was not "
               "recorded and the file was left as it is; make it writable again to record progress.")
    return True


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an advisory lock on a side file, so two kernels don't lose each other's update."""
    try:
        import fcntl
    except ImportError:  # Windows: atomic replace still protects the file itself
        yield
        return
    handle = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_name(path.name + ".lock"), "a")
        fcntl.flock(handle, fcntl.LOCK_EX)
    except OSError:
        if handle is not None:
            handle.close()
        handle = None
    try:
        yield
    finally:
        if handle is not None:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()


# --- the public functions ----------------------------------------------------------------------

def record(exercise_id: str, passed: bool | str) -> None:
    """Count one checked attempt at an exercise; once passed, it stays passed.

    `passed` is a bool, or a checker's status: "passed", "failed", or "unattempted" (the
    answer is still the stub: nothing was tried, so nothing is recorded).
    """
    exercise_id = str(exercise_id).strip()
    if not exercise_id:
        raise ValueError("record() needs an exercise id such as '03.2'.")
    if isinstance(passed, str):
        if passed not in _STATUSES:
            raise ValueError(f"record() takes passed=True/False or a status {sorted(_STATUSES)}, got {passed!r}.")
        if passed == "unattempted":
            return
        passed = passed == "passed"
    path = progress_file()
    with _locked(path):
        if _refuse_read_only(path):
            return
        exercises = _load(path)  # the cached dict: updated in place, a new id goes last
        entry = exercises.get(exercise_id, {"passed": False, "attempts": 0})
        exercises[exercise_id] = {"passed": bool(entry["passed"] or passed), "attempts": entry["attempts"] + 1}
        _save(path, exercises, changed=[exercise_id])


def progress(show: bool = True) -> ProgressReport:
    """Your progress across all lessons; shown as a table (``show=False`` only returns it)."""
    path = progress_file()
    exercises = _load(path)
    by_lesson: dict[str, list[ExerciseProgress]] = {}
    for exercise_id in sorted(exercises, key=_natural_key):
        entry = exercises[exercise_id]
        by_lesson.setdefault(_lesson_of(exercise_id), []).append(
            ExerciseProgress(exercise_id, entry["passed"], entry["attempts"]))
    lessons = tuple(LessonProgress(name, tuple(items))
                    for name, items in sorted(by_lesson.items(), key=lambda kv: _natural_key(kv[0])))
    note = tr("Progress is kept in memory only this session (the file could not be written).") \
        if path in _in_memory else ""
    report = ProgressReport(lessons, where=_where(), note=note)
    if show:
        count = _execution_count()
        if count is not None:
            from IPython.display import display

            display(report)
            report._shown_in.append(count)
        else:
            print(report.to_text())
    return report


def reset() -> None:
    """Forget every recorded attempt (the progress file is emptied, not deleted)."""
    path = progress_file()
    with _locked(path):
        _in_memory.pop(path, None)
        if _refuse_read_only(path):
            return
        if path.exists() or path.parent.exists():
            _save(path, {})


# `course.progress()` works whether `course.progress` is this module (callable, below) or the
# function re-exported by the package; the attributes keep `course.progress.reset()` working too.
progress.record = record  # type: ignore[attr-defined]
progress.reset = reset  # type: ignore[attr-defined]
progress.file = progress_file  # type: ignore[attr-defined]


class _CallableModule(types.ModuleType):
    def __call__(self, show: bool = True) -> ProgressReport:
        return progress(show)


sys.modules[__name__].__class__ = _CallableModule
