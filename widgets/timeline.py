"""Timeline charts of a course.Trace: a Gantt chart, several runs on one time axis, and tools in flight.

Figures are built with matplotlib's object API (`matplotlib.figure.Figure`, not pyplot), so a chart
is shown exactly once in a notebook: when it is the value of a cell (or passed to `display`), never
again by the inline backend at the end of the cell.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.colors import to_rgba_array
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator
from PIL import Image

from course import Trace
from course.i18n import tr

from .palette import (CRITICAL_COLOUR, FAILURE_COLOUR, MODEL_COLOUR, TEXT_COLOUR, status_style,
                      tool_colours)

WIDTH_IN = 8.5           # notebook width
LANE_IN = 0.27           # height of one lane, in inches, before compressing
MAX_NAMED_LANES = 16     # above this many tool calls, calls share "slot" lanes
MAX_HEIGHT_IN = 6.0
FONT = 8.5


class TimelineFigure(Figure):
    """A matplotlib Figure that shows itself as a PNG in a notebook, with or without pyplot."""

    def _repr_png_(self) -> bytes:
        return figure_png(self)


def figure_png(fig: Figure, dpi: int = 100) -> bytes:
    """The figure rendered as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


@dataclass
class _Layout:
    """Which lane each span goes in, and the lane labels (top to bottom)."""

    lane_of: dict[int, int]
    labels: list[str]
    model_lane: bool


def _layout(trace: Trace, max_named: int = MAX_NAMED_LANES) -> _Layout:
    llm = [s for s in trace.spans if s.kind == "llm"]
    tools = [s for s in trace.spans if s.kind == "tool"]
    labels: list[str] = [tr("model")] if llm else []
    lane_of: dict[int, int] = {id(s): 0 for s in llm}
    first = len(labels)
    if len(tools) <= max_named:  # one lane per call, in the order the calls were made
        order = {c.id: i for i, c in enumerate(trace.calls)}
        ranked = sorted(tools, key=lambda s: (order.get(s.call_id or "", len(order)), s.start))
        for k, s in enumerate(ranked):
            lane_of[id(s)] = first + k
            labels.append(s.call_id or s.name)
        return _Layout(lane_of, labels, bool(llm))
    # many calls: pack them into as few "slot" lanes as overlap allows; an instant call (a fast
    # failure) still holds its slot for a sliver of time, so several of them do not hide each other
    sliver = 0.02 * max(trace.makespan, max((s.end or s.start for s in tools), default=0.0) - trace.start, 1e-6)
    free_at: list[float] = []
    for s in sorted(tools, key=lambda s: (s.start, s.end if s.end is not None else math.inf)):
        end = max(s.end if s.end is not None else math.inf, s.start + sliver)
        for k, t in enumerate(free_at):
            if t <= s.start + 1e-9:
                free_at[k] = end
                break
        else:
            k = len(free_at)
            free_at.append(end)
        lane_of[id(s)] = first + k
    labels += [tr(f"slot {k + 1}") for k in range(len(free_at))]
    return _Layout(lane_of, labels, bool(llm))


def _lane_count(trace: Trace, max_named: int = MAX_NAMED_LANES) -> int:
    return max(1, len(_layout(trace, max_named).labels))


def _axes_height(lanes: int) -> float:
    """Inches of plot area for this many lanes: lanes compress when there are many."""
    return min(4.4, max(0.55, LANE_IN * lanes))


def _left_margin(traces: Iterable[Trace], max_named: int) -> float:
    return _margin_for([label for t in traces for label in _layout(t, max_named).labels])


def _margin_for(labels: Sequence[str]) -> float:
    return 0.2 + 0.068 * max((len(label) for label in labels), default=5)


def _legend_rows(handles: Sequence[object]) -> int:
    return math.ceil(len({h.get_label() for h in handles}) / 5)  # type: ignore[attr-defined]


# Fixed margins (inches) instead of constrained layout: the same look, at a third of the drawing time.
TITLE_IN, XAXIS_IN, LEGEND_ROW_IN, GAP_IN = 0.34, 0.52, 0.22, 0.5


def _fmt(seconds: float) -> str:
    return f"{seconds:.2f}".rstrip("0").rstrip(".") + " s"


def _draw(ax: Axes, trace: Trace, *, critical_path: bool = False, xmax: float | None = None,
          now: float | None = None, max_named: int = MAX_NAMED_LANES,
          colours: Mapping[str, str] | None = None, layout: _Layout | None = None,
          add_bars: Callable[..., None] | None = None) -> list[object]:
    """Draw one trace on ax; return the legend handles it used (`add_bars(ax, bars, height, style)`
    adds each group of bars: `_bars` unless told otherwise)."""
    layout = layout or _layout(trace, max_named)
    lanes = max(1, len(layout.labels))
    named = len(trace.tool_spans) <= max_named  # one lane per call: the lane says the id, the bar the tool
    t0 = trace.start
    end_of_run = trace.makespan if now is None else max(now, trace.makespan)
    span_x = max(xmax or 0.0, end_of_run, 1e-6)
    colours = dict(colours or tool_colours([s.name for s in trace.tool_spans]))
    on_path = trace.critical_calls() if critical_path else set()
    axes_px = ax.figure.get_figwidth() * 72 * 0.80  # points, roughly, of the data area
    min_w = span_x * 0.004  # zero-length calls (instant failures) stay visible
    bar_h = 0.72 if lanes <= 24 else 0.9
    statuses: dict[str, None] = {}
    handles: list[object] = []
    if layout.model_lane:
        handles.append(Patch(facecolor=MODEL_COLOUR, edgecolor="white", label=tr("model turn")))

    # bars are grouped by look and drawn with one call per group: 50 calls draw as fast as 5
    groups: dict[tuple[tuple[str, object], ...], list[tuple[float, float, float]]] = {}
    marks: dict[str, list[tuple[float, float]]] = {}
    labels: list[tuple[float, float, str, str]] = []
    for s in trace.spans:
        lane = layout.lane_of.get(id(s))
        if lane is None:
            continue
        start = s.start - t0
        is_open = s.end is None
        end = (now if now is not None else start) if is_open else s.end - t0
        width = max(end - start, min_w)
        face = MODEL_COLOUR if s.kind == "llm" else colours.get(s.name, MODEL_COLOUR)
        style = status_style(s.status if not is_open else "ok")
        kw: dict[str, object] = dict(color=face, edgecolor="white", linewidth=0.6)
        if is_open:
            kw.update(alpha=0.45, edgecolor=face, linestyle="--", linewidth=1.0)
        elif s.status != "ok":
            statuses[s.status] = None
            kw.update(hatch=style.hatch, edgecolor=FAILURE_COLOUR, linewidth=1.3,
                      alpha=0.35 if style.faded else 0.75)
            if style.faded:
                kw["color"] = "white"
            if style.marker:
                marks.setdefault(style.marker, []).append((start + width, lane))
        if s.call_id in on_path and s.kind == "tool":
            kw.update(edgecolor=CRITICAL_COLOUR, linewidth=2.2)
        groups.setdefault(tuple(sorted(kw.items())), []).append((lane, width, start))
        label = tr(f"turn {s.turn}") if s.kind == "llm" else (s.name if named else (s.call_id or s.name))
        if width / span_x * axes_px > len(label) * FONT * 0.58 + 6:
            dark = s.kind == "llm" or face in ("#0072B2", "#009E73", "#CC79A7", "#000000")
            solid = s.status == "ok" and not is_open
            labels.append((start + width / 2, lane, label, "white" if dark and solid else TEXT_COLOUR))
    for key, bars in groups.items():
        (add_bars or _bars)(ax, bars, bar_h, dict(key))
    for marker, points in marks.items():
        xs, ys = zip(*points)
        ax.plot(xs, ys, marker=marker, color=FAILURE_COLOUR, markersize=6, markeredgecolor="white",
                markeredgewidth=0.6, zorder=4, linestyle="none")
    if len(labels) <= 30 and lanes <= 24:  # beyond that, labels would be noise: lanes and legend say it
        for x, y, text, colour in labels:
            ax.text(x, y, text, ha="center", va="center", fontsize=FONT - 1, color=colour, clip_on=True)

    # axes, lane labels (thinned when there are many), total time
    ax.set_ylim(lanes - 0.5, -0.5)
    step = max(1, math.ceil(lanes / 18))
    ticks = list(range(0, lanes, step))
    ax.set_yticks(ticks, [layout.labels[i] for i in ticks] if layout.labels else [""], fontsize=FONT)
    ax.set_xlim(0, span_x * 1.045)
    ax.tick_params(axis="x", labelsize=FONT)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if layout.model_lane and lanes > 1:
        ax.axhline(0.5, color="#bbbbbb", linewidth=0.6)
    if now is None and trace.makespan > 0:
        ax.axvline(trace.makespan, color=TEXT_COLOUR, linestyle=(0, (4, 3)), linewidth=1.0)
        # to the right of the line, where no bar can be: every span ends by the makespan
        ax.annotate(tr(f"total {_fmt(trace.makespan)}"), xy=(trace.makespan, 0.5), xycoords=("data", "axes fraction"),
                    xytext=(3, 0), textcoords="offset points", ha="left", va="center", rotation=90,
                    fontsize=FONT, color=TEXT_COLOUR, fontweight="bold",
                    bbox=dict(facecolor="white", edgecolor="none", pad=0.5))
    elif now is not None:
        ax.axvline(now, color=FAILURE_COLOUR, linewidth=1.0)

    handles += [Patch(facecolor=c, label=name) for name, c in colours.items()
                if any(s.name == name for s in trace.tool_spans)]
    for status in statuses:
        st = status_style(status)
        handles.append(Line2D([], [], marker=st.marker, color=FAILURE_COLOUR, linestyle="none",
                              markersize=6, label=tr(st.label)))
    if on_path:
        handles.append(Patch(facecolor="white", edgecolor=CRITICAL_COLOUR, linewidth=2.2,
                             label=tr(f"critical path ({_fmt(trace.critical_path_time)})")))
    return handles


def _bars(ax: Axes, bars: Sequence[tuple[float, float, float]], height: float, style: dict[str, object]) -> None:
    """Horizontal bars (lane, width, left), one Rectangle each, exactly as `ax.barh` makes them.

    `barh` also grows the axes' data limits bar by bar, the slowest part of drawing 50 calls; these
    charts set their limits themselves, so the bars are added without it.
    """
    style = dict(style)
    face = to_rgba_array(style.pop("color"))[0]
    edge = to_rgba_array(style.pop("edgecolor"))[0]
    linewidth, hatch = style.pop("linewidth"), style.pop("hatch", None)
    for lane, width, left in bars:
        r = Rectangle(xy=(left, lane - height / 2), width=width, height=height, facecolor=face, edgecolor=edge,
                      linewidth=linewidth, label="_nolegend_", hatch=hatch)
        r.update(style)  # alpha, linestyle: set after the colours, as barh does
        ax.add_artist(r)


def _legend(fig: Figure, handles: Sequence[object]) -> None:
    unique: dict[str, object] = {}
    for h in handles:
        unique.setdefault(h.get_label(), h)  # type: ignore[attr-defined]
    if unique:
        fig.legend(list(unique.values()), list(unique), loc="lower center", bbox_to_anchor=(0.5, 0.0), fontsize=FONT,
                   ncols=min(len(unique), 5), frameon=False, handlelength=1.6, columnspacing=1.4)


def _clock_label(trace: Trace) -> str:
    return tr("seconds" + (" (virtual clock)" if trace.clock == "virtual" else " (real clock)"))


_OUTCOMES = (("failed", None), ("timed out", "timeout"), ("cancelled", "cancelled"), ("skipped", "skipped"))


def failure_summary(trace: Trace) -> str:
    """'1 failed, 2 cancelled': the calls that did not succeed, by outcome ('' when every call succeeded)."""
    counts = dict.fromkeys((name for name, _ in _OUTCOMES), 0)
    named = {status: name for name, status in _OUTCOMES if status}
    for r in trace.failed:
        counts[named.get(r.status, "failed")] += 1
    return ", ".join(f"{n} {name}" for name, n in counts.items() if n)


def _default_title(trace: Trace, label: str | None = None) -> str:
    calls = len(trace.tool_spans)
    parts = [f"{_fmt(trace.makespan)} in total"]
    if trace.llm_calls:  # a batch run with course.execute has no model turns to speak of
        parts.append(f"{trace.llm_calls} model turn{'s' if trace.llm_calls != 1 else ''}")
    parts.append(f"{calls} tool call{'s' if calls != 1 else ''}")
    failures = failure_summary(trace)  # a run whose calls failed is headlined by that, never by its speed
    return f"{label or trace.mode}: {', '.join(parts)}" + (f" — {failures}" if failures else "")


def _speed_note(trace: Trace, baseline: Trace, name: str) -> str:
    """' (2.5× faster than one-at-a-time)': only when both runs succeeded and their times differ."""
    if trace is baseline or trace.failed or baseline.failed or trace.error or baseline.error:
        return ""
    if trace.makespan <= 0 or baseline.makespan <= 0 or trace.makespan == baseline.makespan:
        return ""
    if trace.makespan < baseline.makespan:
        return f" ({_ratio(baseline.makespan / trace.makespan)}× faster than {name})"
    return f" ({_ratio(trace.makespan / baseline.makespan)}× slower than {name})"


def _ratio(x: float) -> str:
    """A ratio as the cells print it: two decimals, one when the second is 0 (1.49, 1.25, 2.5, 2.0)."""
    text = f"{x:.2f}"
    return text[:-1] if text.endswith("0") else text


def _baseline(items: list[tuple[str, Trace]], baseline: str | None) -> tuple[str, Trace]:
    """The run the others are compared with: the one named, else the one-at-a-time run, else the first."""
    if baseline is not None:
        for label, trace in items:
            if label == baseline:
                return label, trace
        raise ValueError(f"baseline={baseline!r} is not one of the runs: {[label for label, _ in items]}.")
    one = [(label, t) for label, t in items if t.mode == "one-at-a-time"]
    return one[0] if len(one) == 1 else items[0]


def plot_timeline(trace: Trace, ax: Axes | None = None, title: str | None = None,
                  critical_path: bool = False, *, xmax: float | None = None,
                  now: float | None = None) -> Figure:
    """Gantt chart of a trace: a lane for model turns, lanes for tool calls, failures marked, total annotated."""
    if ax is None:
        fig = TimelineFigure(figsize=(WIDTH_IN, 3.0))
        _plot_own(fig, fig.add_subplot(), trace, title, critical_path, xmax, now)
        return fig
    handles = _draw(ax, trace, critical_path=critical_path, xmax=xmax, now=now)
    _titles(ax, trace, title)
    ax.legend(handles=handles, fontsize=FONT - 1, loc="best", frameon=False)
    return ax.figure  # type: ignore[return-value]


def _titles(ax: Axes, trace: Trace, title: str | None) -> None:
    # y=1.0 is where matplotlib would put it anyway (nothing sits above these axes); saying so skips
    # the search for overlapping tick labels it otherwise does on every draw
    text = title if title is not None else _default_title(trace)
    ax.set_title(tr(text), fontsize=FONT + 1.5, loc="left", y=1.0)
    ax.set_xlabel(_clock_label(trace), fontsize=FONT)


def _plot_own(fig: Figure, ax: Axes, trace: Trace, title: str | None, critical_path: bool,
              xmax: float | None, now: float | None) -> None:
    """One trace on a figure of its own: the chart, then the figure sized to its lanes and legend."""
    layout = _layout(trace)
    handles = _draw(ax, trace, critical_path=critical_path, xmax=xmax, now=now, layout=layout)
    _titles(ax, trace, title)
    _fit(fig, layout, handles)


def _fit(fig: Figure, layout: _Layout, handles: Sequence[object]) -> None:
    """Size a one-trace figure to its lanes and legend, set its margins, add the legend."""
    bottom = XAXIS_IN + LEGEND_ROW_IN * _legend_rows(handles) + 0.08
    height = TITLE_IN + _axes_height(max(1, len(layout.labels))) + bottom
    fig.set_size_inches(WIDTH_IN, height)
    left = _margin_for(layout.labels)
    fig.subplots_adjust(left=left / WIDTH_IN, right=1 - 0.3 / WIDTH_IN, top=1 - TITLE_IN / height,
                        bottom=bottom / height)
    _legend(fig, handles)


class TimelineCanvas:
    """One figure kept and redrawn, trace after trace: what the playground draws on.

    `png(trace, ...)` gives exactly the pixels `figure_png(plot_timeline(trace, ...))` gives, with
    less work per redraw:

    - the figure, its axes and their tick artists are made once: each redraw removes the previous
      trace's bars, marks, labels and legend and draws the new ones into the same axes;
    - the background (the white figure and axes, and the two axes with their ticks, grid, lane
      labels and x label: everything drawn below the bars) is rendered once per layout and then
      copied in, so a redraw with the same lanes and time range renders only the trace itself;
    - the PNG is encoded for a screen, not a file: RGB (the figure is opaque), fast compression.
    """

    BACKGROUNDS = 4  # layouts remembered: a mode toggle goes back and forth between a few

    def __init__(self) -> None:
        self.figure = TimelineFigure(figsize=(WIDTH_IN, 3.0), facecolor="white")
        self.ax = self.figure.add_subplot()
        self._agg = FigureCanvasAgg(self.figure)
        self._backgrounds: dict[tuple[object, ...], object] = {}

    def png(self, trace: Trace, title: str | None = None, critical_path: bool = False, *,
            xmax: float | None = None, now: float | None = None, dpi: int = 100) -> bytes:
        """The timeline of trace, drawn on the kept figure, as PNG bytes."""
        fig, ax = self.figure, self.ax
        for artist in (*ax.patches, *ax.lines, *ax.texts, *ax.collections, *fig.legends):
            artist.remove()
        ax.containers.clear()  # bar containers: bookkeeping only, their bars were removed above
        _plot_own(fig, ax, trace, title, critical_path, xmax, now)
        fig.dpi = dpi
        background = self._background()
        below = (fig.patch, ax.patch, ax.xaxis, ax.yaxis)  # in the background, so not drawn again
        renderer = self._agg.get_renderer()
        renderer.restore_region(background)
        for artist in below:
            artist.set_visible(False)
        try:
            fig.draw(renderer)
        finally:
            for artist in below:
                artist.set_visible(True)
        image = Image.frombuffer("RGBA", self._agg.get_width_height(), self._agg.buffer_rgba(), "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        image.convert("RGB").save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def _background(self) -> object:
        """The rendered background of the current layout: from the cache, or drawn now."""
        fig, ax = self.figure, self.ax
        key = (tuple(fig.get_size_inches()), fig.dpi, tuple(vars(fig.subplotpars).items()), ax.get_xlim(),
               ax.get_ylim(), tuple(ax.get_xticks()), tuple(ax.get_yticks()),
               tuple(t.get_text() for t in ax.get_yticklabels()), ax.get_xlabel())
        if key in self._backgrounds:
            self._backgrounds[key] = self._backgrounds.pop(key)  # most recently used last
            return self._backgrounds[key]
        above = [a for a in (*ax.get_children(), *fig.legends)
                 if a not in (ax.patch, ax.xaxis, ax.yaxis) and a.get_visible()]
        for artist in above:  # everything drawn over the bars' background, hidden for this one render
            artist.set_visible(False)
        try:
            self._agg.draw()
        finally:
            for artist in above:
                artist.set_visible(True)
        while len(self._backgrounds) >= self.BACKGROUNDS:
            self._backgrounds.pop(next(iter(self._backgrounds)))
        self._backgrounds[key] = self._agg.copy_from_bbox(fig.bbox)
        return self._backgrounds[key]


def _as_items(traces: Mapping[str, Trace] | Iterable[Trace]) -> list[tuple[str, Trace]]:
    if isinstance(traces, Mapping):
        return [(str(k), v) for k, v in traces.items()]
    items = list(traces)
    if items and isinstance(items[0], tuple):
        return [(str(k), v) for k, v in items]  # type: ignore[misc]
    return [(t.mode, t) for t in items]


def compare_timelines(traces: Mapping[str, Trace] | Iterable[Trace], title: str | None = None,
                      critical_path: bool = False, baseline: str | None = None) -> Figure:
    """Several traces stacked on ONE shared time axis, each titled with its total time and model turns.

    Each run is compared with a baseline run: the one labelled `baseline`, else the one-at-a-time
    run, else the first. A run whose calls failed (or a failed baseline) gets its failures in its
    title instead of a speed-up.
    """
    items = _as_items(traces)
    if not items:
        raise ValueError("compare_timelines needs at least one trace, e.g. {'all': trace_all, 'one-at-a-time': trace_one}.")
    max_named = MAX_NAMED_LANES  # up to 16 calls, every call has its own lane, named by its id
    heights = [min(_axes_height(_lane_count(t, max_named)), 3.2) for _, t in items]
    fig = TimelineFigure(figsize=(WIDTH_IN, 3.0))
    axes = fig.subplots(len(items), 1, sharex=True, squeeze=False,
                        gridspec_kw={"height_ratios": heights,
                                     "hspace": GAP_IN / (sum(heights) / len(heights))})[:, 0]
    xmax = max(t.makespan for _, t in items)
    base_label, base = _baseline(items, baseline)
    colours = tool_colours([s.name for _, t in items for s in t.tool_spans])
    handles: list[object] = []
    for ax, (label, trace) in zip(axes, items):
        handles += _draw(ax, trace, critical_path=critical_path, xmax=xmax, max_named=max_named, colours=colours)
        text = _default_title(trace, label) + _speed_note(trace, base, base_label)
        ax.set_title(tr(text), fontsize=FONT + 1, loc="left", y=1.0)
    for ax in axes[:-1]:
        ax.tick_params(axis="x", labelbottom=False)
    axes[-1].set_xlabel(_clock_label(items[0][1]), fontsize=FONT)
    top = TITLE_IN + (0.32 if title else 0.0)
    bottom = XAXIS_IN + LEGEND_ROW_IN * _legend_rows(handles) + 0.08
    height = top + sum(heights) + GAP_IN * (len(items) - 1) + bottom
    fig.set_size_inches(WIDTH_IN, height)
    fig.subplots_adjust(left=_left_margin([t for _, t in items], max_named) / WIDTH_IN, right=1 - 0.3 / WIDTH_IN,
                        top=1 - top / height, bottom=bottom / height)
    if title:
        fig.suptitle(title, fontsize=FONT + 3, x=0.01, y=1 - 0.06 / height, ha="left", va="top")
    _legend(fig, handles)
    return fig


def plot_concurrency(trace: Trace, ax: Axes | None = None, cap: int | None = None,
                     title: str | None = None) -> Figure:
    """Tools in flight over time (a step plot), model turns shaded, the concurrency cap drawn if given."""
    if ax is None:
        fig = TimelineFigure(figsize=(WIDTH_IN, 2.6))
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.65 / WIDTH_IN, right=1 - 1.45 / WIDTH_IN, top=1 - TITLE_IN / 2.6,
                            bottom=XAXIS_IN / 2.6)
    else:
        fig = ax.figure  # type: ignore[assignment]
    profile = [(0.0, 0), *trace.concurrency_profile()]
    end = max(trace.makespan, profile[-1][0])
    if profile[-1][0] < end:
        profile.append((end, profile[-1][1]))
    xs = [t for t, _ in profile]
    ys = [n for _, n in profile]
    for s in trace.spans:
        if s.kind == "llm" and s.end is not None:
            ax.axvspan(s.start - trace.start, s.end - trace.start, color=MODEL_COLOUR, alpha=0.18, linewidth=0)
    ax.fill_between(xs, ys, step="post", color="#0072B2", alpha=0.25, linewidth=0)
    ax.step(xs, ys, where="post", color="#0072B2", linewidth=1.6, label=tr("tools in flight"))
    peak = trace.max_concurrency
    top = max(peak, cap or 0, 1)
    if cap:
        ax.axhline(cap, color=FAILURE_COLOUR, linestyle=(0, (5, 3)), linewidth=1.3, label=tr(f"cap = {cap}"))
    ax.set_ylim(0, top * 1.18 + 0.2)
    ax.set_xlim(0, max(end, 1e-6) * 1.02)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(labelsize=FONT)
    ax.set_xlabel(_clock_label(trace), fontsize=FONT)
    ax.set_ylabel(tr("tools in flight"), fontsize=FONT)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles, _ = ax.get_legend_handles_labels()
    if any(s.kind == "llm" for s in trace.spans):
        handles.append(Patch(facecolor=MODEL_COLOUR, alpha=0.3, label=tr("model turn")))
    ax.legend(handles=handles, fontsize=FONT - 0.5, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.set_title(tr(title if title is not None else f"{trace.mode}: peak {peak} tool{'s' if peak != 1 else ''} in flight"),
                 fontsize=FONT + 1.5, loc="left")
    return fig
