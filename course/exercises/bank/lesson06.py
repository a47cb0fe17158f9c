"""Lesson 6 · Real models: a tool's schema, answering every call id, Anthropic's tool_result block."""
from __future__ import annotations

from typing import Any, Callable

from ...calls import ToolCall
from ..checkers import Question, Quiz, Wrong, exercise
from ...offline import protocol_error
from ...tools import tool


def _schema_check(fn: Callable[..., Any]) -> None:
    spec = tool(fn).schema["function"]
    params = spec["parameters"]
    props = params.get("properties", {})
    if spec["name"] != "run_tests":
        raise Wrong(f"name the function run_tests, not {spec['name']}.")
    if not spec["description"] or spec["description"] == "The run_tests tool.":
        raise Wrong("add a docstring: it becomes the description the model reads.")
    if set(props) != {"target", "timeout"}:
        raise Wrong(f"the parameters should be target and timeout, got {sorted(props)}.")
    if props["target"].get("type") != "string" or props["target"].get("default") != "checks":
        raise Wrong("target should be a str with the default 'checks'.")
    if props["timeout"].get("type") != "number" or props["timeout"].get("default") != 60.0:
        raise Wrong("timeout should be a float (JSON 'number') with the default 60.0.")
    if params.get("required"):
        raise Wrong(f"nothing should be required, but {params['required']} is: give it a default.")


schema = exercise(
    "06.schema", _schema_check,
    hint="Type hints decide the JSON types (str → string, float → number); defaults make a parameter optional.",
    solution='def run_tests(target: str = "checks", timeout: float = 60.0) -> str:\n'
             '    """Run the project\'s tests and report which failed."""\n'
             '    return "..."')


# The lesson's conversation, rebuilt: the question and the reply asking for three calls at once.
@tool(latency=1.0)
async def _read_file(path: str) -> str:
    """Read a text file of the project."""
    return f"<contents of {path}>"


@tool(latency=1.0)
async def _search(pattern: str, path: str = ".") -> str:
    """Search the project's files for a regular expression."""
    return f"<lines matching {pattern!r} under {path}>"


_TOOLS = [_read_file.schema, _search.schema]
_QUESTION = [{"role": "user", "content": "Why is the SAVE10 discount wrong? Read shop/cart.py and "
                                         "shop/discounts.py, and search shop/ for 'rate'."}]
_CALLS = [ToolCall("call_1", "read_file", {"path": "shop/cart.py"}),
          ToolCall("call_2", "read_file", {"path": "shop/discounts.py"}),
          ToolCall("call_3", "search", {"pattern": "rate", "path": "shop"})]


def _answers_every_call(fn: Callable[..., Any]) -> None:
    assistant = {"role": "assistant", "tool_calls": [c.to_openai() for c in _CALLS]}
    outputs = {"call_1": "cart source", "call_2": "discounts source", "call_3": "3 matches"}
    got = fn(assistant, outputs)
    if not isinstance(got, list):
        raise Wrong(f"return a list of messages, got {type(got).__name__}.")
    problem = protocol_error(_QUESTION + [assistant] + got, _TOOLS, {"tools": _TOOLS})
    if problem:
        raise Wrong(f"the server would answer HTTP 400: {problem[0]}")
    if [(m.get("tool_call_id"), m.get("content")) for m in got] != list(outputs.items()):
        raise Wrong("each tool message should carry its call's output as content, in the calls' order.")


answer_every_call = exercise(
    "06.answer-every-call", _answers_every_call,
    hint="Loop over assistant_message['tool_calls'] (all of them!) and build "
         "{'role': 'tool', 'tool_call_id': ..., 'content': ...} for each.",
    solution="def tool_messages(assistant_message, outputs):\n"
             "    return [{'role': 'tool', 'tool_call_id': c['id'], 'content': outputs[c['id']]}\n"
             "            for c in assistant_message['tool_calls']]")


def _converts_results(fn: Callable[..., Any]) -> None:
    ok = fn({"role": "tool", "tool_call_id": "call_9", "content": "42"})
    if ok != {"type": "tool_result", "tool_use_id": "call_9", "content": "42"}:
        raise Wrong(f"for a normal result expected type, tool_use_id and content only; got {ok!r}.")
    bad = fn({"role": "tool", "tool_call_id": "call_8", "content": "Error: file not found"})
    if not isinstance(bad, dict) or bad.get("is_error") is not True:
        raise Wrong("a result whose content starts with 'Error:' should carry is_error: True.")
    quoted = fn({"role": "tool", "tool_call_id": "call_7", "content": "the log says 'Error: none'"})
    if not isinstance(quoted, dict) or "is_error" in quoted:
        raise Wrong("only a content that starts with 'Error:' is a failure; this one merely mentions it.")


anthropic = exercise(
    "06.anthropic", _converts_results,
    hint="Map tool_call_id to tool_use_id; add 'is_error': True when the content starts with 'Error:'.",
    solution="def tool_result_block(m):\n"
             "    block = {'type': 'tool_result', 'tool_use_id': m['tool_call_id'], 'content': m['content']}\n"
             "    if m['content'].startswith('Error:'):\n"
             "        block['is_error'] = True\n"
             "    return block")

quiz = Quiz("06.quiz", [
    Question("In a Chat Completions reply, what type is `tool_calls[i].function.arguments`?",
             {"a": "a dict", "b": "a string of JSON, which may be invalid", "c": "a pydantic model"},
             "b", "parse it with json.loads and handle the error"),
    Question("The model sent three tool calls. How many `role: \"tool\"` messages must follow?",
             {"a": "one, for the first call", "b": "one per call id, failed calls included", "c": "only for the calls that succeeded"},
             "b", "otherwise the next request is an HTTP 400"),
    Question("What does `parallel_tool_calls=false` change?",
             {"a": "the model sends at most one call per turn", "b": "the runtime runs calls one after another", "c": "nothing"},
             "a", "it is the delivery axis; execution stays the runtime's choice"),
    Question("Where do Anthropic tool results go?",
             {"a": "one user message per result", "b": "all in one user message, first in its content", "c": "in the system prompt"},
             "b", "one user message with every tool_result block"),
])

EXERCISES = {e.id: e for e in (schema, answer_every_call, anthropic, quiz)}
