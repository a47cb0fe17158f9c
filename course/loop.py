"""The agent loop — the only one in the course: ask the model, run the calls it delivers, hand every
result back, repeat.

One turn has three small phases (as pi-mono's `agent-loop.ts`): **ask** (a model turn, timed as an
"llm" span), **deliver** (which of the reply's calls run this turn: one-at-a-time keeps one), **run**
(the batch runner answers every delivered call). The agents of `beyond/` are this loop with a hook
overridden — `before_turn` (start work while the model thinks), `run_calls` (answer a turn's calls
another way), `after_run` (tidy up) — so a fix to the loop reaches every one of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .batch import BatchRunner, Observer, check_options, notify
from .calls import ToolCall, ToolResult
from .decide import choice_note
from .errors import ModelError
from .i18n import Message
from .messages import Model, ModelTurn
from .modes import DeliveryMode
from .scheduling import build_graph
from .sync import run
from .tools import Tool, as_tools
from .trace import Span, Trace


@dataclass
class AgentRun:
    """What one run carries from turn to turn: its trace, what earlier calls returned, which failed."""

    trace: Trace
    observer: Observer | None = None
    outputs: dict[str, Any] = field(default_factory=dict)  # call id → output of every call that succeeded
    failed: set[str] = field(default_factory=set)           # ids of earlier calls that did not succeed


class Agent:
    """A tool-calling agent with a delivery mode; `run_sync(prompt)` returns the Trace."""

    trace_class: type[Trace] = Trace       # agents of beyond/ record more in a Trace subclass,
    run_class: type[AgentRun] = AgentRun  # and carry more from turn to turn in an AgentRun subclass

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
        self.max_concurrency = max_concurrency  # a cap on calls in flight (Trace.peak_concurrency is the peak seen)
        self.scheduler = scheduler
        self.max_turns = max_turns
        self.system = system
        self.monitor = monitor
        self._schemas = [t.schema for t in self.tools.values()]  # derived once, sent every turn

    @property
    def tool_schemas(self) -> list[dict[str, Any]]:
        """The tools as the model sees them (OpenAI `tools` format)."""
        return self._schemas

    @property
    def label(self) -> str:
        """The trace's mode label."""
        return self.mode.value

    def run_sync(self, prompt: str, clock: str = "virtual", observer: Observer | None = None) -> Trace:
        """Run the agent to its final answer on a fresh loop (works inside Jupyter too)."""
        return run(lambda: self.run(prompt, observer=observer), clock)

    async def run(self, prompt: str, observer: Observer | None = None) -> Trace:
        """Run the agent on the running loop and return the trace of every step."""
        trace = self.trace_class.begin(self.label)
        trace.messages = [{"role": "system", "content": self.system}] if self.system else []
        trace.messages.append({"role": "user", "content": prompt})
        state = self.run_class(trace, observer)
        try:
            for turn in range(1, self.max_turns + 1):
                await self.before_turn(state, turn)
                reply = await self._ask(state, turn)
                if not reply.tool_calls:
                    trace.final = reply.content
                    trace.messages.append({"role": "assistant", "content": reply.content})
                    break
                calls = self._deliverable(reply.tool_calls, trace, turn, state.outputs)
                trace.messages.append({"role": "assistant", "content": reply.content,
                                       "tool_calls": [c.to_openai() for c in calls]})
                results = await self.run_calls(calls, state, turn)
                state.outputs.update({r.call_id: r.output for r in results if r.ok})
                state.failed.update(r.call_id for r in results if not r.ok)
                trace.messages.extend(r.to_openai() for r in results)
            else:
                trace.error = Message("stopped after max_turns={max_turns} model turns without a final answer; "
                                      "the model may be looping — raise max_turns if the task is long",
                                      max_turns=self.max_turns)
        except ModelError as exc:
            trace.error = str(exc)
        await self.after_run(state)
        trace.finish()
        if self.monitor is not None:
            self.monitor.record(trace)
        return trace

    # ---- the hooks -------------------------------------------------------------------------
    async def before_turn(self, state: AgentRun, turn: int) -> None:
        """Called before each model turn (speculation starts its guesses here). Does nothing by default."""

    async def run_calls(self, calls: list[ToolCall], state: AgentRun, turn: int) -> list[ToolResult]:
        """Answer the calls delivered this turn, one result per call in call order (recorded in the trace)."""
        return await self.run_batch(calls, state, turn)

    async def after_run(self, state: AgentRun) -> None:
        """Called once the run has ended, before its end time is taken. Does nothing by default."""

    # ---- the phases ------------------------------------------------------------------------
    async def run_batch(self, calls: list[ToolCall], state: AgentRun, turn: int, *, mode: DeliveryMode | None = None,
                        record: bool = True) -> list[ToolResult]:
        """Run calls as one batch through the batch runner (auto decides on the runner's graph)."""
        runner = BatchRunner(calls, self.tools, mode or self.mode, state.trace,
                             max_concurrency=self.max_concurrency, scheduler=self.scheduler,
                             prior_outputs=state.outputs, observer=state.observer, turn=turn,
                             prior_failed=state.failed, record=record)
        if runner.mode is DeliveryMode.AUTO:  # decided on the graph the runner built: one graph per batch
            chosen, reason = runner.decide()
            state.trace.notes.append(choice_note(chosen, reason, turn))
        return await runner.run()

    async def _ask(self, state: AgentRun, turn: int) -> ModelTurn:
        trace, observer = state.trace, state.observer
        span = Span(kind="llm", name=Message("model turn {n}", n=turn), start=trace.now(), turn=turn)
        trace.spans.append(span)
        notify(observer, span, trace)
        parallel = not self.mode.one_call_per_turn
        try:
            reply = await self.model.respond(list(trace.messages), self.tool_schemas, parallel_tool_calls=parallel)
        except ModelError:
            span.ok, span.status = False, "error"
            raise
        finally:
            span.end = trace.now()
            notify(observer, span, trace)
        return reply

    def _deliverable(self, calls: list[ToolCall], trace: Trace, turn: int, outputs: dict[str, Any]) -> list[ToolCall]:
        """The calls this turn will run: one-at-a-time keeps only one, the first that waits on no other."""
        if self.mode is DeliveryMode.ONE_AT_A_TIME and len(calls) > 1:
            first = build_graph(calls, self.tools, outputs, conflicts=False).topo[0]
            kept, dropped = calls[first], [c.id for j, c in enumerate(calls) if j != first]
            switch = getattr(self.model, "one_call_switch", "parallel_tool_calls=false")
            why = (f"{switch} was ignored" if switch else
                   f"{getattr(self.model, 'protocol_name', 'this protocol')} has no one-call-per-turn switch")
            trace.notes.append(f"turn {turn}: the model sent {len(calls)} calls but {why}; kept {kept.id}, "
                               f"dropped {', '.join(dropped)} (the assistant message now holds one call, "
                               "so the protocol stays valid; the model asks again for the rest)")
            return [kept]
        return list(calls)
