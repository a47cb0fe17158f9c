"""Every exercise of lessons 1–5 and 7, attacked the way learners attack it.

For each exercise: answers written differently from the bank's solution (other ids, other names,
another order where order does not matter) must pass, and the wrong answers learners really write
must fail with a message that names the mistake — never with a traceback, and never blaming the
learner for the checker's own error.
"""
from __future__ import annotations

import asyncio
import importlib
import json
import re

import pytest

import course
from course import ToolCall
from course.exercises import get
from course.exercises.checkers import Probe, Question, Quiz, exercise, raised_in_learner_code, returns

TASKS = {"read src/app.py and src/db.py": "batch", "grep for two patterns": "batch", "lint two packages": "batch",
         "edit app.py, then run its tests": "chain", "write config.json, then read it back": "chain",
         "list the tests/ folder": "batch"}


def verdict(exercise_id, answer):
    return get(exercise_id).evaluate(answer)


def passes(exercise_id, answer):
    outcome = verdict(exercise_id, answer)
    assert outcome.passed, outcome.message


def fails(exercise_id, answer, *words):
    outcome = verdict(exercise_id, answer)
    assert outcome.status == "failed", outcome.message
    for word in words:
        assert re.search(word, outcome.message), (word, outcome.message)
    return outcome.message


# ---- the toolkit: whose error is it? -----------------------------------------------------------

def test_a_checker_calling_the_answer_wrongly_is_not_blamed_on_the_learner():
    ex = exercise("t.call", returns([((1, 2), 3)]))
    message = ex.evaluate(lambda x: x).message       # takes one argument; the checker passes two
    assert "your code raised" not in message and "could not use your answer" in message


def test_a_crash_inside_the_learners_function_is_reported_as_theirs():
    def crashes(x, y):
        return {}["missing"]
    message = exercise("t.crash", returns([((1, 2), 3)])).evaluate(crashes).message
    assert "your code raised KeyError" in message


# A check as the course writes them: it calls the learner's function and, when that fails, raises an
# error of its own, `from None` (so __cause__ is empty and the context is hidden from tracebacks).
# It is compiled under the checkers module's own file name, so its frames are the course's: the
# outer error's traceback never enters the learner's code; only its __context__ does.
_WRAPPING_CHECK = """
def wrapping_check(answer):
    try:
        answer([1, 2, 3])
    except Exception:
        raise ValueError("the checker could not read the list it got back") from None


def caught(answer):
    try:
        wrapping_check(answer)
    except ValueError as exc:
        return exc
"""


def _course_side(name):
    namespace = {}
    exec(compile(_WRAPPING_CHECK, importlib.import_module("course.exercises.checkers").__file__, "exec"), namespace)
    return namespace[name]


def test_raised_in_learner_code_walks_the_chained_exception():
    def crashes(items):  # the learner's function: it raises, the checker's wrapper re-raises its own error
        return items[10]

    exc = _course_side("caught")(crashes)
    assert isinstance(exc.__context__, IndexError) and exc.__cause__ is None and exc.__suppress_context__
    assert raised_in_learner_code(exc)  # found only by walking to __context__, where the learner's frame is
    never_entered = _course_side("caught")(lambda: None)  # TypeError at the call: no learner frame anywhere
    assert isinstance(never_entered.__context__, TypeError) and not raised_in_learner_code(never_entered)

    ex = exercise("t.wrapped", _course_side("wrapping_check"))
    assert "your code raised ValueError: the checker could not read" in ex.evaluate(crashes).message
    assert "could not use your answer" in ex.evaluate(lambda: None).message


def test_quiz_explains_a_wrong_letter_when_it_can():
    quiz = Quiz("t.q", [Question("2 + 2?", {"a": "4", "b": "5"}, "a", "arithmetic", wrong={"b": "off by one."})])
    assert "off by one." in quiz.evaluate({1: "b"}).message
    assert "arithmetic" in quiz.evaluate({1: "A"}).message


def test_quiz_reads_letters_written_with_brackets_and_names_answers_that_are_no_option():
    quiz = Quiz("t.q2", [Question("2 + 2?", {"a": "4", "b": "5"}, "a", "arithmetic")])
    assert quiz.evaluate({1: "(A)"}).passed and quiz.evaluate({1: "a)"}).passed
    assert quiz.evaluate({1: "4"}).passed  # the option's own words are its letter
    assert "not one of the options" in quiz.evaluate({1: "6"}).message


# ---- lesson 1 ------------------------------------------------------------------------------------

def test_01_sort_tools_accepts_any_case_and_spaces():
    passes("01.sort-tools", TASKS)
    passes("01.sort-tools", {k: v.upper() for k, v in TASKS.items()})
    passes("01.sort-tools", {k: f" {v.title()} " for k, v in reversed(TASKS.items())})


def test_01_sort_tools_names_a_wrong_word_and_a_wrong_task():
    fails("01.sort-tools", {**TASKS, "lint two packages": "parallel"}, "'parallel'", "'batch' or 'chain'")
    fails("01.sort-tools", {**TASKS, "edit app.py, then run its tests": "batch"}, "1 of 6 are wrong",
          "edit app.py")
    fails("01.sort-tools", {k: v for k, v in TASKS.items() if k != "list the tests/ folder"}, "missing")


def test_01_serial_total_accepts_lists_and_expressions():
    passes("01.serial-total", (6.35, 7.35))
    passes("01.serial-total", [1.5 + 0.75 + 0.6 + 3.5, sum([2.5, 5 * 0.15, 2 * 0.3, 1.5, 2.0])])


def test_01_serial_total_names_the_documents_totals_units_and_order():
    fails("01.serial-total", (6.5, 7.5), "stated totals")
    fails("01.serial-total", (6350, 7350), "milliseconds")
    fails("01.serial-total", (7.35, 6.35), "low end first")
    fails("01.serial-total", 6.35, "2 numbers")


def _lesson_one():
    def coding_tool(name, seconds):
        async def fn(target: str) -> str:
            return f"{name} {target}: ok"
        fn.__doc__ = f"{name}."
        return course.tool(fn, latency=seconds, name=name)
    tools = [coding_tool("read_file", 0.150), coding_tool("search", 0.300), coding_tool("build", 1.5),
             coding_tool("run_tests", 2.0)]
    investigate = [ToolCall(f"read_{i}", "read_file", {"target": f"m{i}.py"}) for i in range(1, 6)]
    investigate += [ToolCall(f"search_{i}", "search", {"target": f"p{i}"}) for i in (1, 2)]
    return tools, investigate


def test_01_io_heavy_accepts_other_ids_finals_and_hybrid():
    tools, investigate = _lesson_one()
    mine = [ToolCall(f"c{n}", c.name, c.arguments) for n, c in enumerate(reversed(investigate))]
    for plan, mode in (([investigate], "all"), ([mine], "hybrid")):
        model = course.ScriptedModel(plan=plan, final="The bug is in m3.py.", latency=0.2)
        passes("01.io-heavy", course.Agent(model=model, tools=tools, mode=mode).run_sync("Find it"))


def test_01_io_heavy_names_serial_runs_extra_steps_and_missing_models():
    tools, investigate = _lesson_one()
    model = course.ScriptedModel(plan=[investigate], final="ok", latency=0.2)
    fails("01.io-heavy", course.Agent(model=model, tools=tools, mode="one-at-a-time").run_sync("go"),
          "one call per turn \\(8 model turns\\)")
    whole = course.ScriptedModel(plan=[investigate, [ToolCall("b", "build", {"target": "app"})]], latency=0.2)
    fails("01.io-heavy", course.Agent(model=whole, tools=tools, mode="all").run_sync("go"), "also called build")
    fails("01.io-heavy", course.execute(investigate, tools=tools, mode="all"), "no model")
    fails("01.io-heavy", 0.7, "should be the Trace")


def test_01_turn_cost_accepts_a_bisection_and_a_rounded_answer():
    lo, hi = 0.0, 5.0
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if 1 - (4 * mid + 3.8) / (10 * mid + 4.85) < 0.5 else (lo, mid)
    passes("01.turn-cost", hi)
    passes("01.turn-cost", 1.38)


def test_01_turn_cost_says_the_cut_at_a_wrong_answer():
    fails("01.turn-cost", 1.5, "50.6%")
    fails("01.turn-cost", 0.2, "32.8%")
    fails("01.turn-cost", 1375, "milliseconds")
    fails("01.turn-cost", "1.525", "number of seconds")


# ---- lesson 2 ------------------------------------------------------------------------------------

def test_02_cost_formula_accepts_other_arrangements():
    passes("02.cost-formula", lambda n, tool_s, model_s: model_s + n * (tool_s + model_s))
    def loop(n, tool_s, model_s):
        total = model_s
        for _ in range(n):
            total += tool_s + model_s
        return total
    passes("02.cost-formula", loop)


def test_02_cost_formula_names_the_missing_turn_and_the_extra_call():
    fails("02.cost-formula", lambda n, t, m: n * (t + m), "leaves out the first turn")
    fails("02.cost-formula", lambda n, t, m: (n + 1) * (t + m), "one tool call too many")
    fails("02.cost-formula", lambda n, t, m: 1000 * ((n + 1) * m + n * t), "milliseconds")


def _asked(ids=("call_a", "call_b")):
    return {"role": "assistant", "content": None,
            "tool_calls": [{"id": i, "type": "function", "function": {"name": "f", "arguments": "{}"}} for i in ids]}


def test_02_answer_every_call_accepts_name_other_order_and_a_generator():
    def with_name(msg, run_tool):
        return [{"role": "tool", "tool_call_id": c["id"], "name": c["function"]["name"],
                 "content": run_tool(c["function"]["name"], c["function"]["arguments"])} for c in msg["tool_calls"]]
    def reversed_order(msg, run_tool):
        out = []
        for call in reversed(msg["tool_calls"]):
            fn = call["function"]
            out.append({"tool_call_id": call["id"], "content": run_tool(fn["name"], fn["arguments"]), "role": "tool"})
        return out
    def generator(msg, run_tool):
        for c in msg["tool_calls"]:
            yield {"role": "tool", "tool_call_id": c["id"], "content": run_tool(**{"name": c["function"]["name"],
                                                                                    "arguments": c["function"]["arguments"]})}
    for answer in (with_name, reversed_order, generator):
        passes("02.answer-every-call", answer)


def test_02_answer_every_call_gives_a_distinct_message_per_mistake():
    def first_only(msg, run):
        c = msg["tool_calls"][0]
        return [{"role": "tool", "tool_call_id": c["id"], "content": run(c["function"]["name"], c["function"]["arguments"])}]
    def parsed_args(msg, run):
        return [{"role": "tool", "tool_call_id": c["id"], "content": run(c["function"]["name"], json.loads(c["function"]["arguments"]))}
                for c in msg["tool_calls"]]
    def wrong_role(msg, run):
        return [{"role": "user", "tool_call_id": c["id"], "content": run(c["function"]["name"], c["function"]["arguments"])}
                for c in msg["tool_calls"]]
    def wrong_key(msg, run):
        return [{"role": "tool", "id": c["id"], "content": run(c["function"]["name"], c["function"]["arguments"])}
                for c in msg["tool_calls"]]
    def bad_name(msg, run):
        return [{"role": "tool", "tool_call_id": c["id"], "name": "tool",
                 "content": run(c["function"]["name"], c["function"]["arguments"])} for c in msg["tool_calls"]]
    messages = {fails("02.answer-every-call", first_only, "asked for 3 call", "returned 1"),
                fails("02.answer-every-call", parsed_args, "content for call_a", "exactly"),
                fails("02.answer-every-call", wrong_role, "role 'tool'"),
                fails("02.answer-every-call", wrong_key, "tool_call_id values"),
                fails("02.answer-every-call", bad_name, "optional 'name'")}
    assert len(messages) == 5


def test_02_answer_every_call_with_the_wrong_signature_blames_the_shape_not_the_learner():
    fails("02.answer-every-call", lambda msg: [], "could not use your answer")


def _files(text):
    return {"read": text}


def test_02_decide_accepts_other_ways_of_finding_the_marker():
    def by_lines(results):
        text = results["read"]
        yaml = any(line.strip() == "format: yaml" for line in text.splitlines())
        return [ToolCall("parse", "parse", {"text": text, "format": "yaml" if yaml else "json"})]
    def by_regex(results):
        fmt = "yaml" if re.search(r"format:\s*yaml", results["read"]) else "json"
        return (ToolCall(id="parse", name="parse", arguments={"format": fmt, "text": results["read"]}),)
    def json_string_args(results):
        fmt = "yaml" if "format: yaml" in results["read"] else "json"
        return [ToolCall("parse", "parse", json.dumps({"text": results["read"], "format": fmt}))]
    for answer in (by_lines, by_regex, json_string_args):
        passes("02.decide", answer)


def test_02_decide_rejects_the_word_alone_the_first_line_only_and_bare_calls():
    def word_alone(results):
        return [ToolCall("parse", "parse", {"text": results["read"], "format": "yaml" if "yaml" in results["read"] else "json"})]
    def first_line(results):
        fmt = "yaml" if results["read"].startswith("format: yaml") else "json"
        return [ToolCall("parse", "parse", {"text": results["read"], "format": fmt})]
    def bare(results):
        return ToolCall("parse", "parse", {"text": results["read"], "format": "json"})
    def other_id(results):
        return [ToolCall("call_1", "parse", {"text": results["read"], "format": "yaml"})]
    fails("02.decide", word_alone, "'yaml' alone is not the marker")
    fails("02.decide", first_line, "any line")
    fails("02.decide", bare, "list holding the one ToolCall")
    fails("02.decide", other_id, "id='parse'")


def test_02_message_count_accepts_a_list_and_computed_counts():
    import widgets
    runs = [widgets.scenarios.three_config_reads(n=10).run(mode=m) for m in ("one-at-a-time", "all")]
    passes("02.message-count", [len(t.messages) for t in runs])
    passes("02.message-count", (2 * 10 + 2, 10 + 3))


def test_02_message_count_names_a_swap_and_each_wrong_count():
    fails("02.message-count", (13, 22), "swapped")
    fails("02.message-count", (21, 13), "one-at-a-time: 21")
    fails("02.message-count", (22, 12), "all: 12")
    fails("02.message-count", 22, "pair")
    assert verdict("02.message-count", (..., ...)).status == "unattempted"


# ---- lesson 3 ------------------------------------------------------------------------------------

async def _taskgroup(read, paths):
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(read(p)) for p in paths]
    return [t.result() for t in tasks]


async def _tasks_then_await(read, paths):
    tasks = [asyncio.ensure_future(read(p)) for p in paths]
    return tuple([await t for t in tasks])


async def _as_completed(read, paths):
    return [await f for f in asyncio.as_completed([read(p) for p in paths])]


async def _serial(read, paths, *rest):
    return [await read(p) for p in paths]


def test_03_gather_accepts_taskgroup_and_tasks():
    passes("03.gather", _taskgroup)
    passes("03.gather", _tasks_then_await)


def test_03_gather_names_serial_loops_and_finishing_order():
    fails("03.gather", _serial, "one after another")
    fails("03.gather", _as_completed, "another order")
    fails("03.gather", lambda read, paths: [read(p) for p in paths], "coroutine objects")


async def _safe_wrappers(read, paths):
    async def one(p):
        try:
            return await read(p)
        except Exception as exc:
            return f"error: {exc}"
    return await asyncio.gather(*map(one, paths))


async def _safe_taskgroup(read, paths):
    async def one(p):
        try:
            return await read(p)
        except RuntimeError as exc:
            return "error: " + str(exc)
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(one(p)) for p in paths]
    return [t.result() for t in tasks]


def test_03_keep_siblings_accepts_wrappers_and_taskgroup():
    passes("03.keep-siblings", _safe_wrappers)
    passes("03.keep-siblings", _safe_taskgroup)


def test_03_keep_siblings_names_lost_siblings_serial_loops_and_raw_exceptions():
    async def plain_gather(read, paths):
        return await asyncio.gather(*(read(p) for p in paths))
    async def raw(read, paths):
        return await asyncio.gather(*(read(p) for p in paths), return_exceptions=True)
    async def serial_safe(read, paths):
        out = []
        for p in paths:
            try:
                out.append(await read(p))
            except RuntimeError as exc:
                out.append(f"error: {exc}")
        return out
    fails("03.keep-siblings", plain_gather, "your code raised RuntimeError: b.txt failed")
    fails("03.keep-siblings", raw, "returned")
    fails("03.keep-siblings", serial_safe, "one after another")


def _append_line():
    disk = {"notes.md": "# Notes\n"}
    async def append_line(path: str, line: str) -> str:
        """Append a line to a file (read, then write back)."""
        text = disk[path]
        await asyncio.sleep(0.5)
        disk[path] = text + line + "\n"
        return "ok"
    return append_line


def test_03_no_lost_update_accepts_other_spellings_of_the_write():
    fn = _append_line()
    passes("03.no-lost-update", course.tool(fn, latency=0.5, resources={"write": "{path}"}))
    passes("03.no-lost-update", course.tool(fn, latency=0.5, name="safe_append", resources={"write": ["file:{path}"]}))
    passes("03.no-lost-update", course.tool(fn, latency=0.5, resources="{path}"))  # keys alone claim exclusively


def test_03_no_lost_update_rejects_typed_text_undeclared_tools_and_blanket_fixes():
    fn = _append_line()
    fails("03.no-lost-update", "# Notes\nline 1\nline 2\n", "not the text")
    fails("03.no-lost-update", course.tool(fn, latency=0.5), "declares no resources", "line 2")
    fails("03.no-lost-update", course.tool(fn, latency=0.5, resources={"read": "{path}"}), "declares")
    fails("03.no-lost-update", course.tool(fn, latency=0.5, parallel_safe=False), "parallel_safe=False")
    fails("03.no-lost-update", course.tool(fn, latency=0.5, resources={"write": "notes"}), "different files")
    calls = [ToolCall(f"w{i}", "append_line", {"path": "notes.md", "line": f"line {i}"}) for i in (1, 2)]
    serial = course.execute(calls, tools=[course.tool(fn, latency=0.5, name="append_line")], mode="sequential")
    fails("03.no-lost-update", serial, "pass the tool")


def test_03_slow_tools_accepts_an_exact_and_a_searched_answer():
    passes("03.slow-tools", 3)
    passes("03.slow-tools", 2.995)


def test_03_slow_tools_says_how_close_a_wrong_answer_gets():
    fails("03.slow-tools", 1.0, "80.0% of the document's 5×")
    fails("03.slow-tools", 30, "98")
    fails("03.slow-tools", 3000, "milliseconds")


# ---- lesson 4 ------------------------------------------------------------------------------------

def _step():
    @course.tool(latency=1.0)
    async def step(what: str) -> str:
        """Do one step of the job."""
        return f"{what} done"
    return step


def test_04_depends_on_accepts_the_learners_own_ids_and_order():
    step = _step()
    mine = [ToolCall("fetch-2", "step", {"what": "read b"}), ToolCall("fetch-1", "step", {"what": "read a"}),
            ToolCall("final", "step", {"what": "publish"}, depends_on=["merge"]),
            ToolCall("merge", "step", {"what": "combine"}, depends_on=["fetch-1", "fetch-2"])]
    passes("04.depends-on", course.execute(mine, tools=[step], mode="hybrid"))
    redundant = [ToolCall("a", "step", {"what": "a"}), ToolCall("b", "step", {"what": "b"}),
                 ToolCall("c", "step", {"what": "c"}, depends_on=("a", "b")),
                 ToolCall("d", "step", {"what": "d"}, depends_on=("a", "b", "c"))]
    passes("04.depends-on", course.execute(redundant, tools=[step], mode="hybrid", scheduler="waves"))


def test_04_depends_on_names_missing_dependencies_the_wrong_mode_and_a_short_batch():
    step = _step()
    ids = ["x", "y", "z", "w"]
    plain = [ToolCall(i, "step", {"what": i}) for i in ids]
    fails("04.depends-on", course.execute(plain, tools=[step], mode="hybrid"), "declares depends_on")
    declared = plain[:2] + [ToolCall("z", "step", {"what": "z"}, depends_on=("x", "y")),
                            ToolCall("w", "step", {"what": "w"}, depends_on=("z",))]
    fails("04.depends-on", course.execute(declared, tools=[step], mode="all"), "only mode='hybrid'")
    fails("04.depends-on", course.execute(declared[:3], tools=[step], mode="hybrid"), "has 3 call")
    half = plain[:2] + [ToolCall("z", "step", {"what": "z"}, depends_on=("x",)), plain[3]]
    fails("04.depends-on", course.execute(half, tools=[step], mode="hybrid"), "depend on nothing")


def test_04_levels_accepts_any_order_inside_a_wave_and_kahns_algorithm():
    def kahn(deps):
        remaining, waves = dict(deps), []
        while remaining:
            done = {i for w in waves for i in w}
            wave = sorted(i for i, d in remaining.items() if set(d) <= done)
            waves.append(wave)
            for i in wave:
                del remaining[i]
        return waves
    def reversed_waves(deps):
        return [list(reversed(w)) for w in kahn(deps)]
    passes("04.levels", kahn)
    passes("04.levels", reversed_waves)


def test_04_levels_names_one_wave_a_flat_order_and_a_late_wave():
    def flat(deps):
        return list(deps)
    def by_count(deps):  # wave = number of dependencies: wrong for chains
        waves = {}
        for i, d in deps.items():
            waves.setdefault(len(d), []).append(i)
        return [waves[k] for k in sorted(waves)]
    fails("04.levels", lambda deps: [list(deps)], "later waves")
    fails("04.levels", flat, "later waves")
    fails("04.levels", by_count, "1 \\+ the latest wave")


def test_04_critical_path_accepts_expressions():
    passes("04.critical-path", max(1.0 + 3.0, 3.0 + 4.0))
    passes("04.critical-path", 7)


def test_04_critical_path_names_sums_and_milliseconds():
    fails("04.critical-path", 11.0, "11 s")
    fails("04.critical-path", 7000, "milliseconds")


# ---- lesson 5 ------------------------------------------------------------------------------------

def test_05_mark_unsafe_accepts_any_parameter_name_and_plain_functions():
    @course.tool(latency=0.5, parallel_safe=False)
    async def append_log(message: str) -> str:
        """Append a message to the shared log."""
        return "ok"
    def write_log(entry: str, level: int = 0) -> str:
        """Append an entry."""
        return "ok"
    passes("05.mark-unsafe", append_log)
    passes("05.mark-unsafe", course.tool(write_log, latency=0.1, parallel_safe=False, name="append_log"))


def test_05_mark_unsafe_names_an_unmarked_tool_and_a_resource_only_declaration():
    async def append_log(line: str) -> str:
        """Append."""
        return "ok"
    fails("05.mark-unsafe", course.tool(append_log, latency=0.5), "overlapped", "parallel_safe=False")
    fails("05.mark-unsafe", course.tool(append_log, latency=0.5, resources={"write": "log"}),
          "same resource", "parallel_safe=False")
    fails("05.mark-unsafe", append_log, "should be a Tool", "@course.tool")


# 05.cap: see test_lesson05.py, which audits it in both languages.


# ---- lesson 7 ------------------------------------------------------------------------------------

def test_07_predict_accepts_other_arrangements():
    passes("07.predict", lambda per_turn: 5 * per_turn + max([0.15] * 5) + max(0.3, 0.3) + 1.5 + 2.0)
    passes("07.predict", lambda t: sum([t, 0.15, t, 0.3, t, 1.5, t, 2.0, t]))


def test_07_predict_names_the_final_turn_and_milliseconds():
    fails("07.predict", lambda t: 4 * t + 3.95, "One model turn is missing")
    fails("07.predict", lambda t: 1000 * (5 * t + 3.95), "milliseconds")


def test_07_amdahl_accepts_equivalent_forms():
    passes("07.amdahl", lambda p, n: n / (n * (1 - p) + p))
    passes("07.amdahl", lambda p, n: 1.0 / (1.0 - p + p / n))


def test_07_amdahl_rejects_linear_and_capped_forms():
    fails("07.amdahl", lambda p, n: n * p, r"speedup\(0\.0, 5\)")
    fails("07.amdahl", lambda p, n: 1 / (1 - p) if p < 1 else n, r"expected")


def test_07_edit_step_accepts_another_way_of_writing_the_edit():
    def make_edit(results):
        text = results["read_discounts"]
        old = re.search(r"^.*rate / 100.*$", text, re.M).group(0).strip()
        return [ToolCall("fix", "edit_file", {"path": "shop/discounts.py", "old": old,
                                              "new": old.replace("rate / 100", "rate")})]
    def make_edit_lines(results):
        for line in results["read_discounts"].splitlines():
            if "/ 100" in line:
                return [ToolCall("edit_1", "edit_file", {"path": "shop/discounts.py", "old": line.strip(),
                                                          "new": line.strip().replace(" / 100", "")})]
        return []
    passes("07.edit-step", make_edit)
    passes("07.edit-step", make_edit_lines)


def test_07_edit_step_names_an_edit_that_keeps_the_bug_and_no_edit():
    def still_divides(results):
        line = next(l.strip() for l in results["read_discounts"].splitlines() if "rate / 100" in l)
        return [ToolCall("edit", "edit_file", {"path": "shop/discounts.py", "old": line,
                                               "new": line.replace("/ 100", "/ 10")})]
    fails("07.edit-step", still_divides, "tests still fail")
    fails("07.edit-step", lambda results: [], "no edit")


# ---- every quiz answer says why --------------------------------------------------------------------

@pytest.mark.parametrize("lesson", ["01", "02", "03", "04", "05", "06", "07", "08"])
def test_every_quiz_answer_and_every_wrong_option_has_its_why(lesson):
    quiz = get(f"{lesson}.quiz")
    for q in quiz.questions:
        assert q.why, q.text
        assert set(q.wrong) == set(q.options) - {q.answer}, q.text
