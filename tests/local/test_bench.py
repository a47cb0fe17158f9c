"""bench/local_model.py's report: a skipped run says why; a measured one gives every table (no server needed)."""
from __future__ import annotations

from bench import local_model


def test_a_skipped_run_says_why():
    assert local_model.markdown({"skipped": "not installed"}) == "_Skipped: not installed._"
    assert local_model.readme_line({"skipped": "x"}) == ""


def test_a_measured_run_gives_load_turns_and_switches():
    timing = {"prompt_n": 300, "prompt_per_second": 150.0, "predicted_per_second": 40.0}
    res = {"loads": [2.0, 3.0, 4.0], "threads": 1, "memory_mib": {"VmRSS": 650.0, "VmHWM": 700.0},
           "modes": {m: {"makespans": [5.0], "turns": [1.0, 2.0], "timings": [timing], "calls": [3]}
                     for m in ("one-at-a-time", "all", "hybrid")},
           "switches": [{"parallel_tool_calls": False, "tool_choice": "auto", "calls": 3, "finish_reason": "tool_calls"}]}
    text = local_model.markdown(res)
    assert "**3.00 s**" in text and "650 MiB" in text and "| all | 5.00 s | 3 | 1.50 s | 3.0× | 150 | 40 |" in text
    assert "| False | auto | 3 | tool_calls |" in text
    assert "3.0× the scripted 0.5 s" in local_model.readme_line(res)
