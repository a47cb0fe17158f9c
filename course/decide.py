"""Which mode a batch runs in: the documents' decision tree as written, and the one `auto` uses.

Each decision comes with its reason, a `course.i18n.Message`: its value is the English sentence (what
tests compare), and printing or formatting it shows it in the learner's language.
"""
from __future__ import annotations

from typing import Iterable

from .calls import ToolCall
from .i18n import Message
from .modes import DeliveryMode
from .scheduling import BatchGraph, build_graph
from .tools import Tool


def decide_mode_documents(calls: list[ToolCall], tools: dict[str, Tool] | None = None,
                          prior_ids: Iterable[str] = (), *,
                          needs_intermediate_results: bool = False) -> tuple[DeliveryMode, str]:
    """The documents' decision tree as written: dependencies or a need for intermediate results →
    one-at-a-time, otherwise all. Kept for lessons to build and critique; `auto` uses decide_mode."""
    if len(calls) > 1:
        graph = build_graph(calls, tools or {}, prior_ids, conflicts=False)
        for i, preds in enumerate(graph.data):
            if preds:
                return (DeliveryMode.ONE_AT_A_TIME,
                        Message("{call} depends on {first}: the documents say one-at-a-time",
                                call=calls[i].id, first=_ids(calls, preds)))
    if needs_intermediate_results:
        return DeliveryMode.ONE_AT_A_TIME, Message("the model must see a result before choosing the next call")
    return DeliveryMode.ALL, Message("no dependencies: the documents say all")


def decide_mode(calls: list[ToolCall], tools: dict[str, Tool],
                prior_ids: Iterable[str] = ()) -> tuple[DeliveryMode, str]:
    """What mode="auto" runs, per batch: dependencies the model wrote (depends_on, "$id"), unsafe tools or
    conflicting writes → hybrid, which orders them in the same turn; otherwise → all.

    Unlike the documents' tree it never picks one-at-a-time: a dependency written into the batch is
    one the runtime can schedule, so spending a model turn per call buys nothing. One-at-a-time is for
    dependencies the model has NOT written (it must see a result to choose the next call); no rule
    can see those in a batch, so that choice is made up front: Agent(mode="one-at-a-time").
    """
    if len(calls) <= 1:
        return DeliveryMode.ALL, Message(_SINGLE)
    return decide_on_graph(calls, tools, build_graph(calls, tools, prior_ids, conflicts=True))


def decide_on_graph(calls: list[ToolCall], tools: dict[str, Tool], graph: BatchGraph) -> tuple[DeliveryMode, str]:
    """decide_mode on a batch graph already built (with conflicts), so auto builds it once per batch."""
    if len(calls) <= 1:
        return DeliveryMode.ALL, Message(_SINGLE)
    for i, preds in enumerate(graph.data):
        if len(preds) == 1:
            first = calls[min(preds)].id
            return (DeliveryMode.HYBRID,
                    Message("{call} needs the result of {first} and the batch says so: hybrid runs it after "
                            "{first2}, in the same turn", call=calls[i].id, first=first, first2=first))
        if preds:
            return (DeliveryMode.HYBRID,
                    Message("{call} needs the results of {needs} and the batch says so: hybrid runs it after "
                            "all of them, in the same turn", call=calls[i].id, needs=_ids(calls, preds)))
    unsafe = sorted({c.name for c in calls if c.name in tools and not tools[c.name].parallel_safe})
    if unsafe:
        return DeliveryMode.HYBRID, Message("{tools} is not parallel-safe: hybrid runs it alone", tools=unsafe)
    if any(graph.order[i] != graph.data[i] for i in range(len(calls))):
        return DeliveryMode.HYBRID, Message("two calls touch the same resource and one writes it: hybrid orders them")
    return DeliveryMode.ALL, Message("independent calls: run them all at once")


def _ids(calls: list[ToolCall], indices: Iterable[int]) -> list[str]:
    """The ids of the calls at `indices`, in batch order (a Message shows a list in the learner's language)."""
    return [calls[i].id for i in sorted(indices)]


_SINGLE = "a single call: every mode runs it the same way"


AUTO_CHOICE = "auto chose {mode}: {reason}"
AUTO_CHOICE_IN_TURN = "turn {n}: auto chose {mode} ({reason})"


def choice_note(mode: DeliveryMode, reason: str, turn: int | None = None) -> Message:
    """The note auto leaves in a trace for one batch (one wording for an agent's turn and for
    course.execute), its reason kept as a Message so the whole note is shown in the learner's language."""
    if turn is None:
        return Message(AUTO_CHOICE, mode=mode.value, reason=reason)
    return Message(AUTO_CHOICE_IN_TURN, n=turn, mode=mode.value, reason=reason)
