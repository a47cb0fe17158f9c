"""Speculative tool calls: start a likely read while the model is still thinking."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from ..batch import BatchRunner
from ..calls import ToolCall, ToolResult, canonical_arguments
from ..loop import Agent, AgentRun
from ..messages import Model
from ..modes import DeliveryMode
from ..tools import Tool
from ..trace import Span, Trace

Predictor = Callable[[dict[str, Any]], Sequence[ToolCall]]  # outputs so far (call id -> output) -> guesses


def call_key(name: str, arguments: Any) -> str:
    """Two calls are the same request when tool and (canonical JSON) arguments match."""
    return f"{name}:{canonical_arguments(arguments)}"


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


@dataclass
class _SpeculativeRun(AgentRun):
    """One run's guesses in flight (by request key) and the requests already answered."""

    guesses: dict[str, _Guess] = field(default_factory=dict)
    done_keys: set[str] = field(default_factory=set)


class SpeculativeAgent(Agent):
    """An agent that, before each model turn, starts the calls a predictor expects next.

    Only parallel-safe tools that declare no writes are ever speculated: a guessed read that is
    never used costs tool time, a guessed write would change the world. When the model then asks
    for a call already in flight (same tool, same arguments), the agent awaits that instead.
    It is the course's one agent loop (`course.Agent`) with three hooks filled in.
    """

    trace_class = SpeculativeTrace
    run_class = _SpeculativeRun

    def __init__(self, model: Model, tools: Iterable[Tool], predictor: Predictor | None,
                 mode: DeliveryMode | str = "one-at-a-time", max_turns: int = 30, **options: Any) -> None:
        super().__init__(model, tools, mode, max_turns=max_turns, **options)
        if self.mode not in (DeliveryMode.ONE_AT_A_TIME, DeliveryMode.ALL):
            raise ValueError("SpeculativeAgent supports mode='one-at-a-time' or 'all'.")
        self.predictor = predictor

    @property
    def label(self) -> str:
        """The trace's mode label: the mode, and whether it speculates."""
        return f"{self.mode.value}{' + speculation' if self.predictor else ''}"

    def speculable(self, call: ToolCall) -> bool:
        """True when guessing this call is harmless: a known, parallel-safe tool that writes nothing."""
        tool = self.tools.get(call.name)
        return tool is not None and tool.parallel_safe and not any(a.write for a in tool.accesses(call.arguments))

    async def before_turn(self, state: _SpeculativeRun, turn: int) -> None:  # type: ignore[override]
        """Start the predictor's guesses that are new and harmless."""
        if self.predictor is None:
            return
        trace = state.trace
        for guess in self.predictor(dict(state.outputs)):
            key = call_key(guess.name, guess.arguments)
            if key in state.guesses or key in state.done_keys:
                continue
            if not self.speculable(guess):
                trace.notes.append(f"turn {turn}: did not speculate {guess.id} ({guess.name}): only "
                                   "parallel-safe tools that write nothing are guessed")
                continue
            runner = BatchRunner([guess], self.tools, DeliveryMode.ALL, trace, turn=turn, observer=state.observer,
                                 record=False)  # its result is handed on under the model's own id
            state.guesses[key] = _Guess(guess, asyncio.ensure_future(runner.run()))

    async def run_calls(self, calls: list[ToolCall], state: _SpeculativeRun,  # type: ignore[override]
                        turn: int) -> list[ToolResult]:
        """Calls already guessed are awaited; the others run as one batch; all recorded in call order."""
        guessed: dict[str, _Guess] = {}
        for call in calls:
            guess = state.guesses.get(call_key(call.name, call.arguments))
            if guess is not None and guess.used_by is None:  # each guess answers one call
                guess.used_by = call.id
                guessed[call.id] = guess
        rest = [c for c in calls if c.id not in guessed]
        fresh, *adopted = await asyncio.gather(
            self.run_batch(rest, state, turn, mode=DeliveryMode.ALL, record=False),
            *(self._adopt(call, guessed[call.id], state.trace) for call in calls if call.id in guessed))
        by_id = {r.call_id: r for r in (*fresh, *adopted)}
        results = [by_id[c.id] for c in calls]
        state.done_keys.update(call_key(c.name, c.arguments) for c in calls)
        state.trace.record(results)
        return results

    async def _adopt(self, call: ToolCall, guess: _Guess, trace: SpeculativeTrace) -> ToolResult:
        asked_at = trace.now()
        result = (await guess.task)[0]
        span = guess.span(trace)
        trace.hits.append(call.id)
        trace.head_start = round(trace.head_start + min(asked_at, span.end or asked_at) - span.start, 9)
        span.name = f"{span.name} (guessed, used)"
        return ToolResult(call.id, call.name, result.status, output=result.output, error=result.error)

    async def after_run(self, state: _SpeculativeRun) -> None:  # type: ignore[override]
        """Cancel the guesses nobody asked for and count what they cost."""
        trace: SpeculativeTrace = state.trace  # type: ignore[assignment]
        guesses = state.guesses
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
