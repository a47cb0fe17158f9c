"""Programmatic tool calling as Anthropic ships it, offline: the program is a code-execution
`server_tool_use`, its calls `tool_use` blocks whose `caller` names it, its end a `code_execution_tool_result`."""
from __future__ import annotations

import pytest

import course
from course import ToolCall
from course.beyond.hosted import hosted_endpoint, hosted_model
from course.beyond.programmatic import PROGRAM_TOOL
from course.offline import offline_endpoint
from course.offline.anthropic import as_chat_messages

from tests.helpers import fail, read_file

PROGRAM = """import asyncio
paths = ["a.txt", "b.txt", "c.txt"]
texts = await asyncio.gather(*[read_file(path=p) for p in paths])
print(len(texts), read_file(path="d.txt"))
"""


def _run(code: str = PROGRAM):
    scripted = course.ScriptedModel([[ToolCall("prog_1", PROGRAM_TOOL, {"code": code})]], final="done", latency=0.5)
    model = hosted_model(scripted, [read_file, fail], protocol="anthropic")
    return course.Agent(model, [read_file, fail], mode="all").run_sync("read them"), offline_endpoint(model.client)


def _blocks(reply: dict) -> list[tuple]:
    return [(b["type"], b.get("id") or b.get("tool_use_id")) for b in reply["content"]]


def test_the_program_is_a_server_tool_use_and_its_calls_name_it_as_caller():
    trace, endpoint = _run()
    first, second, last = endpoint.replies
    assert _blocks(first) == [("server_tool_use", "prog_1"), ("tool_use", "prog_1.1"), ("tool_use", "prog_1.2"),
                              ("tool_use", "prog_1.3")]
    assert first["content"][0]["name"] == "code_execution" and first["content"][0]["input"] == {"code": PROGRAM}
    assert {b["caller"]["tool_id"] for r in (first, second) for b in r["content"] if b["type"] == "tool_use"} == {
        "prog_1"}
    assert _blocks(second) == [("tool_use", "prog_1.4")] and second["stop_reason"] == "tool_use"
    result = last["content"][0]
    assert result["type"] == "code_execution_tool_result" and result["content"]["return_code"] == 0
    assert result["content"]["stdout"] == "3 contents of d.txt" and last["stop_reason"] == "end_turn"
    assert trace.final == "done" and all("http_status" not in r for r in endpoint.replies)


def test_the_request_declares_the_code_execution_tool_and_who_may_call_each_tool():
    _, endpoint = _run()
    tools = endpoint.requests[0]["tools"]
    assert {"type": "code_execution_20260120", "name": "code_execution"} in tools
    assert [t["allowed_callers"] for t in tools if "input_schema" in t] == [["code_execution_20260120"]] * 2


def test_the_client_replays_the_program_blocks_and_the_model_reads_only_the_programs_output():
    _, endpoint = _run()
    replayed = endpoint.requests[1]["messages"][1]["content"]  # the assistant turn, as the client sent it back
    assert [b["type"] for b in replayed] == ["server_tool_use", "tool_use", "tool_use", "tool_use"]
    assert replayed[1]["caller"] == {"type": "code_execution_20260120", "tool_id": "prog_1"}
    reads = as_chat_messages([*endpoint.requests[-1]["messages"],
                              {"role": "assistant", "content": endpoint.replies[-1]["content"][:1]}])
    assert [(m["role"], m.get("tool_call_id")) for m in reads] == [("user", None), ("assistant", None), ("tool", "prog_1")]
    assert reads[2]["content"] == "3 contents of d.txt"


def test_resuming_a_program_costs_no_model_time():
    trace, _ = _run()
    assert [round(s.end - s.start, 9) for s in trace.spans if s.kind == "llm"] == [0.5, 0.0, 0.5]
    assert trace.makespan == 3.0 and trace.max_concurrency == 3


def test_a_program_that_stops_reports_it_on_stderr_and_the_run_goes_on():
    trace, endpoint = _run("return fail(reason='disk on fire')")
    result = endpoint.replies[-1]["content"][0]["content"]
    assert result["return_code"] == 1 and result["stdout"] == ""
    assert "fail(reason='disk on fire') failed" in result["stderr"] and "disk on fire" in result["stderr"]
    assert trace.final == "done" and all("http_status" not in r for r in endpoint.replies)


@pytest.mark.parametrize("protocol", ["chat", "gemini"])
def test_only_the_two_wires_that_ship_it_carry_hosted_programs(protocol):
    with pytest.raises(ValueError, match="'responses' and 'anthropic'"):
        hosted_endpoint(course.ScriptedModel([]), [read_file], protocol)
