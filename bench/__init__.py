"""Benchmarks for the course runtime: `python -m bench` (or `make bench`) runs them all.

Four parts, each a module with a `run(...)` function returning plain data (dicts and lists) and a
`markdown(...)` function that renders it:

- `bench.scheduling`  scheduling quality on seeded random DAGs, virtual clock (exact);
- `bench.overhead`    dispatch overhead per call vs a bare asyncio.gather and LangGraph's ToolNode;
- `bench.real_io`     real files and subprocesses, one-at-a-time vs all, measured vs predicted;
- `bench.course_speed` the notebooks under nbval and the playground's redraw time.
"""
