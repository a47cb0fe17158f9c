"""The public contract of DESIGN.md §3 and the behaviour every delivery mode must keep."""
from __future__ import annotations

import asyncio
from typing import Annotated

import pytest
from pydantic import Field

import course
from course import DeliveryMode, ToolCall

from tests.helpers import fail, hang, read_file, reads, write_file


# ---- the documents' worked example ----------------------------------------------------------
def test_worked_example_one_at_a_time_takes_four_turns_and_five_seconds():
    model = course.ScriptedModel(plan=[reads(3)], final="done", latency=0.5)
    trace = course.Agent(model=model, tools=[read_file], mode="one-at-a-time").run_sync("Summarise the configs")
    assert (trace.makespan, trace.llm_calls, trace.final) == (5.0, 4, "done")


def test_worked_example_all_takes_two_turns_and_two_seconds():
    model = course.ScriptedModel(plan=[reads(3)], final="done", latency=0.5)
    trace = course.Agent(model=model, tools=[read_file], mode="all").run_sync("Summarise the configs")
    assert (trace.makespan, trace.llm_calls, trace.max_concurrency) == (2.0, 2, 3)


def test_documents_count_leaves_out_the_first_planning_turn():
    model = course.ScriptedModel(plan=[reads(3)], final="done", latency=0.5)
    one, every = (course.Agent(model=model, tools=[read_file], mode=m).run_sync("go") for m in ("one-at-a-time", "all"))
    first_turn = one.spans[0].duration
    assert (one.makespan - first_turn, every.makespan - first_turn) == (4.5, 1.5)
    assert every.speedup(one) == 2.5


# ---- execute(): one batch, no model --------------------------------------------------------------
@pytest.mark.parametrize("mode,makespan,peak", [("one-at-a-time", 3.0, 1), ("sequential", 3.0, 1),
                                                ("all", 1.0, 3), ("hybrid", 1.0, 3), ("auto", 1.0, 3)])
def test_execute_schedules_independent_reads_by_mode(mode, makespan, peak):
    trace = course.execute(reads(3), tools=[read_file], mode=mode)
    assert (trace.makespan, trace.max_concurrency) == (makespan, peak)
    assert [r.call_id for r in trace.results] == ["call_1", "call_2", "call_3"]
    assert [r.output for r in trace.results] == ["contents of 1.txt", "contents of 2.txt", "contents of 3.txt"]


def test_delivery_mode_is_a_str_enum_with_helpful_errors():
    assert DeliveryMode("all") is DeliveryMode.ALL and DeliveryMode.ALL == "all"
    assert DeliveryMode.parse("One_At_A_Time") is DeliveryMode.ONE_AT_A_TIME
    with pytest.raises(ValueError, match="choose one of"):
        DeliveryMode.parse("parallel")


def test_results_come_back_in_source_order_even_when_later_calls_finish_first():
    calls = [ToolCall("slow", "hang", {"seconds": 1.5}), ToolCall("fast", "read_file", {"path": "a"})]
    trace = course.execute(calls, tools=[hang, read_file], mode="all")
    assert [r.call_id for r in trace.results] == ["slow", "fast"]
    assert trace.span("fast").end < trace.span("slow").end


@pytest.mark.parametrize("mode", ["sequential", "all", "hybrid"])
def test_failed_call_keeps_sibling_results(mode):
    calls = [*reads(2), ToolCall("boom", "fail", {"reason": "disk on fire"})]
    trace = course.execute(calls, tools=[read_file, fail], mode=mode)
    assert [r.status for r in trace.results] == ["ok", "ok", "error"]
    assert trace.result("boom").content == "Error: RuntimeError: disk on fire"


def test_timeout_becomes_a_result_at_exactly_the_timeout():
    calls = [ToolCall("h", "hang", {"seconds": 60}), *reads(1)]
    trace = course.execute(calls, tools=[hang, read_file], mode="all")
    assert trace.result("h").status == "timeout" and "2 s timeout" in trace.result("h").error
    assert trace.result("call_1").ok
    assert trace.span("h").duration == 2.0 and trace.makespan == 2.0


def test_unknown_tool_names_the_available_ones():
    trace = course.execute([ToolCall("x", "delete_everything", {}), *reads(1)], tools=[read_file], mode="all")
    assert trace.result("x").status == "unknown_tool"
    assert "available tools: read_file" in trace.result("x").error
    assert trace.result("call_1").ok


@pytest.mark.parametrize("arguments,fragment", [
    ('{"path": "a.txt"', "not valid JSON"),
    ('{"path": "a"}{"path": "b"}', "not valid JSON"),           # two calls' JSON concatenated
    ('["a.txt"]', "must be a JSON object"),
    ({"path": 3}, "path: Input should be a valid string"),
    ({}, "path: Field required"),
    ({"path": "a", "mode": "rb"}, "mode: Extra inputs are not permitted"),
])
def test_bad_arguments_become_readable_error_results(arguments, fragment):
    trace = course.execute([ToolCall("bad", "read_file", arguments), *reads(1)], tools=[read_file], mode="all")
    assert trace.result("bad").status == "invalid_arguments"
    assert fragment in trace.result("bad").error
    assert trace.result("call_1").ok


def test_raw_json_string_arguments_are_accepted():
    trace = course.execute([ToolCall("a", "read_file", '{"path": "x.txt"}')], tools=[read_file])
    assert trace.result("a").output == "contents of x.txt"


# ---- dependencies and references ------------------------------------------------------------------
@course.tool(latency=1.0)
async def parse(text: str) -> dict:
    """Parse text into a record."""
    return {"length": len(text), "text": text}


@course.tool(latency=1.0)
async def validate(record: dict) -> bool:
    """Check a record."""
    return record["length"] > 0


PIPELINE = [ToolCall("r", "read_file", {"path": "data.json"}),
            ToolCall("p", "parse", {"text": "$r"}),
            ToolCall("v", "validate", {"record": "$p"})]


@pytest.mark.parametrize("mode", ["sequential", "hybrid", "one-at-a-time"])
def test_references_resolve_to_earlier_outputs(mode):
    trace = course.execute(PIPELINE, tools=[read_file, parse, validate], mode=mode)
    assert trace.ok and trace.result("v").output is True
    assert trace.result("p").output == {"length": len("contents of data.json"), "text": "contents of data.json"}
    assert trace.makespan == 3.0


def test_all_mode_ignores_dependencies_and_says_so():
    trace = course.execute(PIPELINE, tools=[read_file, parse, validate], mode="all")
    assert trace.result("r").ok
    assert "whose result is not ready" in trace.result("p").error
    assert any("ignores dependencies" in note for note in trace.notes)


def test_depends_on_orders_calls_in_hybrid():
    calls = [ToolCall("w", "write_file", {"path": "a", "text": "x"}),
             ToolCall("r", "read_file", {"path": "a"}, depends_on=("w",))]
    trace = course.execute(calls, tools=[write_file, read_file], mode="hybrid")
    assert trace.span("r").start >= trace.span("w").end


def test_failed_dependency_skips_the_dependent_with_a_reason():
    calls = [ToolCall("f", "fail", {"reason": "no"}), ToolCall("p", "parse", {"text": "$f"}), *reads(1)]
    trace = course.execute(calls, tools=[fail, parse, read_file], mode="hybrid")
    assert trace.result("p").status == "skipped" and "depends on f" in trace.result("p").error
    assert trace.result("call_1").ok


def test_dependency_cycle_is_reported_not_hung():
    calls = [ToolCall("a", "read_file", {"path": "1"}, depends_on=("b",)),
             ToolCall("b", "read_file", {"path": "2"}, depends_on=("a",)), *reads(1)]
    trace = course.execute(calls, tools=[read_file], mode="hybrid")
    assert "dependency cycle" in trace.result("a").error and "dependency cycle" in trace.result("b").error
    assert trace.result("call_1").ok


def test_unknown_dependency_id_is_an_error_result():
    trace = course.execute([ToolCall("a", "read_file", {"path": "1"}, depends_on=("nope",))], tools=[read_file],
                           mode="hybrid")
    assert "not a call of this conversation" in trace.result("a").error


def test_duplicate_call_ids_are_answered_with_an_error_for_the_repeat():
    trace = course.execute([ToolCall("a", "read_file", {"path": "1"}), ToolCall("a", "read_file", {"path": "1"})],
                           tools=[read_file], mode="all")
    assert [r.status for r in trace.results] == ["ok", "error"]


def test_dollar_strings_that_name_no_call_are_left_alone():
    trace = course.execute([ToolCall("a", "read_file", {"path": "$HOME/x"})], tools=[read_file], mode="hybrid")
    assert trace.result("a").output == "contents of $HOME/x"


# ---- safety: parallel_safe, resources, waves vs dataflow, caps ---------------------------------
def test_parallel_unsafe_call_runs_alone_in_hybrid_and_keeps_order():
    calls = [*reads(2), ToolCall("w", "write_file", {"path": "out", "text": "x"}), *reads(2, prefix="later")]
    trace = course.execute(calls, tools=[read_file, write_file], mode="hybrid")
    w = trace.span("w")
    assert all(s.end <= w.start or s.start >= w.end for s in trace.tool_spans if s.call_id != "w")
    assert trace.makespan == 3.0 and trace.max_concurrency == 2


def test_all_mode_ignores_the_safety_flag():
    calls = [ToolCall("w1", "write_file", {"path": "out", "text": "x"}),
             ToolCall("w2", "write_file", {"path": "out", "text": "y"})]
    assert course.execute(calls, tools=[write_file], mode="all").max_concurrency == 2


@course.tool(latency=1.0, resources={"write": "file:{path}"})
async def save(path: str) -> str:
    """Write a file (parallel-safe with other paths)."""
    return path


@course.tool(latency=1.0, resources={"read": "file:{path}"})
async def load(path: str) -> str:
    """Read a file, declaring the read."""
    return path


def test_readers_share_a_resource_and_writers_need_it_alone():
    calls = [ToolCall("r1", "load", {"path": "a"}), ToolCall("r2", "load", {"path": "a"}),
             ToolCall("w", "save", {"path": "a"}), ToolCall("other", "save", {"path": "b"})]
    trace = course.execute(calls, tools=[load, save], mode="hybrid")
    assert trace.span("r1").start == trace.span("r2").start == trace.span("other").start == 0.0
    assert trace.span("w").start == 1.0 and trace.makespan == 2.0


def test_dataflow_beats_waves_when_chains_have_unequal_lengths():
    @course.tool(latency=lambda a: a["seconds"])
    async def step(seconds: float) -> float:
        """Work for a while."""
        return seconds

    calls = [ToolCall("a1", "step", {"seconds": 3}), ToolCall("b1", "step", {"seconds": 1}),
             ToolCall("b2", "step", {"seconds": 1}, depends_on=("b1",)),
             ToolCall("b3", "step", {"seconds": 1}, depends_on=("b2",)),
             ToolCall("a2", "step", {"seconds": 1}, depends_on=("a1",))]
    dataflow = course.execute(calls, tools=[step], mode="hybrid")
    waves = course.execute(calls, tools=[step], mode="hybrid", scheduler="waves")
    assert dataflow.makespan == dataflow.critical_path_time == 4.0
    assert waves.makespan == 5.0  # wave 2 waits for a1 before b2 may start
    assert dataflow.critical_path() == ["a1", "a2"]


@pytest.mark.parametrize("mode", ["all", "hybrid"])
def test_concurrency_cap_is_never_exceeded(mode):
    trace = course.execute(reads(10), tools=[read_file], mode=mode, max_concurrency=3)
    assert trace.max_concurrency == 3 and trace.makespan == 4.0


def test_bad_options_say_what_to_use():
    with pytest.raises(ValueError, match="positive"):
        course.execute(reads(1), tools=[read_file], max_concurrency=0)
    with pytest.raises(ValueError, match="dataflow"):
        course.execute(reads(1), tools=[read_file], mode="hybrid", scheduler="fastest")
    with pytest.raises(ValueError, match="clock="):
        course.execute(reads(1), tools=[read_file], clock="sundial")


# ---- auto: the decision tree ---------------------------------------------------------------------
def test_auto_follows_the_courses_advice_and_the_documents_tree_stays_available():
    tools = {t.name: t for t in (read_file, parse, validate, write_file)}
    assert course.decide_mode(reads(3), tools)[0] is DeliveryMode.ALL
    assert course.decide_mode(PIPELINE, tools)[0] is DeliveryMode.HYBRID  # the dependencies are written down
    assert course.decide_mode_documents(PIPELINE, tools)[0] is DeliveryMode.ONE_AT_A_TIME
    unsafe = [*reads(2), ToolCall("w", "write_file", {"path": "a", "text": "b"})]
    assert course.decide_mode(unsafe, tools)[0] is DeliveryMode.HYBRID


def test_a_reason_names_every_call_a_dependent_call_waits_for():
    tools = {t.name: t for t in (read_file, parse)}
    merge = [*reads(3), ToolCall("m", "parse", {"text": "$call_3"}, depends_on=("call_1", "call_2", "call_3"))]
    mode, why = course.decide_mode(merge, tools)
    assert mode is DeliveryMode.HYBRID
    assert str(why) == ("m needs the results of call_1, call_2, call_3 and the batch says so: "
                        "hybrid runs it after all of them, in the same turn")
    assert str(course.decide_mode_documents(merge, tools)[1]).startswith("m depends on call_1, call_2, call_3:")


def test_critical_calls_mark_every_chain_that_ties_and_no_slack():
    tools = [read_file, parse]
    tied = [*reads(2), ToolCall("m", "parse", {"text": "$call_1"}, depends_on=("call_1", "call_2"))]
    trace = course.execute(tied, tools=tools, mode="hybrid")
    assert trace.critical_calls() == {"call_1", "call_2", "m"} and len(trace.critical_path()) == 2
    slack = [*tied, ToolCall("quick", "parse", {"text": "x"})]  # one call, shorter than the chain: slack
    trace = course.execute(slack, tools=tools, mode="hybrid")
    assert trace.critical_calls() == {"call_1", "call_2", "m"}


def test_auto_agent_runs_a_written_pipeline_in_one_turn_by_dependency():
    model = course.ScriptedModel(plan=[PIPELINE], latency=0.5)
    trace = course.Agent(model=model, tools=[read_file, parse, validate], mode="auto").run_sync("go")
    assert trace.ok and trace.result("v").output is True
    assert (trace.llm_calls, trace.makespan) == (2, 4.0) and any("auto chose hybrid" in n for n in trace.notes)


# ---- the agent loop -------------------------------------------------------------------------------
def test_disobedient_model_in_one_at_a_time_keeps_the_first_call_and_a_valid_protocol():
    scripted = course.ScriptedModel(plan=[reads(3)], latency=0.5, obeys_parallel_flag=False)
    model = course.OpenAIModel(course.offline_openai_client(scripted), model="offline")
    trace = course.Agent(model=model, tools=[read_file], mode="one-at-a-time").run_sync("go")
    assert trace.error is None and trace.llm_calls == 4 and trace.final == "done"
    assert any("kept call_1" in n for n in trace.notes)
    assistant_calls = [len(m["tool_calls"]) for m in trace.messages if m.get("tool_calls")]
    assert assistant_calls == [1, 1, 1]


def test_max_turns_guard_stops_an_endless_loop():
    endless = [[ToolCall(f"c{i}", "read_file", {"path": "same"})] for i in range(50)]
    trace = course.Agent(model=course.ScriptedModel(plan=endless, latency=0.1), tools=[read_file],
                         max_turns=5).run_sync("loop")
    assert trace.final is None and "max_turns=5" in trace.error and trace.llm_calls == 5


def test_scripted_model_can_decide_from_results():
    def next_step(results: dict[str, str]):
        return [ToolCall("fix", "read_file", {"path": "bug.py"})] if "1.txt" in results.get("call_1", "") else []

    model = course.ScriptedModel(plan=[reads(1), next_step], final=lambda r: f"saw {len(r)} results", latency=0.5)
    trace = course.Agent(model=model, tools=[read_file]).run_sync("go")
    assert [r.call_id for r in trace.results] == ["call_1", "fix"] and trace.final == "saw 2 results"


def test_agent_messages_answer_every_call_id_in_order():
    trace = course.Agent(model=course.ScriptedModel(plan=[reads(3)]), tools=[read_file]).run_sync("go")
    roles = [m["role"] for m in trace.messages]
    assert roles == ["user", "assistant", "tool", "tool", "tool", "assistant"]
    assert [m["tool_call_id"] for m in trace.messages if m["role"] == "tool"] == ["call_1", "call_2", "call_3"]


def test_performance_monitor_averages_by_mode():
    monitor = course.PerformanceMonitor()
    for mode in ("one-at-a-time", "all", "all"):
        course.Agent(model=course.ScriptedModel(plan=[reads(3)]), tools=[read_file], mode=mode,
                     monitor=monitor).run_sync("go")
    summary = monitor.summary()
    assert summary["all"]["runs"] == 2 and summary["all"]["avg_makespan"] == 2.0
    assert monitor.speedup("all") == 2.5
    assert "one-at-a-time" in monitor.report()
    with pytest.raises(KeyError, match="run an agent"):
        monitor.speedup("hybrid")


# ---- tools and schemas ----------------------------------------------------------------------------
def test_schema_is_derived_from_type_hints_and_docstring():
    @course.tool
    def search(pattern: str, max_hits: int = 10) -> list[str]:
        """Search the project for a regex."""
        return []

    schema = search.schema
    assert schema["function"]["name"] == "search"
    assert schema["function"]["description"] == "Search the project for a regex."
    params = schema["function"]["parameters"]
    assert params["required"] == ["pattern"]
    assert params["properties"]["pattern"] == {"type": "string"}
    assert params["properties"]["max_hits"] == {"type": "integer", "default": 10}
    assert params["additionalProperties"] is False


def test_tool_works_as_a_plain_call_and_keeps_its_options():
    async def ping(host: str) -> str:
        return host

    t = course.tool(ping, latency=0.25, parallel_safe=False, timeout=3, resources={"read": "net"})
    assert (t.name, t.latency, t.parallel_safe, t.timeout) == ("ping", 0.25, False, 3)
    assert course.execute([ToolCall("p", "ping", {"host": "h"})], tools=[t]).makespan == 0.25


def test_missing_type_hint_is_a_clear_definition_error():
    with pytest.raises(course.ToolDefinitionError, match="has no type hint"):
        course.tool(lambda path: path)


def test_plain_functions_run_in_a_thread_and_real_work_does_not_let_timers_jump():
    import time

    @course.tool(latency=0.0, timeout=0.5)
    def blocking_read(path: str) -> str:
        """Block for a little real time."""
        time.sleep(0.2)
        return path

    trace = course.execute([ToolCall("b", "blocking_read", {"path": "x"}), ToolCall("h", "hang", {"seconds": 1})],
                           tools=[blocking_read, hang], mode="all")
    assert trace.result("b").ok and trace.span("b").duration == 0.0
    assert trace.result("h").output == "woke up"


# ---- clocks and running from anywhere --------------------------------------------------------------
def test_virtual_clock_is_deterministic_across_runs():
    runs = [course.execute(PIPELINE + reads(5), tools=[read_file, parse, validate], mode="hybrid").table()
            for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_run_works_inside_a_running_loop_like_jupyter():
    async def notebook_cell():
        return course.execute(reads(3), tools=[read_file], mode="all")

    trace = asyncio.run(notebook_cell())
    assert trace.makespan == 1.0 and trace.clock == "virtual"


def test_real_clock_overlaps_calls():
    quick = course.tool(read_file.fn, latency=0.05, name="quick_read")
    calls = [ToolCall(f"q{i}", "quick_read", {"path": str(i)}) for i in range(4)]
    trace = course.execute(calls, tools=[quick], mode="all", clock="real")
    assert trace.clock == "real" and trace.ok and trace.max_concurrency == 4


def test_cancelling_a_batch_leaves_no_tool_running():
    started, finished = [], []

    @course.tool
    async def long_job(n: int) -> int:
        """Runs for a long time."""
        started.append(n)
        await asyncio.sleep(100)
        finished.append(n)
        return n

    async def main():
        task = asyncio.ensure_future(course.execute_async([ToolCall(f"j{i}", "long_job", {"n": i}) for i in range(3)],
                                                          [long_job], mode="all"))
        await asyncio.sleep(1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]

    leftover = course.run(main)
    assert started == [0, 1, 2] and finished == [] and leftover == []


def test_observer_sees_each_span_start_and_end():
    seen = []
    course.execute(reads(2), tools=[read_file], observer=lambda s: seen.append((s.call_id, s.end)))
    assert seen == [("call_1", None), ("call_2", None), ("call_1", 1.0), ("call_2", 1.0)]


# ---- robustness: nothing outside a tool may cost a result --------------------------------------
def test_an_observer_that_raises_costs_no_result():
    def broken(span):
        raise RuntimeError("chart backend missing")

    trace = course.execute(reads(3), tools=[read_file], mode="all", observer=broken)
    assert [r.status for r in trace.results] == ["ok", "ok", "ok"]
    assert trace.notes == ["the observer raised RuntimeError: chart backend missing; the run went on without it"]
    agent_trace = course.Agent(model=course.ScriptedModel(plan=[reads(2)]), tools=[read_file]).run_sync(
        "go", observer=broken)
    assert agent_trace.final == "done" and len(agent_trace.results) == 2


@pytest.mark.parametrize("spec,key,write", [
    ({"reads": "db"}, "db", False), ({"writes": ["file:{path}"]}, "file:a", True),
    ("lock", "lock", True), (["a", "b"], "a", True),
])
def test_resources_accept_the_usual_spellings(spec, key, write):
    async def touch(path: str) -> str:
        return path

    accesses = course.tool(touch, resources=spec).accesses({"path": "a"})
    assert accesses[0].key == key and accesses[0].write is write


def test_a_bad_resources_spec_fails_when_the_tool_is_defined():
    async def touch(path: str) -> str:
        return path

    with pytest.raises(course.ToolDefinitionError, match="resources keys are 'read' and 'write'"):
        course.tool(touch, resources={"delete": "x"})
    with pytest.raises(course.ToolDefinitionError, match="resources must be"):
        course.tool(touch, resources=42)


def test_a_failing_resources_function_runs_its_call_alone_and_loses_nothing():
    async def touch(path: str) -> str:
        return path

    shaky = course.tool(touch, latency=1.0, resources=lambda args: {"write": [args["missing"]]})
    calls = [*reads(2), ToolCall("t", "touch", {"path": "x"}), *reads(1, prefix="more")]
    trace = course.execute(calls, tools=[read_file, shaky], mode="hybrid")
    assert trace.ok and trace.makespan == 3.0
    t = trace.span("t")
    assert all(s.end <= t.start or s.start >= t.end for s in trace.tool_spans if s.call_id != "t")


def test_parameter_descriptions_reach_the_schema():
    """Field(description=...) on a parameter, as a default or inside Annotated, is what the model reads."""
    @course.tool
    def grep(pattern: Annotated[str, Field(description="A regular expression")],
             limit: int = Field(20, description="Most matches to return")) -> str:
        """Search the project."""
        return pattern

    props = grep.schema["function"]["parameters"]["properties"]
    assert props["pattern"]["description"] == "A regular expression"
    assert props["limit"]["description"] == "Most matches to return" and props["limit"]["default"] == 20
    trace = course.execute([course.ToolCall("g", "grep", {"pattern": "x"})], tools=[grep])
    assert trace.results[0].ok and trace.results[0].output == "x"
