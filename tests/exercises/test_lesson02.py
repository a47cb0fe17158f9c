"""Lesson 2's checkers audited: per exercise, correct variants pass and wrong ones fail naming their slip,
in English and in Chinese (course.exercises.audit)."""
from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

import course
from course import ToolCall
from course.exercises import get
from course.exercises.audit import Variant, audit, coverage


def _f(fn):
    return lambda: fn


def _messages(build):
    def tool_messages(assistant_message, run_tool):
        return [build(c, run_tool) for c in assistant_message["tool_calls"]]
    return tool_messages


def _msg(c, run_tool, **extra):
    return {"role": "tool", "tool_call_id": c["id"],
            "content": run_tool(c["function"]["name"], c["function"]["arguments"]), **extra}


def _plan(fmt_of, **call):
    def next_call(results):
        text = results["read"]
        args = {"text": text, "format": fmt_of(text)}
        return [ToolCall(id=call.get("id", "parse"), name="parse", arguments=call.get("arguments", args))]
    return next_call


def _marker(text):
    return "yaml" if "format: yaml" in text else "json"


VARIANTS = {
    "02.cost-formula": [
        Variant("the solution", _f(lambda n, tool_s, model_s: (n + 1) * model_s + n * tool_s)),
        Variant("first turn, then a call and a turn each", _f(lambda n, t, m: m + n * (t + m))),
        Variant("a loop", _f(lambda n, t, m: sum([m] + [t + m for _ in range(n)]))),
        Variant("fractions", _f(lambda n, t, m: Fraction(n + 1) * Fraction(m) + Fraction(n) * Fraction(t))),
        Variant("numpy", _f(lambda n, t, m: np.float64(n + 1) * m + n * t)),
        Variant("the document's n × (tool + model)", _f(lambda n, t, m: n * (t + m)), "failed",
                says="leaves out the first turn", zh="漏掉了第一个轮次"),
        Variant("n + 2 turns", _f(lambda n, t, m: (n + 2) * m + n * t), "failed", says="one model turn too many",
                zh="多算了一个模型轮次"),
        Variant("n + 1 tools", _f(lambda n, t, m: (n + 1) * (t + m)), "failed", says="one tool call too many",
                zh="多算了一个工具调用"),
        Variant("tools only", _f(lambda n, t, m: n * t), "failed", says="left out the model turns", zh="漏掉了模型轮次"),
        Variant("all mode's formula", _f(lambda n, t, m: 2 * m + t), "failed", says="all mode's cost",
                zh="all 模式"),
        Variant("milliseconds", _f(lambda n, t, m: 1000 * ((n + 1) * m + n * t)), "failed", says="milliseconds",
                zh="毫秒"),
        Variant("a string", _f(lambda n, t, m: f"{(n + 1) * m + n * t} s"), "failed", says="Return a number",
                zh="返回一个秒数"),
        Variant("called, not passed", lambda: 5.0, "failed", says="without calling it", zh="不要调用它"),
    ],
    "02.answer-every-call": [
        Variant("the solution", _f(_messages(_msg))),
        Variant("with the name", _f(_messages(lambda c, r: _msg(c, r, name=c["function"]["name"])))),
        Variant("reversed order", _f(lambda m, r: list(reversed(_messages(_msg)(m, r))))),
        Variant("a generator", _f(lambda m, r: (_msg(c, r) for c in m["tool_calls"]))),
        Variant("only the first call", _f(lambda m, r: [_msg(m["tool_calls"][0], r)]), "failed",
                says="every tool_call_id needs exactly one tool message", zh="每个 tool_call_id"),
        Variant("one dict", _f(lambda m, r: _msg(m["tool_calls"][0], r)), "failed", says="you returned one message",
                zh="一条消息（一个字典）"),
        Variant("role user", _f(_messages(lambda c, r: {**_msg(c, r), "role": "user"})), "failed",
                says="role 'tool'", zh="role 都应当是 'tool'"),
        Variant("arguments decoded", _f(_messages(lambda c, r: {**_msg(c, r), "content": r(
            c["function"]["name"], json.loads(c["function"]["arguments"]))})), "failed",
                says="exactly as the call gave them", zh="原样"),
        Variant("a wrong name", _f(_messages(lambda c, r: _msg(c, r, name="tool"))), "failed",
                says="optional 'name' key", zh="name"),
        Variant("an extra key", _f(_messages(lambda c, r: _msg(c, r, ok=True))), "failed", says="also has",
                zh="还多了"),
        Variant("ids mixed up", _f(lambda m, r: [{**_msg(c, r), "tool_call_id": "call_a"} for c in m["tool_calls"]]),
                "failed", says="never answered", zh="call_b 一直没有回答"),
    ],
    "02.decide": [
        Variant("the solution", _f(_plan(_marker))),
        Variant("line by line", _f(_plan(lambda t: "yaml" if any(l.strip() == "format: yaml" for l in t.splitlines())
                                          else "json"))),
        Variant("a JSON string of arguments", _f(lambda res: [ToolCall(id="parse", name="parse", arguments=json.dumps(
            {"text": res["read"], "format": _marker(res["read"])}))])),
        Variant("a tuple", _f(lambda res: tuple(_plan(_marker)(res)))),
        Variant("the first line only", _f(_plan(lambda t: "yaml" if t.startswith("format: yaml") else "json")),
                "failed", says="may be on any line", zh="任何一行"),
        Variant("the word alone", _f(_plan(lambda t: "yaml" if "yaml" in t else "json")), "failed",
                says="word 'yaml' alone", zh="'yaml' 这个词"),
        Variant("capitals", _f(_plan(lambda t: _marker(t).upper())), "failed", says="lowercase", zh="小写"),
        Variant("another key", _f(lambda res: [ToolCall(id="parse", name="parse",
                                                        arguments={"text": res["read"], "fmt": _marker(res["read"])})]),
                "failed", says="two arguments, 'text' and 'format'", zh="两个参数"),
        Variant("another id", _f(_plan(_marker, id="p1")), "failed", says="id='parse'", zh="id='parse'"),
        Variant("a bare ToolCall", _f(lambda res: _plan(_marker)(res)[0]), "failed", says="return a batch",
                zh="批"),
        Variant("the text left out", _f(lambda res: [ToolCall(id="parse", name="parse",
                                                              arguments={"text": "", "format": _marker(res["read"])})]),
                "failed", says="text unchanged", zh="原样"),
        Variant("another word", _f(_plan(lambda t: "yml" if "format: yaml" in t else "json")), "failed",
                says="'yaml' or 'json'", zh="'yaml' 或 'json'"),
    ],
    "02.message-count": [
        Variant("the solution", lambda: (22, 13)),
        Variant("a list", lambda: [22, 13]),
        Variant("floats", lambda: (22.0, 13.0)),
        Variant("numpy", lambda: np.array([22, 13])),
        Variant("swapped", lambda: (13, 22), "failed", says="swapped", zh="弄反"),
        Variant("no user, no answer", lambda: (20, 13), "failed", says="left out the user's message", zh="用户消息"),
        Variant("one short", lambda: (21, 13), "failed", says="one short", zh="少了一条"),
        Variant("all one short", lambda: (22, 12), "failed", says="one short", zh="少了一条"),
        Variant("all counted like one-at-a-time", lambda: (22, 22), "failed", says="one-at-a-time count",
                zh="one-at-a-time 的条数"),
        Variant("all without user and answer", lambda: (22, 11), "failed", says="left out the user's message",
                zh="用户消息"),
        Variant("one number", lambda: 22, "failed", says="give a pair", zh="二元组"),
        Variant("half filled", lambda: (22, ...), "failed", says=r"still has `\.\.\.`", zh=r"`\.\.\.`"),
    ],
    "02.quiz": [
        Variant("int keys", lambda: {1: "b", 2: "c", 3: "b"}),
        Variant("string keys", lambda: {"1": "b", "2": "c", "3": "b"}),
        Variant("Q keys and capitals", lambda: {"Q1": "B", "Q2": "C)", "Q3": "(b)"}),
        Variant("a tuple", lambda: ("b", "c", "b")),
        Variant("left open", lambda: {"1": "b", "2": "c"}, "unattempted", says="Q3: ⏳", zh="第 3 题：⏳"),
        Variant("the rewrite's outcome", lambda: {1: "b", 2: "a", 3: "b"}, "failed", says="rewritten to hold one call",
                zh="改写"),
        Variant("n turns", lambda: {1: "b", 2: "c", 3: "a"}, "failed", says="leaves out the first turn",
                zh="第一个轮次"),
        Variant("slow calls", lambda: {1: "a", 2: "c", 3: "b"}, "failed", says="slow independent calls", zh="独立"),
        Variant("8 turns", lambda: {1: "b", 2: "c", 3: "c"}, "failed", says="not a turn of its own", zh="不算一轮"),
        Variant("works but slow", lambda: {1: "b", 2: "b", 3: "b"}, "failed", says="rejected before the model runs",
                zh="模型"),
        Variant("a set", lambda: {"b", "c"}, "failed", says="Answer with a dict", zh="字典"),
    ],
}


@pytest.mark.parametrize("exercise_id", sorted(VARIANTS))
def test_every_variant_gets_its_verdict_and_names_its_slip(exercise_id):
    assert audit(get(exercise_id), VARIANTS[exercise_id]) == []


def test_every_exercise_has_three_correct_and_five_wrong_variants():
    assert coverage(2, VARIANTS) == []
