"""Speculative tool calls: start a likely read while the model is still thinking."""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from ..calls import ToolCall, ToolResult
from ..clock import is_virtual
from ..errors import ModelError
from ..executors import BatchRunner
from ..models.scripted import Model
from ..modes import DeliveryMode
from ..runner import run
from ..tools import Tool, as_tools
from ..trace import Span, Trace

Predictor = Callable[[dict[str, Any]], Sequence[ToolCall]]  # outputs so far (call id -> output) -> guesses


def call_key(name: str, arguments: Any) -> str:
    """Two calls are the same request when tool and (canonical JSON) arguments match."""
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments or "{}")
        except json.JSONDecodeError:
            return f"{name}:{arguments}"
    return f"{name}:{json.dumps(arguments, sort_keys=True, ensure_ascii=False)}"


@dataclass
class SpeculativeTrace(Trace):
    """A trace plus what speculation did: hits, misses, wasted tool time and time saved."""

    hits: list[str] = field(default_factory=list)        # call ids the model asked for that were already started
    misses: list[str] = field(default_factory=list)      # speculative calls the model never asked for
    wasted_time: float = 0.0                             # tool seconds spent on misses
    head_start: float = 0.0                              # seconds hits had been running when the model asked

    @property
    def hit_rate(self) -> float:
        """Hits over all speculative calls started (0 when none were)."""
        started = len(self.hits) + len(self.misses)
        return round(len(self.hits) / started, 6) if started else 0.0


@dataclass
class _Guess:
    call: ToolCall
    task: asyncio.Future[list[ToolResult]]
    used_by: str | None = None

    def span(self, trace: Trace) -> Span:
        """The tool span of this guessed call."""
        return trace.span(self.call.id)


class SpeculativeAgent:
    """An agent that, before each model turn, starts the calls a predictor expects next.

    Only parallel-safe tools that declare no writes are ever speculated: a guessed read that is
    never used costs tool time, a guessed write would change the world. When the model then asks
    for a call already in flight (same tool, same arguments), the agent awaits that instead.
    """

    def __init__(self, model: Model, tools: Iterable[Tool], predictor: Predictor | None,
                 mode: DeliveryMode | str = "one-at-a-time", max_turns: int = 30) -> None:
        self.model, self.tools, self.predictor = model, as_tools(tools), predictor
        self.mode, self.max_turns = DeliveryMode.parse(mode), max_turns
        if self.mode not in (DeliveryMode.ONE_AT_A_TIME, DeliveryMode.ALL):
            raise ValueError("SpeculativeAgent supports mode='one-at-a-time' or 'all'.")

    def speculable(self, call: ToolCall) -> bool:
        """True when guessing this call is harmless: a known, parallel-safe tool that writes nothing."""
        tool = self.tools.get(call.name)
        return tool is not None and tool.parallel_safe and not any(a.write for a in tool.accesses(call.arguments))

    def run_sync(self, prompt: str, clock: str = "virtual") -> SpeculativeTrace:
        """Run to the final answer on a fresh loop and return the trace."""
        return run(lambda: self.run(prompt), clock)

    async def run(self, prompt: str) -> SpeculativeTrace:
        """Run on the running loop."""
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        trace = SpeculativeTrace(mode=f"{self.mode.value}{' + speculation' if self.predictor else ''}",
                                 clock="virtual" if is_virtual(loop) else "real")
        messages: list[dict[str, Any]] = [{"role": "user", "content": prompt}]
        trace.messages = messages
        outputs: dict[str, Any] = {}
        guesses: dict[str, _Guess] = {}
        done_keys: set[str] = set()
        schemas = [t.schema for t in self.tools.values()]
        try:
            for turn in range(1, self.max_turns + 1):
                self._speculate(outputs, guesses, done_keys, trace, turn, t0)
                span = Span(kind="llm", name=f"model turn {turn}", start=loop.time() - t0, turn=turn)
                trace.spans.append(span)
                try:
                    reply = await self.model.respond(list(messages), schemas,
                                                     parallel_tool_calls=self.mode is DeliveryMode.ALL)
                finally:
                    span.end = loop.time() - t0
                if not reply.tool_calls:
                    trace.final = reply.content
                    break
                calls = reply.tool_calls[:1] if self.mode is DeliveryMode.ONE_AT_A_TIME else list(reply.tool_calls)
                messages.append({"role": "assistant", "content": reply.content,
                                 "tool_calls": [c.to_openai() for c in calls]})
                results = await asyncio.gather(*(self._answer(c, guesses, trace, turn, t0) for c in calls))
                for call, result in zip(calls, results):
                    done_keys.add(call_key(call.name, call.arguments))
                    trace.results.append(result)
                    if result.ok:
                        outputs[result.call_id] = result.output
                    messages.append(result.to_openai())
            else:
                trace.error = f"stopped after max_turns={self.max_turns} model turns without a final answer"
        except ModelError as exc:
            trace.error = str(exc)
        await self._discard_unused(guesses, trace)
        trace.end = loop.time() - t0
        return trace

    def _speculate(self, outputs: dict[str, Any], guesses: dict[str, _Guess], done_keys: set[str],
                   trace: SpeculativeTrace, turn: int, t0: float) -> None:
        if self.predictor is None:
            return
        for guess in self.predictor(dict(outputs)):
            key = call_key(guess.name, guess.arguments)
            if key in guesses or key in done_keys:
                continue
            if not self.speculable(guess):
                trace.notes.append(f"turn {turn}: did not speculate {guess.id} ({guess.name}): only "
                                   "parallel-safe tools that write nothing are guessed")
                continue
            runner = BatchRunner([guess], self.tools, DeliveryMode.ALL, trace, turn=turn, t0=t0)
            guesses[key] = _Guess(guess, asyncio.ensure_future(runner.run()))

    async def _answer(self, call: ToolCall, guesses: dict[str, _Guess], trace: SpeculativeTrace,
                      turn: int, t0: float) -> ToolResult:
        guess = guesses.get(call_key(call.name, call.arguments))
        if guess is None or guess.used_by is not None:
            runner = BatchRunner([call], self.tools, DeliveryMode.ALL, trace, turn=turn, t0=t0)
            return (await runner.run())[0]
        guess.used_by = call.id
        asked_at = asyncio.get_running_loop().time() - t0
        result = (await guess.task)[0]
        span = guess.span(trace)
        trace.hits.append(call.id)
        trace.head_start = round(trace.head_start + min(asked_at, span.end or asked_at) - span.start, 9)
        span.name = f"{span.name} (guessed, used)"
        return ToolResult(call.id, call.name, result.status, output=result.output, error=result.error)

    async def _discard_unused(self, guesses: dict[str, _Guess], trace: SpeculativeTrace) -> None:
        for guess in guesses.values():
            if guess.used_by is None:
                guess.task.cancel()
        await asyncio.gather(*(g.task for g in guesses.values()), return_exceptions=True)
        for guess in guesses.values():
            if guess.used_by is None:
                span = guess.span(trace)
                span.name = f"{span.name} (guessed, unused)"
                trace.misses.append(guess.call.id)
                trace.wasted_time = round(trace.wasted_time + span.duration, 9)
