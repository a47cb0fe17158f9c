"""Lesson 3 · All at once: your own gather, keeping the siblings, no lost update."""
from __future__ import annotations

from ..checkers import Probe, Question, Quiz, equals, exercise, runs_concurrently

_paths = ["a.txt", "b.txt", "c.txt", "d.txt"]

gather = exercise(
    "03.gather",
    runs_concurrently(lambda read: (read, _paths), expected=[f"result of {p}" for p in _paths],
                      elapsed=1.0, peak=4),
    hint="`await asyncio.gather(*(read(p) for p in paths))` starts every read before waiting for any.",
    solution="async def read_all(read, paths):\n    return list(await asyncio.gather(*(read(p) for p in paths)))")

keep_siblings = exercise(
    "03.keep-siblings",
    runs_concurrently(lambda read: (read, _paths),
                      expected=["result of a.txt", "error: b.txt failed", "result of c.txt", "error: d.txt failed"],
                      elapsed=1.0, peak=4, probe=lambda: Probe(fail={"b.txt", "d.txt"})),
    hint="gather(..., return_exceptions=True) puts the exception object in the list; turn it into "
         "f'error: {exc}'.",
    solution="async def read_all_safe(read, paths):\n"
             "    results = await asyncio.gather(*(read(p) for p in paths), return_exceptions=True)\n"
             "    return [f\"error: {r}\" if isinstance(r, Exception) else r for r in results]")

no_lost_update = exercise(
    "03.no-lost-update", equals("# Notes\nline 1\nline 2\n", what="the file"),
    hint="course.tool(..., resources={'write': '{path}'}) tells hybrid mode that two calls on the same "
         "path conflict, so it runs them one after the other.",
    solution='disk["notes.md"] = "# Notes\\n"\n'
             'safe_append = course.tool(append_line.fn, latency=0.5, name="append_line",\n'
             '                          resources={"write": "{path}"})\n'
             'course.execute(appends, tools=[safe_append], mode="hybrid")\n'
             'final_text = disk["notes.md"]')

quiz = Quiz("03.quiz", [
    Question("The document's 4.5 s vs 1.5 s leaves out…",
             {"a": "the tool time", "b": "the first model turn, which plans the calls", "c": "nothing"},
             "b", "count it in both modes and the ratio drops to the runtime's figure above"),
    Question("Three calls finish in the order 2, 3, 1. In what order are the results returned?",
             {"a": "1, 2, 3", "b": "2, 3, 1", "c": "any order"}, "a", "source order, one per call id"),
    Question("What does `asyncio.TaskGroup` do when one task raises?",
             {"a": "keeps the other results", "b": "cancels the other tasks", "c": "retries the task"},
             "b", "that is why a runtime turns errors into results first"),
    Question("Two concurrent read-modify-write calls on one file. What protects it?",
             {"a": "declaring the write so a scheduler orders the two", "b": "a faster disk",
              "c": "asyncio.gather"}, "a", "readers share; writers need the resource alone"),
])

EXERCISES = {e.id: e for e in (gather, keep_siblings, no_lost_update, quiz)}
