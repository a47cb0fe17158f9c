"""Delivery modes: how many calls a turn delivers and how a batch is scheduled."""
from __future__ import annotations

from enum import Enum


class DeliveryMode(str, Enum):
    """How an agent hands a model's tool calls to the executor."""

    ONE_AT_A_TIME = "one-at-a-time"
    SEQUENTIAL = "sequential"
    ALL = "all"
    HYBRID = "hybrid"
    AUTO = "auto"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, value: "DeliveryMode | str") -> "DeliveryMode":
        """Turn a mode or its name into a DeliveryMode, with a helpful error for typos."""
        if isinstance(value, cls):
            return value
        try:
            return cls(str(value).strip().lower().replace("_", "-"))
        except ValueError:
            names = ", ".join(repr(m.value) for m in cls)
            raise ValueError(f"Unknown delivery mode {value!r}; choose one of {names}.") from None

    @property
    def one_call_per_turn(self) -> bool:
        """True when the model is asked for at most one tool call per turn."""
        return self is DeliveryMode.ONE_AT_A_TIME
