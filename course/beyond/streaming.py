"""Eager dispatch: start each tool call as soon as the model has finished streaming it."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..calls import ToolCall
from ..batch import BatchRunner
from ..modes import DeliveryMode
from ..sync import run
from ..tools import Tool, as_tools
from ..trace import Span, Trace


@dataclass(frozen=True)
class StreamTiming:
    """How a model streams one reply: time to the first token, then a steady token rate."""

    first_token: float = 0.3
    per_token: float = 0.01
    text_tokens: int = 0  # tokens of text before the first call

    def ready_times(self, call_tokens: Sequence[int]) -> list[float]:
        """When each call's last token has arrived (seconds after the request)."""
        times, t = [], self.first_token + self.text_tokens * self.per_token
        for n in call_tokens:
            t += n * self.per_token
            times.append(round(t, 9))
        return times


def _tokens(calls: Sequence[ToolCall], call_tokens: int | Sequence[int] | None) -> list[int]:
    if call_tokens is None:  # about four characters per token, as tokenizers average on JSON
        return [max(1, (len(c.name) + len(c.arguments_json) + 20) // 4) for c in calls]
    if isinstance(call_tokens, int):
        return [call_tokens] * len(calls)
    if len(call_tokens) != len(calls):
        raise ValueError(f"call_tokens has {len(call_tokens)} entries for {len(calls)} calls; give one per call.")
    return list(call_tokens)


async def stream_and_run_async(calls: Sequence[ToolCall], tools: Iterable[Tool] | dict[str, Tool], *,
                               eager: bool = True, timing: StreamTiming = StreamTiming(),
                               call_tokens: int | Sequence[int] | None = None) -> Trace:
    """Stream one model reply holding `calls`, and run them: eagerly, or after the stream ends.

    Eager dispatch starts a parallel-safe call the moment its arguments are complete; a call
    that is not parallel-safe, or depends on another call, is held: the held calls run as one
    hybrid batch once the stream has ended and the early calls they depend on have finished.
    """
    table = tools if isinstance(tools, dict) else as_tools(tools)
    calls = list(calls)
    trace = Trace.begin("eager dispatch" if eager else "run after the stream")
    loop, t0 = asyncio.get_running_loop(), trace.origin
    ready = timing.ready_times(_tokens(calls, call_tokens))
    stream_end = ready[-1] if ready else timing.first_token
    stream = Span(kind="llm", name="model streams its reply", start=0.0, turn=1)
    trace.spans.append(stream)
    results: dict[str, object] = {}

    def eligible(call: ToolCall) -> bool:
        tool = table.get(call.name)
        return eager and tool is not None and tool.parallel_safe and not call.depends_on and not call.references()

    async def run_at(call: ToolCall, when: float) -> None:
        await asyncio.sleep(max(0.0, t0 + when - loop.time()))
        runner = BatchRunner([call], table, DeliveryMode.ALL, trace, turn=1, record=False)
        results[call.id] = (await runner.run())[0]

    early = {c.id: asyncio.ensure_future(run_at(c, ready[i])) for i, c in enumerate(calls) if eligible(c)}
    held = [c for c in calls if not eligible(c)]
    await asyncio.sleep(max(0.0, t0 + stream_end - loop.time()))
    stream.end = loop.time() - t0
    if eager and held:
        trace.notes.append(f"held until the stream ended: {', '.join(c.id for c in held)} "
                           "(not parallel-safe or dependent on another call)")
    if held:
        needed = {d for c in held for d in (*c.depends_on, *c.references()) if d in early}
        await asyncio.gather(*(early[d] for d in sorted(needed)))  # a held call may need an early call's output
        prior = {cid: r.output for cid, r in results.items() if getattr(r, "ok", False)}
        runner = BatchRunner(held, table, DeliveryMode.HYBRID, trace, turn=1, prior_outputs=prior,
                             record=False)
        for r in await runner.run():
            results[r.call_id] = r
    await asyncio.gather(*early.values())
    trace.record([results[c.id] for c in calls])  # type: ignore[misc]
    trace.finish()
    return trace


def stream_and_run(calls: Sequence[ToolCall], tools: Iterable[Tool] | dict[str, Tool], *, eager: bool = True,
                   timing: StreamTiming = StreamTiming(), call_tokens: int | Sequence[int] | None = None,
                   clock: str = "virtual") -> Trace:
    """Run `stream_and_run_async` on a fresh loop (virtual clock by default) and return its trace."""
    return run(lambda: stream_and_run_async(calls, tools, eager=eager, timing=timing,
                                            call_tokens=call_tokens), clock)
