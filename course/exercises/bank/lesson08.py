"""Lesson 8 · Beyond the documents: a graph of calls, a better speculative guesser."""
from __future__ import annotations

from typing import Any, Callable

from ...calls import ToolCall
from ...coding.tools import coding_tools
from ..checkers import Question, Quiz, Wrong, exercise
from ...executors import execute
from ...models import ScriptedModel
from ...coding.sandbox import Sandbox
from ...beyond.speculation import SpeculativeAgent
from ...tools import tool


# The lesson's three tools, rebuilt: the small file is quick to read but slow to parse.
@tool(latency=lambda a: {"big.json": 2.0}.get(a["path"], 1.0))
async def read_file(path: str) -> str:
    """Read a file."""
    return f"<{path}>"


@tool(latency=lambda a: 1.5 if "small" in a["text"] else 0.5)
async def parse(text: str) -> str:
    """Parse a file's text (the small file has a slow format)."""
    return f"parsed{text}"


@tool(latency=0.5)
async def merge(a: str, b: str) -> str:
    """Merge two parsed files."""
    return f"{a} + {b}"


def _dag_check(calls: Any) -> None:
    if not isinstance(calls, list) or not all(isinstance(c, ToolCall) for c in calls):
        raise Wrong("give a list of ToolCall objects.")
    trace = execute(calls, [read_file, parse, merge], mode="hybrid")
    final = [r for r in trace.results if r.call_id == "report"]
    if not final:
        raise Wrong("one call must have the id 'report'.")
    want = "parsed<small.json> + parsed<big.json>"
    if not final[0].ok or final[0].output != want:
        raise Wrong(f"report returned {final[0].output or final[0].error!r}; expected {want!r}.")
    if trace.makespan != 3.0:
        raise Wrong(f"the batch took {trace.makespan:g} s; with references it can finish in 3 s (its critical path). "
                    "Are all the reads in the same batch, and is anything chained that need not be?")


dag = exercise(
    "08.dag", _dag_check,
    hint="Two reads with no dependencies; a parse for each referring to its read with '$id'; a merge with "
         "id 'report' referring to both parses.",
    solution='calls = [ToolCall("ra", "read_file", {"path": "small.json"}), ToolCall("rb", "read_file", {"path": "big.json"}),\n'
             '         ToolCall("pa", "parse", {"text": "$ra"}), ToolCall("pb", "parse", {"text": "$rb"}),\n'
             '         ToolCall("report", "merge", {"a": "$pa", "b": "$pb"})]')

# The lesson's reader: one shop module per turn, cart.py, then discounts.py, then config.py.
_CHAIN = [[ToolCall(f"read_{i}", "read_file", {"path": p})]
          for i, p in enumerate(["shop/cart.py", "shop/discounts.py", "shop/config.py"], 1)]


def _predictor_check(predict: Callable[..., Any]) -> None:
    if not callable(predict):
        raise Wrong("pass your function itself.")
    with Sandbox() as box:
        reader = ScriptedModel(plan=_CHAIN, final="found it", latency=0.5)
        trace = SpeculativeAgent(reader, coding_tools(box), predictor=predict).run_sync("why is SAVE10 wrong?")
    if len(trace.hits) < 2:
        raise Wrong(f"only {len(trace.hits)} hit(s): guess the files the model reads in turns 2 and 3.")
    if trace.misses:
        raise Wrong(f"{len(trace.misses)} guess(es) were never used ({', '.join(trace.misses)}), wasting "
                    f"{trace.wasted_time:g} s of tool time; guess less.")


predictor = exercise(
    "08.predictor", _predictor_check,
    hint="After cart.py, the model reads discounts.py; after discounts.py, config.py. Look at which "
         "call ids are in `outputs` to know where you are.",
    solution="def predict(outputs):\n"
             "    if 'read_2' in outputs:\n"
             "        return [ToolCall('g_config', 'read_file', {'path': 'shop/config.py'})]\n"
             "    if 'read_1' in outputs:\n"
             "        return [ToolCall('g_discounts', 'read_file', {'path': 'shop/discounts.py'})]\n"
             "    return []")

quiz = Quiz("08.quiz", [
    Question("With `\"$id\"` references the model plans the whole graph in one turn. Where does most "
             "of the gain over 'one turn per level' come from?",
             {"a": "faster tools", "b": "fewer model turns", "c": "more calls running at once"},
             "b", "the references cost nothing at run time; they save the turns between levels"),
    Question("Which calls may eager dispatch start while the model is still streaming?",
             {"a": "every call, as soon as its name has streamed",
              "b": "parallel-safe calls whose arguments are complete and refer to no other call",
              "c": "only the last call of the reply"},
             "b", "the rest wait for the end of the stream"),
    Question("Which calls may a runtime start speculatively, before the model asks for them?",
             {"a": "reads, never writes", "b": "any call the predictor suggests",
              "c": "writes, because they save the most time"},
             "a", "a guessed write would change the world even when the guess is wrong"),
    Question("Two edits of a batch have written their files when the third fails. What leaves the "
             "project as it was?",
             {"a": "cancelling the siblings", "b": "keeping the siblings",
              "c": "a transaction that restores each file written"},
             "c", "cancelling is not undoing"),
])

EXERCISES = {e.id: e for e in (dag, predictor, quiz)}
