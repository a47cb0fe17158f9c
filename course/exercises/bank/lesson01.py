"""Lesson 1 · What parallel tool calling is: batch or chain, the latency table, an I/O-heavy run."""
from __future__ import annotations

from typing import Any

from ..checkers import (Question, Quiz, Wrong, equals, exercise, no_placeholders, same_keys_values,
                         trace_metrics)

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

serial_total = exercise(
    "01.serial-total", no_placeholders(), equals((6.35, 7.35), what="the (low, high) total", unit="s"),
    hint="Low end: 1.5 + 5 × 0.150 + 2 × 0.300 + 1.5 + 2.0. The high end uses 2.5 for the model.",
    solution="serial_total = (1.5 + 5 * 0.150 + 2 * 0.300 + 1.5 + 2.0,\n"
             "                2.5 + 5 * 0.150 + 2 * 0.300 + 1.5 + 2.0)")

def _only_the_investigation(trace: Any) -> None:
    """The run holds the seven investigation calls and nothing else (no build, no tests)."""
    names = sorted({c.name for c in getattr(trace, "calls", [])})
    extra = [n for n in names if n not in ("read_file", "search")]
    if extra:
        raise Wrong(f"your run also called {', '.join(extra)}: run only the first batch "
                    "(the five reads and two searches), so the task is all I/O.")
    if getattr(trace, "llm_calls", None) == 0:
        raise Wrong("this run had no model (course.execute runs one batch alone): run it with "
                    "course.Agent(...).run_sync(...), so the model turns count too.")


io_heavy = exercise(
    "01.io-heavy", trace_metrics(), _only_the_investigation,
    trace_metrics(llm_calls=2, min_concurrency=7, makespan=0.7),
    hint="Make a ScriptedModel whose plan is just [investigate], latency=0.2, and run an Agent with mode='all'.",
    solution='only_reads = course.ScriptedModel(plan=[investigate], final="Found it.", latency=0.2)\n'
             'io_trace = course.Agent(model=only_reads, tools=tools, mode="all").run_sync("Find the bug")')

def _half_cut(answer: Any) -> None:
    """The per-turn latency at which batching cuts the simulated bug fix by half: 1.375 s."""
    if not isinstance(answer, (int, float)) or isinstance(answer, bool):
        raise Wrong(f"give a number of seconds, got {type(answer).__name__}.")
    if answer <= 0:
        raise Wrong(f"{answer:g} s per turn is no model at all; the answer is a positive number of seconds.")
    cut = 1 - (4 * answer + 3.8) / (10 * answer + 4.85)
    if abs(answer - 1.375) > 0.01:
        slip = (" That looks like milliseconds: give seconds." if abs(answer - 1375) < 10 else
                " Between two values you tried, the cut crosses 50 %: narrow it down, or solve the formula.")
        raise Wrong(f"at {answer:g} s per turn the cut is {cut:.1%}, not 50 %.{slip}")


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
