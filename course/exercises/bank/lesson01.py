"""Lesson 1 · What parallel tool calling is: batch or chain, the latency table, an I/O-heavy run."""
from __future__ import annotations

from ..checkers import (Question, Quiz, equals, exercise, no_placeholders, same_keys_values,
                         trace_metrics)

sort_tools = exercise(
    "01.sort-tools", no_placeholders(),
    same_keys_values({"read src/app.py and src/db.py": "batch", "grep for two patterns": "batch",
                      "lint two packages": "batch", "edit app.py, then run its tests": "chain",
                      "write config.json, then read it back": "chain", "list the tests/ folder": "batch"},
                     what="task"),
    hint="Ask of each task: does a later step need an earlier step's result, or change what it reads? "
         "Then it is a chain.",
    solution='tasks = {"read src/app.py and src/db.py": "batch", "grep for two patterns": "batch",\n'
             '         "lint two packages": "batch", "edit app.py, then run its tests": "chain",\n'
             '         "write config.json, then read it back": "chain", "list the tests/ folder": "batch"}')

serial_total = exercise(
    "01.serial-total", no_placeholders(), equals((6.35, 7.35), what="the (low, high) total"),
    hint="Low end: 1.5 + 5 × 0.150 + 2 × 0.300 + 1.5 + 2.0. The high end uses 2.5 for the model.",
    solution="serial_total = (1.5 + 5 * 0.150 + 2 * 0.300 + 1.5 + 2.0,\n"
             "                2.5 + 5 * 0.150 + 2 * 0.300 + 1.5 + 2.0)")

io_heavy = exercise(
    "01.io-heavy", trace_metrics(llm_calls=2, min_concurrency=7, makespan=0.7),
    hint="Make a ScriptedModel whose plan is just [investigate], latency=0.2, and run an Agent with mode='all'.",
    solution='only_reads = course.ScriptedModel(plan=[investigate], final="Found it.", latency=0.2)\n'
             'io_trace = course.Agent(model=only_reads, tools=tools, mode="all").run_sync("Find the bug")')

quiz = Quiz("01.quiz", [
    Question("Which axis does OpenAI's `parallel_tool_calls=false` control?",
             {"a": "whether the agent runs the calls of a batch concurrently",
              "b": "how many tool calls the model may send in one turn",
              "c": "both"}, "b", "it limits the model to at most one call per turn; running them is up to you"),
    Question("In pi-mono, what do the values 'one-at-a-time' and 'all' configure?",
             {"a": "how many queued user messages are injected per turn (steering / follow-up)",
              "b": "how tool calls are executed (toolDeliveryMode)",
              "c": "the concurrency cap"}, "a", "tool execution is the separate toolExecution option"),
    Question("A change cuts latency by 50 %. What speed-up is that?",
             {"a": "1.5×", "b": "50×", "c": "2×"}, "c", "the new time is half the old one"),
    Question("Where did most of the simulated bug fix's saving come from?",
             {"a": "overlapping the tool calls", "b": "fewer model turns", "c": "a faster build"},
             "b", "compare the two printed savings above"),
])

EXERCISES = {e.id: e for e in (sort_tools, serial_total, io_heavy, quiz)}
