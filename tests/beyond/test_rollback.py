"""Failure handling: keep or cancel siblings; a transaction undoes a failed batch's writes."""
from __future__ import annotations

import asyncio

import pytest

import course
from course import ToolCall
from course.coding.tools import coding_tools
from course.beyond.rollback import Transaction, run_batch
from course.coding.sandbox import Sandbox


@course.tool
async def work(name: str, seconds: float, fail: bool = False) -> str:
    """Work for some seconds, then succeed or fail."""
    await asyncio.sleep(seconds)
    if fail:
        raise RuntimeError(f"{name} broke")
    return name


BATCH = [ToolCall("a", "work", {"name": "a", "seconds": 1.0}),
         ToolCall("b", "work", {"name": "b", "seconds": 0.5, "fail": True}),
         ToolCall("c", "work", {"name": "c", "seconds": 2.0})]


def test_keep_lets_siblings_finish_and_returns_every_result() -> None:
    trace = run_batch(BATCH, [work], on_failure="keep")
    assert [r.status for r in trace.results] == ["ok", "error", "ok"]
    assert trace.makespan == 2.0


def test_cancel_stops_running_siblings_at_the_first_failure() -> None:
    trace = run_batch(BATCH, [work], on_failure="cancel")
    assert [r.status for r in trace.results] == ["cancelled", "error", "cancelled"]
    assert trace.makespan == 0.5
    assert "cancelled because b failed" in trace.result("a").error
    assert all(s.end == 0.5 for s in trace.tool_spans)  # nothing left running


def test_unknown_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="keep' or 'cancel"):
        run_batch(BATCH, [work], on_failure="ignore")  # type: ignore[arg-type]


def edits(sb: Sandbox) -> list[ToolCall]:
    return [ToolCall("e1", "edit_file", {"path": "shop/discounts.py", "old": "def discount_amount",
                                         "new": "def discount_cents"}),
            ToolCall("e2", "write_file", {"path": "shop/new_module.py", "content": "x = 1\n"}),
            ToolCall("e3", "edit_file", {"path": "shop/receipt.py", "old": "NOT THERE", "new": "x"})]


def test_transaction_rolls_back_every_write_of_a_failed_batch() -> None:
    with Sandbox() as sb:
        before = sb.snapshot()
        trace = run_batch(edits(sb), coding_tools(sb), transaction=Transaction(sb))
        assert [r.status for r in trace.results] == ["ok", "ok", "error"]
        assert sb.snapshot() == before  # the edit undone, the created file removed
        assert "rolled back 2 file(s)" in trace.notes[0]


def test_without_a_transaction_a_failed_batch_leaves_half_its_writes() -> None:
    with Sandbox() as sb:
        before = sb.snapshot()
        run_batch(edits(sb), coding_tools(sb))
        after = sb.snapshot()
        assert after != before and "shop/new_module.py" in after


def test_cancel_is_not_rollback_a_write_already_made_stays() -> None:
    with Sandbox() as sb:
        tools = coding_tools(sb, latencies={"read_file": 1.0})  # the bad read fails after the write
        calls = [ToolCall("w", "write_file", {"path": "notes.txt", "content": "written"}),
                 ToolCall("bad", "read_file", {"path": "../escape"}),
                 ToolCall("slow", "run_tests", {})]
        trace = run_batch(calls, tools, on_failure="cancel")
        assert [r.status for r in trace.results] == ["ok", "error", "cancelled"]
        assert sb.read_text("notes.txt") == "written"


def test_successful_batch_commits() -> None:
    with Sandbox() as sb:
        tx = Transaction(sb)
        run_batch(edits(sb)[:2], coding_tools(sb), transaction=tx)
        assert sb.read_text("shop/new_module.py") == "x = 1\n" and not tx.active and not sb.write_hooks


def test_transaction_as_context_manager_rolls_back_on_exception() -> None:
    with Sandbox() as sb:
        before = sb.snapshot()
        with pytest.raises(RuntimeError):
            with Transaction(sb):
                sb.write_text("shop/config.py", "broken")
                raise RuntimeError("stop")
        assert sb.snapshot() == before
