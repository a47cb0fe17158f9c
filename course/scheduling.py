"""The batch as a graph: dependencies, resource conflicts, waves, and the critical path."""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any, Iterable

from .calls import ToolCall, decode_arguments, references_in
from .tools import Access, Tool


@dataclass
class BatchGraph:
    """Dependencies of one batch, by position: `data` must succeed first, `order` must finish first."""

    calls: list[ToolCall]
    data: list[set[int]]
    order: list[set[int]]
    problems: dict[int, str] = field(default_factory=dict)
    topo: list[int] = field(default_factory=list)
    refs: list[tuple[str, ...]] = field(default_factory=list)  # each call's "$id" strings, by position

    def edges_by_id(self) -> dict[str, tuple[str, ...]]:
        """The ordering constraints as call id → ids that must finish first."""
        ids = [c.id for c in self.calls]
        return {ids[i]: tuple(ids[p] for p in sorted(preds)) if preds else () for i, preds in enumerate(self.order)}


def build_graph(calls: list[ToolCall], tools: dict[str, Tool],
                prior_ids: Iterable[str] = (), conflicts: bool = True,
                decoded: list[Any] | None = None) -> BatchGraph:
    """Data dependencies from depends_on and "$id" references; with conflicts, ordering for safety too.

    decoded: each call's arguments already decoded (calls.decode_arguments), so they are read once."""
    prior = set(prior_ids)
    n = len(calls)
    data: list[set[int]] = [set() for _ in range(n)]
    problems: dict[int, str] = {}
    if decoded is None:
        decoded = [decode_arguments(c.arguments) for c in calls]
    refs = [references_in(value) for value in decoded]
    index = {}
    for i, call in enumerate(calls):
        if call.id in index:
            problems[i] = f"duplicate call id {call.id!r} in one batch; every call needs its own id"
        else:
            index[call.id] = i
    edges = False
    for i, call in enumerate(calls):
        if call.depends_on:
            for dep in call.depends_on:
                if dep in index and index[dep] != i:
                    data[i].add(index[dep])
                elif dep not in prior:
                    problems.setdefault(i, f"{call.id} depends on {dep!r}, which is not a call of this "
                                           "conversation; check the id")
        for ref in refs[i]:
            if ref in index and index[ref] != i:
                data[i].add(index[ref])
        edges = edges or bool(data[i])
    if edges:
        topo, cyclic = _stable_topological_order(data)
    else:  # no dependencies at all: source order, no cycle, nothing to sort
        topo, cyclic = list(range(n)), []
    for i in cyclic:
        problems.setdefault(i, f"{calls[i].id} is part of a dependency cycle "
                               f"({', '.join(calls[j].id for j in sorted(cyclic))}); none of them can start")
    order = [set(d) for d in data] if edges else [set() for _ in range(n)]
    if conflicts and _may_conflict(calls, tools):
        _add_conflict_edges(calls, tools, topo, order, decoded)
    return BatchGraph(calls=calls, data=data, order=order, problems=problems, topo=topo, refs=refs)


def _may_conflict(calls: list[ToolCall], tools: dict[str, Tool]) -> bool:
    """True when some call's tool declares resources or is parallel-unsafe (else no conflict edge can arise)."""
    names = {c.name for c in calls}
    return any(not t.parallel_safe or t.resources is not None for name in names if (t := tools.get(name)))


def _stable_topological_order(preds: list[set[int]]) -> tuple[list[int], list[int]]:
    """Kahn's algorithm, lowest position first; also returns the positions stuck on a cycle."""
    n = len(preds)
    remaining = [len(p) for p in preds]
    succs: list[list[int]] = [[] for _ in range(n)]
    for i, ps in enumerate(preds):
        for p in ps:
            succs[p].append(i)
    ready = [i for i in range(n) if remaining[i] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        i = heapq.heappop(ready)
        order.append(i)
        for s in succs[i]:
            remaining[s] -= 1
            if remaining[s] == 0:
                heapq.heappush(ready, s)
    placed = set(order)
    cyclic = [i for i in range(n) if i not in placed]
    return order + cyclic, cyclic


def _add_conflict_edges(calls: list[ToolCall], tools: dict[str, Tool], topo: list[int],
                        order: list[set[int]], decoded: list[Any]) -> None:
    """Order conflicting calls by topological position: a parallel-unsafe call runs alone,
    and on each resource a writer waits for earlier readers and writers (readers share)."""
    since_barrier: list[int] = []
    barrier: int | None = None
    last_writer: dict[str, int] = {}
    readers: dict[str, list[int]] = {}
    for i in topo:
        tool = tools.get(calls[i].name)
        try:
            args = decoded[i] if isinstance(decoded[i], dict) else {}  # what accesses() reads from raw text
            accesses: tuple[Access, ...] = tool.accesses(args) if tool else ()
            unsafe = tool is not None and not tool.parallel_safe
        except Exception:  # a resources function that fails: play safe and run the call alone
            accesses, unsafe = (), True
        if unsafe:
            order[i].update(since_barrier)
            if barrier is not None:
                order[i].add(barrier)
            barrier, since_barrier = i, []
            last_writer.clear()
            readers.clear()
            continue
        if barrier is not None:
            order[i].add(barrier)
        since_barrier.append(i)
        for access in accesses:
            if access.write:
                order[i].update(readers.get(access.key, []))
                if access.key in last_writer:
                    order[i].add(last_writer[access.key])
            elif access.key in last_writer:
                order[i].add(last_writer[access.key])
        for access in accesses:
            if access.write:
                last_writer[access.key] = i
                readers[access.key] = []
            else:
                readers.setdefault(access.key, []).append(i)
    for i, preds in enumerate(order):
        preds.discard(i)


def waves(graph: BatchGraph) -> list[list[int]]:
    """Group-by-group scheduling (the documents' hybrid): wave k holds the calls whose longest
    chain of predecessors has k links; a wave starts only when the whole previous wave is done."""
    level: dict[int, int] = {}
    for i in graph.topo:
        level[i] = 1 + max((level[p] for p in graph.order[i] if p in level), default=-1)
    groups: dict[int, list[int]] = {}
    for i in range(len(graph.calls)):
        groups.setdefault(level[i], []).append(i)
    return [groups[k] for k in sorted(groups)]


def critical_path_length(durations: list[float], preds: list[set[int]]) -> float:
    """Longest chain of durations through the graph: the lower bound on any schedule's makespan."""
    topo, _ = _stable_topological_order(preds)
    finish: dict[int, float] = {}
    for i in topo:
        finish[i] = durations[i] + max((finish.get(p, 0.0) for p in preds[i]), default=0.0)
    return max(finish.values(), default=0.0)
