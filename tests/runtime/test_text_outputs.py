"""What a tool's output looks like to the model: text-like outputs as their text, everything else as JSON."""
from __future__ import annotations

import json

import course
from course import ToolCall, ToolResult


def test_utf8_bytes_reach_the_model_as_their_text():
    assert ToolResult("c1", "read", output="héllo\nworld".encode()).content == "héllo\nworld"


def test_an_exception_returned_as_a_value_reaches_the_model_as_its_message():
    assert ToolResult("c1", "probe", output=FileNotFoundError("no such file: a.txt")).content == "no such file: a.txt"
    assert ToolResult("c1", "probe", output=KeyError()).content == "KeyError"


def test_binary_bytes_stay_json_with_their_base64():
    content = json.loads(ToolResult("c1", "read", output=b"\xff\x00").content)
    assert content["base64"] == "/wA=" and "2 bytes" in content["note"]


def test_structured_outputs_stay_json():
    assert json.loads(ToolResult("c1", "t", output={"a": [1, 2]}).content) == {"a": [1, 2]}
    assert ToolResult("c1", "t", output=7).content == "7"


def test_the_agent_hands_bytes_to_the_model_as_text():
    @course.tool
    def read_bytes(path: str) -> bytes:
        """Read a file's raw bytes."""
        return f"contents of {path}".encode()

    model = course.ScriptedModel(plan=[[ToolCall("r1", "read_bytes", {"path": "a.txt"})]], latency=0)
    trace = course.Agent(model=model, tools=[read_bytes]).run_sync("read a.txt")
    tool_message = next(m for m in trace.messages if m["role"] == "tool")
    assert tool_message["content"] == "contents of a.txt"
