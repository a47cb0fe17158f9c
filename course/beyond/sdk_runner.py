"""The `openai` SDK's own tool loop, `AsyncResponsesToolRunner`, run offline and drawn as a Trace.

The runner (openai/lib/responses_tool_runner.py, openai 3.x) executes the function calls of each
Responses reply. Read in the installed SDK:

* by default it runs a reply's calls **one after another**, after the reply has arrived;
* calls overlap only with `stream=True, eager=True`, and only for functions registered with
  `independent=True`; it then starts them as their items finish streaming, `max_concurrent_calls`
  (default **2**) at a time, and waits for that group before starting more.

This module registers course tools with the runner (`independent` = the tool's `parallel_safe`),
points it at the offline Responses endpoint, and records every model request and tool call as
spans of a course `Trace`, so the runner's schedule appears on the same timeline as the course's
runtime. The endpoint is the course's own; this module only adds the server-sent-event form of a
reply (`stream=True`), which the runner needs for eager execution.
"""
from __future__ import annotations

import asyncio
import json
from typing import Any, AsyncIterator, Iterable, Sequence

from ..calls import ToolCall, ToolResult, canonical_arguments
from ..models.scripted import ScriptedModel
from ..offline.clients import openai_client
from ..offline.common import sdk_http
from ..offline.shapes import read_body
from ..offline.responses import ResponsesEndpoint
from ..sync import run
from ..tools import Tool, as_tools
from ..trace import Span, Trace


def _events(response: dict[str, Any]) -> list[dict[str, Any]]:
    """A complete Responses reply as the stream of events the service sends for it."""
    started = {**response, "status": "in_progress", "output": []}
    events: list[dict[str, Any]] = [{"type": "response.created", "response": started}]
    for index, item in enumerate(response.get("output", [])):
        events.append({"type": "response.output_item.added", "output_index": index,
                       "item": {**item, "status": "in_progress"} if "status" in item else item})
        events.append({"type": "response.output_item.done", "output_index": index, "item": item})
    events.append({"type": "response.completed", "response": response})
    return [{**e, "sequence_number": n} for n, e in enumerate(events)]


class StreamingResponsesEndpoint(ResponsesEndpoint):
    """The offline Responses endpoint, answering `stream: true` with server-sent events, and
    recording each request as a model span (`spans`, times from `t0` on the running loop)."""

    def __init__(self, scripted: ScriptedModel) -> None:
        super().__init__(scripted)
        self.spans: list[Span] = []
        self.t0 = 0.0

    async def __call__(self, request: Any) -> Any:
        loop = asyncio.get_running_loop()
        span = Span(kind="llm", name=f"model turn {len(self.spans) + 1}", start=loop.time() - self.t0,
                    turn=len(self.spans) + 1)
        self.spans.append(span)
        body = read_body(request.content or b"{}")  # the endpoint's own reading; it answers what is unreadable
        streamed = isinstance(body, dict) and body.pop("stream", False)
        if streamed:
            body.pop("stream_options", None)
            request = sdk_http().Request(request.method, request.url, headers={"content-type": "application/json"},
                                         content=json.dumps(body).encode())
        response = await super().__call__(request)
        span.end = loop.time() - self.t0
        if not streamed or response.status_code != 200:
            return response
        await response.aread()
        return sdk_http().Response(200, headers={"content-type": "text/event-stream"},
                                   content=_sse(_events(response.json())))


async def _sse(events: Sequence[dict[str, Any]]) -> AsyncIterator[bytes]:
    for event in events:
        yield f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode()


def streaming_client(endpoint: StreamingResponsesEndpoint) -> Any:
    """A real `openai.AsyncOpenAI` whose HTTP this endpoint answers in-process."""
    return openai_client(endpoint)


def _registered(tool: Tool, trace: Trace, t0: float, ids: dict[str, list[str]]) -> Any:
    from openai.lib.responses_tool_runner import AsyncRegisteredFunction

    async def execute(arguments: dict[str, Any]) -> str:
        loop = asyncio.get_running_loop()
        waiting = ids.get(f"{tool.name}:{canonical_arguments(arguments)}")  # the scripted ids, in order
        call_id = waiting.pop(0) if waiting else tool.name
        span = Span(kind="tool", name=tool.name, start=loop.time() - t0, call_id=call_id, turn=1)
        trace.spans.append(span)
        try:
            output = await tool.invoke(tool.validate(arguments))
            result = ToolResult(call_id, tool.name, "ok", output=output)
        except Exception as exc:  # the runner would raise; the course keeps it as an error result
            result = ToolResult(call_id, tool.name, "error", error=f"{type(exc).__name__}: {exc}")
        span.end, span.ok, span.status = loop.time() - t0, result.ok, result.status
        trace.record([result])
        return result.content

    definition = {"type": "function", "name": tool.name, "description": tool.description,
                  "parameters": tool.parameters, "strict": False}
    return AsyncRegisteredFunction(definition, execute, independent=tool.parallel_safe)


async def run_sdk_runner_async(calls: Sequence[ToolCall], tools: Iterable[Tool] | dict[str, Tool], *,
                               stream: bool | None = None, eager: bool = False, max_concurrent_calls: int = 2,
                               latency: float = 0.5, final: str = "done") -> Trace:
    """Let `openai`'s AsyncResponsesToolRunner run one batch that a scripted model asks for.

    `stream`, `eager` and `max_concurrent_calls` are passed to the runner's `run()` as they are
    (`stream` defaults to `eager`, since the runner refuses eager execution without streaming)."""
    from openai.lib.responses_tool_runner import AsyncResponsesToolRunner

    table = tools if isinstance(tools, dict) else as_tools(tools)
    stream = eager if stream is None else stream
    options = [name for name, on in (("stream", stream), ("eager", eager)) if on]
    if max_concurrent_calls != 2:
        options.append(f"max_concurrent_calls={max_concurrent_calls}")
    label = f"openai ResponsesToolRunner ({', '.join(options) or 'defaults'})"
    trace = Trace.begin(label)
    t0 = trace.origin
    endpoint = StreamingResponsesEndpoint(ScriptedModel([list(calls)], final=final, latency=latency))
    endpoint.t0 = t0
    ids: dict[str, list[str]] = {}
    for c in calls:
        ids.setdefault(f"{c.name}:{canonical_arguments(c.arguments)}", []).append(c.id)
    runner = AsyncResponsesToolRunner(functions=[_registered(t, trace, t0, ids) for t in table.values()])
    response = await runner.run(streaming_client(endpoint), {"model": "offline", "input": "Do the task."},
                                stream=stream, eager=eager, max_concurrent_calls=max_concurrent_calls)
    trace.spans.extend(endpoint.spans)
    trace.spans.sort(key=lambda s: (s.start, s.kind != "llm"))
    trace.calls = list(calls)
    trace.final = response.output_text
    trace.finish()
    return trace


def run_sdk_runner(calls: Sequence[ToolCall], tools: Iterable[Tool] | dict[str, Tool], *,
                   stream: bool | None = None, eager: bool = False, max_concurrent_calls: int = 2,
                   latency: float = 0.5, final: str = "done", clock: str = "virtual") -> Trace:
    """Run `run_sdk_runner_async` on a fresh loop (virtual clock by default) and return its trace."""
    return run(lambda: run_sdk_runner_async(calls, tools, stream=stream, eager=eager,
                                            max_concurrent_calls=max_concurrent_calls, latency=latency,
                                            final=final), clock)


__all__ = ["StreamingResponsesEndpoint", "run_sdk_runner", "run_sdk_runner_async", "streaming_client"]
