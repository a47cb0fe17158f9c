"""LocalModel: the Chat Completions adapter on the local server, with its request log and token timings."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..calls import ToolCall
from ..errors import ModelError
from ..i18n import Message, tr
from ..messages import ModelTurn
from ..models.errors import CONNECTION_ERRORS
from ..models.openai_chat import OpenAIModel
from .weights import MODEL_NAME

LOCAL_KEY = "local-no-key-needed"

# One worked example, sent before the conversation. A 0.5B model reads the tools' schemas but,
# without an example, usually makes one call (often to the wrong tool); shown once how a reply
# holds several calls, it makes one call per file. Large models need no primer.
PRIMER: tuple[dict[str, Any], ...] = (
    {"role": "user", "content": "Read docs/a.md and docs/b.md."},
    {"role": "assistant", "content": None, "tool_calls": [
        {"id": "example_1", "type": "function",
         "function": {"name": "read_file", "arguments": json.dumps({"path": "docs/a.md"})}},
        {"id": "example_2", "type": "function",
         "function": {"name": "read_file", "arguments": json.dumps({"path": "docs/b.md"})}}]},
    {"role": "tool", "tool_call_id": "example_1", "content": "<contents of docs/a.md>"},
    {"role": "tool", "tool_call_id": "example_2", "content": "<contents of docs/b.md>"},
    {"role": "assistant", "content": "Done: I read docs/a.md and docs/b.md."},
)


@dataclass
class RequestLog:
    """Every request body sent to the server and every reply body, in order (as the offline endpoints keep)."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)

    def hooks(self) -> dict[str, list[Any]]:
        """Event hooks for the SDK's HTTP client: record each JSON body both ways (a stream's reply is not read)."""
        async def on_request(request: Any) -> None:
            if request.url.path.endswith("/chat/completions"):
                self.requests.append(json.loads(request.content or b"{}"))

        async def on_response(response: Any) -> None:
            if not response.request.url.path.endswith("/chat/completions"):
                return
            if response.headers.get("content-type", "").startswith("text/event-stream"):
                self.replies.append({"stream": True, "status": response.status_code})
                return
            await response.aread()
            reply = json.loads(response.content or b"{}")
            if response.status_code >= 400:  # as the offline endpoints record a refusal
                reply["http_status"] = response.status_code
            self.replies.append(reply)
        return {"request": [on_request], "response": [on_response]}

    def conversation(self, primer: Sequence[dict[str, Any]] = ()) -> list[dict[str, Any]]:
        """The recorded requests with the primer's messages taken out (what the agent itself sent)."""
        return [{**body, "messages": [m for m in body.get("messages", []) if m not in primer]}
                for body in self.requests]

    def timings(self) -> list[dict[str, float]]:
        """llama.cpp's own timings of each reply: prompt tokens and ms, generated tokens and ms."""
        return [r["timings"] for r in self.replies if "timings" in r]

    def clear(self) -> None:
        """Forget every request and reply recorded so far."""
        self.requests.clear()
        self.replies.clear()


class LocalModel(OpenAIModel):
    """OpenAIModel against the course's local llama.cpp server; `primer` is sent before the conversation."""

    protocol_name = "OpenAI Chat Completions (local llama.cpp)"

    def __init__(self, base_url: str, *, primer: Sequence[dict[str, Any]] = PRIMER, model: str = MODEL_NAME,
                 log: RequestLog | None = None, timeout: float = 300.0) -> None:
        self.base_url, self.primer, self.log, self.timeout = base_url, list(primer), log or RequestLog(), timeout
        super().__init__(model=model, client_factory=self._new_client, temperature=0.0)

    def _new_client(self) -> Any:
        import openai

        from ..offline.common import sdk_http

        http = sdk_http().AsyncClient(event_hooks=self.log.hooks(), timeout=self.timeout)
        return openai.AsyncOpenAI(base_url=self.base_url, api_key=LOCAL_KEY, http_client=http, max_retries=0)

    async def request(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      parallel_tool_calls: bool) -> ModelTurn:
        """The conversation with the primer after its system message, as one Chat Completions request."""
        return await super().request(self.wire_messages(messages), tools, parallel_tool_calls)

    def wire_messages(self, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The conversation as sent: the system message, then the primer, then the rest."""
        system = [m for m in messages[:1] if m.get("role") == "system"]
        return [*system, *self.primer, *messages[len(system):]]

    async def respond(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      parallel_tool_calls: bool = True) -> ModelTurn:
        """One request; a stopped server or a conversation longer than the context get sentences of their own."""
        try:
            return await self.request(messages, tools, parallel_tool_calls)
        except ModelError:
            raise
        except Exception as exc:  # one request, one sentence: never sent again to find the common wording
            sentence = local_failure(exc)
            raise ModelError(str(sentence) if sentence is not None else tr(self.explain(exc, self))) from None

    def turn_timings(self) -> list[dict[str, float]]:
        """The server's timings of every reply so far (see RequestLog.timings)."""
        return self.log.timings()


SERVER_GONE = ("The local model's server is not running (it was stopped, or its kernel restarted). "
               "Run course.local_model() again: it starts a new one.")
TOO_LONG = ("The conversation ({tokens} tokens) is longer than the local model's context ({ctx} tokens). "
            "Return shorter tool results (cut long files), or trim the history, as lesson 6 shows.")


def local_failure(exc: BaseException) -> str | None:
    """The sentence for a failure only the local server has, or None for the common ones."""
    if {cls.__name__ for cls in type(exc).__mro__} & set(CONNECTION_ERRORS):
        return Message(SERVER_GONE)
    error = (getattr(exc, "body", None) or {})
    error = error.get("error", error) if isinstance(error, dict) else {}
    if isinstance(error, dict) and error.get("type") == "exceed_context_size_error":
        return Message(TOO_LONG, tokens=error.get("n_prompt_tokens", "?"), ctx=error.get("n_ctx", "?"))
    return None


def calls_of(reply: dict[str, Any]) -> list[ToolCall]:
    """The tool calls of one recorded reply body."""
    message = (reply.get("choices") or [{}])[0].get("message") or {}
    return [ToolCall(c["id"], c["function"]["name"], c["function"].get("arguments") or "")
            for c in message.get("tool_calls") or []]
