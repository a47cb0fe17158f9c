"""Errors the runtime raises, each with a message that says what to do next."""
from __future__ import annotations


class CourseError(Exception):
    """Base class for errors raised by the course runtime."""


class ToolDefinitionError(CourseError):
    """A function could not be turned into a tool (its message reads in the learner's language)."""

    def __str__(self) -> str:
        from .i18n import tr  # the English stays in .args; the traceback shows the chosen language

        return tr(super().__str__())


class ModelError(CourseError):
    """The model (live or offline) could not answer; the message says why and what to try."""
