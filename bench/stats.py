"""Small statistics helpers shared by the benchmarks: medians and their spread."""
from __future__ import annotations

import statistics
from typing import Any, Sequence


def median(values: Sequence[float]) -> float:
    """The median (the number every table reports)."""
    return float(statistics.median(values))


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    """The 25th and 75th percentiles (the spread the tables report next to a median)."""
    if len(values) < 2:
        return float(values[0]), float(values[0])
    q = statistics.quantiles(values, n=4, method="inclusive")
    return float(q[0]), float(q[2])


def summary(values: Sequence[float]) -> dict[str, float | int]:
    """Median, quartiles, min, max and sample count of a list of timings."""
    lo, hi = quartiles(values)
    return {"median": median(values), "p25": lo, "p75": hi, "min": float(min(values)),
            "max": float(max(values)), "n": len(values)}


def spread_pct(s: dict[str, float | int]) -> float:
    """Half the interquartile range as a percentage of the median: the ± a table prints."""
    m = float(s["median"])
    return 0.0 if m == 0 else 50.0 * (float(s["p75"]) - float(s["p25"])) / m


def load_sentence(start: Any, end: Any, cpus: Any, when: str = "the run") -> str:
    """'Load average (1 / 5 / 15 min) when the run started: …; when it ended: …' ('' with no reading)."""
    if not start:
        return ""
    text = f"Load average (1 / 5 / 15 min) when {when} started: {' / '.join(f'{x:.2f}' for x in start)}"
    if end:
        text += f"; when it ended: {' / '.join(f'{x:.2f}' for x in end)}"
    return text
