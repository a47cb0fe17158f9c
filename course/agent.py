"""The agent loop: ask the model, run the calls it delivers, hand every result back, repeat."""
from __future__ import annotations

import asyncio
from typing import Any, Callable, Iterable

from .calls import ToolCall
from .clock import is_virtual
from .errors import ModelError
from .executors import BatchRunner, Observer, check_options, notify
from .models import Model
from .modes import DeliveryMode
from .runner import run
from .scheduling import build_graph
from .tools import Tool, as_tools
from .trace import Span, Trace


class Agent:
    """A tool-calling agent with a delivery mode; `run_sync(prompt)` returns the Trace."""

    def __init__(self, model: Model, tools: Iterable[Tool | Callable[..., Any]] = (),
                 mode: DeliveryMode | str = "all", *, max_concurrency: int | None = None,
                 scheduler: str = "dataflow", max_turns: int = 20, system: str | None = None,
                 monitor: Any | None = None) -> None:
        check_options(max_concurrency, scheduler)  # refused here, before a model turn is paid for
        if not callable(getattr(model, "respond", None)):
            raise TypeError(f"model must be a course Model (e.g. course.ScriptedModel(plan=[...]) or "
                            f"course.chat_model(...)); got {type(model).__name__}.")
        if isinstance(max_turns, bool) or not isinstance(max_turns, int) or max_turns < 1:
            raise ValueError(f"max_turns must be a whole number of model turns, at least 1; got {max_turns!r}.")
        self.model = model
        self.tools = as_tools(tools)
        self.mode = DeliveryMode.parse(mode)
        self.max_concurrency = max_concurrency
        self.scheduler = scheduler
        self.max_turns = max_turns
        self.system = system
        self.monitor = monitor
        self._schemas = [t.schema for t in self.tools.values()]  # derived once, sent every turn

    @property
    def tool_schemas(self) -> list[dict[str, Any]]:
        """The tools as the model sees them (OpenAI `tools` format)."""
        return self._schemas

    def run_sync(self, prompt: str, clock: str = "virtual", observer: Observer | None = None) -> Trace:
        """Run the agent to its final answer on a fresh loop (works inside Jupyter too)."""
        return run(lambda: self.run(prompt, observer=observer), clock)

    async def run(self, prompt: str, observer: Observer | None = None) -> Trace:
        """Run the agent on the running loop and return the trace of every step."""
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        trace = Trace(mode=self.mode.value, clock="virtual" if is_virtual(loop) else "real")
        messages: list[dict[str, Any]] = [{"role": "system", "content": self.system}] if self.system else []
        messages.append({"role": "user", "content": prompt})
        trace.messages = messages
        outputs: dict[str, Any] = {}
        failed: set[str] = set()  # ids of earlier calls that did not succeed: dependents are told so
        try:
            for turn in range(1, self.max_turns + 1):
                reply = await self._ask(messages, trace, turn, t0, observer)
                if not reply.tool_calls:
                    trace.final = reply.content
                    messages.append({"role": "assistant", "content": reply.content})
                    break
                calls, mode = self._deliverable(reply.tool_calls, trace, turn, outputs)
                messages.append({"role": "assistant", "content": reply.content,
                                 "tool_calls": [c.to_openai() for c in calls]})
                runner = BatchRunner(calls, self.tools, mode, trace, max_concurrency=self.max_concurrency,
                                     scheduler=self.scheduler, prior_outputs=outputs, observer=observer,
                                     turn=turn, t0=t0, prior_failed=failed)
                if mode is DeliveryMode.AUTO:  # decided on the graph the runner built: one graph per batch
                    chosen, reason = runner.decide()
                    trace.notes.append(f"turn {turn}: auto chose {chosen.value} ({reason})")
                results = await runner.run()
                trace.results.extend(results)
                outputs.update({r.call_id: r.output for r in results if r.ok})
                failed.update(r.call_id for r in results if not r.ok)
                messages.extend(r.to_openai() for r in results)
            else:
                trace.error = (f"stopped after max_turns={self.max_turns} model turns without a final "
                               "answer; the model may be looping — raise max_turns if the task is long")
        except ModelError as exc:
            trace.error = str(exc)
        trace.end = loop.time() - t0
        if self.monitor is not None:
            self.monitor.record(trace)
        return trace

    async def _ask(self, messages: list[dict[str, Any]], trace: Trace, turn: int, t0: float,
                   observer: Observer | None) -> Any:
        loop = asyncio.get_running_loop()
        span = Span(kind="llm", name=f"model turn {turn}", start=loop.time() - t0, turn=turn)
        trace.spans.append(span)
        notify(observer, span, trace)
        parallel = not self.mode.one_call_per_turn
        try:
            reply = await self.model.respond(list(messages), self.tool_schemas, parallel_tool_calls=parallel)
        except ModelError:
            span.ok, span.status = False, "error"
            raise
        finally:
            span.end = loop.time() - t0
            notify(observer, span, trace)
        return reply

    def _deliverable(self, calls: list[ToolCall], trace: Trace, turn: int,
                     outputs: dict[str, Any]) -> tuple[list[ToolCall], DeliveryMode]:
        """The calls this turn will run, and how: one-at-a-time keeps only one, the first that waits on no other
        (auto is decided by the batch runner, on the graph it builds anyway)."""
        mode = self.mode
        if mode is DeliveryMode.ONE_AT_A_TIME and len(calls) > 1:
            first = build_graph(calls, self.tools, outputs, conflicts=False).topo[0]
            kept, dropped = calls[first], [c.id for j, c in enumerate(calls) if j != first]
            switch = getattr(self.model, "one_call_switch", "parallel_tool_calls=false")
            why = (f"{switch} was ignored" if switch else
                   f"{getattr(self.model, 'protocol_name', 'this protocol')} has no one-call-per-turn switch")
            trace.notes.append(f"turn {turn}: the model sent {len(calls)} calls but {why}; kept {kept.id}, "
                               f"dropped {', '.join(dropped)} (the assistant message now holds one call, "
                               "so the protocol stays valid; the model asks again for the rest)")
            return [kept], mode
        return list(calls), mode
