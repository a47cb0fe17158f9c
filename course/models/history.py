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
    last one, so an oversized final batch is kept whole rather than broken. What is kept stays
    in its order (a system message given late stays where it was), and nothing is changed:
    the result is a subsequence of `messages`, and all of them when everything fits.
    """
    if max_messages < 1:
        raise ValueError("max_messages must be at least 1.")
    rest = [i for i, m in enumerate(messages) if m.get("role") != "system"]  # where the others are
    starts = exchange_starts([messages[i] for i in rest])
    if not starts:
        return list(messages)
    fitting = [k for k in starts if len(rest) - k <= max_messages]
    start = fitting[0] if fitting else starts[-1]
    keep = set(rest[start:])
    if messages[rest[start]].get("role") == "assistant":  # every protocol wants a user turn first
        first_user = next((i for i in reversed(rest[:start]) if messages[i].get("role") == "user"), None)
        if first_user is not None:
            keep.add(first_user)
    return [m for i, m in enumerate(messages) if i in keep or m.get("role") == "system"]
