"""Failure handling for a batch: keep or cancel the siblings of a failed call, and roll back writes."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Iterable, Literal, Sequence

from ..calls import ToolCall, ToolResult
from ..batch import BatchRunner
from ..modes import DeliveryMode
from ..sync import run
from ..coding.sandbox import Sandbox
from ..tools import Tool, as_tools
from ..trace import Trace

OnFailure = Literal["keep", "cancel"]


@dataclass
class Transaction:
    """Remembers each file's content before its first write, so a batch's writes can be undone.

    Use `with Transaction(sandbox) as tx:`; the writes in the block are recorded; `tx.rollback()`
    puts every touched file back (deleting files the block created), `tx.commit()` keeps them.
    """

    sandbox: Sandbox
    originals: dict[str, str | None] = field(default_factory=dict)  # None: the file did not exist
    active: bool = False

    def _before_write(self, rel: str) -> None:
        if rel not in self.originals:
            self.originals[rel] = self.sandbox.read_text(rel) if self.sandbox.exists(rel) else None

    def begin(self) -> "Transaction":
        """Start recording writes."""
        if not self.active:
            self.sandbox.write_hooks.append(self._before_write)
            self.active = True
        return self

    def _stop(self) -> None:
        if self.active:
            self.sandbox.write_hooks.remove(self._before_write)
            self.active = False

    def commit(self) -> list[str]:
        """Keep the writes; return the files they touched."""
        self._stop()
        touched = sorted(self.originals)
        self.originals.clear()
        return touched

    def rollback(self) -> list[str]:
        """Undo every write since begin(); return the files restored or removed."""
        self._stop()
        undone = []
        for rel, text in sorted(self.originals.items()):
            if text is None:
                if self.sandbox.exists(rel):
                    self.sandbox.delete(rel)
            else:
                self.sandbox.write_text(rel, text)
            undone.append(rel)
        self.originals.clear()
        return undone

    def __enter__(self) -> "Transaction":
        return self.begin()

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is not None:
            self.rollback()
        else:
            self._stop()


async def run_batch_async(calls: Sequence[ToolCall], tools: Iterable[Tool] | dict[str, Tool], *,
                          on_failure: OnFailure = "keep", transaction: Transaction | None = None) -> Trace:
    """Run a batch all at once; on the first failed call either keep the siblings running
    ("keep", every result comes back) or cancel the ones still running ("cancel").
    With a transaction, any failure rolls back every write the batch made."""
    if on_failure not in ("keep", "cancel"):
        raise ValueError(f"on_failure must be 'keep' or 'cancel', got {on_failure!r}.")
    table = tools if isinstance(tools, dict) else as_tools(tools)
    trace = Trace.begin(f"all, {on_failure} siblings on failure" + (", roll back" if transaction else ""))
    if transaction is not None:
        transaction.begin()
    runners = [BatchRunner([c], table, DeliveryMode.ALL, trace, turn=1, record=False) for c in calls]
    tasks = [asyncio.ensure_future(r.run()) for r in runners]
    first_failure: ToolResult | None = None
    pending = set(tasks)
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        failed = [r.results[0] for r, t in zip(runners, tasks)
                  if t in done and r.results[0] is not None and not r.results[0].ok]
        if failed and first_failure is None:
            first_failure = failed[0]
            if on_failure == "cancel":
                for t in pending:
                    t.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
                pending = set()
    results = []
    for call, runner in zip(calls, runners):
        result = runner.results[0]
        if result is not None and result.status == "cancelled" and first_failure is not None:
            result.error = (f"cancelled because {first_failure.call_id} failed; "
                            "send this call again if you still need it")
        results.append(result)
    trace.record(results)  # type: ignore[arg-type]
    if transaction is not None:
        if first_failure is not None:
            undone = transaction.rollback()
            trace.notes.append(f"rolled back {len(undone)} file(s) after {first_failure.call_id} failed: "
                               f"{', '.join(undone) or 'none'}")
        else:
            transaction.commit()
    trace.finish()
    return trace


def run_batch(calls: Sequence[ToolCall], tools: Iterable[Tool] | dict[str, Tool], *,
              on_failure: OnFailure = "keep", transaction: Transaction | None = None,
              clock: str = "virtual") -> Trace:
    """Run `run_batch_async` on a fresh loop (virtual clock by default) and return its trace."""
    return run(lambda: run_batch_async(calls, tools, on_failure=on_failure, transaction=transaction), clock)
