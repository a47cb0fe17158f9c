"""Tables that line up in Chinese: widths count monospace columns, a CJK character two."""
from __future__ import annotations

import pytest

import course
from course import i18n
from course.textwidth import center, columns, ljust, rjust, width


def test_a_cjk_character_takes_two_columns_and_a_combining_mark_none():
    assert width("abc") == 3
    assert width("模型轮次") == 8
    assert width("（秒）") == 6  # full-width punctuation is two columns too
    assert width("e\u0301") == 1  # e + a combining acute accent
    assert width("✅ 正确") == 7


def test_padding_counts_columns_not_characters():
    assert ljust("模型", 6) == "模型  " and rjust("模型", 6) == "  模型" and center("模型", 7) == " 模型  "
    assert ljust("一个很长的名字", 4) == "一个很长的名字"  # never cut


def _starts(line: str, cell: str) -> int:
    """The display column where `cell` starts in `line`."""
    return width(line[:line.index(cell)])


def test_columns_line_up_whatever_the_script():
    text = columns([["模式", "总耗时"], ["one-at-a-time", "5 秒"], ["混合模式", "4 秒"]], align="<>")
    lines = text.splitlines()
    assert len({width(line) for line in lines}) == 1  # every row ends at the same column
    assert _starts(lines[1], "5 秒") == _starts(lines[2], "4 秒")


@pytest.fixture
def chinese():
    i18n.set_language("zh-CN")
    yield
    i18n.set_language("en")


def test_trace_table_columns_line_up_in_chinese(chinese):
    import widgets.scenarios as sc

    lines = sc.pipeline().run(mode="one-at-a-time").table().splitlines()
    assert lines[0].startswith("类型") and "模型第 1 轮" in lines[1]
    starts = {_starts(line, line.split()[-1]) for line in lines}
    assert len(starts) == 1, lines  # the status column starts at one display column in every row
    assert len({width(line[:line.rindex("  ")]) for line in lines}) == 1  # and so everything before it ends there


def test_monitor_report_columns_line_up_in_chinese(chinese):
    import widgets.scenarios as sc

    monitor = course.PerformanceMonitor()
    for mode in ("one-at-a-time", "hybrid"):
        monitor.record(sc.pipeline().run(mode=mode))
    lines = monitor.report().splitlines()
    assert lines[0].split()[0] == "模式" and "秒" in lines[1]
    assert len({width(line) for line in lines}) == 1, lines


def test_english_tables_keep_their_layout():
    import widgets.scenarios as sc

    trace = sc.pipeline().run(mode="one-at-a-time")
    assert trace.table().splitlines()[:2] == [
        "kind  name               call         start     end  status",
        "llm   model turn 1       -            0.000   0.500  ok"]
    monitor = course.PerformanceMonitor()
    monitor.record(trace)
    assert monitor.report().splitlines() == ["mode           runs  avg makespan  avg turns  failed",
                                             "one-at-a-time     1        5.500s       5.00       0"]
