"""Lesson 4 · Hybrid: declaring dependencies, grouping into waves, the critical path."""
from __future__ import annotations

from typing import Any

from ..checkers import Question, Quiz, equals, exercise, returns, satisfies, trace_metrics


def _ordered(t: Any) -> bool:
    """combine after both reads, publish after combine, and nothing failed."""
    return bool(t.ok and t.span("combine").start >= max(t.span("read_a").end, t.span("read_b").end)
                and t.span("publish").start >= t.span("combine").end)


depends_on = exercise(
    "04.depends-on",
    trace_metrics(makespan=3.0, min_concurrency=2),
    satisfies(_ordered, "combine must start after both reads, and publish after combine (and nothing may fail)."),
    hint="ToolCall(id='combine', ..., depends_on=('read_a', 'read_b')) and "
         "ToolCall(id='publish', ..., depends_on=('combine',)); then course.execute(batch, tools=step_tools, mode='hybrid').",
    solution='batch = [ToolCall(id="read_a", name="step", arguments={"what": "a"}),\n'
             '         ToolCall(id="read_b", name="step", arguments={"what": "b"}),\n'
             '         ToolCall(id="combine", name="step", arguments={"what": "combine"}, depends_on=("read_a", "read_b")),\n'
             '         ToolCall(id="publish", name="step", arguments={"what": "publish"}, depends_on=("combine",))]\n'
             'dep_trace = course.execute(batch, tools=step_tools, mode="hybrid")')

levels = exercise(
    "04.levels",
    returns([(({"a": [], "b": [], "c": ["a", "b"], "d": ["c"]},), [["a", "b"], ["c"], ["d"]]),
             (({"read_a": [], "read_b": [], "parse_a": ["read_a"], "parse_b": ["read_b"]},),
              [["read_a", "read_b"], ["parse_a", "parse_b"]]),
             (({"x": [], "y": ["x"], "z": ["x", "y"], "w": []},), [["x", "w"], ["y"], ["z"]])],
            what="levels"),
    hint="level(id) = 0 with no dependencies, else 1 + the largest level of its dependencies. "
         "Then collect ids by level, in the dict's order.",
    solution="def levels(deps):\n    level = {}\n    def of(i):\n"
             "        if i not in level:\n            level[i] = 1 + max((of(d) for d in deps[i]), default=-1)\n"
             "        return level[i]\n"
             "    waves = {}\n    for i in deps:\n        waves.setdefault(of(i), []).append(i)\n"
             "    return [waves[k] for k in sorted(waves)]")

critical_path = exercise(
    "04.critical-path", equals(7.0, what="the critical path"),
    hint="Each chain's length is the sum of its two steps; the critical path is the longer chain.",
    solution="critical = max(1.0 + 3.0, 3.0 + 4.0)  # read_b → parse_b")

quiz = Quiz("04.quiz", [
    Question("How many model calls does all mode make for one batch?",
             {"a": "one", "b": "two: one to plan the batch, one to read the results", "c": "one per tool"},
             "b", "the document's table says one"),
    Question("Which branch of the document's decision tree cannot be decided by the runtime?",
             {"a": "'has dependencies'", "b": "'needs intermediate results to adjust'", "c": "neither"},
             "b", "a model that needs a result first asks for the next call in a later turn"),
    Question("Why can group-by-group waves be slower than dataflow?",
             {"a": "each wave waits for its slowest call", "b": "waves use more threads",
              "c": "they are not slower"}, "a", "dataflow starts a call as soon as its own inputs are ready"),
])

EXERCISES = {e.id: e for e in (depends_on, levels, critical_path, quiz)}


# ---- appended for "Anthropic's alternative": unordered calls, re-issued on error ---------------------
from ..checkers import Wrong as _Wrong, exercise as _exercise  # noqa: E402


def _unordered_turns_check(answer: Any) -> None:
    if isinstance(answer, float) and answer.is_integer():
        answer = int(answer)
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise _Wrong(f"answer with a whole number of model turns, got {type(answer).__name__}.")
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
