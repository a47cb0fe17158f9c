"""Run a coroutine to completion from anywhere: a script, pytest, or a Jupyter cell."""
from __future__ import annotations

import asyncio
import signal
import threading
from typing import Any, Awaitable, Callable, TypeVar

from .clock import ClockName, new_event_loop

T = TypeVar("T")


def run(work: Callable[[], Awaitable[T]] | Awaitable[T], clock: ClockName | str = "virtual") -> T:
    """Run `work` on a fresh loop of the given clock and return its result.

    Inside Jupyter a loop is already running in this thread, so `asyncio.run` would fail
    ("asyncio.run() cannot be called from a running event loop"). Then the fresh loop runs
    in a helper thread and this call waits for it.

    Ctrl-C (Jupyter's "interrupt kernel") raises KeyboardInterrupt here at once, the same on
    Python 3.11-3.13, in a script and in a notebook: every async tool is cancelled and awaited.
    A blocking (plain def) tool cannot be stopped, because Python cannot kill a thread: the run
    stops waiting for it, its thread runs to the end in the background, its side effects land
    then, and its result is dropped. Nothing waits for that thread, not even interpreter exit.
    """
    factory: Callable[[], Awaitable[T]] = work if callable(work) else (lambda: work)  # type: ignore[assignment]
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run_here(factory, clock)
    return _run_in_thread(factory, clock)


def _run_here(factory: Callable[[], Awaitable[T]], clock: str) -> T:
    loop = new_event_loop(clock)
    previous_wakeup = _wake_on_signals(loop)
    interrupted = False
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(_as_task(factory))
    except (KeyboardInterrupt, SystemExit):
        interrupted = True
        raise
    finally:
        try:
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            executor = getattr(loop, "_default_executor", None)
            if interrupted and executor is not None:  # never wait for threads after Ctrl-C
                executor.shutdown(wait=False, cancel_futures=True)
            else:
                loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            if previous_wakeup is not None:
                signal.set_wakeup_fd(previous_wakeup)
            asyncio.set_event_loop(None)
            loop.close()


def _wake_on_signals(loop: asyncio.AbstractEventLoop) -> int | None:
    """In the main thread, let a signal (Ctrl-C) wake the loop's select at once, even one that arrives
    just before the select starts waiting; returns the wakeup fd to restore, or None."""
    wake = getattr(loop, "_csock", None)  # the loop's own self-pipe: nothing new for the selector to watch
    if wake is None or threading.current_thread() is not threading.main_thread():
        return None
    try:
        return signal.set_wakeup_fd(wake.fileno(), warn_on_full_buffer=False)
    except (ValueError, OSError):
        return None


async def _as_task(factory: Callable[[], Awaitable[T]]) -> T:
    return await factory()


def _run_in_thread(factory: Callable[[], Awaitable[T]], clock: str) -> T:
    box: dict[str, Any] = {}
    started = threading.Event()

    def target() -> None:
        async def main() -> T:
            box["loop"], box["task"] = asyncio.get_running_loop(), asyncio.current_task()
            started.set()
            return await factory()

        try:
            box["value"] = _run_here(main, clock)
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc
        finally:
            started.set()

    thread = threading.Thread(target=target, name="course-runner", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.1)
    except KeyboardInterrupt:
        started.wait()
        if "loop" in box and not box["loop"].is_closed():
            box["loop"].call_soon_threadsafe(box["task"].cancel)
        thread.join()
        raise
    if "error" in box:
        raise box["error"]
    return box["value"]
