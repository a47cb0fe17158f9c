"""Eager dispatch on a real stream from the local server: every streamed call answered once, in order."""
from __future__ import annotations

import pytest

import course
from course.beyond.live_stream import stream_live

pytestmark = pytest.mark.local_model

SYSTEM = ("You are a coding agent. Call tools to read files. When you need several files, "
          "call read_file once per file, all in one reply.")


@course.tool(latency=0.3)
async def read_file(path: str) -> str:
    """Read a text file of the project."""
    return f"<contents of {path}>"


@pytest.mark.parametrize("eager", [True, False])
def test_a_real_stream_runs_each_call_once(local, eager):
    run = stream_live(local, "Read shop/cart.py, shop/discounts.py and shop/tests.py.", [read_file],
                      system=SYSTEM, eager=eager)
    trace = run.trace
    stream = next(s for s in trace.spans if s.kind == "llm")
    tools = [s for s in trace.spans if s.kind == "tool"]
    print(f"eager={eager}: {len(tools)} calls, ready at {sorted(run.ready.values())}, stream ended {stream.end:.2f} s")
    assert run.chunks > 1, "the reply did not arrive as a stream"
    assert len({r.call_id for r in trace.results}) == len(trace.results) == len(run.ready) == len(tools)
    assert all(r.ok for r in trace.results)
    if eager and len(tools) > 1:  # the first call was complete, and started, while the stream went on
        assert min(s.start for s in tools) < stream.end
    if not eager:
        assert all(s.start >= stream.end for s in tools)
