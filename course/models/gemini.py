"""Google Gemini: the adapter over `google.genai.Client().aio.models.generate_content`."""
from __future__ import annotations

import json
from typing import Any, Callable

from ..calls import ToolCall
from ..messages import ModelTurn, arguments_object, is_error_result, tool_functions
from .base import SDKModel


class GeminiModel(SDKModel):
    """A Model on Gemini: `functionCall` parts out, `functionResponse` parts (all together) back.

    Gemini has no switch for one call per turn: in one-at-a-time the agent keeps the first call
    and rewrites the turn (recorded in the trace). Gemini 3 signs its function calls: the first
    `functionCall` part of a turn carries a thought signature that must come back with it, so
    the adapter keeps each call's part exactly as it arrived and replays it.
    """

    protocol, protocol_name, one_call_switch = "gemini", "Google Gemini", None

    def __init__(self, client: Any = None, *, model: str | None = None,
                 client_factory: Callable[[], Any] | None = None) -> None:
        super().__init__(client, model=model, client_factory=client_factory)
        self._parts: dict[str, Any] = {}  # call id -> the functionCall Part as received

    def contents(self, messages: list[dict[str, Any]]) -> tuple[str | None, list[Any]]:
        """The conversation as (system instruction, Gemini contents)."""
        from google.genai import types

        system = "\n\n".join(str(m["content"]) for m in messages if m.get("role") == "system") or None
        names: dict[str, str] = {}
        out: list[Any] = []
        for message in messages:
            role = message.get("role")
            if role == "assistant":
                parts = [types.Part(text=str(message["content"]))] if message.get("content") else []
                for call in message.get("tool_calls") or []:
                    names[call["id"]] = call["function"]["name"]
                    parts.append(self._parts.get(call["id"]) or types.Part(function_call=types.FunctionCall(
                        id=call["id"], name=call["function"]["name"], args=arguments_object(call["function"].get("arguments")))))
                out.append(types.Content(role="model", parts=parts))
            elif role == "tool":
                text = str(message.get("content", ""))
                response = {"error": text} if is_error_result(text) else {"result": text}
                part = types.Part(function_response=types.FunctionResponse(
                    id=message["tool_call_id"], name=names.get(message["tool_call_id"], "unknown"), response=response))
                if out and out[-1].role == "user" and all(p.function_response for p in out[-1].parts):
                    out[-1].parts.append(part)  # every response of a turn, returned together
                else:
                    out.append(types.Content(role="user", parts=[part]))
            elif role == "user":
                out.append(types.Content(role="user", parts=[types.Part(text=str(message.get("content") or ""))]))
        return system, out

    async def request(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      parallel_tool_calls: bool) -> ModelTurn:
        from google.genai import types

        system, contents = self.contents(messages)
        config = types.GenerateContentConfig(
            system_instruction=system,
            automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
            tools=[types.Tool(function_declarations=[
                types.FunctionDeclaration(name=f["name"], description=f.get("description", ""),
                                          parameters_json_schema=f.get("parameters", {"type": "object"}))
                for f in tool_functions(tools)])] if tools else None)
        reply = await self.client.aio.models.generate_content(model=self.model, contents=contents, config=config)
        usage = reply.usage_metadata
        self.last_usage = ({"prompt_tokens": usage.prompt_token_count or 0,
                            "completion_tokens": usage.candidates_token_count or 0} if usage else None)
        parts = (reply.candidates[0].content.parts or []) if reply.candidates and reply.candidates[0].content else []
        calls: list[ToolCall] = []
        for k, part in enumerate(parts):
            if part.function_call:
                call_id = part.function_call.id or f"gemini_call_{len(self._parts) + 1}"
                part.function_call.id = call_id
                self._parts[call_id] = part
                calls.append(ToolCall(id=call_id, name=part.function_call.name or "",
                                      arguments=json.dumps(part.function_call.args or {}, ensure_ascii=False)))
        text = "".join(p.text for p in parts if p.text and not p.thought) or None
        return ModelTurn(content=text, tool_calls=calls)
