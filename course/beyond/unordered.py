"""Anthropic's alternative to dependency analysis: send calls unordered, re-issue what failed.

Anthropic's tool-use docs say the calls of one assistant turn are unordered: a call that needs
another call's result belongs in a later turn, and when one is sent too early anyway it fails,
is answered with `is_error: true`, and the model sends it again once its inputs exist. No
runtime scheduling is needed — the model's turns do the ordering.

`reissue_model` scripts a model that follows that advice: it sends the whole batch in one turn
(without `depends_on`, which no provider's batch can carry), and after each turn re-issues every
call that failed for a missing prerequisite whose prerequisites have now succeeded, with fresh
ids and its `"$id"` references pointed at the latest attempts. Run it with `mode="all"`: the
runtime starts every call of a turn at once and answers a call whose input is not ready with an
error result, just as a real tool would fail without its input.
"""
from __future__ import annotations

from typing import Any, Sequence

from ..calls import ToolCall
from ..models.scripted import ScriptedModel

NOT_READY = ("is not ready", "did not succeed")  # the runtime's wording for a missing prerequisite


def _attempts(call_id: str, results: dict[str, str]) -> list[str]:
    ids, n = [], 1
    while (candidate := call_id if n == 1 else f"{call_id}_try{n}") in results:
        ids.append(candidate)
        n += 1
    return ids


def _failed_for_prerequisite(text: str) -> bool:
    return text.startswith("Error:") and any(marker in text for marker in NOT_READY)


def _repoint(value: Any, latest: dict[str, str]) -> Any:
    if isinstance(value, str) and value.startswith("$") and value[1:] in latest:
        return "$" + latest[value[1:]]
    if isinstance(value, dict):
        return {k: _repoint(v, latest) for k, v in value.items()}
    if isinstance(value, list):
        return [_repoint(v, latest) for v in value]
    return value


def reissue_plan(calls: Sequence[ToolCall], max_attempts: int = 5) -> list[Any]:
    """A ScriptedModel plan: the batch unordered, then re-issues of calls that failed too early."""
    first = [ToolCall(c.id, c.name, c.arguments) for c in calls]  # a provider's batch has no depends_on
    inputs = {c.id: [d for d in (*c.depends_on, *c.references()) if d != c.id] for c in calls}

    def reissue(results: dict[str, str]) -> list[ToolCall]:
        latest, ok = {}, set()
        for c in calls:
            tried = _attempts(c.id, results)
            if tried:
                latest[c.id] = tried[-1]
                if not results[tried[-1]].startswith("Error:"):
                    ok.add(c.id)
        again = []
        for c in calls:
            attempt = latest.get(c.id)
            if attempt is None or c.id in ok or not _failed_for_prerequisite(results[attempt]):
                continue
            n = len(_attempts(c.id, results))
            if n < max_attempts and all(d in ok for d in inputs[c.id]):
                again.append(ToolCall(f"{c.id}_try{n + 1}", c.name, _repoint(c.arguments, latest)))
        return again

    return [first, reissue]


def reissue_model(calls: Sequence[ToolCall], final: str = "done", latency: float = 0.5,
                  max_attempts: int = 5) -> ScriptedModel:
    """A scripted model that sends `calls` unordered and re-issues the ones that failed too early."""
    return ScriptedModel(plan=reissue_plan(calls, max_attempts), final=final, latency=latency,
                         name="unordered, re-issue on error")


__all__ = ["reissue_model", "reissue_plan"]
