"""Smoke test for bench/: every benchmark runs at its smallest size, so none of them can rot.

No timing is asserted (the machines are shared and noisy); only that each part runs, returns the
shape its report needs, and renders. The facts checked are exact ones: on the virtual clock,
uncapped dataflow scheduling meets the critical path, and capped dataflow meets Graham's bound.
"""
from __future__ import annotations

import importlib.util
import json

import pytest

# bench/ is a top-level package of the repository, not installed: importable because pyproject's
# pytest settings put the repository root on sys.path (pythonpath = ["."]).
from bench import __main__ as cli
from bench import course_speed, overhead, peers, real_io, scheduling, startup

HAS_LANGGRAPH = importlib.util.find_spec("langgraph") is not None


def test_scheduling_dataflow_meets_the_critical_path_and_graham_bound():
    res = scheduling.run(sizes=(5, 12), seeds=1, caps=(2,))
    total = res["all"]
    assert total["dataflow_exact"] == 2 and total["trace_cp_agrees"] == 2
    assert total["capped"]["2"]["dataflow_within_graham"] == 2
    assert total["sequential"]["min"] >= 1.0 and total["waves"]["min"] >= 1.0 - 1e-9
    assert "dataflow ÷ CP" in scheduling.markdown(res)


def test_random_batches_are_seeded_and_form_a_dag():
    a, b = scheduling.random_batch(30, seed=3), scheduling.random_batch(30, seed=3)
    assert a == b
    index = {c.id: i for i, c in enumerate(a)}
    assert all(index[d] < index[c.id] for c in a for d in c.depends_on)


def test_overhead_runs_at_its_smallest_size_without_the_peer():
    res = overhead.run(sizes=(1,), quick=True, with_toolnode=False)
    row = res["rows"][0]
    assert row["n"] == 1 and not res["toolnode"]
    for timing in overhead.TIMINGS:
        assert row["floor"][timing]["median"] > 0 and row["runtime"][timing]["ratio"] > 0
    assert "runtime ÷ floor" in overhead.markdown(res)
    parts = overhead.breakdown(n=5, repetitions=1)
    assert len(parts["rows"]) == 5 and "floor" in overhead.breakdown_markdown(parts)


@pytest.mark.skipif(not HAS_LANGGRAPH, reason="langgraph is the bench extra: pip install -e '.[bench]'")
def test_overhead_toolnode_column_runs_when_langgraph_is_installed():
    res = overhead.run(sizes=(2,), quick=True, with_toolnode=True)
    assert res["toolnode"] and res["rows"][0]["toolnode"]["batch"]["median"] > 0
    assert "ToolNode ÷ runtime" in overhead.markdown(res)


def test_peers_run_side_by_side_at_the_smallest_size():
    res = peers.run(sizes=(2,), quick=True)
    row, keys = res["rows"][0], [c["key"] for c in res["contenders"]]
    assert {"floor", "runtime", "agent"} <= set(keys)
    for key in keys:  # every contender ran and returned all of its results (checked inside the run)
        assert row[key]["wall"]["median"] > 0 and row[key]["cpu"]["vs_floor"] > 0
    peaks = res["peak_in_flight"]
    assert peaks["floor"] == peaks["runtime"] == peaks["agent"] == res["probe_n"]
    if "responses" in keys:  # not streamed, the openai SDK's runner awaits one call after another
        assert peaks["responses"] == 1 and peaks["responses_eager_2"] == 2
    assert "÷ floor" in peers.markdown(res) and "÷ course, same level" in peers.compact_markdown(res)


def test_real_io_runs_at_its_smallest_size():
    res = real_io.run(files=2, processes=1, sleep=0.01, repetitions=1)
    files, procs = res["batches"]["files"], res["batches"]["subprocesses"]
    assert files["calls"] == 2 and procs["calls"] == 1
    assert files["predicted"]["speedup"] >= 1.0 and procs["measured_speedup"] > 0
    assert "predicted" in real_io.markdown(res)


def test_course_speed_handles_no_notebooks(tmp_path):
    res = course_speed.run_notebooks(root=tmp_path, paths=None)
    assert res["skipped"] and res["notebooks"] == []
    assert "skipped" in course_speed.markdown({"nbval": res, "playground": {"skipped": "not here", "rows": []}})


def test_course_speed_times_one_tiny_notebook(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(1 + 1)", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\n")]
    nb.cells = [cell]
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, path)
    res = course_speed.run_notebooks([path], timeout=120)
    assert not res.get("skipped"), res
    assert res["notebooks"][0]["cells"] == 1 and res["failed_cells"] == 0 and res["total_seconds"] > 0


def test_playground_redraw_is_timed_both_ways_or_skipped_with_a_note():
    res = course_speed.playground_redraw(toggles=1, sizes=("default",))
    if not res.get("skipped"):
        assert [r["action"] for r in res["rows"]] == ["mode toggle", "files slider"]
        for row in res["rows"]:
            assert row["first version"]["redraw"]["median"] > 0 and row["kept figure"]["redraw"]["median"] > 0
            assert set(row["kept figure"]) == {"redraw", "simulate", "draw", "table"}
        assert "first ÷ kept" in course_speed.markdown({"nbval": {"skipped": "-"}, "playground": res})


def test_cli_writes_results_and_touches_only_the_readme_region(tmp_path, monkeypatch):
    assert cli.main(["--quick", "--only", "scheduling", "--out", str(tmp_path), "--no-readme"]) == 0
    data = json.loads((tmp_path / "results.json").read_text())
    assert data["scheduling"]["all"]["dataflow_exact"] == sum(r["batches"] for r in data["scheduling"]["rows"])
    assert "## 1. Scheduling quality" in (tmp_path / "results.md").read_text()
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{cli.BEGIN}\nold table\n{cli.END}\nrest\n")
    assert cli.update_readme(cli.readme_block(data), readme)
    text = readme.read_text()
    assert text.startswith("intro\n") and text.endswith(f"{cli.END}\nrest\n") and "old table" not in text


@pytest.fixture(scope="module")
def startup_result() -> dict:
    return startup.run(import_samples=1, kernel_samples=1, warmup=0)


def test_startup_measures_imports_and_first_charts_side_by_side(startup_result):
    res = startup_result
    rows = res["imports"]["rows"]
    assert {"floor", "course", "on_floor", "calls"} == set(rows)
    for row in rows.values():
        assert row["import"]["median"] > 0 and row["modules"] > 0 and row["peak_rss_mib"]["median"] > 0
    assert res["imports"]["ratio"]["import"] > 0 and set(res["goals"]) == {"import", "first_chart"}
    if not res["kernels"].get("skipped"):  # jupyter_client and nbformat come with the test extra
        for key in ("floor", "course"):
            assert res["kernels"]["rows"][key]["first_png"]["median"] > 0
        assert res["kernels"]["rows"]["course"]["cells_run"] >= 1
    text = startup.markdown(res)
    assert "course ÷ floor" in text and "goal ≤ 1.2×" in text


def test_only_one_part_replaces_its_section_and_keeps_the_others(tmp_path, monkeypatch, startup_result):
    assert cli.main(["--quick", "--only", "scheduling", "--out", str(tmp_path), "--no-readme"]) == 0
    monkeypatch.setattr(startup, "run", lambda **kw: startup_result)
    assert cli.main(["--quick", "--only", "startup", "--out", str(tmp_path), "--no-readme"]) == 0
    data = json.loads((tmp_path / "results.json").read_text())
    assert {"scheduling", "startup"} <= set(data) and set(data["meta"]["reruns"]) == {"startup"}
    text = (tmp_path / "results.md").read_text()
    assert "## 1. Scheduling quality" in text and "## 6. Start-up" in text and "--only startup" in text
