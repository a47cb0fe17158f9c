"""Lesson 2 · One call at a time: the cost formula, answering every call, deciding from a result."""
from __future__ import annotations

from typing import Any, Callable

from ...calls import ToolCall, decode_arguments
import math

from ..checkers import Question, Quiz, Wrong, _need_function, as_number, as_numbers, exercise, measure

def _cost_slips(n: int, tool_s: float, model_s: float) -> list[tuple[float, str]]:
    """The wrong totals learners reach for one case, each with the slip it shows."""
    want = (n + 1) * model_s + n * tool_s
    return [
        (want - model_s, "You counted n model turns, as the second document's n × (tool + model) does: it "
                         "leaves out the first turn, in which the model plans the first call. n calls need "
                         "n + 1 turns."),
        (want + model_s, "You counted one model turn too many: n calls need n + 1 turns (one before each call, "
                         "one for the answer)."),
        (want + tool_s, "You counted one tool call too many: there are n calls, and n + 1 turns."),
        (n * tool_s, "You left out the model turns: each of the n + 1 turns costs model_s."),
        (2 * model_s + tool_s, "That is all mode's cost (two turns, the calls overlapped). One at a time, every "
                               "call has a turn of its own and the calls run one after another."),
        (want * 1000, "That looks like milliseconds: the arguments and the answer are in seconds."),
    ]


def _cost_check(fn: Callable[..., Any]) -> None:
    """The formula on four cases, with a named mistake for the usual slips."""
    _need_function(fn)
    for n, tool_s, model_s in ((3, 1.0, 0.5), (1, 2.0, 0.25), (5, 0.15, 0.2), (0, 1.0, 0.5)):
        raw = measure(fn, n, tool_s, model_s).value
        got = as_number(raw)
        want = (n + 1) * model_s + n * tool_s
        if got is not None and math.isclose(got, want, abs_tol=1e-6):
            continue
        shown = f"one_at_a_time_seconds({n}, {tool_s:g}, {model_s:g}) returned {raw!r}; expected {want:g} s."
        if got is None:
            raise Wrong(shown + " Return a number of seconds.")
        slip = next((why for value, why in _cost_slips(n, tool_s, model_s)
                     if math.isclose(got, value, abs_tol=1e-6)), "")
        raise Wrong(f"{shown} {slip}" if slip else shown)


cost_formula = exercise(
    "02.cost-formula", _cost_check,
    hint="n tool calls need n + 1 model turns: one before each call, and one to write the final answer.",
    solution="def one_at_a_time_seconds(n, tool_s, model_s):\n    return (n + 1) * model_s + n * tool_s")


def _run_tool(name: str, arguments: str) -> str:
    return f"{name}:{arguments}"


def _reply_for(ids: list[str]) -> dict[str, Any]:
    return {"role": "assistant", "content": None,
            "tool_calls": [{"id": i, "type": "function",
                            "function": {"name": "read_file", "arguments": f'{{"name": "{i}"}}'}} for i in ids]}


def _as_list(got: Any, single: type, what: str, single_message: str) -> list[Any]:
    """The learner's returned batch as a list (a tuple or generator counts); one bare item is named."""
    if isinstance(got, single):
        raise Wrong(single_message)
    try:
        return list(got)
    except TypeError:
        raise Wrong(f"return a list of {what}, got {type(got).__name__}.") from None


def _answers_all(fn: Callable[..., Any]) -> None:
    """One tool message per call id (any order: the API matches them by id), each holding the
    run_tool result; an optional "name" key must name the call's function."""
    _need_function(fn)
    for ids in (["call_a"], ["call_a", "call_b", "call_c"]):
        message = _reply_for(ids)
        got = _as_list(fn(message, _run_tool), dict, "tool messages",
                       "you returned one message (a dict); return a list with one tool message per call.")
        if not all(isinstance(m, dict) for m in got):
            raise Wrong("every item of your list should be a dict like "
                        "{'role': 'tool', 'tool_call_id': ..., 'content': ...}.")
        if len(got) != len(ids):
            raise Wrong(f"the assistant message asked for {len(ids)} call(s) and you returned {len(got)} "
                        "message(s): every tool_call_id needs exactly one tool message.")
        roles = {m.get("role") for m in got}
        if roles != {"tool"}:
            raise Wrong(f"each message needs role 'tool'; yours had {sorted(map(str, roles))}.")
        answered = [m.get("tool_call_id") for m in got]
        if sorted(map(str, answered)) != sorted(ids):
            missing = [i for i in ids if i not in answered]
            raise Wrong(f"the tool_call_id values should be {ids}; yours were {answered}"
                        + (f" ({missing[0]} is never answered)." if missing else "."))
        for m in got:
            call = next(c for c in message["tool_calls"] if c["id"] == m["tool_call_id"])
            want = _run_tool(call["function"]["name"], call["function"]["arguments"])
            if m.get("content") != want:
                raise Wrong(f"the content for {m['tool_call_id']} is {m.get('content')!r}; it should be what "
                            "run_tool(name, arguments) returned for that call, with the arguments exactly "
                            f"as the call gave them ({want!r}).")
            extra = set(m) - {"role", "tool_call_id", "content", "name"}
            if extra:
                raise Wrong(f"a tool message has role, tool_call_id, content (and optionally name); "
                            f"yours also has {sorted(extra)}.")
            if "name" in m and m["name"] != call["function"]["name"]:
                raise Wrong(f"the optional 'name' key should be the function's name, "
                            f"{call['function']['name']!r}; yours is {m['name']!r}.")


answer_every_call = exercise(
    "02.answer-every-call",
    _answers_all,
    hint="Loop over assistant_message['tool_calls']; each has an 'id' and a 'function' with "
         "'name' and 'arguments'.",
    solution="def tool_messages(assistant_message, run_tool):\n"
             "    return [{\"role\": \"tool\", \"tool_call_id\": c[\"id\"],\n"
             "             \"content\": run_tool(c[\"function\"][\"name\"], c[\"function\"][\"arguments\"])}\n"
             "            for c in assistant_message[\"tool_calls\"]]")


_FILES = (("format: yaml\nport: 1", "yaml"), ('{"a": 1}', "json"), ("port: 1\nformat: yaml", "yaml"),
          ('{"note": "we may move this file to yaml"}', "json"))


def _plan_ok(fn: Callable[..., Any]) -> None:
    """The plan step picks the parser from "format: yaml" anywhere in the text, and nothing else."""
    _need_function(fn)
    for text, fmt in _FILES:
        got = _as_list(fn({"read": text}), ToolCall, "ToolCall",
                       "return a batch: a list holding the one ToolCall, e.g. [ToolCall(...)].")
        if len(got) != 1 or not isinstance(got[0], ToolCall):
            raise Wrong(f"return a list holding exactly one ToolCall; got {got!r}.")
        call = got[0]
        args = decode_arguments(call.arguments)
        if not isinstance(args, dict):
            raise Wrong(f"the call's arguments should be a dict like {{'text': ..., 'format': ...}}; got {call.arguments!r}.")
        if call.name != "parse" or call.id != "parse":
            raise Wrong(f"the call should be ToolCall(id='parse', name='parse', ...); yours has id={call.id!r}, "
                        f"name={call.name!r}.")
        if set(args) != {"text", "format"}:
            raise Wrong(f"parse takes two arguments, 'text' and 'format'; your arguments were {sorted(args)}.")
        if args.get("text") != text:
            raise Wrong("pass the file's text unchanged as the 'text' argument (results['read']).")
        got = args.get("format")
        if isinstance(got, str) and got != got.strip().lower() and got.strip().lower() in ("yaml", "json"):
            raise Wrong(f"write the format in lowercase, 'yaml' or 'json', as the exercise does; yours is {got!r}.")
        if got not in ("yaml", "json"):
            raise Wrong(f"the format should be 'yaml' or 'json'; yours is {got!r}.")
        if got != fmt:
            raise Wrong(f"for the file {text!r} you chose format={got!r}; it should be {fmt!r}. "
                        + ("The word 'yaml' alone is not the marker: look for 'format: yaml'."
                           if fmt == "json" and "yaml" in text else
                           "The marker 'format: yaml' may be on any line, not only the first."
                           if "\nformat: yaml" in text else
                           "The file says 'format: yaml'."))


decide = exercise(
    "02.decide",
    _plan_ok,
    hint="`'format: yaml' in results['read']` tells you which parser to pick.",
    solution="def next_call(results):\n    text = results[\"read\"]\n"
             "    fmt = \"yaml\" if \"format: yaml\" in text else \"json\"\n"
             "    return [ToolCall(id=\"parse\", name=\"parse\", arguments={\"text\": text, \"format\": fmt})]")

_ONE_SLIPS = {20: "you left out the user's message and the final answer.",
              21: "one short: count the user's message at the start and the final answer at the end.",
              23: "one too many: the user's message, a call and a result per read, and the final answer.",
              13: "that is the all-mode count."}
_ALL_SLIPS = {11: "you left out the user's message and the final answer.",
              12: "one short: count the user's message, the one assistant message with all ten calls, ten "
                  "results, and the final answer.",
              22: "that is the one-at-a-time count: in all mode one assistant message holds all ten calls.",
              14: "one too many: a single assistant message holds all ten calls."}


def _count(value: Any) -> Any:
    """A whole number as an int (22.0 and numpy ints count); anything else as it is."""
    number = as_number(value)
    return int(number) if number is not None and float(number).is_integer() else value


def _message_counts(answer: Any) -> None:
    """(one-at-a-time, all) message counts for ten reads: 22 and 13."""
    if isinstance(answer, (tuple, list)) and any(a is Ellipsis for a in answer):
        if all(a is Ellipsis for a in answer):
            raise NotImplementedError
        raise Wrong("your pair still has `...` in it: fill in both counts.")
    pair = as_numbers(answer)
    if pair is None or len(pair) != 2:
        raise Wrong(f"give a pair (one_at_a_time, all), got {answer!r}.")
    one, every = (_count(v) for v in pair)
    if (one, every) == (13, 22):
        raise Wrong("you swapped them: one-at-a-time has the longer conversation.")
    if one != 22:
        raise Wrong(f"one-at-a-time: {one!r} is not it: " + _ONE_SLIPS.get(one, "count the user's message, then "
                    "for each call an assistant message and a tool message, then the final answer."))
    if every != 13:
        raise Wrong(f"all: {every!r} is not it: " + _ALL_SLIPS.get(every, "count the user's message, one "
                    "assistant message holding all ten calls, ten tool messages, and the final answer."))


message_count = exercise(
    "02.message-count", _message_counts,
    hint="Run n = 1, 2, 3 and look at how the counts grow: one-at-a-time adds two messages per call, all adds one.",
    solution="message_counts = (1 + 2 * 10 + 1, 1 + 1 + 10 + 1)",
    success="One call per turn: 2n + 2 messages; one batch: n + 3. And each turn re-reads all of them.")

quiz = Quiz("02.quiz", [
    Question("When is one-at-a-time necessary, not just safe?",
             {"a": "when the calls are slow", "b": "when the next call depends on what a result says",
              "c": "when there are many calls"}, "b", "the model cannot plan a call it cannot yet know it needs",
             wrong={"a": "slow independent calls gain most from a batch, not from waiting.",
                    "c": "many independent calls are the best case for a batch."}),
    Question("A model sends three tool calls; you run only the first, leave the assistant message as it is "
             "(three calls), and call the model again. What happens?",
             {"a": "the model asks again for the other two", "b": "it works but is slow",
              "c": "HTTP 400: every tool_call_id needs a tool message"}, "c",
             "unless you rewrite the assistant message to hold one call",
             wrong={"a": "that is what happens after the assistant message is rewritten to hold one call (what "
                         "course.Agent does); left as it is, the request is refused before the model runs.",
                    "b": "it does not work at all: the request is rejected before the model runs."}),
    Question("How many model turns does a one-at-a-time run of 4 tool calls take?",
             {"a": "4", "b": "5", "c": "8"}, "b", "one before each call and one for the final answer",
             wrong={"a": "that counts one turn per call, as the second document does, and leaves out the first "
                         "turn, in which the model plans the first call.",
                    "c": "a turn is one model call; a tool result is not a turn of its own."}),
])

EXERCISES = {e.id: e for e in (cost_formula, answer_every_call, decide, message_count, quiz)}
