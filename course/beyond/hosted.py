"""Programmatic tool calling on the wire: the program runs on the provider's side, its calls on yours.

That is how OpenAI ships it on the Responses API, and Anthropic on Messages (there the program is a
`server_tool_use` of the code-execution tool, its calls `tool_use` blocks with a `caller`, its end a
`code_execution_tool_result`; offline/anthropic.py). On the Responses API: The request declares the
`programmatic_tool_calling` tool; the model's turn carries a `program` item; the service runs the
program in its sandbox, and each time the program calls tools the response holds those
`function_call` items, each with `caller: {"type": "program", "caller_id": ...}`. The client runs
them as it runs any batch and sends their outputs; the program resumes. No model turn happens
until the program ends, with a `program_output` item, and the model reads only that output.

Offline, the endpoint plays the service and this module is its sandbox: the course's interpreter
(course.beyond.programmatic) runs the program, and every batch it calls — one `gather`, or one
call — is handed to the client instead of to the executor. A tool's output comes back as text, as
over any wire; text that is JSON is read back as its value, so one program runs the same here as
in `ProgrammaticAgent`. The real service runs JavaScript; the course's programs are its own Python
subset, so one scripted program can travel every wire.
"""
from __future__ import annotations

import asyncio
import json
from typing import Any, Iterable

from ..calls import ToolCall, ToolResult
from ..models.anthropic import AnthropicModel
from ..models.base import SDKModel
from ..models.openai_responses import ResponsesModel
from ..models.scripted import ScriptedModel
from ..offline.anthropic import AnthropicEndpoint
from ..offline.clients import anthropic_client, openai_client
from ..offline.common import PROGRAM_TOOL
from ..offline.responses import ResponsesEndpoint
from ..tools import Tool, as_tools
from .programmatic import MAX_STEPS, MAX_TOOL_CALLS, ProgramTrace, run_program_call

ERROR_PREFIX = "Error: "  # how a failed call's output reads on every wire (ToolResult.content)


class HostedProgram:
    """One program in the provider's sandbox: started, paused at each batch it calls, resumed with outputs."""

    def __init__(self, call_id: str, code: str, tools: dict[str, Tool], *, max_steps: int = MAX_STEPS,
                 max_tool_calls: int = MAX_TOOL_CALLS) -> None:
        self.call_id, self.code, self.tools = call_id, code, tools
        self.max_steps, self.max_tool_calls = max_steps, max_tool_calls
        self.ok, self.result = True, ""
        self._events: asyncio.Queue[list[ToolCall] | None] = asyncio.Queue()
        self._answer: asyncio.Future[dict[str, str]] | None = None
        self._task: asyncio.Task[None] | None = None

    async def advance(self, outputs: dict[str, str]) -> list[ToolCall] | None:
        """Start the program ({}) or resume it with the outputs it waits for; its next batch, or None: it ended."""
        if self._task is None:
            self._task = asyncio.ensure_future(self._main())
        elif self._answer is not None and not self._answer.done():
            self._answer.set_result(outputs)
        return await self._events.get()

    async def _main(self) -> None:
        call = ToolCall(self.call_id, PROGRAM_TOOL, {"code": self.code})
        result = await run_program_call(call, self.tools, ProgramTrace.begin("hosted"), max_steps=self.max_steps,
                                        max_tool_calls=self.max_tool_calls, execute=self._hand_over)
        self.ok, self.result = result.ok, result.content
        await self._events.put(None)

    async def _hand_over(self, calls: list[ToolCall]) -> list[ToolResult]:
        """A batch the program calls: out to the client, and back as one result per call."""
        self._answer = asyncio.get_running_loop().create_future()
        await self._events.put(calls)
        outputs = await self._answer
        return [_result(c, outputs.get(c.id, f"{ERROR_PREFIX}no output for {c.id}")) for c in calls]


def _result(call: ToolCall, output: str) -> ToolResult:
    if output.startswith(ERROR_PREFIX):
        return ToolResult(call.id, call.name, "error", error=output[len(ERROR_PREFIX):])
    value: Any = output
    if output[:1] in "[{":
        try:
            value = json.loads(output)
        except ValueError:
            pass
    return ToolResult(call.id, call.name, "ok", output=value)


WIRES = {  # protocol -> (its endpoint, the SDK client over it, its adapter): the two that ship it
    "responses": (ResponsesEndpoint, openai_client, ResponsesModel),
    "anthropic": (AnthropicEndpoint, anthropic_client, AnthropicModel),
}


def hosted_endpoint(scripted: ScriptedModel, tools: Iterable[Tool] | dict[str, Tool],
                    protocol: str = "responses") -> ResponsesEndpoint | AnthropicEndpoint:
    """That protocol's offline endpoint with a sandbox: `run_program` calls of `scripted` become hosted programs."""
    if protocol not in WIRES:
        raise ValueError(f"programmatic tool calling travels the {' and '.join(map(repr, WIRES))} wires, "
                         f"not {protocol!r}")
    table = tools if isinstance(tools, dict) else as_tools(tools)
    return WIRES[protocol][0](scripted, sandbox=lambda call_id, code: HostedProgram(call_id, code, table))


def hosted_model(scripted: ScriptedModel, tools: Iterable[Tool] | dict[str, Tool],
                 protocol: str = "responses") -> SDKModel:
    """That protocol's adapter, declaring programmatic tool calling, over its real SDK client and that endpoint.

    Run it with a plain `course.Agent` and the tools: the program runs on the "provider's" side, the
    agent runs the calls it makes, batch by batch."""
    endpoint = hosted_endpoint(scripted, tools, protocol)
    _, client, adapter = WIRES[protocol]
    return adapter(client(endpoint), model=scripted.name, programmatic=True)


__all__ = ["HostedProgram", "hosted_endpoint", "hosted_model"]
