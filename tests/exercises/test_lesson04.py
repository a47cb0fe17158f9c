"""Lesson 4's checkers audited: per exercise, correct variants pass and wrong ones fail naming their slip,
in English and in Chinese (course.exercises.audit)."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import course
from course import ToolCall
from course.exercises import get
from course.exercises.audit import Variant, audit, coverage


def _step():
    @course.tool(latency=1.0)
    async def step(what: str) -> str:
        """Do one step of the job."""
        return f"{what} done"
    return [step]


def _batch(ids=("read_a", "read_b", "combine", "publish"), deps=None):
    a, b, c, p = ids
    deps = deps if deps is not None else {c: (a, b), p: (c,)}
    return [ToolCall(id=i, name="step", arguments={"what": i}, depends_on=deps.get(i, ())) for i in ids]


def _execute(batch, mode="hybrid", **kw):
    return lambda: course.execute(batch, tools=_step(), mode=mode, **kw)


def _agent(batch, mode="hybrid", latency=0.5):
    model = course.ScriptedModel(plan=[batch], final="Published.", latency=latency)
    return lambda: course.Agent(model=model, tools=_step(), mode=mode).run_sync("Do the job")


def _f(fn):
    return lambda: fn


def levels_recursive(deps):
    level = {}
    def of(i):
        if i not in level:
            level[i] = 1 + max((of(d) for d in deps[i]), default=-1)
        return level[i]
    waves = {}
    for i in deps:
        waves.setdefault(of(i), []).append(i)
    return [waves[k] for k in sorted(waves)]


def levels_kahn(deps):
    remaining, waves = dict(deps), []
    while remaining:
        done = {i for w in waves for i in w}
        wave = [i for i, d in remaining.items() if set(d) <= done]
        waves.append(wave)
        for i in wave:
            del remaining[i]
    return waves


def levels_sets(deps):
    return [set(w) for w in levels_kahn(deps)]


def levels_by_count(deps):
    waves = {}
    for i, d in deps.items():
        waves.setdefault(len(d), []).append(i)
    return [waves[k] for k in sorted(waves)]


def levels_dropping_roots(deps):
    return levels_kahn(deps)[1:]


def levels_as_dict(deps):
    return dict(enumerate(levels_kahn(deps)))


VARIANTS = {
    "04.depends-on": [
        Variant("course.execute", _execute(_batch())),
        Variant("course.Agent in hybrid mode", _agent(_batch())),
        Variant("an Agent with another latency", _agent(_batch(), latency=0.2)),
        Variant("own ids, shuffled", _execute(list(reversed(_batch(("f1", "f2", "merge", "final")))))),
        Variant("redundant dependencies, waves", _execute(_batch(deps={"combine": ("read_a", "read_b"),
                                                                       "publish": ("read_a", "read_b", "combine")}),
                                                          scheduler="waves")),
        Variant("auto mode", _agent(_batch(), mode="auto")),
        Variant("no dependencies", _execute(_batch(deps={})), "failed", says="none of your calls declares depends_on",
                zh="depends_on"),
        Variant("all mode", _execute(_batch(), mode="all"), "failed", says="only mode='hybrid'", zh="mode='hybrid'"),
        Variant("an agent in all mode", _agent(_batch(), mode="all"), "failed", says="only mode='hybrid'",
                zh="mode='hybrid'"),
        Variant("three calls", _execute(_batch()[:3]), "failed", says="has 3 call", zh="有 3 个"),
        Variant("combine needs one read", _execute(_batch(deps={"combine": ("read_a",), "publish": ("combine",)})),
                "failed", says="depend on both reads", zh="同时依赖两次读取"),
        Variant("one after another", _execute(_batch(deps={"read_b": ("read_a",), "combine": ("read_a", "read_b"),
                                                           "publish": ("combine",)})), "failed",
                says="depend on nothing", zh="不依赖"),
        Variant("sequential mode", _execute(_batch(), mode="sequential"), "failed", says="one after the other",
                zh="一个接一个"),
        Variant("the batch, not the trace", lambda: _batch(), "failed", says="should be the Trace", zh="Trace"),
    ],
    "04.levels": [
        Variant("recursive levels", _f(levels_recursive)),
        Variant("Kahn's algorithm", _f(levels_kahn)),
        Variant("sets per wave", _f(levels_sets)),
        Variant("reversed inside each wave", _f(lambda deps: [list(reversed(w)) for w in levels_kahn(deps)])),
        Variant("one wave", _f(lambda deps: [list(deps)]), "failed", says="later waves", zh="后面的波里"),
        Variant("a flat list", _f(lambda deps: list(deps)), "failed", says="later waves", zh="后面的波里"),
        Variant("by number of dependencies", _f(levels_by_count), "failed", says="1 \\+ the latest wave",
                zh="\\+ 1"),
        Variant("roots dropped", _f(levels_dropping_roots), "failed", says="exactly one wave", zh="恰好出现在一波里"),
        Variant("a dict of waves", _f(levels_as_dict), "failed", says="list of waves", zh="由波组成的列表"),
        Variant("called, not passed", lambda: levels_kahn({"a": []}), "failed", says="without calling it",
                zh="不要调用它"),
    ],
    "04.critical-path": [
        Variant("the solution", lambda: max(1.0 + 3.0, 3.0 + 4.0)),
        Variant("an int", lambda: 7),
        Variant("a fraction", lambda: Fraction(7)),
        Variant("numpy", lambda: np.float64(7.0)),
        Variant("a 0-d array", lambda: np.array(7.0)),
        Variant("total work", lambda: 11.0, "failed", says="total work", zh="总工作量"),
        Variant("the old path", lambda: 4.0, "failed", says="before the change", zh="改动之前"),
        Variant("the old waves", lambda: 6.0, "failed", says="waves", zh="分波"),
        Variant("milliseconds", lambda: 7000, "failed", says="milliseconds", zh="毫秒"),
        Variant("a string", lambda: "7 s", "failed", says="should be a number", zh="数字"),
        Variant("a chain", lambda: ["read_b", "parse_b"], "failed", says="should be a number", zh="数字"),
    ],
    "04.explore-unordered": [
        Variant("the solution", lambda: 1 + 3 + 1),
        Variant("a float", lambda: 5.0),
        Variant("numpy", lambda: np.int64(5)),
        Variant("hybrid's two", lambda: 2, "failed", says="what hybrid needs", zh="混合"),
        Variant("one turn per call", lambda: 12, "failed", says="one turn per call", zh="每个调用一轮"),
        Variant("one short", lambda: 4, "failed", says="one short", zh="少了一轮"),
        Variant("one too many", lambda: 6, "failed", says="one too many", zh="多了一轮"),
        Variant("one-at-a-time's seven", lambda: 7, "failed", says="one-at-a-time", zh="one-at-a-time"),
        Variant("a fraction of a turn", lambda: 5.5, "failed", says="whole number", zh="整数"),
        Variant("far off", lambda: 20, "failed", says="count the first turn", zh="第一轮"),
    ],
    "04.quiz": [
        Variant("int keys", lambda: {1: "b", 2: "b", 3: "a"}),
        Variant("string keys", lambda: {"1": "b", "2": "b", "3": "a"}),
        Variant("Q keys", lambda: {"Q1": "B", "q2": "b", "Q3.": "a)"}),
        Variant("a list", lambda: ["b", "b", "a"]),
        Variant("left open", lambda: {"1": "b", "2": "b"}, "unattempted", says="Q3: ⏳", zh="第 3 题：⏳"),
        Variant("one model call", lambda: {1: "a", 2: "b", 3: "a"}, "failed", says="second call", zh="第二次"),
        Variant("one per tool", lambda: {1: "c", 2: "b", 3: "a"}, "failed", says="one-at-a-time", zh="one-at-a-time"),
        Variant("dependencies undecidable", lambda: {1: "b", 2: "a", 3: "a"}, "failed", says="depends_on",
                zh="depends_on"),
        Variant("threads", lambda: {1: "b", 2: "b", 3: "b"}, "failed", says="threads", zh="线程"),
        Variant("not slower", lambda: {1: "b", 2: "b", 3: "c"}, "failed", says="measured waves slower", zh="分波比数据流慢"),
    ],
}


@pytest.mark.parametrize("exercise_id", sorted(VARIANTS))
def test_every_variant_gets_its_verdict_and_names_its_slip(exercise_id):
    assert audit(get(exercise_id), VARIANTS[exercise_id]) == []


def test_every_exercise_has_three_correct_and_five_wrong_variants():
    assert coverage(4, VARIANTS) == []
