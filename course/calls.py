"""Tool calls as a model sends them, and the results the runtime hands back."""
from __future__ import annotations

import base64
import dataclasses
import enum
import json
import math
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["ok", "error", "timeout", "unknown_tool", "invalid_arguments", "skipped", "cancelled"]


@dataclass(frozen=True)
class ToolCall:
    """One tool call: an id, a tool name, arguments (a dict or the raw JSON string) and dependencies."""

    id: str
    name: str
    arguments: dict[str, Any] | str = field(default_factory=dict)
    depends_on: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.depends_on, str):
            object.__setattr__(self, "depends_on", (self.depends_on,))
        else:
            object.__setattr__(self, "depends_on", tuple(self.depends_on))

    @property
    def arguments_json(self) -> str:
        """The arguments as the JSON text a model sends (raw strings are passed through untouched)."""
        if isinstance(self.arguments, str):
            return self.arguments
        return json.dumps(self.arguments, ensure_ascii=False)

    def references(self) -> tuple[str, ...]:
        """Every "$name" string in the arguments; those naming a known call id are references (LLMCompiler-style)."""
        return references_in(decode_arguments(self.arguments))

    def to_openai(self) -> dict[str, Any]:
        """This call in the OpenAI Chat Completions `tool_calls` format."""
        return {"id": self.id, "type": "function",
                "function": {"name": self.name, "arguments": self.arguments_json}}


class Undecodable:
    """Stands for raw arguments that are not JSON at all: the text, and what the JSON parser said of it."""

    __slots__ = ("text", "problem", "position")

    def __init__(self, text: str, problem: str = "not JSON", position: int = 0) -> None:
        self.text, self.problem, self.position = text, problem, position


def decode_arguments(arguments: dict[str, Any] | str) -> Any:
    """A call's arguments decoded: the dict itself, the value the raw JSON text holds (whatever its
    type; "" reads as {}), or an Undecodable holding text that is not JSON.

    The one place the course decodes a model's argument text: the batch runner, the tools' own
    validation, the wire adapters and the agents of beyond/ all read arguments through it."""
    if not isinstance(arguments, str):
        return arguments
    text = arguments.strip() or "{}"
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return Undecodable(arguments, exc.msg, exc.pos)


def canonical_arguments(arguments: dict[str, Any] | str) -> str:
    """The arguments as canonical JSON text (sorted keys), so equal requests compare equal."""
    value = decode_arguments(arguments)
    if isinstance(value, Undecodable):
        return value.text
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def references_in(value: Any) -> tuple[str, ...]:
    """Every "$name" string in decoded arguments, first occurrence first, each once."""
    if isinstance(value, dict):
        found: list[str] = []
        for v in value.values():
            if type(v) is str:  # the common flat case, without a call per value
                if v.startswith("$") and len(v) > 1:
                    found.append(v[1:])
            elif isinstance(v, (str, dict, list, tuple)):
                _collect_refs(v, found)
        return tuple(dict.fromkeys(found)) if found else ()
    if isinstance(value, Undecodable):
        return ()
    found = []
    _collect_refs(value, found)
    return tuple(dict.fromkeys(found))


def _collect_refs(value: Any, found: list[str]) -> None:
    if isinstance(value, str) and value.startswith("$") and len(value) > 1:
        found.append(value[1:])
    elif isinstance(value, dict):
        for v in value.values():
            _collect_refs(v, found)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _collect_refs(v, found)


def resolve_references(value: Any, outputs: dict[str, Any]) -> Any:
    """Replace every "$call_id" string in value by that call's output."""
    if isinstance(value, str) and value.startswith("$") and value[1:] in outputs:
        return outputs[value[1:]]
    if isinstance(value, dict):
        return {k: resolve_references(v, outputs) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_references(v, outputs) for v in value]
    return value


@dataclass
class ToolResult:
    """What one call produced: an output, or an error the model can read."""

    call_id: str
    name: str
    status: Status = "ok"
    output: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the tool ran and returned normally."""
        return self.status == "ok"

    @property
    def content(self) -> str:
        """The text sent back to the model in the tool message: a text-like output (a string, UTF-8 bytes, an
        exception returned as a value) as its text, never a quoted JSON string; anything else as JSON."""
        if not self.ok:
            return f"Error: {self.error}"
        if isinstance(self.output, str):
            return self.output
        value = jsonable(self.output)
        if isinstance(value, str) and isinstance(self.output, (bytes, bytearray, memoryview, BaseException)):
            return value
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    def to_openai(self) -> dict[str, Any]:
        """This result as an OpenAI `role: "tool"` message."""
        return {"role": "tool", "tool_call_id": self.call_id, "content": self.content}


_FLOAT_WORDS = {math.inf: "Infinity", -math.inf: "-Infinity"}


def jsonable(value: Any, _seen: frozenset[int] = frozenset()) -> Any:
    """A JSON-safe copy of a tool's output: models, dataclasses, bytes, sets and NaN spelled out, never a repr.

    pydantic models become model_dump(mode="json"), dataclasses their fields, bytes their UTF-8 text
    (or base64 with a note when they are not text), sets sorted lists, NaN and ±inf the strings
    "NaN", "Infinity", "-Infinity" (JSON has no such numbers), and anything else its str().
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, float):
        return value if math.isfinite(value) else _FLOAT_WORDS.get(value, "NaN")
    if isinstance(value, enum.Enum):
        return jsonable(value.value, _seen)
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(data).decode("ascii"),
                    "note": f"{len(data)} bytes of binary data, base64-encoded"}
    if isinstance(value, BaseException):
        return str(value) or type(value).__name__
    if id(value) in _seen:
        return "<cycle: this value contains itself>"
    seen = _seen | {id(value)}
    dump = getattr(value, "model_dump", None)
    if callable(dump) and not isinstance(value, type):
        try:
            return jsonable(dump(mode="json"), seen)
        except Exception:  # not a pydantic v2 model after all
            pass
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name), seen) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(jsonable(k, seen)): jsonable(v, seen) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        items = [jsonable(v, seen) for v in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(value, (list, tuple)):
        return [jsonable(v, seen) for v in value]
    for attr in ("isoformat", "tolist"):  # dates and times; numpy arrays and scalars
        method = getattr(value, attr, None)
        if callable(method):
            try:
                return jsonable(method(), seen)
            except Exception:
                break
    return str(value)
