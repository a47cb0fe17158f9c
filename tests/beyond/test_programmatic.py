"""Programmatic tool calling: programs run in the course's interpreter, never in Python's own."""
from __future__ import annotations

import pytest

import course
from course import ToolCall
from course.beyond.programmatic import (PROGRAM_TOOL, ProgramError, ProgrammaticAgent, check_program,
                                        program_from_batch, reread_tokens, run_program)


@course.tool(latency=lambda a: {"slow": 3.0}.get(a["path"], 1.0))
async def read_file(path: str) -> str:
    """Read a file."""
    if "missing" in path:
        raise FileNotFoundError(f"no such file: {path}")
    return f"<{path}>"


@course.tool(latency=0.5)
async def merge(parts: list) -> str:
    """Merge texts."""
    return " + ".join(parts)


TOOLS = [read_file, merge]


def error_of(code: str, **limits) -> str:
    trace = run_program(code, TOOLS, **limits)
    program = trace.result("program")
    assert program.status == "error"
    return program.error


def test_gather_runs_calls_concurrently_through_the_executor():
    trace = run_program("a, b = gather(read_file(path='a'), read_file(path='slow'))\nreturn merge(parts=[a, b])", TOOLS)
    assert trace.makespan == 3.5 and trace.max_concurrency == 2
    assert trace.result("program").output == "<a> + <slow>"
    assert [s.call_id for s in trace.tool_spans] == ["program.1", "program.2", "program.3"]


def test_loops_conditions_and_comprehensions():
    code = ("texts = gather([read_file(path=p) for p in ['x', 'y', 'z'] if p != 'y'])\n"
            "n = 0\nfor t in texts:\n    if 'x' in t:\n        n += 1\n"
            "while n < 3:\n    n = n + 1\nreturn {'n': n, 'first': texts[0], 'len': len(texts)}")
    trace = run_program(code, TOOLS)
    assert trace.result("program").output == {"n": 3, "first": "<x>", "len": 2}
    assert trace.makespan == 1.0


def test_a_program_that_raises_gets_a_readable_error_result():
    assert "line 2: IndexError" in error_of("a = read_file(path='a')\nb = [a][3]")


def test_a_program_that_loops_forever_is_stopped_by_its_step_budget():
    assert "step budget (500 steps)" in error_of("while True:\n    pass", max_steps=500)


def test_a_program_that_asks_for_too_many_calls_is_stopped():
    assert "more than 3 tool calls" in error_of("for i in range(10):\n    read_file(path='a')", max_tool_calls=3)


def test_an_unknown_tool_is_refused_before_anything_runs():
    trace = run_program("read_file(path='a')\ndelete_everything()", TOOLS)
    assert "no tool or helper named 'delete_everything'" in trace.result("program").error
    assert trace.tool_spans == []  # refused before the first call ran


@pytest.mark.parametrize("code, words", [
    ("import os", "`import` is not available"),
    ("from pathlib import Path", "`import` is not available"),
    ("open('/etc/passwd')", "no tool or helper named 'open'"),
    ("__import__('socket')", "no tool or helper named '__import__'"),
    ("x = ''.__class__", "attribute access"),
    ("x = read_file(path='a').upper()", "only tools and helpers can be called"),
    ("eval('1')", "no tool or helper named 'eval'"),
    ("f = lambda: 1", "lambda is not available"),
    ("try:\n    x = 1\nexcept Exception:\n    pass", "try/except is not available"),
    ("x = __builtins__", "names starting with '_'"),
    ("x = 'a' * 10_000_000", "larger than programs may build"),
])
def test_reaching_outside_the_tools_is_refused(code, words):
    assert words in error_of(code)


def test_a_failing_call_keeps_its_siblings_results():
    trace = run_program("a = gather(read_file(path='a'), read_file(path='missing'), read_file(path='slow'))", TOOLS)
    assert [r.status for r in trace.results] == ["ok", "error", "ok", "error"]
    assert "2 sibling call(s) finished: program.1, program.3" in trace.result("program").error
    assert trace.makespan == 3.0  # the siblings were not cancelled


def test_invalid_arguments_become_an_error_result():
    assert "invalid arguments for read_file" in error_of("read_file(nope=1)")


def test_the_agent_answers_every_call_of_a_turn_in_source_order():
    plan = [[ToolCall("plain", "read_file", {"path": "a"}),
             ToolCall("bad", PROGRAM_TOOL, {"code": "while True:\n    pass"}),
             ToolCall("good", PROGRAM_TOOL, {"code": "return read_file(path='b')"}),
             ToolCall("broken", PROGRAM_TOOL, "{not json")]]
    trace = ProgrammaticAgent(course.ScriptedModel(plan, latency=0.5), TOOLS, max_steps=100).run_sync("go")
    answers = [m for m in trace.messages if m["role"] == "tool"]
    assert [m["tool_call_id"] for m in answers] == ["plain", "bad", "good", "broken"]
    assert answers[0]["content"] == "<a>" and answers[2]["content"] == "<b>"
    assert "step budget" in answers[1]["content"] and "not valid JSON" in answers[3]["content"]
    assert trace.llm_calls == 2 and trace.makespan == 2.0


def test_tokens_kept_inside_the_program_are_counted():
    trace = run_program("a, b = gather(read_file(path='a'), read_file(path='b'))\nreturn len(a + b)", TOOLS)
    program = trace.programs[0]
    assert program.kept_tokens > program.returned_tokens and trace.kept_tokens == program.kept_tokens


def test_reread_tokens_count_every_turns_context():
    scripted = course.ScriptedModel([[ToolCall("r1", "read_file", {"path": "a"})],
                                     [ToolCall("r2", "read_file", {"path": "b"})]], latency=0.5)
    trace = course.Agent(scripted, TOOLS, mode="all").run_sync("go")
    first_turn = reread_tokens(course.Agent(course.ScriptedModel([], latency=0.5), TOOLS).run_sync("go"))
    assert trace.llm_calls == 3 and reread_tokens(trace) > 3 * first_turn


def test_a_batch_written_as_a_program_runs_like_hybrid():
    calls = [ToolCall("a", "read_file", {"path": "a"}), ToolCall("b", "read_file", {"path": "slow"}),
             ToolCall("m", "merge", {"parts": ["$a", "$b"]})]
    code = program_from_batch(calls)
    assert code.splitlines()[0] == "a, b = gather(read_file(path='a'), read_file(path='slow'))"
    assert run_program(code, TOOLS).makespan == course.execute(calls, TOOLS, mode="hybrid").makespan == 3.5


def test_check_program_is_a_parse_not_a_run():
    with pytest.raises(ProgramError, match="syntax error"):
        check_program("x = (", ["read_file"])
    assert check_program("x = 1", []).body
