"""Exercises in the notebooks: `ex = get("03.gather")`, then `ex.check(answer)`, `ex.hint()`, `ex.solution()`.

The exercises themselves (checks, hints, worked solutions, quiz answers) live in the package
`course.exercises.bank`, one module per lesson, so a learner's notebook holds only the one line
that fetches its checker by id. This module is the toolkit they are built from.

An exercise is a list of declarative checks. Each check looks at the learner's answer and raises
`Wrong("what is wrong, and what to try")` when it is not right. Checks that time the learner's
code run it on the virtual clock, so "did these calls overlap?" has an exact, repeatable answer.

An unsolved exercise still executes: when the answer is `...`, `None`, `NotImplemented`, or the
learner's function raises `NotImplementedError`, `check()` prints "not attempted yet" instead
of failing. Every message is deterministic, because the notebooks' outputs are compared strictly.
"""
from __future__ import annotations

import asyncio
import importlib
import inspect
import math
import os
import sys
import sysconfig
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Iterable, Literal, Mapping, Sequence

from ..i18n import tr

Check = Callable[[Any], None]
Status = Literal["passed", "failed", "unattempted"]

PASSED = "✅ Correct!"
NOT_ATTEMPTED = ("⏳ Not attempted yet: replace the `...` (or the `raise NotImplementedError`) "
                 "with your answer, then run this cell again.")


class Wrong(Exception):
    """Raised by a check: the message tells the learner what is wrong and what to try."""


@dataclass(frozen=True)
class Outcome:
    """The verdict on one answer: passed, failed or unattempted, with the message shown."""

    status: Status
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", tr(self.message))  # in the notebook's language

    @property
    def passed(self) -> bool:
        """True when every check accepted the answer."""
        return self.status == "passed"


def is_unattempted(answer: Any) -> bool:
    """True for the placeholders a stub leaves behind: `...`, None, NotImplemented."""
    return answer is Ellipsis or answer is None or answer is NotImplemented


def _record(exercise_id: str, status: Status) -> None:
    """Tell the progress tracker the outcome ("unattempted" is not recorded); never let it break a lesson."""
    try:
        progress = importlib.import_module("course.progress")
    except ImportError:
        return
    record = getattr(progress, "record", None)
    if record is None:
        return
    try:
        record(exercise_id, status)
    except Exception:  # a read-only home or a broken file must not stop the lesson
        pass


@dataclass
class Exercise:
    """One exercise: an id, declarative checks, a hint and a worked solution."""

    id: str
    checks: Sequence[Check]
    hint_text: str = ""
    solution_text: str = ""
    success: str = ""

    def evaluate(self, answer: Any) -> Outcome:
        """Judge an answer without printing or recording anything."""
        if is_unattempted(answer):
            return Outcome("unattempted", NOT_ATTEMPTED)
        try:
            for check in self.checks:
                check(answer)
        except NotImplementedError:
            return Outcome("unattempted", NOT_ATTEMPTED)
        except Wrong as exc:
            return Outcome("failed", f"❌ Not yet: {exc}\n   Stuck? Call .hint() on this exercise.")
        except Exception as exc:  # say whose code crashed, without a traceback
            if raised_in_learner_code(exc):
                return Outcome("failed", f"❌ Not yet: your code raised {type(exc).__name__}: {exc}")
            return Outcome("failed", f"❌ Not yet: the checker could not use your answer "
                                     f"({type(exc).__name__}: {exc}). Check that it has the shape the "
                                     "exercise asks for (a function with those parameters, a list, a "
                                     "dict…); .solution() shows one.")
        return Outcome("passed", f"{PASSED} {self.success}".rstrip())

    def check(self, answer: Any) -> None:
        """Check an answer, print the verdict, and record it in the learner's progress."""
        outcome = self.evaluate(answer)
        print(outcome.message)
        _record(self.id, outcome.status)

    def hint(self) -> None:
        """Print a nudge in the right direction."""
        print(tr(f"💡 Hint: {self.hint_text}" if self.hint_text else "💡 No hint for this one: try it!"))

    def solution(self) -> None:
        """Print one correct answer."""
        print(tr(f"Solution:\n{self.solution_text}" if self.solution_text else "No solution is written down."))

    def __repr__(self) -> str:
        return f"<Exercise {self.id}: ex.check(answer), ex.hint(), ex.solution()>"


_COURSE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LIBRARY_DIRS = tuple({os.path.abspath(sysconfig.get_paths()[k]) for k in ("stdlib", "platstdlib", "purelib", "platlib")})


def _is_learner_file(filename: str) -> bool:
    """A file that is neither the course package, nor the standard library, nor an installed package."""
    path = os.path.abspath(filename)
    if filename.startswith("<frozen") or path.startswith(_COURSE_DIR + os.sep):
        return False
    return not path.startswith(_LIBRARY_DIRS)


def raised_in_learner_code(exc: BaseException) -> bool:
    """True when the exception's traceback passes through the learner's own code (a notebook cell,
    a test file), False when it arose in the checker or the runtime without entering it — for
    example calling the learner's function with arguments it does not accept."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        tb = exc.__traceback__
        while tb is not None:
            if _is_learner_file(tb.tb_frame.f_code.co_filename):
                return True
            tb = tb.tb_next
        exc = exc.__context__
    return False


# ---- the virtual clock, for checks that time the learner's code ----------------------------

@dataclass
class Measurement:
    """What running the learner's code on the virtual clock produced, and how long it took."""

    value: Any
    elapsed: float


def measure(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Measurement:
    """Call fn (plain or async) on a fresh virtual clock; return its value and the virtual seconds."""
    from ..sync import run

    async def main() -> Measurement:
        loop = asyncio.get_running_loop()
        start = loop.time()
        value = fn(*args, **kwargs)
        if inspect.isawaitable(value):
            value = await value
        return Measurement(value, round(loop.time() - start, 9))

    return run(main, "virtual")


@dataclass
class Probe:
    """A fake async tool for checks: each call waits `latency` seconds and records that it ran.

    `latency` is a number or a mapping from the first argument to seconds; `fail` names first
    arguments whose call raises RuntimeError; `output` turns the first argument into a result.
    """

    latency: float | Mapping[Any, float] = 1.0
    fail: Iterable[Any] = ()
    output: Callable[[Any], Any] = lambda arg: f"result of {arg}"
    calls: list[Any] = field(default_factory=list)
    in_flight: int = 0
    peak: int = 0

    async def __call__(self, arg: Any = None, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(arg)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            delay = self.latency.get(arg, 1.0) if isinstance(self.latency, Mapping) else self.latency
            await asyncio.sleep(delay)
            if arg in set(self.fail):
                raise RuntimeError(f"{arg} failed")
            return self.output(arg)
        finally:
            self.in_flight -= 1


# ---- check builders ------------------------------------------------------------------------

def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{round(value, 6):g}"
    if _numbers(value):
        return "(" + ", ".join(_fmt(v) for v in value) + ")"
    return repr(value)


def _need_function(answer: Any) -> None:
    if inspect.iscoroutine(answer):
        answer.close()  # the learner called their async function: no "never awaited" warning
    if not callable(answer):
        raise Wrong(f"pass your function itself (without calling it), got {type(answer).__name__}.")


def _unit_slip(got: Any, expected: Any, unit: str, tol: float) -> str:
    """' (that looks like milliseconds: give seconds)' when got is expected × 1000, for unit "s"."""
    if unit == "s" and isinstance(got, (int, float)) and math.isclose(got, expected * 1000, abs_tol=tol * 1000):
        return " That looks like milliseconds: give the answer in seconds."
    return ""


def equals(expected: Any, *, tol: float = 1e-6, what: str = "your answer", unit: str = "") -> Check:
    """The answer equals `expected` (numbers within `tol`); `unit` (e.g. "s") is named in the
    messages, and an answer 1000× too large is called milliseconds."""
    u = f" {unit}" if unit else ""

    def check(answer: Any) -> None:
        if isinstance(expected, (int, float)) and not isinstance(expected, bool):
            if not isinstance(answer, (int, float)) or isinstance(answer, bool):
                raise Wrong(f"{what} should be a number{' of ' + unit if unit else ''}, got {type(answer).__name__}.")
            if not math.isclose(answer, expected, rel_tol=0, abs_tol=tol):
                raise Wrong(f"{what} is {_fmt(answer)}{u}, which is not right."
                            + _unit_slip(answer, expected, unit, tol))
        elif _numbers(expected):
            if not _numbers(answer) or len(answer) != len(expected):
                raise Wrong(f"{what} should be {len(expected)} numbers, got {_fmt(answer)}.")
            if sorted(answer) != list(answer) and sorted(expected) == list(expected) and all(
                    math.isclose(a, e, rel_tol=0, abs_tol=tol) for a, e in zip(sorted(answer), expected)):
                raise Wrong(f"{what} has the right values in the wrong order: put the low end first.")
            for i, (a, e) in enumerate(zip(answer, expected)):
                if not math.isclose(a, e, rel_tol=0, abs_tol=tol):
                    raise Wrong(f"{what}: value {i + 1} is {_fmt(a)}{u}, which is not right."
                                + _unit_slip(a, e, unit, tol))
        elif answer != expected:
            raise Wrong(f"{what} is {_fmt(answer)}, which is not right.")
    return check


def _numbers(value: Any) -> bool:
    return (isinstance(value, (tuple, list)) and bool(value)
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value))


def is_a(kind: type | tuple[type, ...], what: str = "your answer") -> Check:
    """The answer is an instance of `kind`."""
    def check(answer: Any) -> None:
        if not isinstance(answer, kind):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise Wrong(f"{what} should be a {names}, got {type(answer).__name__}.")
    return check


def satisfies(predicate: Callable[[Any], bool], message: str) -> Check:
    """The predicate holds for the answer; otherwise `message` is shown."""
    def check(answer: Any) -> None:
        if not predicate(answer):
            raise Wrong(message)
    return check


def no_placeholders(what: str = "your answer") -> Check:
    """No `...` is left inside a dict, list or tuple answer (counts as not attempted)."""
    def check(answer: Any) -> None:
        values = answer.values() if isinstance(answer, Mapping) else answer
        if isinstance(values, (list, tuple, type({}.values()))) and any(v is Ellipsis for v in values):
            if all(v is Ellipsis for v in values):
                raise NotImplementedError
            raise Wrong(f"{what} still has `...` in it: fill in every entry.")
    return check


def same_keys_values(expected: Mapping[Any, Any], what: str = "entry",
                     choices: Sequence[str] | None = None) -> Check:
    """A mapping answer agrees with `expected` key by key (reports the first disagreement).

    With `choices` (the words an answer may use), string values are compared without regard to
    case or surrounding spaces, and a word that is not one of the choices is named as such."""
    def norm(v: Any) -> Any:
        return v.strip().lower() if choices is not None and isinstance(v, str) else v

    def check(answer: Any) -> None:
        if not isinstance(answer, Mapping):
            raise Wrong(f"the answer should be a dict, got {type(answer).__name__}.")
        missing = [k for k in expected if k not in answer]
        if missing:
            raise Wrong(f"the {what} {missing[0]!r} is missing.")
        if choices is not None:
            allowed = {c.lower() for c in choices}
            odd = [k for k in expected if norm(answer[k]) not in allowed]
            if odd:
                words = " or ".join(repr(c) for c in choices)
                raise Wrong(f"{answer[odd[0]]!r} (for {odd[0]!r}) is not one of the answers: write {words}.")
        wrong = [k for k in expected if norm(answer[k]) != norm(expected[k])]
        if wrong:
            raise Wrong(f"{len(wrong)} of {len(expected)} are wrong; look again at {wrong[0]!r}.")
    return check


def trace_metrics(*, makespan: float | None = None, llm_calls: int | None = None,
                  min_concurrency: int | None = None, max_concurrency: int | None = None,
                  tol: float = 1e-6) -> Check:
    """The answer is a Trace with these metrics (on the virtual clock)."""
    def check(answer: Any) -> None:
        from ..trace import Trace
        if not isinstance(answer, Trace):
            raise Wrong(f"the answer should be the Trace a run returns, got {type(answer).__name__}.")
        if llm_calls is not None and answer.llm_calls != llm_calls:
            raise Wrong(f"this run made {answer.llm_calls} model round-trips; the task needs {llm_calls}.")
        if min_concurrency is not None and answer.max_concurrency < min_concurrency:
            raise Wrong(f"at most {answer.max_concurrency} call(s) ran at once; "
                        f"at least {min_concurrency} should overlap.")
        if max_concurrency is not None and answer.max_concurrency > max_concurrency:
            raise Wrong(f"{answer.max_concurrency} calls ran at once; the limit is {max_concurrency}.")
        if makespan is not None and not math.isclose(answer.makespan, makespan, abs_tol=tol):
            raise Wrong(f"the run took {answer.makespan:g} virtual seconds; it should take {makespan:g}.")
    return check


def runs_concurrently(make_args: Callable[[Probe], tuple[Any, ...]], *, expected: Any,
                      elapsed: float, peak: int | None = None,
                      probe: Callable[[], Probe] = Probe, tol: float = 1e-6,
                      limit: int | None = None) -> Check:
    """The answer is a function; called with `make_args(probe)` on the virtual clock it returns
    `expected` (a tuple counts as a list), takes `elapsed` seconds, has at least `peak` probe calls
    in flight at once, and never more than `limit`."""
    def check(answer: Any) -> None:
        _need_function(answer)
        p = probe()
        got = measure(answer, *make_args(p))
        value = list(got.value) if isinstance(got.value, tuple) and isinstance(expected, list) else got.value
        if isinstance(value, list) and any(inspect.iscoroutine(v) for v in value):
            for v in value:
                if inspect.iscoroutine(v):
                    v.close()
            raise Wrong("your function returned coroutine objects, not results: await them "
                        "(for example with asyncio.gather).")
        if value != expected:
            if (isinstance(value, list) and isinstance(expected, list) and len(value) == len(expected)
                    and sorted(map(repr, value)) == sorted(map(repr, expected))):
                raise Wrong("your function returned the right results in another order (the order they "
                            "finished?); return them in the order of the arguments.")
            raise Wrong(f"your function returned {_fmt(got.value)}; expected {_fmt(expected)}.")
        if limit is not None and p.peak > limit:
            raise Wrong(f"{p.peak} calls ran at once; the limit is {limit}.")
        if peak is not None and p.peak < peak:
            if p.peak <= 1:
                raise Wrong(f"the calls ran one after another (at most {p.peak} at once, "
                            f"{got.elapsed:g} virtual seconds in all); start them together so {peak} overlap.")
            raise Wrong(f"at most {p.peak} calls ran at once ({got.elapsed:g} virtual seconds in all); "
                        f"{peak} should overlap.")
        if not math.isclose(got.elapsed, elapsed, abs_tol=tol):
            raise Wrong(f"your function took {got.elapsed:g} virtual seconds; it should take {elapsed:g}.")
    return check


def _same(got: Any, expected: Any, tol: float) -> bool:
    """Equal, with numbers compared within tol (floats add up with last-bit noise)."""
    number = (int, float)
    if isinstance(expected, number) and isinstance(got, number) and not isinstance(got, bool):
        return math.isclose(got, expected, rel_tol=0, abs_tol=tol)
    return got == expected


def returns(cases: Sequence[tuple[tuple[Any, ...], Any]], what: str = "your function",
            tol: float = 1e-6) -> Check:
    """The answer is a function that maps each case's arguments to its expected value."""
    def check(answer: Any) -> None:
        _need_function(answer)
        for args, expected in cases:
            got = measure(answer, *args).value
            if not _same(got, expected, tol):
                shown = ", ".join(_fmt(a) for a in args)
                raise Wrong(f"{what}({shown}) returned {_fmt(got)}; expected {_fmt(expected)}.")
    return check


# ---- quizzes -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    """A multiple-choice question: options by letter, the right letter, and why."""

    text: str
    options: Mapping[str, str]
    answer: str
    why: str = ""
    wrong: Mapping[str, str] = field(default_factory=dict)  # letter -> why that option is not it


def _letter(given: Any) -> str:
    """A quiz answer as a bare lowercase letter: "B", " b ", "b)" and "(b)" all read as "b"."""
    return str(given).strip().strip("().").strip().lower()


@dataclass
class Quiz:
    """A short self-check: `quiz.show()`, then `quiz.check({1: "b", 2: "a", ...})`."""

    id: str
    questions: Sequence[Question]

    def show(self) -> None:
        """Print every question with its options."""
        for n, q in enumerate(self.questions, 1):
            print(tr(f"Q{n}. {q.text}"))
            for letter, text in q.options.items():
                print(tr(f"    {letter}) {text}"))

    def evaluate(self, answers: Any) -> Outcome:
        """Judge a dict of answers (question number → letter) without printing anything."""
        if is_unattempted(answers) or (isinstance(answers, Mapping) and answers
                                       and all(is_unattempted(a) for a in answers.values())):
            return Outcome("unattempted", "⏳ Not attempted yet: put a letter for each question "
                                          "in the dict, then run this cell again.")
        if not isinstance(answers, Mapping):
            return Outcome("failed", "❌ Answer with a dict: {1: 'a', 2: 'c', ...}.")
        lines, right = [], 0
        for n, q in enumerate(self.questions, 1):
            given = answers.get(n)
            if is_unattempted(given):
                lines.append(f"Q{n}: ⏳ not answered yet")
            elif _letter(given) == q.answer:
                right += 1
                lines.append(f"Q{n}: ✅ {q.why}".rstrip())
            elif _letter(given) not in q.options:
                choices = ", ".join(repr(k) for k in q.options)
                lines.append(f"Q{n}: ❌ {given!r} is not one of the options: answer with a letter, {choices}.")
            else:
                letter = _letter(given)
                because = q.wrong.get(letter, "")
                lines.append(f"Q{n}: ❌ {letter!r} is not it: {because} Think again." if because
                             else f"Q{n}: ❌ {letter!r} is not it; think again.")
        status: Status = "passed" if right == len(self.questions) else "failed"
        lines.append(f"{right}/{len(self.questions)} correct.")
        return Outcome(status, "\n".join(lines))

    def check(self, answers: Any) -> None:
        """Check the answers, print one line per question, and record the result."""
        outcome = self.evaluate(answers)
        print(outcome.message)
        _record(self.id, outcome.status)


__all__ = ["Exercise", "Measurement", "Outcome", "Probe", "Question", "Quiz", "Wrong", "equals",
           "is_a", "is_unattempted", "measure", "no_placeholders", "raised_in_learner_code", "returns",
           "runs_concurrently",
           "same_keys_values", "satisfies", "trace_metrics"]


def exercise(exercise_id: str, *checks: Check, hint: str = "", solution: str = "",
             success: str = "") -> Exercise:
    """Build an Exercise: `ex = exercise("03.gather", check1, check2, hint=..., solution=...)`."""
    return Exercise(exercise_id, list(checks), hint_text=hint, solution_text=solution, success=success)


__all__.append("exercise")
