"""Lesson 6's exercises, attacked: the bank's solution, correct answers written differently, real mistakes."""
from __future__ import annotations

import pytest

import course.exercises as ex
from course.models.history import trim_history


def _solution(exercise_id: str):
    namespace: dict = {}
    exec(ex.get(exercise_id).solution_text, namespace)  # the printed solution, as a learner would paste it
    return next(v for k, v in namespace.items() if callable(v) and not k.startswith("__"))


def _verdict(exercise_id: str, answer) -> str:
    return ex.get(exercise_id).evaluate(answer).message


def answer_in_reverse(assistant, outputs):
    return [{"role": "tool", "tool_call_id": c["id"], "content": outputs[c["id"]]}
            for c in reversed(assistant["tool_calls"])]


def answer_with_names(assistant, outputs):
    out = []
    for call in assistant["tool_calls"]:
        out.append({"role": "tool", "tool_call_id": call["id"], "name": call["function"]["name"],
                    "content": outputs[call["id"]]})
    return out


def answer_only_first(assistant, outputs):
    first = assistant["tool_calls"][0]["id"]
    return [{"role": "tool", "tool_call_id": first, "content": outputs[first]}]


def answer_by_position(assistant, outputs):
    texts = list(outputs.values())[::-1]
    return [{"role": "tool", "tool_call_id": c["id"], "content": texts[i]} for i, c in enumerate(assistant["tool_calls"])]


def answer_twice(assistant, outputs):
    return [{"role": "tool", "tool_call_id": c["id"], "content": outputs[c["id"]]}
            for c in assistant["tool_calls"] * 2]


@pytest.mark.parametrize("answer", [_solution("06.answer-every-call"), answer_in_reverse, answer_with_names])
def test_every_correct_way_to_answer_every_call_passes(answer):
    assert _verdict("06.answer-every-call", answer).startswith("✅")


@pytest.mark.parametrize("answer, mistake", [
    (answer_only_first, "call_2, call_3 got no answer"),
    (answer_by_position, "the answer to call_1 should carry that call's output"),
    (answer_twice, "is answered twice"),
])
def test_answer_every_call_names_the_mistake(answer, mistake):
    assert mistake in _verdict("06.answer-every-call", answer)


def trim_walking_back(messages, max_messages):
    system, rest = messages[:1], messages[1:]
    start = len(rest)
    while start > 0 and (rest[start - 1]["role"] == "tool" or len(rest) - (start - 1) <= max_messages):
        start -= 1
    while start < len(rest) and rest[start]["role"] == "tool":
        start += 1
    if start == len(rest):
        start = max(i for i, m in enumerate(rest) if m["role"] != "tool")
    return system + rest[start:]


@pytest.mark.parametrize("answer", [_solution("06.trim-history"), trim_history, trim_walking_back])
def test_every_safe_trim_passes(answer):
    assert _verdict("06.trim-history", answer).startswith("✅")


@pytest.mark.parametrize("answer, mistake", [
    (lambda m, n: m[:1] + m[1:][-n:], "protocols refuse the result"),
    (lambda m, n: m[:1] + [x for x in m[1:] if x["role"] != "tool"][-n:], "protocols refuse the result"),
    (lambda m, n: m[-n:], "the system message is gone"),
    (lambda m, n: m, "you kept 12 messages"),
])
def test_unsafe_trims_are_refused_with_the_reason(answer, mistake):
    assert mistake in _verdict("06.trim-history", answer)


def result_block_with_get(m):
    block = {"type": "tool_result", "tool_use_id": m.get("tool_call_id"), "content": m.get("content")}
    return {**block, "is_error": True} if str(m.get("content")).startswith("Error:") else block


def result_block_always_flagged(m):
    return {"type": "tool_result", "tool_use_id": m["tool_call_id"], "content": m["content"],
            "is_error": m["content"].startswith("Error:")}


@pytest.mark.parametrize("answer", [_solution("06.anthropic"), result_block_with_get, result_block_always_flagged])
def test_tool_result_block_correct_answers_pass(answer):
    assert _verdict("06.anthropic", answer).startswith("✅")


@pytest.mark.parametrize("answer, mistake", [
    (lambda m: {"type": "tool_result", "tool_use_id": m["tool_call_id"], "content": m["content"],
                "is_error": "Error" in m["content"]}, "merely mentions it"),
    (lambda m: {"type": "tool_result", "tool_call_id": m["tool_call_id"], "content": m["content"]},
     "Anthropic names the call's id `tool_use_id`"),
])
def test_tool_result_block_mistakes_are_named(answer, mistake):
    assert mistake in _verdict("06.anthropic", answer)


# ---- every exercise audited in English and Chinese (course.exercises.audit) ----------------------

import course  # noqa: E402
from course.exercises.audit import Variant, audit, coverage  # noqa: E402


def _f(fn):
    return lambda: fn


def run_tests(target: str = "checks", timeout: float = 60.0) -> str:
    """Run the project's tests and report which failed."""
    return "..."


async def run_tests_async(target: str = "checks", timeout: float = 60) -> str:
    """Run the tests."""
    return "..."


def run_tests_required(target: str, timeout: float = 60.0) -> str:
    """Run the tests."""
    return "..."


def run_tests_int(target: str = "checks", timeout: int = 60) -> str:
    """Run the tests."""
    return "..."


def run_tests_undocumented(target: str = "checks", timeout: float = 60.0) -> str:
    return "..."


def run_checks(target: str = "checks", timeout: float = 60.0) -> str:
    """Run the tests."""
    return "..."


def run_tests_three(target: str = "checks", timeout: float = 60.0, verbose: bool = False) -> str:
    """Run the tests."""
    return "..."


run_tests_async.__name__ = run_tests_required.__name__ = run_tests_int.__name__ = "run_tests"
run_tests_undocumented.__name__ = run_tests_three.__name__ = "run_tests"

VARIANTS = {
    "06.schema": [
        Variant("the solution", _f(run_tests)),
        Variant("async, an int default", _f(run_tests_async)),
        Variant("already a tool", lambda: course.tool(run_tests, latency=1.0)),
        Variant("target required", _f(run_tests_required), "failed", says="default 'checks'", zh="默认值为 'checks'"),
        Variant("an int timeout", _f(run_tests_int), "failed", says="should be a float", zh="float"),
        Variant("no docstring", _f(run_tests_undocumented), "failed", says="add a docstring", zh="docstring|文档字符串"),
        Variant("another name", _f(run_checks), "failed", says="name the function run_tests", zh="run_tests"),
        Variant("a third parameter", _f(run_tests_three), "failed", says="should be target and timeout",
                zh="target"),
        Variant("called, not passed", lambda: run_tests(), "failed", says="without calling it", zh="不要调用它"),
    ],
    "06.answer-every-call": [
        Variant("the solution", lambda: _solution("06.answer-every-call")),
        Variant("in reverse", _f(answer_in_reverse)),
        Variant("with names", _f(answer_with_names)),
        Variant("only the first", _f(answer_only_first), "failed", says="call_2, call_3 got no answer", zh="call_2"),
        Variant("by position", _f(answer_by_position), "failed", says="should carry that call's output", zh="call_1"),
        Variant("twice", _f(answer_twice), "failed", says="is answered twice", zh="两"),
        Variant("one dict", _f(lambda a, o: answer_in_reverse(a, o)[0]), "failed", says="list|dict", zh="."),
        Variant("called, not passed", lambda: [], "failed", says="without calling it", zh="不要调用它"),
        Variant("no tool messages", _f(lambda a, o: []), "failed", says="got no answer", zh="."),
    ],
    "06.trim-history": [
        Variant("the solution", lambda: _solution("06.trim-history")),
        Variant("the course's trim_history", _f(trim_history)),
        Variant("walking back", _f(trim_walking_back)),
        Variant("the newest n", _f(lambda m, n: m[:1] + m[1:][-n:]), "failed", says="protocols refuse the result",
                zh="拒绝", quotes="说：.*"),
        Variant("results dropped", _f(lambda m, n: m[:1] + [x for x in m[1:] if x["role"] != "tool"][-n:]),
                "failed", says="protocols refuse the result", zh="拒绝", quotes="说：.*"),
        Variant("system dropped", _f(lambda m, n: m[-n:]), "failed", says="the system message is gone", zh="system"),
        Variant("nothing cut", _f(lambda m, n: m), "failed", says="you kept 12 messages", zh="12"),
        Variant("the newest dropped", _f(lambda m, n: m[:1]), "failed", says="latest message was dropped", zh="."),
        Variant("a tuple", _f(lambda m, n: tuple(m)), "failed", says="as a list", zh="."),
    ],
    "06.anthropic": [
        Variant("the solution", lambda: _solution("06.anthropic")),
        Variant("with get", _f(result_block_with_get)),
        Variant("is_error always there", _f(result_block_always_flagged)),
        Variant("mentions count as errors", _f(lambda m: {"type": "tool_result", "tool_use_id": m["tool_call_id"],
                                                          "content": m["content"], "is_error": "Error" in m["content"]}),
                "failed", says="merely mentions it", zh="."),
        Variant("OpenAI's id key", _f(lambda m: {"type": "tool_result", "tool_call_id": m["tool_call_id"],
                                                 "content": m["content"]}), "failed", says="tool_use_id", zh="tool_use_id"),
        Variant("no error flag", _f(lambda m: {"type": "tool_result", "tool_use_id": m["tool_call_id"],
                                               "content": m["content"]}), "failed", says="is_error: True", zh="is_error"),
        Variant("another type", _f(lambda m: {"type": "tool", "tool_use_id": m["tool_call_id"], "content": m["content"]}),
                "failed", says="'tool_result'", zh="tool_result"),
        Variant("a list", _f(lambda m: [{"type": "tool_result", "tool_use_id": m["tool_call_id"],
                                         "content": m["content"]}]), "failed", says="a dict", zh="."),
        Variant("an extra key", _f(lambda m: {"type": "tool_result", "tool_use_id": m["tool_call_id"],
                                              "content": m["content"], "role": "user"}), "failed",
                says="does not know the key", zh="role"),
    ],
    "06.quiz": [
        Variant("int keys", lambda: {1: "b", 2: "b", 3: "a", 4: "b", 5: "a", 6: "b", 7: "c"}),
        Variant("string keys", lambda: {"1": "b", "2": "b", "3": "a", "4": "b", "5": "a", "6": "b", "7": "c"}),
        Variant("a list", lambda: ["B", "b)", "a", "(b)", "a", "b", "c"]),
        Variant("left open", lambda: {"1": "b"}, "unattempted", says="Q2: ⏳", zh="第 2 题：⏳"),
        Variant("a dict of arguments", lambda: {1: "a", 2: "b", 3: "a", 4: "b", 5: "a", 6: "b", 7: "c"}, "failed",
                says="JSON string", zh="JSON"),
        Variant("only the successes", lambda: {1: "b", 2: "c", 3: "a", 4: "b", 5: "a", 6: "b", 7: "c"}, "failed",
                says="failed call", zh="失败"),
        Variant("the runtime's order", lambda: {1: "b", 2: "b", 3: "b", 4: "b", 5: "a", 6: "b", 7: "c"}, "failed",
                says="runtime's choice", zh="运行时"),
        Variant("split results", lambda: {1: "b", 2: "b", 3: "a", 4: "a", 5: "a", 6: "b", 7: "c"}, "failed",
                says="one user message", zh="user"),
        Variant("keep the newest N", lambda: {1: "b", 2: "b", 3: "a", 4: "b", 5: "a", 6: "b", 7: "a"}, "failed",
                says="separate a call from its results", zh="分开"),
    ],
}


@pytest.mark.parametrize("exercise_id", sorted(VARIANTS))
def test_every_variant_gets_its_verdict_and_names_its_slip(exercise_id):
    assert audit(ex.get(exercise_id), VARIANTS[exercise_id]) == []


def test_every_exercise_has_three_correct_and_five_wrong_variants():
    assert coverage(6, VARIANTS) == []
