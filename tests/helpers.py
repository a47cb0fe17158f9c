"""Small tools and call builders shared by the runtime tests."""
from __future__ import annotations

import asyncio

import course
from course import ToolCall


@course.tool(latency=1.0)
async def read_file(path: str) -> str:
    """Read a file and return its text."""
    return f"contents of {path}"


@course.tool(latency=0.5)
async def fail(reason: str) -> str:
    """Always fails."""
    raise RuntimeError(reason)


@course.tool(latency=0.0, timeout=2.0)
async def hang(seconds: float) -> str:
    """Sleeps for the given number of (virtual) seconds."""
    await asyncio.sleep(seconds)
    return "woke up"


@course.tool(latency=1.0, parallel_safe=False, resources={"write": ["file:{path}"]})
async def write_file(path: str, text: str) -> str:
    """Write text to a file."""
    return f"wrote {len(text)} characters to {path}"


def reads(n: int, prefix: str = "call") -> list[ToolCall]:
    """n independent read_file calls with ids call_1..call_n."""
    return [ToolCall(id=f"{prefix}_{i}", name="read_file", arguments={"path": f"{i}.txt"}) for i in range(1, n + 1)]
