"""What a new learner meets first: the README, `make lab`, and the map of the source documents."""
from __future__ import annotations

import json
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _lab_command(*args: str) -> str:
    import subprocess

    out = subprocess.run(["make", "-n", "lab", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return next(line for line in out.splitlines() if "jupyter lab" in line)


def test_make_lab_opens_on_the_course_map_with_no_second_notebook():
    command = _lab_command()
    assert "--LabApp.default_url=/lab/tree/lessons/00_index.ipynb" in command
    assert ".ipynb " not in command.replace("00_index.ipynb", "")


def test_make_lab_opens_the_zh_cn_edition_when_asked():
    assert "--LabApp.default_url=/lab/tree/lessons/zh-CN/00_index.ipynb" in _lab_command("EDITION=zh-CN")


def test_make_lab_skips_jupyterlabs_news_prompt():
    text = (ROOT / "Makefile").read_text()
    line = next(l for l in text.splitlines() if l.strip().startswith("printf") and "fetchNews" in l)
    settings = json.loads(shlex.split(line.strip())[-3])
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_readme_says_who_how_long_and_where_the_documents_are_mapped():
    readme = (ROOT / "README.md").read_text()
    top = readme.split("## What you will learn")[0]
    assert "For developers" in top and "hours" in top
    assert "OWNER/REPO" not in readme
    assert "docs/source-map.md" in readme and (ROOT / "docs" / "source-map.md").exists()


def test_source_map_covers_every_section_of_both_documents():
    text = (ROOT / "docs" / "source-map.md").read_text()
    first, second = text.split("## The second document")
    for section in "一 二 三 四 五 六".split():
        assert f"| {section} |" in first, section
    for sub in ("一.1", "一.2", "二.1", "二.2", "三.1", "三.2", "三.3", "四.1", "四.2", "五.1", "五.2"):
        assert f"| {sub} |" in first, sub
    for n, subs in {1: 6, 2: 6, 3: 3, 4: 3, 5: 3, 6: 3}.items():
        assert f"| {n} |" in second, n
        for k in range(1, subs + 1):
            assert f"| {n}.{k} |" in second, f"{n}.{k}"
    assert "| 7.4 |" in second and "| 7.5 |" in second
