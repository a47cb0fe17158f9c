"""Spans and traces: what happened, when, and the metrics derived from it."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from .calls import ToolCall, ToolResult
from .clock import is_virtual
from .i18n import Message, tr
from .textwidth import ljust, rjust

T = TypeVar("T", bound="Trace")


class Notes(list):
    """A trace's notes: what the runtime did that the timeline alone does not say.

    Each note is kept language-neutral, as a `course.i18n.Message` (its value the English, so tests
    and `note in trace.notes` compare English), and reads in the learner's language where it is shown:
    `print(trace.notes[0])`, `f"{note}"`, the playground's list.
    """

    def append(self, note: str) -> None:
        """Add one note: a Message, or English text (its translation is looked up when it is shown)."""
        super().append(note if isinstance(note, Message) else Message(str(note)))

    def add(self, key: str, /, **params: object) -> Message:
        """Add the note `key` (an English template with `{name}` placeholders) filled with `params`."""
        note = Message(key, **params)
        super().append(note)
        return note

SpanKind = Literal["llm", "tool"]
SUMMARY = ("{mode}: makespan {makespan} s, {turns} model turns, {calls} tool calls ({tool_time} s of tool time), "
           "peak concurrency {peak}, failed {failed}")
_DIGITS = 9  # virtual times are sums of floats; round away the last-bit noise when reporting


@dataclass
class Span:
    """One timed step: a model turn ("llm") or a tool call ("tool")."""

    kind: SpanKind
    name: str
    start: float
    end: float | None = None
    call_id: str | None = None
    ok: bool = True
    status: str = "ok"
    turn: int = 0

    @property
    def duration(self) -> float:
        """Seconds from start to end (0 while the span is still open)."""
        return 0.0 if self.end is None else round(self.end - self.start, _DIGITS)


@dataclass
class Trace:
    """Everything one run recorded: spans, results, messages and the batch graph."""

    mode: str
    clock: str = "virtual"
    spans: list[Span] = field(default_factory=list)
    results: list[ToolResult] = field(default_factory=list)
    calls: list[ToolCall] = field(default_factory=list)
    edges: dict[str, tuple[str, ...]] = field(default_factory=dict)
    messages: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=Notes)
    final: str | None = None
    error: str | None = None
    start: float = 0.0
    end: float = 0.0
    origin: float = field(default=0.0, repr=False, compare=False)  # the loop's time when the run began

    @classmethod
    def begin(cls: type[T], mode: str, **fields: Any) -> T:
        """A trace for a run that starts now on the running loop: its clock named, its times measured from here."""
        loop = asyncio.get_running_loop()
        return cls(mode=mode, clock="virtual" if is_virtual(loop) else "real", origin=loop.time(), **fields)

    def now(self) -> float:
        """Seconds since the run began, on the running loop's clock."""
        return asyncio.get_running_loop().time() - self.origin

    def finish(self) -> None:
        """Close the run: its end is now."""
        self.end = self.now()

    def record(self, results: list[ToolResult]) -> None:
        """Add the results of answered calls, in call order (the batch runner's way in: no agent extends
        `results` by hand)."""
        self.results.extend(results)

    # ---- metrics -------------------------------------------------------------------------
    @property
    def makespan(self) -> float:
        """Wall time of the whole run, in (virtual) seconds."""
        return round(self.end - self.start, _DIGITS)

    @property
    def llm_calls(self) -> int:
        """Number of model round-trips."""
        return sum(1 for s in self.spans if s.kind == "llm")

    @property
    def tool_spans(self) -> list[Span]:
        """The spans of tool calls, in the order they started."""
        return [s for s in self.spans if s.kind == "tool"]

    @property
    def tool_time(self) -> float:
        """Summed duration of all tool calls (what a strictly serial run would spend on tools)."""
        return round(sum(s.duration for s in self.tool_spans), _DIGITS)

    @property
    def llm_time(self) -> float:
        """Summed duration of all model turns."""
        return round(sum(s.duration for s in self.spans if s.kind == "llm"), _DIGITS)

    @property
    def failed(self) -> list[ToolResult]:
        """The results of calls that did not succeed, in call order."""
        return [r for r in self.results if not r.ok]

    @property
    def max_concurrency(self) -> int:
        """Peak number of tool calls in flight (the contract's name; `peak_concurrency` says what it is)."""
        return self.peak_concurrency

    @property
    def peak_concurrency(self) -> int:
        """Peak number of tool calls in flight at the same instant (Agent's max_concurrency is a cap)."""
        events = []
        for s in self.tool_spans:
            if s.end is None or s.end > s.start:
                events.append((round(s.start, _DIGITS), 1))
                if s.end is not None:
                    events.append((round(s.end, _DIGITS), -1))
        peak = current = 0
        for _, delta in sorted(events):  # at equal times -1 sorts first: a finish frees its slot
            current += delta
            peak = max(peak, current)
        return peak

    def concurrency_profile(self) -> list[tuple[float, int]]:
        """Step function of tool calls in flight: (time, count from that time on)."""
        events: dict[float, int] = {}
        for s in self.tool_spans:
            if s.end is None or s.end <= s.start:
                continue
            events[round(s.start, _DIGITS)] = events.get(round(s.start, _DIGITS), 0) + 1
            events[round(s.end, _DIGITS)] = events.get(round(s.end, _DIGITS), 0) - 1
        profile, current = [], 0
        for t in sorted(events):
            current += events[t]
            profile.append((t - self.start, current))
        return profile

    def speedup(self, other: "Trace") -> float:
        """How many times faster this run is than `other` (other.makespan / self.makespan)."""
        if self.makespan == 0:
            return float("inf")
        return round(other.makespan / self.makespan, 6)

    @property
    def ok(self) -> bool:
        """True when every tool call succeeded and the run ended without an error."""
        return self.error is None and all(r.ok for r in self.results)

    def result(self, call_id: str) -> ToolResult:
        """The result of one call, by id."""
        for r in self.results:
            if r.call_id == call_id:
                return r
        raise KeyError(f"No result for call id {call_id!r}; ids here: {[r.call_id for r in self.results]}")

    def span(self, call_id: str) -> Span:
        """The tool span of one call, by id (the last one, if the call ran more than once)."""
        found = [s for s in self.tool_spans if s.call_id == call_id]
        if not found:
            raise KeyError(f"No tool span for call id {call_id!r}")
        return found[-1]

    # ---- critical path -------------------------------------------------------------------
    def _timed_graph(self) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Each run call's measured duration, and the run calls each one waits for."""
        durations = {s.call_id: s.duration for s in self.tool_spans if s.call_id}
        return durations, {c: [p for p in self.edges.get(c, ()) if p in durations] for c in durations}

    def critical_path(self) -> list[str]:
        """Call ids on the longest chain of the batch graph, weighted by measured durations."""
        durations, preds = self._timed_graph()
        best: dict[str, tuple[float, list[str]]] = {}

        def longest(cid: str) -> tuple[float, list[str]]:
            if cid not in best:
                tail = max((longest(p) for p in preds[cid]), key=lambda x: x[0], default=(0.0, []))
                best[cid] = (tail[0] + durations[cid], [*tail[1], cid])
            return best[cid]

        candidates = [longest(c.id) for c in self.calls if c.id in durations]
        return max(candidates, key=lambda x: x[0], default=(0.0, []))[1]

    def critical_calls(self) -> set[str]:
        """Call ids on every longest chain of the batch graph: where two chains tie, both (a chart that
        marks only `critical_path()` would call the other one slack)."""
        durations, preds = self._timed_graph()
        succs: dict[str, list[str]] = {c: [] for c in durations}
        for c, ps in preds.items():
            for p in ps:
                succs[p].append(c)
        to: dict[str, float] = {}  # longest chain ending at c, c included
        after: dict[str, float] = {}  # longest chain starting at c, c included

        def longest(c: str, table: dict[str, float], nxt: dict[str, list[str]]) -> float:
            if c not in table:
                table[c] = durations[c] + max((longest(n, table, nxt) for n in nxt[c]), default=0.0)
            return table[c]

        lengths = {c: longest(c, to, preds) + longest(c, after, succs) - durations[c] for c in durations}
        top = max(lengths.values(), default=0.0)
        return {c for c, length in lengths.items() if round(top - length, _DIGITS) == 0}

    @property
    def critical_path_time(self) -> float:
        """Length of the critical path in seconds: no schedule of this batch can beat it."""
        durations = {s.call_id: s.duration for s in self.tool_spans}
        return round(sum(durations[c] for c in self.critical_path()), _DIGITS)

    # ---- presentation --------------------------------------------------------------------
    def metrics(self) -> dict[str, Any]:
        """The headline numbers as a dict (for tables and checkers)."""
        return {"mode": self.mode, "makespan": self.makespan, "llm_calls": self.llm_calls,
                "tool_calls": len(self.tool_spans), "tool_time": self.tool_time,
                "max_concurrency": self.max_concurrency,
                "failed": len(self.failed)}

    def summary(self) -> str:
        """One line of headline numbers (a Message: English as recorded, shown in the learner's language)."""
        m = self.metrics()
        return Message(SUMMARY, mode=m["mode"], makespan=f"{m['makespan']:g}", turns=m["llm_calls"],
                       calls=m["tool_calls"], tool_time=f"{m['tool_time']:g}", peak=m["max_concurrency"],
                       failed=m["failed"])

    def table(self) -> str:
        """A plain-text table of every span, in start order, its columns aligned also in Chinese
        (widths count monospace columns: a CJK character takes two)."""
        def row(kind: str, name: str, call: str, start: str, end: str, status: str) -> str:
            return (f"{ljust(kind, 5)} {ljust(name, 18)} {ljust(call, 10)} "
                    f"{rjust(start, 7)} {rjust(end, 7)}  {status}")

        rows = [row(tr("kind"), tr("name"), tr("call"), tr("start"), tr("end"), tr("status"))]
        for s in sorted(self.spans, key=lambda s: (s.start, s.kind != "llm")):
            end = "…" if s.end is None else f"{s.end - self.start:.3f}"
            rows.append(row(tr(s.kind), _span_name(s.name)[:18], (s.call_id or "-")[:10],
                            f"{s.start - self.start:.3f}", end, tr(s.status)))
        return "\n".join(rows)

    def __repr__(self) -> str:
        return f"<Trace {self.summary()}>"



def _span_name(name: str) -> str:
    """A span's name as a learner reads it: "model turn 3" translated, a tool's name as it is."""
    return tr(name) if name.startswith("model turn ") else name
