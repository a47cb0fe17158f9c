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
  and a dozen pure helpers defined here (`len`, `lines`, `gather`, …). A program therefore reaches
  files or the network only through its tools — the same guarantee a provider's sandbox gives;
* every evaluated node costs a step and every loop turn is counted, so `while True:` ends with a
  readable "step budget" error instead of hanging the agent.

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
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from ..batch import BatchRunner
from ..calls import ToolCall, ToolResult, Undecodable, decode_arguments
from ..loop import Agent, AgentRun
from ..messages import Model, approx_tokens
from ..modes import DeliveryMode
from ..sync import run
from ..tools import Tool, as_tools, tool
from ..trace import Trace

PROGRAM_TOOL = "run_program"
MAX_STEPS = 10_000
MAX_TOOL_CALLS = 200
MAX_ITEMS = 100_000  # the longest list or string a helper or an operator may build
MAX_BITS = 4096      # the largest whole number (in bits) arithmetic may build


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


# ---- the helpers a program may call (pure functions, bounded) ------------------------------------

def _bounded(value: Any) -> Any:
    if isinstance(value, (str, list, tuple, range)) and len(value) > MAX_ITEMS:
        raise ProgramError(f"a value of {len(value)} items is larger than programs may build ({MAX_ITEMS})")
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


HELPERS: dict[str, Callable[..., Any]] = {
    "len": len, "str": str, "int": int, "float": float, "range": _range,
    "min": min, "max": max, "sum": sum, "any": any, "all": all,
    "sorted": lambda items: sorted(items), "unique": _unique,
    "zip": lambda *lists: [list(t) for t in zip(*lists)],
    "enumerate": lambda items: [[i, x] for i, x in enumerate(items)],
    "lines": lambda text: str(text).splitlines(),
    "split": lambda text, sep=None: str(text).split(sep),
    "join": lambda items, sep="": str(sep).join(str(i) for i in items),
    "strip": lambda text: str(text).strip(),
    "replace": lambda text, old, new: _bounded(str(text).replace(old, new)),
    "startswith": lambda text, prefix: str(text).startswith(prefix),
    "endswith": lambda text, suffix: str(text).endswith(suffix),
}
HELP = ("programs may use: assignments, if/elif/else, for, while, break, continue, return, "
        "arithmetic, comparisons, literals, indexing and slices, list comprehensions, f-strings, "
        "`await` (optional), the tools, gather(call, call, ...) to run calls concurrently, and the "
        f"helpers {', '.join(sorted(h for h in HELPERS))}")

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
    ast.Starred, ast.And, ast.Or, ast.Not, ast.USub, ast.UAdd, *_BINOPS, *_COMPARE,
)
_REFUSED = {
    ast.Import: "`import` is not available: a program reaches the outside world only through its tools",
    ast.ImportFrom: "`import` is not available: a program reaches the outside world only through its tools",
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
    try:
        tree = ast.parse(code, mode="exec")
    except SyntaxError as exc:
        raise ProgramError(f"line {exc.lineno}: syntax error: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise ProgramError(f"the program could not be read: {type(exc).__name__}: {exc}") from None
    callable_names = set(tool_names) | set(HELPERS) | {"gather"}
    for node in ast.walk(tree):
        line = getattr(node, "lineno", None)
        where = f"line {line}: " if line else ""
        if type(node) in _REFUSED:
            raise ProgramError(where + _REFUSED[type(node)])
        if not isinstance(node, _ALLOWED):
            raise ProgramError(f"{where}{type(node).__name__} is not available in programs; {HELP}")
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise ProgramError(f"{where}names starting with '_' are not available ({node.id})")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name):
                raise ProgramError(f"{where}only tools and helpers can be called, by name")
            if node.func.id not in callable_names:
                tools = ", ".join(sorted(tool_names)) or "none"
                raise ProgramError(f"{where}there is no tool or helper named {node.func.id!r}; "
                                   f"available tools: {tools}")
        if isinstance(node, ast.Assign) and not all(_is_target(t) for t in node.targets):
            raise ProgramError(f"{where}assign to names or tuples of names only")
    return tree


def _is_target(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return True
    return isinstance(node, ast.Tuple) and all(isinstance(e, ast.Name) for e in node.elts)


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
    """Runs one checked program; its tool calls go through the course's executor into `trace`."""

    def __init__(self, tree: ast.Module, tools: dict[str, Tool], trace: Trace, record: ProgramRun, *,
                 turn: int = 0, t0: float = 0.0, max_concurrency: int | None = None,
                 max_steps: int = MAX_STEPS, max_tool_calls: int = MAX_TOOL_CALLS) -> None:
        self.tree, self.tools, self.trace, self.record = tree, tools, trace, record
        self.turn, self.t0, self.cap = turn, t0, max_concurrency
        self.max_steps, self.max_tool_calls = max_steps, max_tool_calls
        self.env: dict[str, Any] = {}
        self._line = 0

    async def run(self) -> Any:
        """Run the program; return its value, or raise ProgramError saying where it stopped."""
        try:
            await self._block(self.tree.body)
        except _Return as ret:
            return ret.value
        except (_Break, _Continue):
            raise ProgramError("`break` or `continue` outside a loop") from None
        except ProgramError as exc:
            raise ProgramError(f"line {self._line}: {exc}") from None
        except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
            raise ProgramError(f"line {self._line}: {type(exc).__name__}: {exc}") from None
        return None

    def _step(self, node: ast.AST) -> None:
        self.record.steps += 1
        self._line = getattr(node, "lineno", self._line)
        if self.record.steps > self.max_steps:
            raise ProgramError(f"the program used its whole step budget ({self.max_steps} steps): "
                               "is a loop running forever?")

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
                raise ProgramError("augmented assignment works on names only")
            current = self._name(node.target.id)
            self.env[node.target.id] = _bounded(_BINOPS[type(node.op)](current, await self._eval(node.value)))
        elif isinstance(node, ast.Return):
            raise _Return(None if node.value is None else await self._eval(node.value))
        elif isinstance(node, ast.If):
            await self._block(node.body if await self._eval(node.test) else node.orelse)
        elif isinstance(node, ast.For):
            for item in list(await self._eval(node.iter)):
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
        names = [e.id for e in target.elts]  # type: ignore[attr-defined]
        values = list(value)
        if len(values) != len(names):
            raise ProgramError(f"cannot unpack {len(values)} values into {len(names)} names")
        self.env.update(zip(names, values))

    def _name(self, name: str) -> Any:
        if name in self.env:
            return self.env[name]
        if name in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[name]
        raise ProgramError(f"name {name!r} is not defined (programs have no builtins; {HELP})")

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
            items: list[Any] = []
            for e in node.elts:
                if isinstance(e, ast.Starred):
                    items.extend(await self._eval(e.value))
                else:
                    items.append(await self._eval(e))
            return items
        if isinstance(node, ast.Dict):
            if any(k is None for k in node.keys):
                raise ProgramError("`**` in a dict literal is not available")
            return {await self._eval(k): await self._eval(v) for k, v in zip(node.keys, node.values)}  # type: ignore[arg-type]
        if isinstance(node, ast.BinOp):
            left, right = await self._eval(node.left), await self._eval(node.right)
            if isinstance(node.op, ast.Mult):
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, (str, list)) and isinstance(times, int):
                        _bounded(range(len(seq) * max(times, 0)))
            return _bounded(_BINOPS[type(node.op)](left, right))
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
                if not _COMPARE[type(op)](left, right):
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
                return container[slice(*parts)]
            return container[await self._eval(node.slice)]
        if isinstance(node, ast.ListComp):
            return await self._comprehension(node, deferred=False)
        if isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                if isinstance(v, ast.FormattedValue):
                    value = await self._eval(v.value)
                    spec = "" if v.format_spec is None else await self._eval(v.format_spec)
                    if any(int(n) > 200 for n in re.findall(r"\d+", spec)):
                        raise ProgramError(f"format width {spec!r} is too large")
                    value = repr(value) if v.conversion == ord("r") else value
                    parts.append(format(value, spec))
                else:
                    parts.append(str(await self._eval(v)))
            return _bounded("".join(parts))
        if isinstance(node, ast.Call):
            return await self._call(node)
        raise ProgramError(f"{type(node).__name__} is not available in programs")

    async def _comprehension(self, node: ast.ListComp, deferred: bool) -> list[Any]:
        if len(node.generators) != 1:
            raise ProgramError("a list comprehension may have one `for` only")
        gen = node.generators[0]
        out = []
        for item in list(await self._eval(gen.iter)):
            self._step(node)
            self._assign(gen.target, item)
            if all([await self._eval(cond) for cond in gen.ifs]):
                out.append(await (self._deferred(node.elt) if deferred else self._eval(node.elt)))
        return out

    async def _arguments(self, node: ast.Call) -> tuple[list[Any], dict[str, Any]]:
        args: list[Any] = []
        for a in node.args:
            if isinstance(a, ast.Starred):
                args.extend(await self._eval(a.value))
            else:
                args.append(await self._eval(a))
        kwargs = {}
        for k in node.keywords:
            if k.arg is None:
                raise ProgramError("`**` in a call is not available")
            kwargs[k.arg] = await self._eval(k.value)
        return args, kwargs

    async def _call(self, node: ast.Call) -> Any:
        name = node.func.id  # type: ignore[attr-defined]  (check_program allows calls by name only)
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
            try:
                return _bounded(HELPERS[name](*args, **kwargs))
            except ProgramError:
                raise
            except Exception as exc:
                raise ProgramError(f"{name}(...) failed: {type(exc).__name__}: {exc}") from None
        return (await self._run_batch([self._pending(name, args, kwargs)]))[0]

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
        return _Pending(name, {**arguments, **kwargs})

    async def _run_batch(self, pending: list[_Pending]) -> list[Any]:
        if len(self.record.tool_calls) + len(pending) > self.max_tool_calls:
            raise ProgramError(f"the program asked for more than {self.max_tool_calls} tool calls")
        start = len(self.record.tool_calls)
        calls = [ToolCall(f"{self.record.call_id}.{start + i + 1}", p.name, p.arguments)
                 for i, p in enumerate(pending)]
        self.record.tool_calls.extend(c.id for c in calls)
        runner = BatchRunner(calls, self.tools, DeliveryMode.HYBRID, self.trace, max_concurrency=self.cap,
                             turn=self.turn, t0=self.t0)
        results = await runner.run()  # recorded in the trace by the runner
        self.record.kept_tokens += sum(approx_tokens(r.content) for r in results)
        failed = [r for r in results if not r.ok]
        if failed:
            done = [r.call_id for r in results if r.ok]
            also = f" ({len(done)} sibling call(s) finished: {', '.join(done)})" if done else ""
            raise ProgramError(f"{failed[0].name}({_short(failed[0], calls)}) failed: {failed[0].error}{also}")
        return [r.output for r in results]


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
                           t0: float | None = None, max_concurrency: int | None = None, max_steps: int = MAX_STEPS,
                           max_tool_calls: int = MAX_TOOL_CALLS) -> ToolResult:
    """Run one `run_program` call; its inner calls land in `trace`; always return one result."""
    code = _code_of(call)
    record = ProgramRun(call.id, code if isinstance(code, str) else "")
    trace.programs.append(record)
    try:
        if not isinstance(code, str):
            raise ProgramError(code[1])
        tree = check_program(code, tools)
        value = await Interpreter(tree, tools, trace, record, turn=turn, t0=trace.origin if t0 is None else t0,
                                  max_concurrency=max_concurrency, max_steps=max_steps,
                                  max_tool_calls=max_tool_calls).run()
    except ProgramError as exc:
        record.ok, record.error = False, f"the program stopped: {exc}"
        result = ToolResult(call.id, call.name, "error", error=record.error)
    except (KeyboardInterrupt, SystemExit, asyncio.CancelledError):
        raise
    except Exception as exc:  # whatever else stopped the evaluator: still this call's one answer
        record.ok, record.error = False, f"the program stopped: the evaluator failed ({type(exc).__name__}: {exc})"
        result = ToolResult(call.id, call.name, "error", error=record.error)
    else:
        record.output = value
        result = ToolResult(call.id, call.name, "ok", output=value)
    record.returned_tokens = approx_tokens(result.content)
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
    def cap(self) -> int | None:
        """The concurrency cap (the name this agent used before it shared the loop)."""
        return self.max_concurrency

    @property
    def schemas(self) -> list[dict[str, Any]]:
        """The tools as the model sees them, the program tool last."""
        return self.tool_schemas

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
