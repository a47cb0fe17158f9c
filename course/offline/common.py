"""What every offline endpoint shares: the SDKs' HTTP library, request parsing, latency, error replies.

The SDKs' HTTP library (httpx2 under openai 3.x) is found when an endpoint first answers or a
client is first built, never when the course is imported: `import course` loads no SDK.

Each protocol module subclasses `Endpoint` with four small methods (which path it serves, what
is wrong with a request, what conversation a request holds, and how a turn is written back),
the name of its request's pydantic model (in request_models.py, built on first use too), and
its service's wording for a body it cannot read or a request of the wrong shape; this class
does the rest once: it decodes the body (shapes.py), records the request, answers a malformed
request or a protocol violation with that service's status and wording, charges the scripted
model's latency on whichever clock runs, and asks the ScriptedModel for its next turn.
Whatever bytes arrive, the answer is an HTTP response.
"""
from __future__ import annotations

import asyncio
import functools
import importlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Protocol

from ..messages import ModelTurn, approx_tokens  # noqa: F401  (approx_tokens: its old import path)
from .shapes import Unreadable, Violation, first_violation, read_body

if TYPE_CHECKING:
    from ..calls import ToolCall
    from ..models.scripted import ScriptedModel

OFFLINE_KEY = "offline-no-key-needed"
PROGRAM_TOOL = "run_program"  # the call that hands a program over (course.beyond.programmatic runs it)


@functools.cache
def sdk_http() -> Any:
    """The HTTP library the installed SDKs are built on: httpx2 (openai 3.x) or httpx (1.x, 2.x)."""
    import openai

    for cls in openai.DefaultAsyncHttpxClient.__mro__:
        if cls.__name__ == "AsyncClient":
            return importlib.import_module(cls.__module__.split(".")[0])
    raise ImportError("Could not tell which HTTP library the installed openai client uses.")


def __getattr__(name: str) -> Any:
    """`from course.offline.common import http`: the SDKs' HTTP library, imported on first use."""
    if name == "http":
        return sdk_http()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class ProtocolError:
    """A request the real service refuses: its HTTP status, its wording, and where (param)."""

    message: str
    param: str | None = None
    status: int = 400
    code: str | None = None  # the service's error code, where it sends one ("unsupported_parameter")


class Endpoint:
    """An in-process HTTP endpoint playing a ScriptedModel; subclasses speak one wire protocol."""

    protocol = "?"
    request_shape: str | None = None  # the name of the pydantic model (request_models.py) of what it reads

    def __init__(self, scripted: "ScriptedModel") -> None:
        self.scripted = scripted
        self.requests: list[dict[str, Any]] = []
        self.replies: list[dict[str, Any]] = []  # every answer sent, errors included, in order

    # -- what each protocol module provides -------------------------------------------------
    def serves(self, method: str, path: str) -> bool:
        """True for the request this endpoint answers."""
        raise NotImplementedError

    def check(self, body: dict[str, Any]) -> ProtocolError | None:
        """What the real service would refuse in this request, or None."""
        raise NotImplementedError

    def conversation(self, body: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
        """The request as Chat Completions-style messages for the ScriptedModel, and whether
        several calls may come back in one turn."""
        raise NotImplementedError

    def reply(self, turn: ModelTurn, body: dict[str, Any], number: int) -> dict[str, Any]:
        """The scripted turn written as this protocol's response body."""
        raise NotImplementedError

    def error_body(self, problem: ProtocolError) -> dict[str, Any]:
        """The JSON error body this service sends."""
        raise NotImplementedError

    def malformed(self, violation: Violation) -> ProtocolError:
        """The 400 this service gives a request of the wrong shape (a field missing or mistyped)."""
        return ProtocolError(f"Invalid request: {violation.message} at {violation.path}.")

    def unreadable(self, problem: Unreadable) -> ProtocolError:
        """The 400 this service gives a body that is not one JSON object."""
        if problem.kind == "not_object":
            return ProtocolError("The request body must be a JSON object.")
        return ProtocolError(f"We could not parse the JSON body of your request: {problem.detail}.")

    def unknown_route(self, method: str, path: str) -> ProtocolError:
        """The reply to a request this endpoint does not serve."""
        return ProtocolError(f"Unknown request URL: {method} {path}. This offline endpoint serves the "
                             f"{self.protocol} protocol only.", status=404)

    # -- shared -------------------------------------------------------------------------------
    def shape_error(self, body: dict[str, Any]) -> ProtocolError | None:
        """The 400 for a body that does not fit `request_shape`, or None (then `check` may read it)."""
        if self.request_shape is None:
            return None
        models = importlib.import_module(".request_models", __package__)  # built on first use, not on import
        violation = first_violation(getattr(models, self.request_shape), body)
        return self.malformed(violation) if violation else None

    def error(self, problem: ProtocolError) -> Any:
        """An HTTP error response in this service's format."""
        body = self.error_body(problem)
        self.replies.append({"http_status": problem.status, **body})
        return sdk_http().Response(problem.status, json=body)

    async def __call__(self, request: Any) -> Any:
        """Handle one HTTP request (the SDK transport's handler)."""
        method, path = request.method, request.url.path
        if not self.serves(method, path):
            return self.error(self.unknown_route(method, path))
        body = read_body(request.content or b"{}")
        if isinstance(body, Unreadable):
            return self.error(self.unreadable(body))
        self.requests.append(body)
        problem = self.shape_error(body) or self.check(body)  # the shape first: check reads the fields
        if problem:
            return self.error(problem)
        answer = await self.answer(body)
        self.replies.append(answer)
        return sdk_http().Response(200, json=answer)

    async def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        """The reply to a valid request: the scripted model's next turn, after its latency."""
        await self.think()
        messages, parallel = self.conversation(body)
        turn = self.scripted.next_turn(messages, parallel_tool_calls=parallel)
        return self.reply(turn, body, len(self.requests))

    async def program_turns(self, host: "ProgramHost", output: list[dict[str, Any]],
                            read: Callable[[list[dict[str, Any]]], list[dict[str, Any]]], parallel: bool,
                            write: Callable[[ModelTurn, list["ToolCall"]], list[dict[str, Any]]],
                            program: Callable[[str, list["ToolCall"] | None], list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """Model turns while no program waits for a call, appended to `output`: each turn's programs start at
        once, and when every one ends without calling a tool the model reads their outputs in a further turn.
        `read` gives the conversation the model reads, `write` a turn's own items, `program` a program's."""
        while not host.waiting:
            await self.think()
            turn = self.scripted.next_turn(read(output), parallel_tool_calls=parallel)
            programs = [c for c in turn.tool_calls if c.name == PROGRAM_TOOL]
            output += write(turn, programs)
            for call in programs:
                output += program(call.id, await host.start(call.id, program_code(call)))
            if not programs:
                break
        return output

    async def think(self) -> None:
        """The model's latency for one turn, on whichever clock runs."""
        if self.scripted.latency > 0:
            await asyncio.sleep(self.scripted.latency)


def program_code(call: "ToolCall") -> str:
    """The program a `run_program` call hands over (its `code` argument; "" when there is none)."""
    try:
        arguments = json.loads(call.arguments_json)
    except ValueError:
        return ""
    return str(arguments.get("code", "")) if isinstance(arguments, dict) else ""


class ProgramSession(Protocol):
    """A program running in the provider's sandbox (course.beyond.hosted runs the course's)."""

    ok: bool
    result: str  # what the program returned or printed, or why it stopped

    async def advance(self, outputs: dict[str, str]) -> list["ToolCall"] | None:
        """Start it ({}) or resume it with the outputs of the calls it waits for; its next batch, or None: done."""
        ...


Sandbox = Callable[[str, str], ProgramSession]  # (program call id, code) -> the program, started on first advance


class ProgramHost:
    """The programs an endpoint runs on the provider's side, and the calls each one waits for."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.running: dict[str, ProgramSession] = {}  # program call id -> its program
        self.waiting: dict[str, list[str]] = {}  # program call id -> the ids of the calls it waits for

    async def start(self, program: str, code: str) -> list["ToolCall"] | None:
        """Start a program: its first batch, or None when it ended without calling a tool."""
        self.running[program] = self.sandbox(program, code)
        return await self._advance(program, {})

    async def resume(self, answered: dict[str, str]) -> list[tuple[str, list["ToolCall"] | None]]:
        """Every program whose calls `answered` (call id -> output) answers, resumed: (program, next batch or None)."""
        return [(program, await self._advance(program, {i: answered[i] for i in ids}))
                for program, ids in list(self.waiting.items()) if all(i in answered for i in ids)]

    def finished(self, program: str) -> ProgramSession:
        """A program that ended, taken off the host (its result and whether it ran to the end)."""
        return self.running.pop(program)

    async def _advance(self, program: str, outputs: dict[str, str]) -> list["ToolCall"] | None:
        calls = await self.running[program].advance(outputs)
        if calls:
            self.waiting[program] = [c.id for c in calls]
        else:
            self.waiting.pop(program, None)
        return calls


def mock_transport(endpoint: Endpoint) -> Any:
    """The SDK HTTP library's MockTransport, answered by `endpoint`."""
    return sdk_http().MockTransport(endpoint)


def endpoint_of(client: Any) -> Endpoint:
    """The offline endpoint behind an offline client (to inspect the requests it received)."""
    for attr in ("_client", "_api_client"):
        inner = getattr(client, attr, None)
        if inner is None:
            continue
        transport = getattr(inner, "_transport", None)
        if transport is None and hasattr(inner, "_async_httpx_client"):
            transport = inner._async_httpx_client._transport
        if transport is not None and isinstance(getattr(transport, "handler", None), Endpoint):
            return transport.handler
    raise TypeError("This client is not an offline client; build one with course.offline_client(...).")
