"""Each call is prepared once when its batch arrives: arguments decoded once, one batch graph per batch."""
from __future__ import annotations

import json
import types

import pydantic

import course
import course.calls
import course.batch
import course.tools
from course import ToolCall


async def fetch(path: str, retries: int = 2, tags: list[str] | None = None) -> str:
    return path


def _counting_json(monkeypatch) -> list[str]:
    """Count json.loads calls made by the runtime's call and tool modules."""
    seen: list[str] = []

    def loads(text, *args, **kwargs):
        seen.append(text)
        return json.loads(text, *args, **kwargs)

    shim = types.SimpleNamespace(loads=loads, dumps=json.dumps, JSONDecodeError=json.JSONDecodeError)
    for module in (course.calls,):  # the one decoder: course.tools has no json of its own
        monkeypatch.setattr(module, "json", shim)
    return seen


def test_raw_json_arguments_are_decoded_once_per_call(monkeypatch):
    tool = course.tool(fetch, latency=1.0, resources={"read": ["file:{path}"]})
    calls = [ToolCall(f"c{i}", "fetch", json.dumps({"path": f"{i}.txt"})) for i in range(5)]
    seen = _counting_json(monkeypatch)
    trace = course.execute(calls, [tool], mode="hybrid")
    assert [r.output for r in trace.results] == [f"{i}.txt" for i in range(5)]
    assert len(seen) == len(calls)  # references, resources and validation all read one decoding


def test_invalid_json_is_still_answered_with_the_parse_error():
    tool = course.tool(fetch)
    trace = course.execute([ToolCall("c1", "fetch", "{oops"), ToolCall("c2", "fetch", '["a"]'),
                            ToolCall("c3", "fetch", '"$c1"')], [tool], mode="all")
    assert [r.status for r in trace.results] == ["invalid_arguments"] * 3
    assert "not valid JSON" in trace.results[0].error
    assert trace.results[1].error.endswith("must be a JSON object, got list")
    assert trace.results[2].error.endswith("must be a JSON object, got str")


def test_auto_builds_one_batch_graph_per_batch(monkeypatch):
    built = []
    real = course.batch.build_graph

    def counting(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(course.batch, "build_graph", counting)
    tool = course.tool(fetch, latency=1.0)
    calls = [ToolCall("a", "fetch", {"path": "x"}), ToolCall("b", "fetch", {"path": "$a"})]
    trace = course.execute(calls, [tool], mode="auto")
    assert trace.notes[0].startswith("auto chose hybrid") and trace.makespan == 2.0
    assert len(built) == 1
    model = course.ScriptedModel(plan=[calls, [ToolCall("c", "fetch", {"path": "$b"})]], final="done", latency=0.5)
    built.clear()
    agent_trace = course.Agent(model=model, tools=[tool], mode="auto").run_sync("go")
    assert agent_trace.makespan == 4.5 and len(built) == 2  # two batches, one graph each


def test_validated_arguments_hold_every_field_in_declaration_order():
    tool = course.tool(fetch)
    assert list(tool.validate({"tags": ["x"], "path": "p"}).items()) == [("path", "p"), ("retries", 2),
                                                                          ("tags", ["x"])]

    class Loose(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(extra="allow")
        path: str

    loose = course.tools.Tool(fn=fetch, name="loose", description="", args_model=Loose)
    assert loose.validate({"path": "p", "extra": 1}) == {"path": "p"}  # fields only, as the function takes them
