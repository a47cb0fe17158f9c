"""The course's exercises and quizzes, one module per lesson, kept out of the learners' notebooks.

A notebook fetches its checker by id, `ex = course.exercises.get("03.gather")`; the checks, hints,
worked solutions and quiz answers live here. The ids are the ones progress records use.
"""
from __future__ import annotations

import importlib
from typing import Union

from ..checkers import Exercise, Quiz

Checker = Union[Exercise, Quiz]
LESSONS = tuple(f"lesson{n:02d}" for n in range(1, 9))


def lesson(number: int | str) -> dict[str, Checker]:
    """Every exercise and quiz of one lesson, by id, in the order the lesson uses them."""
    name = f"lesson{int(number):02d}" if str(number).isdigit() else ""
    if name not in LESSONS:
        raise KeyError(f"there is no lesson {number!r}")
    return dict(importlib.import_module(f"{__name__}.{name}").EXERCISES)


def get(exercise_id: str) -> Checker:
    """The exercise or quiz with this id, e.g. get("03.gather") or get("03.quiz")."""
    found = lesson(exercise_id.split(".", 1)[0])
    if exercise_id not in found:
        raise KeyError(f"no exercise {exercise_id!r}; its lesson has: {', '.join(found)}")
    return found[exercise_id]


def everything() -> dict[str, Checker]:
    """Every exercise and quiz of the course, by id."""
    out: dict[str, Checker] = {}
    for n in range(1, len(LESSONS) + 1):
        out.update(lesson(n))
    return out


__all__ = ["Checker", "LESSONS", "everything", "get", "lesson"]
