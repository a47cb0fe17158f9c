"""The exercise checkers: right answers pass, plausible wrong ones fail, stubs are "not attempted"."""
from __future__ import annotations

import asyncio
import importlib
import sys
import types

import pytest

import course
from course import ToolCall
from course.exercises import (NOT_ATTEMPTED, Probe, Question, Quiz, equals, exercise, is_a, measure,
                              no_placeholders, returns, runs_concurrently, same_keys_values, satisfies,
                              trace_metrics)

PATHS = ["a.txt", "b.txt", "c.txt"]
CONTENTS = [f"result of {p}" for p in PATHS]
gather_ex = exercise("t.gather", runs_concurrently(lambda read: (read, PATHS), expected=CONTENTS,
                                                   elapsed=1.0, peak=3),
                     hint="asyncio.gather", solution="return list(await asyncio.gather(...))")


async def concurrent_reads(read, paths):
    return list(await asyncio.gather(*(read(p) for p in paths)))


async def sequential_reads(read, paths):
    return [await read(p) for p in paths]


async def first_only(read, paths):
    return [await read(paths[0])]


async def stubbed(read, paths):
    raise NotImplementedError  # your code here


def test_concurrent_answer_passes():
    assert gather_ex.evaluate(concurrent_reads).passed


def test_sequential_loop_is_rejected_where_concurrency_was_asked():
    outcome = gather_ex.evaluate(sequential_reads)
    assert outcome.status == "failed" and "one after another" in outcome.message


def test_answering_only_the_first_call_is_rejected():
    outcome = gather_ex.evaluate(first_only)
    assert outcome.status == "failed" and "returned" in outcome.message


def test_results_out_of_order_are_rejected():
    async def reversed_reads(read, paths):
        return list(reversed(await asyncio.gather(*(read(p) for p in paths))))
    assert gather_ex.evaluate(reversed_reads).status == "failed"


@pytest.mark.parametrize("stub", [..., None, NotImplemented, stubbed])
def test_stubs_are_not_attempted_and_do_not_raise(stub, capsys):
    gather_ex.check(stub)
    assert capsys.readouterr().out.strip() == NOT_ATTEMPTED


def test_calling_the_function_instead_of_passing_it_is_explained():
    outcome = gather_ex.evaluate(concurrent_reads(Probe(), PATHS))
    assert outcome.status == "failed" and "without calling it" in outcome.message


def test_learner_code_that_crashes_fails_with_its_error_not_a_traceback():
    async def crashes(read, paths):
        raise KeyError("oops")
    outcome = gather_ex.evaluate(crashes)
    assert outcome.status == "failed" and "KeyError" in outcome.message


def test_wrong_numbers_are_rejected_and_right_ones_accepted():
    ex = exercise("t.number", equals(5.0))
    assert ex.evaluate(5.0).passed and ex.evaluate(5).passed
    assert ex.evaluate(4.5).status == "failed"          # the documents' 4.5 s, for instance
    assert ex.evaluate("5.0").status == "failed"        # a string is not a number
    assert exercise("t.exact", equals({"a", "b"})).evaluate({"a"}).status == "failed"


def test_type_and_predicate_checks():
    ex = exercise("t.pred", is_a(int), satisfies(lambda x: x > 2, "should be more than 2"))
    assert ex.evaluate(3).passed
    assert "more than 2" in ex.evaluate(1).message
    assert "should be a int" in ex.evaluate(3.5).message


def test_dict_answers_report_missing_and_wrong_entries():
    ex = exercise("t.dict", no_placeholders(), same_keys_values({"read": "parallel", "edit": "serial"}))
    assert ex.evaluate({"read": "parallel", "edit": "serial"}).passed
    assert ex.evaluate({"read": ..., "edit": ...}).status == "unattempted"
    assert "still has `...`" in ex.evaluate({"read": "parallel", "edit": ...}).message
    assert "1 of 2 are wrong" in ex.evaluate({"read": "parallel", "edit": "parallel"}).message
    assert "missing" in ex.evaluate({"read": "parallel"}).message


def _three_reads_trace(mode):
    @course.tool(latency=1.0)
    async def read_file(path: str) -> str:
        """Read a file."""
        return path
    calls = [ToolCall(id=f"c{i}", name="read_file", arguments={"path": p}) for i, p in enumerate(PATHS)]
    return course.Agent(course.ScriptedModel([calls], latency=0.5), [read_file], mode=mode).run_sync("go")


def test_trace_checks_accept_the_concurrent_run_and_reject_the_serial_one():
    ex = exercise("t.trace", trace_metrics(makespan=2.0, llm_calls=2, min_concurrency=3))
    assert ex.evaluate(_three_reads_trace("all")).passed
    assert "model round-trips" in ex.evaluate(_three_reads_trace("one-at-a-time")).message
    assert "at most 1 call(s) ran at once" in ex.evaluate(_three_reads_trace("sequential")).message
    assert "should be the Trace" in ex.evaluate(2.0).message


def test_concurrency_caps_are_enforced():
    ex = exercise("t.cap", runs_concurrently(lambda read: (read, PATHS), expected=CONTENTS, elapsed=2.0))
    async def capped(read, paths):
        sem = asyncio.Semaphore(2)
        async def one(p):
            async with sem:
                return await read(p)
        return list(await asyncio.gather(*(one(p) for p in paths)))
    assert ex.evaluate(capped).passed
    assert ex.evaluate(concurrent_reads).status == "failed"  # 1 s: the cap was ignored


def test_returns_checks_every_case():
    ex = exercise("t.returns", returns([((1,), 2), ((3,), 6)], what="double"))
    assert ex.evaluate(lambda x: 2 * x).passed
    assert "double(3) returned 4" in ex.evaluate(lambda x: x + 1).message


def test_measure_runs_on_the_virtual_clock():
    probe = Probe(latency={"slow": 3.0, "fast": 1.0})
    got = measure(concurrent_reads, probe, ["slow", "fast"])
    assert got.elapsed == 3.0 and probe.peak == 2 and got.value == ["result of slow", "result of fast"]


def test_probe_failures_raise_inside_the_learners_code():
    async def keep_siblings(read, paths):
        results = await asyncio.gather(*(read(p) for p in paths), return_exceptions=True)
        return [r if isinstance(r, str) else "error" for r in results]
    got = measure(keep_siblings, Probe(fail={"b.txt"}), PATHS)
    assert got.value == ["result of a.txt", "error", "result of c.txt"]


QUIZ = Quiz("t.quiz", [Question("2+2?", {"a": "4", "b": "5"}, "a", "arithmetic"),
                       Question("Blue?", {"a": "no", "b": "yes"}, "b")])


def test_quiz_accepts_right_letters_in_any_case():
    assert QUIZ.evaluate({1: "A", 2: " b "}).passed


def test_quiz_rejects_a_wrong_letter_and_reports_unanswered():
    outcome = QUIZ.evaluate({1: "b", 2: ...})
    assert outcome.status == "failed"
    assert "Q1: ❌" in outcome.message and "Q2: ⏳ not answered yet" in outcome.message


def test_quiz_stub_is_not_attempted(capsys):
    QUIZ.check({1: ..., 2: ...})
    assert "Not attempted yet" in capsys.readouterr().out


def test_output_is_deterministic(capsys):
    gather_ex.check(sequential_reads)
    first = capsys.readouterr().out
    gather_ex.check(sequential_reads)
    assert capsys.readouterr().out == first
    assert first.startswith("❌ Not yet: the calls ran one after another (at most 1 at once, 3 s in all)")


def test_every_check_is_recorded_in_progress(monkeypatch):
    recorded = []
    fake = types.ModuleType("course.progress")
    fake.record = lambda exercise_id, passed: recorded.append((exercise_id, passed))
    monkeypatch.setitem(sys.modules, "course.progress", fake)
    gather_ex.check(concurrent_reads)
    gather_ex.check(sequential_reads)
    gather_ex.check(...)
    QUIZ.check({1: "a", 2: "b"})
    assert recorded == [("t.gather", True), ("t.gather", False), ("t.gather", False), ("t.quiz", True)]


def test_a_missing_or_broken_progress_module_never_breaks_a_check(monkeypatch, capsys):
    broken = types.ModuleType("course.progress")
    def record(exercise_id, passed):
        raise OSError("read-only file system")
    broken.record = record
    monkeypatch.setitem(sys.modules, "course.progress", broken)
    gather_ex.check(concurrent_reads)
    monkeypatch.setitem(sys.modules, "course.progress", None)  # import now raises ImportError
    gather_ex.check(concurrent_reads)
    assert capsys.readouterr().out.count("✅ Correct!") == 2


def test_hint_and_solution_print(capsys):
    gather_ex.hint()
    gather_ex.solution()
    out = capsys.readouterr().out
    assert "💡 Hint: asyncio.gather" in out and "Solution:\nreturn list" in out


def test_pairs_of_numbers_are_compared_within_tolerance():
    ex = exercise("t.range", equals((6.35, 7.35)))
    assert ex.evaluate((1.5 + 0.75 + 0.6 + 1.5 + 2.0, 2.5 + 0.75 + 0.6 + 1.5 + 2.0)).passed
    assert "value 1 is 6.5" in ex.evaluate((6.5, 7.5)).message   # the document's own total
    assert "should be 2 numbers" in ex.evaluate(6.35).message


def test_returns_compares_floats_within_tolerance():
    ex = exercise("t.formula", returns([((5, 0.15, 0.2), 1.95)]))
    assert ex.evaluate(lambda n, t, m: (n + 1) * m + n * t).passed
    assert ex.evaluate(lambda n, t, m: n * (t + m)).status == "failed"   # the document's count


# ---- the lessons' own exercises: each rejects a plausible wrong answer ---------------------

def _lesson_exercises():
    """Every exercise and quiz defined in the solutions/ notebooks (cells tagged "exercise")."""
    import nbformat
    from pathlib import Path
    from course.exercises import Exercise, Quiz as _Quiz
    found = {}
    for path in sorted((Path(__file__).resolve().parent.parent / "solutions").glob("0[1-5]_*.ipynb")):
        namespace = {"asyncio": asyncio, "course": course, "ToolCall": ToolCall}
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type == "code" and "exercise" in cell.metadata.get("tags", []):
                exec(cell.source, namespace)
        found.update({v.id: v for v in namespace.values() if isinstance(v, (Exercise, _Quiz))})
    return found


LESSON = _lesson_exercises()


async def _serial_read_all(read, paths, *rest):
    return [await read(p) for p in paths]


def _unmarked_append_log():
    async def append_log(line: str) -> str:
        """Append a line."""
        return "ok"
    return course.tool(append_log, latency=0.5)


def _hybrid_without_dependencies():
    @course.tool(latency=1.0)
    async def step(what: str) -> str:
        """Do one step."""
        return what
    batch = [ToolCall(id=i, name="step", arguments={"what": i}) for i in ("read_a", "read_b", "combine", "publish")]
    return course.execute(batch, tools=[step], mode="hybrid")


WRONG = {
    "01.sort-tools": {"read src/app.py and src/db.py": "batch", "grep for two patterns": "batch",
                      "lint two packages": "batch", "edit app.py, then run its tests": "batch",
                      "write config.json, then read it back": "chain", "list the tests/ folder": "batch"},
    "01.serial-total": (6.5, 7.5),                                   # the document's stated total
    "01.io-heavy": None,                                             # replaced below by a serial trace
    "02.cost-formula": lambda n, tool_s, model_s: n * (tool_s + model_s),   # forgets the planning turn
    "02.answer-every-call": lambda msg, run: [{"role": "tool", "tool_call_id": msg["tool_calls"][0]["id"],
                                               "content": run(msg["tool_calls"][0]["function"]["name"],
                                                              msg["tool_calls"][0]["function"]["arguments"])}],
    "02.decide": lambda results: [ToolCall(id="parse", name="parse",
                                           arguments={"text": results["read"], "format": "json"})],
    "03.gather": _serial_read_all,
    "03.keep-siblings": _serial_read_all,
    "03.no-lost-update": "# Notes\nline 2\n",                        # the lost update
    "04.depends-on": None,                                           # replaced below
    "04.levels": lambda deps: [list(deps)],                          # one wave for everything
    "04.critical-path": 1.0 + 3.0 + 3.0 + 4.0,                       # sums every call
    "05.mark-unsafe": None,                                          # replaced below
    "05.cap": lambda read, paths, limit: asyncio.gather(*(read(p) for p in paths)),
}


def test_every_lesson_exercise_has_a_wrong_answer_case():
    exercises = {k for k in LESSON if not k.endswith(".quiz")}
    assert exercises and exercises == set(WRONG), sorted(exercises ^ set(WRONG))


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_lesson_exercise_rejects_a_plausible_wrong_answer(exercise_id):
    wrong = WRONG[exercise_id]
    if exercise_id == "01.io-heavy":
        wrong = _three_reads_trace("one-at-a-time")
    elif exercise_id == "04.depends-on":
        wrong = _hybrid_without_dependencies()
    elif exercise_id == "05.mark-unsafe":
        wrong = _unmarked_append_log()
    assert LESSON[exercise_id].evaluate(wrong).status == "failed"


@pytest.mark.parametrize("exercise_id", sorted(LESSON))
def test_lesson_exercise_stub_is_not_attempted(exercise_id):
    stub = {i: ... for i in range(1, 6)} if exercise_id.endswith(".quiz") else ...
    assert LESSON[exercise_id].evaluate(stub).status == "unattempted"


@pytest.mark.parametrize("quiz_id", sorted(k for k in LESSON if k.endswith(".quiz")))
def test_lesson_quiz_rejects_all_a(quiz_id):
    quiz = LESSON[quiz_id]
    answers = {n: "a" for n in range(1, len(quiz.questions) + 1)}
    assert quiz.evaluate(answers).status == "failed"
