"""The coding tools do real work inside a sandbox, and a scripted agent fixes the bundled bug."""
from __future__ import annotations

import pytest

import course
from course import ToolCall
from course.coding.tools import (DOCUMENT_LATENCIES, bugfix_final, bugfix_plan, coding_tools, project_tests_pass)
from course.coding.sandbox import Sandbox


@pytest.fixture
def box():
    with Sandbox() as sb:
        yield sb


def run(box: Sandbox, *calls: ToolCall, mode: str = "all", simulated: bool = True) -> course.Trace:
    return course.execute(list(calls), tools=coding_tools(box, simulated=simulated), mode=mode)


def test_list_read_and_search_return_real_content(box: Sandbox) -> None:
    trace = run(box, ToolCall("a", "list_dir", {"path": "shop"}),
                ToolCall("b", "read_file", {"path": "shop/config.py"}),
                ToolCall("c", "search", {"pattern": r"def \w+_rate", "path": "."}))
    assert "discounts.py" in trace.result("a").output.splitlines()
    assert '"SAVE10": 0.10' in trace.result("b").output
    assert trace.result("c").output == "shop/discounts.py:5: def discount_rate(code: str | None) -> float:"


def test_simulated_latencies_are_the_documents(box: Sandbox) -> None:
    trace = run(box, ToolCall("r", "read_file", {"path": "shop/cart.py"}), ToolCall("s", "search", {"pattern": "x"}),
                ToolCall("b", "build", {}), ToolCall("t", "run_tests", {}))
    durations = {s.call_id: s.duration for s in trace.tool_spans}
    assert durations == {"r": 0.15, "s": 0.3, "b": 1.5, "t": 2.0}
    assert trace.makespan == 2.0
    assert DOCUMENT_LATENCIES["read_file"] == 0.15


def test_real_tools_charge_no_simulated_latency(box: Sandbox) -> None:
    """simulated=False adds nothing to the clock: zero latency on every tool, zero virtual time."""
    tools = coding_tools(box, simulated=False)
    assert all(t.latency_for({}) == 0.0 for t in tools)
    calls = [ToolCall("r", "read_file", {"path": "shop/cart.py"}), ToolCall("s", "search", {"pattern": "def"})]
    virtual = course.execute(calls, tools=tools)
    assert virtual.ok and virtual.makespan == 0.0 and all(s.duration == 0.0 for s in virtual.tool_spans)
    real = course.execute(calls, tools=tools, clock="real")
    assert real.ok and real.result("r").output == virtual.result("r").output


def test_run_tests_reports_the_failure_then_the_pass(box: Sandbox) -> None:
    before = run(box, ToolCall("t", "run_tests", {})).result("t").output
    assert before.startswith("tests failed (exit code 1)") and "4494 != 4048" in before
    assert " in 0." not in before  # timings are stripped, so outputs are deterministic
    box.write_text("shop/discounts.py", box.read_text("shop/discounts.py").replace(" / 100", ""))
    after = run(box, ToolCall("t", "run_tests", {})).result("t").output
    assert after.startswith("tests passed (exit code 0)") and "6 passed" in after


def test_run_tests_never_shows_the_sandbox_path(box: Sandbox) -> None:
    output = run(box, ToolCall("t", "run_tests", {})).result("t").output
    assert str(box.root) not in output


def test_edit_needs_a_unique_exact_snippet_and_changes_nothing_otherwise(box: Sandbox) -> None:
    before = box.snapshot()
    trace = run(box, ToolCall("e", "edit_file", {"path": "shop/discounts.py", "old": "return", "new": "yield"}))
    assert trace.result("e").status == "error" and "found 3 times" in trace.result("e").error
    trace = run(box, ToolCall("e", "edit_file", {"path": "shop/discounts.py", "old": "nope", "new": "x"}))
    assert "not found" in trace.result("e").error
    assert box.snapshot() == before


def test_tools_refuse_escapes_as_readable_error_results(box: Sandbox) -> None:
    trace = run(box, ToolCall("r", "read_file", {"path": "../../etc/passwd"}),
                ToolCall("w", "write_file", {"path": "/tmp/evil.txt", "content": "x"}),
                ToolCall("l", "list_dir", {"path": "shop"}))
    assert not trace.result("r").ok and "leaves the project" in trace.result("r").error
    assert not trace.result("w").ok and "refused" in trace.result("w").error
    assert trace.result("l").ok  # a refused sibling loses no result


def test_invalid_regex_is_an_error_the_model_can_fix(box: Sandbox) -> None:
    trace = run(box, ToolCall("s", "search", {"pattern": "def (", "path": "."}))
    assert "not a valid regular expression" in trace.result("s").error


def test_build_finds_syntax_errors(box: Sandbox) -> None:
    box.write_text("shop/broken.py", "def f(:\n")
    trace = run(box, ToolCall("b", "build", {}))
    assert "shop/broken.py:1" in trace.result("b").error


def test_write_tools_are_not_parallel_safe_and_declare_writes(box: Sandbox) -> None:
    tools = {t.name: t for t in coding_tools(box)}
    assert not tools["edit_file"].parallel_safe and not tools["write_file"].parallel_safe
    assert all(tools[n].parallel_safe for n in ("list_dir", "read_file", "search", "build", "run_tests"))
    writes = tools["edit_file"].accesses({"path": "./shop/../shop/cart.py"})
    assert any(a.write and a.key == "file:shop/cart.py" for a in writes)


def test_hybrid_runs_a_write_alone_between_reads(box: Sandbox) -> None:
    trace = run(box, ToolCall("r1", "read_file", {"path": "shop/cart.py"}),
                ToolCall("w", "write_file", {"path": "shop/cart.py", "content": "x = 1\n"}),
                ToolCall("r2", "read_file", {"path": "shop/cart.py"}), mode="hybrid")
    assert trace.result("r1").output.startswith('"""A shopping cart')
    assert trace.result("r2").output == "x = 1\n"
    assert trace.span("w").start >= trace.span("r1").end and trace.span("r2").start >= trace.span("w").end


@pytest.mark.parametrize("mode,turns", [("one-at-a-time", 13), ("all", 6), ("hybrid", 6)])
def test_scripted_agent_fixes_the_bug(mode: str, turns: int) -> None:
    with Sandbox() as sb:
        assert not project_tests_pass(sb)
        model = course.ScriptedModel(plan=bugfix_plan(), final=bugfix_final, latency=0.2)
        trace = course.Agent(model=model, tools=coding_tools(sb), mode=mode).run_sync("Fix the failing test")
        assert trace.ok, trace.table()
        assert trace.llm_calls == turns
        assert trace.final.startswith("Fixed")
        assert "rate / 100" not in sb.read_text("shop/discounts.py")
        assert project_tests_pass(sb)


def test_modes_rank_as_expected_on_the_virtual_clock() -> None:
    spans = {}
    for mode in ("one-at-a-time", "all", "hybrid"):
        with Sandbox() as sb:
            model = course.ScriptedModel(plan=bugfix_plan(), final=bugfix_final, latency=0.2)
            spans[mode] = course.Agent(model=model, tools=coding_tools(sb), mode=mode).run_sync("fix").makespan
    assert spans == {"one-at-a-time": 9.75, "all": 5.8, "hybrid": 7.3}


def test_agent_in_real_clock_mode_fixes_the_bug_too() -> None:
    with Sandbox() as sb:
        model = course.ScriptedModel(plan=bugfix_plan(), final=bugfix_final, latency=0.0)
        trace = course.Agent(model=model, tools=coding_tools(sb, simulated=False), mode="hybrid").run_sync(
            "fix", clock="real")
        assert trace.final.startswith("Fixed") and project_tests_pass(sb)
