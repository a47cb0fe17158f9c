"""Lesson 7's checkers audited: per exercise, correct variants pass and wrong ones fail naming their slip,
in English and in Chinese (course.exercises.audit)."""
from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import pytest

from course import ToolCall
from course.exercises import get
from course.exercises.audit import Variant, audit, coverage


def _f(fn):
    return lambda: fn


def _edit(find, replace, path="shop/discounts.py", call_id="edit"):
    def make_edit(results):
        line = next((l.strip() for l in results.get("read_discounts", "").splitlines() if find in l), None)
        if line is None:
            return []
        return [ToolCall(call_id, "edit_file", {"path": path, "old": line, "new": replace(line)})]
    return make_edit


def _rewrite(results):
    """The fix as a write_file of the whole file, which the exercise text allows."""
    source = results.get("read_discounts", "")
    return [ToolCall("w", "write_file", {"path": "shop/discounts.py", "content": source.replace(" / 100", "")})]


def _regex_edit(results):
    old = re.search(r"^.*rate / 100.*$", results["read_discounts"], re.M).group(0).strip()
    return [ToolCall("fix", "edit_file", {"path": "shop/discounts.py", "old": old,
                                          "new": old.replace("rate / 100", "rate")})]


VARIANTS = {
    "07.predict": [
        Variant("the solution", _f(lambda per_turn: round(5 * per_turn + 0.15 + 0.3 + 1.5 + 2.0, 6))),
        Variant("the longest call of each batch", _f(lambda t: 5 * t + max([0.15] * 5) + max(0.3, 0.3) + 1.5 + 2.0)),
        Variant("turn by turn", _f(lambda t: sum([t, 0.15, t, 0.3, t, 1.5, t, 2.0, t]))),
        Variant("numpy", _f(lambda t: np.float64(5 * t + 3.95))),
        Variant("the final turn forgotten", _f(lambda t: 4 * t + 3.95), "failed", says="One model turn is missing",
                zh="少算了一个模型轮次"),
        Variant("a turn too many", _f(lambda t: 6 * t + 3.95), "failed", says="One model turn too many",
                zh="多算了一个模型轮次"),
        Variant("every call's time", _f(lambda t: 5 * t + 4.85), "failed", says="overlap", zh="重叠"),
        Variant("one-at-a-time's makespan", _f(lambda t: 10 * t + 4.85), "failed", says="one-at-a-time",
                zh="one-at-a-time"),
        Variant("milliseconds", _f(lambda t: 1000 * (5 * t + 3.95)), "failed", says="milliseconds", zh="毫秒"),
        Variant("a string", _f(lambda t: f"{5 * t + 3.95} s"), "failed", says="returned", zh="返回了"),
    ],
    "07.amdahl": [
        Variant("the law", _f(lambda p, n: 1 / ((1 - p) + p / n))),
        Variant("another arrangement", _f(lambda p, n: n / (n * (1 - p) + p))),
        Variant("fractions", _f(lambda p, n: 1 / (1 - Fraction(p) + Fraction(p) / n))),
        Variant("linear", _f(lambda p, n: n), "failed", says="linear speed-up", zh="线性加速"),
        Variant("the new time", _f(lambda p, n: (1 - p) + p / n), "failed", says="1 over it", zh="倒数"),
        Variant("the limit", _f(lambda p, n: 1 / (1 - p)), "failed", says="limit as n grows", zh="极限"),
        Variant("multiplied", _f(lambda p, n: p * n + (1 - p)), "failed", says="multiplies the parallel part",
                zh="乘以 n"),
        Variant("n times p", _f(lambda p, n: n * p), "failed", says=r"speedup\(0\.0, 5\)", zh=r"speedup\(0\.0, 5\)"),
        Variant("called, not passed", lambda: 1.5, "failed", says="without calling it", zh="不要调用它"),
    ],
    "07.edit-step": [
        Variant("the solution", _f(_edit("rate / 100", lambda l: l.replace(" / 100", "")))),
        Variant("a regular expression", _f(_regex_edit)),
        Variant("another id", _f(_edit("/ 100", lambda l: l.replace(" / 100", ""), call_id="edit_1"))),
        Variant("the whole file rewritten", _f(_rewrite)),
        Variant("still divides", _f(_edit("rate / 100", lambda l: l.replace("/ 100", "/ 10"))), "failed",
                says="tests still fail", zh="测试仍然失败|测试还是"),
        Variant("no edit", _f(lambda results: []), "failed", says="no edit", zh="edit_file"),
        Variant("a line that is not there", _f(lambda results: [ToolCall("e", "edit_file", {
            "path": "shop/discounts.py", "old": "rate / 1000", "new": "rate"})]), "failed", says="failed",
                zh="失败", quotes="ValueError: .*"),
        Variant("another file", _f(_edit("rate / 100", lambda l: l.replace(" / 100", ""), path="shop/cart.py")),
                "failed", says="failed", zh="失败", quotes="ValueError: .*"),
        Variant("the bug made worse", _f(_edit("rate / 100", lambda l: l.replace(" / 100", " * 100"))), "failed",
                says="tests still fail", zh="测试仍然失败|测试还是"),
    ],
    "07.quiz": [
        Variant("int keys", lambda: {1: "b", 2: "c", 3: "b", 4: "a"}),
        Variant("string keys", lambda: {"1": "b", "2": "c", "3": "b", "4": "a"}),
        Variant("a list", lambda: ["B", "c)", "(b)", "a"]),
        Variant("left open", lambda: {"1": "b"}, "unattempted", says="Q2: ⏳", zh="第 2 题：⏳"),
        Variant("the batch lost", lambda: {1: "a", 2: "c", 3: "b", 4: "a"}, "failed", says="error result", zh="."),
        Variant("reads take the time", lambda: {1: "b", 2: "a", 3: "b", 4: "a"}, "failed", says="millisecond",
                zh="."),
        Variant("all like hybrid", lambda: {1: "b", 2: "c", 3: "a", 4: "a"}, "failed", says="ignores depends_on",
                zh="depends_on"),
        Variant("cores", lambda: {1: "b", 2: "c", 3: "b", 4: "b"}, "failed", says="needs no core", zh="."),
        Variant("always n×", lambda: {1: "b", 2: "c", 3: "b", 4: "c"}, "failed", says="serial part", zh="."),
    ],
}


@pytest.mark.parametrize("exercise_id", sorted(VARIANTS))
def test_every_variant_gets_its_verdict_and_names_its_slip(exercise_id):
    assert audit(get(exercise_id), VARIANTS[exercise_id]) == []


def test_every_exercise_has_three_correct_and_five_wrong_variants():
    assert coverage(7, VARIANTS) == []
