"""The delivery-mode playground: pick a mode and a scenario, watch the timeline and the metrics change.

Every change re-runs the scenario on the virtual clock (exact and instant) and redraws. A button
replays it on the real clock, with latencies scaled to a few seconds, growing the chart as calls
start and finish.

Static fallback. A notebook output holding a widget shows nothing useful where no widget manager
runs (GitHub, nbconvert, VS Code without the widget renderer, or JupyterLab before the cell is run
again). So `Playground._repr_mimebundle_` returns, next to the widget view, an `image/png` of the
current timeline and a one-line `text/plain` summary: a front end that cannot draw the widget
falls back to the picture (GitHub does), and one that can draws the live widget instead. The chart
inside the widget is an `ipywidgets.Image` (PNG bytes), not an `Output` widget, so no output is
ever routed through the front end: a notebook executed headless (nbclient, nbval) records the same
outputs as one run in JupyterLab. nbval skips `image/png` and the widget-view JSON (random model
ids) by default and compares the `text/plain` summary, which is deterministic on the virtual clock.
"""
from __future__ import annotations

import asyncio
import base64
import time
from typing import Any

import ipywidgets as W

import course
from course import Span, Trace
from course.i18n import tr

from .scenarios import BUILDERS, Scenario
from .timeline import TimelineCanvas, failure_summary

MODES: tuple[str, ...] = ("one-at-a-time", "sequential", "all", "hybrid", "auto")
MODE_TIPS: tuple[str, ...] = (
    "one call per model turn: the model sees each result before asking for the next",
    "the whole batch per turn, run one call after another",
    "the whole batch per turn, every call at once (flags and dependencies ignored)",
    "the whole batch per turn, scheduled by dependencies and safety flags",
    "the documents' decision tree picks a mode for each batch",
)
BASELINE = "one-at-a-time"
MAX_CALLS = 50
_ROWS: tuple[tuple[str, str], ...] = (
    ("makespan", "total time"), ("llm_calls", "model turns"), ("tool_calls", "tool calls"),
    ("max_concurrency", "peak concurrency"), ("failed", "calls that failed"),
)


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _fmt_s(x: float) -> str:
    return tr(_num(x) + " s")  # "2 秒" in Chinese


class Playground(W.VBox):
    """Delivery-mode playground: mode buttons, scenario controls, a live timeline and a metrics table."""

    def __init__(self, scenario: Scenario | None = None, mode: str = "all", real_seconds: float = 3.0) -> None:
        super().__init__()
        self.real_seconds = real_seconds
        self.trace: Trace | None = None
        self.baseline: Trace | None = None
        self.metrics: dict[str, Any] = {}
        self.render_seconds = 0.0
        self.render_parts: dict[str, float] = {}  # seconds of the last render: simulate, draw, table
        self._canvas = TimelineCanvas()
        self.live_task: asyncio.Future[Trace] | None = None
        self._baselines: dict[Any, Trace] = {}
        self._loading = False
        self._live = False

        self._scenarios: dict[str, Scenario] = {name: build() for name, build in BUILDERS.items()}
        label = "three config reads"
        if scenario is not None:  # a lesson's scenario comes first in the menu, with its own settings
            label = scenario.name if scenario.builder is not None and scenario.name in BUILDERS \
                else f"{scenario.name} (yours)"
            self._scenarios = {label: scenario, **{k: v for k, v in self._scenarios.items() if k != label}}
        self._base = self._scenarios[label]

        style = {"description_width": "initial"}
        wide = W.Layout(width="330px")
        self.scenario_picker = W.Dropdown(options=[(tr(k), k) for k in self._scenarios], value=label, description=tr("scenario"),
                                          layout=W.Layout(width="330px"))
        self.mode = W.ToggleButtons(options=list(MODES), value=mode, tooltips=[tr(t) for t in MODE_TIPS],
                                    description=tr("mode"), style={"button_width": "118px"})
        self.calls = W.IntSlider(min=1, max=50, value=3, description=tr("files"), style=style, layout=wide,
                                 continuous_update=False)
        self.tool_latency = W.FloatSlider(min=0.1, max=3.0, step=0.1, value=1.0, description=tr("tool latency (s)"),
                                          style=style, layout=wide, continuous_update=False)
        self.model_latency = W.FloatSlider(min=0.0, max=2.0, step=0.1, value=0.5, description=tr("model latency (s)"),
                                           style=style, layout=wide, continuous_update=False)
        self.dependencies = W.Checkbox(value=False, description=tr("dependencies between calls"), indent=False)
        self.unsafe = W.Checkbox(value=False, description=tr("a parallel-unsafe tool"), indent=False)
        self.cap = W.IntSlider(min=0, max=16, value=0, description=tr("concurrency cap (0 = none)"), style=style,
                               layout=wide, continuous_update=False)
        self.live_button = W.Button(description=tr("Run on the real clock"), icon="play", button_style="primary",
                                    layout=W.Layout(width="210px"),
                                    tooltip=tr("replay this run in real time, scaled to a few seconds"))
        self.progress = W.IntProgress(value=0, min=0, max=1,
                                      layout=W.Layout(width="220px", visibility="hidden", margin="0 12px"))
        self.status = W.Label(value="")
        self.about = W.HTML()
        self.chart = W.Image(format="png", layout=W.Layout(width="100%", max_width="850px"))
        self.notes = W.HTML(layout=W.Layout(max_width="420px", margin="0 0 0 24px"))
        self._cells: dict[tuple[str, str], W.Label] = {}
        self.table = self._build_table()

        self._controls: dict[str, W.ValueWidget] = {
            "n": self.calls, "tool_latency": self.tool_latency, "model_latency": self.model_latency,
            "dependencies": self.dependencies, "unsafe": self.unsafe,
        }
        self.children = [
            W.HTML(tr("<b>Delivery-mode playground</b>: pick a mode; every change re-runs the scenario on the virtual clock.")),
            W.HBox([self.scenario_picker, self.about]),
            self.mode,
            W.HBox([W.VBox([self.calls, self.tool_latency, self.model_latency]),
                    W.VBox([self.cap, self.dependencies, self.unsafe])]),
            self.chart,
            W.HBox([self.table, self.notes]),
            W.HBox([self.live_button, self.progress, self.status], layout=W.Layout(align_items="center")),
        ]
        self._load(self._base)
        for control in (self.mode, self.cap, *self._controls.values()):
            control.observe(self._on_change, names="value")
        self.scenario_picker.observe(self._on_pick, names="value")
        self.live_button.on_click(self._on_live)
        self.render()

    # ---- building blocks ---------------------------------------------------------------------
    def _build_table(self) -> W.GridBox:
        head = [W.HTML(f"<b>{tr('metric')}</b>"), W.HTML(f"<b>{tr('this run')}</b>"),
                W.HTML(f"<b>{BASELINE}</b> ({tr('baseline')})")]
        self._base_head = head[2]
        cells: list[W.Widget] = list(head)
        for key, name in (*_ROWS, ("speedup", "speed-up vs one-at-a-time")):
            cells.append(W.Label(tr(name)))
            for col in ("run", "base"):
                self._cells[(key, col)] = W.Label("")
                cells.append(self._cells[(key, col)])
        self._cells[("mode", "run")] = head[1]  # the column title names the mode
        # flex "0 0 auto": the notes beside the table wrap; they never squeeze its columns
        return W.GridBox(cells, layout=W.Layout(grid_template_columns="190px 120px 210px", grid_gap="2px 8px",
                                                flex="0 0 auto"))

    def _load(self, scenario: Scenario) -> None:
        """Put a scenario's parameters into the controls (one render afterwards, not one per control)."""
        self._loading = True
        try:
            if scenario.accepts("n"):  # about 50 tool calls at most, however many calls one file needs
                per_file = len(scenario.with_params(n=2, fail=0).calls) - len(scenario.with_params(n=1, fail=0).calls)
                self.calls.max = max(1, MAX_CALLS // max(per_file, 1))
            for name, control in self._controls.items():
                if name in scenario.params:
                    control.value = scenario.params[name]
                elif name == "model_latency":
                    control.value = scenario.model_latency
                control.disabled = not scenario.accepts(name)
            self.about.value = f"<i>{_escape(tr(scenario.description))}</i>"
        finally:
            self._loading = False

    # ---- the model: scenario → trace → chart and metrics -----------------------------------------
    @property
    def max_concurrency(self) -> int | None:
        """The cap from the slider (None when it is 0)."""
        return self.cap.value or None

    def current_scenario(self) -> Scenario:
        """The chosen scenario rebuilt with the controls' values."""
        return self._base.with_params(**{name: c.value for name, c in self._controls.items()})

    def _baseline_for(self, scenario: Scenario) -> Trace:
        key = (self.scenario_picker.value, tuple(sorted(scenario.params.items())), scenario.model_latency)
        if key not in self._baselines:
            self._baselines[key] = scenario.run(BASELINE)
        return self._baselines[key]

    def render(self) -> None:
        """Re-run the scenario on the virtual clock in the chosen mode; redraw the chart and the table."""
        started = time.perf_counter()
        scenario = self.current_scenario()
        mode = self.mode.value
        self.trace = scenario.run(mode, max_concurrency=self.max_concurrency)
        self.baseline = self._baseline_for(scenario)
        self.metrics = self._metrics(self.trace, self.baseline)
        simulated = time.perf_counter()
        self._draw(self.trace, xmax=max(self.trace.makespan, self.baseline.makespan),
                   critical_path=mode in ("hybrid", "auto"))
        drawn = time.perf_counter()
        self._fill_table(self.metrics)
        self._fill_notes(self.trace)
        if self.progress.layout.visibility != "hidden":  # a finished real-clock run no longer matches
            self.progress.layout.visibility = "hidden"
            self.status.value = ""
        self.render_seconds = time.perf_counter() - started
        self.render_parts = {"simulate": simulated - started, "draw": drawn - simulated,
                             "table": self.render_seconds - (drawn - started)}

    @staticmethod
    def _metrics(trace: Trace, baseline: Trace) -> dict[str, Any]:
        m = trace.metrics()
        m["baseline_makespan"] = baseline.makespan
        m["baseline_llm_calls"] = baseline.llm_calls
        m["speedup"] = trace.speedup(baseline)
        # a run whose calls failed is not faster than the baseline: it did less, so no speed-up is claimed
        m["failures"] = failure_summary(trace)
        m["baseline_failures"] = failure_summary(baseline)
        return m

    def _draw(self, trace: Trace, xmax: float | None = None, critical_path: bool = False,
              now: float | None = None, title: str | None = None, dpi: int = 100) -> None:
        self.chart.value = self._canvas.png(trace, title=title, critical_path=critical_path, xmax=xmax,
                                            now=now, dpi=dpi)

    def _fill_table(self, m: dict[str, Any], scale: float = 1.0) -> None:
        self._cells[("mode", "run")].value = f"<b>{m['mode']}</b>"
        # after a live run the baseline is still the virtual-clock run, scaled like the live latencies
        where = "" if scale == 1.0 else f", virtual clock × {_num(scale)}"
        self._base_head.value = f"<b>{BASELINE}</b> ({tr('baseline' + where)})"
        base = self.baseline.metrics() if self.baseline is not None else {}
        if "makespan" in base:
            base["makespan"] = round(base["makespan"] * scale, 2)
        for key, _ in _ROWS:
            fmt = _fmt_s if key == "makespan" else str
            self._cells[(key, "run")].value = fmt(m[key])
            self._cells[(key, "base")].value = fmt(base[key]) if key in base else ""
        self._cells[("speedup", "run")].value = _speedup_cell(m)
        self._cells[("speedup", "base")].value = "1×" if not m.get("baseline_failures") else "—"

    def _fill_notes(self, trace: Trace) -> None:
        lines = list(trace.notes)
        failed = trace.failed
        if failed:
            lines.append(tr(f"{len(failed)} call{'s' if len(failed) != 1 else ''} did not succeed, e.g. "
                            f"{failed[0].call_id}: {failed[0].error}"))
        if trace.error:
            lines.append(trace.error)
        self.notes.value = "".join(f"<div style='font-size:90%'>• {_escape(tr(x))}</div>" for x in lines)

    # ---- events --------------------------------------------------------------------------------
    def _on_change(self, _change: dict[str, Any]) -> None:
        if not self._loading and not self._live:
            self.render()

    def _on_pick(self, change: dict[str, Any]) -> None:
        self._base = self._scenarios[change["new"]]
        self._load(self._base)
        self.render()

    def _on_live(self, _button: W.Button | None = None) -> None:
        if self._live:
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # not in a kernel: run it here, to the end
            course.run(self.play_real, "real")
            return
        # In Jupyter the kernel's loop is running: schedule the run on it so this callback
        # returns at once and the chart keeps growing while the run goes on.
        self.live_task = asyncio.ensure_future(self.play_real())
        self.live_task.add_done_callback(self._live_done)

    # ---- live mode -------------------------------------------------------------------------------
    async def play_real(self, seconds: float | None = None, frame: float = 0.2) -> Trace:
        """Run the current setting on the real clock, scaled to about `seconds`, redrawing as spans start and end."""
        seconds = self.real_seconds if seconds is None else seconds
        scenario, mode, cap = self.current_scenario(), self.mode.value, self.max_concurrency
        planned = scenario.run(mode, max_concurrency=cap)
        factor = min(1.0, seconds / planned.makespan) if planned.makespan > 0 else 1.0
        fast = scenario.scaled(factor)
        loop = asyncio.get_running_loop()
        spans: list[Span] = []
        done = 0
        partial = Trace(mode=mode, clock="real", spans=spans, calls=list(fast.calls))
        scale_note = "" if factor == 1.0 else f", latencies × {factor:.2g}"

        def observer(span: Span) -> None:
            nonlocal done
            if span.end is None:
                spans.append(span)
            else:
                done += 1
                self.progress.value = min(done, self.progress.max)
                self.status.value = f"{done} of {len(planned.spans)} steps done"

        self._set_live(True, len(planned.spans))
        t0 = loop.time()
        task = asyncio.ensure_future(fast.agent(mode, cap).run(fast.prompt, observer=observer))
        try:
            while not task.done():
                now = loop.time() - t0
                partial.end = now
                self._draw(partial, xmax=planned.makespan * factor * 1.1, now=now, dpi=80,
                           title=f"{mode} on the real clock: {now:.1f} s{scale_note}")
                await asyncio.wait([task], timeout=frame)
            trace = task.result()
        finally:
            if not task.done():
                task.cancel()
            self._set_live(False, 0)
        self.trace = trace
        baseline = self._baseline_for(scenario)
        self.metrics = trace.metrics()
        self.metrics.update(baseline_makespan=round(baseline.makespan * factor, 6),
                            baseline_llm_calls=baseline.llm_calls,
                            speedup=round(baseline.makespan * factor / trace.makespan, 6) if trace.makespan else 0.0,
                            failures=failure_summary(trace), baseline_failures=failure_summary(baseline))
        failures = f" — {self.metrics['failures']}" if self.metrics["failures"] else ""
        self._draw(trace, xmax=trace.makespan, title=tr(f"{mode} on the real clock: {_fmt_s(round(trace.makespan, 2))} "
                                                      f"in total, {trace.llm_calls} model turns{scale_note}{failures}"))
        self._fill_table({**self.metrics, "makespan": round(trace.makespan, 2)}, scale=factor)
        self._fill_notes(trace)
        self.status.value = tr(f"done: {trace.makespan:.2f} s on the real clock{scale_note}")
        return trace

    def _set_live(self, live: bool, steps: int) -> None:
        self._live = live
        for control in (self.mode, self.cap, self.scenario_picker, self.live_button):
            control.disabled = live
        for name, control in self._controls.items():
            control.disabled = live or not self._base.accepts(name)
        if live:
            self.progress.max, self.progress.value = max(steps, 1), 0
            self.progress.layout.visibility = "visible"
            self.status.value = tr("running on the real clock…")

    def _live_done(self, task: "asyncio.Future[Trace]") -> None:
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            self.status.value = tr(f"the real-clock run failed: {type(error).__name__}: {error}")

    # ---- display --------------------------------------------------------------------------------
    def summary(self) -> str:
        """One deterministic line: scenario, mode, the headline numbers (the text/plain of the widget)."""
        return tr(self._summary_en())

    def _summary_en(self) -> str:
        m = self.metrics
        if not m:
            return "Delivery-mode playground (not rendered yet)"
        head = (f"Delivery-mode playground: {self.scenario_picker.value}, mode {m['mode']} — "
                f"{_fmt_s(m['makespan'])} in total, {m['llm_calls']} model turns, {m['tool_calls']} tool calls")
        if m.get("failures"):  # the failures are the headline, not a speed-up
            return f"{head}, {m['failures']}; {BASELINE}: {_fmt_s(m['baseline_makespan'])} (no speed-up claimed)"
        if m.get("baseline_failures"):
            return (f"{head}; {BASELINE}: {_fmt_s(m['baseline_makespan'])}, {m['baseline_failures']} "
                    "(no speed-up claimed)")
        return f"{head}; {BASELINE}: {_fmt_s(m['baseline_makespan'])} ({_num(m['speedup'])}× speed-up)"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self.summary()
        if self.chart.value:
            bundle["image/png"] = base64.b64encode(self.chart.value).decode("ascii")
        return bundle

    def __repr__(self) -> str:
        return f"<{self.summary()}>"


def _speedup_cell(m: dict[str, Any]) -> str:
    """The table's speed-up: a ratio only when neither run had calls that did not succeed."""
    if m.get("failures"):
        return f"— ({m['failures']})"
    if m.get("baseline_failures"):
        return "— (the baseline's calls failed)"
    return f"{_num(m['speedup'])}×"


def _escape(text: str) -> str:
    text = str(text)  # a Message shows itself in the learner's language
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def playground(scenario: Scenario | None = None, **options: Any) -> Playground:
    """A Playground, ready to display (make it the last line of a cell)."""
    return Playground(scenario, **options)
