"""Lesson 1 · What parallel tool calling is: batch or chain, the latency table, an I/O-heavy run."""
from __future__ import annotations

from typing import Any

from ..checkers import (Question, Quiz, Wrong, as_number, equals, exercise, named_slip, no_placeholders,
                         same_keys_values, trace_metrics)

sort_tools = exercise(
    "01.sort-tools", no_placeholders(),
    same_keys_values({"read src/app.py and src/db.py": "batch", "grep for two patterns": "batch",
                      "lint two packages": "batch", "edit app.py, then run its tests": "chain",
                      "write config.json, then read it back": "chain", "list the tests/ folder": "batch"},
                     what="task", choices=("batch", "chain")),
    hint="Ask of each task: does a later step need an earlier step's result, or change what it reads? "
         "Then it is a chain.",
    solution='tasks = {"read src/app.py and src/db.py": "batch", "grep for two patterns": "batch",\n'
             '         "lint two packages": "batch", "edit app.py, then run its tests": "chain",\n'
             '         "write config.json, then read it back": "chain", "list the tests/ folder": "batch"}')

_SERIAL_SLIPS = [
    ((6.5, 7.5), "those are the document's stated totals, which do not match its own rows; add up the rows."),
    ((5.15, 5.75), "that is the parallel column; add up the serial one."),
    ((5.45, 6.45), "you counted one read and one search, as the parallel column does; the serial column runs "
                   "five reads (5 × 0.150 s) and two searches (2 × 0.300 s) one after another."),
    ((2.85, 3.85), "you left out the build (1.5 s) and the test run (2.0 s)."),
    ((4.85, 4.85), "that is the tool time alone; add the model's 1.5 s (low) and 2.5 s (high)."),
]

serial_total = exercise(
    "01.serial-total", no_placeholders(),
    equals((6.35, 7.35), what="the (low, high) total", unit="s", slips=_SERIAL_SLIPS),
    hint="Low end: 1.5 + 5 × 0.150 + 2 × 0.300 + 1.5 + 2.0. The high end uses 2.5 for the model.",
    solution="serial_total = (1.5 + 5 * 0.150 + 2 * 0.300 + 1.5 + 2.0,\n"
             "                2.5 + 5 * 0.150 + 2 * 0.300 + 1.5 + 2.0)")

_INVESTIGATION_TOOL_S = 0.3  # the seven calls run together: as long as the slowest, a 0.300 s search


def _only_the_investigation(trace: Any) -> None:
    """The run holds the seven investigation calls and nothing else (no build, no tests), delivered by
    a model in one batch and run together; any per-turn latency is accepted (the task gives none)."""
    names = sorted({c.name for c in getattr(trace, "calls", [])})
    extra = [n for n in names if n not in ("read_file", "search")]
    if extra:
        raise Wrong(f"your run also called {', '.join(extra)}: run only the first batch "
                    "(the five reads and two searches), so the task is all I/O.")
    if getattr(trace, "llm_calls", None) == 0:
        raise Wrong("this run had no model (course.execute runs one batch alone): run it with "
                    "course.Agent(...).run_sync(...), so the model turns count too.")
    calls = len(trace.calls)
    if calls != 7:
        raise Wrong(f"your run made {calls} tool calls; the investigation is seven (five reads, two searches).")
    if trace.llm_calls > 2 and trace.max_concurrency == 1:
        raise Wrong(f"this run delivered one call per turn ({trace.llm_calls} model turns): deliver the whole "
                    "batch in one turn (mode='all'), so it takes two turns.")
    if trace.llm_calls > 2:
        raise Wrong(f"this run took {trace.llm_calls} model turns: the investigation went out in more than one "
                    "batch. Put all seven calls in the plan's first batch, so it takes two turns.")
    tool_s = round(trace.makespan - trace.llm_time, 6)
    if trace.max_concurrency < 7:
        raise Wrong(f"at most {trace.max_concurrency} call(s) ran at once ({tool_s:g} s of tool time): run the "
                    "batch together (mode='all', no cap), so all seven overlap.")
    if abs(tool_s - _INVESTIGATION_TOOL_S) > 1e-6:
        raise Wrong(f"the tools took {tool_s:g} s; run together they take {_INVESTIGATION_TOOL_S:g} s, "
                    "the slowest call.")


io_heavy = exercise(
    "01.io-heavy", trace_metrics(), _only_the_investigation,
    hint="Make a ScriptedModel whose plan is just [investigate] (any latency; 0.2 s like the bug fix), "
         "and run an Agent with mode='all'.",
    solution='only_reads = course.ScriptedModel(plan=[investigate], final="Found it.", latency=0.2)\n'
             'io_trace = course.Agent(model=only_reads, tools=tools, mode="all").run_sync("Find the bug")')

# The bug fix of lesson 1: 10 turns and 4.85 s of tools one call per turn, 4 turns and 3.8 s batched.
_TURNS, _TOOLS = (10, 4), (4.85, 3.8)


def _half_turn(turns: tuple[int, int], tools: tuple[float, float]) -> float:
    """The per-turn latency t at which turns[1]·t + tools[1] = (turns[0]·t + tools[0]) / 2."""
    return (2 * tools[1] - tools[0]) / (turns[0] - 2 * turns[1])


_HALF = _half_turn(_TURNS, _TOOLS)
_TURN_SLIPS = [
    (_half_turn((9, 3), _TOOLS), "you counted one model turn too few in each run: n calls one per turn need "
                                 "n + 1 turns (10 here), a batched run one per batch plus one (4 here)."),
    (_half_turn(_TURNS, (_TOOLS[0], _TOOLS[0])), "you gave both runs the serial run's tool time; the batched run "
                                                 "overlaps the seven investigation calls, so its tools take 3.8 s."),
    (_HALF * 1000, "that looks like milliseconds: give seconds."),
]


def _half_cut(answer: Any) -> None:
    """The per-turn latency at which batching cuts the simulated bug fix by half: 1.375 s."""
    t = as_number(answer)
    if t is None:
        raise Wrong(f"give a number of seconds, got {type(answer).__name__}.")
    if t <= 0:
        raise Wrong(f"{t:g} s per turn is no model at all; the answer is a positive number of seconds.")
    cut = 1 - (_TURNS[1] * t + _TOOLS[1]) / (_TURNS[0] * t + _TOOLS[0])
    if abs(t - _HALF) > 0.01:
        slip = named_slip(t, _TURN_SLIPS, tol=0.01)
        if slip:
            raise Wrong(f"at {t:g} s per turn the cut is {cut:.1%}, not 50 %: {slip}")
        direction = "slower" if cut < 0.5 else "faster"
        raise Wrong(f"at {t:g} s per turn the cut is {cut:.1%}, not 50 %. The cut grows with the turn's "
                    f"cost: try a {direction} model, or solve the formula.")


turn_cost = exercise(
    "01.turn-cost", _half_cut,
    hint="Serial: 10 turns × t plus the tool time of the serial run; batched: 4 turns × t plus the batched "
         "tool time. Set batched = serial / 2 and solve for t (or bisect with the exploration cell).",
    solution="slow, fast = fix[\"one-at-a-time\"], fix[\"all\"]\n"
             "tools_slow, tools_fast = slow.makespan - slow.llm_time, fast.makespan - fast.llm_time\n"
             "half_cut_turn = (tools_fast - tools_slow / 2) / (slow.llm_calls / 2 - fast.llm_calls)",
    success="At that speed the model is most of the serial run, and batching removes six of its ten turns.")

quiz = Quiz("01.quiz", [
    Question("Which axis does OpenAI's `parallel_tool_calls=false` control?",
             {"a": "whether the agent runs the calls of a batch concurrently",
              "b": "how many tool calls the model may send in one turn",
              "c": "both"}, "b", "it limits the model to at most one call per turn; running them is up to you",
             wrong={"a": "the API never runs your tools; how a batch runs is your runtime's choice.",
                    "c": "the flag only reaches the model; your runtime alone decides whether calls overlap."}),
    Question("In pi-mono, what do the values 'one-at-a-time' and 'all' configure?",
             {"a": "how many queued user messages are injected per turn (steering / follow-up)",
              "b": "how tool calls are executed (toolDeliveryMode)",
              "c": "the concurrency cap"}, "a", "tool execution is the separate toolExecution option",
             wrong={"b": "there is no toolDeliveryMode in pi-mono; tool calls follow toolExecution.",
                    "c": "pi-mono has no concurrency cap at all."}),
    Question("A change cuts latency by 50 %. What speed-up is that?",
             {"a": "1.5×", "b": "50×", "c": "2×"}, "c", "the new time is half the old one",
             wrong={"a": "1.5× is a 33 % reduction: speed-up = 1 / (1 − reduction).",
                    "b": "a percentage of the time is not a multiple of the speed."}),
    Question("Where did most of the simulated bug fix's saving come from?",
             {"a": "overlapping the tool calls", "b": "fewer model turns", "c": "a faster build"},
             "b", "compare the two printed savings above",
             wrong={"a": "overlapping the tools saved less than dropping model turns; compare the printed savings.",
                    "c": "the build takes 1.5 s in both runs: nothing can overlap it."}),
])

EXERCISES = {e.id: e for e in (sort_tools, serial_total, io_heavy, turn_cost, quiz)}
