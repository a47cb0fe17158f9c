"""A message-flow diagram: who says what to whom, in a Chat-Completions-style conversation.

    from widgets.message_flow import plot_message_flow
    plot_message_flow(trace.messages, title="One call per turn")

Three lanes (user, assistant, tools) and one arrow per step, top to bottom in conversation order:
the user's prompt, every tool call the assistant sends (all calls of one assistant message share
a row band, so a batch reads as one fan-out), every tool message coming back, and the final answer.
Assistant messages are numbered as model turns, so "4 model turns" can be counted on the picture.
Labels are Messages (English as recorded) and the picture draws them in the learner's language; the
turn numbers are italic in English only (a CJK font has no italic, and the slanted fallback of a
Latin font is what squeezed the spaces out of "模型第 1 轮").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course.i18n import Message, language, tr

from .palette import MODEL_COLOUR, TEXT_COLOUR, TOOL_COLOURS

LANES = ("user", "assistant", "tools")
_X = {"user": 0.0, "assistant": 1.0, "tools": 2.0}


@dataclass(frozen=True)
class Arrow:
    """One step of the conversation: from one lane to another, with a label."""

    source: str
    target: str
    label: str
    colour: str
    turn: int | None = None  # the model turn an assistant message belongs to


def _short(text: Any, width: int = 28) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def flow_steps(messages: Iterable[Mapping[str, Any]]) -> list[Arrow]:
    """The arrows the diagram draws, in order (also handy for printing or testing)."""
    steps: list[Arrow] = []
    colours: dict[str, str] = {}
    turn = 0

    def colour_of(name: str) -> str:
        return colours.setdefault(name, TOOL_COLOURS[len(colours) % len(TOOL_COLOURS)])

    names_by_id: dict[str, str] = {}
    for m in messages:
        role = m.get("role")
        if role == "user":
            steps.append(Arrow("user", "assistant", Message("prompt: {text}", text=_short(m.get("content"))),
                               TEXT_COLOUR))
        elif role == "assistant":
            turn += 1
            calls = m.get("tool_calls") or []
            for call in calls:
                name = call.get("function", {}).get("name", "?")
                names_by_id[call.get("id", "")] = name
                steps.append(Arrow("assistant", "tools", f"{name} ({call.get('id')})", colour_of(name), turn))
            if not calls:
                steps.append(Arrow("assistant", "user", Message("answer: {text}", text=_short(m.get("content"))),
                                   MODEL_COLOUR, turn))
        elif role == "tool":
            call_id = m.get("tool_call_id", "?")
            name = names_by_id.get(call_id, "?")
            steps.append(Arrow("tools", "assistant", Message("result for {id}", id=call_id), colour_of(name)))
        elif role == "system":
            steps.append(Arrow("user", "assistant", Message("system: {text}", text=_short(m.get("content"))),
                               MODEL_COLOUR))
    return steps


def plot_message_flow(messages: Iterable[Mapping[str, Any]], title: str | None = None,
                      ax: Axes | None = None) -> Figure:
    """Draw a Chat-Completions-style message list as arrows between user, assistant and tools lanes."""
    steps = flow_steps(messages)
    rows = max(len(steps), 1)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.5, 0.9 + 0.34 * rows))
    else:
        fig = ax.figure
    for lane in LANES:
        x = _X[lane]
        ax.plot([x, x], [-0.6, rows - 0.4], color="#BBBBBB", lw=1.5, zorder=1)
        ax.text(x, -0.9, tr(lane), ha="center", va="bottom", fontsize=11, fontweight="bold", color=TEXT_COLOUR)
    last_turn = None
    for row, step in enumerate(steps):
        x0, x1 = _X[step.source], _X[step.target]
        ax.annotate("", xy=(x1, row), xytext=(x0, row),
                    arrowprops=dict(arrowstyle="-|>", color=step.colour, lw=1.8, shrinkA=3, shrinkB=3), zorder=3)
        ax.text((x0 + x1) / 2, row - 0.08, str(step.label), ha="center", va="bottom", fontsize=8.5, color=TEXT_COLOUR)
        if step.turn is not None and step.turn != last_turn:
            ax.text(-0.62, row, tr(f"model turn {step.turn}"), fontsize=8, color=MODEL_COLOUR,
                    ha="left", va="center", style="italic" if language() == "en" else "normal")
            last_turn = step.turn
    ax.set_xlim(-0.65, 2.3)
    ax.set_ylim(rows - 0.3, -1.0)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=12, loc="left", pad=14)
    fig.tight_layout()
    return fig


__all__ = ["Arrow", "LANES", "flow_steps", "plot_message_flow"]
