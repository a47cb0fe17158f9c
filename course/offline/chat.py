"""The offline OpenAI Chat Completions endpoint: POST /v1/chat/completions, with the real 400s."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..messages import ModelTurn, approx_tokens
from .common import Endpoint, ProtocolError, endpoint_of

if TYPE_CHECKING:
    import openai

    from ..models.scripted import ScriptedModel

from .clients import OFFLINE_BASE_URL  # noqa: F401  (its old import path)


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

    def serves(self, method: str, path: str) -> bool:
        return method == "POST" and path.endswith("/chat/completions")

    def check(self, body: dict[str, Any]) -> ProtocolError | None:
        problem = protocol_error(body.get("messages") or [], body.get("tools"), body)
        return ProtocolError(*problem) if problem else None

    def conversation(self, body: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
        return body.get("messages") or [], bool(body.get("parallel_tool_calls", True))

    def reply(self, turn: ModelTurn, body: dict[str, Any], number: int) -> dict[str, Any]:
        return _completion(turn, body.get("messages") or [], self.scripted.name)

    def error_body(self, problem: ProtocolError) -> dict[str, Any]:
        kind = "invalid_request_error" if problem.status < 500 else "server_error"
        return {"error": {"message": problem.message, "type": kind, "param": problem.param, "code": None}}


OfflineEndpoint = ChatCompletionsEndpoint  # its name before the other three protocols had endpoints


def offline_openai_client(scripted: "ScriptedModel") -> "openai.AsyncOpenAI":
    """A real AsyncOpenAI client whose HTTP goes to an in-process Chat Completions endpoint."""
    from .clients import openai_client

    return openai_client(ChatCompletionsEndpoint(scripted))


def offline_endpoint(client: Any) -> Endpoint:
    """The endpoint behind an offline client (to inspect the requests it received)."""
    return endpoint_of(client)
