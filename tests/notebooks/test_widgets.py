"""Headless tests of the widgets package: charts, scenarios, and the playground's controls."""
from __future__ import annotations

import asyncio
import base64

import matplotlib
import pytest
from matplotlib.figure import Figure

import course
import widgets
from course import ToolCall
from widgets import scenarios
from widgets.playground import MODES
from widgets.timeline import figure_png

matplotlib.use("Agg")
PNG = b"\x89PNG\r\n\x1a\n"


@course.tool(latency=1.0, timeout=0.5)
async def slow(x: int) -> int:
    """Takes longer than its timeout."""
    await asyncio.sleep(1.0)
    return x


@course.tool(latency=0.3)
async def broken(x: int) -> int:
    """Always fails."""
    raise RuntimeError("boom")


# ---- scenarios ---------------------------------------------------------------------------------

def test_three_config_reads_reproduces_the_documents_numbers() -> None:
    sc = widgets.three_config_reads()
    one, all_ = sc.run("one-at-a-time"), sc.run("all")
    assert (one.makespan, one.llm_calls) == (5.0, 4)
    assert (all_.makespan, all_.llm_calls) == (2.0, 2)


@pytest.mark.parametrize("builder", list(scenarios.BUILDERS.values()))
def test_builders_are_parameterised(builder) -> None:
    sc = builder(n=4, tool_latency=2.0, model_latency=0.25, dependencies=True, unsafe=True)
    assert sc.model_latency == 0.25 and sc.params["n"] == 4
    assert any(not t.parallel_safe for t in sc.tools)
    assert any(c.depends_on for c in sc.calls)
    plain = builder(n=4, dependencies=False, unsafe=False)
    assert all(t.parallel_safe for t in plain.tools)
    assert not any(c.depends_on for c in plain.calls)
    assert not any(c.references() for c in plain.calls)


def test_three_config_reads_has_n_calls_plus_the_unsafe_one() -> None:
    assert len(widgets.three_config_reads(n=7).calls) == 7
    assert len(widgets.three_config_reads(n=7, unsafe=True).calls) == 8
    assert len(widgets.pipeline(n=3).calls) == 12
    assert len(widgets.reads_then_merge(n=5).calls) == 8


def test_hybrid_beats_sequential_on_reads_then_merge_and_keeps_dependencies() -> None:
    sc = widgets.reads_then_merge(n=3, tool_latency=1.0, model_latency=0.5)
    hybrid, sequential, all_ = sc.run("hybrid"), sc.run("sequential"), sc.run("all")
    assert hybrid.makespan == 0.5 + 1.0 + 0.5 + 1.0 + 0.5 + 0.5
    assert hybrid.makespan < sequential.makespan
    assert hybrid.ok and not all_.ok  # all ignores dependencies: merge cannot see the reads


def test_fifty_calls_one_at_a_time_finish_within_the_turn_guard() -> None:
    trace = widgets.three_config_reads(n=50).run("one-at-a-time")
    assert trace.error is None and trace.llm_calls == 51 and len(trace.tool_spans) == 50


def test_failing_reads_are_results_not_exceptions() -> None:
    trace = widgets.three_config_reads(n=4, fail=2).run("all")
    assert [r.ok for r in trace.results] == [True, True, False, False]
    assert "no such file" in trace.results[-1].error


def test_with_params_rebuilds_and_scaled_shrinks_every_latency() -> None:
    sc = widgets.pipeline(n=2)
    assert sc.with_params(n=3, nonsense=1).params["n"] == 3
    half = sc.scaled(0.5)
    assert half.run("one-at-a-time").makespan == pytest.approx(sc.run("one-at-a-time").makespan / 2)


def test_a_custom_scenario_runs_and_accepts_only_model_latency() -> None:
    calls = [ToolCall(id="a", name="broken", arguments={"x": 1}), ToolCall(id="b", name="slow", arguments={"x": 2})]
    sc = widgets.Scenario(name="mine", description="two calls", tools=[broken, slow], plan=[calls])
    assert sc.accepts("model_latency") and not sc.accepts("n")
    assert sc.with_params(model_latency=1.0, n=9).model_latency == 1.0
    trace = sc.run("all")
    assert [r.status for r in trace.results] == ["error", "timeout"]


def test_bad_parameters_say_what_to_do() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        widgets.three_config_reads(n=0)
    with pytest.raises(ValueError, match="fail must be"):
        widgets.pipeline(n=2, fail=3)


# ---- charts ------------------------------------------------------------------------------------

def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


@pytest.mark.parametrize("n", [1, 3, 50])
def test_timeline_renders_from_one_to_fifty_calls(n: int) -> None:
    trace = widgets.three_config_reads(n=n).run("all")
    fig = widgets.plot_timeline(trace)
    assert isinstance(fig, Figure)
    png = figure_png(fig)
    width, height = _png_size(png)
    assert png.startswith(PNG) and width == 850 and 150 < height <= 700


def test_many_calls_share_lanes_and_few_calls_get_one_each() -> None:
    few = widgets.plot_timeline(widgets.three_config_reads(n=3).run("one-at-a-time"))
    labels = [t.get_text() for t in few.axes[0].get_yticklabels()]
    assert labels == ["model", "read_1", "read_2", "read_3"]
    many = widgets.plot_timeline(widgets.three_config_reads(n=50).run("all", max_concurrency=5))
    labels = [t.get_text() for t in many.axes[0].get_yticklabels()]
    assert labels[0] == "model" and labels[-1] == "slot 5" and len(labels) == 6


def test_failures_timeouts_and_skips_are_marked_without_colour_alone() -> None:
    failing = widgets.pipeline(n=2, fail=1).run("hybrid")
    calls = [ToolCall(id="t", name="slow", arguments={"x": 1})]
    timeout = course.execute(calls, tools=[slow], mode="all")
    for trace, expected in ((failing, {"failed", "skipped (a dependency failed)"}), (timeout, {"timed out"})):
        fig = widgets.plot_timeline(trace)
        hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
        assert hatched, "a call that did not succeed must carry a hatch"
        legend = {t.get_text() for t in fig.legends[0].get_texts()}
        assert expected <= legend
        assert figure_png(fig).startswith(PNG)


def test_total_time_is_annotated_and_title_names_mode_and_turns() -> None:
    fig = widgets.plot_timeline(widgets.three_config_reads().run("all"))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "total 2 s" in texts
    assert fig.axes[0].get_title(loc="left") == "all: 2 s in total, 2 model turns, 3 tool calls"


def test_critical_path_is_outlined_and_listed() -> None:
    trace = widgets.reads_then_merge(n=3).run("hybrid")
    fig = widgets.plot_timeline(trace, critical_path=True)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert f"critical path ({trace.critical_path_time:g} s)" in legend
    thick = [p for p in fig.axes[0].patches if p.get_linewidth() > 2]
    # the three reads tie, so every one of them is on a longest chain: all six calls are outlined
    assert trace.critical_calls() == {"read_1", "read_2", "read_3", "merge", "process", "save"}
    assert len(thick) == 6 and len(trace.critical_path()) == 4


def test_plot_timeline_draws_into_a_given_axes() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    assert widgets.plot_timeline(widgets.three_config_reads().run("all"), ax=ax, title="mine") is fig
    assert ax.get_title(loc="left") == "mine"


def test_compare_timelines_shares_one_time_axis() -> None:
    sc = widgets.three_config_reads()
    traces = {m: sc.run(m) for m in ("one-at-a-time", "sequential", "all", "hybrid")}
    fig = widgets.compare_timelines(traces, title="Three reads")
    assert len(fig.axes) == 4
    assert len({ax.get_xlim() for ax in fig.axes}) == 1
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles[0].startswith("one-at-a-time: 5 s in total, 4 model turns")
    assert "2 model turns" in titles[2] and "(2.5× faster than one-at-a-time)" in titles[2]
    assert figure_png(widgets.compare_timelines(list(traces.values()))).startswith(PNG)
    with pytest.raises(ValueError, match="at least one trace"):
        widgets.compare_timelines({})


def test_a_run_with_failed_calls_is_headlined_by_its_failures_not_a_speed_up() -> None:
    sc = widgets.three_config_reads(n=6, fail=3)
    traces = {"one-at-a-time": widgets.three_config_reads(n=6).run("one-at-a-time"), "all": sc.run("all")}
    titles = [ax.get_title(loc="left") for ax in widgets.compare_timelines(traces).axes]
    assert titles[1] == "all: 2 s in total, 2 model turns, 6 tool calls — 3 failed"
    assert "faster" not in titles[1] and "slower" not in titles[1]
    fig = widgets.plot_timeline(sc.run("all"))
    assert fig.axes[0].get_title(loc="left").endswith("6 tool calls — 3 failed")


def test_compare_timelines_names_its_baseline_and_never_says_the_slowest() -> None:
    sc = widgets.three_config_reads()
    named = widgets.compare_timelines({"one call per turn": sc.run("one-at-a-time"), "batches": sc.run("all")})
    assert named.axes[1].get_title(loc="left").endswith("(2.5× faster than one call per turn)")
    chosen = widgets.compare_timelines({"all": sc.run("all"), "sequential": sc.run("sequential")}, baseline="all")
    assert chosen.axes[1].get_title(loc="left").endswith("(2.0× slower than all)")
    assert not any("slowest" in ax.get_title(loc="left") for ax in (*named.axes, *chosen.axes))
    with pytest.raises(ValueError, match="baseline"):
        widgets.compare_timelines({"all": sc.run("all")}, baseline="nope")


def test_up_to_sixteen_calls_each_get_a_lane_named_by_call_id_when_compared() -> None:
    sc = widgets.three_config_reads(n=12)
    fig = widgets.compare_timelines({"one-at-a-time": sc.run("one-at-a-time"), "all": sc.run("all")})
    for ax in fig.axes:
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels[0] == "model" and labels[1:] == [f"read_{i}" for i in range(1, 13)]


def test_cancelled_and_skipped_calls_are_named_for_what_happened() -> None:
    trace = widgets.pipeline(n=2, fail=1).run("hybrid")
    title = widgets.plot_timeline(trace).axes[0].get_title(loc="left")
    assert title.endswith("— 1 failed, 3 skipped")


def test_kept_figure_draws_the_same_pixels_as_a_new_figure() -> None:
    import io
    from PIL import Image, ImageChops
    from bench.first_version import plot_timeline_first_version
    from widgets.timeline import TimelineCanvas

    def pixels(png: bytes) -> Image.Image:
        return Image.open(io.BytesIO(png)).convert("RGB")

    canvas = TimelineCanvas()
    runs = [widgets.three_config_reads(n=n, fail=f).run(m, max_concurrency=c)
            for n, f in ((50, 0), (4, 1)) for m in ("one-at-a-time", "all", "hybrid") for c in (None, 3)]
    runs.append(widgets.pipeline(n=2, fail=1).run("hybrid"))
    for trace in runs + runs[::-1]:  # the second pass reuses rendered backgrounds
        for kw in ({"critical_path": trace.mode == "hybrid", "xmax": 30.0},
                   {"now": trace.makespan / 2, "title": "a live frame", "dpi": 80}):
            dpi = kw.pop("dpi", 100)
            expected = pixels(figure_png(widgets.plot_timeline(trace, **kw), dpi=dpi))
            for got in (canvas.png(trace, dpi=dpi, **kw), figure_png(plot_timeline_first_version(trace, **kw), dpi=dpi)):
                got = pixels(got)
                assert got.size == expected.size and ImageChops.difference(got, expected).getbbox() is None


def test_concurrency_profile_plot_with_cap() -> None:
    trace = widgets.three_config_reads(n=10).run("all", max_concurrency=4)
    fig = widgets.plot_concurrency(trace, cap=4)
    ax = fig.axes[0]
    assert max(ax.lines[0].get_ydata()) == 4
    assert any(line.get_label() == "cap = 4" for line in ax.lines)
    assert figure_png(fig).startswith(PNG)


def test_figures_show_in_a_notebook_without_pyplot() -> None:
    fig = widgets.plot_timeline(widgets.three_config_reads().run("all"))
    assert fig._repr_png_().startswith(PNG)


# ---- playground ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pg() -> widgets.Playground:
    return widgets.Playground()


@pytest.mark.parametrize("mode", MODES)
def test_toggling_the_mode_reruns_and_matches_the_runtime(pg: widgets.Playground, mode: str) -> None:
    pg.calls.value, pg.tool_latency.value, pg.model_latency.value = 3, 1.0, 0.5
    pg.dependencies.value = pg.unsafe.value = False
    pg.cap.value = 0
    before = pg.chart.value
    pg.mode.value = "one-at-a-time" if mode != "one-at-a-time" else "all"
    pg.mode.value = mode
    direct = course.Agent(model=course.ScriptedModel(plan=[widgets.three_config_reads().calls], final="x",
                                                     latency=0.5),
                          tools=widgets.three_config_reads().tools, mode=mode).run_sync("go")
    assert pg.trace.mode == mode
    assert pg.metrics["makespan"] == direct.makespan
    assert pg.metrics["llm_calls"] == direct.llm_calls
    assert pg.metrics["speedup"] == pytest.approx(5.0 / direct.makespan)
    assert bytes(pg.chart.value).startswith(PNG) and (mode == "all" or bytes(pg.chart.value) != bytes(before))


def test_every_control_feeds_the_scenario(pg: widgets.Playground) -> None:
    pg.mode.value = "hybrid"
    pg.calls.value = 6
    pg.tool_latency.value = 2.0
    pg.model_latency.value = 1.0
    pg.dependencies.value = True
    pg.unsafe.value = True
    pg.cap.value = 2
    expected = widgets.three_config_reads(n=6, tool_latency=2.0, model_latency=1.0, dependencies=True,
                                          unsafe=True).run("hybrid", max_concurrency=2)
    assert pg.metrics["makespan"] == expected.makespan
    assert pg.metrics["tool_calls"] == 7
    assert pg.trace.max_concurrency <= 2
    assert pg.metrics["baseline_makespan"] == widgets.three_config_reads(
        n=6, tool_latency=2.0, model_latency=1.0, dependencies=True, unsafe=True).run("one-at-a-time").makespan
    labels = {(k, c): w.value for (k, c), w in pg._cells.items()}
    assert labels[("makespan", "run")] == f"{expected.makespan:g} s"
    assert labels[("mode", "run")] == "<b>hybrid</b>"


def test_picking_a_scenario_loads_its_defaults(pg: widgets.Playground) -> None:
    pg.scenario_picker.value = "pipeline"
    assert pg.dependencies.value is True and pg.calls.value == 1
    assert pg.calls.max == 12  # four calls per file: the slider stops near 50 calls
    assert pg.metrics["tool_calls"] == 4
    pg.scenario_picker.value = "three config reads"


def test_a_lessons_own_scenario_disables_what_it_cannot_change() -> None:
    calls = [ToolCall(id="a", name="broken", arguments={"x": 1}), ToolCall(id="b", name="slow", arguments={"x": 2})]
    mine = widgets.Scenario(name="mine", description="two calls", tools=[broken, slow], plan=[calls])
    pg = widgets.playground(mine)
    assert pg.scenario_picker.value == "mine (yours)"
    assert pg.calls.disabled and not pg.model_latency.disabled
    assert pg.metrics["failed"] == 2
    assert "boom" in pg.notes.value
    pg.model_latency.value = 1.5
    assert pg.metrics["makespan"] == mine.with_params(model_latency=1.5).run("all").makespan


def test_playground_with_failed_calls_claims_no_speed_up() -> None:
    sc = widgets.three_config_reads(n=6, fail=3)
    pg = widgets.Playground(sc)
    assert pg.metrics["failures"] == "3 failed"
    base = f"{sc.run('one-at-a-time').makespan:g} s"
    assert pg.summary().endswith(f"6 tool calls, 3 failed; one-at-a-time: {base} (no speed-up claimed)")
    assert pg._cells[("speedup", "run")].value == "— (3 failed)"
    assert "3 failed" in pg._canvas.ax.get_title(loc="left")


def test_the_first_versions_redraw_stays_callable_and_draws_the_same_chart() -> None:
    import io
    from PIL import Image, ImageChops
    from bench.first_version import FirstVersionPlayground
    pg = FirstVersionPlayground()
    pg.calls.value = 20
    kept = Image.open(io.BytesIO(bytes(pg.chart.value))).convert("RGB")
    pg.reuse_figure = False
    pg.render()
    fresh = Image.open(io.BytesIO(bytes(pg.chart.value))).convert("RGB")
    assert ImageChops.difference(kept, fresh).getbbox() is None
    assert set(pg.render_parts) == {"simulate", "draw", "table"}


def test_static_fallback_bundle_has_the_picture_and_a_stable_summary() -> None:
    a, b = widgets.Playground(), widgets.Playground()
    bundle = a._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]).startswith(PNG)
    assert bundle["text/plain"] == b._repr_mimebundle_()["text/plain"] == (
        "Delivery-mode playground: three config reads, mode all — 2 s in total, 2 model turns, "
        "3 tool calls; one-at-a-time: 5 s (2.5× speed-up)")


def test_every_toggle_redraws_the_chart_for_the_chosen_mode() -> None:
    """Behaviour only: how fast a redraw is depends on the machine, so its timing lives in bench/."""
    pg = widgets.Playground()
    pg.calls.value = 50
    for mode in (*MODES, *MODES):
        before = bytes(pg.chart.value)
        pg.mode.value = mode
        assert pg.trace.mode == mode and bytes(pg.chart.value) != before, mode


def test_live_run_on_the_real_clock_grows_and_reports_progress() -> None:
    pg = widgets.Playground()
    frames: list[bytes] = []
    pg.chart.observe(lambda change: frames.append(bytes(change["new"])), names="value")
    trace = asyncio.run(pg.play_real(seconds=0.6, frame=0.1))
    assert trace.clock == "real" and trace.llm_calls == 2 and len(trace.tool_spans) == 3
    assert trace.makespan > 0  # how long it took is the machine's business: speed is measured in bench/
    assert len(frames) >= 2  # drawn while the run went on (at least once, however loaded the machine), then final
    assert pg.progress.value == pg.progress.max == 5
    assert not pg.mode.disabled and pg.status.value.startswith("done")
    assert pg.trace is trace
