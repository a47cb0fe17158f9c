"""Message-flow diagrams: what travels between an agent and a model API, drawn per wire protocol.

`draw_exchange(protocol, requests, replies)` draws a sequence diagram from the request and reply
bodies an offline endpoint recorded (`offline_endpoint(client).requests` / `.replies`): two
lifelines, one arrow per request (only what is new in it, so the replayed history shows up as
what it is: an echo) and one per reply. The labels use each protocol's own names — tool_calls
and role "tool", function_call items, tool_use / tool_result blocks, functionCall /
functionResponse parts — so the four shapes of the same batch can be compared at a glance.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Callable

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from course.i18n import tr

from .palette import FAILURE_COLOUR, MODEL_COLOUR, TEXT_COLOUR, TOOL_COLOURS

TITLES = {"chat": "OpenAI Chat Completions", "responses": "OpenAI Responses",
          "anthropic": "Anthropic Messages", "gemini": "Google Gemini"}


def _count(labels: list[str]) -> str:
    """['tool', 'tool', 'user'] -> 'tool ×2 · user' (order of first appearance kept)."""
    counts = Counter(labels)
    return " · ".join(f"{label} ×{counts[label]}" if counts[label] > 1 else label for label in dict.fromkeys(labels))


def _chat(message: dict[str, Any]) -> str:
    if message.get("role") == "tool":
        return "tool message"
    if message.get("tool_calls"):
        return f"assistant: tool_calls[{len(message['tool_calls'])}]"
    return f"{message.get('role')}: text"


def _responses(item: dict[str, Any]) -> str:
    kind = item.get("type") or "message"
    if kind == "message":
        return f"{item.get('role', 'assistant')} message"
    return {"function_call_output": "function_call_output (call_id)"}.get(kind, kind)


def _blocks(message: dict[str, Any]) -> list[str]:
    content = message.get("content")
    if isinstance(content, str):
        return [f"{message.get('role')}: text"]
    kinds = [b.get("type", "?") + (" (is_error)" if b.get("is_error") else "") for b in content or []]
    where = " in ONE message" if message.get("role") == "user" and kinds.count("tool_result") > 1 else ""
    return [f"{message.get('role')}: {_count(kinds)}{where}"]


def _parts(content: dict[str, Any]) -> list[str]:
    kinds, signed = [], 0
    for part in content.get("parts") or []:
        kind = next((k for k in ("functionCall", "function_call", "functionResponse", "function_response", "text")
                     if k in part), "part")
        kinds.append({"function_call": "functionCall", "function_response": "functionResponse"}.get(kind, kind))
        signed += bool(part.get("thoughtSignature") or part.get("thought_signature"))
    note = f", {signed} signed" if signed else ""
    together = " together" if kinds.count("functionResponse") > 1 else ""
    return [f"{content.get('role', 'user')}: {_count(kinds)}{together}{note}"]


# protocol -> (the list a request carries, how one entry is labelled, how a reply is summarised)
_SHAPES: dict[str, tuple[Callable[[dict], list], Callable[[Any], list[str]], Callable[[dict], str]]] = {
    "chat": (lambda b: b.get("messages") or [], lambda m: [_chat(m)],
             lambda r: _chat(r["choices"][0]["message"])),
    "responses": (lambda b: [{"role": "user"}] if isinstance(b.get("input"), str) else (b.get("input") or []),
                  lambda i: [_responses(i)], lambda r: "output: " + _count([_responses(i) for i in r["output"]])),
    "anthropic": (lambda b: b.get("messages") or [], _blocks,
                  lambda r: "content: " + _count([f"{b['type']}" for b in r["content"]])),
    "gemini": (lambda b: b.get("contents") or [], _parts,
               lambda r: _count(_parts(r["candidates"][0]["content"]))),
}


def _echoed(label: str) -> bool:
    return label.startswith(("assistant", "model", "reasoning", "function_call ", "function_call×")) or label in (
        "function_call", "assistant message")


def exchange_labels(protocol: str, requests: list[dict[str, Any]], replies: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The diagram as data: ("request" | "reply" | "error", label) in order (what the chart draws).

    A request's label names only what is new in it: the model's previous reply, echoed back as
    history, and the agent's answers to its calls."""
    entries, label_entry, label_reply = _SHAPES[protocol]
    arrows: list[tuple[str, str]] = []
    seen = 0
    for body, reply in zip(requests, replies):
        sent = entries(body)
        labels = [label for entry in sent[seen:] for label in label_entry(entry)]
        echo = [label for label in labels if _echoed(label)]
        new = [label for label in labels if not _echoed(label)]
        parts = ([f"the last reply, echoed: {_count(echo)}"] if echo else []) + (
            [f"{'answers' if echo else 'new'}: {_count(new)}"] if new else [])
        arrows.append(("request", tr("\n".join(parts) or "(nothing new)")))
        if "http_status" in reply:
            message = str((reply.get("error") or {}).get("message", ""))
            message = message if len(message) <= 80 else message[:79] + "…"
            arrows.append(("error", f"HTTP {reply['http_status']}: {message}"))
        else:
            arrows.append(("reply", label_reply(reply)))
        seen = len(sent)
    return arrows


def draw_exchange(protocol: str, requests: list[dict[str, Any]], replies: list[dict[str, Any]],
                  title: str | None = None) -> Figure:
    """A sequence diagram of one agent run's requests and replies in one wire protocol."""
    arrows = exchange_labels(protocol, requests, replies)
    height = 1.2 + 0.62 * len(arrows)
    fig, ax = plt.subplots(figsize=(10, height))
    left, right = 0.12, 0.88
    ax.set_xlim(0, 1)
    ax.set_ylim(len(arrows) + 0.6, -0.9)
    ax.axis("off")
    for x, name in ((left, tr("your agent")), (right, TITLES[protocol])):
        ax.plot([x, x], [-0.3, len(arrows) + 0.3], color=MODEL_COLOUR, lw=1.2, ls="--", zorder=1)
        ax.text(x, -0.55, name, ha="center", va="center", fontsize=10, fontweight="bold", color=TEXT_COLOUR,
                bbox={"boxstyle": "round,pad=0.35", "fc": "white", "ec": MODEL_COLOUR})
    for row, (kind, label) in enumerate(arrows, start=1):
        start, end = (left, right) if kind == "request" else (right, left)
        colour = {"request": TOOL_COLOURS[0], "reply": TOOL_COLOURS[2], "error": FAILURE_COLOUR}[kind]
        ax.annotate("", xy=(end, row), xytext=(start, row),
                    arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.6})
        ax.text(0.5, row - 0.12, label, ha="center", va="bottom", fontsize=8.5, color=TEXT_COLOUR,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.9})
    ax.set_title(title or tr(f"{TITLES[protocol]}: what each request adds, what each reply holds"), fontsize=11,
                 loc="left")
    fig.tight_layout()
    plt.close(fig)
    return fig
