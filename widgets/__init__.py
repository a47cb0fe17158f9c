"""Timeline charts and the delivery-mode playground for the course (import widgets)."""
from . import scenarios
from .playground import Playground, playground
from .scenarios import Scenario, pipeline, reads_then_merge, three_config_reads
from .timeline import compare_timelines, plot_concurrency, plot_timeline

__all__ = [
    "Playground", "Scenario", "compare_timelines", "pipeline", "playground", "plot_concurrency",
    "plot_timeline", "reads_then_merge", "scenarios", "three_config_reads",
]
