"""One terminology (docs/zh-CN/glossary.md): the glossary names every agreed term, and the Chinese the
runtime prints and lesson 7 uses avoids the variants the glossary rules out."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = (ROOT / "docs" / "zh-CN" / "glossary.md").read_text(encoding="utf-8")

# The agreed terms: each must stand in the glossary.
TERMS = ["口径", "秒、毫秒", "30–50%", "练习 1：", "笔记本", "线程池", "墙钟时间", "校验", "提前发起", "基线",
         "运行记录（trace）", "跨度（span）", "快 N 倍", "| 链 |", "用户、助手、工具", "每分钟约 300 字"]
TITLES = ["课程地图", "什么是并行 tool calling", "一次一个调用", "全部一起执行", "混合模式：按依赖调度", "最佳实践",
          "真实模型：一批调用，四种接口格式", "一个真正的 coding agent", "超越文档"]

# Variants the glossary rules out, as they would appear in Chinese text.
RULED_OUT = {
    "墙上时间": r"墙上时间", "实计": r"实计", "降低 N×": r"降低\s*[0-9.{}a-z_]+\s*×", "加速 N×": r"加速\s*\{?[0-9.a-z_]+\}?\s*×",
    "边流式边派发": r"边流式边派发", "练习 N——": r"练习 \d+——", "N s (use 秒)": r"[0-9}] s(?![A-Za-z])",
    "N ms (use 毫秒)": r"[0-9}] ms\b", "基准 (use 基线)": r"基准", "30–50 % (use 30–50%)": r"30–50 %",
    "thread pool (use 线程池)": r"thread pool", "算法 (use 口径)": r"算法", "验证 (use 校验)": r"验证",
    "环 as a link (use 一步)": r"一环|\d+\s*\*?\s*环",
}


def _runtime_messages() -> dict[str, str]:
    """The runtime's own catalog, course.po (the lessons' exercises, exercises.po, aside)."""
    with (ROOT / "course" / "i18n" / "locale" / "zh_CN" / "LC_MESSAGES" / "course.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def _lesson7_chinese() -> list[str]:
    cells = json.loads((ROOT / "i18n" / "zh-CN" / "07_coding_agent.json").read_text(encoding="utf-8"))["cells"]
    return ["".join(entry["zh"]) for entry in cells.values() if entry.get("zh")]


@pytest.mark.parametrize("term", TERMS + TITLES)
def test_the_glossary_names_every_agreed_term(term: str) -> None:
    assert term in GLOSSARY


@pytest.mark.parametrize("source", ["runtime catalog", "lesson 7"])
def test_no_ruled_out_variant_in_the_chinese_we_print(source: str) -> None:
    texts = list(_runtime_messages().values()) if source == "runtime catalog" else _lesson7_chinese()
    found = [(name, text[:80]) for text in texts for name, pattern in RULED_OUT.items() if re.search(pattern, text)]
    assert not found, f"{source} uses variants the glossary rules out: {found}"


def test_a_ruled_out_variant_would_be_found() -> None:
    assert re.search(RULED_OUT["降低 N×"], "延迟最多降低 3.7×")
    assert re.search(RULED_OUT["N s (use 秒)"], "共 2 s，2 个模型轮次")
    assert not re.search(RULED_OUT["N s (use 秒)"], "共 2 秒；2 个工具调用 (tools)")
