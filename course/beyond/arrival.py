"""Results as they arrive: hand each tool result to the model when it completes, not all at once.

Gemini's Live API lets a function be declared `NON_BLOCKING`: the conversation goes on while it
runs, and each result is handled when it becomes available (its `scheduling` says whether it
interrupts the model, waits until the model is idle — the default — or is only added to the
context). This module plays that style next to the usual one on the virtual clock:

* **all at once** — the model waits for the whole batch, then reads every result in one turn;
* **as they arrive** — whenever results have arrived and the model is idle, it reads them in a
  new turn (results that arrive while it is busy wait for the next turn: `WHEN_IDLE`).

What decides the difference is a model turn's cost: a fixed part paid by every turn (time to the
first token, re-reading the whole context) and a part per result read. Arrival overlaps reading
early results with waiting for slow ones; it pays the fixed part once more per extra turn, and
every extra turn re-reads the context (counted in tokens, characters / 4).
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from ..calls import ToolCall, ToolResult
from ..i18n import Message
from ..batch import BatchRunner
from ..modes import DeliveryMode
from ..messages import approx_tokens
from ..sync import run
from ..tools import Tool, as_tools
from ..trace import Span, Trace


@dataclass(frozen=True)
class TurnCost:
    """What a model turn costs: planning the batch, a fixed part per turn, and a part per result read."""

    plan: float = 0.5
    per_turn: float = 0.3
    per_result: float = 0.4

    def reading(self, results: int) -> float:
        """Seconds of one turn that reads this many new results."""
        return round(self.per_turn + self.per_result * results, 9)


@dataclass
class ArrivalTrace(Trace):
    """A trace plus, per reading turn, which results it read and how many tokens of context it re-read."""

    reads: list[list[str]] = field(default_factory=list)
    context_tokens: list[int] = field(default_factory=list)

    @property
    def reread_tokens(self) -> int:
        """Tokens the model read over all its turns (each turn re-reads the context so far)."""
        return sum(self.context_tokens)

    @property
    def first_reading(self) -> float:
        """When the model started reading its first result (seconds)."""
        spans = [s for s in self.spans if s.kind == "llm" and s.name.startswith("reads")]
        return spans[0].start if spans else 0.0


# The two styles' names, as a trace's mode: English values, shown in the learner's language.
ALL_AT_ONCE = Message("all at once")
AS_THEY_ARRIVE = Message("as they arrive")


async def deliver_async(calls: Sequence[ToolCall], tools: Iterable[Tool] | dict[str, Tool], *,
                        as_they_arrive: bool, cost: TurnCost = TurnCost(), prompt: str = "Do the task.") -> ArrivalTrace:
    """Plan one batch, run it all at once, and let the model read the results in one turn
    (`as_they_arrive=False`) or turn by turn as they complete (`True`, Gemini's WHEN_IDLE)."""
    table = tools if isinstance(tools, dict) else as_tools(tools)
    calls = list(calls)
    trace = ArrivalTrace.begin(AS_THEY_ARRIVE if as_they_arrive else ALL_AT_ONCE)
    loop, t0 = asyncio.get_running_loop(), trace.origin
    context = approx_tokens({"role": "user", "content": prompt})

    async def model_turn(name: str, seconds: float) -> None:
        nonlocal context
        span = Span(kind="llm", name=name, start=loop.time() - t0, turn=len(trace.context_tokens) + 1)
        trace.spans.append(span)
        trace.context_tokens.append(context)
        await asyncio.sleep(seconds)
        span.end = loop.time() - t0

    await model_turn("plans the batch", cost.plan)
    context += approx_tokens({"tool_calls": [c.to_openai() for c in calls]})
    done: dict[str, ToolResult] = {}
    arrived: asyncio.Queue[ToolResult] = asyncio.Queue()

    async def one(call: ToolCall) -> None:
        result = (await BatchRunner([call], table, DeliveryMode.ALL, trace, turn=1, record=False).run())[0]
        done[call.id] = result
        arrived.put_nowait(result)

    tasks = [asyncio.ensure_future(one(c)) for c in calls]
    unread = len(calls)
    while unread:
        if as_they_arrive:
            batch = [await arrived.get()]
        else:
            await asyncio.gather(*tasks)
            batch = []
        while not arrived.empty():
            batch.append(arrived.get_nowait())
        trace.reads.append([r.call_id for r in batch])
        context += sum(approx_tokens(r.to_openai()) for r in batch)
        await model_turn(f"reads {', '.join(r.call_id for r in batch)}", cost.reading(len(batch)))
        unread -= len(batch)
    await asyncio.gather(*tasks)
    trace.record([done[c.id] for c in calls])
    trace.final = "answered after reading every result"
    trace.finish()
    return trace


def deliver(calls: Sequence[ToolCall], tools: Iterable[Tool] | dict[str, Tool], *, as_they_arrive: bool,
            cost: TurnCost = TurnCost(), prompt: str = "Do the task.", clock: str = "virtual") -> ArrivalTrace:
    """Run `deliver_async` on a fresh loop (virtual clock by default) and return its trace."""
    return run(lambda: deliver_async(calls, tools, as_they_arrive=as_they_arrive, cost=cost, prompt=prompt), clock)


def compare(calls: Sequence[ToolCall], tools: Iterable[Tool] | dict[str, Tool],
            cost: TurnCost = TurnCost()) -> dict[str, Any]:
    """Both styles on one batch: time to the answer, model turns, and tokens re-read."""
    runs = {ALL_AT_ONCE: deliver(calls, tools, as_they_arrive=False, cost=cost),
            AS_THEY_ARRIVE: deliver(calls, tools, as_they_arrive=True, cost=cost)}
    return {name: {"answer at": t.makespan, "model turns": t.llm_calls, "tokens re-read": t.reread_tokens,
                   "first reading at": t.first_reading} for name, t in runs.items()}


__all__ = ["ArrivalTrace", "TurnCost", "compare", "deliver", "deliver_async"]
