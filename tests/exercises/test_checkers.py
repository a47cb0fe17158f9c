"""The exercise checkers: right answers pass, plausible wrong ones fail, stubs are "not attempted"."""
from __future__ import annotations

import asyncio
import importlib
import sys
import types

import pytest

import course
from course import ToolCall
from course.exercises.checkers import (NOT_ATTEMPTED, Probe, Question, Quiz, equals, exercise, is_a, measure,
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
    assert first.startswith("❌ Not yet: the calls ran one after another (at most 1 at once, 3 virtual seconds in all)")


def test_every_check_is_recorded_in_progress(monkeypatch):
    recorded = []
    fake = types.ModuleType("course.progress")
    fake.record = lambda exercise_id, passed: recorded.append((exercise_id, passed))
    monkeypatch.setitem(sys.modules, "course.progress", fake)
    gather_ex.check(concurrent_reads)
    gather_ex.check(sequential_reads)
    gather_ex.check(...)
    QUIZ.check({1: "a", 2: "b"})
    assert recorded == [("t.gather", "passed"), ("t.gather", "failed"), ("t.gather", "unattempted"),
                        ("t.quiz", "passed")]


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


# ---- the lessons' own exercises, from the bank: right answers pass, plausible wrong ones fail ----

from course.exercises.bank import everything  # noqa: E402
from course.exercises import Exercise, get  # noqa: E402

LESSON = everything()
EXERCISE_IDS = sorted(k for k, v in LESSON.items() if isinstance(v, Exercise))
QUIZ_IDS = sorted(k for k, v in LESSON.items() if isinstance(v, Quiz))
ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def _lesson_one_tools():
    """Lesson 1's bug-fix tools and its first batch (five reads, two searches)."""
    def coding_tool(name, seconds):
        async def fn(target: str) -> str:
            return f"{name} {target}: ok"
        fn.__doc__ = f"{name}."
        return course.tool(fn, latency=seconds, name=name)
    tools = [coding_tool("read_file", 0.150), coding_tool("search", 0.300)]
    investigate = [ToolCall(id=f"read_{i}", name="read_file", arguments={"target": f"m{i}.py"}) for i in range(1, 6)]
    investigate += [ToolCall(id=f"search_{i}", name="search", arguments={"target": f"p{i}"}) for i in (1, 2)]
    return {"tools": tools, "investigate": investigate}


def _lesson_one_fix():
    """Lesson 1's simulated bug fix, one call per turn and batched (0.2 s per model turn)."""
    context = _lesson_one_tools()
    def tool(name, seconds):
        async def fn(target: str) -> str:
            return "ok"
        fn.__doc__ = f"{name}."
        return course.tool(fn, latency=seconds, name=name)
    tools = context["tools"] + [tool("build", 1.5), tool("run_tests", 2.0)]
    plan = [context["investigate"], [ToolCall("build", "build", {"target": "app"})],
            [ToolCall("test", "run_tests", {"target": "tests/"})]]
    model = course.ScriptedModel(plan=plan, final="Fixed.", latency=0.2)
    return {"fix": {m: course.Agent(model=model, tools=tools, mode=m).run_sync("Fix") for m in ("one-at-a-time", "all")}}


def _lesson_three_disk():
    """Lesson 3's notes file and the two appends that lose an update in all mode."""
    disk = {"notes.md": "# Notes\n"}

    @course.tool(latency=0.5)
    async def append_line(path: str, line: str) -> str:
        """Append a line to a file (read, then write back)."""
        text = disk[path]
        await asyncio.sleep(0.5)
        disk[path] = text + line + "\n"
        return "ok"
    appends = [ToolCall(id=f"w{i}", name="append_line", arguments={"path": "notes.md", "line": f"line {i}"})
               for i in (1, 2)]
    return {"disk": disk, "append_line": append_line, "appends": appends}


def _lesson_four_steps():
    @course.tool(latency=1.0)
    async def step(what: str) -> str:
        """Do one step of the job."""
        return f"{what} done"
    return {"step_tools": [step]}


# What a solution's code needs from the cells above it in its lesson.
CONTEXT = {"01.io-heavy": _lesson_one_tools, "01.turn-cost": _lesson_one_fix, "03.no-lost-update": _lesson_three_disk,
           "04.depends-on": _lesson_four_steps}


def _answer_from_solution(exercise_id):
    """Run the text `.solution()` prints; the answer is the last name it defines."""
    import ast
    text = LESSON[exercise_id].solution_text
    namespace = {"asyncio": asyncio, "course": course, "ToolCall": ToolCall,
                 **CONTEXT.get(exercise_id, dict)()}
    exec(compile(text, f"<solution of {exercise_id}>", "exec"), namespace)
    last = ast.parse(text).body[-1]
    name = last.name if isinstance(last, (ast.FunctionDef, ast.AsyncFunctionDef)) else last.targets[0].id
    return namespace[name]


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_the_printed_solution_passes(exercise_id):
    outcome = LESSON[exercise_id].evaluate(_answer_from_solution(exercise_id))
    assert outcome.passed, outcome.message


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_the_right_letters_pass_the_quiz(quiz_id):
    quiz = LESSON[quiz_id]
    assert quiz.evaluate({n: q.answer for n, q in enumerate(quiz.questions, 1)}).passed


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


def _schema_with_a_required_target(target: str, timeout: float = 60.0) -> str:
    """Run the project's tests."""
    return "ok"


_schema_with_a_required_target.__name__ = "run_tests"


def _error_anywhere(m):
    block = {"type": "tool_result", "tool_use_id": m["tool_call_id"], "content": m["content"]}
    if "Error:" in m["content"]:   # the content only has to mention it
        block["is_error"] = True
    return block


def _edit_that_keeps_a_division(results):
    line = next(l.strip() for l in results["read_discounts"].splitlines() if "rate / 100" in l)
    return [ToolCall("edit", "edit_file", {"path": "shop/discounts.py", "old": line,
                                           "new": line.replace("/ 100", "/ 10")})]


def _chained_graph():
    return [ToolCall("ra", "read_file", {"path": "small.json"}),
            ToolCall("rb", "read_file", {"path": "big.json"}, depends_on=("ra",)),   # need not wait
            ToolCall("pa", "parse", {"text": "$ra"}), ToolCall("pb", "parse", {"text": "$rb"}),
            ToolCall("report", "merge", {"a": "$pa", "b": "$pb"})]


def _guess_every_import(outputs):
    return [ToolCall(f"g_{m}", "read_file", {"path": f"shop/{m}.py"}) for m in ("catalog", "config", "discounts")]


# One plausible wrong answer per exercise (callables marked with `lambda: ...` are built at test time).
WRONG = {
    "01.sort-tools": {"read src/app.py and src/db.py": "batch", "grep for two patterns": "batch",
                      "lint two packages": "batch", "edit app.py, then run its tests": "batch",
                      "write config.json, then read it back": "chain", "list the tests/ folder": "batch"},
    "01.serial-total": (6.5, 7.5),                                   # the document's stated total
    "01.io-heavy": lambda: _three_reads_trace("one-at-a-time"),      # a serial trace
    "01.turn-cost": 1.5,                                             # the nearest value tried in steps of 0.1
    "02.cost-formula": lambda: lambda n, tool_s, model_s: n * (tool_s + model_s),  # forgets the planning turn
    "02.answer-every-call": lambda: lambda msg, run: [{"role": "tool", "tool_call_id": msg["tool_calls"][0]["id"],
                                                       "content": run(msg["tool_calls"][0]["function"]["name"],
                                                                      msg["tool_calls"][0]["function"]["arguments"])}],
    "02.message-count": (22, 12),                                    # forgets the final answer in all mode
    "02.decide": lambda: lambda results: [ToolCall(id="parse", name="parse",
                                                   arguments={"text": results["read"], "format": "json"})],
    "03.gather": lambda: _serial_read_all,
    "03.keep-siblings": lambda: _serial_read_all,
    "03.no-lost-update": "# Notes\nline 2\n",                        # the lost update
    "03.slow-tools": 1.0,                                            # the lesson's own tools
    "04.depends-on": lambda: _hybrid_without_dependencies(),
    "04.levels": lambda: lambda deps: [list(deps)],                  # one wave for everything
    "04.critical-path": 1.0 + 3.0 + 3.0 + 4.0,                       # sums every call
    "05.mark-unsafe": lambda: _unmarked_append_log(),
    "05.cap": lambda: lambda read, paths, limit: asyncio.gather(*(read(p) for p in paths)),
    "06.schema": lambda: _schema_with_a_required_target,
    "06.answer-every-call": lambda: lambda msg, outputs: [{"role": "tool", "tool_call_id": msg["tool_calls"][0]["id"],
                                                          "content": outputs[msg["tool_calls"][0]["id"]]}],
    "06.anthropic": lambda: _error_anywhere,
    "07.predict": lambda: lambda per_turn: round(4 * per_turn + 0.15 + 0.3 + 1.5 + 2.0, 6),  # no final turn
    "07.edit-step": lambda: _edit_that_keeps_a_division,
    "07.amdahl": lambda: lambda p, n: n * p,
    "08.dag": lambda: _chained_graph(),
    "08.predictor": lambda: _guess_every_import,
}


def _banked(name):
    """What every bank module may add for its own exercises: WRONG_EXAMPLES (id -> a wrong answer, or a
    zero-argument factory named "<lambda>" that builds one) and SOLUTION_CONTEXT (id -> a factory of the
    notebook names its printed solution needs)."""
    import importlib
    from course.exercises.bank import LESSONS
    merged = {}
    for lesson in LESSONS:
        merged.update(getattr(importlib.import_module(f"course.exercises.bank.{lesson}"), name, {}))
    return merged


# Exercises added by other lessons' authors, until their bank modules carry WRONG_EXAMPLES themselves.
WRONG.update({
    "04.explore-unordered": 3,                                        # forgets the first and last turns
    "05.explore-cap": 2.5,                                            # assumes a slot is refilled at once
    "05.runner-knobs": {"stream": True, "eager": True, "max_concurrent_calls": 2},  # the default cap
    "06.trim-history": lambda: lambda messages, max_messages: messages[-max_messages:],  # drops the system message
    "08.explore-arrival": 1.0,
    "08.program": 'names = lines(read_file(path="index.txt"))\nreturn [n for n in names if "TODO" in read_file(path=n)]',
})
WRONG.update(_banked("WRONG_EXAMPLES"))
CONTEXT.update({k: v for k, v in _banked("SOLUTION_CONTEXT").items() if k not in CONTEXT})


def test_every_lesson_exercise_has_a_wrong_answer_case():
    assert EXERCISE_IDS and set(EXERCISE_IDS) == set(WRONG), sorted(set(EXERCISE_IDS) ^ set(WRONG))


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_lesson_exercise_rejects_a_plausible_wrong_answer(exercise_id):
    wrong = WRONG[exercise_id]
    answer = wrong() if callable(wrong) and getattr(wrong, "__name__", "") == "<lambda>" else wrong
    assert LESSON[exercise_id].evaluate(answer).status == "failed"


def _lesson_stub_kinds():
    """For each exercise, how its stub cell in lessons/ hands over the answer: "value",
    "function" or "async function" (a function whose body is `raise NotImplementedError`)."""
    import re
    import nbformat
    kinds = {}
    for path in sorted((ROOT / "lessons").glob("0[1-9]_*.ipynb")):
        names = {}
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type != "code":
                continue
            names.update(re.findall(r'^(\w+) = course\.exercises\.get\("([^"]+)"\)', cell.source, re.M))
            for var in re.findall(r"^(\w+)\.check\(", cell.source, re.M):
                kind = "value"
                if "raise NotImplementedError" in cell.source:
                    kind = "async function" if "async def" in cell.source else "function"
                kinds[names[var]] = kind
    return kinds


STUB_KINDS = _lesson_stub_kinds()


def _stub(kind):
    """What a learner's untouched cell hands the checker."""
    if kind == "function":
        def stub(*args, **kwargs):
            raise NotImplementedError  # your code here
        return stub
    if kind == "async function":
        async def astub(*args, **kwargs):
            raise NotImplementedError  # your code here
        return astub
    return ...


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_lesson_exercise_stub_is_not_attempted(exercise_id):
    for stub in {_stub(STUB_KINDS[exercise_id]), ...}:
        assert LESSON[exercise_id].evaluate(stub).status == "unattempted", stub


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_lesson_quiz_stub_is_not_attempted(quiz_id):
    stub = {n: ... for n in range(1, len(LESSON[quiz_id].questions) + 1)}
    assert LESSON[quiz_id].evaluate(stub).status == "unattempted"


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_lesson_quiz_rejects_all_a(quiz_id):
    quiz = LESSON[quiz_id]
    answers = {n: "a" for n in range(1, len(quiz.questions) + 1)}
    assert quiz.evaluate(answers).status == "failed"


def test_every_lesson_has_a_quiz_and_every_exercise_a_hint_and_a_solution():
    assert QUIZ_IDS == [f"{n:02d}.quiz" for n in range(1, 9)]
    for exercise_id in EXERCISE_IDS:
        ex = LESSON[exercise_id]
        assert ex.hint_text and ex.solution_text, exercise_id


def test_hint_and_solution_print_the_banks_text(capsys):
    ex = get("03.gather")
    ex.hint()
    ex.solution()
    assert capsys.readouterr().out == f"💡 Hint: {ex.hint_text}\nSolution:\n{ex.solution_text}\n"


def test_unknown_ids_are_explained():
    with pytest.raises(KeyError, match="03.gather"):
        get("03.gahter")
    with pytest.raises(KeyError, match="no lesson"):
        get("42.gather")


def test_the_notebooks_fetch_every_banked_exercise_once():
    import re
    import nbformat
    fetched = []
    for path in sorted((ROOT / "solutions").glob("0[1-9]_*.ipynb")):
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type == "code":
                ids = re.findall(r'course\.exercises\.get\("([^"]+)"\)', cell.source)
                assert all(i.startswith(path.name[:2] + ".") for i in ids), (path.name, ids)
                fetched += ids
    assert sorted(fetched) == sorted(LESSON), sorted(set(fetched) ^ set(LESSON))
