"""Run one batch of tool calls: schedule it by mode, never lose a result, record every span.

Every call id gets exactly one result, whatever its tool does:
- returns a value: status "ok" (values JSON cannot encode are converted when sent, see calls.jsonable);
- raises any exception, or any BaseException subclass of its own: status "error" with its type and message;
- raises TimeoutError itself (an HTTP client's, a socket's): an ordinary "error"; only the runtime's own
  deadline (the tool's timeout=) gives status "timeout";
- raises CancelledError itself, or awaits something that was cancelled: status "cancelled" with its reason;
- outlives its timeout: status "timeout". An async tool is cancelled at the deadline. A plain def runs in a
  thread, which Python cannot stop: the runtime stops waiting, says so, and the thread finishes on its own.
KeyboardInterrupt and SystemExit are the exceptions: they mean "stop", so they stop the whole run as
Ctrl-C does (the other calls are cancelled and the exception reaches the caller); no model request follows.
"""
from __future__ import annotations

import asyncio
import heapq
from collections import ChainMap
from typing import Any, Callable, Iterable

from .calls import ToolCall, ToolResult, decode_arguments, resolve_references
from .clock import StoppedWaiting
from .decide import choice_note, decide_on_graph, decide_mode, decide_mode_documents  # noqa: F401  (old import path)
from .modes import DeliveryMode
from .scheduling import build_graph, waves
from .sync import run
from .tools import Tool, as_tools
from .trace import Span, Trace

Observer = Callable[[Span], None]


def notify(observer: Observer | None, span: Span, trace: Trace) -> None:
    """Tell the observer (a chart, a progress bar) about a span; its failure must not cost a result."""
    if observer is None:
        return
    try:
        observer(span)
    except Exception as exc:
        note = f"the observer raised {type(exc).__name__}: {exc}; the run went on without it"
        if note not in trace.notes:
            trace.notes.append(note)


def check_options(max_concurrency: int | None = None, scheduler: str = "dataflow") -> None:
    """Refuse a bad cap or scheduler before anything runs (and before a model turn is paid for)."""
    if max_concurrency is not None and (isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int)
                                        or max_concurrency < 1):
        raise ValueError(f"max_concurrency must be a positive whole number (1 runs one call at a time), or None "
                         f"for no cap; got {max_concurrency!r}.")
    if scheduler not in ("dataflow", "waves"):
        raise ValueError(f"Unknown scheduler {scheduler!r}; hybrid offers scheduler='dataflow' (the default: each "
                         "call starts when its predecessors finish) or scheduler='waves' (group by group).")


class BatchRunner:
    """Executes one batch into a trace; one instance per batch.

    Each call goes through three small phases in one coroutine: **prepare** (refuse it, or decode,
    resolve and validate its arguments), **execute** (its latency, then its tool, under its timeout),
    **finish** (close its span, store its one result). The runner records the calls and their
    results in the trace; no caller adds results by hand.
    """

    def __init__(self, calls: list[ToolCall], tools: dict[str, Tool], mode: DeliveryMode, trace: Trace,
                 *, max_concurrency: int | None = None, scheduler: str = "dataflow",
                 prior_outputs: dict[str, Any] | None = None, observer: Observer | None = None,
                 turn: int = 0, prior_failed: Iterable[str] = (),
                 record: bool = True) -> None:
        check_options(max_concurrency, scheduler)
        self.calls, self.tools, self.trace = calls, tools, trace
        self.mode, self.cap, self.scheduler = mode, max_concurrency, scheduler
        self.prior = dict(prior_outputs or {})
        self.prior_failed = set(prior_failed) - set(self.prior)  # earlier turns' calls that did not succeed
        self.observer, self.turn = observer, turn
        self.t0 = trace.origin  # every span of a run is timed from the moment the run began
        self.record = record  # False: the caller hands these results on under other ids (speculation)
        # Prepared once, when the batch arrives: each call's arguments decoded, its "$id" references and
        # resources read from that one decoding, the graph built from them; then scheduled, then run.
        self.decoded = [decode_arguments(c.arguments) for c in calls]
        self.graph = build_graph(calls, tools, self.prior.keys() | self.prior_failed, conflicts=True,
                                 decoded=self.decoded)
        self.results: list[ToolResult | None] = [None] * len(calls)
        self.outputs: dict[str, Any] = {}
        self._ids = {c.id for c in calls}
        self._known = ChainMap(self.outputs, self.prior)  # a live view of both: built once, not per call
        self._clock: Callable[[], float] | None = None  # the running loop's time(), once run() starts
        self._loop: Any = None  # the running loop, once run() starts

    # ---- scheduling ----------------------------------------------------------------------
    def decide(self) -> tuple[DeliveryMode, str]:
        """mode="auto": choose this batch's mode from the graph already built, and run in it."""
        self.mode, reason = decide_on_graph(self.calls, self.tools, self.graph)
        return self.mode, reason

    def _predecessors(self) -> list[set[int]] | None:
        """What must finish before each call may start, for this mode (None: nothing waits on anything)."""
        n, g = len(self.calls), self.graph
        if self.mode is DeliveryMode.ALL:
            ignored = [self.calls[i].id for i in range(n) if g.data[i]]
            if ignored:
                self.trace.notes.append(
                    f"all mode starts every call at once and ignores dependencies ({', '.join(ignored)} "
                    "had some); use hybrid or one-at-a-time for dependent calls")
            return None
        preds = self._mode_predecessors()
        return preds if any(preds) else None

    def _mode_predecessors(self) -> list[set[int]]:
        """What must finish before each call may start, for this mode."""
        n, g = len(self.calls), self.graph
        if self.mode in (DeliveryMode.SEQUENTIAL, DeliveryMode.ONE_AT_A_TIME):
            preds: list[set[int]] = [set() for _ in range(n)]
            for a, b in zip(g.topo, g.topo[1:]):
                preds[b].add(a)
            return preds
        if self.scheduler == "waves":
            groups = waves(g)
            preds = [set() for _ in range(n)]
            for before, after in zip(groups, groups[1:]):
                for i in after:
                    preds[i].update(before)
            return preds
        return [set(p) for p in g.order]

    async def run(self) -> list[ToolResult]:
        """Run every call once, as the mode allows; record and return the results in source order."""
        n = len(self.calls)
        self.trace.calls.extend(self.calls)
        self.trace.edges.update(self.graph.edges_by_id())
        if n == 0:
            return []
        preds = self._predecessors()
        if preds is not None:
            for i in self.graph.problems:  # a call that cannot run is answered at once, waiting on nothing
                preds[i] = set()
            succs: list[list[int]] = [[] for _ in range(n)]
            remaining = [len(p) for p in preds]
            for i, ps in enumerate(preds):
                for p in ps:
                    succs[p].append(i)
            ready = [i for i in range(n) if remaining[i] == 0]
            heapq.heapify(ready)
        else:  # no edges to follow (all mode, or none in the batch): every call is ready, in source order
            succs, remaining, ready = [], [], list(range(n))  # a sorted list is a heap
        loop = self._loop = asyncio.get_running_loop()
        self._clock = loop.time
        all_done: asyncio.Future[None] = loop.create_future()
        running: dict[asyncio.Task[None], int] = {}  # each task in flight → its call's position
        finished, cap = 0, self.cap

        def pump() -> None:
            while ready and (cap is None or len(running) < cap):
                i = heapq.heappop(ready)
                task = loop.create_task(self._run_one(i))
                running[task] = i
                task.add_done_callback(on_done)

        def on_done(task: asyncio.Task[None]) -> None:
            nonlocal finished
            i = running.pop(task)
            if not task.cancelled():
                task.exception()  # a KeyboardInterrupt already reached the caller: no "never retrieved" log
            finished += 1
            if succs:
                for s in succs[i]:
                    remaining[s] -= 1
                    if remaining[s] == 0:
                        heapq.heappush(ready, s)
            if finished == n:
                if not all_done.done():
                    all_done.set_result(None)
            elif ready and not all_done.done():
                pump()

        pump()
        try:
            await all_done
        except asyncio.CancelledError:
            for task in list(running):
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)
            raise
        results = [r for r in self.results if r is not None]
        if self.record:
            self.trace.record(results)
        return results

    # ---- one call: prepare → execute → finish ----------------------------------------------
    def _now(self) -> float:
        clock = self._clock or asyncio.get_running_loop().time
        return clock() - self.t0

    async def _run_one(self, i: int) -> None:
        """One call, start to finish, in one coroutine; whatever happens it ends with exactly one result."""
        call = self.calls[i]
        span = Span("tool", call.name, self._clock() - self.t0, None, call.id, True, "ok", self.turn)  # type: ignore[misc]
        self.trace.spans.append(span)
        if self.observer is not None:
            self._notify(span)
        try:
            prepared = self._prepare(i)
            result = prepared if isinstance(prepared, ToolResult) else await self._execute(call, *prepared)
        except asyncio.CancelledError:  # the batch itself was cancelled (Ctrl-C, a caller's timeout)
            self._finish(i, ToolResult(call.id, call.name, "cancelled",
                                       error="cancelled: the run was stopped before this call finished"), span)
            raise
        except (KeyboardInterrupt, SystemExit):
            self._finish(i, ToolResult(call.id, call.name, "cancelled", error="cancelled: the run was stopped"),
                         span)
            raise
        except BaseException as exc:  # a fault outside the tool itself: still one answer for this call
            result = ToolResult(call.id, call.name, "error",
                                error=f"the runtime could not run {call.id}: {type(exc).__name__}: {exc}")
        self._finish(i, result, span)

    def _prepare(self, i: int) -> ToolResult | tuple[Tool, dict[str, Any]]:
        """The call's answer if it cannot run (refused, or its arguments are bad), else its tool and arguments."""
        call = self.calls[i]
        tool = self.tools.get(call.name)
        if tool is None or i in self.graph.problems or self.prior_failed or self.graph.data[i]:
            refused = self._refuse(i)
            if refused is not None:
                return refused
        assert tool is not None  # _refuse answers a call whose tool is unknown
        try:
            return tool, self._arguments(i, tool)
        except ValueError as exc:
            return ToolResult(call.id, call.name, "invalid_arguments", error=str(exc))

    async def _execute(self, call: ToolCall, tool: Tool, arguments: dict[str, Any]) -> ToolResult:
        """Run the tool (what tool.invoke does, inline: no wrapper coroutines per call); its outcome as a result."""
        try:
            if tool.timeout is None:
                delay = tool.latency_for(arguments)
                if delay > 0:  # asyncio.sleep(delay), inline: the same timer, one coroutine fewer
                    wake = self._loop.create_future()
                    timer = self._loop.call_later(delay, _wake, wake)
                    try:
                        await wake
                    finally:
                        timer.cancel()
                output = await (tool.fn(**arguments) if tool.is_async else tool.run_body(arguments))
            else:
                output = await _within_timeout(tool, arguments)
        except _DeadlinePassed as late:
            return ToolResult(call.id, call.name, "timeout", error=late.message)
        except (KeyboardInterrupt, SystemExit):
            raise
        except asyncio.CancelledError as exc:
            if _being_cancelled():
                raise
            reason = f": {exc}" if str(exc) else " (no reason given)"
            return ToolResult(call.id, call.name, "cancelled",
                              error=f"{call.name} was cancelled{reason}; retry it if the result is still needed")
        except BaseException as exc:  # a failing tool becomes a result the model can read
            return ToolResult(call.id, call.name, "error", error=f"{type(exc).__name__}: {exc}")
        return ToolResult(call.id, call.name, "ok", output)

    def _finish(self, i: int, result: ToolResult, span: Span) -> None:
        """Close the call's span and store its one result."""
        span.end = self._clock() - self.t0  # type: ignore[misc]
        span.ok, span.status = result.ok, result.status
        self.results[i] = result
        if result.status == "ok":
            self.outputs[result.call_id] = result.output
        if self.observer is not None:
            self._notify(span)

    def _notify(self, span: Span) -> None:
        notify(self.observer, span, self.trace)

    def _refuse(self, i: int) -> ToolResult | None:
        """A result for a call that cannot run at all, or None when it may run."""
        call, g = self.calls[i], self.graph
        if i in g.problems:
            return ToolResult(call.id, call.name, "error", error=g.problems[i])
        failed = []
        if self.mode is not DeliveryMode.ALL:
            failed = [self.calls[p].id for p in sorted(g.data[i]) if not self.results[p] or not self.results[p].ok]
        earlier = [d for d in (*call.depends_on, *g.refs[i]) if d in self.prior_failed]
        failed.extend(d for d in dict.fromkeys(earlier) if d not in failed)
        if failed:
            when = " in an earlier turn" if earlier and len(earlier) == len(failed) else ""
            return ToolResult(call.id, call.name, "skipped",
                              error=f"skipped: {call.id} depends on {', '.join(failed)}, which did not "
                                    f"succeed{when}; fix that call first, then send this one again")
        if call.name not in self.tools:
            names = ", ".join(sorted(self.tools)) or "none"
            return ToolResult(call.id, call.name, "unknown_tool",
                              error=f"there is no tool named {call.name!r}; available tools: {names}")
        return None

    def _arguments(self, i: int, tool: Tool) -> dict[str, Any]:
        """Resolve "$id" references and validate one call's arguments (decoded once, when the batch arrived)."""
        decoded = self.decoded[i]
        # a dict, decoded once, is ready; anything else fails in parse() with the message it always gave
        arguments = decoded if type(decoded) is dict else tool.parse(self.calls[i].arguments)
        refs = self.graph.refs[i]
        if not refs:
            return tool.check(arguments)
        known = self._known  # a view, not a copy: copying made a batch O(n²)
        waiting = [r for r in refs if r in self._ids and r not in known]
        if waiting:
            call = self.calls[i]
            raise ValueError(f"{call.id} refers to ${waiting[0]}, whose result is not ready "
                             f"(mode {self.mode.value} started it before {waiting[0]} finished)")
        return tool.check(resolve_references(arguments, known))


def _wake(future: asyncio.Future[None]) -> None:
    """A latency's timer went off: wake the call waiting on it (unless it was cancelled meanwhile)."""
    if not future.cancelled():
        future.set_result(None)


class _DeadlinePassed(Exception):
    """The runtime's own deadline for a call passed (never raised by a tool)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _being_cancelled() -> bool:
    """True when someone asked to cancel the current task (so a CancelledError is not the tool's own)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


async def _within_timeout(tool: Tool, arguments: dict[str, Any]) -> Any:
    """Run a call under its tool's timeout, measured from the start of its latency, the same on both clocks.

    An async body is cancelled at the deadline. A plain def's body runs in a thread: from the moment it
    starts, the rest of the timeout is a budget of real seconds (on the virtual clock too, where the
    thread's real time does not move virtual time); when it runs out the runtime stops waiting.
    """
    timeout = float(tool.timeout)  # type: ignore[arg-type]
    cancelled = (f"{tool.name} did not finish within its {timeout:g} s timeout and was cancelled; "
                 "retry it, or try a smaller request")
    delay = tool.latency_for(arguments)
    if delay >= timeout:  # the deadline falls inside the modelled latency: the body never starts
        await asyncio.sleep(timeout)
        raise _DeadlinePassed(cancelled)
    loop = asyncio.get_running_loop()
    started = loop.time()
    try:
        async with asyncio.timeout(timeout) as deadline:
            if delay > 0:
                await asyncio.sleep(delay)
            budget = None if tool.is_async else max(timeout - (loop.time() - started), 0.0)
            return await tool.run_body(arguments, budget)
    except StoppedWaiting:
        pass
    except TimeoutError:
        if not deadline.expired():  # the tool's own TimeoutError: an ordinary failure, not ours
            raise
    if tool.is_async:
        raise _DeadlinePassed(cancelled)
    raise _DeadlinePassed(
        f"{tool.name} did not finish within its {timeout:g} s timeout; the runtime stopped waiting, but a plain "
        "def tool runs in a thread that cannot be stopped, so its work may still complete — check its effect "
        "before you retry it")


async def execute_async(calls: list[ToolCall], tools: Iterable[Tool] | dict[str, Tool],
                        mode: DeliveryMode | str = "all", *, max_concurrency: int | None = None,
                        scheduler: str = "dataflow", observer: Observer | None = None) -> Trace:
    """Run one batch on the running loop (no model) and return its trace."""
    check_options(max_concurrency, scheduler)
    table = tools if isinstance(tools, dict) else as_tools(tools)
    mode = DeliveryMode.parse(mode)
    trace = Trace.begin(mode.value)
    runner = BatchRunner(list(calls), table, mode, trace, max_concurrency=max_concurrency,
                         scheduler=scheduler, observer=observer)
    if mode is DeliveryMode.AUTO:  # decided on the graph the runner built: one graph per batch
        chosen, reason = runner.decide()
        trace.notes.append(choice_note(chosen, reason))
    await runner.run()
    trace.finish()
    return trace


def execute(calls: list[ToolCall], tools: Iterable[Tool] | dict[str, Tool], mode: DeliveryMode | str = "all",
            *, max_concurrency: int | None = None, clock: str = "virtual", scheduler: str = "dataflow",
            observer: Observer | None = None) -> Trace:
    """Run ONE batch of calls in a delivery mode, with no model, and return its trace."""
    check_options(max_concurrency, scheduler)
    DeliveryMode.parse(mode)
    return run(lambda: execute_async(calls, tools, mode, max_concurrency=max_concurrency,
                                     scheduler=scheduler, observer=observer), clock)
