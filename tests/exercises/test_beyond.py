"""Lessons 5 and 8's exercises on programmatic tool calling, speculation and the openai SDK's runner,
attacked as learners attack them: the bank's solution and answers written differently pass,
plausible wrong answers fail with a message that names the mistake."""
from __future__ import annotations

import re

import pytest

import course
from course import ToolCall
from course.coding.sandbox import Sandbox
from course.exercises import get

IMPORT = re.compile(r"^from shop\.(\w+) import", re.M)


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


# ---- 08.predictor: guess from what was read ---------------------------------------------------

def imports_of_every_file_read(outputs):
    found = {m for text in outputs.values() for m in IMPORT.findall(str(text))}
    return [ToolCall(f"guess_{m}", "read_file", {"path": f"shop/{m}.py"}) for m in sorted(found)]


def imports_not_yet_guessed(outputs):
    wanted = []
    for text in outputs.values():
        for module in IMPORT.findall(str(text)):
            path = f"shop/{module}.py"
            if path not in wanted:
                wanted.append(path)
    return [ToolCall("g" + str(i), "read_file", {"path": p}) for i, p in enumerate(wanted)]


def replay_the_first_plan(outputs):
    if "read_2" in outputs:
        return [ToolCall("g_config", "read_file", {"path": "shop/config.py"})]
    if "read_1" in outputs:
        return [ToolCall("g_discounts", "read_file", {"path": "shop/discounts.py"})]
    return []


def guess_every_file(outputs):
    with Sandbox() as box:
        files = box.files("shop")
    return [ToolCall(f"g_{p}", "read_file", {"path": p}) for p in files]


def test_predictor_solution_and_principled_guessers_pass():
    passes("08.predictor", solution_of("08.predictor", "predict"))
    passes("08.predictor", imports_of_every_file_read)
    passes("08.predictor", imports_not_yet_guessed)


def test_predictor_replaying_the_plan_or_guessing_everything_fails():
    fails("08.predictor", replay_the_first_plan, "receipt → cart → discounts", "not from a fixed plan")
    fails("08.predictor", guess_every_file, "never used", "guess fewer files")
    fails("08.predictor", lambda outputs: [], "0 of the 2 later reads")


# ---- 08.program: a program that keeps the contents to itself --------------------------------------

LOOP = """
names = lines(await read_file(path="index.txt"))
texts = await gather(*[read_file(path=name) for name in names])
found = []
for name, text in zip(names, texts):
    if "TODO" in text:
        found = found + [name]
return found
"""
INDEXED = """
listed = split(read_file(path='index.txt'), "\\n")
contents = gather([read_file(path=p) for p in listed])
return [listed[i] for i in range(len(listed)) if "TODO" in contents[i]]
"""
SERIAL = """
names = lines(read_file(path="index.txt"))
found = []
for name in names:
    if "TODO" in read_file(path=name):
        found = found + [name]
return found
"""
RETURNS_TEXTS = """
names = lines(read_file(path="index.txt"))
return [t for t in gather([read_file(path=n) for n in names]) if "TODO" in t]
"""
HARD_CODED = """
texts = gather(read_file(path="a.md"), read_file(path="b.md"), read_file(path="c.md"), read_file(path="d.md"))
return ["b.md", "d.md"]
"""


def test_program_solution_and_differently_written_programs_pass():
    passes("08.program", solution_of("08.program", "program"))
    passes("08.program", LOOP)
    passes("08.program", INDEXED)


@pytest.mark.parametrize("code, words", [
    (SERIAL, ["one after another", "gather"]),
    (RETURNS_TEXTS, ["returned file contents"]),
    (HARD_CODED, ["read index.txt once"]),
    ("import os\nreturn os.listdir('.')", ["`import` is not available"]),
    ("names = lines(read_file(path='index.txt'))\nreturn [n for n in names if 'TODO' in open(n)]", ["no tool or helper named 'open'"]),
])
def test_program_wrong_answers_fail_with_the_mistake_named(code, words):
    fails("08.program", code, *words)


def test_program_must_be_text():
    fails("08.program", lambda: None, "a string")


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


@pytest.mark.parametrize("answer, words", [(0.85, ["web result waits", "Raise per_turn"]),
                                           (2.0, ["already answers later"]), (0.3, ["still answers sooner"]),
                                           ("1.25", ["a number"])])
def test_break_even_wrong_answers_fail(answer, words):
    fails("08.explore-arrival", answer, *words)


# ---- 05.explore-cap and 04.explore-unordered: the explorations' checked questions ------------------

def test_explore_cap_right_answers_pass_and_wrong_ones_name_the_mistake():
    passes("05.explore-cap", solution_of("05.explore-cap", "makespan_cap_4"))
    passes("05.explore-cap", 3)
    passes("05.explore-cap", 0.5 * 2 + 6 // 4 * 1.0 + 1.0)
    fails("05.explore-cap", 2.5, "waits for the whole group")      # a sliding window, as the course's cap
    fails("05.explore-cap", 2.0, "count the groups")                # as if all six ran at once
    fails("05.explore-cap", "3 s", "a number")


def test_explore_unordered_right_answers_pass_and_wrong_ones_name_the_mistake():
    passes("04.explore-unordered", solution_of("04.explore-unordered", "turns_for_10_files"))
    passes("04.explore-unordered", 5)
    passes("04.explore-unordered", 5.0)
    fails("04.explore-unordered", 2, "what hybrid needs")
    fails("04.explore-unordered", 11, "one turn per call")
    fails("04.explore-unordered", 14, "one turn per call")
