"""stream_live without a server: a scripted stream of chunks, including the odd ones a server may send."""
from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

import course
from course.beyond.live_stream import stream_live


@course.tool(latency=0.0)
async def read_file(path: str) -> str:
    """Read a text file of the project."""
    return f"<contents of {path}>"


def _delta(index, id=None, name=None, arguments=""):
    return NS(index=index, id=id, function=NS(name=name, arguments=arguments))


class _Model:
    """A model whose client streams the given chunks (or raises after them)."""

    model = "scripted-stream"

    def __init__(self, deltas, fail=False):
        async def create(**request):
            async def chunks():
                for d in deltas:
                    yield NS(choices=[NS(delta=NS(tool_calls=[d]))])
                if fail:
                    raise ConnectionError("the stream broke")
            return chunks()
        self.client = NS(chat=NS(completions=NS(create=create)))


def test_every_streamed_call_is_answered_once_even_without_an_id():
    deltas = [_delta(0, "c1", "read_file", '{"path": '), _delta(0, arguments='"a.py"}'),
              _delta(1, None, "read_file", '{"path": "b.py"}'), _delta(2, "c3", "no_such_tool", "{}")]
    run = stream_live(_Model(deltas), "read", [read_file])
    ids = [r.call_id for r in run.trace.results]
    assert ids == ["c1", "streamed_call_1", "c3"] and len(set(ids)) == 3
    assert [r.ok for r in run.trace.results] == [True, True, False]


def test_a_broken_stream_raises_its_own_error():
    with pytest.raises(ConnectionError):
        stream_live(_Model([_delta(0, "c1", "read_file", '{"path": "a.py"}')], fail=True), "read", [read_file])
