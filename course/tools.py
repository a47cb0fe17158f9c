"""Tools: type-hinted functions turned into callable, schema-carrying, schedulable objects."""
from __future__ import annotations

import asyncio
import functools
import inspect
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

import pydantic

from .calls import Undecodable, decode_arguments
from .clock import run_in_thread
from .errors import ToolDefinitionError

Latency = float | Callable[[dict[str, Any]], float]
ResourceSpec = Mapping[str, "str | Iterable[str]"] | str | Iterable[str] | Callable[[dict[str, Any]], Any] | None


@dataclass(frozen=True)
class Access:
    """One resource a call touches: its key and whether it writes it."""

    key: str
    write: bool

    def conflicts(self, other: "Access") -> bool:
        """Readers share a resource; a writer needs it alone."""
        return self.key == other.key and (self.write or other.write)


@dataclass
class Tool:
    """A tool the model may call: the function, its JSON schema and its scheduling facts."""

    fn: Callable[..., Any]
    name: str
    description: str
    args_model: type[pydantic.BaseModel]
    latency: Latency = 0.0
    parallel_safe: bool = True
    timeout: float | None = None
    resources: ResourceSpec = None
    is_async: bool = field(init=False)

    def __post_init__(self) -> None:
        self.is_async = inspect.iscoroutinefunction(self.fn)
        if self.timeout is not None and not _positive_seconds(self.timeout):
            raise ToolDefinitionError(
                f"Tool {self.name!r}: timeout must be a finite number of seconds above 0, or None for no "
                f"timeout; got {self.timeout!r}.")
        if not (callable(self.latency) or self.latency in (None, 0) or _positive_seconds(self.latency)):
            raise ToolDefinitionError(
                f"Tool {self.name!r}: latency must be a finite number of seconds, 0 or more (or a function "
                f"of the arguments returning one); got {self.latency!r}.")
        if self.resources is not None and not callable(self.resources):
            _normalise_resources(self.name, self.resources)  # a bad spec fails here, not mid-batch

    @property
    def parameters(self) -> dict[str, Any]:
        """The JSON schema of the arguments, as pydantic derives it from the type hints."""
        schema = self.args_model.model_json_schema()
        schema.pop("title", None)
        for prop in schema.get("properties", {}).values():
            prop.pop("title", None)
        return schema

    @property
    def schema(self) -> dict[str, Any]:
        """The tool in the OpenAI Chat Completions `tools` format."""
        return {"type": "function",
                "function": {"name": self.name, "description": self.description,
                             "parameters": self.parameters}}

    def parse(self, arguments: dict[str, Any] | str) -> dict[str, Any]:
        """Decode raw JSON arguments into a dict; raise ValueError with a message the model can act on."""
        raw, arguments = arguments, decode_arguments(arguments)
        if isinstance(arguments, Undecodable):
            raise ValueError(
                f"arguments for {self.name} are not valid JSON ({arguments.problem} at position "
                f"{arguments.position}): {_shorten(str(raw).strip())} — send the call again with one JSON object")
        if not isinstance(arguments, dict):
            raise ValueError(f"arguments for {self.name} must be a JSON object, got {type(arguments).__name__}")
        return arguments

    def validate(self, arguments: dict[str, Any] | str) -> dict[str, Any]:
        """Parse and type-check arguments; raise ValueError with a message the model can act on."""
        return self.check(self.parse(arguments))

    def check(self, arguments: dict[str, Any]) -> dict[str, Any]:
        """Type-check arguments already decoded into a dict (validate, without parsing again)."""
        model_class = self.args_model
        try:  # the model's own validator, as model_validate calls it, without that wrapper's cost per call
            model = model_class.__pydantic_validator__.validate_python(arguments)
        except pydantic.ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'arguments'}: {e['msg']}"
                                 for e in exc.errors())
            raise ValueError(f"invalid arguments for {self.name}: {problems}") from None
        return dict(model.__dict__)  # exactly the fields, in declaration order (pydantic keeps extras elsewhere)

    def latency_for(self, arguments: dict[str, Any]) -> float:
        """The simulated latency of one call with these arguments (a finite number of seconds, 0 or more)."""
        value = self.latency(arguments) if callable(self.latency) else self.latency
        value = float(value or 0.0)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"the latency function of {self.name} returned {value!r}; it must return a finite "
                             "number of seconds, 0 or more")
        return value

    def accesses(self, arguments: dict[str, Any] | str) -> tuple[Access, ...]:
        """The resources one call reads and writes, with {placeholders} filled from its arguments."""
        if self.resources is None:
            return ()
        args = decode_arguments(arguments)
        args = args if isinstance(args, dict) else {}
        spec = self.resources(args) if callable(self.resources) else self.resources
        found: list[Access] = []
        for write, keys in _normalise_resources(self.name, spec):
            for key in keys:
                try:
                    found.append(Access(str(key).format(**args), write))
                except (KeyError, IndexError, ValueError):
                    found.append(Access(str(key), write))
        return tuple(found)

    async def invoke(self, arguments: dict[str, Any]) -> Any:
        """Charge the simulated latency, then run the function (no timeout; the executor applies it).

        The latency comes first, like the wait for a remote service: a call cancelled during its
        latency never ran its body, so it made no change.
        """
        delay = self.latency_for(arguments)
        if delay > 0:
            await asyncio.sleep(delay)
        return await self.run_body(arguments)

    async def run_body(self, arguments: dict[str, Any], budget: float | None = None) -> Any:
        """Run the function itself: awaited if async; a plain def in a thread of its own, so it cannot
        block the other calls (budget: real seconds to wait for that thread, see clock.run_in_thread)."""
        if self.is_async:
            return await self.fn(**arguments)
        return await run_in_thread(functools.partial(self.fn, **arguments), budget)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the underlying function directly (no latency, no validation)."""
        return self.fn(*args, **kwargs)

    def __repr__(self) -> str:
        flags = "" if self.parallel_safe else ", parallel_safe=False"
        return f"<Tool {self.name}(latency={self.latency!r}{flags})>"


_READ_KEYS, _WRITE_KEYS = ("read", "reads"), ("write", "writes")


def _normalise_resources(name: str, spec: Any) -> list[tuple[bool, list[str]]]:
    """(writes?, keys) pairs from a resources spec: {"read": ..., "write": ...}, or keys alone
    (a string or a list of them), which claim the resources exclusively, like a write."""
    if isinstance(spec, str):
        return [(True, [spec])]
    if isinstance(spec, Mapping):
        pairs = []
        for kind, keys in spec.items():
            if kind not in (*_READ_KEYS, *_WRITE_KEYS):
                raise ToolDefinitionError(
                    f"Tool {name!r}: resources keys are 'read' and 'write', got {kind!r} — e.g. "
                    "resources={'read': ['config'], 'write': ['file:{path}']}.")
            pairs.append((kind in _WRITE_KEYS, [keys] if isinstance(keys, str) else list(keys)))
        return pairs
    if isinstance(spec, (list, tuple, set, frozenset)) and all(isinstance(k, str) for k in spec):
        return [(True, list(spec))]
    raise ToolDefinitionError(
        f"Tool {name!r}: resources must be a dict like {{'read': [...], 'write': [...]}}, a list of "
        f"resource names, or a function of the arguments returning one; got {type(spec).__name__}.")


def _positive_seconds(value: Any) -> bool:
    """True for a finite real number above 0 (not a bool, not nan, not inf)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value) and value > 0)


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _args_model(fn: Callable[..., Any], name: str) -> type[pydantic.BaseModel]:
    fields: dict[str, Any] = {}
    hints = _type_hints(fn)
    for param in inspect.signature(fn).parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise ToolDefinitionError(
                f"Tool {name!r}: *args and **kwargs cannot be described to a model; name each parameter.")
        if param.name not in hints:
            raise ToolDefinitionError(
                f"Tool {name!r}: parameter {param.name!r} has no type hint; add one (e.g. `{param.name}: str`) "
                "so the JSON schema can say what the model must send.")
        default = ... if param.default is param.empty else param.default
        fields[param.name] = (hints[param.name], default)
    config = pydantic.ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    return pydantic.create_model(f"{name}_arguments", __config__=config, **fields)


def _type_hints(fn: Callable[..., Any]) -> dict[str, Any]:
    import typing
    try:
        return typing.get_type_hints(fn, include_extras=True)  # keeps Annotated[..., Field(description=...)]
    except Exception as exc:  # unresolved forward references and the like
        raise ToolDefinitionError(f"Could not read the type hints of {fn.__name__}: {exc}") from exc


def tool(fn: Callable[..., Any] | None = None, *, latency: Latency = 0.0, parallel_safe: bool = True,
         timeout: float | None = None, resources: ResourceSpec = None, name: str | None = None,
         description: str | None = None) -> Any:
    """Turn a type-hinted function into a Tool; use as @tool, @tool(...) or tool(fn, ...)."""

    def build(f: Callable[..., Any]) -> Tool:
        if isinstance(f, Tool):
            f = f.fn
        tool_name = name or f.__name__
        doc = description or inspect.getdoc(f) or f"The {tool_name} tool."
        return Tool(fn=f, name=tool_name, description=doc.strip(), args_model=_args_model(f, tool_name),
                    latency=latency, parallel_safe=parallel_safe, timeout=timeout, resources=resources)

    return build if fn is None else build(fn)


def as_tools(tools: Iterable[Tool | Callable[..., Any]]) -> dict[str, Tool]:
    """Index tools by name, wrapping plain functions; duplicate names are an error."""
    table: dict[str, Tool] = {}
    for t in tools:
        t = t if isinstance(t, Tool) else tool(t)
        if t.name in table:
            raise ToolDefinitionError(f"Two tools are named {t.name!r}; give one of them name=... .")
        table[t.name] = t
    return table
