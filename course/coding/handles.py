"""Directory handles for the sandbox: descriptors where the OS has the *at() calls, paths elsewhere.

Every function takes an open folder and a single name inside it, so a walk that opens folder
after folder with `open_dir` (no-follow) never lets the kernel follow a link on its behalf.
"""
from __future__ import annotations

import errno
import os
import secrets

# Where the OS offers the *at() calls (Linux, macOS, the BSDs), directories are handled as
# descriptors and the walk is race-free. Elsewhere (Windows) a handle is a path string: the same
# checks run, but a concurrent swap between check and use is not excluded there.
AT_CALLS = hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY") and all(
    f in os.supports_dir_fd for f in (os.open, os.stat, os.mkdir, os.readlink, os.unlink, os.rename))
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
BINARY = getattr(os, "O_BINARY", 0)
READ_FLAGS = os.O_RDONLY | NOFOLLOW | BINARY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
LINK_SWAPPED = {errno.ELOOP, errno.ENOTDIR, getattr(errno, "EMLINK", errno.ELOOP)}


def lstat_at(folder: int | str, name: str) -> os.stat_result | None:
    """The lstat of `name` in an open folder (links not followed); None when nothing is there."""
    try:
        if isinstance(folder, int):
            return os.stat(name, dir_fd=folder, follow_symlinks=False)
        return os.lstat(os.path.join(folder, name))
    except FileNotFoundError:
        return None


def open_dir(folder: int | str, name: str) -> int | str:
    """Open the sub-folder `name` without following a link (fails with ELOOP/ENOTDIR on one)."""
    if isinstance(folder, int):
        return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
    return os.path.join(folder, name)


def open_at(folder: int | str, name: str, flags: int, mode: int = 0o666) -> int:
    """os.open of `name` relative to an open folder."""
    if isinstance(folder, int):
        return os.open(name, flags, mode, dir_fd=folder)
    return os.open(os.path.join(folder, name), flags, mode)


def readlink_at(folder: int | str, name: str) -> str:
    """The target text of the symlink `name` in an open folder."""
    return os.readlink(name, dir_fd=folder) if isinstance(folder, int) else os.readlink(os.path.join(folder, name))


def mkdir_at(folder: int | str, name: str) -> None:
    """Make the folder `name` in an open folder (no error if it appeared meanwhile)."""
    try:
        if isinstance(folder, int):
            os.mkdir(name, dir_fd=folder)
        else:
            os.mkdir(os.path.join(folder, name))
    except FileExistsError:
        pass  # made meanwhile: the walk looks at it next


def unlink_at(folder: int | str, name: str) -> None:
    """Remove `name` (a file, or a link itself) from an open folder."""
    if isinstance(folder, int):
        os.unlink(name, dir_fd=folder)
    else:
        os.unlink(os.path.join(folder, name))


def atomic_write(folder: int | str, name: str, data: bytes, mode: int | None) -> None:
    """Write `data` under `name` in an open folder: a fresh temp file there, then a rename."""
    tmp = f".tmp-{secrets.token_hex(8)}.write"
    fd = open_at(folder, tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | BINARY, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
        if mode is not None and not hasattr(os, "fchmod"):
            os.chmod(os.path.join(str(folder), tmp), mode)
        if isinstance(folder, int):  # atomic: readers see the old file or the new one, never half of it
            os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
        else:
            os.replace(os.path.join(folder, tmp), os.path.join(folder, name))
    except BaseException:
        try:
            unlink_at(folder, tmp)
        except OSError:
            pass
        raise


def collect_files(folder: int | str, prefix: str, found: list[str], skipped: set[str]) -> None:
    """Add every regular file below an open folder to `found` (links not followed); closes the folder."""
    try:
        with os.scandir(folder) as entries:
            listed = [(e.name, e.is_dir(follow_symlinks=False), e.is_file(follow_symlinks=False)) for e in entries]
        for name, is_dir, is_file in listed:
            if name in skipped or name.startswith(".tmp-"):
                continue
            if is_file and not name.endswith(".pyc"):
                found.append(prefix + name)
            elif is_dir:
                try:
                    child = open_dir(folder, name)
                except OSError:
                    continue  # swapped for a link or removed meanwhile: not ours to follow
                collect_files(child, prefix + name + "/", found, skipped)
    finally:
        close(folder)


def close(handle: int | str) -> None:
    """Close a folder handle (a path needs no closing)."""
    if isinstance(handle, int):
        os.close(handle)


def close_all(handles: list[int | str]) -> None:
    """Close every folder handle in a list."""
    for handle in handles:
        close(handle)
