"""OpenAI Responses: the adapter over `openai.AsyncOpenAI().responses`, reasoning items kept with their calls."""
from __future__ import annotations

from typing import Any, Callable

from ..calls import ToolCall
from ..messages import ModelTurn, tool_functions
from .base import SDKModel


class ResponsesModel(SDKModel):
    """A Model on the Responses API: `function_call` items out, `function_call_output` items back.

    A reasoning model's `reasoning` item must be replayed right before the calls it led to, or
    the next request is refused; the adapter remembers each turn's output items by call id and
    replays them verbatim (the whole conversation is sent each turn, so no response needs to be
    stored server-side).

    `programmatic=True` declares OpenAI's `programmatic_tool_calling` tool and lets every function
    be called from a program (`allowed_callers`): the model may then answer with a `program` item
    that runs on the provider's side and calls the tools itself. Each call a program makes comes
    back as an ordinary call (its `caller` names the program) for the agent to run; the `program`
    and `program_output` items are replayed with the calls they came with, like reasoning items.
    """

    protocol, protocol_name, one_call_switch = "responses", "OpenAI Responses", "parallel_tool_calls=false"

    def __init__(self, client: Any = None, *, model: str | None = None,
                 client_factory: Callable[[], Any] | None = None, reasoning_effort: str | None = None,
                 programmatic: bool = False) -> None:
        super().__init__(client, model=model, client_factory=client_factory)
        self.reasoning_effort = reasoning_effort
        self.programmatic = programmatic
        self._items: dict[str, list[dict[str, Any]]] = {}  # call id -> [reasoning..., its function_call item]

    def input_items(self, messages: list[dict[str, Any]]) -> tuple[str | None, list[dict[str, Any]]]:
        """The conversation as (instructions, Responses input items)."""
        instructions = "\n\n".join(str(m["content"]) for m in messages if m.get("role") == "system") or None
        items: list[dict[str, Any]] = []
        for message in messages:
            role = message.get("role")
            if role == "user":
                items.append({"role": "user", "content": str(message.get("content") or "")})
            elif role == "tool":
                items.append({"type": "function_call_output", "call_id": message["tool_call_id"],
                              "output": str(message.get("content", ""))})
            elif role == "assistant":
                if message.get("content"):
                    items.append({"role": "assistant", "content": str(message["content"])})
                for call in message.get("tool_calls") or []:
                    items += self._replay(call, items)
        return instructions, items

    def _replay(self, call: dict[str, Any], so_far: list[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = self._items.get(call["id"])
        if kept is None:  # a call this adapter did not receive (e.g. written by hand): no item id to pair
            return [{"type": "function_call", "call_id": call["id"], "name": call["function"]["name"],
                     "arguments": call["function"]["arguments"]}]
        seen = {item.get("id") for item in so_far}
        return [item for item in kept if item.get("id") not in seen]

    async def request(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      parallel_tool_calls: bool) -> ModelTurn:
        instructions, items = self.input_items(messages)
        request: dict[str, Any] = {"model": self.model, "input": items}
        if instructions:
            request["instructions"] = instructions
        if tools:
            request["tools"] = [{"type": "function", "name": f["name"], "description": f.get("description", ""),
                                 "parameters": f.get("parameters", {"type": "object"}), "strict": False}
                                for f in tool_functions(tools)]
            if self.programmatic:
                for t in request["tools"]:
                    t["allowed_callers"] = ["direct", "programmatic"]
                request["tools"].append({"type": "programmatic_tool_calling"})
            request["parallel_tool_calls"] = parallel_tool_calls
        if self.reasoning_effort:
            request["reasoning"] = {"effort": self.reasoning_effort}
        response = await self.client.responses.create(**request)
        usage = getattr(response, "usage", None)
        self.last_usage = ({"prompt_tokens": usage.input_tokens, "completion_tokens": usage.output_tokens}
                           if usage else None)
        calls: list[ToolCall] = []
        before: list[dict[str, Any]] = []  # reasoning, program and program_output items, replayed before the calls
        for item in response.output:
            data = item.model_dump(exclude_none=True)
            if item.type in ("reasoning", "program", "program_output"):
                before.append(data)
            elif item.type == "function_call":
                calls.append(ToolCall(id=item.call_id, name=item.name, arguments=item.arguments or ""))
                self._items[item.call_id] = [*before, data]  # each call: a call kept alone still has them
        text = response.output_text or None
        return ModelTurn(content=text, tool_calls=calls)
