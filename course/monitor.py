"""A small performance monitor (the documents' §6.3): runs per mode, averaged."""
from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import tr
from .textwidth import columns
from .trace import Trace


@dataclass
class ModeStats:
    """Totals for one delivery mode."""

    runs: int = 0
    makespan: float = 0.0
    llm_calls: int = 0
    tool_calls: int = 0
    failed: int = 0

    @property
    def avg_makespan(self) -> float:
        """Mean makespan in seconds (0 before the first run)."""
        return round(self.makespan / self.runs, 6) if self.runs else 0.0

    @property
    def avg_llm_calls(self) -> float:
        """Mean model round-trips per run."""
        return round(self.llm_calls / self.runs, 6) if self.runs else 0.0


@dataclass
class PerformanceMonitor:
    """Collects traces by mode and reports averages; pass it to Agent(monitor=...)."""

    stats: dict[str, ModeStats] = field(default_factory=dict)

    def record(self, trace: Trace) -> None:
        """Add one finished run."""
        s = self.stats.setdefault(trace.mode, ModeStats())
        s.runs += 1
        s.makespan += trace.makespan
        s.llm_calls += trace.llm_calls
        s.tool_calls += len(trace.tool_spans)
        s.failed += len(trace.failed)

    def summary(self) -> dict[str, dict[str, float]]:
        """Averages per mode: runs, avg_makespan, avg_llm_calls, failed."""
        return {mode: {"runs": s.runs, "avg_makespan": s.avg_makespan,
                       "avg_llm_calls": s.avg_llm_calls, "failed": s.failed}
                for mode, s in self.stats.items()}

    def speedup(self, mode: str, baseline: str = "one-at-a-time") -> float:
        """How many times faster `mode` is than `baseline`, on average."""
        for name in (mode, baseline):
            if name not in self.stats or self.stats[name].runs == 0:
                raise KeyError(tr(f"No runs recorded for mode {name!r}; run an agent in that mode first."))
        if self.stats[mode].avg_makespan == 0:
            return float("inf")  # as Trace.speedup: a run that took no time is infinitely faster
        return round(self.stats[baseline].avg_makespan / self.stats[mode].avg_makespan, 6)

    def report(self) -> str:
        """A plain-text table of the averages, in the learner's language, its columns aligned also in Chinese."""
        rows = [[tr("mode"), tr("runs"), tr("avg makespan"), tr("avg turns"), tr("failed")]]
        for mode, s in self.stats.items():
            rows.append([mode, s.runs, tr(f"{s.avg_makespan:.3f}s"), f"{s.avg_llm_calls:.2f}", s.failed])
        return columns(rows, align="<>>>>", gap=1, minimum=(14, 4, 13, 10, 7))

    def reset(self) -> None:
        """Forget every recorded run."""
        self.stats.clear()
