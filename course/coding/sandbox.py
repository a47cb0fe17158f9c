"""A sandbox: a throw-away copy of a project, with every path confined to it.

How the confinement works. A path is first checked as text (no '..' out, no absolute path
outside, no NUL byte, not too long). Then it is walked one component at a time from a directory
descriptor of the project root: every folder is opened relative to its parent with
``O_NOFOLLOW``, so the kernel never follows a link on our behalf. A symlink met on the way is
read and resolved by the sandbox itself, and refused if it points out of the copy. Because every
step uses a descriptor already opened inside the copy, swapping a folder for a symlink between a
check and the use cannot redirect the use: there is no separate check to race.

What it does not confine: the code that ``run`` starts (the project's tests). That code runs
with the learner's rights; the sandbox only gives it a minimal environment (no API keys), its own
process group, and a time limit.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator

from ..errors import CourseError
from .handles import (AT_CALLS, LINK_SWAPPED, READ_FLAGS, atomic_write, close, close_all, collect_files,
                      lstat_at, mkdir_at, open_at, open_dir, readlink_at, unlink_at)

MAX_READ_BYTES = 1_000_000
MAX_WRITE_BYTES = 1_000_000
MAX_OUTPUT_BYTES = 200_000
MAX_LINK_HOPS = 40
SKIPPED_NAMES = {"__pycache__", ".pytest_cache", ".git", ".mypy_cache"}
# Variables a command inside the sandbox may inherit; everything else (API keys of every
# provider, tokens, the learner's configuration) stays out.
INHERITED_ENV = ("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "TEMP", "TMP",
                 "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT")



class SandboxError(CourseError, PermissionError):
    """A path or file operation the sandbox refused; the message says what to do instead."""


def bundled_project(name: str = "buggy_project") -> Path:
    """The folder of a small project shipped with the course (in course/data/)."""
    path = Path(str(resources.files("course") / "data" / name))
    if not path.is_dir():
        raise FileNotFoundError(f"No bundled project {name!r} in course/data; reinstall the course package.")
    return path


@dataclass(frozen=True)
class CommandResult:
    """What a command run inside the sandbox produced."""

    returncode: int
    output: str
    timed_out: bool = False


@dataclass
class _Place:
    """Where a walk ended: the open parent folder, the last name in it, and what is there."""

    parent: int | str
    name: str | None          # None: the place is the project root itself
    parts: list[str]          # the real path below the root, links resolved
    st: os.stat_result | None  # lstat of the last name; None when nothing is there

    @property
    def rel(self) -> str:
        return "/".join(self.parts) or "."


class Sandbox:
    """A fresh temporary copy of a project; every path is checked to stay inside it.

    Paths are relative to the project root (absolute paths are accepted only when they point
    inside the copy). Writes are atomic (a temporary file, then a rename), so a refused or
    failed write leaves the old file exactly as it was.
    """

    def __init__(self, source: str | os.PathLike[str] | None = None, *, prefix: str = "course-sandbox-",
                 max_read_bytes: int = MAX_READ_BYTES, max_write_bytes: int = MAX_WRITE_BYTES) -> None:
        src = Path(source) if source is not None else bundled_project()
        if not src.is_dir():
            raise FileNotFoundError(f"Cannot copy {str(src)!r} into a sandbox: it is not a folder.")
        self._tmp = tempfile.mkdtemp(prefix=prefix)
        self.root = Path(os.path.realpath(self._tmp)) / "project"
        # symlinks=True copies a link as a link (never the outside file it points to); the walk refuses it later.
        shutil.copytree(src, self.root, symlinks=True,
                        ignore=shutil.ignore_patterns(*SKIPPED_NAMES, "*.pyc"))
        self._home = Path(os.path.realpath(self._tmp)) / "home"  # HOME of commands run here
        self._home.mkdir()
        self.max_read_bytes = max_read_bytes
        self.max_write_bytes = max_write_bytes
        self.write_hooks: list[Callable[[str], None]] = []  # called with the relative path before each write
        self.notes: list[str] = []  # writes that replaced another write nobody had read
        self._lock = threading.Lock()
        self._versions: dict[str, tuple[int, str]] = {}  # rel -> (writes so far, who wrote last)
        self._unread: set[str] = set()  # files whose last write no read has seen yet
        self._root_fd: int | None = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY) if AT_CALLS else None
        self._finalizer = weakref.finalize(self, _remove, self._tmp, self._root_fd)

    # ---- lifetime ------------------------------------------------------------------------
    def cleanup(self) -> None:
        """Delete the temporary copy."""
        with self._lock:
            self._finalizer()

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    def __repr__(self) -> str:
        return f"<Sandbox {len(self.files())} files>"

    # ---- paths ---------------------------------------------------------------------------
    def _parts(self, path: str | os.PathLike[str]) -> list[str]:
        """Check a path as text and return its components below the root."""
        if isinstance(path, os.PathLike):
            path = os.fspath(path)
        if not isinstance(path, str):
            raise SandboxError(f"refused: a path must be a string, got {type(path).__name__}; "
                               "send it as text, e.g. 'shop/cart.py'")
        shown = _show(path)
        if path.strip() == "":
            raise SandboxError("refused: the path is empty; use '.' for the project root or a file such as 'shop/cart.py'")
        if "\x00" in path:
            raise SandboxError(f"refused: {shown} contains a NUL byte, which no file name may hold; "
                               "send the path without it")
        if "\\" in path:
            raise SandboxError(f"refused: {shown} contains a backslash; use forward slashes, relative to "
                               "the project root, e.g. 'shop/cart.py'")
        candidate = path if os.path.isabs(path) else os.path.join(self.root, path)
        lexical = Path(os.path.normpath(candidate))
        if not _inside(lexical, self.root):
            how = "it is an absolute path outside" if os.path.isabs(path) else "its '..' parts climb out of"
            raise SandboxError(f"refused: {shown} leaves the project folder ({how} the project); "
                               "use a path relative to the project root, e.g. 'shop/cart.py'")
        parts = list(lexical.relative_to(self.root).parts)
        # The host's limits count the whole path, root included; say the limit in the model's terms.
        room = 4095 - len(os.fsencode(str(self.root))) - 1
        if any(len(os.fsencode(p)) > 255 for p in parts) or len(os.fsencode("/".join(parts))) > room:
            raise SandboxError(f"refused: {shown} is too long for a file name (at most 255 bytes per "
                               f"name and {room} bytes in all here); use a shorter path")
        return parts

    def _locate(self, path: str | os.PathLike[str], *, follow_last: bool = True,
                make_parents: bool = False, lenient: bool = False) -> _Place:
        """Walk `path` from the root, one no-follow step at a time; the caller closes the place."""
        shown = _show(path)
        pending = self._parts(path)
        stack: list[str] = []
        handles: list[int | str] = [self._open_root()]
        hops, via = 0, ""
        try:
            while True:
                name = pending.pop(0) if pending else None
                if name is None:  # the walk ended on a folder: the root, or one a link led to
                    if not stack:
                        root = handles.pop()
                        return _Place(root, None, [], os.stat(root) if isinstance(root, str) else os.fstat(root))
                    close(handles.pop())
                    return self._place(handles, stack[-1], list(stack), lstat_at(handles[-1], stack[-1]))
                if name in ("", "."):
                    continue
                if name == "..":
                    if not stack:  # only a link can get here: the text was checked above
                        raise _outside(shown, via)
                    stack.pop()
                    close(handles.pop())
                    continue
                last = not pending
                st = lstat_at(handles[-1], name)
                if st is None and not last and make_parents:
                    mkdir_at(handles[-1], name)
                    st = lstat_at(handles[-1], name)
                if st is None:
                    if last:
                        return self._place(handles, name, stack + [name], None)
                    if lenient:
                        return self._place(handles, name, _fold(stack + [name], pending, shown, via), None)
                    raise SandboxError(f"{shown} does not exist; list the folder (list_dir) to see what is there")
                if stat.S_ISLNK(st.st_mode) and (follow_last or not last):
                    hops += 1
                    if hops > MAX_LINK_HOPS:
                        raise SandboxError(f"refused: {shown} goes through more than {MAX_LINK_HOPS} "
                                           "symlinks (a loop?); use the real path")
                    via = "/".join(stack + [name])
                    target = readlink_at(handles[-1], name)
                    if os.path.isabs(target):
                        lexical = Path(os.path.normpath(target))
                        if not _inside(lexical, self.root):
                            raise _outside(shown, via)
                        close_all(handles[1:])
                        del handles[1:]
                        stack = []
                        pending = list(lexical.relative_to(self.root).parts) + pending
                    else:
                        pending = [p for p in target.split("/") if p] + pending
                    continue
                if last:
                    return self._place(handles, name, stack + [name], st)
                if not stat.S_ISDIR(st.st_mode):
                    where = _show("/".join(stack + [name]))
                    raise SandboxError(f"refused: {where} is a file, so it cannot hold {shown}")
                try:
                    handles.append(open_dir(handles[-1], name))
                except OSError as exc:
                    if exc.errno not in LINK_SWAPPED:
                        raise
                    hops += 1  # swapped for a link since the lstat: look at it again
                    if hops > MAX_LINK_HOPS:
                        raise SandboxError(f"refused: {shown} kept changing while it was opened; try again") from None
                    pending.insert(0, name)
                    continue
                stack.append(name)
        except SandboxError:
            close_all(handles)
            raise
        except OSError as exc:
            close_all(handles)
            raise _os_error(exc, shown) from None

    @contextmanager
    def _at(self, path: str | os.PathLike[str], **walk: bool) -> Iterator[_Place]:
        """Walk to `path`, hand over the place, then close it; OS errors in the model's terms."""
        place = self._locate(path, **walk)
        try:
            yield place
        except SandboxError:
            raise
        except OSError as exc:
            raise _os_error(exc, _show(path)) from None
        finally:
            close(place.parent)

    def _place(self, handles: list[int | str], name: str, parts: list[str],
               st: os.stat_result | None) -> _Place:
        parent = handles.pop()
        close_all(handles)
        return _Place(parent, name, parts, st)

    def _open_root(self) -> int | str:
        with self._lock:  # cleanup() closes the descriptor under the same lock: never dup a recycled number
            if not self._finalizer.alive:
                raise SandboxError("refused: this sandbox was cleaned up; create a new Sandbox()")
            return str(self.root) if self._root_fd is None else os.dup(self._root_fd)

    def resolve(self, path: str | os.PathLike[str], *, must_exist: bool = False) -> Path:
        """The real path inside the sandbox that `path` names; SandboxError if it would leave it.

        For display and keys only: file operations never reuse this path, they walk again.
        """
        with self._at(path, lenient=not must_exist) as place:
            pass
        if must_exist and place.st is None:
            raise SandboxError(f"{_show(path)} does not exist; list the folder (list_dir) to see what is there")
        return self.root.joinpath(*place.parts)

    def relative(self, path: str | os.PathLike[str]) -> str:
        """A path inside the sandbox as text relative to the root ('.' for the root itself)."""
        rel = os.path.relpath(os.path.normpath(self.root / path), self.root)
        return rel.replace(os.sep, "/")

    def key(self, path: str) -> str:
        """A canonical name for a path (for resource keys); the raw text if the path is refused."""
        try:
            return self.relative(self.resolve(path))
        except SandboxError:
            return path

    # ---- files ---------------------------------------------------------------------------
    def _read_bytes(self, path: str, *, limit: int | None, single_name: bool = True) -> tuple[str, bytes]:
        """(relative path, bytes) of one regular file, opened without following any link."""
        shown = _show(path)
        for _ in range(MAX_LINK_HOPS):
            place = self._locate(path)
            try:
                if place.st is None:
                    raise SandboxError(f"{shown} does not exist; list the folder (list_dir) to see what is there")
                if place.name is None or stat.S_ISDIR(place.st.st_mode):
                    raise SandboxError(f"{shown} is a folder, not a file; list it with list_dir instead")
                try:
                    fd = open_at(place.parent, place.name, READ_FLAGS)
                except OSError as exc:
                    if exc.errno in LINK_SWAPPED:
                        continue  # became a link since the walk: walk again
                    raise _os_error(exc, shown) from None
            finally:
                close(place.parent)
            with os.fdopen(fd, "rb") as handle:
                st = os.fstat(handle.fileno())
                if stat.S_ISDIR(st.st_mode):
                    raise SandboxError(f"{shown} is a folder, not a file; list it with list_dir instead")
                if not stat.S_ISREG(st.st_mode):
                    raise SandboxError(f"refused: {shown} is not a regular file (a pipe or device could block "
                                       "or never end); read ordinary files only")
                if single_name and st.st_nlink > 1:
                    raise SandboxError(f"refused: {shown} is a hard link (the same file has {st.st_nlink} names, "
                                       "and one may be outside the project); only files with one name are read")
                if limit is not None and st.st_size > limit:
                    raise SandboxError(f"refused: {shown} has {st.st_size} bytes, more than the {limit}-byte "
                                       "read limit; search it with a pattern instead")
                data = handle.read() if limit is None else handle.read(limit + 1)
            return place.rel, data
        raise SandboxError(f"refused: {shown} kept changing while it was opened; try again")

    def _read_text(self, path: str) -> tuple[str, str]:
        rel, data = self._read_bytes(path, limit=self.max_read_bytes)
        if b"\x00" in data[:8192]:
            raise SandboxError(f"refused: {_show(path)} looks like a binary file; only text files can be read")
        with self._lock:
            self._unread.discard(rel)
        return rel, data.decode("utf-8", errors="replace")

    def read_text(self, path: str) -> str:
        """The text of one file inside the sandbox."""
        return self._read_text(path)[1]

    def read_versioned(self, path: str) -> tuple[str, int]:
        """The text of a file and how many writes it has had, for `replace_text` to detect lost updates."""
        while True:
            before = self._version(self.key(path))
            rel, text = self._read_text(path)
            if self._version(rel) == before:  # no write landed during the read
                return text, before

    def _version(self, rel: str) -> int:
        with self._lock:
            return self._versions.get(rel, (0, ""))[0]

    def write_text(self, path: str, text: str) -> str:
        """Write a whole file atomically (temp file + rename); return its relative path."""
        return self._write(path, text, writer="", read_version=None)[0]

    def replace_text(self, path: str, text: str, *, writer: str,
                     read_version: int | None = None) -> tuple[str, str]:
        """Write a file as a tool does: (relative path, note), the note '' unless a change was lost.

        `read_version` is what `read_versioned` said when the new text was computed from the
        file (None for a blind write). The note says when this write overwrote another write
        that landed after that read, or that nothing ever read: that change is then lost.
        The note is also kept in `notes`.
        """
        return self._write(path, text, writer=writer, read_version=read_version)

    def _write(self, path: str, text: str, *, writer: str, read_version: int | None) -> tuple[str, str]:
        if not isinstance(text, str):
            raise SandboxError(f"refused: the content must be text, got {type(text).__name__}")
        shown = _show(path)
        data = text.encode("utf-8")
        if len(data) > self.max_write_bytes:
            raise SandboxError(f"refused: the content has {len(data)} bytes, more than the "
                               f"{self.max_write_bytes}-byte write limit; write smaller files")
        with self._at(path, make_parents=True) as place:
            if place.name is None:
                raise SandboxError("refused: cannot write to the project root itself; name a file inside it")
            if place.st is not None and stat.S_ISDIR(place.st.st_mode):
                raise SandboxError(f"refused: {shown} is a folder; name a file inside it")
            if place.st is not None and not stat.S_ISREG(place.st.st_mode):
                raise SandboxError(f"refused: {shown} is not a regular file; only ordinary files can be written")
            for hook in list(self.write_hooks):
                hook(place.rel)
            mode = stat.S_IMODE(place.st.st_mode) if place.st is not None else None
            with self._lock:
                note = self._overwrite_note(place.rel, writer, read_version) if writer else ""
                atomic_write(place.parent, place.name, data, mode)
                count = self._versions.get(place.rel, (0, ""))[0]
                self._versions[place.rel] = (count + 1, writer or "a write")
                self._unread.add(place.rel)
                if note:
                    self.notes.append(note)
        return place.rel, note

    def _overwrite_note(self, rel: str, writer: str, read_version: int | None) -> str:
        count, last = self._versions.get(rel, (0, ""))
        if read_version is not None and read_version != count:
            return (f"{rel}: {writer} was computed from an older version and overwrote {last}, "
                    "which landed after it read the file; that change is lost")
        if read_version is None and rel in self._unread:
            return f"{rel}: {writer} replaced {last} before anything read it; that change is lost"
        return ""

    def delete(self, path: str) -> None:
        """Remove one file or symlink (a link is removed itself, never the file it points to)."""
        shown = _show(path)
        with self._at(path, follow_last=False) as place:
            if place.st is None:
                raise SandboxError(f"{shown} does not exist; list the folder (list_dir) to see what is there")
            if place.name is None or not (stat.S_ISREG(place.st.st_mode) or stat.S_ISLNK(place.st.st_mode)):
                raise SandboxError(f"refused: {shown} is not a regular file; only files can be deleted")
            for hook in list(self.write_hooks):
                hook(place.rel)
            unlink_at(place.parent, place.name)

    def exists(self, path: str) -> bool:
        """True when the path names an existing file or folder inside the sandbox."""
        with self._at(path, lenient=True) as place:
            return place.st is not None

    def _open_folder(self, path: str, place: _Place) -> int | str:
        if place.name is None:
            return place.parent
        try:
            return open_dir(place.parent, place.name)
        except OSError as exc:
            raise _os_error(exc, _show(path)) from None
        finally:
            close(place.parent)

    def list_dir(self, path: str = ".") -> list[str]:
        """The entries of one folder, sorted, folders with a trailing '/'."""
        place = self._locate(path)
        if place.st is None or not stat.S_ISDIR(place.st.st_mode):
            close(place.parent)
            if place.st is None:
                raise SandboxError(f"{_show(path)} does not exist; list the folder (list_dir) to see what is there")
            raise SandboxError(f"{_show(path)} is a file, not a folder; read it with read_file instead")
        folder = self._open_folder(path, place)
        try:
            with os.scandir(folder) as found:
                entries = [(e.name, e.is_dir(follow_symlinks=False)) for e in found]
        finally:
            close(folder)
        return [name + ("/" if is_dir else "") for name, is_dir in sorted(entries)
                if name not in SKIPPED_NAMES and not name.startswith(".tmp-")]

    def files(self, path: str = ".") -> list[str]:
        """Every regular file under a folder (links not followed), as sorted relative paths."""
        place = self._locate(path)
        if place.st is None:
            close(place.parent)
            raise SandboxError(f"{_show(path)} does not exist; list the folder (list_dir) to see what is there")
        if not stat.S_ISDIR(place.st.st_mode):
            close(place.parent)
            return [place.rel] if stat.S_ISREG(place.st.st_mode) else []
        prefix = "" if place.name is None else place.rel + "/"
        found: list[str] = []
        collect_files(self._open_folder(path, place), prefix, found, SKIPPED_NAMES)
        return sorted(found)

    def snapshot(self) -> dict[str, bytes]:
        """Every file's bytes by relative path (for tests and rollback checks)."""
        return {rel: self._read_bytes(rel, limit=None, single_name=False)[1] for rel in self.files()}

    def iter_text_files(self, path: str = ".") -> Iterator[tuple[str, str]]:
        """(relative path, text) of every readable text file under a folder."""
        for rel in self.files(path):
            try:
                yield rel, self.read_text(rel)
            except SandboxError:
                continue

    # ---- commands ------------------------------------------------------------------------
    def command_env(self) -> dict[str, str]:
        """The environment of a command run here: a minimal one, with no API key of any provider."""
        env = {k: os.environ[k] for k in INHERITED_ENV if k in os.environ}
        # No bytecode files, a fixed hash seed, and no third-party pytest plugins (they would
        # load the whole notebook stack and cost seconds per run).
        env.update(HOME=str(self._home), USERPROFILE=str(self._home), PYTHONDONTWRITEBYTECODE="1",
                   PYTHONHASHSEED="0", PYTHONPATH=str(self.root), NO_COLOR="1", PYTHONIOENCODING="utf-8",
                   PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
        return env

    def run(self, args: list[str], timeout: float = 60.0, *, input_text: str | None = None) -> CommandResult:
        """Run a command with the sandbox as working folder; output has the sandbox path hidden.

        The command gets `command_env()`, its own process group (killed, grandchildren included,
        when it returns or times out) and at most `timeout` seconds.
        """
        with tempfile.TemporaryFile(dir=self._tmp) as out, tempfile.TemporaryFile(dir=self._tmp) as given:
            given.write((input_text or "").encode("utf-8"))
            given.seek(0)
            proc = subprocess.Popen(args, cwd=self.root, env=self.command_env(), stdin=given, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=os.name == "posix")
            timed_out = False
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                _kill_group(proc)
            out.seek(0)
            text = out.read(MAX_OUTPUT_BYTES).decode("utf-8", "replace")
        if timed_out:
            return CommandResult(-1, self._hide(text) + f"\n[stopped after {timeout:g} s timeout]", True)
        return CommandResult(proc.returncode, self._hide(text))

    def python(self, *args: str, timeout: float = 60.0, input_text: str | None = None) -> CommandResult:
        """Run this Python interpreter inside the sandbox (`python -m pytest ...` and the like)."""
        return self.run([sys.executable, *args], timeout=timeout, input_text=input_text)

    def search(self, pattern: str, path: str = ".", *, limit: int = 50, timeout: float = 5.0) -> tuple[list[str], int]:
        """Lines matching a regular expression, as 'file:line: text' (at most `limit`), and the total.

        The matching runs in a separate process stopped after `timeout` seconds: Python's `re`
        cannot be interrupted, and a pattern like `(a+)+$` can backtrack for hours.
        """
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise SandboxError(f"{_show(pattern)} is not a valid regular expression ({exc}); escape special "
                               "characters such as ( or [ with a backslash") from None
        texts = dict(self.iter_text_files(path))
        job = json.dumps({"pattern": pattern, "limit": limit, "files": sorted(texts.items())})
        done = self.python("-I", "-S", "-c", _SEARCH_WORKER, timeout=timeout, input_text=job)
        if done.timed_out:
            raise SandboxError(f"search stopped after {timeout:g} s: the pattern {_show(pattern)} backtracks "
                               "too much; simplify it (avoid nested repeats such as (a+)+ or (.*)*)")
        try:
            answer = json.loads(done.output)
            return answer["hits"], answer["total"]
        except (ValueError, KeyError, TypeError):
            raise SandboxError(f"search failed (the matching process exited with code {done.returncode}); "
                               "try a simpler pattern") from None

    def _hide(self, text: str) -> str:
        for folder in (str(self.root), str(self._home), os.path.realpath(self._tmp), self._tmp):
            text = text.replace(folder + os.sep, "").replace(folder, ".")
        return text


_SEARCH_WORKER = """\
import json, re, sys
job = json.loads(sys.stdin.read())
regex, hits, total = re.compile(job["pattern"]), [], 0
for rel, text in job["files"]:
    for number, line in enumerate(text.splitlines(), 1):
        if regex.search(line):
            total += 1
            if len(hits) < job["limit"]:
                hits.append(f"{rel}:{number}: {line.strip()[:200]}")
sys.stdout.write(json.dumps({"hits": hits, "total": total}))
"""


def _fold(stack: list[str], rest: list[str], shown: str, via: str) -> list[str]:
    """Append the not-yet-existing rest of a path to the resolved part, as text."""
    parts = list(stack)
    for part in rest:
        if part == "..":
            if not parts:
                raise _outside(shown, via)
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return parts


def _outside(shown: str, link: str) -> SandboxError:
    where = f"{_show(link)} is a symlink" if link else "a symlink on the way"
    return SandboxError(f"refused: {shown} resolves outside the project ({where} pointing out of it); "
                        "only files inside the project can be used")


def _os_error(exc: OSError, shown: str) -> SandboxError:
    """An OS error in the model's terms: its own path, never the host's."""
    if exc.errno == errno.ENAMETOOLONG:
        return SandboxError(f"refused: {shown} is too long for a file name; use a shorter path")
    reason = exc.strerror or (str(exc) if exc.filename is None else type(exc).__name__)
    return SandboxError(f"{shown}: the file system said {reason!r}; nothing was changed by this call")


def _kill_group(proc: subprocess.Popen) -> None:
    """Stop a command and everything it started (its process group), then reap it."""
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    elif proc.poll() is None:
        proc.kill()
    proc.wait()


def _remove(tmp: str, root_fd: int | None) -> None:
    if root_fd is not None:
        try:
            os.close(root_fd)
        except OSError:
            pass
    shutil.rmtree(tmp, ignore_errors=True)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _show(path: object) -> str:
    text = repr(str(path))
    return text if len(text) <= 70 else text[:60] + "…'"
