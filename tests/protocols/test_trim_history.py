"""Trimming a history keeps what it keeps in order, keeps every protocol's rules, and keeps the newest turn.

`trim_history` (course/models/history.py) cuts old exchanges to fit a budget. A cut may drop
messages, never move them: a system message given late stays where it was, and when nothing
needs trimming the history comes back unchanged. The property test runs it over random valid
histories (batches of calls answered in any order, late system messages, histories that end on
tool results) and checks the result against all four protocols' validators.
"""
from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.models.history import trim_history
from course.protocols import protocol_errors

SYSTEM = {"role": "system", "content": "You fix bugs."}


def _is_subsequence(kept: list[Any], messages: list[Any]) -> bool:
    """Every kept message is one of `messages` (the same object), in their order."""
    rest = iter(messages)
    return all(any(m is k for m in rest) for k in kept)


@st.composite
def histories(draw) -> list[dict[str, Any]]:
    """A valid conversation: exchanges of a question, rounds of answered batches, maybe an answer;
    system messages at the start and between exchanges or rounds, never inside a batch."""
    messages: list[dict[str, Any]] = [dict(SYSTEM)] if draw(st.booleans()) else []
    late = st.integers(0, 4).map(lambda n: n == 0)  # a late system message, now and then
    calls = 0
    exchanges = draw(st.integers(1, 5))
    for e in range(exchanges):
        if e and draw(late):
            messages.append({"role": "system", "content": f"From now on, rule {e}."})
        messages.append({"role": "user", "content": f"question {e}"})
        for _ in range(draw(st.integers(0, 3))):
            ids = [f"call_{calls + k}" for k in range(1, draw(st.integers(1, 3)) + 1)]
            calls += len(ids)
            messages.append({"role": "assistant", "content": draw(st.sampled_from([None, "Let me look."])),
                             "tool_calls": [{"id": i, "type": "function",
                                             "function": {"name": "read_file", "arguments": f'{{"path": "{i}"}}'}}
                                            for i in ids]})
            messages += [{"role": "tool", "tool_call_id": i, "content": f"contents of {i}"}
                         for i in draw(st.permutations(ids))]
            if draw(late):
                messages.append({"role": "system", "content": "Be brief."})
        if e < exchanges - 1 or draw(st.booleans()):  # the last exchange may end on its results
            messages.append({"role": "assistant", "content": f"answer {e}"})
    return messages


def _newest_turn(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """From the last message that may start the kept part (not a result, not a system message) to the end."""
    last = max(i for i, m in enumerate(messages) if m["role"] not in ("tool", "system"))
    return messages[last:]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages=histories(), budget=st.integers(1, 30))
def test_trimming_keeps_order_validity_and_the_newest_turn(messages, budget):
    assert all(error is None for error in protocol_errors(messages).values())  # valid before
    kept = trim_history(messages, budget)
    assert _is_subsequence(kept, messages)  # nothing moved, nothing changed or invented
    assert protocol_errors(kept) == {"chat": None, "responses": None, "anthropic": None, "gemini": None}
    assert _is_subsequence(_newest_turn(messages), kept)
    assert [m for m in messages if m["role"] == "system"] == [m for m in kept if m["role"] == "system"]
    others = [m for m in messages if m["role"] != "system"]
    if budget >= len(others):
        assert kept == messages  # everything fits: nothing is cut, nothing is moved
    else:
        newest = [m for m in _newest_turn(messages) if m["role"] != "system"]
        assert len([m for m in kept if m["role"] != "system"]) <= max(budget, len(newest)) + 1  # +1: a user turn first


def test_a_late_system_message_stays_where_it_was_when_nothing_is_trimmed():
    messages = [SYSTEM, {"role": "user", "content": "Find the bug."}, {"role": "assistant", "content": "Found it."},
                {"role": "system", "content": "Answer in French from now on."},
                {"role": "user", "content": "Explain it."}, {"role": "assistant", "content": "C'est le rabais."}]
    assert trim_history(messages, 10) == messages


def test_a_late_system_message_keeps_its_place_among_what_is_kept():
    messages = [{"role": "user", "content": "first"}, {"role": "assistant", "content": "one"},
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "second"}, {"role": "assistant", "content": "two"}]
    assert [m["content"] for m in trim_history(messages, 2)] == ["Be brief.", "second", "two"]


def test_an_oversized_final_batch_is_kept_whole_after_its_question():
    calls = [{"id": f"call_{i}", "type": "function", "function": {"name": "read_file", "arguments": "{}"}}
             for i in (1, 2, 3)]
    messages = [SYSTEM, {"role": "user", "content": "old"}, {"role": "assistant", "content": "done"},
                {"role": "user", "content": "Read three files."},
                {"role": "assistant", "content": None, "tool_calls": calls},
                *({"role": "tool", "tool_call_id": c["id"], "content": "x"} for c in calls)]
    kept = trim_history(messages, 2)
    assert [m["role"] for m in kept] == ["system", "user", "assistant", "tool", "tool", "tool"]
    assert kept[1]["content"] == "Read three files."
