"""Scheduling quality on the virtual clock (exact): sequential, waves and dataflow vs the bounds.

A seeded suite of random tool-call DAGs: 5–200 calls, mixed latencies (mostly fast reads, some
slow builds), `depends_on` edges, some parallel-unsafe calls, and reads/writes of a small pool of
paths (so some calls conflict through `resources`). Each batch runs through `course.execute` in

- sequential            one call after another (makespan = total work W);
- hybrid, waves         group by group: a wave starts when the whole previous wave is done;
- hybrid, dataflow      each call starts the moment its predecessors finish (the default);

uncapped and with `max_concurrency=k`. Every makespan is divided by a lower bound:

- uncapped: the critical path CP of the batch graph the runtime builds (dependencies, plus the
  order it imposes on conflicting calls and around parallel-unsafe ones);
- capped at k: LB_k = max(CP, W / k), the bound for list scheduling on k slots.

Graham's list-scheduling argument gives makespan ≤ W/k + (1 − 1/k)·CP ≤ (2 − 1/k)·LB_k for any
schedule that never leaves a slot idle while a call is ready; dataflow is such a schedule, so
the benchmark checks it on every batch (waves is not, and can exceed it).
"""
from __future__ import annotations

import random
import statistics
from typing import Any, Callable

import course
from course import ToolCall
from course.scheduling import build_graph, critical_path_length

SIZES = (5, 10, 20, 50, 100, 200)
SEEDS_PER_SIZE = 8
CAPS = (2, 4, 8)
EXACT = 1e-9  # virtual times are float sums: equal up to the last bits


def _cost(args: dict[str, Any]) -> float:
    return float(args["cost"])


@course.tool(latency=_cost, resources={"read": ["{path}"]})
async def read(path: str, cost: float) -> str:
    """Read a file (shares the path with other readers)."""
    return path


@course.tool(latency=_cost, resources={"write": ["{path}"]})
async def write(path: str, cost: float) -> str:
    """Write a file (needs the path alone)."""
    return path


@course.tool(latency=_cost)
async def compute(cost: float) -> float:
    """Pure work: touches nothing shared."""
    return cost


@course.tool(latency=_cost, parallel_safe=False)
async def shell(cost: float) -> float:
    """A shell command that may touch anything: runs alone."""
    return cost


TOOLS = {t.name: t for t in (read, write, compute, shell)}


def _latency(rng: random.Random) -> float:
    """Mixed latencies in whole milliseconds: 65 % fast, 27 % medium, 8 % slow."""
    u = rng.random()
    if u < 0.65:
        ms = rng.randint(20, 300)
    elif u < 0.92:
        ms = rng.randint(300, 2_000)
    else:
        ms = rng.randint(2_000, 10_000)
    return ms / 1000


def random_batch(n: int, seed: int) -> list[ToolCall]:
    """One seeded random batch of n calls forming a DAG (edges only point to earlier calls)."""
    rng = random.Random(f"{n}:{seed}")
    paths = [f"src/file_{j}.py" for j in range(max(3, n // 6))]
    unsafe_share = rng.choice((0.0, 0.02, 0.05))
    calls: list[ToolCall] = []
    for i in range(n):
        u = rng.random()
        cost = _latency(rng)
        if u < unsafe_share:
            name, args = "shell", {"cost": cost}
        elif u < 0.55:
            name, args = "read", {"path": rng.choice(paths), "cost": cost}
        elif u < 0.70:
            name, args = "write", {"path": rng.choice(paths), "cost": cost}
        else:
            name, args = "compute", {"cost": cost}
        deps: set[str] = set()
        if i:
            for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                window = rng.randint(max(0, i - 12), i - 1)  # mostly recent calls, as agents plan
                deps.add(calls[window].id)
        calls.append(ToolCall(id=f"call_{i}", name=name, arguments=args, depends_on=tuple(sorted(deps))))
    return calls


def bounds(calls: list[ToolCall]) -> tuple[float, float]:
    """(critical path CP of the runtime's batch graph, total work W), from the declared latencies."""
    graph = build_graph(calls, TOOLS)
    durations = [TOOLS[c.name].latency_for(c.arguments) for c in calls]
    return critical_path_length(durations, graph.order), sum(durations)


def measure(calls: list[ToolCall], caps: tuple[int, ...] = CAPS) -> dict[str, Any]:
    """Every makespan of one batch, and its bounds."""
    cp, work = bounds(calls)
    seq = course.execute(calls, TOOLS, mode="sequential")
    dataflow = course.execute(calls, TOOLS, mode="hybrid")
    waves = course.execute(calls, TOOLS, mode="hybrid", scheduler="waves")
    for t in (seq, dataflow, waves):
        assert t.ok, t.summary()
    out: dict[str, Any] = {
        "n": len(calls), "cp": cp, "work": work, "trace_cp": dataflow.critical_path_time,
        "sequential": seq.makespan, "waves": waves.makespan, "dataflow": dataflow.makespan, "capped": {}}
    for k in caps:
        d = course.execute(calls, TOOLS, mode="hybrid", max_concurrency=k)
        w = course.execute(calls, TOOLS, mode="hybrid", scheduler="waves", max_concurrency=k)
        assert d.max_concurrency <= k and w.max_concurrency <= k
        lb = max(cp, work / k)
        out["capped"][str(k)] = {"lb": lb, "graham": (2 - 1 / k) * lb, "graham_tight": work / k + (1 - 1 / k) * cp,
                                 "dataflow": d.makespan, "waves": w.makespan}
    return out


def run(sizes: tuple[int, ...] = SIZES, seeds: int = SEEDS_PER_SIZE, caps: tuple[int, ...] = CAPS,
        log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """The whole suite: per-batch makespans and the ratios, summarised per size."""
    batches = []
    for n in sizes:
        for seed in range(seeds):
            batches.append({"seed": seed, **measure(random_batch(n, seed), caps)})
        log(f"  {n} calls: {seeds} batches")
    rows = []
    for n in sizes:
        group = [b for b in batches if b["n"] == n]
        rows.append({"n": n, "batches": len(group), **_ratios(group, caps)})
    summary = _ratios(batches, caps)
    return {"sizes": list(sizes), "seeds": seeds, "caps": list(caps), "rows": rows, "all": summary,
            "batches": batches}


def _ratios(group: list[dict[str, Any]], caps: tuple[int, ...]) -> dict[str, Any]:
    def stats(values: list[float]) -> dict[str, float]:
        return {"mean": statistics.fmean(values), "median": statistics.median(values),
                "min": min(values), "max": max(values)}

    res: dict[str, Any] = {
        "sequential": stats([b["sequential"] / b["cp"] for b in group]),
        "waves": stats([b["waves"] / b["cp"] for b in group]),
        "dataflow": stats([b["dataflow"] / b["cp"] for b in group]),
        "waves_vs_dataflow": stats([b["waves"] / b["dataflow"] for b in group]),
        "dataflow_exact": sum(abs(b["dataflow"] - b["cp"]) <= EXACT * max(1.0, b["cp"]) for b in group),
        "trace_cp_agrees": sum(abs(b["trace_cp"] - b["cp"]) <= EXACT * max(1.0, b["cp"]) for b in group),
        "capped": {},
    }
    for k in caps:
        c = [b["capped"][str(k)] for b in group]
        res["capped"][str(k)] = {
            "dataflow": stats([x["dataflow"] / x["lb"] for x in c]),
            "waves": stats([x["waves"] / x["lb"] for x in c]),
            "graham_factor": 2 - 1 / k,
            "dataflow_within_graham": sum(x["dataflow"] <= x["graham"] * (1 + EXACT) for x in c),
            "dataflow_within_tight": sum(x["dataflow"] <= x["graham_tight"] * (1 + EXACT) for x in c),
            "waves_within_graham": sum(x["waves"] <= x["graham"] * (1 + EXACT) for x in c),
        }
    return res


def markdown(res: dict[str, Any]) -> str:
    """Two tables: uncapped vs the critical path, then capped vs the list-scheduling bounds."""
    lines = ["| calls | batches | sequential ÷ CP | waves ÷ CP (mean / max) | dataflow ÷ CP | "
             "dataflow exactly CP | waves ÷ dataflow (mean / max) |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for row in [*res["rows"], {"n": "all", "batches": sum(r["batches"] for r in res["rows"]), **res["all"]}]:
        lines.append(
            f"| {row['n']} | {row['batches']} | {row['sequential']['mean']:.2f}× | "
            f"{row['waves']['mean']:.2f}× / {row['waves']['max']:.2f}× | "
            f"{row['dataflow']['mean']:.2f}× (max {row['dataflow']['max']:.2f}×) | "
            f"{row['dataflow_exact']}/{row['batches']} | "
            f"{row['waves_vs_dataflow']['mean']:.2f}× / {row['waves_vs_dataflow']['max']:.2f}× |")
    lines += ["", "| cap k | Graham factor 2 − 1/k | dataflow ÷ LB_k (mean / max) | waves ÷ LB_k (mean / max) | "
              "dataflow within (2 − 1/k)·LB_k | dataflow within W/k + (1 − 1/k)·CP | waves within (2 − 1/k)·LB_k |",
              "|---:|---:|---:|---:|---:|---:|---:|"]
    total = sum(r["batches"] for r in res["rows"])
    for k, c in res["all"]["capped"].items():
        lines.append(f"| {k} | {c['graham_factor']:.2f} | {c['dataflow']['mean']:.2f}× / {c['dataflow']['max']:.2f}× | "
                     f"{c['waves']['mean']:.2f}× / {c['waves']['max']:.2f}× | "
                     f"{c['dataflow_within_graham']}/{total} | {c['dataflow_within_tight']}/{total} | "
                     f"{c['waves_within_graham']}/{total} |")
    return "\n".join(lines)
