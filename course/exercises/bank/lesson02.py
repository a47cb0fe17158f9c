"""Lesson 2 · One call at a time: the cost formula, answering every call, deciding from a result."""
from __future__ import annotations

from typing import Any, Callable

from ...calls import ToolCall
from ..checkers import Question, Quiz, exercise, returns, satisfies

cost_formula = exercise(
    "02.cost-formula",
    returns([((3, 1.0, 0.5), 5.0), ((1, 2.0, 0.25), 2.5), ((5, 0.15, 0.2), 1.95), ((0, 1.0, 0.5), 0.5)],
            what="one_at_a_time_seconds"),
    hint="n tool calls need n + 1 model turns: one before each call, and one to write the final answer.",
    solution="def one_at_a_time_seconds(n, tool_s, model_s):\n    return (n + 1) * model_s + n * tool_s")


def _run_tool(name: str, arguments: str) -> str:
    return f"{name}:{arguments}"


def _reply_for(ids: list[str]) -> dict[str, Any]:
    return {"role": "assistant", "content": None,
            "tool_calls": [{"id": i, "type": "function",
                            "function": {"name": "read_file", "arguments": f'{{"name": "{i}"}}'}} for i in ids]}


def _answers_all(fn: Callable[..., Any]) -> bool:
    for ids in (["call_a"], ["call_a", "call_b", "call_c"]):
        reply = fn(_reply_for(ids), _run_tool)
        expected = [{"role": "tool", "tool_call_id": i, "content": _run_tool("read_file", f'{{"name": "{i}"}}')}
                    for i in ids]
        if reply != expected:
            return False
    return True


answer_every_call = exercise(
    "02.answer-every-call",
    satisfies(callable, "pass your function itself (without calling it)."),
    satisfies(_answers_all, "for an assistant message with three calls, return three tool messages, "
                            "one per tool_call_id, in order, each with the run_tool result as content."),
    hint="Loop over assistant_message['tool_calls']; each has an 'id' and a 'function' with "
         "'name' and 'arguments'.",
    solution="def tool_messages(assistant_message, run_tool):\n"
             "    return [{\"role\": \"tool\", \"tool_call_id\": c[\"id\"],\n"
             "             \"content\": run_tool(c[\"function\"][\"name\"], c[\"function\"][\"arguments\"])}\n"
             "            for c in assistant_message[\"tool_calls\"]]")


def _plan_ok(fn: Callable[..., Any]) -> bool:
    for text, fmt in (("format: yaml\nport: 1", "yaml"), ('{"a": 1}', "json"), ("port: 1\nformat: yaml", "yaml")):
        got = fn({"read": text})
        if list(got) != [ToolCall(id="parse", name="parse", arguments={"text": text, "format": fmt})]:
            return False
    return True


decide = exercise(
    "02.decide",
    satisfies(callable, "pass your function itself (without calling it)."),
    satisfies(_plan_ok, "for a YAML file (the marker may be on any line) the batch should be "
                        "[ToolCall(id='parse', name='parse', arguments={'text': ..., 'format': 'yaml'})], "
                        "and 'json' otherwise."),
    hint="`'format: yaml' in results['read']` tells you which parser to pick.",
    solution="def next_call(results):\n    text = results[\"read\"]\n"
             "    fmt = \"yaml\" if \"format: yaml\" in text else \"json\"\n"
             "    return [ToolCall(id=\"parse\", name=\"parse\", arguments={\"text\": text, \"format\": fmt})]")

quiz = Quiz("02.quiz", [
    Question("When is one-at-a-time necessary, not just safe?",
             {"a": "when the calls are slow", "b": "when the next call depends on what a result says",
              "c": "when there are many calls"}, "b", "the model cannot plan a call it cannot yet know it needs"),
    Question("A model sends three tool calls; you run only the first and call the model again. What happens?",
             {"a": "the model asks again for the other two", "b": "it works but is slow",
              "c": "HTTP 400: every tool_call_id needs a tool message"}, "c",
             "unless you rewrite the assistant message to hold one call"),
    Question("How many model turns does a one-at-a-time run of 4 tool calls take?",
             {"a": "4", "b": "5", "c": "8"}, "b", "one before each call and one for the final answer"),
])

EXERCISES = {e.id: e for e in (cost_formula, answer_every_call, decide, quiz)}
