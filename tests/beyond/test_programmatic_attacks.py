"""The programmatic evaluator attacked: a program a model writes cannot crash, hang or exhaust the runtime.

Every attack ends as one readable error result for the program's call, and the other calls of the
same turn keep theirs. The attacks run in a child process (`serve`, started once per module) with a
limit on its address space and a timeout per program: a safety net, so that a regression fails these
tests instead of hanging or exhausting the machine that runs them. The assertions are on the results,
never on how long anything took.
"""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course
from course import ToolCall
from course.beyond.programmatic import (MAX_BUILT, MAX_DEPTH, MAX_ITEMS, MAX_NESTING, MAX_SOURCE, MAX_WIDTH,
                                        PROGRAM_TOOL, ProgrammaticAgent, run_program)

ROOT = Path(__file__).resolve().parents[2]
ANSWER_TIMEOUT = 60.0          # seconds for one program in the child: a safety net, never an assertion
MEMORY_HEADROOM = 1024 ** 3    # the child's address space may grow by 1 GiB past what its imports need
FAILED_EVALUATOR = ("the evaluator failed", "MemoryError", "RecursionError")


# ---- the tools the attacked programs call (defined here, so the child has them too) --------------

@course.tool(latency=0.5)
async def read_file(path: str) -> str:
    """Read a file."""
    return f"<{path}>"


@course.tool(latency=0.1)
async def shared() -> list:
    """A table whose 400 rows are one list: small in memory, 160,400 items when serialised."""
    row = [0] * 400
    return [row] * 400


@course.tool(latency=0.1)
async def big_text(size: int) -> str:
    """A text of `size` characters, two to a line."""
    return "a\n" * (size // 2)


@course.tool(latency=0.1)
async def nested(levels: int) -> list:
    """A list nested `levels` deep."""
    value: list = []
    for _ in range(levels):
        value = [value]
    return value


@course.tool(latency=0.1)
async def endless() -> Any:
    """An iterator that never ends."""
    import itertools
    return itertools.count()


class Touchy:
    """A tool's output that fails when compared."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("do not compare me")

    __hash__ = object.__hash__


class Unprintable:
    """A tool's output that fails when written out as text."""

    def __str__(self) -> str:
        raise RuntimeError("do not print me")


@course.tool(latency=0.1)
async def touchy() -> Any:
    """An object that fails when compared."""
    return Touchy()


@course.tool(latency=0.1)
async def unprintable() -> Any:
    """An object that fails when printed (the executor's own copy of it says so, the program's fails)."""
    return Unprintable()


@course.tool(latency=0.1)
async def kinds(parts: Any) -> str:
    """The Python types of what the program passed (a tool sees plain lists and dicts)."""
    def kind(v: Any) -> str:
        if isinstance(v, list):
            return type(v).__qualname__ + ("" if type(v) is list else "!") + "[" + ",".join(kind(x) for x in v) + "]"
        return type(v).__name__
    return kind(parts)


TOOLS = [read_file, shared, big_text, nested, endless, touchy, unprintable, kinds]


def _is_plain(value: Any, depth: int = 0) -> bool:
    if isinstance(value, list):
        return type(value) is list and all(_is_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return type(value) is dict and all(_is_plain(v, depth + 1) for v in value.values())
    return True


def _answer(request: dict[str, Any]) -> dict[str, Any]:
    """Run one program as a model's turn: an ordinary call before it and after it."""
    plan = [[ToolCall("before", "read_file", {"path": "a"}),
             ToolCall("program", PROGRAM_TOOL, {"code": request["code"]}),
             ToolCall("after", "read_file", {"path": "b"})]]
    options = {k: request[k] for k in ("max_steps", "max_tool_calls") if k in request}
    trace = ProgrammaticAgent(course.ScriptedModel(plan, latency=0.5), TOOLS, **options).run_sync("go")
    tool_messages = [m for m in trace.messages if m["role"] == "tool"]
    result, record = trace.result("program"), trace.programs[0]
    content = next(m["content"] for m in tool_messages if m["tool_call_id"] == "program")
    return {"answers": [m["tool_call_id"] for m in tool_messages],
            "siblings": {m["tool_call_id"]: m["content"] for m in tool_messages if m["tool_call_id"] != "program"},
            "status": result.status, "error": result.error, "content_length": len(content),
            "content": content if len(content) <= 4000 else None, "plain": _is_plain(result.output),
            "steps": record.steps, "inner_calls": len(record.tool_calls)}


def serve() -> None:
    """The child: read one JSON request a line, answer one JSON line, until stdin closes."""
    try:
        import resource
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + MEMORY_HEADROOM
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    except (ImportError, OSError, ValueError):  # no RLIMIT_AS here (not Linux): the timeout still applies
        pass
    for line in sys.stdin:
        try:
            reply = _answer(json.loads(line))
        except BaseException as exc:  # the runner's own failure: reported, so the test says what broke
            reply = {"runner_error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


class Runner:
    """The parent's side: send a program, wait (at most ANSWER_TIMEOUT) for its answer."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self._start()

    def _start(self) -> None:
        with self.log.open("a") as log:  # the child keeps its own copy of the handle
            self.proc = subprocess.Popen(
                [sys.executable, "-c", "from tests.beyond.test_programmatic_attacks import serve; serve()"],
                cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8")
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(self.proc, self.lines), daemon=True).start()

    @staticmethod
    def _pump(proc: subprocess.Popen, lines: queue.Queue) -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.put(line)
        lines.put(None)

    def __call__(self, code: str, **options: Any) -> dict[str, Any]:
        try:
            self.proc.stdin.write(json.dumps({"code": code, **options}) + "\n")  # type: ignore[union-attr]
            self.proc.stdin.flush()  # type: ignore[union-attr]
            line = self.lines.get(timeout=ANSWER_TIMEOUT)
        except queue.Empty:
            self._restart()
            pytest.fail(f"no answer within the {ANSWER_TIMEOUT:g} s safety net to the program:\n{code[:1000]}")
        except BrokenPipeError:
            line = None
        if line is None:
            self._restart()
            pytest.fail(f"the child running the programs died on:\n{code[:1000]}\n{self.log.read_text()[-2000:]}")
        reply = json.loads(line)
        assert "runner_error" not in reply, (reply["runner_error"], code[:1000])
        return reply

    def _restart(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self._start()

    def close(self) -> None:
        self.proc.stdin.close()  # type: ignore[union-attr]
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def attack(tmp_path_factory: pytest.TempPathFactory):
    runner = Runner(tmp_path_factory.mktemp("attacks") / "child.log")
    yield runner
    runner.close()


def answered(reply: dict[str, Any]) -> dict[str, Any]:
    """Every call of the turn answered once, in order; the ordinary ones with their own results; a failed
    program with one readable error of the evaluator's own, never a crash of it."""
    assert reply["answers"] == ["before", "program", "after"]
    assert reply["siblings"] == {"before": "<a>", "after": "<b>"}
    if reply["status"] == "error":
        assert reply["error"].startswith("the program stopped: ")
        assert not any(word in reply["error"] for word in FAILED_EVALUATOR), reply["error"]
        assert len(reply["error"]) < 2000
    else:
        assert reply["status"] == "ok" and reply["plain"]
    assert reply["content_length"] <= 40 * MAX_ITEMS
    return reply


def error_of(attack: Runner, code: str, **options: Any) -> str:
    reply = answered(attack(code, **options))
    assert reply["status"] == "error", reply["content"]
    return reply["error"].removeprefix("the program stopped: ")


def output_of(attack: Runner, code: str, **options: Any) -> Any:
    reply = answered(attack(code, **options))
    assert reply["status"] == "ok", reply["error"]
    return reply["content"]


TOO_LARGE = "larger than programs may build"


# ---- 1. crashes: every failure is the call's one readable error ---------------------------------

@pytest.mark.parametrize("code", [
    "xs = [1, 2]\nfor xs[0] in [5]:\n    pass",
    "for a, *rest in [[1, 2, 3]]:\n    pass",
    "for (a, b), c in [[[1, 2], 3]]:\n    pass",
    "for [a, b] in [[1, 2]]:\n    pass",
])
def test_for_targets_that_are_not_names_are_refused_before_anything_runs(attack, code):
    code = "read_file(path='x')\n" + code
    line = next(n for n, text in enumerate(code.splitlines(), 1) if text.startswith("for"))
    reply = answered(attack(code))
    assert reply["error"] == f"the program stopped: line {line}: `for` targets must be plain names or tuples of names"
    assert reply["inner_calls"] == 0  # refused before the first line ran


@pytest.mark.parametrize("target", ["xs[0]", "a, *rest", "(a, b), c", "*a"])
def test_comprehension_targets_that_are_not_names_are_refused(attack, target):
    code = f"xs = [1]\nreturn [1 for {target} in [[1, 2]]]"
    assert error_of(attack, code) in (
        "line 2: the `for` targets of a comprehension must be plain names or tuples of names",
        "line 2: syntax error: starred assignment target must be in a list or tuple")


def test_an_augmented_assignment_to_an_item_is_refused(attack):
    assert error_of(attack, "xs = [1]\nxs[0] += 1") == "line 2: augmented assignment (`x += ...`) works on names only"


def test_a_deeply_nested_result_is_an_error_not_a_crash_of_its_encoding(attack):
    built = f"x = []\nfor i in range({MAX_DEPTH + 50}):\n    x = [x]\nreturn x"
    assert error_of(attack, built) == f"line 3: a value nested more than {MAX_DEPTH} levels deep is deeper than " \
                                      "programs may build"
    from_a_tool = error_of(attack, f"return nested(levels={MAX_DEPTH + 50})")
    assert f"a value nested more than {MAX_DEPTH} levels deep" in from_a_tool
    assert json.loads(output_of(attack, f"return nested(levels={MAX_DEPTH - 1})"))  # as deep as allowed: returned


@pytest.mark.parametrize("code, words", [("t = touchy()\nreturn t == t", "RuntimeError: do not compare me"),
                                         ("return [1, unprintable()]", "RuntimeError: do not print me")])
def test_whatever_raises_in_the_evaluator_ends_as_the_calls_one_error_result(attack, code, words):
    reply = attack(code)  # the last line of defence: an exception no specific check foresaw
    assert reply["answers"] == ["before", "program", "after"]
    assert reply["siblings"] == {"before": "<a>", "after": "<b>"}
    assert reply["status"] == "error" and reply["error"] == f"the program stopped: the evaluator failed ({words})"


def test_an_endless_iterator_from_a_tool_is_stopped(attack):
    assert "larger than programs may use" in error_of(attack, "return sorted(endless())")
    assert "larger than programs may use" in error_of(attack, "return 5 in endless()")
    assert "step budget" in error_of(attack, "for i in endless():\n    pass")
    assert error_of(attack, "a, b = endless()") == "line 1: cannot unpack more than 2 values into 2 names"


# ---- 2. memory: the size a value will have is checked before it is built -------------------------

def test_augmented_assignment_is_bounded_like_its_operator(attack):
    augmented = error_of(attack, "x = 'a' * 1000\nx *= 100000")
    assert augmented == error_of(attack, "x = 'a' * 1000\nx = x * 100000")
    assert augmented.startswith(f"line 2: a value of 100000000 items is {TOO_LARGE} ({MAX_ITEMS}")
    assert TOO_LARGE in error_of(attack, "xs = [[0] * 1000] * 10\nxs += xs * 9")
    assert output_of(attack, "x = 'ab'\nx *= 3\nx += '!'\nreturn x") == "ababab!"


def test_bytes_are_bounded_like_text(attack):
    assert error_of(attack, "x = b'a' * 1000000000").startswith(f"line 1: a value of 1000000000 items is {TOO_LARGE}")
    assert error_of(attack, "x = b'a' * 60000\nx = x + x").startswith(f"line 2: a value of 120000 items is {TOO_LARGE}")
    assert error_of(attack, "x = b'%0999999999d' % 1") == \
        f"line 1: a %-format width or precision of 999999999 is larger than programs may format ({MAX_WIDTH})"
    assert output_of(attack, "return len(b'ab' * 3)") == "6"


@pytest.mark.parametrize("code, message", [
    ("x = '%0999999999d' % 1",
     f"a %-format width or precision of 999999999 is larger than programs may format ({MAX_WIDTH})"),
    ("x = '%.999999999f' % 1.5",
     f"a %-format width or precision of 999999999 is larger than programs may format ({MAX_WIDTH})"),
    ("x = '%(n)0999999d' % {'n': 1}",
     f"a %-format width or precision of 999999 is larger than programs may format ({MAX_WIDTH})"),
    ("x = '%*d' % 5", "`*` widths in %-formats are not available: write the width into the format"),
    ("x = '%(a)s' * 20000 % {'a': 'x' * 50000}", "this %-format would build a text of up to"),
    ("x = f'{1:0999999999}'", "format width '0999999999' is too large"),
])
def test_format_widths_precisions_and_results_are_bounded_before_formatting(attack, code, message):
    assert error_of(attack, code).startswith("line 1: " + message)


def test_valid_formats_still_format(attack):
    code = ("return [f'{3.14159:.2f}|{7:>4}|{\"ab\"!r}', '%5.1f%%' % 2.25, '%(a)s-%(b)03d' % {'a': 'x', 'b': 7}, "
            "'%s' % [1, 'a'], '%-4s|' % 'ab']")
    assert json.loads(output_of(attack, code)) == ["3.14|   7|'ab'", "  2.2%", "x-007", "[1, 'a']", "ab  |"]


@pytest.mark.parametrize("code, message", [
    ("x = lines(big_text(size=300000))",
     f"lines(...) of a text of 300000 characters would build more than {MAX_ITEMS} items, {TOO_LARGE}"),
    ("x = split(big_text(size=300000))", f"a value of 150000 items is {TOO_LARGE}"),
    ("x = replace('a' * 50000, 'a', 'bbbbbbbbbb')",
     f"replace(...) would build a text of 500000 characters, {TOO_LARGE} ({MAX_ITEMS})"),
    ("x = replace('a' * 50000, '', 'bbbbbbbbbb')",
     f"replace(...) would build a text of 550010 characters, {TOO_LARGE} ({MAX_ITEMS})"),
    ("x = join(['a' * 40000, 'b' * 40000], 'c' * 30000)",
     f"join(...) would build a text of more than {MAX_ITEMS} characters, {TOO_LARGE} ({MAX_ITEMS})"),
    ("x = split('a,' * 50000, ',')", f"a value of 100001 items is {TOO_LARGE}"),
])
def test_replace_join_and_split_check_their_result_before_building_it(attack, code, message):
    assert error_of(attack, code).startswith("line 1: " + message)


def test_replace_join_and_split_still_work_within_the_limits(attack):
    code = "return [replace('a-b-c', '-', '+'), join([1, 'x', 2.5], ', '), split('a b  c'), lines('x\\ny')]"
    assert json.loads(output_of(attack, code)) == ["a+b+c", "1, x, 2.5", ["a", "b", "c"], ["x", "y"]]


def test_a_program_has_a_memory_budget_for_everything_it_builds(attack):
    error = error_of(attack, "for i in range(100):\n    x = [i] * 99999")
    assert error == f"line 2: the program built more than {MAX_BUILT} items in all, its memory budget: " \
                    "build fewer or smaller values"
    assert output_of(attack, "for i in range(5):\n    x = [i] * 99999\nreturn len(x)") == "99999"


# ---- 3. time: structures are as large as they would be serialised --------------------------------

def test_structures_are_bounded_by_every_element_not_their_top_level_length(attack):
    assert error_of(attack, "x = [[0] * 100000] * 100000").startswith(f"line 1: a value of 100001 items is {TOO_LARGE}")
    assert error_of(attack, "x = [[0] * 1000] * 1000").startswith(f"line 1: a value of 1001000 items is {TOO_LARGE}")
    assert error_of(attack, "s = 'x' * 1000\nx = [s] * 1000").startswith(f"line 2: a value of 1001000 items is {TOO_LARGE}")
    assert error_of(attack, "x = [0] * 60000\ny = [x, x]").startswith(f"line 2: a value of 120002 items is {TOO_LARGE}")
    assert output_of(attack, "x = [[0] * 300] * 300\nreturn len(x)") == "300"


@pytest.mark.parametrize("use, what", [
    ("str(x)", "str(...)"), ("f'{x}'", "an f-string"), ("'%s' % x", "a %-format"), ("x == [[0] * 300] * 300", "a comparison"),
    ("sum(x, [])", "sum(...)"), ("max(x)", "max(...)"), ("sorted(x)", "sorted(...)"), ("[0] in x", "`in`"),
])
def test_reading_a_shared_structure_costs_a_step_for_each_of_its_elements(attack, use, what):
    error = error_of(attack, f"x = [[0] * 300] * 300\nreturn {use}")
    assert error == f"line 2: the program used its whole step budget (10000 steps): {what} reads 90300 items, a step each"


@pytest.mark.parametrize("use", ["str(x)", "f'{x}'", "'%s' % x", "x == shared()", "sum(x, [])", "max(x)", "x",
                                 "[x]", "[0] in x"])
def test_a_tools_shared_output_is_measured_as_it_would_be_serialised(attack, use):
    error = error_of(attack, f"x = shared()\nreturn {use}")
    assert f"more than {MAX_ITEMS}" in error
    assert output_of(attack, "x = shared()\nreturn [len(x), x[5][:3]]") == "[400, [0, 0, 0]]"


@pytest.mark.parametrize("helper", ["sum(xs)", "sorted(xs)", "join(xs)", "max(xs)", "unique(xs)", "str(xs)",
                                    "zip(xs, xs)", "any(xs)"])
def test_helpers_pay_a_step_for_every_item_they_read(attack, helper):
    code = f"xs = range(2000)\nreturn len(str({helper}))"
    name = helper.split("(")[0]
    items = 4000 if name == "zip" else 2000
    assert error_of(attack, code, max_steps=1500 + 2000 * (name == "zip")) == \
        f"line 2: the program used its whole step budget ({1500 + 2000 * (name == 'zip')} steps): " \
        f"{name}(...) reads {items} items, a step each"
    assert answered(attack(code, max_steps=20000))["status"] == "ok"


def test_what_a_program_returns_is_bounded_in_size_and_depth(attack):
    assert error_of(attack, "text = big_text(size=150000)\nreturn text") == \
        f"line 2: the program returned a value of 150000 items, more than a program may return ({MAX_ITEMS}): " \
        "return a part of it, e.g. a slice or a count"
    assert output_of(attack, "text = big_text(size=150000)\nreturn text[:6]") == "a\na\na\n"
    assert "returned a value of more than" in error_of(attack, "return shared()")
    assert error_of(attack, "x = 'a' * 60000\ny = 'b' * 60000\nreturn {'x': x, 'y': y}") \
        .startswith(f"line 3: a value of 120004 items is {TOO_LARGE}")  # refused already while it was built


# ---- 4. the program's text -----------------------------------------------------------------------

def test_the_program_text_has_a_length_limit(attack):
    code = "x = 1\n" * (MAX_SOURCE // 6 + 1)
    assert error_of(attack, code) == f"the program is {len(code)} characters long; programs may be at most {MAX_SOURCE}"
    assert answered(attack("x = 1\n" * (MAX_SOURCE // 6 - 1)))["status"] == "ok"


@pytest.mark.parametrize("code", ["x = " + "-" * (MAX_NESTING + 10) + "1",
                                  "x = " + "[" * (MAX_NESTING + 10) + "]" * (MAX_NESTING + 10),
                                  "x = " + "1+" * 3000 + "1"])
def test_deeply_nested_syntax_is_refused_before_it_runs(attack, code):
    error = error_of(attack, code)
    assert error in (f"line 1: the program nests more than {MAX_NESTING} levels deep",
                     f"the program nests more than {MAX_NESTING} levels deep")


# ---- the attack, at random: programs of the allowed grammar and the shapes above ------------------

NAMES = ["a", "b", "s", "xs"]
SETUP = "a = 1\nb = 'x'\ns = 'ab c'\nxs = [1, 2, 3]\n"
LEAVES = st.one_of(
    st.integers(-3, 12).map(str),
    st.sampled_from(["0", "99999", "100000", "100001", "1000000000", "2.5", "True", "None", "-1", "4096"]),
    st.sampled_from(["''", "'a'", "'ab\\ncd'", "'x y z'", "'%s'", "'%d|%5.1f'", "'%(a)s'", "'%0999999d'",
                     "'%.99999f'", "b'a'", "b'%d'", "('a' * 1000)", "[0] * 1000", "'{'"]),
    st.sampled_from(NAMES),
)
TARGETS = st.sampled_from(["a", "b", "a, b", "s", "a", "b, s"] * 2 + ["xs[0]", "a, *b", "(a, b), s", "[a, b]"])
ONE_ARG = st.sampled_from(["len", "str", "int", "float", "sorted", "unique", "enumerate", "lines", "split",
                           "strip", "sum", "min", "max", "any", "all", "range", "join"])
TWO_ARGS = st.sampled_from(["split", "join", "startswith", "endswith", "range", "zip", "min", "max", "sum"])


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    two = st.tuples(inner, inner)
    return st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "//", "%"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, st.sampled_from(["==", "!=", "<", ">=", "in", "not in", "is"]), inner)
        .map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        inner.map(lambda x: f"[*{x}, 0]"),
        two.map(lambda t: f"{{{t[0]}: {t[1]}}}"),
        two.map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(inner, inner, inner).map(lambda t: f"{t[0]}[{t[1]}:{t[2]}]"),
        two.map(lambda t: f'f"{{{t[0]}}}-{{{t[1]}!r:>5}}"'),
        st.tuples(ONE_ARG, inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(TWO_ARGS, inner, inner).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(inner, inner, inner).map(lambda t: f"replace({t[0]}, {t[1]}, {t[2]})"),
        inner.map(lambda x: f"read_file(path={x})"),
        st.lists(inner, min_size=1, max_size=3)
        .map(lambda xs: "gather(" + ", ".join(f"read_file(path={x})" for x in xs) + ")"),
        st.tuples(inner, TARGETS, inner, inner).map(lambda t: f"[{t[0]} for {t[1]} in {t[2]} if {t[3]}]"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["-", "not "]), inner).map(lambda t: f"({t[0]}{t[1]})"),
    )


EXPRESSIONS = st.recursive(LEAVES, _extend, max_leaves=10)


def _statements(depth: int) -> st.SearchStrategy[str]:
    simple = st.one_of(
        st.tuples(st.sampled_from(NAMES), EXPRESSIONS).map(lambda t: f"{t[0]} = {t[1]}"),
        st.tuples(st.sampled_from(NAMES), st.sampled_from(["+", "-", "*", "//", "%"]), EXPRESSIONS)
        .map(lambda t: f"{t[0]} {t[1]}= {t[2]}"),
        st.tuples(TARGETS, EXPRESSIONS).map(lambda t: f"{t[0]} = {t[1]}"),
        EXPRESSIONS,
        EXPRESSIONS.map(lambda e: f"return {e}"),
        st.sampled_from(["pass", "break", "continue"]),
    )
    if depth == 0:
        return simple
    body = st.lists(_statements(depth - 1), min_size=1, max_size=3).map(lambda b: textwrap.indent("\n".join(b), "    "))
    return st.one_of(
        simple,
        st.tuples(TARGETS, EXPRESSIONS, body).map(lambda t: f"for {t[0]} in {t[1]}:\n{t[2]}"),
        st.tuples(EXPRESSIONS, body).map(lambda t: f"while {t[0]}:\n{t[1]}"),
        st.tuples(EXPRESSIONS, body, body).map(lambda t: f"if {t[0]}:\n{t[1]}\nelse:\n{t[2]}"),
    )


RANDOM_PROGRAMS = st.lists(_statements(2), min_size=1, max_size=6).map(lambda b: SETUP + "\n".join(b))
SIZES = st.sampled_from([0, 1, 3, 300, 1000, MAX_ITEMS, MAX_ITEMS + 1, 10 ** 9])
USES = st.sampled_from(["str(x)", "f'{x}'", "'%s' % x", "x == x[:]", "sum(x, [])", "max(x)", "sorted(x)", "x",
                        "len(x)", "[x, x]", "join(x)", "0 in x"])
SHAPES = st.one_of(
    st.tuples(SIZES, SIZES, USES).map(lambda t: f"x = [[0] * {t[0]}] * {t[1]}\nreturn {t[2]}"),
    st.tuples(SIZES, SIZES, USES).map(lambda t: f"s = 'ab' * {t[0]}\nx = [s] * {t[1]}\nreturn {t[2]}"),
    st.tuples(SIZES, USES).map(lambda t: f"x = shared()[:{t[0]}]\nreturn {t[1]}"),
    st.tuples(st.sampled_from(["'a'", "[0]", "b'a'", "'%s'"]), SIZES, SIZES, st.sampled_from(["*", "+"]))
    .map(lambda t: f"x = {t[0]} * {t[1]}\nx {t[3]}= x * {t[2]}\nreturn len(x)"),
    st.tuples(SIZES, SIZES).map(lambda t: f"x = b'a' * {t[0]}\nreturn len(x * {t[1]})"),
    st.tuples(st.sampled_from(["%0{n}d", "%.{n}f", "%{n}s", "%(a){n}s", "%-{n}.{n}f"]), SIZES)
    .map(lambda t: f"return '{t[0].format(n=t[1])}' % " + ("{'a': 1}" if "(a)" in t[0] else "1")),
    st.tuples(SIZES, SIZES).map(lambda t: f"return len('%(a)s' * {t[0]} % {{'a': 'x' * {t[1]}}})"),
    st.tuples(SIZES, SIZES).map(lambda t: f"return len(replace('a' * {t[0]}, 'a', 'b' * {t[1]}))"),
    st.tuples(SIZES, SIZES).map(lambda t: f"return len(join(['a'] * {t[0]}, 'b' * {t[1]}))"),
    st.tuples(SIZES, SIZES).map(lambda t: f"return len(split('a,' * {t[0]} + 'b' * {t[1]}, ','))"),
    SIZES.map(lambda n: f"x = []\nfor i in range({n}):\n    x = [x]\nreturn x"),
    SIZES.map(lambda n: f"return nested(levels={min(n, 200)})"),
    st.sampled_from(["for xs[0] in [1]:\n    pass", "return [1 for a, *b in [[1, 2]]]",
                     "for (a, b), c in [[[1, 2], 3]]:\n    pass", "xs[0] += 1", "return sorted(endless())",
                     "for i in endless():\n    pass", "return 3 in endless()", "return lines(big_text(size=300000))",
                     "return big_text(size=150000)", "return [shared()]"]),
    st.tuples(st.sampled_from(["x = 1\n", "-", "[", "(", "1 + "]), SIZES)
    .map(lambda t: t[0] * min(t[1], 30000) if t[0] == "x = 1\n" else "x = " + t[0] * min(t[1], 3000) + "1"),
)
PROGRAMS = st.one_of(RANDOM_PROGRAMS, SHAPES,
                     st.tuples(RANDOM_PROGRAMS, SHAPES).map(lambda t: t[0] + "\n" + t[1]))


@settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(code=PROGRAMS)
def test_every_program_ends_as_one_result_and_its_siblings_keep_theirs(attack, code):
    answered(attack(code))


# ---- valid programs keep their behaviour -----------------------------------------------------------

def test_values_built_by_a_program_reach_tools_and_the_model_as_plain_lists_and_dicts():
    code = ("xs = [[1, 2]] * 2 + [x * 2 for x in range(3)][1:]\n"
            "d = {'k': xs, 'pairs': zip(['a'], [1])}\n"
            "seen = kinds(parts=[xs, d['pairs']])\n"
            "return {'d': d, 'seen': seen, 'sorted': sorted(lines('b\\na'))}")
    trace = run_program(code, TOOLS)
    output = trace.result("program").output
    assert output == {"d": {"k": [[1, 2], [1, 2], 2, 4], "pairs": [["a", 1]]},
                      "seen": "list[list[list[int,int],list[int,int],int,int],list[list[str,int]]]",
                      "sorted": ["a", "b"]}
    assert _is_plain(output)
    assert output["d"]["k"][0] is output["d"]["k"][1]  # shared parts stay shared


def test_a_failing_program_beside_ordinary_calls_keeps_every_result():
    plan = [[ToolCall("plain", "read_file", {"path": "a"}),
             ToolCall("bomb", PROGRAM_TOOL, {"code": "x = [[0] * 1000] * 1000"}),
             ToolCall("loop", PROGRAM_TOOL, {"code": "for xs[0] in [1]:\n    pass"}),
             ToolCall("good", PROGRAM_TOOL, {"code": "return read_file(path='b')"})]]
    trace = ProgrammaticAgent(course.ScriptedModel(plan, latency=0.5), TOOLS).run_sync("go")
    answers = {m["tool_call_id"]: m["content"] for m in trace.messages if m["role"] == "tool"}
    assert list(answers) == ["plain", "bomb", "loop", "good"]
    assert answers["plain"] == "<a>" and answers["good"] == "<b>"
    assert answers["bomb"].startswith("Error: the program stopped: line 1: a value of 1001000 items")
    assert answers["loop"] == "Error: the program stopped: line 1: `for` targets must be plain names or tuples of names"
