"""The offline OpenAI Chat Completions endpoint: POST /v1/chat/completions, with the real 400s.

Also OpenAI's wording for a malformed request (`openai_malformed`, `openai_unreadable`), which
the Responses endpoint shares: "Invalid type for 'messages[0]': expected an object, but got a
string instead.", "Missing required parameter: 'messages[1].tool_call_id'.", "Invalid value:
'robot'. Supported values are: …".
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..messages import ModelTurn, approx_tokens
from .common import Endpoint, ProtocolError, endpoint_of
from .shapes import Unreadable, Violation, kind_of

if TYPE_CHECKING:
    import openai

    from ..models.scripted import ScriptedModel

from .clients import OFFLINE_BASE_URL  # noqa: F401  (its old import path)


# OpenAI's o-series reasoning models refuse the switch on Chat Completions (o1, o3-mini, o3, o4-mini:
# langchain-ai/langchain #29416, #29704; evalstate/fast-agent #279; inspect_ai #1023).
_NO_PARALLEL_SWITCH = re.compile(r"o\d+(-|$)")


def unsupported_parameter(body: dict[str, Any]) -> ProtocolError | None:
    """The 400 an o-series model gives a request that carries `parallel_tool_calls`, or None."""
    if "parallel_tool_calls" in body and _NO_PARALLEL_SWITCH.match(str(body.get("model", ""))):
        return ProtocolError("Unsupported parameter: 'parallel_tool_calls' is not supported with this model.",
                             "parallel_tool_calls", code="unsupported_parameter")
    return None


def protocol_error(messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None,
                   body: dict[str, Any]) -> tuple[str, str | None] | None:
    """The (message, param) of the HTTP 400 a real server gives this request, or None when valid."""
    if "parallel_tool_calls" in body and not tools:
        return ("Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when "
                "'tools' are specified.", "parallel_tool_calls")
    if not messages:
        return "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages"
    open_ids: list[str] = []
    open_at = -1
    for i, message in enumerate(messages):
        role = message.get("role")
        if role == "tool":
            call_id = message.get("tool_call_id")
            if call_id not in open_ids:
                return ("Invalid parameter: messages with role 'tool' must be a response to a preceeding "
                        "message with 'tool_calls'.", f"messages.[{i}].role")
            open_ids.remove(call_id)
            continue
        if open_ids:
            return _unanswered(open_ids, i)
        if role == "assistant" and message.get("tool_calls"):
            open_ids = [c["id"] for c in message["tool_calls"]]
            open_at = i
    if open_ids:
        return _unanswered(open_ids, max(open_at + 1, len(messages)))
    return None


def _unanswered(ids: list[str], index: int) -> tuple[str, str]:
    return ("An assistant message with 'tool_calls' must be followed by tool messages responding to each "
            f"'tool_call_id'. The following tool_call_ids did not have response messages: {', '.join(ids)}",
            f"messages.[{index}].role")


# ---- OpenAI's wording for a request it cannot read ----------------------------------------------

_A = {"string": "a string", "integer": "an integer", "number": "a decimal", "boolean": "a boolean",
      "object": "an object", "array": "an array", "null": "null"}


def openai_path(path: tuple[str | int, ...]) -> str:
    """A field's path as OpenAI writes it: messages[0].tool_calls[1].function."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out


def _either(words: list[str], last: str) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def openai_malformed(violation: Violation) -> ProtocolError:
    """The 400 OpenAI gives a request with a field missing or of the wrong type (param: the field)."""
    path = openai_path(violation.path)
    if violation.problem == "missing":
        return ProtocolError(f"Missing required parameter: '{path}'.", path)
    if violation.problem == "type":
        wanted = [k for k in violation.expected if k != "null"] or ["null"]
        if len(wanted) == 1:
            expected = _A.get(wanted[0], wanted[0])
        else:  # "one of a string or array of objects": every array these requests take holds objects
            words = [_A.get(wanted[0], wanted[0]), *("array of objects" if k == "array" else k for k in wanted[1:])]
            expected = f"one of {_either(words, 'or')}"
        got = _A.get(kind_of(violation.got), kind_of(violation.got))
        return ProtocolError(f"Invalid type for '{path}': expected {expected}, but got {got} instead.", path)
    if violation.problem == "value":
        supported = [f"'{v}'" for v in violation.expected]
        listed = " and ".join(supported) if len(supported) < 3 else f"{', '.join(supported[:-1])}, and {supported[-1]}"
        return ProtocolError(f"Invalid value: '{violation.got}'. Supported values are: {listed}.", path)
    return ProtocolError(f"Invalid value for '{path}': {violation.message}.", path)


def openai_unreadable(problem: Unreadable) -> ProtocolError:
    """The 400 OpenAI gives a body that is not one JSON object."""
    if problem.kind == "not_object":
        return ProtocolError(f"Invalid type for body: expected an object, but got {_A.get(problem.got, problem.got)} "
                             "instead.")
    if problem.kind == "encoding":
        return ProtocolError("We could not parse the JSON body of your request. (HINT: The OpenAI API expects a JSON "
                             f"payload encoded as UTF-8, but {problem.detail}.)")
    return ProtocolError("We could not parse the JSON body of your request. (HINT: This likely means you aren't using "
                         "your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was "
                         f"not valid JSON: {problem.detail}.)")


def completion_json(scripted: "ScriptedModel", messages: list[dict[str, Any]], parallel: bool) -> dict[str, Any]:
    """The chat.completion object the scripted model's next turn becomes."""
    turn = scripted.next_turn(messages, parallel_tool_calls=parallel)
    return _completion(turn, messages, scripted.name)


def _completion(turn: ModelTurn, messages: list[dict[str, Any]], model: str) -> dict[str, Any]:
    number = sum(1 for m in messages if m.get("role") == "assistant") + 1
    message: dict[str, Any] = {"role": "assistant", "content": turn.content, "refusal": None}
    if turn.tool_calls:
        message["tool_calls"] = [c.to_openai() for c in turn.tool_calls]
    prompt, answer = approx_tokens(messages), approx_tokens(message)
    return {"id": f"chatcmpl-offline-{number}", "object": "chat.completion", "created": 0,
            "model": model, "system_fingerprint": None,
            "choices": [{"index": 0, "message": message, "logprobs": None,
                         "finish_reason": "tool_calls" if turn.tool_calls else "stop"}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": answer, "total_tokens": prompt + answer}}


class ChatCompletionsEndpoint(Endpoint):
    """Answers POST /v1/chat/completions like a real server would, from a ScriptedModel."""

    protocol = "OpenAI Chat Completions (POST /v1/chat/completions)"
    request_shape = "ChatRequest"  # in request_models.py

    def serves(self, method: str, path: str) -> bool:
        return method == "POST" and path.endswith("/chat/completions")

    def check(self, body: dict[str, Any]) -> ProtocolError | None:
        refused = unsupported_parameter(body)
        if refused:
            return refused
        problem = protocol_error(body.get("messages") or [], body.get("tools"), body)
        return ProtocolError(*problem) if problem else None

    def conversation(self, body: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
        return body.get("messages") or [], bool(body.get("parallel_tool_calls", True))

    def reply(self, turn: ModelTurn, body: dict[str, Any], number: int) -> dict[str, Any]:
        return _completion(turn, body.get("messages") or [], self.scripted.name)

    def error_body(self, problem: ProtocolError) -> dict[str, Any]:
        kind = "invalid_request_error" if problem.status < 500 else "server_error"
        return {"error": {"message": problem.message, "type": kind, "param": problem.param, "code": problem.code}}

    def malformed(self, violation: Violation) -> ProtocolError:
        return openai_malformed(violation)

    def unreadable(self, problem: Unreadable) -> ProtocolError:
        return openai_unreadable(problem)


OfflineEndpoint = ChatCompletionsEndpoint  # its name before the other three protocols had endpoints


def offline_openai_client(scripted: "ScriptedModel") -> "openai.AsyncOpenAI":
    """A real AsyncOpenAI client whose HTTP goes to an in-process Chat Completions endpoint."""
    from .clients import openai_client

    return openai_client(ChatCompletionsEndpoint(scripted))


def offline_endpoint(client: Any) -> Endpoint:
    """The endpoint behind an offline client (to inspect the requests it received)."""
    return endpoint_of(client)
