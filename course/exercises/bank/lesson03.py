"""Lesson 3 · All at once: your own gather, keeping the siblings, no lost update."""
from __future__ import annotations

import asyncio
from typing import Any

from ..checkers import Probe, Question, Quiz, Wrong, as_number, exercise, named_slip, runs_concurrently

_paths = ["a.txt", "b.txt", "c.txt", "d.txt"]
# Different latencies, so results returned in the order they finish are caught.
_latency = {"a.txt": 1.0, "b.txt": 0.25, "c.txt": 0.75, "d.txt": 0.5}

gather = exercise(
    "03.gather",
    runs_concurrently(lambda read: (read, _paths), expected=[f"result of {p}" for p in _paths],
                      elapsed=1.0, peak=4, probe=lambda: Probe(latency=_latency)),
    hint="`await asyncio.gather(*(read(p) for p in paths))` starts every read before waiting for any.",
    solution="async def read_all(read, paths):\n    return list(await asyncio.gather(*(read(p) for p in paths)))")

keep_siblings = exercise(
    "03.keep-siblings",
    runs_concurrently(lambda read: (read, _paths),
                      expected=["result of a.txt", "error: b.txt failed", "result of c.txt", "error: d.txt failed"],
                      elapsed=1.0, peak=4, probe=lambda: Probe(latency=_latency, fail={"b.txt", "d.txt"})),
    hint="gather(..., return_exceptions=True) puts the exception object in the list; turn it into "
         "f'error: {exc}'.",
    solution="async def read_all_safe(read, paths):\n"
             "    results = await asyncio.gather(*(read(p) for p in paths), return_exceptions=True)\n"
             "    return [f\"error: {r}\" if isinstance(r, Exception) else r for r in results]")

def _no_lost_update(answer: Any) -> None:
    """Run the learner's tool declaration on the checker's own file: two appends to one path must
    both land in hybrid mode, and appends to two different paths must still overlap."""
    from ...batch import execute
    from ...calls import ToolCall
    from ...tools import Tool, tool
    if isinstance(answer, str):
        raise Wrong("pass the tool itself (safe_append), not the text: the checker runs your declaration "
                    "on two appends of its own, so a typed-in string cannot pass.")
    if not isinstance(answer, Tool):
        raise Wrong(f"pass the tool safe_append (made with course.tool), got {type(answer).__name__}.")
    disk: dict[str, str] = {}

    async def append_line(path: str, line: str) -> str:
        """Append a line to a file (read, then write back)."""
        text = disk.get(path, "# Notes\n")
        await asyncio.sleep(0.5)
        disk[path] = text + line + "\n"
        return "ok"

    copy = tool(append_line, name=answer.name, latency=0.5, parallel_safe=answer.parallel_safe,
                resources=answer.resources)
    same = [ToolCall(f"w{i}", answer.name, {"path": "notes.md", "line": f"line {i}"}) for i in (1, 2)]
    trace = execute(same, tools=[copy], mode="hybrid")
    if not trace.ok:
        bad = next(r for r in trace.results if not r.ok)
        raise Wrong(f"the appends failed: {bad.error}")
    if disk["notes.md"] != "# Notes\nline 1\nline 2\n":
        declared = "declares no resources" if answer.resources is None else f"declares {answer.resources!r}"
        lock = (" A lock inside the tool's body also keeps the two apart, but the scheduler cannot see it, "
                "and the checker judges the declaration, not the body." if _uses_a_lock(answer) else "")
        raise Wrong(f"your tool {declared}, so hybrid mode would start two appends to one file at once: "
                    "the checker ran the lesson's append_line with your declaration and the file ended as "
                    f"{disk['notes.md']!r}.{lock} Declare that it writes the file it is given: "
                    "resources={'write': '{path}'}.")
    disk.clear()
    apart = [ToolCall(f"w{i}", answer.name, {"path": f"notes{i}.md", "line": "x"}) for i in (1, 2)]
    if execute(apart, tools=[copy], mode="hybrid").max_concurrency < 2:
        if not answer.parallel_safe:
            raise Wrong("parallel_safe=False saves the update by running the tool alone, always; declare "
                        "the write instead (resources={'write': '{path}'}), so appends to different files "
                        "can still overlap.")
        raise Wrong("appends to two different files no longer overlap: your declaration names one resource "
                    "for every path. Put the path in it: resources={'write': '{path}'}.")


def _uses_a_lock(answer: Any) -> bool:
    """True when the tool's own function holds or names a lock (asyncio or threading), directly or
    through a variable it closes over or a global it reads."""
    import threading
    fn = getattr(answer, "fn", None)
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    kinds = (asyncio.Lock, asyncio.Semaphore, type(threading.Lock()), type(threading.RLock()))
    seen = [c.cell_contents for c in (fn.__closure__ or ()) if _filled(c)]
    seen += [fn.__globals__.get(n) for n in code.co_names]
    names = (*code.co_names, *code.co_varnames, *code.co_freevars)
    return any(isinstance(v, kinds) for v in seen) or any("lock" in n.lower() for n in names)


def _filled(cell: Any) -> bool:
    """A closure cell that holds a value."""
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


no_lost_update = exercise(
    "03.no-lost-update", _no_lost_update,
    hint="course.tool(..., resources={'write': '{path}'}) tells hybrid mode that two calls on the same "
         "path conflict, so it runs them one after the other.",
    solution='safe_append = course.tool(append_line.fn, latency=0.5, name="append_line",\n'
             '                          resources={"write": "{path}"})')

def _needed_tool_s(n: int, one_turns: int, all_turns: int, model_s: float = 0.5, share: float = 0.9) -> float:
    """The tool seconds t at which (one_turns·m + n·t) / (all_turns·m + t) = share · n."""
    return (share * n * all_turns * model_s - one_turns * model_s) / (n - share * n)


_SLOW_SLIPS = [
    (_needed_tool_s(5, 5, 2), "you counted five model turns one call per turn, as the document does; count "
                              "every turn: n calls need n + 1 (six here)."),
    (_needed_tool_s(3, 4, 2), "that is for three calls, the document's example; this question has five calls per batch."),
    (_needed_tool_s(5, 6, 2) * 1000, "that looks like milliseconds: give seconds."),
]


def _slow_tools(answer: Any) -> None:
    """Tool seconds at which five calls' counted speed-up reaches 90 % of the document's 5×: 3 s."""
    t = as_number(answer)
    if t is None:
        raise Wrong(f"give a number of seconds, got {type(answer).__name__}.")
    if t <= 0:
        raise Wrong("a tool takes a positive number of seconds.")
    share = (3 + 5 * t) / (1 + t) / 5
    if abs(t - _needed_tool_s(5, 6, 2)) > 0.01:
        slip = named_slip(t, _SLOW_SLIPS, tol=0.01)
        if slip:
            raise Wrong(f"with {t:g} s tools the counted speed-up is {share:.1%} of the document's 5×, not 90 %: {slip}")
        direction = "slower" if share < 0.9 else "faster"
        raise Wrong(f"with {t:g} s tools the counted speed-up is {share:.1%} of the document's 5×, not 90 %. "
                    f"Slower tools bring it closer: try {direction} tools, or solve the formula.")


slow_tools = exercise(
    "03.slow-tools", _slow_tools,
    hint="Counted speed-up with n = 5 and 0.5 s turns: (6 × 0.5 + 5 t) / (2 × 0.5 + t). Set it to 0.9 × 5 "
         "and solve for t, or try values in the exploration cell.",
    solution="tool_seconds = (0.9 * 5 * 2 * 0.5 - 6 * 0.5) / (5 - 0.9 * 5)",
    success="The slower the tools, the less the extra planning turn matters.")

quiz = Quiz("03.quiz", [
    Question("The document's 4.5 s vs 1.5 s leaves out…",
             {"a": "the tool time", "b": "the first model turn, which plans the calls", "c": "nothing"},
             "b", "count it in both modes and the ratio drops to the runtime's figure above",
             wrong={"a": "the 3 s and the 1 s in its sums are the tool time.",
                    "c": "the model turn that plans the three calls happens in both modes, and the count skips it."}),
    Question("Three calls finish in the order 2, 3, 1. In what order are the results returned?",
             {"a": "1, 2, 3", "b": "2, 3, 1", "c": "any order"}, "a", "source order, one per call id",
             wrong={"b": "finishing order is what as_completed gives; the runtime returns results in the calls' order.",
                    "c": "the order is fixed: source order, like asyncio.gather's list."}),
    Question("What does `asyncio.TaskGroup` do when one task raises?",
             {"a": "keeps the other results", "b": "cancels the other tasks", "c": "retries the task"},
             "b", "that is why a runtime turns errors into results first",
             wrong={"a": "that is gather(..., return_exceptions=True); the lesson's TaskGroup cell printed 'cancelled'.",
                    "c": "nothing in asyncio retries a task for you."}),
    Question("Two concurrent read-modify-write calls on one file. What protects it?",
             {"a": "declaring the write so a scheduler orders the two", "b": "a faster disk",
              "c": "asyncio.gather"}, "a", "readers share; writers need the resource alone",
             wrong={"b": "a faster disk shortens the window but both calls still read the old text.",
                    "c": "gather is what ran them together and lost the update."}),
])

EXERCISES = {e.id: e for e in (gather, keep_siblings, no_lost_update, slow_tools, quiz)}
