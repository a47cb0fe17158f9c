"""Colours and hatches: the Okabe-Ito colour-blind-safe palette, and status marks that do not rely on colour."""
from __future__ import annotations

from dataclasses import dataclass

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73", "blue": "#0072B2",
    "reddish purple": "#CC79A7", "yellow": "#F0E442", "vermillion": "#D55E00", "black": "#000000",
}
# Tool colours, in the order tools first appear. Vermillion is kept for failures, black for outlines.
TOOL_COLOURS: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442")
MODEL_COLOUR = "#8C8C8C"        # model turns: a neutral grey, so tools stand out
FAILURE_COLOUR = "#D55E00"      # vermillion: outlines and markers of calls that did not succeed
CRITICAL_COLOUR = "#000000"     # the critical path: a thick black outline
TEXT_COLOUR = "#222222"


@dataclass(frozen=True)
class StatusStyle:
    """How a call's outcome is drawn: a hatch and a marker, so it reads without colour."""

    label: str
    hatch: str | None
    marker: str | None
    faded: bool = False


STATUS_STYLES: dict[str, StatusStyle] = {
    "ok": StatusStyle("succeeded", None, None),
    "error": StatusStyle("failed", "////", "X"),
    "invalid_arguments": StatusStyle("invalid arguments", "////", "X"),
    "unknown_tool": StatusStyle("unknown tool", "////", "X"),
    "timeout": StatusStyle("timed out", "xxxx", "v"),
    "cancelled": StatusStyle("cancelled", "xxxx", "v"),
    "skipped": StatusStyle("skipped (a dependency failed)", "....", "o", faded=True),
}


def status_style(status: str) -> StatusStyle:
    """The drawing style of a span status (unknown statuses are drawn as failures)."""
    return STATUS_STYLES.get(status, STATUS_STYLES["error"])


def tool_colours(names: list[str]) -> dict[str, str]:
    """A colour per tool name, in first-seen order, cycling the palette when there are many tools."""
    ordered = list(dict.fromkeys(names))
    return {name: TOOL_COLOURS[i % len(TOOL_COLOURS)] for i, name in enumerate(ordered)}
