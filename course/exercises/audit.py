"""Audit a checker against the answers learners really give: `audit(exercise, variants)`.

A variant is one trial answer with the verdict it must get and the words its message must hold:
a correct variant must pass, a wrong one must fail with a message that names its slip, in English
and in every other edition (`languages`). The answer is built afresh for each language by a
zero-argument function, so a coroutine, a trace or a tool is never judged twice.

    problems = audit(get("02.cost-formula"), [
        Variant("the formula", lambda: lambda n, t, m: (n + 1) * m + n * t),
        Variant("n turns", lambda: lambda n, t, m: n * (t + m), "failed",
                says="leaves out the first turn", zh="第一个轮次"),
    ])
    assert not problems, problems
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..i18n import language, missing, set_language
from .checkers import Exercise, Quiz, Status

Answer = Callable[[], Any]


@dataclass(frozen=True)
class Variant:
    """One trial answer: `make()` builds it, `expect` is its verdict, and the message must hold every
    regular expression of `says` (English) and of `zh` (the zh-CN edition); the zh message may hold no
    English sentence except what `quotes` matches."""

    name: str
    make: Answer
    expect: Status = "passed"
    says: str | Sequence[str] = ()
    zh: str | Sequence[str] = ()
    quotes: str = ""   # a regular expression for English the zh message may quote (a library's own error)

    def patterns(self, lang: str) -> tuple[str, ...]:
        """The patterns the message must hold in `lang`."""
        found = self.says if lang == "en" else self.zh
        return (found,) if isinstance(found, str) else tuple(found)


_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`|\([^()\n]*=[^()\n]*\)")
_SENTENCE = re.compile(r"\b[A-Za-z]+(?: [a-z]+){3,}\b")


def _english_left(message: str) -> str:
    """Four English words in a row outside quotes and code: a sentence left untranslated ("" if none)."""
    found = _SENTENCE.search(_QUOTED.sub(" ", message))
    return found.group(0) if found else ""


def _judge(checker: Exercise | Quiz, variant: Variant, lang: str) -> list[str]:
    """What is wrong with the checker's verdict on one variant in one language (empty: nothing)."""
    before = language()
    set_language(lang)
    missing(clear=True)
    try:
        outcome = checker.evaluate(variant.make())
        untranslated = missing(clear=True) if lang != "en" else []
    finally:
        set_language(before)
    where = f"{checker.id} [{lang}] {variant.name!r}"
    problems = []
    if outcome.status != variant.expect:
        problems.append(f"{where}: {outcome.status}, expected {variant.expect}: {outcome.message}")
    for pattern in variant.patterns(lang):
        if not re.search(pattern, outcome.message):
            problems.append(f"{where}: the message does not say {pattern!r}: {outcome.message}")
    shown = re.sub(variant.quotes, " ", outcome.message) if variant.quotes else outcome.message
    english = _english_left(shown) if lang != "en" else ""
    if untranslated or english:
        problems.append(f"{where}: shown untranslated: {untranslated or english!r}: {outcome.message}")
    if outcome.status == "failed" and "could not use your answer" in outcome.message:
        problems.append(f"{where}: the checker blamed the answer's shape, not its slip: {outcome.message}")
    return problems


def audit(checker: Exercise | Quiz, variants: Iterable[Variant],
          languages: Sequence[str] = ("en", "zh-CN")) -> list[str]:
    """Every problem found judging each variant in each language; an empty list means the checker
    gives every variant its verdict and names every slip."""
    return [p for v in variants for lang in languages for p in _judge(checker, v, lang)]


def counts(variants: Iterable[Variant]) -> tuple[int, int]:
    """(correct, wrong) variants in a list: the first pass, the second must not."""
    listed = list(variants)
    right = sum(v.expect == "passed" for v in listed)
    return right, len(listed) - right


def coverage(lesson_number: int, variants: Mapping[str, Sequence[Variant]], right: int = 3,
             wrong: int = 5) -> list[str]:
    """What a lesson's variants leave out: an exercise or quiz with none, or with fewer than `right`
    correct and `wrong` wrong ones (an unattempted variant counts as neither)."""
    from .bank import lesson
    problems = [f"{i}: no variants" for i in lesson(lesson_number) if i not in variants]
    for exercise_id, listed in variants.items():
        good = sum(v.expect == "passed" for v in listed)
        bad = sum(v.expect == "failed" for v in listed)
        if good < right or bad < wrong:
            problems.append(f"{exercise_id}: {good} correct and {bad} wrong variants; "
                            f"at least {right} and {wrong} are needed")
    return problems


__all__ = ["Variant", "audit", "counts", "coverage"]
