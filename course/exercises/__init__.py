"""Exercises and quizzes: the checker toolkit (`checkers`) and the per-lesson bank (`bank`).

A notebook fetches its checker by id: `ex = course.exercises.get("03.gather")`, then
`ex.check(answer)`, `ex.hint()`, `ex.solution()`.
"""
from .bank import everything, get, lesson
from .checkers import *  # noqa: F401,F403  (the toolkit the bank is written in)
from .checkers import __all__ as _toolkit

__all__ = [*_toolkit, "everything", "get", "lesson"]
