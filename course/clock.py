"""Two clocks, one asyncio code path: a virtual event loop whose time jumps, and the real one."""
from __future__ import annotations

import asyncio
import contextlib
import contextvars
import selectors
import threading
from typing import Any, Callable, Iterator, Literal, TypeVar

ClockName = Literal["virtual", "real"]
T = TypeVar("T")
_IDLE_POLL = 0.02  # real seconds to wait for open sockets before the virtual clock jumps


class _JumpingSelector:
    """Wraps the loop's real selector; when nothing is ready, it moves virtual time instead of sleeping."""

    def __init__(self, real: selectors.BaseSelector) -> None:
        self._real = real
        self.loop: VirtualEventLoop | None = None

    def select(self, timeout: float | None = None) -> list[Any]:
        events = self._real.select(0)
        if events or timeout == 0 or self.loop is None:
            return events
        if self.loop.real_work_pending:
            # A thread is working for a tool: wait for it in real time, virtual time stands still,
            # so no timer (a timeout, another tool's latency) can jump ahead of real work.
            return self._real.select(None)
        if timeout is None:  # no timers at all: only something outside (a thread, a socket) can wake us
            return self._real.select(None)
        if len(self._real.get_map()) > 1:  # open sockets besides the loop's own wake-up pipe
            events = self._real.select(min(timeout, _IDLE_POLL))
            if events:
                return events
        self.loop.jump(timeout)
        return []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class VirtualEventLoop(asyncio.SelectorEventLoop):
    """An event loop on a virtual clock: `asyncio.sleep(1.0)` costs no wall time, and time is exact."""

    def __init__(self) -> None:
        selector = _JumpingSelector(selectors.DefaultSelector())
        super().__init__(selector)  # type: ignore[arg-type]
        selector.loop = self
        self._virtual_now = 0.0
        self._threads_busy = 0

    def time(self) -> float:
        """Virtual seconds since the loop was created."""
        return self._virtual_now

    @property
    def real_work_pending(self) -> bool:
        """True while the loop waits for a thread (run_in_executor or run_in_thread) to report back."""
        return self._threads_busy > 0

    @contextlib.contextmanager
    def holding_time(self) -> Iterator[None]:
        """While inside, virtual time stands still: real work in a thread is being waited for."""
        self._threads_busy += 1
        try:
            yield
        finally:
            self._threads_busy -= 1

    def jump(self, timeout: float) -> None:
        """Move time to the next timer (exactly its deadline, so sums of latencies stay exact)."""
        scheduled = getattr(self, "_scheduled", None)
        if scheduled:
            self._virtual_now = max(self._virtual_now, scheduled[0].when())
        else:
            self._virtual_now += timeout

    def run_in_executor(self, executor: Any, func: Any, *args: Any) -> asyncio.Future[Any]:
        """Run func in a thread and count it as real work the clock must wait for."""
        future = super().run_in_executor(executor, func, *args)
        self._threads_busy += 1

        def _done(_: asyncio.Future[Any]) -> None:
            self._threads_busy -= 1

        future.add_done_callback(_done)
        return future


def new_event_loop(clock: ClockName | str = "virtual") -> asyncio.AbstractEventLoop:
    """A fresh event loop on the named clock ("virtual" or "real")."""
    if clock == "virtual":
        return VirtualEventLoop()
    if clock == "real":
        return asyncio.new_event_loop()
    raise ValueError(f"Unknown clock {clock!r}; use clock='virtual' (exact, instant) or clock='real'.")


def is_virtual(loop: asyncio.AbstractEventLoop | None = None) -> bool:
    """True when the (running) loop is on the virtual clock."""
    loop = loop or asyncio.get_running_loop()
    return isinstance(loop, VirtualEventLoop)


class StoppedWaiting(Exception):
    """run_in_thread gave up waiting for a thread after its budget of real seconds (the thread runs on)."""

    def __init__(self, budget: float) -> None:
        super().__init__(f"stopped waiting after {budget:g} s")
        self.budget = budget


async def run_in_thread(fn: Callable[[], T], budget: float | None = None) -> T:
    """Run a blocking function in a daemon thread of its own and await its result, on either clock.

    One thread per call, so every blocking call in flight really runs at once (no shared pool
    that silently caps them). Virtual time stands still while the thread works, so a thread that
    waits for something the loop does only after a virtual delay would wait in vain: give it a
    timeout, or run such a pair on the real clock. With a budget,
    the wait ends after that many real seconds with StoppedWaiting; cancelling the awaiting task
    also ends the wait at once. Python cannot stop a thread: an abandoned one runs to its end in
    the background, its result is dropped, and nothing (not even interpreter exit) waits for it.
    KeyboardInterrupt and SystemExit raised in the thread are re-raised here, like any exception.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[tuple[bool, Any]] = loop.create_future()
    context = contextvars.copy_context()

    def settle(outcome: tuple[bool, Any]) -> None:
        if not done.done():
            done.set_result(outcome)

    def report(outcome: tuple[bool, Any]) -> None:
        try:
            loop.call_soon_threadsafe(settle, outcome)
        except RuntimeError:  # the loop closed while the thread worked: nobody is waiting any more
            pass

    def work() -> None:
        try:
            outcome: tuple[bool, Any] = (True, context.run(fn))
        except BaseException as exc:  # handed to the awaiting task, which decides what it means
            outcome = (False, exc)
        report(outcome)

    timer = None
    if budget is not None:
        timer = threading.Timer(budget, report, args=((False, StoppedWaiting(budget)),))
        timer.daemon = True
    hold = loop.holding_time() if isinstance(loop, VirtualEventLoop) else contextlib.nullcontext()
    with hold:
        threading.Thread(target=work, name=f"course-tool-{getattr(fn, '__name__', 'call')}", daemon=True).start()
        if timer is not None:
            timer.start()
        try:
            ok, value = await done
        finally:
            if timer is not None:
                timer.cancel()
    if ok:
        return value
    raise value
