"""Eager dispatch on a real stream: start each tool call the moment a Chat Completions stream completes it.

`streaming.py` draws the idea on the virtual clock from a stream's timing; this module runs it on a
real server's stream (the course's local model, or any OpenAI-compatible endpoint). A call is
complete when its arguments parse as a whole JSON object, or when the stream moves on to the next
call, or ends. A parallel-safe call with no dependency starts then; the rest are held and run as
one hybrid batch after the stream, as in `stream_and_run`. Every call the stream holds is answered
once, whatever arrives.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..batch import BatchRunner
from ..calls import ToolCall, Undecodable, decode_arguments
from ..modes import DeliveryMode
from ..sync import run
from ..tools import Tool, as_tools
from ..trace import Span, Trace


@dataclass
class _Pending:
    id: str = ""
    name: str = ""
    arguments: str = ""
    done: bool = False
    ready_at: float | None = None

    def complete(self) -> bool:
        return bool(self.id and self.name) and not isinstance(decode_arguments(self.arguments or "{}"), Undecodable) \
            and self.arguments.strip().endswith("}")


@dataclass
class StreamedRun:
    """The trace of one streamed reply and its calls, with when each call was complete in the stream."""

    trace: Trace
    ready: dict[str, float] = field(default_factory=dict)  # call id -> seconds after the request
    chunks: int = 0


async def stream_live_async(model: Any, messages: list[dict[str, Any]], tools: Iterable[Tool] | dict[str, Tool], *,
                            eager: bool = True) -> StreamedRun:
    """Ask `model` (an OpenAIModel, e.g. course.local_model()) for one streamed reply and run its calls."""
    table = tools if isinstance(tools, dict) else as_tools(tools)
    trace = Trace.begin("eager dispatch (real stream)" if eager else "run after the real stream")
    outcome = StreamedRun(trace)
    stream_span = Span(kind="llm", name="model streams its reply", start=0.0, turn=1)
    trace.spans.append(stream_span)
    pending: dict[int, _Pending] = {}
    early: dict[str, asyncio.Future[Any]] = {}
    results: dict[str, Any] = {}

    def eligible(call: ToolCall) -> bool:
        tool = table.get(call.name)
        return eager and tool is not None and tool.parallel_safe and not call.depends_on and not call.references()

    def finish(p: _Pending) -> None:
        if p.done or not p.id:
            return
        p.done, p.ready_at = True, trace.now()
        outcome.ready[p.id] = p.ready_at
        call = ToolCall(p.id, p.name, p.arguments)
        if eligible(call):
            early[call.id] = asyncio.ensure_future(_run_one(call))

    async def _run_one(call: ToolCall) -> None:
        runner = BatchRunner([call], table, DeliveryMode.ALL, trace, turn=1, record=False)
        results[call.id] = (await runner.run())[0]

    schemas = [t.schema for t in table.values()]
    try:
        stream = await model.client.chat.completions.create(
            model=model.model, messages=getattr(model, "wire_messages", list)(messages), tools=schemas,
            stream=True, temperature=0)
        async for chunk in stream:
            outcome.chunks += 1
            for choice in chunk.choices or []:
                for delta in (choice.delta.tool_calls or []) if choice.delta else []:
                    for index, p in pending.items():  # the stream moved on: earlier calls are complete
                        if index < delta.index:
                            finish(p)
                    p = pending.setdefault(delta.index, _Pending())
                    p.id = delta.id or p.id
                    if delta.function is not None:
                        p.name = delta.function.name or p.name
                        p.arguments += delta.function.arguments or ""
                    if p.complete():
                        finish(p)
    except BaseException:  # the stream broke: nothing it started is left running
        for task in early.values():
            task.cancel()
        await asyncio.gather(*early.values(), return_exceptions=True)
        raise
    stream_span.end = trace.now()
    for index, p in pending.items():
        p.id = p.id or f"streamed_call_{index}"  # a server that sent no id still gets its call answered
        finish(p)
    calls = [ToolCall(p.id, p.name, p.arguments) for _, p in sorted(pending.items())]
    held = [c for c in calls if c.id not in early]
    if eager and held:
        trace.notes.append(f"held until the stream ended: {', '.join(c.id for c in held)} "
                           "(not parallel-safe or dependent on another call)")
    if held:
        needed = {d for c in held for d in (*c.depends_on, *c.references()) if d in early}
        await asyncio.gather(*(early[d] for d in sorted(needed)))
        prior = {cid: r.output for cid, r in results.items() if getattr(r, "ok", False)}
        runner = BatchRunner(held, table, DeliveryMode.HYBRID, trace, turn=1, prior_outputs=prior, record=False)
        for r in await runner.run():
            results[r.call_id] = r
    await asyncio.gather(*early.values())
    trace.record([results[c.id] for c in calls])
    trace.finish()
    return outcome


def stream_live(model: Any, prompt: str, tools: Iterable[Tool] | dict[str, Tool], *, system: str | None = None,
                eager: bool = True) -> StreamedRun:
    """One real streamed reply to `prompt`, its calls run eagerly (or after the stream), on the real clock."""
    messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": prompt}]
    return run(lambda: stream_live_async(model, messages, tools, eager=eager), "real")
