"""Lesson 3's checkers audited: per exercise, correct variants pass and wrong ones fail naming their slip,
in English and in Chinese (course.exercises.audit), judged the same whatever ran before."""
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


async def gather_list(read, paths):
    return list(await asyncio.gather(*(read(p) for p in paths)))


async def taskgroup(read, paths):
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(read(p)) for p in paths]
    return [t.result() for t in tasks]


async def tasks_then_await(read, paths):
    tasks = [asyncio.create_task(read(p)) for p in paths]
    return [await t for t in tasks]


async def serial(read, paths):
    return [await read(p) for p in paths]


async def no_await(read, paths):
    return asyncio.gather(*(read(p) for p in paths))


async def tasks_not_awaited(read, paths):
    return [asyncio.create_task(read(p)) for p in paths]


async def coroutines(read, paths):
    return [read(p) for p in paths]


async def finishing_order(read, paths):
    return [await f for f in asyncio.as_completed([read(p) for p in paths])]


async def nested_run(read, paths):
    async def main():
        return await asyncio.gather(*(read(p) for p in paths))
    return asyncio.run(main())


async def first_only(read, paths):
    return [await read(paths[0])]


async def safe_gather(read, paths):
    results = await asyncio.gather(*(read(p) for p in paths), return_exceptions=True)
    return [f"error: {r}" if isinstance(r, Exception) else r for r in results]


async def safe_wrappers(read, paths):
    async def one(p):
        try:
            return await read(p)
        except Exception as exc:
            return f"error: {exc}"
    return await asyncio.gather(*(one(p) for p in paths))


async def safe_taskgroup(read, paths):
    async def one(p):
        try:
            return await read(p)
        except Exception as exc:
            return f"error: {exc}"
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(one(p)) for p in paths]
    return [t.result() for t in tasks]


async def safe_raw(read, paths):
    return await asyncio.gather(*(read(p) for p in paths), return_exceptions=True)


async def safe_no_await(read, paths):
    return asyncio.gather(*(read(p) for p in paths), return_exceptions=True)


async def safe_serial(read, paths):
    out = []
    for p in paths:
        try:
            out.append(await read(p))
        except Exception as exc:
            out.append(f"error: {exc}")
    return out


async def plain_gather(read, paths):
    return await asyncio.gather(*(read(p) for p in paths))


async def safe_dropped(read, paths):
    results = await asyncio.gather(*(read(p) for p in paths), return_exceptions=True)
    return [r for r in results if not isinstance(r, Exception)]


def _append_line(lock=False):
    disk = {"notes.md": "# Notes\n"}
    guard = asyncio.Lock() if lock else None

    async def append_line(path: str, line: str) -> str:
        """Append a line to a file (read, then write back)."""
        text = disk.get(path, "")
        await asyncio.sleep(0.5)
        disk[path] = text + line + "\n"
        return "ok"

    async def locked_append(path: str, line: str) -> str:
        """Append a line to a file under a lock."""
        async with guard:
            return await append_line(path, line)
    return locked_append if lock else append_line


def _tool(lock=False, **kw):
    return lambda: course.tool(_append_line(lock), latency=0.5, name="append_line", **kw)


VARIANTS = {
    "03.gather": [
        Variant("gather", _f(gather_list)),
        Variant("a TaskGroup", _f(taskgroup)),
        Variant("tasks, then await each", _f(tasks_then_await)),
        Variant("gather's own list", _f(plain_gather)),
        Variant("a loop of awaits", _f(serial), "failed", says="one after another", zh="一个接一个"),
        Variant("a forgotten await", _f(no_await), "failed", says="left out an `await`", zh="漏了一个 `await`"),
        Variant("tasks never awaited", _f(tasks_not_awaited), "failed", says="without awaiting it",
                zh="却没有 await"),
        Variant("coroutines returned", _f(coroutines), "failed", says="coroutine objects", zh="协程对象"),
        Variant("finishing order", _f(finishing_order), "failed", says="another order", zh="顺序不对"),
        Variant("asyncio.run inside", _f(nested_run), "failed", says=["asyncio.run", "nest_asyncio2"],
                zh=["asyncio.run", "nest_asyncio2"]),
        Variant("only the first", _f(first_only), "failed", says="returned", zh="返回了"),
        Variant("called, not passed", lambda: gather_list(None, []), "failed", says="without calling it",
                zh="不要调用它"),
    ],
    "03.keep-siblings": [
        Variant("return_exceptions", _f(safe_gather)),
        Variant("a wrapper per call", _f(safe_wrappers)),
        Variant("a TaskGroup of wrappers", _f(safe_taskgroup)),
        Variant("raw exceptions", _f(safe_raw), "failed", says="returned", zh="返回了"),
        Variant("a forgotten await", _f(safe_no_await), "failed", says="left out an `await`", zh="漏了一个 `await`"),
        Variant("one after another", _f(safe_serial), "failed", says="one after another", zh="一个接一个"),
        Variant("plain gather", _f(plain_gather), "failed", says="your code raised RuntimeError", zh="RuntimeError"),
        Variant("failures dropped", _f(safe_dropped), "failed", says="returned", zh="返回了"),
        Variant("asyncio.run inside", _f(nested_run), "failed", says="asyncio.run", zh="asyncio.run"),
    ],
    "03.no-lost-update": [
        Variant("the solution", _tool(resources={"write": "{path}"})),
        Variant("a list of resources", _tool(resources={"write": ["file:{path}"]})),
        Variant("a bare key", _tool(resources="{path}")),
        Variant("another name", lambda: course.tool(_append_line(), latency=0.5, name="safe_append",
                                                    resources={"write": "{path}"})),
        Variant("nothing declared", _tool(), "failed", says=["declares no resources", "the lesson's append_line"],
                zh=["没有声明任何资源", "课上的 append_line"]),
        Variant("a lock in the body", _tool(lock=True), "failed", says=["lock", "judges the declaration"],
                zh=["锁", "只看声明"]),
        Variant("declared as a read", _tool(resources={"read": "{path}"}), "failed", says="declares \\{'read'",
                zh="声明的是 \\{'read'"),
        Variant("parallel_safe=False", _tool(parallel_safe=False), "failed", says="parallel_safe=False",
                zh="parallel_safe=False"),
        Variant("one resource for every path", _tool(resources={"write": "notes"}), "failed",
                says="different files", zh="不同文件"),
        Variant("the text", lambda: "# Notes\nline 1\nline 2\n", "failed", says="not the text", zh="而不是文本"),
        Variant("a plain function", lambda: _append_line(), "failed", says="made with course.tool",
                zh="course.tool"),
    ],
    "03.slow-tools": [
        Variant("exact", lambda: 3),
        Variant("the formula", lambda: (0.9 * 5 * 2 * 0.5 - 6 * 0.5) / (5 - 0.9 * 5)),
        Variant("searched", lambda: 2.995),
        Variant("a fraction", lambda: Fraction(3)),
        Variant("numpy", lambda: np.float64(3.0)),
        Variant("the document's turn count", lambda: 4.0, "failed", says="five model turns", zh="5 个模型轮次"),
        Variant("three calls", lambda: 2.333, "failed", says="three calls", zh="3 个调用"),
        Variant("milliseconds", lambda: 3000, "failed", says="milliseconds", zh="毫秒"),
        Variant("too fast", lambda: 1.0, "failed", says=["80.0%", "try slower tools"], zh=["80.0%", "更慢"]),
        Variant("too slow", lambda: 30, "failed", says=["98", "try faster tools"], zh=["98", "更快"]),
        Variant("a string", lambda: "3 s", "failed", says="number of seconds", zh="秒数"),
        Variant("negative", lambda: -1.5, "failed", says="positive number", zh="正"),
    ],
    "03.quiz": [
        Variant("int keys", lambda: {1: "b", 2: "a", 3: "b", 4: "a"}),
        Variant("string keys", lambda: {"1": "b", "2": "a", "3": "b", "4": "a"}),
        Variant("Q keys", lambda: {"Q1": "b", "Q2": "A", "Q3": "b)", "Q4": "a"}),
        Variant("a list", lambda: ["b", "a", "b", "a"]),
        Variant("left open", lambda: {"1": "b"}, "unattempted", says="Q2: ⏳", zh="第 2 题：⏳"),
        Variant("nothing left out", lambda: {1: "c", 2: "a", 3: "b", 4: "a"}, "failed", says="planning|plans",
                zh="规划"),
        Variant("finishing order", lambda: {1: "b", 2: "b", 3: "b", 4: "a"}, "failed", says="as_completed",
                zh="as_completed"),
        Variant("TaskGroup keeps results", lambda: {1: "b", 2: "a", 3: "a", 4: "a"}, "failed",
                says="return_exceptions=True", zh="return_exceptions=True"),
        Variant("gather protects", lambda: {1: "b", 2: "a", 3: "b", 4: "c"}, "failed", says="lost the update",
                zh="丢"),
        Variant("a faster disk", lambda: {1: "b", 2: "a", 3: "b", 4: "b"}, "failed", says="faster disk",
                zh="磁盘"),
    ],
}


@pytest.mark.parametrize("exercise_id", sorted(VARIANTS))
def test_every_variant_gets_its_verdict_and_names_its_slip(exercise_id):
    assert audit(get(exercise_id), VARIANTS[exercise_id]) == []


def test_every_exercise_has_three_correct_and_five_wrong_variants():
    assert coverage(3, VARIANTS) == []



def test_asyncio_run_inside_the_answer_fails_even_after_nest_asyncio2_was_applied():
    """In a child process, because nest_asyncio2 patches asyncio for the rest of the interpreter's life."""
    import subprocess
    import sys
    program = (
        "import asyncio, nest_asyncio2\n"
        "from course.exercises import get\n"
        "loop = asyncio.new_event_loop()\n"
        "nest_asyncio2.apply(loop)\n"
        "async def nested_run(read, paths):\n"
        "    async def main():\n"
        "        return await asyncio.gather(*(read(p) for p in paths))\n"
        "    return asyncio.run(main())\n"
        "outcome = get('03.gather').evaluate(nested_run)\n"
        "assert asyncio.run is not asyncio.runners.run\n"
        "print(outcome.status, outcome.message)\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("failed") and "nest_asyncio2" in done.stdout, done.stdout


def test_a_forgotten_await_leaves_no_exception_for_a_later_cell(caplog, recwarn):
    import gc
    get("03.keep-siblings").evaluate(safe_no_await)
    get("03.gather").evaluate(no_await)
    get("03.gather").evaluate(nested_run)
    gc.collect()
    assert not [r for r in caplog.records if "never retrieved" in r.getMessage()]
    assert not [w for w in recwarn if "never awaited" in str(w.message)]
