"""Two clocks, one asyncio code path: a virtual event loop whose time jumps, and the real one."""
from __future__ import annotations

import asyncio
import selectors
from typing import Any, Literal

ClockName = Literal["virtual", "real"]
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
        """True while a thread started with run_in_executor has not yet reported back."""
        return self._threads_busy > 0

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
