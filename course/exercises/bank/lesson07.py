"""Lesson 7 · A real coding agent: predicting the makespan, the model's edit step, Amdahl's law."""
from __future__ import annotations

import math
from typing import Any, Callable

from ...loop import Agent
from ...coding.tools import bugfix_final, bugfix_plan, coding_tools, project_tests_pass
from ..checkers import Question, Quiz, Wrong, _need_function, as_number, exercise, measure
from ...models import ScriptedModel
from ...coding.sandbox import Sandbox

_BATCH_TOOLS = 0.15 + 0.3 + 1.5 + 2.0   # the longest call of each of the four batches
_ALL_TOOLS = 5 * 0.15 + 2 * 0.3 + 1.5 + 2.0   # every call's time, one after another


def _predict_slips(per_turn: float) -> list[tuple[float, str]]:
    """The wrong makespans learners reach for all mode, each with the slip it shows."""
    want = 5 * per_turn + _BATCH_TOOLS
    return [
        (want - per_turn, "One model turn is missing: four batches need five turns (the last writes the answer)."),
        (want + per_turn, "One model turn too many: one turn per batch (four) and one for the answer."),
        (5 * per_turn + _ALL_TOOLS, "You added every call's time; in all mode the calls of a batch overlap: add "
                                    "the longest call of each batch."),
        (10 * per_turn + _ALL_TOOLS, "That is one-at-a-time's makespan (ten turns, every call after the other); "
                                     "the question is all mode's."),
        (want * 1000, "That looks like milliseconds: per_turn and the answer are in seconds."),
    ]


def _predict_check(fn: Callable[..., Any]) -> None:
    """The makespan formula on three per-turn latencies, with the usual slips named."""
    _need_function(fn)
    for per_turn in (0.15, 0.25, 1.0):
        raw = measure(fn, per_turn).value
        got = as_number(raw)
        want = 5 * per_turn + _BATCH_TOOLS
        if got is not None and math.isclose(got, want, abs_tol=1e-6):
            continue
        shown = f"all_mode_makespan({per_turn:g}) returned {raw!r}; expected {want:g} s."
        tol = max(1e-6, 1e-6 * abs(want) * 1000)
        slip = next((why for value, why in _predict_slips(per_turn) if got is not None
                     and math.isclose(got, value, abs_tol=tol)), "")
        raise Wrong(f"{shown} {slip}" if slip else shown)


predict = exercise(
    "07.predict", _predict_check,
    hint="Count the turns in all mode (one per batch, plus the final answer), multiply by per_turn, "
         "then add the longest call of each batch.",
    solution="def all_mode_makespan(per_turn):\n"
             "    return round(5 * per_turn + 0.15 + 0.3 + 1.5 + 2.0, 6)")


def _fixes_with(make_edit: Callable[..., Any]) -> None:
    plan = bugfix_plan()
    plan[3] = make_edit
    with Sandbox() as sb:
        model = ScriptedModel(plan=plan, final=bugfix_final, latency=0.2)
        trace = Agent(model=model, tools=coding_tools(sb), mode="hybrid").run_sync("fix")
        edits = [c for c in trace.calls if c.name in ("edit_file", "write_file")]
        if not edits:
            raise Wrong("your step asked for no edit; return a list with one edit_file ToolCall.")
        if not all(r.ok for r in trace.results):
            bad = next(r for r in trace.results if not r.ok)
            raise Wrong(f"{bad.call_id} failed: {bad.error}")
        if not project_tests_pass(sb):
            raise Wrong("the edit ran, but the tests still fail: look again at what the line computes.")
        with Sandbox() as fresh:
            original, now = fresh.snapshot(), sb.snapshot()
        changed = sorted(p for p in set(original) | set(now) if original.get(p) != now.get(p))
        if changed != ["shop/discounts.py"]:
            raise Wrong(f"only shop/discounts.py should change; these did: {changed}.")


edit_step = exercise(
    "07.edit-step", _fixes_with,
    hint="results['read_discounts'] holds the file's text. Find the line containing 'rate / 100' and "
         "ask edit_file to replace it by the same line without ' / 100'.",
    solution="def make_edit(results):\n"
             "    source = results.get('read_discounts', '')\n"
             "    line = next((l.strip() for l in source.splitlines() if 'rate / 100' in l), None)\n"
             "    if line is None:\n"
             "        return []\n"
             "    return [ToolCall('edit', 'edit_file', {'path': 'shop/discounts.py', 'old': line,\n"
             "                                           'new': line.replace(' / 100', '')})]")


_AMDAHL_SLIPS: list[tuple[Callable[[float, int], float], str]] = [
    (lambda p, n: n, "That is a linear speed-up: the serial part (1 - p) stays, whatever n is."),
    (lambda p, n: (1 - p) + p / n, "That is the new time as a share of the old; the speed-up is 1 over it."),
    (lambda p, n: 1 / (1 - p) if p < 1 else math.inf, "That is the limit as n grows; with n calls the "
                                                       "parallel part still takes p / n."),
    (lambda p, n: p * n + (1 - p), "That multiplies the parallel part by n; divide it: 1 / ((1 - p) + p / n)."),
]


def _amdahl_check(fn: Callable[..., Any]) -> None:
    """Amdahl's law on five cases; a formula learners write instead is named once it is recognised."""
    _need_function(fn)
    cases = [(0.0, 5), (0.5, 2), (0.9, 10), (1.0, 4), (0.625, 5)]
    got = {}
    for p, n in cases:
        try:
            got[(p, n)] = as_number(fn(p, n))
        except ZeroDivisionError:
            got[(p, n)] = math.inf
    for p, n in cases:
        want = 1 / ((1 - p) + p / n)
        if got[(p, n)] is None or not math.isclose(got[(p, n)], want, rel_tol=1e-9):
            slip = next((why for other, why in _AMDAHL_SLIPS if all(
                got[c] is not None and math.isclose(got[c], other(*c), rel_tol=1e-9) for c in cases)), "")
            shown = f"speedup({p}, {n}) returned {got[(p, n)]!r}; expected {want:g}."
            raise Wrong(f"{shown} {slip}" if slip else shown)


amdahl = exercise(
    "07.amdahl", _amdahl_check,
    hint="The serial part (1 - p) stays; the parallel part p is divided by n; the speed-up is 1 over the sum.",
    solution="def speedup(p, n):\n    return 1 / ((1 - p) + p / n)")

quiz = Quiz("07.quiz", [
    Question("In one batch, the agent asks to read '../../etc/passwd' and to search shop/. What happens?",
             {"a": "the sandbox raises and the whole batch is lost",
              "b": "the read becomes an error result the model can read, and the search still runs",
              "c": "the read returns an empty file"},
             "b", "a refused path is a result like any other; its sibling is unaffected",
             wrong={"a": "nothing outside a tool may cost a result: the refusal becomes an error result.",
                    "c": "an empty file would mislead the model; the refusal says what went wrong."}),
    Question("Measured with real tools on a local disk, which calls take most of the tool time?",
             {"a": "the file reads", "b": "the searches", "c": "the test runs"},
             "c", "reads and searches are nearly free locally; starting pytest is not",
             wrong={"a": "a local file read takes about a millisecond; look at the measured table.",
                    "b": "a search over a small project takes milliseconds; the test runs take far longer."}),
    Question("The last batch holds a build and a test run that depends on it. What does `all` mode do?",
             {"a": "runs the build, then the tests, like hybrid",
              "b": "starts the tests alongside the build, ignoring the dependency",
              "c": "refuses the batch"},
             "b", "all starts every call at once; only hybrid honours depends_on in one batch",
             wrong={"a": "that is hybrid; all mode ignores depends_on.",
                    "c": "no mode refuses a batch; all runs it, dependencies and all, at once."}),
    Question("By Amdahl's law, what caps the speed-up from overlapping tool calls?",
             {"a": "the share of the time that cannot overlap (build, tests, model turns)",
              "b": "the number of CPU cores", "c": "nothing: n overlapping calls are always n× faster"},
             "a", "1 / ((1 - p) + p / n) never exceeds 1 / (1 - p)",
             wrong={"b": "waiting on I/O needs no core: the limit is the part that cannot overlap.",
                    "c": "the serial part (build, tests, model turns) stays, whatever n is."}),
])

EXERCISES = {e.id: e for e in (predict, edit_step, amdahl, quiz)}
