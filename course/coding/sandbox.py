"""A sandbox: a throw-away copy of a project, with every path confined to it."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import weakref
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator

from ..errors import CourseError

MAX_READ_BYTES = 1_000_000
SKIPPED_NAMES = {"__pycache__", ".pytest_cache", ".git", ".mypy_cache"}


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


class Sandbox:
    """A fresh temporary copy of a project; every path is checked to stay inside it.

    Paths are relative to the project root (absolute paths are accepted only when they point
    inside the copy). Writes are atomic (a temporary file, then os.replace), so a refused or
    failed write leaves the old file exactly as it was.
    """

    def __init__(self, source: str | os.PathLike[str] | None = None, *, prefix: str = "course-sandbox-",
                 max_read_bytes: int = MAX_READ_BYTES) -> None:
        src = Path(source) if source is not None else bundled_project()
        if not src.is_dir():
            raise FileNotFoundError(f"Cannot copy {str(src)!r} into a sandbox: it is not a folder.")
        self._tmp = tempfile.mkdtemp(prefix=prefix)
        self.root = Path(os.path.realpath(self._tmp)) / "project"
        # symlinks=True copies a link as a link (never the outside file it points to); resolve() refuses it later.
        shutil.copytree(src, self.root, symlinks=True,
                        ignore=shutil.ignore_patterns(*SKIPPED_NAMES, "*.pyc"))
        self.max_read_bytes = max_read_bytes
        self.write_hooks: list[Callable[[str], None]] = []  # called with the relative path before each write
        self._finalizer = weakref.finalize(self, shutil.rmtree, self._tmp, True)

    # ---- lifetime ------------------------------------------------------------------------
    def cleanup(self) -> None:
        """Delete the temporary copy."""
        self._finalizer()

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    def __repr__(self) -> str:
        return f"<Sandbox {len(self.files())} files>"

    # ---- paths ---------------------------------------------------------------------------
    def resolve(self, path: str | os.PathLike[str], *, must_exist: bool = False) -> Path:
        """The real path inside the sandbox that `path` names; SandboxError if it would leave it."""
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
        if len(path) > 4096 or any(len(part) > 255 for part in path.split("/")):
            raise SandboxError(f"refused: {shown} is too long for a file name; use a shorter path")
        candidate = Path(path) if os.path.isabs(path) else self.root / path
        lexical = Path(os.path.normpath(candidate))
        if not _inside(lexical, self.root):
            how = "it is an absolute path outside" if os.path.isabs(path) else "its '..' parts climb out of"
            raise SandboxError(f"refused: {shown} leaves the project folder ({how} the project); "
                               "use a path relative to the project root, e.g. 'shop/cart.py'")
        real = Path(os.path.realpath(lexical))
        if not _inside(real, self.root):
            link = self._first_symlink(lexical)
            where = f"{_show(self.relative(link))} is a symlink" if link else "a symlink on the way"
            raise SandboxError(f"refused: {shown} resolves outside the project ({where} pointing out of it); "
                               "only files inside the project can be used")
        if must_exist and not real.exists():
            raise SandboxError(f"{shown} does not exist; list the folder (list_dir) to see what is there")
        return real

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

    def _first_symlink(self, lexical: Path) -> Path | None:
        current = self.root
        for part in lexical.relative_to(self.root).parts:
            current = current / part
            if current.is_symlink():
                return current
        return None

    # ---- files ---------------------------------------------------------------------------
    def read_text(self, path: str) -> str:
        """The text of one file inside the sandbox."""
        real = self.resolve(path, must_exist=True)
        shown = _show(path)
        if real.is_dir():
            raise SandboxError(f"{shown} is a folder, not a file; list it with list_dir instead")
        if not real.is_file():
            raise SandboxError(f"refused: {shown} is not a regular file (a pipe or device could block "
                               "or never end); read ordinary files only")
        size = real.stat().st_size
        if size > self.max_read_bytes:
            raise SandboxError(f"refused: {shown} has {size} bytes, more than the {self.max_read_bytes}-byte "
                               "read limit; search it with a pattern instead")
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))  # a link swapped in meanwhile fails
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(self.max_read_bytes + 1)
        if b"\x00" in data[:8192]:
            raise SandboxError(f"refused: {shown} looks like a binary file; only text files can be read")
        return data.decode("utf-8", errors="replace")

    def write_text(self, path: str, text: str) -> str:
        """Write a whole file atomically (temp file + os.replace); return its relative path."""
        if not isinstance(text, str):
            raise SandboxError(f"refused: the content must be text, got {type(text).__name__}")
        real = self.resolve(path)
        shown = _show(path)
        if real == self.root:
            raise SandboxError("refused: cannot write to the project root itself; name a file inside it")
        if real.is_dir():
            raise SandboxError(f"refused: {shown} is a folder; name a file inside it")
        if real.exists() and not real.is_file():
            raise SandboxError(f"refused: {shown} is not a regular file; only ordinary files can be written")
        parent = real.parent
        if not parent.is_dir():
            if parent.exists():
                raise SandboxError(f"refused: {_show(self.relative(parent))} is a file, so it cannot hold {shown}")
            parent.mkdir(parents=True)
            self.resolve(self.relative(parent))  # re-check: nothing was swapped in on the way
        rel = self.relative(real)
        for hook in list(self.write_hooks):
            hook(rel)
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=".tmp-", suffix=".write")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            if real.exists():
                os.chmod(tmp, stat.S_IMODE(real.stat().st_mode))
            os.replace(tmp, real)  # atomic: readers see the old file or the new one, never half of it
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return rel

    def delete(self, path: str) -> None:
        """Remove one file (used by rollback to undo a file a write created)."""
        real = self.resolve(path, must_exist=True)
        if not real.is_file() or real.is_symlink():
            raise SandboxError(f"refused: {_show(path)} is not a regular file; only files can be deleted")
        for hook in list(self.write_hooks):
            hook(self.relative(real))
        real.unlink()

    def exists(self, path: str) -> bool:
        """True when the path names an existing file or folder inside the sandbox."""
        return self.resolve(path).exists()

    def list_dir(self, path: str = ".") -> list[str]:
        """The entries of one folder, sorted, folders with a trailing '/'."""
        real = self.resolve(path, must_exist=True)
        if not real.is_dir():
            raise SandboxError(f"{_show(path)} is a file, not a folder; read it with read_file instead")
        entries = []
        for entry in sorted(real.iterdir(), key=lambda p: p.name):
            if entry.name in SKIPPED_NAMES or entry.name.startswith(".tmp-"):
                continue
            entries.append(entry.name + ("/" if entry.is_dir() and not entry.is_symlink() else ""))
        return entries

    def files(self, path: str = ".") -> list[str]:
        """Every regular file under a folder (links not followed), as sorted relative paths."""
        start = self.resolve(path, must_exist=True)
        found = []
        for dirpath, dirnames, filenames in os.walk(start):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_NAMES)
            for name in filenames:
                full = Path(dirpath) / name
                if full.is_file() and not full.is_symlink() and not name.endswith(".pyc"):
                    found.append(self.relative(full))
        return sorted(found)

    def snapshot(self) -> dict[str, bytes]:
        """Every file's bytes by relative path (for tests and rollback checks)."""
        return {rel: (self.root / rel).read_bytes() for rel in self.files()}

    def iter_text_files(self, path: str = ".") -> Iterator[tuple[str, str]]:
        """(relative path, text) of every readable text file under a folder."""
        for rel in self.files(path):
            try:
                yield rel, self.read_text(rel)
            except SandboxError:
                continue

    # ---- commands ------------------------------------------------------------------------
    def run(self, args: list[str], timeout: float = 60.0) -> CommandResult:
        """Run a command with the sandbox as working folder; output has the sandbox path hidden."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
        # No bytecode files, a fixed hash seed, and no third-party pytest plugins (they would
        # load the whole notebook stack and cost seconds per run).
        env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0", PYTHONPATH=str(self.root),
                   NO_COLOR="1", PYTHONIOENCODING="utf-8", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
        try:
            done = subprocess.run(args, cwd=self.root, env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            text = (exc.output or b"").decode("utf-8", "replace")
            return CommandResult(-1, self._hide(text) + f"\n[stopped after {timeout:g} s timeout]", True)
        return CommandResult(done.returncode, self._hide(done.stdout.decode("utf-8", "replace")))

    def python(self, *args: str, timeout: float = 60.0) -> CommandResult:
        """Run this Python interpreter inside the sandbox (`python -m pytest ...` and the like)."""
        return self.run([sys.executable, *args], timeout=timeout)

    def _hide(self, text: str) -> str:
        return text.replace(str(self.root) + os.sep, "").replace(str(self.root), ".")


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _show(path: object) -> str:
    text = repr(str(path))
    return text if len(text) <= 70 else text[:60] + "…'"
