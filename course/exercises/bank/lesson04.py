"""Lesson 4 · Hybrid: declaring dependencies, grouping into waves, the critical path."""
from __future__ import annotations

from typing import Any

from ..checkers import (Question, Quiz, Wrong, _need_function, as_number, equals, exercise, measure,
                         trace_metrics)


def _ordered(t: Any) -> None:
    """Judge the batch by its shape, whatever ids the learner chose: two calls with no
    dependencies (the reads), one that depends on both (combine), one after it (publish)."""
    calls = list(t.calls)
    if len(calls) != 4:
        raise Wrong(f"your batch has {len(calls)} call(s); the job has four: two reads, combine, publish.")
    if not t.ok:
        bad = next(r for r in t.results if not r.ok)
        raise Wrong(f"{bad.call_id} failed: {bad.error}")
    deps = {c.id: set(c.depends_on) for c in calls}
    roots = [i for i, d in deps.items() if not d]
    if len(roots) == 4:
        raise Wrong("none of your calls declares depends_on: give combine depends_on=(<both read ids>) "
                    "and publish depends_on=(<combine's id>,).")
    if len(roots) != 2:
        raise Wrong(f"{len(roots)} of your calls depend on nothing; only the two reads should.")
    combine = [i for i, d in deps.items() if set(roots) <= d and len(d) == 2]
    if len(combine) != 1:
        raise Wrong(f"one call (combine) should depend on both reads, {roots[0]!r} and {roots[1]!r}.")
    publish = [i for i in deps if i not in roots and i not in combine]
    if combine[0] not in deps[publish[0]]:
        raise Wrong(f"{publish[0]!r} (publish) should depend on {combine[0]!r} (combine).")
    start = {s.call_id: s.start for s in t.tool_spans}
    end = {s.call_id: s.end for s in t.tool_spans}
    if start[combine[0]] < max(end[r] for r in roots) or start[publish[0]] < end[combine[0]]:
        raise Wrong(f"your dependencies are right, but the {t.mode} run started combine or publish before "
                    "its inputs finished: only mode='hybrid' honours depends_on inside one batch.")


def _tool_time(t: Any) -> None:
    """The tools take 3 s (two reads together, then combine, then publish), whether the batch ran
    alone (course.execute) or through an agent (course.Agent), whose model turns are not counted."""
    tool_s = round(t.makespan - t.llm_time, 6)
    if t.max_concurrency < 2:
        raise Wrong(f"the two reads ran one after the other ({tool_s:g} s of tool time): nothing makes them "
                    "wait for each other, so hybrid should run them together.")
    if abs(tool_s - 3.0) > 1e-6:
        raise Wrong(f"the tools took {tool_s:g} s; reads together, then combine, then publish take 3 s.")


depends_on = exercise(
    "04.depends-on",
    trace_metrics(), _ordered, _tool_time,
    hint="ToolCall(id='combine', ..., depends_on=('read_a', 'read_b')) and "
         "ToolCall(id='publish', ..., depends_on=('combine',)); then course.execute(batch, tools=step_tools, "
         "mode='hybrid') (or a course.Agent in hybrid mode).",
    solution='batch = [ToolCall(id="read_a", name="step", arguments={"what": "a"}),\n'
             '         ToolCall(id="read_b", name="step", arguments={"what": "b"}),\n'
             '         ToolCall(id="combine", name="step", arguments={"what": "combine"}, depends_on=("read_a", "read_b")),\n'
             '         ToolCall(id="publish", name="step", arguments={"what": "publish"}, depends_on=("combine",))]\n'
             'dep_trace = course.execute(batch, tools=step_tools, mode="hybrid")')

_LEVEL_CASES = [({"a": [], "b": [], "c": ["a", "b"], "d": ["c"]}, [["a", "b"], ["c"], ["d"]]),
                ({"read_a": [], "read_b": [], "parse_a": ["read_a"], "parse_b": ["read_b"]},
                 [["read_a", "read_b"], ["parse_a", "parse_b"]]),
                ({"x": [], "y": ["x"], "z": ["x", "y"], "w": []}, [["x", "w"], ["y"], ["z"]])]


def _levels_check(fn: Any) -> None:
    """Waves in order; the ids inside one wave may come in any order (they run together)."""
    _need_function(fn)
    for deps, want in _LEVEL_CASES:
        got = measure(fn, {k: list(v) for k, v in deps.items()}).value
        shown = f"levels({deps}) returned {got!r}; expected {want} (any order inside a wave)."
        try:
            waves = [sorted(w) for w in got]
        except TypeError:
            raise Wrong(f"return a list of waves (lists of ids). {shown}") from None
        if waves == [sorted(w) for w in want]:
            continue
        flat = [i for w in got for i in w] if all(isinstance(w, (list, tuple, set)) for w in got) else list(got)
        if len(waves) == 1 or all(isinstance(w, str) for w in got):
            raise Wrong(f"{shown} Calls that depend on others belong in later waves.")
        if sorted(flat) != sorted(deps):
            raise Wrong(f"{shown} Every id appears in exactly one wave.")
        raise Wrong(f"{shown} A call's wave is 1 + the latest wave among its dependencies.")


levels = exercise(
    "04.levels", _levels_check,
    hint="level(id) = 0 with no dependencies, else 1 + the largest level of its dependencies. "
         "Then collect ids by level, in the dict's order.",
    solution="def levels(deps):\n    level = {}\n    def of(i):\n"
             "        if i not in level:\n            level[i] = 1 + max((of(d) for d in deps[i]), default=-1)\n"
             "        return level[i]\n"
             "    waves = {}\n    for i in deps:\n        waves.setdefault(of(i), []).append(i)\n"
             "    return [waves[k] for k in sorted(waves)]")

_CRITICAL_SLIPS = [
    (11.0, "that is the total work of all four calls; the critical path is the longest chain of dependent calls."),
    (4.0, "that is the chain read_a → parse_a, or the path before the change; parse_b now takes 4 s."),
    (6.0, "6 s is what waves took before the change; the critical path is the longest chain of dependent "
          "calls after it."),
]

critical_path = exercise(
    "04.critical-path", equals(7.0, what="the critical path", unit="s", slips=_CRITICAL_SLIPS),
    hint="Each chain's length is the sum of its two steps; the critical path is the longer chain.",
    solution="critical = max(1.0 + 3.0, 3.0 + 4.0)  # read_b → parse_b")

quiz = Quiz("04.quiz", [
    Question("How many model calls does all mode make for one batch?",
             {"a": "one", "b": "two: one to plan the batch, one to read the results", "c": "one per tool"},
             "b", "the document's table says one, but the model must also read the results",
             wrong={"a": "the model turn that reads the results and answers is a second call.",
                    "c": "that is one-at-a-time; all mode delivers the whole batch in one turn."}),
    Question("Which branch of the document's decision tree cannot be decided by the runtime?",
             {"a": "'has dependencies'", "b": "'needs intermediate results to adjust'", "c": "neither"},
             "b", "a model that needs a result first asks for the next call in a later turn",
             wrong={"a": "declared dependencies (depends_on) are data the runtime can read and schedule.",
                    "c": "the runtime cannot know what a result will make the model want next."}),
    Question("Why can group-by-group waves be slower than dataflow?",
             {"a": "each wave waits for its slowest call", "b": "waves use more threads",
              "c": "they are not slower"}, "a", "dataflow starts a call as soon as its own inputs are ready",
             wrong={"b": "both schedulers run the same calls on one event loop; threads are not the difference.",
                    "c": "the two-chains example above measured waves slower than dataflow."}),
])

EXERCISES = {e.id: e for e in (depends_on, levels, critical_path, quiz)}


# ---- appended for "Anthropic's alternative": unordered calls, re-issued on error ---------------------
from ..checkers import Wrong as _Wrong, exercise as _exercise  # noqa: E402


def _unordered_turns_check(answer: Any) -> None:
    number = as_number(answer)
    if number is None or not float(number).is_integer():
        raise _Wrong(f"answer with a whole number of model turns, got {answer!r}.")
    answer = int(number)
    if answer == 4:
        raise _Wrong("4 is one short: count the first turn (the whole batch), one turn per link of merge → "
                     "process → save, and the final answer.")
    if answer == 6:
        raise _Wrong("6 is one too many: after the first turn, merge, process and save are re-issued one per "
                     "turn (three turns), and one more turn answers.")
    if answer == 7:
        raise _Wrong("7 is one-at-a-time's count for three files; the unordered strategy runs the reads "
                     "together in the first turn.")
    if answer == 2:
        raise _Wrong("2 is what hybrid needs; the unordered strategy re-issues each link of the chain in a turn "
                     "of its own.")
    if answer in (11, 12, 13, 14):
        raise _Wrong(f"{answer} would be one turn per call; the ten reads all succeed in the first turn, "
                     "together. Only the chain after them is re-issued.")
    if answer != 5:
        raise _Wrong(f"{answer} turns is not what the run takes; count the first turn, one turn per link of "
                     "merge → process → save, and the final answer.")


explore_unordered = _exercise(
    "04.explore-unordered", _unordered_turns_check,
    hint="The reads never fail, however many there are. Which calls fail in the first turn, and how many "
         "turns does each of them wait for its input?",
    solution="turns_for_10_files = 1 + 3 + 1  # the whole batch, merge, process, save, the final answer")

EXERCISES[explore_unordered.id] = explore_unordered
