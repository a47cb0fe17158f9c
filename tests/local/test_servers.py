"""Every OPENAI_BASE_URL recipe of lesson 6 reaches the course's live path; the local one answers for real."""
from __future__ import annotations

import asyncio

import pytest

import course
from course.local.servers import SERVERS
from course.local.weights import MODEL_NAME
from course.models import OpenAIModel

SYSTEM = ("You are a coding agent. Call tools to read files. When you need several files, "
          "call read_file once per file, all in one reply.")


@course.tool(latency=0.1)
async def read_file(path: str) -> str:
    """Read a text file of the project."""
    return f"<contents of {path}>"


def _live(monkeypatch, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    scripted = course.ScriptedModel(plan=[], final="offline")
    return course.chat_model(scripted, announce=False)


@pytest.mark.parametrize("recipe", SERVERS, ids=[s.name for s in SERVERS])
def test_each_recipe_sends_the_live_path_to_its_server(monkeypatch, recipe):
    model = _live(monkeypatch, recipe.environment("some-model"))
    assert isinstance(model, OpenAIModel) and model.model == "some-model"

    async def base_url():
        return str(model.client.base_url).rstrip("/")
    assert asyncio.run(base_url()) == recipe.base_url
    assert recipe.base_url.startswith("http://127.0.0.1:") and recipe.switch and recipe.source


@pytest.mark.local_model
def test_the_live_path_on_the_real_local_server(monkeypatch, local_server):
    # The sentence lesson 6 used to carry as a claim — "OPENAI_BASE_URL for any OpenAI-compatible
    # server such as llama.cpp" — run: the course's own live path, pointed at a real llama.cpp server.
    env = {**SERVERS[0].environment(MODEL_NAME), "OPENAI_BASE_URL": local_server.base_url}
    model = _live(monkeypatch, env)
    trace = course.Agent(model=model, tools=[read_file], mode="all", max_turns=2, system=SYSTEM).run_sync(
        "Read shop/cart.py and shop/discounts.py.", clock="real")
    assert trace.error is None or "max_turns" in trace.error
    assert trace.llm_calls >= 1
    asked = [c["id"] for m in trace.messages if m["role"] == "assistant" for c in m.get("tool_calls") or []]
    assert sorted(asked) == sorted(m["tool_call_id"] for m in trace.messages if m["role"] == "tool")
