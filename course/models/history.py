"""Trimming a conversation without breaking the protocol.

Agents cut old turns to stay inside the context window. Cut in the wrong place and a call loses
its results (or a result its call), and the next request is an HTTP 400 on every protocol — a
bug several agent libraries shipped. The safe rule: cut only *between exchanges*, so that an
assistant turn that called tools always keeps every one of its results, and every result keeps
the turn that called it. (On the Responses API a call also keeps its reasoning item; the adapter
replays those with their calls, so a cut that keeps calls keeps their reasoning too.)
"""
from __future__ import annotations

from typing import Any


def exchange_starts(messages: list[dict[str, Any]]) -> list[int]:
    """Indexes where a cut may start the kept history: never at a tool result, never inside a batch."""
    return [i for i, m in enumerate(messages) if m.get("role") not in ("tool", "system")]


def trim_history(messages: list[dict[str, Any]], max_messages: int) -> list[dict[str, Any]]:
    """At most about `max_messages` of the latest messages (system messages always kept), cut at a safe point.

    The kept part starts at the latest safe point that fits; when none fits, it starts at the
    last one, so an oversized final batch is kept whole rather than broken.
    """
    if max_messages < 1:
        raise ValueError("max_messages must be at least 1.")
    system = [m for m in messages if m.get("role") == "system"]
    rest = [m for m in messages if m.get("role") != "system"]
    starts = exchange_starts(rest)
    if not starts:
        return system + rest
    fitting = [i for i in starts if len(rest) - i <= max_messages]
    start = fitting[0] if fitting else starts[-1]
    kept = rest[start:]
    if kept and kept[0].get("role") == "assistant":  # every protocol wants a user turn first
        first_user = next((m for m in rest[:start][::-1] if m.get("role") == "user"), None)
        if first_user is not None:
            kept = [first_user, *kept]
    return system + kept
