"""Lesson 5's checkers audited: per exercise, correct variants pass and wrong ones fail naming their slip,
in English and in Chinese (course.exercises.audit)."""
from __future__ import annotations

import asyncio
from fractions import Fraction

import numpy as np
import pytest

import course
from course.exercises import get
from course.exercises.audit import Variant, audit, coverage


def _f(fn):
    return lambda: fn


def _log_tool(**kw):
    async def append_log(line: str) -> str:
        """Append a line to the shared log."""
        return "ok"
    return lambda: course.tool(append_log, latency=0.5, **kw)


def _plain_log_tool(**kw):
    def write_log(entry: str, level: int = 0) -> str:
        """Append an entry."""
        return "ok"
    return lambda: course.tool(write_log, latency=0.1, name="append_log", **kw)


async def capped_semaphore(read, paths, limit):
    sem = asyncio.Semaphore(limit)
    async def one(p):
        async with sem:
            return await read(p)
    return list(await asyncio.gather(*(one(p) for p in paths)))


async def capped_workers(read, paths, limit):
    results, queue = [None] * len(paths), list(enumerate(paths))
    async def worker():
        while queue:
            i, p = queue.pop(0)
            results[i] = await read(p)
    await asyncio.gather(*(worker() for _ in range(limit)))
    return results


async def capped_tuple(read, paths, limit):
    return tuple(await capped_semaphore(read, paths, limit))


async def uncapped(read, paths, limit):
    return await asyncio.gather(*(read(p) for p in paths))


async def off_by_one(read, paths, limit):
    return await capped_semaphore(read, paths, limit + 1)


async def hard_coded(read, paths, limit):
    return await capped_semaphore(read, paths, 2)


async def serial(read, paths, limit):
    return [await read(p) for p in paths]


async def in_groups(read, paths, limit):
    out = []
    for i in range(0, len(paths), limit):
        out += await asyncio.gather(*(read(p) for p in paths[i:i + limit]))
    return out


async def capped_no_await(read, paths, limit):
    sem = asyncio.Semaphore(limit)
    async def one(p):
        async with sem:
            return await read(p)
    return asyncio.gather(*(one(p) for p in paths))


VARIANTS = {
    "05.mark-unsafe": [
        Variant("the solution", _log_tool(parallel_safe=False)),
        Variant("a plain def tool", _plain_log_tool(parallel_safe=False)),
        Variant("unsafe and a resource", _log_tool(parallel_safe=False, resources={"write": "log"})),
        Variant("unmarked", _log_tool(), "failed", says=["overlapped", "parallel_safe=False"],
                zh="parallel_safe=False"),
        Variant("a resource only", _log_tool(resources={"write": "log"}), "failed", says="same resource",
                zh="parallel_safe=False"),
        Variant("a plain function", lambda: (lambda line: "ok"), "failed", says="should be a Tool", zh="Tool"),
        Variant("a read resource", _log_tool(resources={"read": "log"}), "failed", says="same resource",
                zh="parallel_safe=False"),
        Variant("a plain def, unmarked", _plain_log_tool(), "failed", says="overlapped", zh="parallel_safe=False"),
        Variant("the name as text", lambda: "append_log", "failed", says="should be a Tool", zh="Tool"),
    ],
    "05.cap": [
        Variant("a semaphore", _f(capped_semaphore)),
        Variant("a worker pool", _f(capped_workers)),
        Variant("a tuple of results", _f(capped_tuple)),
        Variant("no cap", _f(uncapped), "failed", says="6 reads ran at once; the limit is 2", zh="上限是 2"),
        Variant("one over the cap", _f(off_by_one), "failed", says="3 reads ran at once", zh="3"),
        Variant("a hard-coded 2", _f(hard_coded), "failed", says="limit=3", zh="limit=3"),
        Variant("one after another", _f(serial), "failed", says="at most 1 read", zh="1"),
        Variant("groups of `limit` (the text asks no more)", _f(in_groups)),
        Variant("a forgotten await", _f(capped_no_await), "failed", says="left out an `await`",
                zh="漏了一个 `await`"),
    ],
    "05.runner-knobs": [
        Variant("the solution", lambda: {"stream": True, "eager": True, "max_concurrent_calls": 6}),
        Variant("a larger cap", lambda: {"stream": True, "eager": True, "max_concurrent_calls": 10}),
        Variant("1 for True", lambda: {"stream": 1, "eager": 1, "max_concurrent_calls": 6}),
        Variant("defaults", lambda: {}, "failed", says="one after another", zh="一个接一个"),
        Variant("eager, default cap", lambda: {"stream": True, "eager": True}, "failed",
                says="max_concurrent_calls", zh="max_concurrent_calls"),
        Variant("an unknown option", lambda: {"parallel": True}, "failed", says="not an option", zh="不是"),
        Variant("eager without stream", lambda: {"eager": True, "max_concurrent_calls": 6}, "failed",
                says="refused|one after another", zh="拒绝|一个接一个", quotes="Eager execution requires streaming"),
        Variant("a list", lambda: ["stream", "eager"], "failed", says="dict", zh="字典"),
        Variant("a cap of 3", lambda: {"stream": True, "eager": True, "max_concurrent_calls": 3}, "failed",
                says="at most 3", zh="3"),
    ],
    "05.explore-cap": [
        Variant("the solution", lambda: 0.5 + 2 * 1.0 + 0.5),
        Variant("a fraction", lambda: Fraction(3)),
        Variant("numpy", lambda: np.float64(3.0)),
        Variant("the last turn forgotten", lambda: 2.5, "failed", says="last model turn", zh="最后一个模型轮次"),
        Variant("one round", lambda: 2.0, "failed", says="count the groups", zh="组"),
        Variant("one round, one turn", lambda: 1.5, "failed", says="count the groups", zh="组"),
        Variant("far off", lambda: 7.0, "failed", says="count the model turns", zh="模型轮次"),
        Variant("a string", lambda: "3 s", "failed", says="number of seconds", zh="秒"),
    ],
    "05.quiz": [
        Variant("int keys", lambda: {1: "a", 2: "b", 3: "a", 4: "b", 5: "b"}),
        Variant("string keys", lambda: {"1": "a", "2": "b", "3": "a", "4": "b", "5": "b"}),
        Variant("a list", lambda: ["A", "b)", "a", "(b)", "b"]),
        Variant("left open", lambda: {"1": "a", "2": "b"}, "unattempted", says="Q3: ⏳", zh="第 3 题：⏳"),
        Variant("slow vs fast", lambda: {1: "b", 2: "b", 3: "a", 4: "b", 5: "b"}, "failed",
                says="per-turn delivery", zh="."),
        Variant("whenever slow", lambda: {1: "a", 2: "a", 3: "a", 4: "b", 5: "b"}, "failed",
                says="overlapping", zh="."),
        Variant("all always right", lambda: {1: "a", 2: "b", 3: "b", 4: "b", 5: "b"}, "failed",
                says="lost an update", zh="."),
        Variant("retry", lambda: {1: "a", 2: "b", 3: "a", 4: "a", 5: "b"}, "failed", says="retrying", zh="."),
        Variant("toolDeliveryMode", lambda: {1: "a", 2: "b", 3: "a", 4: "b", 5: "a"}, "failed",
                says="no toolDeliveryMode", zh="toolDeliveryMode"),
    ],
}


@pytest.mark.parametrize("exercise_id", sorted(VARIANTS))
def test_every_variant_gets_its_verdict_and_names_its_slip(exercise_id):
    assert audit(get(exercise_id), VARIANTS[exercise_id]) == []


def test_every_exercise_has_three_correct_and_five_wrong_variants():
    assert coverage(5, VARIANTS) == []
