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
import decimal
import importlib
import inspect
import math
import numbers
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
    """What running the learner's code on the virtual clock produced, and how long it took.

    `unawaited` names what the code returned without awaiting it (a Future or Task from
    asyncio.gather or create_task, or a list of them), or is "" when everything was awaited."""

    value: Any
    elapsed: float
    unawaited: str = ""


def _pending(value: Any) -> list[Any]:
    """The futures in a returned value that the learner never awaited (the value, or items of a list)."""
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    return [v for v in items if asyncio.isfuture(v)]


async def _settle(futures: list[Any]) -> None:
    """Cancel and collect unawaited futures, so no "exception was never retrieved" shows up later."""
    for f in futures:
        f.cancel()
    for f in futures:
        try:
            await f
        except BaseException:  # cancelled, or the exception it already held: collected either way
            pass


class _StdlibRun:
    """While the checker runs learner code, `asyncio.run` is the standard library's again.

    A notebook may have applied nest_asyncio2 cells earlier, which lets `asyncio.run` re-enter a
    running loop; an answer must pass or fail the same whatever ran before it."""

    def __enter__(self) -> None:
        self.saved = asyncio.run
        asyncio.run = _stdlib_run

    def __exit__(self, *exc: Any) -> None:
        asyncio.run = self.saved


def _stdlib_run(main: Any, **kwargs: Any) -> Any:
    """asyncio.run as the standard library has it; inside a running loop it refuses, and closes the
    coroutine it was given (so Python prints no "never awaited" warning later)."""
    import asyncio.runners
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.runners.run(main, **kwargs)
    if inspect.iscoroutine(main):
        main.close()
    raise RuntimeError(NESTED_RUN)


def measure(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Measurement:
    """Call fn (plain or async) on a fresh virtual clock; return its value and the virtual seconds.

    The call is judged in a fresh state: a fresh loop, and the standard `asyncio.run` even where a
    notebook patched it. A Future the code returned without awaiting is cancelled and named."""
    from ..sync import run

    async def main() -> Measurement:
        loop = asyncio.get_running_loop()
        start = loop.time()
        value = fn(*args, **kwargs)
        if inspect.isawaitable(value):
            value = await value
        pending = _pending(value)
        await _settle(pending)
        unawaited = ""
        if pending:
            unawaited = ("a list of " if isinstance(value, (list, tuple)) else "") + type(pending[0]).__name__.lstrip("_")
        return Measurement(value, round(loop.time() - start, 9), unawaited)

    with _StdlibRun():
        return run(main, "virtual")


NESTED_RUN = "asyncio.run() cannot be called from a running event loop"


def nested_run_slip(exc: BaseException) -> str:
    """The named slip when learner code called asyncio.run inside the running loop, else ""."""
    if isinstance(exc, RuntimeError) and NESTED_RUN in str(exc):
        return ("your function called asyncio.run() while a loop is already running (the checker runs "
                "it inside one, like a notebook cell): inside an async def, write `await ...` instead. "
                "It may have worked in the notebook only because nest_asyncio2.apply() ran earlier.")
    return ""


def measure_answer(fn: Callable[..., Any], *args: Any) -> Measurement:
    """measure() for the learner's async function: asyncio.run inside the running loop, and a result
    returned without its await, are told as those slips (Wrong), not as crashes or wrong values."""
    try:
        got = measure(fn, *args)
    except RuntimeError as exc:
        if nested_run_slip(exc):
            raise Wrong(nested_run_slip(exc)) from None
        raise
    if got.unawaited:
        raise Wrong(unawaited_slip(got))
    return got


def unawaited_slip(m: Measurement) -> str:
    """The named slip when the learner's function returned something it never awaited, else ""."""
    if not m.unawaited:
        return ""
    return (f"your function returned {m.unawaited} without awaiting it: you left out an `await` "
            "(write `return await asyncio.gather(...)`).")


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

def as_number(value: Any) -> float | int | None:
    """A real number in any of the types learners use (int, float, Fraction, Decimal, numpy scalars
    and one-element arrays), as an int or float; None when it is not one (a bool is not)."""
    if isinstance(value, bool) or isinstance(value, (str, bytes)):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, (numbers.Real, decimal.Decimal)):
        return float(value)
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "size", None) == 1 and type(value).__name__ != "bool_":
        try:
            return as_number(item())
        except (TypeError, ValueError):
            return None
    return None


def as_numbers(value: Any) -> list[float | int] | None:
    """A non-empty list, tuple or array of real numbers as a list of plain numbers, else None."""
    tolist = getattr(value, "tolist", None)
    if callable(tolist) and not isinstance(value, (list, tuple, str, bytes)):
        value = tolist()
    if not isinstance(value, (list, tuple)) or not value:
        return None
    got = [as_number(v) for v in value]
    return None if any(v is None for v in got) else got


def _fmt(value: Any) -> str:
    number = as_number(value)
    if number is not None and not isinstance(value, int):
        return f"{round(float(number), 6):g}"
    many = as_numbers(value)
    if many is not None and not isinstance(value, str):
        return "(" + ", ".join(_fmt(v) for v in many) + ")"
    return repr(value)


def _need_function(answer: Any) -> None:
    if inspect.iscoroutine(answer):
        answer.close()  # the learner called their async function: no "never awaited" warning
    if not callable(answer):
        raise Wrong(f"pass your function itself (without calling it), got {type(answer).__name__}.")


def _unit_slip(got: Any, expected: Any, unit: str, tol: float) -> str:
    """' That looks like milliseconds: ...' when got is expected × 1000, for unit "s"."""
    g, e = as_number(got), as_number(expected)
    if unit == "s" and g is not None and e is not None and math.isclose(g, e * 1000, abs_tol=tol * 1000):
        return " That looks like milliseconds: give the answer in seconds."
    return ""


Slips = Sequence[tuple[Any, str]]


def _close(a: Any, b: Any, tol: float) -> bool:
    """Two numbers, or two equally long lists of numbers, equal within tol."""
    x, y = as_number(a), as_number(b)
    if x is not None and y is not None:
        return math.isclose(x, y, rel_tol=0, abs_tol=tol)
    xs, ys = as_numbers(a), as_numbers(b)
    return (xs is not None and ys is not None and len(xs) == len(ys)
            and all(math.isclose(p, q, rel_tol=0, abs_tol=tol) for p, q in zip(xs, ys)))


def named_slip(answer: Any, slips: Slips, tol: float = 1e-6) -> str:
    """The sentence of the first slip whose value the answer equals (within tol), else ""."""
    return next((why for value, why in slips if _close(answer, value, tol)), "")


def equals(expected: Any, *, tol: float = 1e-6, what: str = "your answer", unit: str = "",
           slips: Slips = ()) -> Check:
    """The answer equals `expected` (numbers within `tol`, in any numeric type: Fraction, numpy…);
    `unit` (e.g. "s") is named in the messages, an answer 1000× too large is called milliseconds,
    and an answer equal to a value in `slips` is told that slip's sentence (the mistake it shows)."""
    u = f" {unit}" if unit else ""

    def wrong(shown: Any, slip: str) -> Wrong:
        return Wrong(f"{what} is {_fmt(shown)}{u}, which is not right: {slip}" if slip else f"{what} is {_fmt(shown)}{u}, which is not right.")

    def check(answer: Any) -> None:
        if as_number(expected) is not None:
            got = as_number(answer)
            if got is None:
                raise Wrong(f"{what} should be a number{' of ' + unit if unit else ''}, got {type(answer).__name__}.")
            if not math.isclose(got, expected, rel_tol=0, abs_tol=tol):
                slip = named_slip(got, slips, tol)
                if slip:
                    raise wrong(got, slip)
                raise Wrong(f"{what} is {_fmt(got)}{u}, which is not right." + _unit_slip(got, expected, unit, tol))
        elif as_numbers(expected) is not None:
            want = as_numbers(expected)
            got = as_numbers(answer)
            if got is None or len(got) != len(want):
                raise Wrong(f"{what} should be {len(want)} numbers, got {_fmt(answer)}.")
            slip = named_slip(got, slips, tol)
            if slip:
                raise wrong(got, slip)
            if sorted(got) != got and sorted(want) == want and _close(sorted(got), want, tol):
                raise Wrong(f"{what} has the right values in the wrong order: put the low end first.")
            if _close([g / 1000 for g in got], want, tol):
                raise Wrong(f"{what} is {_fmt(got)}{u}. That looks like milliseconds: give the answer in seconds.")
            for i, (a, e) in enumerate(zip(got, want)):
                if not math.isclose(a, e, rel_tol=0, abs_tol=tol):
                    raise Wrong(f"{what}: value {i + 1} is {_fmt(a)}{u}, which is not right."
                                + _unit_slip(a, e, unit, tol))
        elif answer != expected:
            raise Wrong(f"{what} is {_fmt(answer)}, which is not right.")
    return check


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
        got = measure_answer(answer, *make_args(p))
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
    """Equal, with numbers compared within tol (floats add up with last-bit noise), in any numeric type."""
    if as_number(expected) is not None and as_number(got) is not None:
        return math.isclose(as_number(got), expected, rel_tol=0, abs_tol=tol)
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
    """A quiz answer as a bare lowercase letter: "B", " b ", "b)", "(b)" and "b) the text" all read as "b"."""
    text = str(given).strip().strip("().").strip().lower()
    if len(text) > 1 and text[0].isalpha() and text[1] in ").:":
        return text[0]
    return text


def _question_number(key: Any) -> int | None:
    """A question number as learners write it: 1, "1", " 1 ", "Q1", "q1", "Q1.", 1.0."""
    if isinstance(key, bool):
        return None
    number = as_number(key)
    if number is not None:
        return int(number) if float(number).is_integer() else None
    if isinstance(key, str):
        text = key.strip().lower().rstrip(".):")
        text = text[1:] if text.startswith("q") else text
        text = text.strip()
        return int(text) if text.isdigit() else None
    return None


@dataclass
class Quiz:
    """A short self-check: `quiz.show()`, then `quiz.check({1: "b", 2: "a", ...})`.

    Question numbers may be written 1, "1", "Q1" or "q1"; a list or tuple answers the questions in
    order. A question left unanswered is never counted as a failure: with no wrong answer, the quiz
    stays "not attempted" until every question has one."""

    id: str
    questions: Sequence[Question]

    def show(self) -> None:
        """Print every question with its options."""
        for n, q in enumerate(self.questions, 1):
            print(tr(f"Q{n}. {q.text}"))
            for letter, text in q.options.items():
                print(tr(f"    {letter}) {text}"))

    def _by_number(self, answers: Any) -> tuple[dict[int, Any], list[Any]] | None:
        """The answers by question number, and the keys that name no question; None for a wrong shape."""
        if isinstance(answers, (list, tuple)):
            return {n: a for n, a in enumerate(answers, 1)}, []
        if not isinstance(answers, Mapping):
            return None
        found: dict[int, Any] = {}
        odd = []
        for key, value in answers.items():
            n = _question_number(key)
            if n is None or not 1 <= n <= len(self.questions):
                odd.append(key)
            elif n not in found or is_unattempted(found[n]):
                found[n] = value
        return found, odd

    def evaluate(self, answers: Any) -> Outcome:
        """Judge the answers (question number → letter) without printing anything."""
        read = None if is_unattempted(answers) else self._by_number(answers)
        if read is None and not is_unattempted(answers):
            return Outcome("failed", "❌ Answer with a dict: {1: 'a', 2: 'c', ...}.")
        given_by, odd = read if read is not None else ({}, [])
        if not any(not is_unattempted(a) for a in given_by.values()) and not odd:
            return Outcome("unattempted", "⏳ Not attempted yet: put a letter for each question "
                                          "in the dict, then run this cell again.")
        lines, right, wrong, open_ = [], 0, 0, 0
        for n, q in enumerate(self.questions, 1):
            given = given_by.get(n)
            letter = _letter(given)
            by_text = {t.strip().lower(): k for k, t in q.options.items()}
            letter = by_text.get(str(given).strip().lower(), letter) if isinstance(given, str) else letter
            if is_unattempted(given):
                open_ += 1
                lines.append(f"Q{n}: ⏳ not answered yet")
            elif letter == q.answer:
                right += 1
                lines.append(f"Q{n}: ✅ {q.why}".rstrip())
            elif letter not in q.options:
                wrong += 1
                choices = ", ".join(repr(k) for k in q.options)
                lines.append(f"Q{n}: ❌ {given!r} is not one of the options: answer with a letter, {choices}.")
            else:
                wrong += 1
                because = q.wrong.get(letter, "")
                lines.append(f"Q{n}: ❌ {letter!r} is not it: {because} Think again." if because
                             else f"Q{n}: ❌ {letter!r} is not it; think again.")
        for key in odd:
            lines.append(f"{key!r} names no question of this quiz: number them 1 to {len(self.questions)}.")
        lines.append(f"{right}/{len(self.questions)} correct.")
        status: Status = ("passed" if right == len(self.questions) else
                          "failed" if wrong or odd else "unattempted")
        return Outcome(status, "\n".join(lines))

    def check(self, answers: Any) -> None:
        """Check the answers, print one line per question, and record the result."""
        outcome = self.evaluate(answers)
        print(outcome.message)
        _record(self.id, outcome.status)


__all__ = ["Exercise", "Measurement", "Outcome", "Probe", "Question", "Quiz", "Wrong", "as_number", "as_numbers",
           "equals", "is_a", "is_unattempted", "measure", "measure_answer", "named_slip", "nested_run_slip", "no_placeholders",
           "raised_in_learner_code", "returns", "runs_concurrently", "unawaited_slip",
           "same_keys_values", "satisfies", "trace_metrics"]


def exercise(exercise_id: str, *checks: Check, hint: str = "", solution: str = "",
             success: str = "") -> Exercise:
    """Build an Exercise: `ex = exercise("03.gather", check1, check2, hint=..., solution=...)`."""
    return Exercise(exercise_id, list(checks), hint_text=hint, solution_text=solution, success=success)


__all__.append("exercise")
