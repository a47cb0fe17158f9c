"""Programmatic tool calling as OpenAI's Responses API ships it, offline: the program runs on the
provider's side (the endpoint's sandbox), its calls come back with `caller`, its result as `program_output`."""
from __future__ import annotations

import course
from course import ToolCall
from course.beyond.hosted import hosted_endpoint, hosted_model
from course.beyond.programmatic import PROGRAM_TOOL, ProgrammaticAgent
from course.models.openai_responses import ResponsesModel
from course.offline import offline_endpoint
from course.offline.clients import openai_client
from course.offline.responses import as_chat_messages


@course.tool(latency=1.0)
async def get_weather(city: str) -> str:
    """The weather in a city."""
    if city == "Atlantis":
        raise LookupError("no such city")
    return f"sunny in {city}"


PROGRAM = """import asyncio
cities = ["Paris", "Tokyo", "Lima"]
reports = await asyncio.gather(*[get_weather(city=c) for c in cities])
rome = get_weather(city="Rome")
print(len(reports), rome)
"""


def _run(code: str = PROGRAM, mode: str = "all"):
    scripted = course.ScriptedModel([[ToolCall("prog_1", PROGRAM_TOOL, {"code": code})]], final="done", latency=0.5)
    model = hosted_model(scripted, [get_weather])
    trace = course.Agent(model, [get_weather], mode=mode).run_sync("weather?")
    return trace, offline_endpoint(model.client)


def _items(reply: dict) -> list[tuple]:
    return [(i["type"], i.get("call_id")) for i in reply["output"] if i["type"] != "reasoning"]


def test_the_program_travels_as_a_program_item_and_its_calls_name_it_as_caller():
    trace, endpoint = _run()
    first, second, last = endpoint.replies
    assert _items(first) == [("program", "prog_1"), ("function_call", "prog_1.1"), ("function_call", "prog_1.2"),
                             ("function_call", "prog_1.3")]
    assert first["output"][1]["code"] == PROGRAM
    assert all(i["caller"] == {"type": "program", "caller_id": "prog_1"}
               for i in first["output"] + second["output"] if i["type"] == "function_call")
    assert _items(second) == [("function_call", "prog_1.4")]  # the program went on after its gather
    assert _items(last) == [("program_output", "prog_1"), ("message", None)]
    assert last["output"][0] == {"type": "program_output", "id": "po_prog_1", "call_id": "prog_1",
                                 "result": "3 sunny in Rome", "status": "completed"}
    assert trace.final == "done" and all("http_status" not in r for r in endpoint.replies)


def test_the_request_declares_programmatic_tool_calling_and_who_may_call_each_tool():
    _, endpoint = _run()
    tools = endpoint.requests[0]["tools"]
    assert {"type": "programmatic_tool_calling"} in tools
    assert [t["allowed_callers"] for t in tools if t["type"] == "function"] == [["direct", "programmatic"]]


def test_the_client_runs_each_batch_the_program_calls_and_the_model_reads_only_its_output():
    trace, endpoint = _run()
    assert [len(b) for b in _batches(trace)] == [3, 1] and trace.max_concurrency == 3
    assert [i.get("type") for i in endpoint.requests[-1]["input"]].count("function_call_output") == 4
    # what the model's last turn read: the conversation so far and the program's output, not its calls
    model_reads = as_chat_messages([*endpoint.requests[-1]["input"], endpoint.replies[-1]["output"][0]])
    assert [(m["role"], m.get("tool_call_id")) for m in model_reads] == [("user", None), ("assistant", None),
                                                                        ("tool", "prog_1")]
    assert model_reads[1]["tool_calls"][0]["function"]["name"] == PROGRAM_TOOL
    assert model_reads[2]["content"] == "3 sunny in Rome"


def _batches(trace) -> list[list[str]]:
    return [[c["id"] for c in m["tool_calls"]] for m in trace.messages if m.get("tool_calls")]


def test_resuming_a_program_costs_no_model_time():
    trace, _ = _run()
    assert [round(s.end - s.start, 9) for s in trace.spans if s.kind == "llm"] == [0.5, 0.0, 0.5]
    local = ProgrammaticAgent(course.ScriptedModel([[ToolCall("prog_1", PROGRAM_TOOL, {"code": PROGRAM})]],
                                                   final="done", latency=0.5), [get_weather]).run_sync("weather?")
    assert trace.makespan == local.makespan == 3.0  # 0.5 to write it, 1 + 1 for its two batches, 0.5 to answer


def test_a_failing_call_stops_the_program_with_an_incomplete_output_and_the_run_goes_on():
    trace, endpoint = _run("return gather(get_weather(city='Paris'), get_weather(city='Atlantis'))")
    output = endpoint.replies[-1]["output"][0]
    assert output["type"] == "program_output" and output["status"] == "incomplete"
    assert "get_weather(city='Atlantis') failed" in output["result"] and "no such city" in output["result"]
    assert trace.final == "done" and all("http_status" not in r for r in endpoint.replies)


def test_a_program_that_calls_nothing_is_answered_in_the_same_response():
    trace, endpoint = _run("return 6 * 7")
    (only,) = endpoint.replies
    assert _items(only) == [("program", "prog_1"), ("program_output", "prog_1"), ("message", None)]
    assert only["output"][-2]["result"] == "42" and trace.llm_calls == 1 and trace.makespan == 1.0


def test_without_the_programmatic_tool_a_program_is_an_ordinary_call_the_agent_runs():
    scripted = course.ScriptedModel([[ToolCall("prog_1", PROGRAM_TOOL, {"code": PROGRAM})]], final="done", latency=0.5)
    endpoint = hosted_endpoint(scripted, [get_weather])
    model = ResponsesModel(openai_client(endpoint), model="m")  # programmatic=False: nothing declared
    trace = ProgrammaticAgent(model, [get_weather]).run_sync("weather?")
    assert _items(endpoint.replies[0]) == [("function_call", "prog_1")]
    assert trace.result("prog_1").output == "3 sunny in Rome" and trace.makespan == 3.0
