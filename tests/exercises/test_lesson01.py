"""Lesson 1's checkers audited: per exercise, correct variants pass and wrong ones fail naming their slip,
in English and in Chinese (course.exercises.audit)."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import course
from course import ToolCall
from course.exercises import get
from course.exercises.audit import Variant, audit, coverage

TASKS = {"read src/app.py and src/db.py": "batch", "grep for two patterns": "batch", "lint two packages": "batch",
         "edit app.py, then run its tests": "chain", "write config.json, then read it back": "chain",
         "list the tests/ folder": "batch"}


def _tools():
    def coding_tool(name, seconds):
        async def fn(target: str) -> str:
            return f"{name} {target}: ok"
        fn.__doc__ = f"{name}."
        return course.tool(fn, latency=seconds, name=name)
    return [coding_tool("read_file", 0.150), coding_tool("search", 0.300), coding_tool("build", 1.5),
            coding_tool("run_tests", 2.0)]


def _investigate(prefix=""):
    calls = [ToolCall(f"{prefix}read_{i}", "read_file", {"target": f"m{i}.py"}) for i in range(1, 6)]
    return calls + [ToolCall(f"{prefix}search_{i}", "search", {"target": f"p{i}"}) for i in (1, 2)]


def _run(plan, mode="all", latency=0.2, **kw):
    model = course.ScriptedModel(plan=plan, final="Found it.", latency=latency)
    return lambda: course.Agent(model=model, tools=_tools(), mode=mode, **kw).run_sync("Find the bug")


def _with(**changes):
    return lambda: {**TASKS, **changes}


VARIANTS = {
    "01.sort-tools": [
        Variant("the solution", lambda: dict(TASKS)),
        Variant("capitals and spaces", lambda: {k: f" {v.upper()} " for k, v in TASKS.items()}),
        Variant("another key order", lambda: dict(reversed(list(TASKS.items())))),
        Variant("an extra note key is ignored", lambda: {**TASKS, "note": "mine"}),
        Variant("edit-then-test as a batch", _with(**{"edit app.py, then run its tests": "batch"}), "failed",
                says="look again at 'edit app.py", zh="再看看 'edit app.py"),
        Variant("reads as a chain", _with(**{"read src/app.py and src/db.py": "chain"}), "failed",
                says="1 of 6 are wrong", zh="错了 1 个"),
        Variant("a word that is no answer", _with(**{"lint two packages": "parallel"}), "failed",
                says="'parallel'.*not one of the answers", zh="'parallel'.*不是可选的答案"),
        Variant("a task left out", lambda: {k: v for k, v in TASKS.items() if k != "lint two packages"}, "failed",
                says="'lint two packages' is missing", zh="缺了任务 'lint two packages'"),
        Variant("all batch", lambda: {k: "batch" for k in TASKS}, "failed", says="2 of 6 are wrong", zh="错了 2 个"),
        Variant("a list, not a dict", lambda: list(TASKS.values()), "failed", says="should be a dict", zh="字典"),
        Variant("half filled", lambda: {**TASKS, "lint two packages": ...}, "failed", says=r"still has `\.\.\.`",
                zh=r"`\.\.\.`"),
        Variant("not filled", lambda: {k: ... for k in TASKS}, "unattempted"),
    ],
    "01.serial-total": [
        Variant("the solution", lambda: (1.5 + 5 * 0.150 + 2 * 0.300 + 1.5 + 2.0, 2.5 + 5 * 0.150 + 2 * 0.300 + 1.5 + 2.0)),
        Variant("a list", lambda: [6.35, 7.35]),
        Variant("a numpy array", lambda: np.array([6.35, 7.35])),
        Variant("fractions", lambda: (Fraction(127, 20), Fraction(147, 20))),
        Variant("numpy scalars", lambda: (np.float64(6.35), np.float32(7.35))),
        Variant("the document's totals", lambda: (6.5, 7.5), "failed", says="document's stated totals",
                zh="文档写的总计"),
        Variant("the parallel column", lambda: (5.15, 5.75), "failed", says="parallel column", zh="并行那一列"),
        Variant("one read and one search", lambda: (5.45, 6.45), "failed", says="one read and one search",
                zh="一次读取和一次搜索"),
        Variant("no build or test", lambda: (2.85, 3.85), "failed", says="left out the build", zh="漏了构建"),
        Variant("milliseconds", lambda: (6350, 7350), "failed", says="milliseconds", zh="毫秒"),
        Variant("high end first", lambda: (7.35, 6.35), "failed", says="wrong order", zh="顺序"),
        Variant("one number", lambda: 6.85, "failed", says="should be 2 numbers", zh="2 个数"),
        Variant("the high end wrong", lambda: (6.35, 8.0), "failed", says="value 2 is 8 s", zh="第 2 个值是 8 秒"),
        Variant("not filled", lambda: (..., ...), "unattempted"),
    ],
    "01.io-heavy": [
        Variant("the solution", _run([_investigate()])),
        Variant("another latency", _run([_investigate()], latency=0.5)),
        Variant("no model time", _run([_investigate()], latency=0.0)),
        Variant("hybrid, own ids, reversed", _run([list(reversed(_investigate("c_")))], mode="hybrid")),
        Variant("auto", _run([_investigate()], mode="auto")),
        Variant("one call per turn", _run([_investigate()], mode="one-at-a-time"), "failed",
                says="one call per turn", zh="每轮只交付了一个调用"),
        Variant("sequential", _run([_investigate()], mode="sequential"), "failed", says="at most 1 call",
                zh="最多只有 1 个调用"),
        Variant("a cap of two", _run([_investigate()], max_concurrency=2), "failed", says="at most 2 call",
                zh="最多只有 2 个调用"),
        Variant("two batches", _run([_investigate()[:5], _investigate()[5:]]), "failed", says="more than one batch",
                zh="不止一批"),
        Variant("with the build", _run([_investigate(), [ToolCall("b", "build", {"target": "app"})]]), "failed",
                says="also called build", zh="还调用了 build"),
        Variant("course.execute alone", lambda: course.execute(_investigate(), tools=_tools(), mode="all"), "failed",
                says="had no model", zh="没有模型"),
        Variant("only the reads", _run([_investigate()[:5]]), "failed", says="made 5 tool calls", zh="5 个工具调用"),
        Variant("a number", lambda: 0.7, "failed", says="should be the Trace", zh="Trace"),
        Variant("not filled", lambda: ..., "unattempted"),
    ],
    "01.turn-cost": [
        Variant("the formula", lambda: (3.8 - 4.85 / 2) / (10 / 2 - 4)),
        Variant("rounded", lambda: 1.38),
        Variant("a fraction", lambda: Fraction(11, 8)),
        Variant("a numpy scalar", lambda: np.float64(1.375)),
        Variant("a turn forgotten", lambda: 0.917, "failed", says="one model turn too few", zh="少算了一个模型轮次"),
        Variant("the same tool time", lambda: 2.425, "failed", says="serial run's tool time", zh="串行那次的工具时间"),
        Variant("milliseconds", lambda: 1375, "failed", says="milliseconds", zh="毫秒"),
        Variant("from the table, too slow", lambda: 2.0, "failed", says=["52.5%", "try a faster model"],
                zh=["52.5%", "更快"]),
        Variant("from the table, too fast", lambda: 1.0, "failed", says=["47.5%", "try a slower model"],
                zh=["47.5%", "更慢"]),
        Variant("the lesson's 0.2 s", lambda: 0.2, "failed", says="32.8%", zh="32.8%"),
        Variant("a string", lambda: "1.375", "failed", says="number of seconds", zh="秒数"),
        Variant("zero", lambda: 0, "failed", says="no model at all", zh="根本没有模型"),
    ],
    "01.quiz": [
        Variant("int keys", lambda: {1: "b", 2: "a", 3: "c", 4: "b"}),
        Variant("string keys", lambda: {"1": "b", "2": "a", "3": "c", "4": "b"}),
        Variant("Q keys, capitals, brackets", lambda: {"Q1": "B", "q2": "(a)", "Q3": "c)", "Q4": " b "}),
        Variant("a list in order", lambda: ["b", "a", "c", "b"]),
        Variant("the option's words", lambda: {1: "b) how many tool calls the model may send in one turn", 2: "a",
                                               3: "2×", 4: "b"}),
        Variant("one left open is not a failure", lambda: {"1": "b", "2": "a", "3": "c"}, "unattempted",
                says="Q4: ⏳ not answered yet", zh="第 4 题：⏳ 还没作答"),
        Variant("all a", lambda: {1: "a", 2: "a", 3: "a", 4: "a"}, "failed", says="'a' is not it", zh="不是 'a'"),
        Variant("1.5× for 50 %", lambda: {1: "b", 2: "a", 3: "a", 4: "b"}, "failed", says="33 % reduction",
                zh="33 %"),
        Variant("toolDeliveryMode", lambda: {1: "b", 2: "b", 3: "c", 4: "b"}, "failed", says="no toolDeliveryMode",
                zh="toolDeliveryMode"),
        Variant("a letter that is no option", lambda: {1: "d", 2: "a", 3: "c", 4: "b"}, "failed",
                says="not one of the options", zh="不是可选项"),
        Variant("Q4 numbered 5", lambda: {1: "b", 2: "a", 3: "c", 5: "b"}, "failed",
                says="names no question", zh="没有这道题"),
        Variant("overlap for the saving", lambda: {1: "b", 2: "a", 3: "c", 4: "a"}, "failed", says="printed savings",
                zh="节省"),
        Variant("not filled", lambda: {1: ..., 2: ..., 3: ..., 4: ...}, "unattempted"),
    ],
}


@pytest.mark.parametrize("exercise_id", sorted(VARIANTS))
def test_every_variant_gets_its_verdict_and_names_its_slip(exercise_id):
    assert audit(get(exercise_id), VARIANTS[exercise_id]) == []


def test_every_exercise_has_three_correct_and_five_wrong_variants():
    assert coverage(1, VARIANTS) == []
