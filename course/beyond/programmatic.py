"""Programmatic tool calling: one model turn carries a small program that calls the tools.

Providers ship this now: OpenAI runs model-written JavaScript in a fresh V8 runtime, Anthropic
runs model-written Python in its code-execution container. The program calls tools concurrently,
in loops and under conditions; only what it returns goes back into the model's context.

How this runtime runs such a program, and why. The program is a **restricted Python subset,
parsed with `ast` and walked by the small evaluator below** — never `eval`/`exec`, and never in
Python's own namespace:

* it reads like what the models write (Anthropic's programs are Python with `await`), so the
  learner sees the real shape of the idea; a JSON plan language would teach a format no provider
  uses, and would need its own syntax for loops, conditions and variables anyway;
* `ast.parse` only builds a tree, it runs nothing. Before a single tool runs, the whole tree is
  checked against a short list of allowed constructs: assignments, `if`, `for`, `while`,
  `return`, arithmetic, comparisons, literals, indexing, list comprehensions, f-strings and calls.
  There is no attribute access (so no `"".__class__`, no `os.system`), no `import`, no `def`,
  `class`, `lambda`, `try` or `with`, and no builtins: the only callables are the agent's tools
  and a dozen pure helpers defined here (`len`, `lines`, `gather`, `print`, …). A program therefore
  reaches files or the network only through its tools — the same guarantee a provider's sandbox
  gives. The one shape models write that would need more is accepted as it is written:
  `import asyncio` then `await asyncio.gather(*[tool(...) for ...])` is the course's `gather`, and
  what `print` writes is the result of a program that returns nothing (as a code-execution
  sandbox's standard output is what the model reads);
* every evaluated node costs a step and every loop turn is counted, so `while True:` ends with a
  readable "step budget" error instead of hanging the agent; helpers and comparisons pay a step
  for each item they read, so `sorted` over 5,000 items costs what a loop over them would;
* nothing large is built before it is measured. Every operator, literal, format, slice and helper
  checks the size its result *will* have — its elements and characters, a nested value counted
  each time it appears, as the result would be serialised — and how deep it nests; the values one
  program builds share a memory budget, the program text has a length limit, and what the program
  returns is bounded the same way. The limits are the `MAX_` constants below.

Whatever stops a program — its own mistake, a limit, a failing tool, or a fault of the evaluator
itself — ends as that call's one error result, for the model to read; the other calls of the turn
keep theirs.

Tool calls inside a program run through the course's executor (`BatchRunner`), so they appear in
the same trace and timeline as any other call; `gather(...)` runs its calls as one concurrent
batch (scheduled like `hybrid`: parallel-unsafe tools and conflicting writes still wait). The
trace also counts what the model no longer reads: every inner result stays in the program, and
only the returned value is written back (tokens estimated as characters / 4, as the offline
endpoints do).
"""
from __future__ import annotations

import ast
import asyncio
import re
from collections import deque
from collections.abc import Iterator, Sized
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Awaitable, Callable, Iterable, Sequence

from ..batch import BatchRunner
from ..calls import ToolCall, ToolResult, Undecodable, decode_arguments, jsonable
from ..loop import Agent, AgentRun
from ..messages import Model, approx_tokens
from ..modes import DeliveryMode
from ..offline.common import PROGRAM_TOOL
from ..sync import run
from ..tools import Tool, as_tools, tool
from ..trace import Trace

Execute = Callable[[list[ToolCall]], Awaitable[list[ToolResult]]]  # runs one batch a program calls
MAX_STEPS = 10_000      # evaluated nodes, loop turns, and items read by helpers and comparisons
MAX_TOOL_CALLS = 200
MAX_ITEMS = 100_000     # the largest value a program may build or return: its elements and characters,
                        # a nested value counted each time it appears (its size as it would be serialised)
MAX_BITS = 4096         # the largest whole number (in bits) arithmetic may build
MAX_BUILT = 1_000_000   # the items all the values one program builds may hold together: its memory budget
MAX_DEPTH = 100         # how deep a value may nest (lists in lists)
MAX_NESTING = 100       # how deep the program's own syntax may nest
MAX_SOURCE = 20_000     # the longest program text, in characters
MAX_WIDTH = 200         # the widest field or precision a format may ask for
MAX_QUOTE = 300         # the most characters of a Python error's text an error result quotes

_OVER = 10 ** 18  # the size of a value whose measuring stopped: more than any limit
_LEAF = (0, 0, 0)
# the characters str.split() splits at (those for which str.isspace() is true)
_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
           "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


class ProgramError(Exception):
    """The program cannot run, or stopped: the message says where and why, for the model to read."""


class _Return(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


@dataclass(frozen=True)
class _Pending:
    """A tool call written inside gather(...): collected first, then run as one batch."""

    name: str
    arguments: dict[str, Any]


class _List(list):  # type: ignore[type-arg]
    """A list the program built, measured once when built: a program cannot change a value, so its
    size holds. Named `list`, so Python's own error messages read as the program sees the value."""

    __slots__ = ("m_depth", "m_items", "m_nodes")


class _Dict(dict):  # type: ignore[type-arg]
    """A dict the program built, measured once when built (see _List)."""

    __slots__ = ("m_depth", "m_items", "m_nodes")


_List.__name__ = _List.__qualname__ = "list"
_Dict.__name__ = _Dict.__qualname__ = "dict"


def _clip(text: str, limit: int = MAX_QUOTE) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _too_large(items: int) -> ProgramError:
    size = f"more than {MAX_ITEMS}" if items >= _OVER else str(items)
    return ProgramError(f"a value of {size} items is larger than programs may build ({MAX_ITEMS}, counting "
                        "nested elements and characters each time they appear)")


def _text_too_large(what: str, size: int | str) -> ProgramError:
    return ProgramError(f"{what} would build a text of {size} characters, larger than programs may build "
                        f"({MAX_ITEMS})")


# ---- the helpers a program may call (pure functions, bounded) ------------------------------------

def _bounded(value: Any) -> Any:
    if isinstance(value, (str, bytes, bytearray, list, tuple, range)) and len(value) > MAX_ITEMS:
        raise _too_large(len(value))
    if isinstance(value, int) and value.bit_length() > MAX_BITS:
        raise ProgramError(f"a number of more than {MAX_BITS} bits is larger than programs may build")
    return value


def _range(*args: int) -> list[int]:
    if not all(isinstance(a, int) and not isinstance(a, bool) for a in args):
        raise ProgramError("range() takes whole numbers")
    r = range(*args)
    if len(r) > MAX_ITEMS:
        raise ProgramError(f"range of {len(r)} numbers is larger than programs may build ({MAX_ITEMS})")
    return list(r)


def _unique(items: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


def _lines(text: Any) -> list[str]:
    text = str(text)
    if len(text) > 2 * MAX_ITEMS:  # its lines hold at least half its characters, a line counting one
        raise ProgramError(f"lines(...) of a text of {len(text)} characters would build more than {MAX_ITEMS} "
                           "items, larger than programs may build")
    return text.splitlines()


def _split(text: Any, sep: Any = None) -> list[str]:
    text = str(text)
    if isinstance(sep, str) and sep:  # the parts' size is known before splitting
        parts = text.count(sep) + 1
        if parts + len(text) - (parts - 1) * len(sep) > MAX_ITEMS:
            raise _too_large(parts + len(text) - (parts - 1) * len(sep))
    elif sep is None and len(text) > 2 * MAX_ITEMS:  # the words hold every character that is not a space
        words = len(text) - sum(text.count(c) for c in _SPACES)
        if words > MAX_ITEMS:
            raise _too_large(words)
    return text.split(sep)


def _join(items: Iterable[Any], sep: Any = "") -> str:
    sep, pieces, total = str(sep), [], 0
    for item in items:
        piece = item if isinstance(item, str) else str(item)
        total += len(piece) + (len(sep) if pieces else 0)
        if total > MAX_ITEMS:  # stop before the text is built
            raise _text_too_large("join(...)", f"more than {MAX_ITEMS}")
        pieces.append(piece)
    return sep.join(pieces)


def _replace(text: Any, old: Any, new: Any) -> str:
    text = str(text)
    if isinstance(old, str) and isinstance(new, str):
        size = len(text) + text.count(old) * (len(new) - len(old))
        if size > MAX_ITEMS:
            raise _text_too_large("replace(...)", size)
    return text.replace(old, new)


HELPERS: dict[str, Callable[..., Any]] = {
    "len": len, "str": str, "int": int, "float": float, "range": _range,
    "min": min, "max": max, "sum": sum, "any": any, "all": all,
    "sorted": lambda items: sorted(items), "unique": _unique,
    "zip": lambda *lists: [list(t) for t in zip(*lists)],
    "enumerate": lambda items: [[i, x] for i, x in enumerate(items)],
    "lines": _lines,
    "split": _split,
    "join": _join,
    "strip": lambda text: str(text).strip(),
    "replace": _replace,
    "startswith": lambda text, prefix: str(text).startswith(prefix),
    "endswith": lambda text, suffix: str(text).endswith(suffix),
}
HELP = ("programs may use: assignments, if/elif/else, for, while, break, continue, return, "
        "arithmetic, comparisons, literals, indexing and slices, list comprehensions, f-strings, "
        "`await` (optional), the tools, gather(call, call, ...) (or `import asyncio` and "
        "asyncio.gather) to run calls concurrently, print(...), and the "
        f"helpers {', '.join(sorted(h for h in HELPERS))}")
_NEW_PAIRS = {"zip", "enumerate"}     # helpers whose result holds new lists
_NEW_TEXTS = {"lines", "split"}       # helpers whose result holds new strings
_RETURN_AN_ITEM = {"min", "max"}      # helpers whose result is one of their arguments' items
_BASIC = (str, bytes, bytearray, list, tuple, dict, set, frozenset)  # the containers measured element by element

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b,
}
_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: lambda a, b: a is b, ast.IsNot: lambda a, b: a is not b,
}
_ALLOWED = (
    ast.Module, ast.Expr, ast.Assign, ast.AugAssign, ast.Return, ast.If, ast.For, ast.While, ast.Break,
    ast.Continue, ast.Pass, ast.Constant, ast.Name, ast.Load, ast.Store, ast.List, ast.Tuple, ast.Dict,
    ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Subscript, ast.Slice, ast.Call,
    ast.keyword, ast.Await, ast.ListComp, ast.comprehension, ast.JoinedStr, ast.FormattedValue,
    ast.Starred, ast.And, ast.Or, ast.Not, ast.USub, ast.UAdd, ast.alias, *_BINOPS, *_COMPARE,
)
# What models write when they orchestrate tools in Python (Anthropic's programmatic tool calling runs
# such code in its container): `import asyncio`, `await asyncio.gather(*[tool(...) for ...])`, and
# print(...) for what the model should read. The course accepts exactly these, and nothing else of asyncio.
_ASYNCIO = "asyncio"
_IMPORT_REFUSED = ("`import` is not available: a program reaches the outside world only through its tools "
                   "(`import asyncio`, for asyncio.gather, is the one import accepted)")
_REFUSED = {
    ast.Import: _IMPORT_REFUSED,
    ast.ImportFrom: _IMPORT_REFUSED,
    ast.Attribute: "attribute access (`x.y`) is not available: use the helpers, e.g. lines(text) "
                   "instead of text.splitlines()",
    ast.FunctionDef: "defining functions is not available", ast.AsyncFunctionDef: "defining functions is not available",
    ast.Lambda: "lambda is not available", ast.ClassDef: "classes are not available",
    ast.Try: "try/except is not available: a failing tool call stops the program",
    ast.With: "`with` is not available", ast.AsyncWith: "`with` is not available",
    ast.Global: "`global` is not available", ast.Nonlocal: "`nonlocal` is not available",
    ast.Delete: "`del` is not available", ast.Pow: "`**` is not available",
}


def check_program(code: str, tool_names: Iterable[str]) -> ast.Module:
    """Parse a program and refuse, before anything runs, every construct the language lacks."""
    if len(code) > MAX_SOURCE:
        raise ProgramError(f"the program is {len(code)} characters long; programs may be at most {MAX_SOURCE}")
    try:
        tree = ast.parse(code, mode="exec")
    except SyntaxError as exc:
        raise ProgramError(f"line {exc.lineno}: syntax error: {exc.msg}") from None
    except RecursionError:  # the parser's own limit, far past MAX_NESTING
        raise ProgramError(f"the program nests more than {MAX_NESTING} levels deep") from None
    except (MemoryError, ValueError) as exc:
        raise ProgramError(f"the program could not be read: {type(exc).__name__}: {_clip(str(exc))}") from None
    tool_names = list(tool_names)
    callable_names = set(tool_names) | set(HELPERS) | {"gather", "print"}
    gathers = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call) and _is_asyncio_gather(n.func)}
    nodes: deque[tuple[ast.AST, int]] = deque([(tree, 0)])
    while nodes:  # breadth first, as ast.walk, with each node's depth
        node, depth = nodes.popleft()
        nodes.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
        line = getattr(node, "lineno", None) or getattr(getattr(node, "target", None), "lineno", None)
        where = f"line {line}: " if line else ""
        if isinstance(node, ast.Import) and [(a.name, a.asname) for a in node.names] == [(_ASYNCIO, None)]:
            continue  # `import asyncio`: nothing is imported; asyncio.gather is the course's gather
        if id(node) in gathers:
            continue  # the `asyncio.gather` of a call (its Name child needs no check)
        if type(node) in _REFUSED:
            raise ProgramError(where + _REFUSED[type(node)])
        if not isinstance(node, _ALLOWED):
            raise ProgramError(f"{where}{type(node).__name__} is not available in programs; {HELP}")
        if depth > MAX_NESTING:
            raise ProgramError(f"{where}the program nests more than {MAX_NESTING} levels deep")
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise ProgramError(f"{where}names starting with '_' are not available ({_clip(node.id, 60)})")
        if isinstance(node, ast.Call) and id(node.func) not in gathers:
            if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == _ASYNCIO:
                raise ProgramError(f"{where}of asyncio, programs have asyncio.gather only (no functions to "
                                   "asyncio.run: write the program's steps at the top level, with `await`)")
            if not isinstance(node.func, ast.Name):
                raise ProgramError(f"{where}only tools and helpers can be called, by name")
            if node.func.id not in callable_names:
                tools = ", ".join(sorted(tool_names)) or "none"
                raise ProgramError(f"{where}there is no tool or helper named {_clip(repr(node.func.id), 60)}; "
                                   f"available tools: {tools}")
        if isinstance(node, ast.Assign) and not all(_is_target(t) for t in node.targets):
            raise ProgramError(f"{where}assign to names or tuples of names only")
        if isinstance(node, ast.For) and not _is_target(node.target):
            raise ProgramError(f"{where}`for` targets must be plain names or tuples of names")
        if isinstance(node, ast.comprehension) and not _is_target(node.target):
            raise ProgramError(f"{where}the `for` targets of a comprehension must be plain names or tuples of names")
        if isinstance(node, ast.AugAssign) and not isinstance(node.target, ast.Name):
            raise ProgramError(f"{where}augmented assignment (`x += ...`) works on names only")
        if (isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool)
                and node.value.bit_length() > MAX_BITS):
            raise ProgramError(f"{where}a number of more than {MAX_BITS} bits is larger than programs may build")
    return tree


def _is_asyncio_gather(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "gather" and isinstance(node.value, ast.Name)
            and node.value.id == _ASYNCIO)


def _is_target(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return True
    return isinstance(node, ast.Tuple) and all(isinstance(e, ast.Name) for e in node.elts)


def _percent_bound(fmt: str, args: Any, raw: bool = False) -> int:
    """The longest text `fmt % args` can make, reading the format the way Python reads a printf-style
    one (`raw`: a bytes format, decoded as latin-1); refuses `*` and widths or precisions over
    MAX_WIDTH before anything is formatted."""
    positional = list(args) if isinstance(args, tuple) else [args]
    mapping = args if hasattr(args, "keys") and not isinstance(args, (tuple, str)) else None
    total, i, n, k = len(fmt), 0, len(fmt), 0
    while True:
        i = fmt.find("%", i)
        if i < 0 or i + 1 >= n:
            return total
        i += 1
        key = None
        if fmt[i] == "(":
            depth, j = 1, i + 1
            while j < n and depth:
                depth += {"(": 1, ")": -1}.get(fmt[j], 0)
                j += 1
            key, i = fmt[i + 1:j - 1], j
        while i < n and fmt[i] in "-+ #0":
            i += 1
        numbers = []
        for _ in range(2):  # the width, then the precision after a '.'
            if i < n and fmt[i] == "*":
                raise ProgramError("`*` widths in %-formats are not available: write the width into the format")
            start = i
            while i < n and fmt[i].isdigit():
                i += 1
            digits = fmt[start:i]
            if int(digits.lstrip("0")[:4] or "0") > MAX_WIDTH:
                raise ProgramError(f"a %-format width or precision of {_clip(digits, 20)} is larger than "
                                   f"programs may format ({MAX_WIDTH})")
            numbers.append(int(digits.lstrip("0") or "0"))
            if len(numbers) == 1 and i < n and fmt[i] == ".":
                i += 1
            else:
                break
        if i < n and fmt[i] in "hlL":
            i += 1
        if i >= n:
            return total
        kind = fmt[i]
        i += 1
        if kind == "%":
            total += max(numbers)
            continue
        if key is not None and mapping is not None:
            try:
                value = mapping[key]
            except (LookupError, TypeError):
                return total  # formatting will raise the same error itself
        elif k < len(positional):
            value, k = positional[k], k + 1
        else:
            return total  # formatting will say "not enough arguments"
        if kind in "sr" + "a" * (not raw):
            plain = isinstance(value, (bytes, bytearray) if raw else str) and kind == "s"
            width = len(value if plain else {"s": str, "r": repr, "a": ascii}[kind](value))
        elif kind in "diuoxXc" and isinstance(value, int):
            width = value.bit_length() // 3 + 4
        elif kind in "diuoxXc" and isinstance(value, float):
            width = 330
        else:
            width = 330 + len(str(value))  # e, f, g of a float: at most 309 digits before the point
        total += max(numbers) + width + 2


# ---- the evaluator -------------------------------------------------------------------------------

@dataclass
class ProgramRun:
    """What one program did: its code, steps, inner calls, and what it returned (or why it stopped)."""

    call_id: str
    code: str
    ok: bool = True
    output: Any = None
    error: str | None = None
    steps: int = 0
    tool_calls: list[str] = field(default_factory=list)
    kept_tokens: int = 0      # tokens of inner results that stayed in the program
    returned_tokens: int = 0  # tokens of what went back to the model


class Interpreter:
    """Runs one checked program; its tool calls go through the course's executor into `trace`.

    Every value is measured as (items, nodes, depth): items are its elements and characters, a
    nested value counted each time it appears (about its size serialised); nodes are its elements
    alone (what a helper or a comparison reads); depth is how deeply lists and dicts nest. Values
    the program builds carry their measure (`_List`, `_Dict`, computed from their parts before they
    are built); values from tools are measured once, when first used, and remembered.
    """

    def __init__(self, tree: ast.Module, tools: dict[str, Tool], trace: Trace, record: ProgramRun, *,
                 turn: int = 0, max_concurrency: int | None = None,
                 max_steps: int = MAX_STEPS, max_tool_calls: int = MAX_TOOL_CALLS,
                 execute: Execute | None = None) -> None:
        self.tree, self.tools, self.trace, self.record = tree, tools, trace, record
        self.execute = execute  # who runs a batch the program calls; None: the course's executor, here
        self.turn, self.cap = turn, max_concurrency
        self.max_steps, self.max_tool_calls = max_steps, max_tool_calls
        self.env: dict[str, Any] = {}
        self.printed: list[str] = []  # what print(...) wrote: the result of a program that returns nothing
        self.built = 0  # items of every value built so far (the memory budget, MAX_BUILT)
        self._line = 0
        self._measured: dict[int, tuple[Any, tuple[int, int, int]]] = {}  # values from tools, by id (kept alive)

    async def run(self) -> Any:
        """Run the program; return its value, or raise ProgramError saying where it stopped."""
        try:
            try:
                await self._block(self.tree.body)
            except _Return as ret:
                return self._returned(ret.value)
            return "".join(self.printed).removesuffix("\n") if self.printed else None
        except (_Break, _Continue):
            raise ProgramError("`break` or `continue` outside a loop") from None
        except ProgramError as exc:
            raise ProgramError(f"line {self._line}: {exc}") from None
        except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
            raise ProgramError(f"line {self._line}: {type(exc).__name__}: {_clip(str(exc))}") from None

    def _step(self, node: ast.AST) -> None:
        self.record.steps += 1
        self._line = getattr(node, "lineno", self._line)
        if self.record.steps > self.max_steps:
            raise ProgramError(f"the program used its whole step budget ({self.max_steps} steps): "
                               "is a loop running forever?")

    # budgets and measures
    def _read(self, what: str, *values: Any) -> None:
        """Charge the step budget for work that reads every element of `values`, before doing it."""
        n = sum(self._measure(v)[1] for v in values)
        if n:
            self.record.steps += min(n, self.max_steps + 1)
            if self.record.steps > self.max_steps:
                amount = f"more than {MAX_ITEMS}" if n >= _OVER else str(n)
                raise ProgramError(f"the program used its whole step budget ({self.max_steps} steps): "
                                   f"{what} reads {amount} items, a step each")

    def _build(self, n: int) -> None:
        """Charge the memory budget for n new items (pointers, characters, numbers), before building them."""
        self.built += n
        if self.built > MAX_BUILT:
            raise ProgramError(f"the program built more than {MAX_BUILT} items in all, its memory budget: "
                               "build fewer or smaller values")

    @staticmethod
    def _fits(items: int, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise ProgramError(f"a value nested more than {MAX_DEPTH} levels deep is deeper than programs may build")
        if items > MAX_ITEMS:
            raise _too_large(items)

    def _text(self, n: int) -> None:
        """A new text (or bytes) of n characters: check it and charge it, before building it."""
        self._fits(n)
        self._build(n)

    def _measure(self, value: Any, level: int = 0) -> tuple[int, int, int]:
        kind = type(value)
        if kind is str or kind is bytes or kind is bytearray:
            return len(value), 0, 0
        if kind is _List or kind is _Dict:
            return value.m_items, value.m_nodes, value.m_depth
        if kind is int:
            return value.bit_length() // 32, 0, 0  # a 4096-bit number weighs as much as 128 characters
        if value is None or kind is bool or kind is float or kind is complex or kind is _Pending:
            return _LEAF
        if isinstance(value, (str, bytes, bytearray)):
            return len(value), 0, 0
        if isinstance(value, int):
            return value.bit_length() // 32, 0, 0
        if isinstance(value, (float, complex)):
            return _LEAF
        known = self._measured.get(id(value))
        return known[1] if known is not None else self._walk(value, level)

    def _walk(self, value: Any, level: int) -> tuple[int, int, int]:
        """Measure a value from a tool (once: remembered, and kept alive so its id stays its own)."""
        if level >= MAX_DEPTH:
            raise ProgramError(f"a value nested more than {MAX_DEPTH} levels deep is deeper than programs may use")
        parts: Iterable[Any]
        if isinstance(value, dict):
            count, parts = len(value), (x for pair in value.items() for x in pair)
        elif isinstance(value, (list, tuple, set, frozenset)):
            count, parts = len(value), value
        else:  # any other object: measured as it will be serialised
            copy = jsonable(value)
            measure = (len(copy), 0, 0) if isinstance(copy, str) else self._measure(copy, level)
            self._measured[id(value)] = (value, measure)
            return measure
        if count > MAX_ITEMS:
            measure = (_OVER, _OVER, 1)
        else:
            items = nodes = count
            depth = 1
            for part in parts:
                i, n, d = self._measure(part, level + 1)
                items, nodes, depth = items + i, nodes + n, max(depth, d + 1)
                if nodes > MAX_ITEMS:  # stop: too large to use, whatever follows
                    items = nodes = _OVER
                    break
            measure = (items, nodes, depth)
        self._measured[id(value)] = (value, measure)
        return measure

    def _elements(self, values: list[Any] | tuple[Any, ...]) -> tuple[int, int, int]:
        """What these values add to a list holding them: one item and one node each, plus their own."""
        items = nodes = len(values)
        depth = 1
        for v in values:
            kind = type(v)
            if kind is str:
                items += len(v)
            elif kind is not int and kind is not float and kind is not bool and v is not None:
                i, n, d = self._measure(v)
                items, nodes, depth = items + i, nodes + n, max(depth, d + 1)
            elif kind is int:
                items += v.bit_length() // 32
        return items, nodes, depth

    @staticmethod
    def _new_list() -> _List:
        out = _List()
        out.m_items = out.m_nodes = 0
        out.m_depth = 1
        return out

    def _grow(self, out: _List | _Dict, count: int, items: int, nodes: int, depth: int) -> None:
        """Check that `out` may take `count` new elements adding (items, nodes, depth), before they are added."""
        self._fits(out.m_items + items, max(out.m_depth, depth))
        self._build(count)
        out.m_items += items
        out.m_nodes += nodes
        out.m_depth = max(out.m_depth, depth)

    def _append(self, out: _List, value: Any) -> None:
        i, n, d = self._measure(value)
        self._grow(out, 1, 1 + i, 1 + n, d + 1)
        list.append(out, value)

    def _extend(self, out: _List, value: Any) -> None:
        """`[*value]`: its elements, measured in bulk when it is a list, a tuple or a text."""
        if isinstance(value, (list, tuple)):
            i, n, d = self._measure(value)  # a list's own measure is exactly what its elements add
            self._grow(out, len(value), i, n, d)
        elif isinstance(value, str):
            self._grow(out, len(value), 2 * len(value), len(value), 1)
        elif isinstance(value, (bytes, bytearray)):
            self._grow(out, len(value), len(value), len(value), 1)
        else:
            for item in self._items_of(value):
                self._append(out, item)
            return
        list.extend(out, value)

    def _items_of(self, value: Any) -> Any:
        """The elements of an iterable, no more than MAX_ITEMS of them (a tool may return an endless iterator)."""
        if isinstance(value, (list, tuple, str, bytes, bytearray)):
            return value
        if isinstance(value, Sized) and not isinstance(value, Iterator) and len(value) > MAX_ITEMS:
            raise _too_large(len(value))
        items = list(islice(value, MAX_ITEMS + 1))
        if len(items) > MAX_ITEMS:
            raise ProgramError(f"an iterable of more than {MAX_ITEMS} items is larger than programs may use")
        self._build(len(items))
        return items

    def _own(self, values: list[Any], fresh: int | None = None) -> _List:
        """A new list of these values (from an operation that just built them), measured; `fresh`: the
        items it newly holds (its length when None)."""
        out = self._new_list()
        self._grow(out, len(values) if fresh is None else fresh, *self._elements(values))
        list.extend(out, values)
        return out

    def _plain(self, value: Any, copies: dict[int, Any], charge: bool = True) -> Any:
        """The value with plain lists and dicts for the program's own (shared parts stay shared)."""
        if not isinstance(value, (_List, _Dict)):
            return value
        if id(value) in copies:
            return copies[id(value)]
        if charge:
            self._build(len(value))
        if isinstance(value, _List):
            out: Any = []
            copies[id(value)] = out
            out.extend(self._plain(v, copies, charge) for v in value)
        else:
            out = {}
            copies[id(value)] = out
            out.update((k, self._plain(v, copies, charge)) for k, v in value.items())
        return out

    def _returned(self, value: Any) -> Any:
        items, _, depth = self._measure(value)
        if depth > MAX_DEPTH:
            raise ProgramError(f"the program returned a value nested more than {MAX_DEPTH} levels deep; "
                               "return a flatter one")
        if items > MAX_ITEMS:
            size = f"more than {MAX_ITEMS}" if items >= _OVER else str(items)
            raise ProgramError(f"the program returned a value of {size} items, more than a program may return "
                               f"({MAX_ITEMS}): return a part of it, e.g. a slice or a count")
        return self._plain(value, {}, charge=False)

    # statements
    async def _block(self, body: Sequence[ast.stmt]) -> None:
        for stmt in body:
            await self._stmt(stmt)

    async def _stmt(self, node: ast.stmt) -> None:
        self._step(node)
        if isinstance(node, ast.Expr):
            await self._eval(node.value)
        elif isinstance(node, ast.Assign):
            value = await self._eval(node.value)
            for target in node.targets:
                self._assign(target, value)
        elif isinstance(node, ast.AugAssign):
            if not isinstance(node.target, ast.Name):
                raise ProgramError("augmented assignment (`x += ...`) works on names only")
            current = self._name(node.target.id)
            self.env[node.target.id] = self._binop(node.op, current, await self._eval(node.value))
        elif isinstance(node, ast.Return):
            raise _Return(None if node.value is None else await self._eval(node.value))
        elif isinstance(node, ast.If):
            await self._block(node.body if await self._eval(node.test) else node.orelse)
        elif isinstance(node, ast.For):
            for item in await self._eval(node.iter):  # a turn is a step: an endless iterator is stopped too
                self._assign(node.target, item)
                if not await self._loop_body(node):
                    break
        elif isinstance(node, ast.While):
            while await self._eval(node.test):
                if not await self._loop_body(node):
                    break
        elif isinstance(node, ast.Break):
            raise _Break()
        elif isinstance(node, ast.Continue):
            raise _Continue()

    async def _loop_body(self, node: ast.For | ast.While) -> bool:
        """One turn of a loop (a step of the budget); False when the body broke out."""
        self._step(node)
        try:
            await self._block(node.body)
        except _Break:
            return False
        except _Continue:
            pass
        return True

    def _assign(self, target: ast.expr, value: Any) -> None:
        if isinstance(target, ast.Name):
            self.env[target.id] = value
            return
        if not isinstance(target, ast.Tuple) or not all(isinstance(e, ast.Name) for e in target.elts):
            raise ProgramError("assign to names or tuples of names only")
        names = [e.id for e in target.elts]  # type: ignore[attr-defined]
        if isinstance(value, Sized) and not isinstance(value, Iterator):
            if len(value) != len(names):
                raise ProgramError(f"cannot unpack {len(value)} values into {len(names)} names")
            values = list(value)
        else:
            values = list(islice(value, len(names) + 1))
            if len(values) != len(names):
                raise ProgramError(f"cannot unpack {'more than ' * (len(values) > len(names))}"
                                   f"{min(len(values), len(names))} values into {len(names)} names")
        self.env.update(zip(names, values))

    def _name(self, name: str) -> Any:
        if name in self.env:
            return self.env[name]
        if name in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[name]
        raise ProgramError(f"name {_clip(repr(name), 60)} is not defined (programs have no builtins; {HELP})")

    # operators: each checks the size of what it will build before building it
    def _binop(self, op: ast.operator, left: Any, right: Any) -> Any:
        if isinstance(op, ast.Mult):
            for seq, times in ((left, right), (right, left)):
                if isinstance(times, int) and isinstance(seq, (str, bytes, bytearray, list, tuple)):
                    return self._repeat(seq, times)
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > MAX_BITS + 1:
                raise ProgramError(f"a number of more than {MAX_BITS} bits is larger than programs may build")
        elif isinstance(op, ast.Add):
            if isinstance(left, str) and isinstance(right, str) or \
                    isinstance(left, (bytes, bytearray)) and isinstance(right, (bytes, bytearray)):
                self._text(len(left) + len(right))
            elif isinstance(left, list) and isinstance(right, list):
                (li, ln, ld), (ri, rn, rd) = self._measure(left), self._measure(right)
                out = self._new_list()
                self._grow(out, len(left) + len(right), li + ri, ln + rn, max(ld, rd))
                list.extend(out, left)
                list.extend(out, right)
                return out
            elif isinstance(left, tuple) and isinstance(right, tuple):
                (li, _, ld), (ri, _, rd) = self._measure(left), self._measure(right)
                self._fits(li + ri, max(ld, rd))
                self._build(len(left) + len(right))
        elif isinstance(op, ast.Mod) and isinstance(left, (str, bytes, bytearray)):
            return self._percent(left, right)
        return _bounded(_BINOPS[type(op)](left, right))

    def _repeat(self, seq: Any, times: int) -> Any:
        n = max(times, 0)
        items, nodes, depth = self._measure(seq)
        self._fits(items * n, depth if n and len(seq) else 0)
        self._build(len(seq) * n)
        if not isinstance(seq, list):
            return seq * times
        out = self._new_list()
        list.extend(out, seq)
        out *= n
        out.m_items, out.m_nodes, out.m_depth = items * n, nodes * n, depth if out else 1
        return out

    def _percent(self, fmt: str | bytes | bytearray, args: Any) -> Any:
        """printf-style formatting: widths and the result's size bounded before formatting."""
        self._readable("a %-format", args)
        raw = not isinstance(fmt, str)
        size = _percent_bound(fmt.decode("latin-1") if raw else fmt, args, raw)  # type: ignore[union-attr]
        if size > MAX_ITEMS:
            raise _text_too_large("this %-format", f"up to {size}")
        text = fmt % args
        self._text(len(text))
        return text

    def _readable(self, what: str, value: Any) -> None:
        """Before a value is written out as text (str, repr, formats): its text is at least as long as
        its measure, and writing it reads each element."""
        if isinstance(value, (str, bytes, bytearray, int, float, complex, bool)) or value is None:
            return
        items, _, _ = self._measure(value)
        if items > MAX_ITEMS:
            raise _text_too_large(what, f"more than {MAX_ITEMS}")
        self._read(what, value)

    def _compare(self, op: ast.cmpop, left: Any, right: Any) -> bool:
        if isinstance(op, (ast.In, ast.NotIn)):
            if isinstance(right, Iterator):  # from a tool: `in` would read it to its end, maybe never
                right = self._items_of(right)
            if not isinstance(right, (str, bytes, bytearray, dict, set, frozenset)):
                self._read(f"`{'in' if isinstance(op, ast.In) else 'not in'}`", right)
        elif not isinstance(op, (ast.Is, ast.IsNot)):
            scalars = (str, bytes, bytearray, int, float, complex, type(None))
            if not isinstance(left, scalars) and not isinstance(right, scalars):
                if self._measure(left)[1] <= self._measure(right)[1]:
                    self._read("a comparison", left)
                else:
                    self._read("a comparison", right)
        return _COMPARE[type(op)](left, right)

    # expressions
    async def _eval(self, node: ast.expr) -> Any:
        self._step(node)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Await):
            return await self._eval(node.value)
        if isinstance(node, (ast.List, ast.Tuple)):
            out = self._new_list()
            for e in node.elts:
                if isinstance(e, ast.Starred):
                    self._extend(out, await self._eval(e.value))
                else:
                    self._append(out, await self._eval(e))
            return out
        if isinstance(node, ast.Dict):
            if any(k is None for k in node.keys):
                raise ProgramError("`**` in a dict literal is not available")
            table = _Dict()
            table.m_items = table.m_nodes = 0
            table.m_depth = 1
            for k, v in zip(node.keys, node.values):
                key, value = await self._eval(k), await self._eval(v)  # type: ignore[arg-type]
                (ki, kn, kd), (vi, vn, vd) = self._measure(key), self._measure(value)
                if key in table:  # the first key stays, its value is replaced
                    old_items, old_nodes, _ = self._measure(table[key])
                    table.m_items, table.m_nodes = table.m_items - old_items, table.m_nodes - old_nodes
                    self._grow(table, 0, vi, vn, vd + 1)
                else:
                    self._grow(table, 1, 1 + ki + vi, 1 + kn + vn, max(kd, vd) + 1)
                dict.__setitem__(table, key, value)
            return table
        if isinstance(node, ast.BinOp):
            left, right = await self._eval(node.left), await self._eval(node.right)
            return self._binop(node.op, left, right)
        if isinstance(node, ast.UnaryOp):
            value = await self._eval(node.operand)
            return {ast.Not: lambda v: not v, ast.USub: lambda v: -v, ast.UAdd: lambda v: +v}[type(node.op)](value)
        if isinstance(node, ast.BoolOp):
            value: Any = None
            for e in node.values:
                value = await self._eval(e)
                if isinstance(node.op, ast.And) and not value or isinstance(node.op, ast.Or) and value:
                    return value
            return value
        if isinstance(node, ast.Compare):
            left = await self._eval(node.left)
            for op, right_node in zip(node.ops, node.comparators):
                right = await self._eval(right_node)
                if not self._compare(op, left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            return await self._eval(node.body if await self._eval(node.test) else node.orelse)
        if isinstance(node, ast.Subscript):
            container = await self._eval(node.value)
            if isinstance(node.slice, ast.Slice):
                parts = [None if p is None else await self._eval(p)
                         for p in (node.slice.lower, node.slice.upper, node.slice.step)]
                return self._slice(container, slice(*parts))
            return container[await self._eval(node.slice)]
        if isinstance(node, ast.ListComp):
            return await self._comprehension(node, deferred=False)
        if isinstance(node, ast.JoinedStr):
            parts, size = [], 0
            for v in node.values:
                if isinstance(v, ast.FormattedValue):
                    value = await self._eval(v.value)
                    spec = "" if v.format_spec is None else await self._eval(v.format_spec)
                    part = self._format(value, v.conversion, spec)
                else:
                    part = str(await self._eval(v))
                size += len(part)
                self._fits(size)  # before the f-string grows past the limit
                parts.append(part)
            self._build(size)
            return "".join(parts)
        if isinstance(node, ast.Call):
            return await self._call(node)
        raise ProgramError(f"{type(node).__name__} is not available in programs")

    def _slice(self, container: Any, where: slice) -> Any:
        if not isinstance(container, (str, bytes, bytearray, list, tuple)):
            return container[where]
        n = len(range(*where.indices(len(container))))
        self._fits(n)  # a slice holds at least one item per element
        if not isinstance(container, list):
            self._build(n)
            return container[where]
        return self._own(container[where])

    def _format(self, value: Any, conversion: int, spec: str) -> str:
        """One {value!conversion:spec} of an f-string, its width and its text bounded first."""
        if len(spec) > MAX_WIDTH:
            raise ProgramError(f"format spec of {len(spec)} characters is too long ({MAX_WIDTH} at most)")
        if any(int(n.lstrip("0")[:4] or "0") > MAX_WIDTH for n in re.findall(r"\d+", spec)):
            raise ProgramError(f"format width {spec!r} is too large")
        self._readable("an f-string", value)
        value = repr(value) if conversion == ord("r") else value
        return format(value, spec)

    async def _comprehension(self, node: ast.ListComp, deferred: bool) -> list[Any]:
        if len(node.generators) != 1:
            raise ProgramError("a list comprehension may have one `for` only")
        gen = node.generators[0]
        out = self._new_list()
        for item in await self._eval(gen.iter):
            self._step(node)
            self._assign(gen.target, item)
            if all([await self._eval(cond) for cond in gen.ifs]):
                self._append(out, await (self._deferred(node.elt) if deferred else self._eval(node.elt)))
        return out

    async def _arguments(self, node: ast.Call) -> tuple[list[Any], dict[str, Any]]:
        args: list[Any] = []
        for a in node.args:
            if isinstance(a, ast.Starred):
                args.extend(self._items_of(await self._eval(a.value)))
            else:
                args.append(await self._eval(a))
        kwargs = {}
        for k in node.keywords:
            if k.arg is None:
                raise ProgramError("`**` in a call is not available")
            kwargs[k.arg] = await self._eval(k.value)
        return args, kwargs

    async def _call(self, node: ast.Call) -> Any:
        # check_program allows calls by name only, and asyncio.gather
        name = "gather" if _is_asyncio_gather(node.func) else node.func.id  # type: ignore[attr-defined]
        if name == "print":
            return self._print(*await self._arguments(node))
        if name == "gather":
            pending = []
            for a in node.args:
                value = await self._deferred(a.value if isinstance(a, ast.Starred) else a)
                pending.extend(value if isinstance(value, list) else [value])
            if not all(isinstance(p, _Pending) for p in pending):
                raise ProgramError("gather(...) takes tool calls, e.g. gather(read_file(path='a'), "
                                   "read_file(path='b')) or gather([read_file(path=p) for p in paths])")
            return await self._run_batch(pending)
        args, kwargs = await self._arguments(node)
        if name in HELPERS:
            return self._helper(name, args, kwargs)
        return (await self._run_batch([self._pending(name, args, kwargs)]))[0]

    def _print(self, args: list[Any], kwargs: dict[str, Any]) -> None:
        """print(...): its text joins what the program returns when it returns nothing."""
        if set(kwargs) - {"sep", "end"}:
            raise ProgramError("print(...) takes values, sep= and end= only")
        text = self._helper("join", [[self._helper("str", [a], {}) for a in args], kwargs.get("sep", " ")], {})
        text += self._helper("str", [kwargs.get("end", "\n")], {})
        self._fits(sum(map(len, self.printed)) + len(text))
        self.printed.append(text)

    def _helper(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """A helper, its work charged (a step per item it reads) and its result measured."""
        args = [self._own(self._items_of(a), 0) if isinstance(a, Iterator) else a for a in args]
        for a in args:  # anything else a tool returned: a helper would read all of it
            if isinstance(a, Sized) and not isinstance(a, _BASIC) and len(a) > MAX_ITEMS:
                raise _too_large(len(a))
        if name == "str" and args:
            self._readable("str(...)", args[0])
        elif name != "len":
            self._read(f"{name}(...)", *args, *kwargs.values())
        try:
            value = HELPERS[name](*args, **kwargs)
        except ProgramError:
            raise
        except Exception as exc:
            raise ProgramError(f"{name}(...) failed: {type(exc).__name__}: {_clip(str(exc))}") from None
        if isinstance(value, (str, bytes)):
            self._fits(len(value))
            if not any(value is a for a in args):
                self._build(len(value))
            return value
        if type(value) is list and name not in _RETURN_AN_ITEM:
            if name in _NEW_PAIRS:
                value = [self._own(pair) for pair in value]
            out = self._own(value)
            if name in _NEW_TEXTS:
                self._build(out.m_items - len(out))  # its strings are new too
            return out
        return _bounded(value) if isinstance(value, int) else value

    async def _deferred(self, node: ast.expr) -> Any:
        """Inside gather(...): a tool call becomes a pending call instead of running at once."""
        if isinstance(node, ast.Await):
            return await self._deferred(node.value)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in self.tools:
            self._step(node)
            args, kwargs = await self._arguments(node)
            return self._pending(node.func.id, args, kwargs)
        if isinstance(node, (ast.List, ast.Tuple)):
            return [await self._deferred(e) for e in node.elts]
        if isinstance(node, ast.ListComp):
            return await self._comprehension(node, deferred=True)
        return await self._eval(node)

    def _pending(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> _Pending:
        fields = list(self.tools[name].args_model.model_fields)
        if len(args) > len(fields):
            raise ProgramError(f"{name} takes at most {len(fields)} positional arguments ({', '.join(fields)})")
        arguments = dict(zip(fields, args))
        twice = sorted(set(arguments) & set(kwargs))
        if twice:
            raise ProgramError(f"{name} got {twice[0]!r} twice")
        copies: dict[int, Any] = {}  # a tool gets plain lists and dicts, never the program's own
        return _Pending(name, {k: self._plain(v, copies) for k, v in {**arguments, **kwargs}.items()})

    async def _run_batch(self, pending: list[_Pending]) -> list[Any]:
        if len(self.record.tool_calls) + len(pending) > self.max_tool_calls:
            raise ProgramError(f"the program asked for more than {self.max_tool_calls} tool calls")
        start = len(self.record.tool_calls)
        calls = [ToolCall(f"{self.record.call_id}.{start + i + 1}", p.name, p.arguments)
                 for i, p in enumerate(pending)]
        self.record.tool_calls.extend(c.id for c in calls)
        results = await self._execute(calls)
        self.record.kept_tokens += sum(approx_tokens(r.content) for r in results)
        failed = [r for r in results if not r.ok]
        if failed:
            done = [r.call_id for r in results if r.ok]
            also = f" ({len(done)} sibling call(s) finished: {', '.join(done)})" if done else ""
            raise ProgramError(f"{failed[0].name}({_short(failed[0], calls)}) failed: {failed[0].error}{also}")
        return [r.output for r in results]


    async def _execute(self, calls: list[ToolCall]) -> list[ToolResult]:
        """One batch through the course's executor, recorded in the trace (hybrid: unsafe calls still wait)."""
        if self.execute is not None:
            return await self.execute(calls)
        runner = BatchRunner(calls, self.tools, DeliveryMode.HYBRID, self.trace, max_concurrency=self.cap,
                             turn=self.turn)  # times from the trace's origin, as every span of the run
        return await runner.run()


def _short(result: ToolResult, calls: list[ToolCall]) -> str:
    call = next(c for c in calls if c.id == result.call_id)
    text = ", ".join(f"{k}={v!r}" for k, v in dict(call.arguments).items())  # type: ignore[arg-type]
    return text if len(text) <= 60 else text[:59] + "…"


# ---- running programs: alone, or as a model's turn --------------------------------------------

@dataclass
class ProgramTrace(Trace):
    """A trace plus what each program did, and how many tokens stayed out of the model's context."""

    programs: list[ProgramRun] = field(default_factory=list)

    @property
    def kept_tokens(self) -> int:
        """Tokens of tool results that stayed inside programs (the model never read them)."""
        return sum(p.kept_tokens for p in self.programs)


def program_tool() -> Tool:
    """The tool a model calls to hand over a program (its schema: one `code` string)."""
    async def run_program(code: str) -> str:
        """Run a short program that calls the other tools; only what it returns comes back.
        Use gather(call, call, ...) to run calls concurrently."""
        raise ProgramError("run_program is interpreted by ProgrammaticAgent, not called directly")
    return tool(run_program, name=PROGRAM_TOOL)


async def run_program_call(call: ToolCall, tools: dict[str, Tool], trace: ProgramTrace, *, turn: int = 0,
                           max_concurrency: int | None = None, max_steps: int = MAX_STEPS,
                           max_tool_calls: int = MAX_TOOL_CALLS, execute: Execute | None = None) -> ToolResult:
    """Run one `run_program` call; its inner calls land in `trace`; always return one result."""
    code = _code_of(call)
    record = ProgramRun(call.id, code if isinstance(code, str) else "")
    trace.programs.append(record)
    try:
        if not isinstance(code, str):
            raise ProgramError(code[1])
        tree = check_program(code, tools)
        value = await Interpreter(tree, tools, trace, record, turn=turn, max_concurrency=max_concurrency,
                                  max_steps=max_steps, max_tool_calls=max_tool_calls, execute=execute).run()
        result = ToolResult(call.id, call.name, "ok", output=value)
        content = result.content  # encoded here, once: a value that cannot be is this call's error too
    except ProgramError as exc:
        record.ok, record.error = False, f"the program stopped: {exc}"
    except (KeyboardInterrupt, SystemExit, asyncio.CancelledError):
        raise
    except Exception as exc:  # whatever else stopped the evaluator: still this call's one answer
        record.ok = False
        record.error = f"the program stopped: the evaluator failed ({type(exc).__name__}: {_clip(str(exc))})"
    else:
        record.output = value
    if not record.ok:
        result = ToolResult(call.id, call.name, "error", error=record.error)
        content = result.content
    record.returned_tokens = approx_tokens(content)
    return result


def _code_of(call: ToolCall) -> str | tuple[None, str]:
    arguments: Any = decode_arguments(call.arguments)
    if isinstance(arguments, Undecodable):
        return None, f"the arguments of {call.id} are not valid JSON ({arguments.problem}); send {{\"code\": \"...\"}}"
    if not isinstance(arguments, dict) or not isinstance(arguments.get("code"), str):
        return None, f"{PROGRAM_TOOL} takes one argument, code (the program's text)"
    return arguments["code"]


def run_program(code: str, tools: Iterable[Tool] | dict[str, Tool], *, max_concurrency: int | None = None,
                max_steps: int = MAX_STEPS, max_tool_calls: int = MAX_TOOL_CALLS,
                clock: str = "virtual") -> ProgramTrace:
    """Run ONE program with no model (like course.execute for a batch) and return its trace."""
    table = tools if isinstance(tools, dict) else as_tools(tools)

    async def main() -> ProgramTrace:
        trace = ProgramTrace.begin("programmatic")
        call = ToolCall("program", PROGRAM_TOOL, {"code": code})
        result = await run_program_call(call, table, trace, max_concurrency=max_concurrency,
                                        max_steps=max_steps, max_tool_calls=max_tool_calls)
        trace.calls.append(call)
        trace.record([result])
        trace.finish()
        return trace

    return run(main, clock)


class ProgrammaticAgent(Agent):
    """An agent whose model may answer with `run_program` calls besides ordinary tool calls.

    Ordinary calls of a turn run as one batch in `mode`; each program runs in the interpreter
    above, its tool calls through the same executor and into the same trace. Every call of the
    turn gets exactly one result, in source order, whatever a program does. It is the course's
    one agent loop (`course.Agent`) with its `run_calls` hook filled in.
    """

    trace_class = ProgramTrace

    def __init__(self, model: Model, tools: Iterable[Tool], mode: DeliveryMode | str = "hybrid", *,
                 max_turns: int = 20, max_concurrency: int | None = None, max_steps: int = MAX_STEPS,
                 max_tool_calls: int = MAX_TOOL_CALLS, **options: Any) -> None:
        super().__init__(model, tools, mode, max_turns=max_turns, max_concurrency=max_concurrency, **options)
        if PROGRAM_TOOL in self.tools:
            raise ValueError(f"{PROGRAM_TOOL!r} is the program tool's own name; rename your tool.")
        self.max_steps, self.max_tool_calls = max_steps, max_tool_calls
        self._schemas = [*self._schemas, program_tool().schema]

    @property
    def label(self) -> str:
        """The trace's mode label."""
        return "programmatic"

    async def run_calls(self, calls: list[ToolCall], state: AgentRun, turn: int) -> list[ToolResult]:
        """Ordinary calls as one batch, each program in the interpreter, side by side; recorded in call order."""
        plain = [c for c in calls if c.name != PROGRAM_TOOL]
        programs = [c for c in calls if c.name == PROGRAM_TOOL]
        trace: ProgramTrace = state.trace  # type: ignore[assignment]
        done = await asyncio.gather(self.run_batch(plain, state, turn, record=False), *(run_program_call(
            p, self.tools, trace, turn=turn, max_concurrency=self.max_concurrency, max_steps=self.max_steps,
            max_tool_calls=self.max_tool_calls) for p in programs))
        by_id = {r.call_id: r for r in done[0]}
        for p, r in zip(programs, done[1:]):
            by_id[p.id] = r
        trace.calls.extend(programs)
        results = [by_id[c.id] for c in calls]
        trace.record(results)
        return results


def reread_tokens(trace: Trace) -> int:
    """Tokens the model reads over a whole run: each turn re-reads the conversation so far.

    Turn k reads every message before its own reply (the prompt, earlier calls and results);
    tokens are estimated as characters / 4. Tool schemas, the same every turn, are left out.
    """
    total, size = 0, 0
    for message in trace.messages:
        if message.get("role") == "assistant":
            total += size
        size += approx_tokens(message)
    return total


__all__ = ["HELPERS", "Interpreter", "PROGRAM_TOOL", "ProgramError", "ProgramRun", "ProgramTrace",
           "ProgrammaticAgent", "check_program", "program_tool", "reread_tokens", "run_program",
           "run_program_call"]


def program_from_batch(calls: Sequence[ToolCall]) -> str:
    """The program a model could write for a batch: one gather per level of the dependency graph,
    "$id" references as variables, and the calls nothing depends on as the returned value."""
    names = {c.id: _variable(c.id) for c in calls}
    ids = [c.id for c in calls]
    preds = {c.id: [d for d in (*c.depends_on, *c.references()) if d in names and d != c.id] for c in calls}
    level: dict[str, int] = {}

    def depth(cid: str, seen: tuple[str, ...] = ()) -> int:
        if cid not in level:
            if cid in seen:
                raise ValueError(f"the batch has a dependency cycle through {cid}")
            level[cid] = 1 + max((depth(p, (*seen, cid)) for p in preds[cid]), default=-1)
        return level[cid]

    lines_out = []
    for k in sorted({depth(i) for i in ids}):
        group = [c for c in calls if level[c.id] == k]
        written = [f"{c.name}({_arguments_text(c.arguments, names)})" for c in group]
        targets = ", ".join(names[c.id] for c in group)
        if len(group) == 1:
            lines_out.append(f"{targets} = {written[0]}")
        else:
            lines_out.append(f"{targets} = gather({', '.join(written)})")
    used = {p for ps in preds.values() for p in ps}
    sinks = [names[i] for i in ids if i not in used]
    lines_out.append(f"return {sinks[0]}" if len(sinks) == 1 else
                     "return {" + ", ".join(f"{s!r}: {s}" for s in sinks) + "}")
    return "\n".join(lines_out)


def _variable(call_id: str) -> str:
    name = re.sub(r"\W", "_", call_id)
    return name if name[:1].isalpha() else f"r_{name}"


def _arguments_text(arguments: Any, names: dict[str, str]) -> str:
    arguments = decode_arguments(arguments)
    if not isinstance(arguments, dict):
        raise ValueError("a call's arguments must be a JSON object to be written into a program")

    def value(v: Any) -> str:
        if isinstance(v, str) and v.startswith("$") and v[1:] in names:
            return names[v[1:]]
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k!r}: {value(x)}" for k, x in v.items()) + "}"
        return repr(v)

    return ", ".join(f"{k}={value(v)}" for k, v in arguments.items())


__all__.append("program_from_batch")
