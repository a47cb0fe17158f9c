"""The offline Gemini endpoint: POST /v1beta/models/{model}:generateContent, with the real 400s.

Rules it enforces (the service's own wording): a model turn's function calls are answered by as
many `functionResponse` parts in the next turn; and, as Gemini 3 requires, the first
`functionCall` part of each model turn of the current exchange comes back with the
`thoughtSignature` it was sent with (in a parallel batch only the first call carries one).
Gemini has no one-call-per-turn switch: the endpoint always delivers the whole batch.
"""
from __future__ import annotations

import base64
import json
from typing import Any

from ..messages import ModelTurn, approx_tokens, arguments_object
from .common import Endpoint, ProtocolError
from .shapes import Unreadable, Violation, kind_of, shown, snake_case

SIGNATURE_DOCS = "https://ai.google.dev/gemini-api/docs/thought-signatures"
PROTO = "type.googleapis.com/google.ai.generativelanguage.v1beta."  # the prefix of the protos' type names


def _get(part: dict[str, Any], camel: str) -> Any:
    """A field by its camelCase wire name or its snake_case SDK name."""
    return part.get(camel, part.get(snake_case(camel)))


# ---- Google's wording for a request it cannot read ("Invalid JSON payload received. …") --------------

def _proto_path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{snake_case(part)}" if out else snake_case(part)
    return out


def gemini_malformed(violation: Violation) -> ProtocolError:
    """The 400 (INVALID_ARGUMENT) Gemini gives a request of the wrong shape; param: the field's path."""
    path = _proto_path(violation.path)
    if violation.problem == "value" and violation.path[-1:] == ("role",):
        return ProtocolError("Please use a valid role: user, model.", path)
    head = "Invalid JSON payload received."
    if violation.problem == "type" and kind_of(violation.got) == "array" and "array" not in violation.expected \
            and violation.path and isinstance(violation.path[-1], str):
        parent = _proto_path(violation.path[:-1])
        at = f" at '{parent}'" if parent else ""
        name = snake_case(violation.path[-1])
        return ProtocolError(f'{head} Unknown name "{name}"{at}: Proto field is not repeating, cannot start list.',
                             path)
    if violation.problem == "type":
        name = violation.type_name
        name = name if name.startswith(("TYPE_", "type.googleapis.com/")) else PROTO + name
        return ProtocolError(f"{head} Invalid value at '{path}' ({name}), {shown(violation.got)}", path)
    return ProtocolError(f"{head} Invalid value at '{path}': {violation.message}", path)


def gemini_unreadable(problem: Unreadable) -> ProtocolError:
    """The 400 (INVALID_ARGUMENT) Gemini gives a body that is not one JSON object."""
    if problem.kind == "not_object":
        return ProtocolError("Invalid JSON payload received. Root element must be a message.")
    said = problem.detail[0].upper() + problem.detail[1:]
    if problem.kind == "encoding":
        return ProtocolError(f"Invalid JSON payload received. {said}: JSON must be sent as UTF-8.")
    return ProtocolError(f"Invalid JSON payload received. Unexpected token: {problem.detail}.")


# ---- the protocol's rules -------------------------------------------------------------------------

def _parts(content: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in (content.get("parts") or []) if isinstance(p, dict)]


def signature_for(turn_number: int) -> str:
    """The (opaque, base64) thought signature the endpoint sends with a turn's first call."""
    return base64.b64encode(f"offline-thought-{turn_number}".encode()).decode()


def protocol_error(contents: list[dict[str, Any]], signatures: set[str] | None = None) -> ProtocolError | None:
    """The HTTP 400 the Gemini API gives these contents, or None when valid.

    `signatures` are the thought signatures the service issued; when given, the first functionCall
    of every model turn since the last plain user text must carry one of them.
    """
    last_text = max((i for i, c in enumerate(contents) if c.get("role", "user") == "user"
                     and any("text" in p for p in _parts(c))), default=-1)
    for i, content in enumerate(contents):
        answers = [p for p in _parts(content) if _get(p, "functionResponse")]
        before = contents[i - 1] if i else {}
        if answers and not (before.get("role") == "model" and any(_get(p, "functionCall") for p in _parts(before))):
            return ProtocolError("Please ensure that function response turn comes immediately after a function call "
                                 "turn.")
        calls = [p for p in _parts(content) if _get(p, "functionCall")]
        if content.get("role") != "model" or not calls:
            continue
        if signatures is not None and i > last_text and _get(calls[0], "thoughtSignature") not in signatures:
            name = _get(calls[0], "functionCall").get("name")
            return ProtocolError("Function call is missing a thought_signature in functionCall parts. This is required "
                                 "for tools to work correctly, and missing thought_signature may lead to degraded model "
                                 f"performance. Additional data, function call `default_api:{name}` , position "
                                 f"{i + 1}. Please refer to {SIGNATURE_DOCS} for more details.")
        following = contents[i + 1] if i + 1 < len(contents) else None
        if following is None:
            continue
        responses = [p for p in _parts(following) if _get(p, "functionResponse")]
        if len(responses) != len(calls):
            return ProtocolError("Please ensure that the number of function response parts is equal to the number of "
                                 "function call parts of the function call turn.")
    return None


def _response_text(response: Any) -> str:
    if isinstance(response, dict):
        for key in ("result", "output", "error"):
            if key in response:
                value = response[key]
                return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return json.dumps(response, ensure_ascii=False)
    return str(response)


def as_chat_messages(contents: list[dict[str, Any]], system: Any = None) -> list[dict[str, Any]]:
    """Gemini contents as Chat Completions-style messages (what the ScriptedModel reads).

    Calls without ids are matched to their responses by position, as Gemini does."""
    out: list[dict[str, Any]] = []
    if system:
        out.append({"role": "system", "content": "".join(str(p.get("text", "")) for p in _parts(system))})
    pending: list[str] = []
    for n, content in enumerate(contents):
        parts = _parts(content)
        if content.get("role") == "model":
            calls = []
            for k, part in enumerate(parts):
                call = _get(part, "functionCall")
                if call:
                    calls.append({"id": call.get("id") or f"gemini_{n}_{k}", "type": "function",
                                  "function": {"name": call.get("name"), "arguments": json.dumps(call.get("args") or {})}})
            pending = [c["id"] for c in calls]
            text = "".join(str(p.get("text", "")) for p in parts if "text" in p) or None
            out.append({"role": "assistant", "content": text, **({"tool_calls": calls} if calls else {})})
            continue
        for k, part in enumerate(p for p in parts if _get(p, "functionResponse")):
            answer = _get(part, "functionResponse")
            call_id = answer.get("id") or (pending[k] if k < len(pending) else None)
            out.append({"role": "tool", "tool_call_id": call_id, "content": _response_text(answer.get("response"))})
        text = "".join(str(p.get("text", "")) for p in parts if "text" in p)
        if text:
            out.append({"role": "user", "content": text})
    return out



class GeminiEndpoint(Endpoint):
    """Answers POST …/models/{model}:generateContent like the real service, from a ScriptedModel."""

    protocol = "Google Gemini (POST /v1beta/models/{model}:generateContent)"
    request_shape = "GenerateContentRequest"  # in request_models.py

    def __init__(self, scripted: Any) -> None:
        super().__init__(scripted)
        self.signatures: set[str] = set()

    def serves(self, method: str, path: str) -> bool:
        return method == "POST" and path.endswith(":generateContent") and "/models/" in path

    def check(self, body: dict[str, Any]) -> ProtocolError | None:
        contents = body.get("contents") or []
        if not contents:
            return ProtocolError("* GenerateContentRequest.contents: contents is not specified")
        return protocol_error(contents, self.signatures)

    def conversation(self, body: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
        system = _get(body, "systemInstruction")
        return as_chat_messages(body.get("contents") or [], system), True  # no switch: the whole batch comes

    def reply(self, turn: ModelTurn, body: dict[str, Any], number: int) -> dict[str, Any]:
        parts: list[dict[str, Any]] = []
        if turn.content:
            parts.append({"text": turn.content})
        for k, call in enumerate(turn.tool_calls):
            part: dict[str, Any] = {"functionCall": {"id": call.id, "name": call.name, "args": arguments_object(call.arguments)}}
            if k == 0:  # in a parallel batch only the first call carries the signature
                part["thoughtSignature"] = signature_for(number)
                self.signatures.add(part["thoughtSignature"])
            parts.append(part)
        prompt, answer = approx_tokens(body.get("contents")), approx_tokens(parts)
        return {"candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": "STOP", "index": 0}],
                "usageMetadata": {"promptTokenCount": prompt, "candidatesTokenCount": answer,
                                  "totalTokenCount": prompt + answer},
                "modelVersion": self.scripted.name, "responseId": f"offline-{number}"}

    def error_body(self, problem: ProtocolError) -> dict[str, Any]:
        status = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
                  429: "RESOURCE_EXHAUSTED"}.get(problem.status, "INTERNAL")
        error: dict[str, Any] = {"code": problem.status, "message": problem.message, "status": status}
        if problem.param:  # a malformed field: the service names it in a BadRequest detail too
            error["details"] = [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                                 "fieldViolations": [{"field": problem.param, "description": problem.message}]}]
        return {"error": error}

    def malformed(self, violation: Violation) -> ProtocolError:
        return gemini_malformed(violation)

    def unreadable(self, problem: Unreadable) -> ProtocolError:
        return gemini_unreadable(problem)
