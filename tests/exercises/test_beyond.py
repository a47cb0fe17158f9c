"""Lessons 4, 5 and 8's explorations and the openai SDK's runner,
attacked as learners attack them: the bank's solution and answers written differently pass,
plausible wrong answers fail with a message that names the mistake."""
from __future__ import annotations

import re

import pytest

import course
from course import ToolCall
from course.exercises import get


def passes(exercise_id, answer):
    outcome = get(exercise_id).evaluate(answer)
    assert outcome.passed, outcome.message


def fails(exercise_id, answer, *words):
    outcome = get(exercise_id).evaluate(answer)
    assert outcome.status == "failed", outcome.message
    for word in words:
        assert re.search(word, outcome.message), (word, outcome.message)


def solution_of(exercise_id, name):
    namespace = {"ToolCall": ToolCall, "course": course}
    exec(get(exercise_id).solution_text, namespace)
    return namespace[name]


# ---- 08.predictor and 08.program: see test_lesson08.py, which audits them in both languages -----------


# ---- 05.runner-knobs: the openai SDK runner's real options -----------------------------------------

def test_runner_knobs_solution_and_other_right_answers_pass():
    passes("05.runner-knobs", solution_of("05.runner-knobs", "options"))
    passes("05.runner-knobs", dict(eager=True, stream=True, max_concurrent_calls=8))
    passes("05.runner-knobs", {"max_concurrent_calls": 6, "eager": 1, "stream": 1})


@pytest.mark.parametrize("options, words", [
    ({"max_concurrent_calls": 6}, ["one after another", "eagerly"]),
    ({"stream": True, "eager": True}, ["at most 2 reads ran at once", "default is 2"]),
    ({"eager": True, "max_concurrent_calls": 6}, ["refused", "Eager execution requires streaming"]),
    ({"stream": True, "max_concurrent_calls": 6}, ["one after another"]),
    ({"parallel_tool_calls": True}, ["not an option of the runner"]),
    ("eager", ["a dict"]),
])
def test_runner_knobs_wrong_answers_name_the_trap(options, words):
    fails("05.runner-knobs", options, *words)


# ---- 08.explore-arrival: the break-even cost of a turn ---------------------------------------------

def test_break_even_right_answers_pass():
    passes("08.explore-arrival", 1.25)
    passes("08.explore-arrival", 5 / 4)
    passes("08.explore-arrival", (0.5 + 3 + 1.2 - 1.0 - 1.2) / 2)


@pytest.mark.parametrize("answer, words", [(0.85, ["waits for the docs turn", "Raise per_turn"]),
                                           (2.0, ["already answers later"]), (0.3, ["still answers sooner"]),
                                           ("1.25", ["a number"])])
def test_break_even_wrong_answers_fail(answer, words):
    fails("08.explore-arrival", answer, *words)


# ---- 05.explore-cap and 04.explore-unordered: the explorations' checked questions ------------------

def test_explore_cap_right_answers_pass_and_wrong_ones_name_the_mistake():
    passes("05.explore-cap", solution_of("05.explore-cap", "makespan_cap_4"))
    passes("05.explore-cap", 3)
    passes("05.explore-cap", 0.5 * 2 + 6 // 4 * 1.0 + 1.0)
    fails("05.explore-cap", 2.5, "leaves out the last model turn")  # groups or a sliding window: 3 s either way
    fails("05.explore-cap", 2.0, "count the groups")                # as if all six ran at once
    fails("05.explore-cap", "3 s", "a number")


def test_explore_unordered_right_answers_pass_and_wrong_ones_name_the_mistake():
    passes("04.explore-unordered", solution_of("04.explore-unordered", "turns_for_10_files"))
    passes("04.explore-unordered", 5)
    passes("04.explore-unordered", 5.0)
    fails("04.explore-unordered", 2, "what hybrid needs")
    fails("04.explore-unordered", 11, "one turn per call")
    fails("04.explore-unordered", 14, "one turn per call")
