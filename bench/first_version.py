"""The playground's first version of the redraw, kept here so `bench.course_speed` can time it.

The playground first drew every redraw on a new figure: `plot_timeline` as first written, its bars
through `ax.barh` (which grows the axes' data limits bar by bar) and its title placed by matplotlib
(which searches for overlapping tick labels on every draw). widgets/ now draws on one kept figure
(`widgets.timeline.TimelineCanvas`); this module rebuilds the old path from the same pieces, so both
give the same pixels (tests/ check it) and the benchmark can time them side by side. Learners never
import it.
"""
from __future__ import annotations

from typing import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course import Trace
from course.i18n import tr
from widgets.playground import Playground
from widgets.timeline import (FONT, WIDTH_IN, TimelineFigure, _clock_label, _default_title, _draw, _fit, _layout,
                              figure_png)


def _barh(ax: Axes, bars: Sequence[tuple[float, float, float]], height: float, style: dict[str, object]) -> None:
    """The bars through `ax.barh`, as the first version added them."""
    lanes, widths, lefts = zip(*bars)
    ax.barh(lanes, widths, left=lefts, height=height, **style)


def plot_timeline_first_version(trace: Trace, title: str | None = None, critical_path: bool = False, *,
                                xmax: float | None = None, now: float | None = None) -> Figure:
    """`widgets.plot_timeline(trace, ...)` as first written: a new figure, bars through `ax.barh`, the
    title placed by matplotlib. The same picture, slower."""
    fig = TimelineFigure(figsize=(WIDTH_IN, 3.0))
    ax = fig.add_subplot()
    layout = _layout(trace)
    handles = _draw(ax, trace, critical_path=critical_path, xmax=xmax, now=now, layout=layout, add_bars=_barh)
    # no y=1.0: matplotlib looks for tick labels above the axes to clear, on every draw
    ax.set_title(tr(title if title is not None else _default_title(trace)), fontsize=FONT + 1.5, loc="left")
    ax.set_xlabel(_clock_label(trace), fontsize=FONT)
    _fit(fig, layout, handles)
    return fig


class FirstVersionPlayground(Playground):
    """`widgets.Playground` with a switch between the two redraws: `reuse_figure = False` draws each
    redraw on a new figure, the first version's way; True (the default) is the playground as learners
    have it."""

    reuse_figure = True  # a class attribute: Playground.__init__ already renders once

    def _draw(self, trace: Trace, xmax: float | None = None, critical_path: bool = False,
              now: float | None = None, title: str | None = None, dpi: int = 100) -> None:
        if self.reuse_figure:
            super()._draw(trace, xmax=xmax, critical_path=critical_path, now=now, title=title, dpi=dpi)
            return
        fig = plot_timeline_first_version(trace, title=title, critical_path=critical_path, xmax=xmax, now=now)
        self.chart.value = figure_png(fig, dpi=dpi)
