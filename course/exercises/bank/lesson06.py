"""Lesson 6 · Four wire formats: a tool's schema, answering every call id, trimming history safely, a tool_result."""
from __future__ import annotations

from typing import Any, Callable

from ...loop import Agent
from ...calls import ToolCall
from ..checkers import Question, Quiz, Wrong, _need_function, exercise
from ...models import ScriptedModel
from ...protocols import offline_model, protocol_errors
from ...models.history import trim_history
from ...tools import Tool, tool


def _schema_check(fn: Callable[..., Any]) -> None:
    _need_function(fn)
    spec = (fn if isinstance(fn, Tool) else tool(fn)).schema["function"]  # a decorated tool counts too
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


_LESSON_TOOLS = [tool(_read_file, name="read_file", latency=1.0), tool(_search, name="search", latency=1.0)]
_QUESTION = [{"role": "user", "content": "Why is the SAVE10 discount wrong? Read shop/cart.py and "
                                         "shop/discounts.py, and search shop/ for 'rate'."}]
_CALLS = [ToolCall("call_1", "read_file", {"path": "shop/cart.py"}),
          ToolCall("call_2", "read_file", {"path": "shop/discounts.py"}),
          ToolCall("call_3", "search", {"pattern": "rate", "path": "shop"})]


def _answers_every_call(fn: Callable[..., Any]) -> None:
    _need_function(fn)
    assistant = {"role": "assistant", "content": None, "tool_calls": [c.to_openai() for c in _CALLS]}
    outputs = {"call_1": "cart source", "call_2": "discounts source", "call_3": "3 matches"}
    got = fn(assistant, outputs)
    if not isinstance(got, list) or not all(isinstance(m, dict) for m in got):
        raise Wrong(f"return a list of message dicts, got {type(got).__name__}.")
    if any(m.get("role") != "tool" for m in got):
        roles = sorted({str(m.get("role")) for m in got if m.get("role") != "tool"})
        raise Wrong(f"every answer is a message with role 'tool'; yours has role {', '.join(roles)}.")
    ids = [m.get("tool_call_id") for m in got]
    missing = [i for i in outputs if i not in ids]
    if missing:
        raise Wrong(f"{', '.join(missing)} got no answer: every call id needs its own tool message.")
    unknown = [str(i) for i in ids if i not in outputs]
    if unknown:
        raise Wrong(f"{', '.join(unknown)} is not a call of this turn: answer the ids in tool_calls.")
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise Wrong(f"{', '.join(twice)} is answered twice: one tool message per call id.")
    for m in got:
        if m.get("content") != outputs[m["tool_call_id"]]:
            raise Wrong(f"the answer to {m['tool_call_id']} should carry that call's output "
                        f"({outputs[m['tool_call_id']]!r}), not {m.get('content')!r}.")
    problems = {p: e for p, e in protocol_errors(_QUESTION + [assistant] + got).items() if e}
    if problems:  # what is left: a shape one of the four services refuses
        protocol, error = next(iter(problems.items()))
        raise Wrong(f"the {protocol} service would answer HTTP 400: {error}")


answer_every_call = exercise(
    "06.answer-every-call", _answers_every_call,
    hint="Loop over assistant_message['tool_calls'] (all of them!) and build "
         "{'role': 'tool', 'tool_call_id': ..., 'content': ...} for each. Any order is fine.",
    solution="def tool_messages(assistant_message, outputs):\n"
             "    return [{'role': 'tool', 'tool_call_id': c['id'], 'content': outputs[c['id']]}\n"
             "            for c in assistant_message['tool_calls']]",
    success="Accepted by all four protocols' validators.")


def _history() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A real transcript of four exchanges (batches of 3, 1 and 2 calls), and the offline models behind it."""
    calls = [[ToolCall(f"call_{i}", "read_file", {"path": f"f{i}.py"}) for i in (1, 2, 3)],
             [ToolCall("call_4", "search", {"pattern": "rate"})],
             [ToolCall("call_5", "read_file", {"path": "f5.py"}), ToolCall("call_6", "read_file", {"path": "f6.py"})]]
    scripted = ScriptedModel(plan=calls, final="found it", latency=0.5)
    models = {p: offline_model(scripted, p) for p in ("responses", "gemini")}  # offline even with a key set
    traces = [Agent(model=m, tools=_LESSON_TOOLS, system="You fix bugs.").run_sync("Find the discount bug.")
              for m in models.values()]
    return traces[0].messages, models


def _trims_safely(fn: Callable[..., Any]) -> None:
    messages, models = _history()
    for budget in (1, 2, 3, 4, 5, 6, 8, 20):
        kept = fn([dict(m) for m in messages], budget)
        if not isinstance(kept, list):
            raise Wrong(f"return the kept messages as a list, got {type(kept).__name__}.")
        if kept[-1:] != messages[-1:]:
            raise Wrong(f"with max_messages={budget} the latest message was dropped: keep the newest, cut the oldest.")
        if messages[0].get("role") == "system" and kept[:1] != messages[:1]:
            raise Wrong("the system message is gone: keep it, whatever the budget.")
        if any(m not in messages for m in kept):
            raise Wrong("a kept message was changed or invented: trimming only removes messages.")
        problems = {p: e for p, e in protocol_errors(kept, models).items() if e}
        if problems:
            protocol, error = next(iter(problems.items()))
            raise Wrong(f"with max_messages={budget}, {len(problems)} of 4 protocols refuse the result; "
                        f"{protocol} says: {error}")
        fits = [m for m in messages if m.get("role") != "system"]
        if budget >= len(fits) and len(kept) < len(messages):
            raise Wrong(f"with max_messages={budget} everything fits, but you dropped "
                        f"{len(messages) - len(kept)} messages.")
        smallest = len(trim_history(messages, budget))
        if len(kept) > max(budget + 2, smallest):
            raise Wrong(f"with max_messages={budget} you kept {len(kept)} messages; a safe cut keeps {smallest}.")


trim = exercise(
    "06.trim-history", _trims_safely,
    hint="Walk back from the end. You may start the kept part only at a message that is not a tool result "
         "(a 'user' or 'assistant' message): then no answer loses its call. Keep the system message.",
    solution="def trim(messages, max_messages):\n"
             "    system = [m for m in messages if m['role'] == 'system']\n"
             "    rest = [m for m in messages if m['role'] != 'system']\n"
             "    starts = [i for i, m in enumerate(rest) if m['role'] != 'tool']\n"
             "    fitting = [i for i in starts if len(rest) - i <= max_messages]\n"
             "    return system + rest[fitting[0] if fitting else starts[-1]:]",
    success="Every protocol accepts every cut.")


def _converts_results(fn: Callable[..., Any]) -> None:
    ok = fn({"role": "tool", "tool_call_id": "call_9", "content": "42"})
    if not isinstance(ok, dict):
        raise Wrong(f"return one block, a dict; got {type(ok).__name__}.")
    if ok.get("type") != "tool_result":
        raise Wrong(f"the block's type is 'tool_result', not {ok.get('type')!r}.")
    if ok.get("tool_use_id") != "call_9":
        raise Wrong("Anthropic names the call's id `tool_use_id` (copy it from the message's tool_call_id).")
    if ok.get("content") != "42":
        raise Wrong("keep the tool message's content as the block's content.")
    extra = sorted(set(ok) - {"type", "tool_use_id", "content", "is_error"})
    if extra:
        raise Wrong(f"Anthropic does not know the key(s) {', '.join(extra)}: a tool_result has type, tool_use_id, "
                    "content and optionally is_error.")
    if ok.get("is_error"):
        raise Wrong("a normal result is not an error: leave is_error out (or False).")
    bad = fn({"role": "tool", "tool_call_id": "call_8", "content": "Error: file not found"})
    if not isinstance(bad, dict) or bad.get("is_error") is not True:
        raise Wrong("a result whose content starts with 'Error:' should carry is_error: True.")
    quoted = fn({"role": "tool", "tool_call_id": "call_7", "content": "the log says 'Error: none'"})
    if not isinstance(quoted, dict) or quoted.get("is_error"):
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
             "b", "parse it with json.loads and handle the error",
             wrong={"a": "the SDK hands you the model's text: a JSON string, which you parse yourself (and it may be "
                         "invalid).",
                    "c": "the SDK does not validate arguments against your schema; they arrive as a JSON string."}),
    Question("The model sent three tool calls. How many `role: \"tool\"` messages must follow?",
             {"a": "one, for the first call", "b": "one per call id, failed calls included", "c": "only for the calls that succeeded"},
             "b", "otherwise the next request is an HTTP 400",
             wrong={"a": "every tool_call_id needs its own tool message, or the next request is an HTTP 400.",
                    "c": "a failed call still needs its tool message, holding the error; a missing one is an HTTP "
                         "400."}),
    Question("What does `parallel_tool_calls=false` change?",
             {"a": "the model is asked for at most one call per turn (a server may ignore it)",
              "b": "the runtime runs calls one after another", "c": "nothing"},
             "a", "it is the delivery axis; execution stays the runtime's choice",
             wrong={"b": "the flag only reaches the model; how a batch runs is the runtime's choice.",
                    "c": "it asks the model for at most one call per turn; this lesson's llama.cpp server does not "
                         "enforce it."}),
    Question("Where do Anthropic tool results go?",
             {"a": "one user message per result", "b": "all in one user message, first in its content", "c": "in the system prompt"},
             "b", "one user message with every tool_result block, before any text; otherwise HTTP 400",
             wrong={"a": "Anthropic wants every tool_result block of a turn in one user message; split results are "
                         "an HTTP 400.",
                    "c": "tool results answer their tool_use blocks in the next user message, not in the system "
                         "prompt."}),
    Question("A reasoning model on the Responses API returned a `reasoning` item and three `function_call` items. "
             "What must the next request carry (without previous_response_id)?",
             {"a": "the reasoning item right before its calls, the calls, then one output per call_id",
              "b": "only the three function_call_output items",
              "c": "the outputs first, then the calls"},
             "a", "a replayed call needs its reasoning item, and every call its output; otherwise HTTP 400",
             wrong={"b": "without previous_response_id the server has no record of the calls: replay the reasoning "
                         "item and the calls too.",
                    "c": "an output must follow its call; outputs before their calls are an HTTP 400."}),
    Question("Gemini has no switch for one call per turn. What does a one-at-a-time agent do when three "
             "functionCall parts arrive?",
             {"a": "send parallel_tool_calls=false next time", "b": "keep the first call, rewrite the model turn "
              "to hold only it, and let the model ask again for the rest", "c": "answer only the first call"},
             "b", "answering only one of three calls breaks the count rule; rewriting the turn keeps it valid",
             wrong={"a": "Gemini has no such parameter; the agent must cut the turn down to one call itself.",
                    "c": "three functionCall parts need three functionResponse parts; answering one breaks the count "
                         "rule."}),
    Question("Where may an agent cut old messages to save context?",
             {"a": "anywhere: keep the newest N messages", "b": "only at system messages",
              "c": "only at a user or assistant message, never between a call and its results"},
             "c", "a result without its call (or a call without its results) is an HTTP 400 on all four protocols",
             wrong={"a": "a cut can separate a call from its results: an HTTP 400 on all four protocols.",
                    "b": "cut before a user or assistant message; a system message says nothing about where a call "
                         "and its results end."}),
])

EXERCISES = {e.id: e for e in (schema, answer_every_call, trim, anthropic, quiz)}
