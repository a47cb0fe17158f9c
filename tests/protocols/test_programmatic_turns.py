"""A programmatic turn on the wire: one bad program is its call's error result, and every protocol accepts it.

When a program's evaluation fails (with a ProgramError, or anything else), that `run_program`
call still gets exactly one answer, an error result, and the turn's other calls get theirs; the
next request carries them all and each provider's endpoint, behind its real SDK, accepts it.
"""
from __future__ import annotations

import pytest

import course
import course.beyond.programmatic as programmatic
from course import ToolCall
from course.beyond.programmatic import PROGRAM_TOOL, ProgrammaticAgent
from course.offline import offline_endpoint
from course.protocols import offline_model
from tests.helpers import read_file


@pytest.mark.parametrize("protocol", tuple(course.protocols.PROTOCOLS))
def test_one_failing_program_becomes_its_calls_error_with_its_siblings_answered(protocol, monkeypatch):
    checked = programmatic.check_program

    def check_or_break(code, tools):  # the evaluator fails on one program, with no ProgramError of its own
        if "explode" in code:
            raise RuntimeError("the evaluator broke")
        return checked(code, tools)

    monkeypatch.setattr(programmatic, "check_program", check_or_break)
    plan = [[ToolCall("plain", "read_file", {"path": "a.txt"}),
             ToolCall("broken", PROGRAM_TOOL, {"code": "return explode()"}),
             ToolCall("looping", PROGRAM_TOOL, {"code": "while True:\n    pass"}),
             ToolCall("good", PROGRAM_TOOL, {"code": "return read_file(path='b.txt')"})]]
    model = offline_model(course.ScriptedModel(plan, final="done", latency=0.5), protocol)
    trace = ProgrammaticAgent(model, [read_file], max_steps=100).run_sync("go")
    assert trace.error is None and trace.final == "done" and trace.llm_calls == 2
    answers = {m["tool_call_id"]: m["content"] for m in trace.messages if m["role"] == "tool"}
    assert list(answers) == ["plain", "broken", "looping", "good"]
    assert answers["plain"] == "contents of a.txt" and answers["good"] == "contents of b.txt"
    assert answers["broken"].startswith("Error:") and "RuntimeError: the evaluator broke" in answers["broken"]
    assert answers["looping"].startswith("Error:") and "step budget" in answers["looping"]
    assert all("http_status" not in reply for reply in offline_endpoint(model.client).replies)  # no 4xx on the way
