"""Errors the runtime raises, each with a message that says what to do next."""
from __future__ import annotations


class CourseError(Exception):
    """Base class for errors raised by the course runtime."""


class ToolDefinitionError(CourseError):
    """A function could not be turned into a tool."""


class ModelError(CourseError):
    """The model (live or offline) could not answer; the message says why and what to try."""
