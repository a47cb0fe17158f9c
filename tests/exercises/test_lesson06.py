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
