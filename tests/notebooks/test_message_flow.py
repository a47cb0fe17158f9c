"""The message-flow diagram draws one arrow per step, in conversation order, with model turns numbered."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import widgets  # noqa: E402
from widgets.message_flow import flow_steps, plot_message_flow  # noqa: E402


def test_one_call_per_turn_alternates_call_and_result():
    trace = widgets.scenarios.pipeline().run(mode="one-at-a-time")
    steps = flow_steps(trace.messages)
    assert [(s.source, s.target) for s in steps[:3]] == [("user", "assistant"), ("assistant", "tools"),
                                                         ("tools", "assistant")]
    assert steps[-1].target == "user" and steps[-1].turn == trace.llm_calls


def test_a_batch_fans_out_in_one_turn_and_each_result_keeps_its_tools_colour():
    trace = widgets.scenarios.three_config_reads().run(mode="all")
    steps = flow_steps(trace.messages)
    calls = [s for s in steps if s.target == "tools"]
    results = [s for s in steps if s.source == "tools"]
    assert {s.turn for s in calls} == {1} and len(calls) == len(results) == 3
    assert {s.colour for s in results} == {calls[0].colour}


def test_plot_returns_a_figure_with_three_lanes():
    trace = widgets.scenarios.three_config_reads().run(mode="one-at-a-time")
    fig = plot_message_flow(trace.messages, title="t")
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"user", "assistant", "tools", "model turn 4"} <= texts
