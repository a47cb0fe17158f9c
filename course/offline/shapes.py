"""What every offline endpoint does before reading a request: decode its bytes, check its shape.

A real service never answers a broken request with a traceback: bytes that are not UTF-8 JSON,
a body that is not an object, a field of the wrong type all get the provider's own HTTP 400.
This module does the protocol-neutral half:

- `read_body(raw)`: the JSON object a body holds (UTF-8, with or without a byte-order mark), or
  an `Unreadable` saying why not (a UTF-16/32 byte-order mark, invalid UTF-8, not JSON, not an
  object, a value the reply could not carry: NaN, an overflowing number, a lone surrogate);
- `first_violation(model, body)`: the first thing wrong with a body, checked against one of the
  pydantic request models of `request_models.py`, as a `Violation` that each protocol module
  words the way its service does.

It imports no pydantic: the request models are built when an endpoint first answers, never when
the course is imported.
"""
from __future__ import annotations

import codecs
import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

TAG = "~"  # union members are tagged "~string", "~text", …; the tags are dropped from error paths
SEP = "\x1f"  # separates the allowed values an error's context carries

# ---- the body's bytes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Unreadable:
    """A body that is not one readable JSON object: `kind` is "encoding", "syntax" or "not_object"."""

    kind: str
    detail: str       # why, as a phrase: "the body starts with a UTF-16 (little-endian) byte-order mark"
    got: str = ""     # for "not_object": the JSON kind the body held ("array", "string", …)


_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32 (little-endian)"), (codecs.BOM_UTF32_BE, "UTF-32 (big-endian)"),
              (codecs.BOM_UTF16_LE, "UTF-16 (little-endian)"), (codecs.BOM_UTF16_BE, "UTF-16 (big-endian)"))


class _NotJSON(ValueError):
    """A value Python's parser accepts but JSON (and every provider's parser) does not."""


def _constant(name: str) -> Any:
    raise _NotJSON(f"{name} is not a JSON value")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotJSON(f"the number {text[:40]} is out of range")
    return value


MAX_DEPTH = 200  # arrays and objects nested deeper are refused: re-encoding them later could overflow


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest in `value` (a scalar: 0), without recursing."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            stack.extend((inner, level + 1) for inner in (item.values() if isinstance(item, dict) else item))
    return deepest


def read_body(raw: bytes) -> Any:
    """The JSON object `raw` holds, or an `Unreadable` (never an exception)."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    else:
        for bom, name in _WIDE_BOMS:  # UTF-32 first: its little-endian mark starts like UTF-16's
            if raw.startswith(bom):
                return Unreadable("encoding", f"the body starts with a {name} byte-order mark")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Unreadable("encoding", f"the body is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at position "
                                      f"{exc.start})")
    try:
        value = json.loads(text, parse_constant=_constant, parse_float=_finite)
        if _depth(value) > MAX_DEPTH:
            raise RecursionError
        json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")  # what a reply may echo
    except json.JSONDecodeError as exc:
        return Unreadable("syntax", f"{exc.msg} at line {exc.lineno} column {exc.colno}")
    except _NotJSON as exc:
        return Unreadable("syntax", str(exc))
    except UnicodeEncodeError:
        return Unreadable("syntax", "a string holds a lone UTF-16 surrogate escape")
    except RecursionError:
        return Unreadable("syntax", f"the body nests arrays or objects more than {MAX_DEPTH} deep")
    except ValueError:  # e.g. an integer of more digits than Python converts
        return Unreadable("syntax", "a number in the body has too many digits")
    if not isinstance(value, dict):
        return Unreadable("not_object", "the body is not a JSON object", kind_of(value))
    return value


def kind_of(value: Any) -> str:
    """A decoded JSON value's kind: "string", "integer", "number", "boolean", "object", "array" or "null"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    for kind, types in (("integer", int), ("number", float), ("string", str), ("array", (list, tuple)),
                        ("object", dict)):
        if isinstance(value, types):
            return kind
    return type(value).__name__


# ---- what is wrong with a request ---------------------------------------------------------------

_TYPE_ERRORS = {"string_type": "string", "bool_type": "boolean", "int_type": "integer", "float_type": "number",
                "list_type": "array", "tuple_type": "array", "dict_type": "object", "model_type": "object",
                "model_attributes_type": "object", "none_required": "null"}


@dataclass(frozen=True)
class Violation:
    """The first thing wrong with a request, before any service's wording.

    `problem` is "missing" (a required field is absent), "type" (a value of the wrong JSON kind:
    `expected` lists the kinds allowed), "value" (a string not among `expected`, the values
    allowed) or "other" (`message` says what)."""

    path: tuple[str | int, ...]
    problem: str
    got: Any = None
    expected: tuple[str, ...] = ()
    type_name: str = ""  # the schema's name for the type wanted (a model's class name, or one_of's proto)
    message: str = ""    # pydantic's own sentence


def first_violation(model: "type[BaseModel]", body: Any) -> Violation | None:
    """What is wrong with `body` as a `model`, or None when it fits."""
    from pydantic import ValidationError

    try:
        model.model_validate(body)
    except ValidationError as exc:
        return _violation(exc.errors(include_url=False)[0])
    except RecursionError:
        return Violation((), "other", message="the request nests too deeply")
    return None


def _violation(error: Any) -> Violation:
    path = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith(TAG)))
    ctx, kind, got = error.get("ctx") or {}, error["type"], error.get("input")
    if kind == "missing":
        return Violation(path, "missing", message=error["msg"])
    if kind == "json_kind":
        return Violation(path, "type", got, tuple(ctx["expected"].split(",")), ctx.get("proto", ""), error["msg"])
    if kind in _TYPE_ERRORS:
        return Violation(path, "type", got, (_TYPE_ERRORS[kind],), ctx.get("class_name", ""), error["msg"])
    if kind == "not_allowed":
        return Violation(path, "value", got, tuple(ctx["allowed"].split(SEP)), message=error["msg"])
    return Violation(path, "other", got, message=error["msg"])


def snake_case(camel: str) -> str:
    """A camelCase wire name in snake_case (Gemini's proto JSON accepts either)."""
    return "".join(f"_{ch.lower()}" if ch.isupper() else ch for ch in camel)


def shown(value: Any, limit: int = 80) -> str:
    """A value as compact JSON for an error message, cut to `limit` characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit - 1] + "…"
