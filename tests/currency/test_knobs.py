"""Lesson 5's "same ideas, real knobs" table, checked against the installed packages.

Each checkable claim is a phrase in one row of the table and a test that reads or runs the
installed package it is about. When a release changes the behaviour, the test fails and names
the row to rewrite. The Agents SDK and pydantic-ai come with the bench extra
(`pip install -c constraints.txt -e ".[bench]"`); without it their tests skip.
"""
from __future__ import annotations

import asyncio
import inspect
import json
import typing
import warnings
from pathlib import Path

import pytest

import course
from course import ToolCall

ROOT = Path(__file__).resolve().parents[2]
TABLE_CELL = "3a37bca0"  # the "Same ideas, real knobs" cell of solutions/05_best_practices.ipynb

# row (its first column starts with this) -> phrases of that row the tests below hold to the code
CLAIMS = {
    "`openai` SDK `ResponsesToolRunner`": ["one call **after another**", "`max_concurrent_calls`, default **2**"],
    "OpenAI Agents SDK": ["`asyncio.to_thread`", "`ProgrammaticToolCallingTool`",
                          "`ToolExecutionConfig(max_function_tool_concurrency=)`", "`function_tool(timeout=)`"],
    "pydantic-ai": ["`Agent.parallel_tool_call_execution_mode('parallel' \\| 'sequential' \\| 'parallel_ordered_events')`",
                    "`UseThreadExecutor(executor)`", "`ModelSettings(parallel_tool_calls=False)` only asks the model"],
    "Anthropic SDK `tool_runner`": ["one after another", "`run_tools_eagerly`"],
    "google-genai automatic function calling": ["one after another"],
    "Google ADK 2.13": ["`RunConfig(tool_thread_pool_config=ToolThreadPoolConfig(max_workers=4))`", "off by default"],
}


def _rows() -> dict[str, str]:
    notebook = json.loads((ROOT / "solutions/05_best_practices.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if c.get("id") == TABLE_CELL)
    return {line.split("|")[1].strip(): line for line in "".join(cell["source"]).splitlines()
            if line.startswith("| ") and not line.startswith("|---")}


@pytest.mark.parametrize("row", list(CLAIMS))
def test_the_lesson_states_each_checked_claim_in_its_row(row):
    rows = _rows()
    found = next((line for first, line in rows.items() if first.startswith(row)), None)
    assert found is not None, f"lesson 5's knobs table has no row starting {row!r}"
    missing = [phrase for phrase in CLAIMS[row] if phrase not in found]
    assert not missing, f"row {row!r} no longer says {missing}: update the table and CLAIMS together"


class Overlap:
    """Counts how many calls of a tool are in flight at once, by yielding to the loop, never by timing."""

    def __init__(self) -> None:
        self.now = self.peak = 0
        self.order: list[str] = []

    async def visit(self, name: str) -> str:
        self.now += 1
        self.peak = max(self.peak, self.now)
        self.order.append(name)
        for _ in range(10):  # a concurrent sibling gets to start while this one is in flight
            await asyncio.sleep(0)
        self.now -= 1
        return f"<{name}>"


# ---- the openai SDK's ResponsesToolRunner (a required dependency) -----------------------------------
def test_openai_runner_caps_concurrent_calls_at_two_by_default():
    from openai.lib.responses_tool_runner import AsyncResponsesToolRunner, ResponsesToolRunner

    for runner in (ResponsesToolRunner, AsyncResponsesToolRunner):
        for method in (runner.run, runner.iterate):
            assert inspect.signature(method).parameters["max_concurrent_calls"].default == 2, (runner, method)
    # and runs a reply's calls one after another by default: tests/protocols/test_sdk_runner.py runs it


# ---- the Anthropic SDK's tool runner ----------------------------------------------------------------
def test_anthropic_tool_runner_awaits_a_replys_calls_one_after_another_even_when_eager():
    from anthropic.lib.tools import _beta_runner as runner

    whole_reply = inspect.getsource(runner.BaseAsyncToolRunner._generate_tool_call_response)
    while_streaming = inspect.getsource(runner.BetaAsyncStreamingToolRunner._run_tools_while_streaming)
    assert "for tool_use in tool_use_blocks" in whole_reply and "await self._run_tool(" in whole_reply
    assert "await self._run_tool(" in while_streaming  # run_tools_eagerly: inline, while the stream waits
    for source in (whole_reply, while_streaming):
        assert not any(word in source for word in ("gather(", "create_task(", "TaskGroup", "wait(")), source[:80]
    assert "run_tools_eagerly" in inspect.signature(runner.BetaAsyncStreamingToolRunner.__init__).parameters


# ---- google-genai's automatic function calling, run against the offline Gemini endpoint ------------
def test_gemini_automatic_function_calling_runs_a_replys_calls_one_after_another():
    from google.genai import types

    seen = Overlap()

    async def read_file(path: str) -> str:
        """Read a file."""
        return await seen.visit(path)

    batch = [ToolCall(f"c{i}", "read_file", {"path": f"f{i}.txt"}) for i in range(3)]
    client = course.offline_client(course.ScriptedModel(plan=[batch], final="done"), protocol="gemini")

    async def ask() -> str:
        config = types.GenerateContentConfig(tools=[read_file])
        return (await client.aio.models.generate_content(model="m", contents="go", config=config)).text

    with warnings.catch_warnings():  # the SDK advises AFC through chats; the loop is the same
        warnings.simplefilter("ignore")
        assert course.run(ask, clock="real") == "done"
    assert seen.order == ["f0.txt", "f1.txt", "f2.txt"] and seen.peak == 1


# ---- the OpenAI Agents SDK (bench extra) ------------------------------------------------------------
def test_agents_sdk_runs_plain_def_tools_in_threads_and_ships_programmatic_tool_calling():
    agents = pytest.importorskip("agents", reason="the OpenAI Agents SDK comes with the bench extra")
    from agents import tool as tool_module

    source = inspect.getsource(tool_module.function_tool)
    assert "asyncio.to_thread(the_func" in source and "iscoroutinefunction(the_func)" in source
    assert agents.ProgrammaticToolCallingTool().name == "programmatic_tool_calling"
    assert "max_function_tool_concurrency" in inspect.signature(agents.ToolExecutionConfig).parameters
    assert "timeout" in inspect.signature(agents.function_tool).parameters  # FunctionTool calls it timeout_seconds


# ---- pydantic-ai (bench extra) ----------------------------------------------------------------------
def _pydantic_ai_run(settings: dict | None = None, mode: str | None = None) -> Overlap:
    pytest.importorskip("pydantic_ai", reason="pydantic-ai-slim comes with the bench extra")
    from pydantic_ai import Agent
    from pydantic_ai.messages import ModelResponse, TextPart, ToolCallPart, ToolReturnPart
    from pydantic_ai.models.function import FunctionModel

    seen = Overlap()

    async def read_file(path: str) -> str:
        """Read a file."""
        return await seen.visit(path)

    def model(messages, info) -> ModelResponse:
        if any(isinstance(p, ToolReturnPart) for p in messages[-1].parts):
            return ModelResponse(parts=[TextPart("done")])
        return ModelResponse(parts=[ToolCallPart("read_file", {"path": f"f{i}.txt"}, f"c{i}") for i in range(3)])

    agent = Agent(FunctionModel(model), tools=[read_file])

    async def go():
        if mode is None:
            return await agent.run("go", model_settings=settings)
        with Agent.parallel_tool_call_execution_mode(mode):
            return await agent.run("go", model_settings=settings)

    assert course.run(go, clock="real").output == "done"
    return seen


def test_pydantic_ai_runs_a_batch_concurrently_and_its_run_mode_serialises_it():
    assert _pydantic_ai_run().peak == 3
    assert _pydantic_ai_run(mode="sequential").peak == 1


def test_pydantic_ai_parallel_tool_calls_false_does_not_serialise_a_batch_that_arrives():
    assert _pydantic_ai_run(settings={"parallel_tool_calls": False}).peak == 3


def test_pydantic_ai_execution_modes_and_thread_executor_exist():
    pytest.importorskip("pydantic_ai", reason="pydantic-ai-slim comes with the bench extra")
    from pydantic_ai import Agent
    from pydantic_ai.capabilities import UseThreadExecutor
    from pydantic_ai.tool_manager import ParallelExecutionMode

    assert set(typing.get_args(ParallelExecutionMode)) == {"parallel", "sequential", "parallel_ordered_events"}
    assert inspect.signature(Agent.parallel_tool_call_execution_mode).parameters["mode"].default == "parallel"
    assert "executor" in inspect.signature(UseThreadExecutor).parameters


# ---- Google ADK (needs google-genai < 3, so it cannot share the course's environment) -------------
def test_adk_runs_plain_def_tools_in_a_pool_only_when_asked():
    run_config = pytest.importorskip("google.adk.agents.run_config",
                                     reason="google-adk 2.13 needs google-genai < 3: check it in its own venv")
    from google.adk.flows.llm_flows.tools import _thread_pool

    assert run_config.RunConfig().tool_thread_pool_config is None
    assert run_config.ToolThreadPoolConfig().max_workers == 4
    # adk-python #5284: the older pool took a None result for "not run here" and ran the tool again
    assert "is not None" not in inspect.getsource(_thread_pool._call_tool_in_thread_pool)
