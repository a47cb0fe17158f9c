"""Benchmarks for the course runtime: `python -m bench` (or `make bench`) runs them all.

Each part is a module with a `run(...)` function returning plain data (dicts and lists) and a
`markdown(...)` function that renders it:

- `bench.scheduling`  scheduling quality on seeded random DAGs, virtual clock (exact);
- `bench.overhead`    dispatch overhead per call vs a bare asyncio.gather and LangGraph's ToolNode;
- `bench.peers`       the same batch through the course and its peers (agent SDKs, ToolNode);
- `bench.real_io`     real files and subprocesses, one-at-a-time vs all, measured vs predicted;
- `bench.course_speed` the notebooks under nbval and the playground's redraw time;
- `bench.startup`     `import course, widgets` and lesson 1's first chart in a fresh kernel, vs the floor.

`bench.first_version` keeps the playground's first way of redrawing (a new figure each time), which
`bench.course_speed` times against the kept figure; `bench.hub` is the classroom rehearsal, run alone.
"""
