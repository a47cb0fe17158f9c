"""The documents' scenarios as data: tools, the model's plan and latencies, rebuildable with new parameters."""
from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable

import course
from course import ToolCall
from course.i18n import Message
from course.tools import Tool

_SENTENCE = "{main}{first}{second}."  # a description: the main clause, two optional clauses, a full stop


def _description(main: str, one: str, n: int, first: str, second: str = "") -> Message:
    """A scenario's description as a Message: English as it always read, shown in the learner's language."""
    return Message(_SENTENCE, main=Message(main if n != 1 else one, n=n),
                   first=Message(first), second=Message(second))


@dataclass
class Scenario:
    """A task for the agent: its tools, the batches the model asks for turn by turn, and the latencies."""

    name: str
    description: str
    tools: list[Tool]
    plan: list[list[ToolCall]]
    model_latency: float = 0.5
    prompt: str = "Do the task."
    final: str = "done"
    params: dict[str, Any] = field(default_factory=dict)
    builder: Callable[..., "Scenario"] | None = field(default=None, repr=False, compare=False)

    @property
    def calls(self) -> list[ToolCall]:
        """Every tool call of the plan, in order."""
        return [call for batch in self.plan for call in batch]

    def model(self) -> course.ScriptedModel:
        """A scripted model that plays this scenario's plan."""
        return course.ScriptedModel(plan=self.plan, final=self.final, latency=self.model_latency)

    def agent(self, mode: str = "all", max_concurrency: int | None = None,
              scheduler: str = "dataflow") -> course.Agent:
        """An agent with this scenario's model and tools in the given delivery mode.

        max_turns leaves room for one model turn per call (one-at-a-time) plus the final answer.
        """
        return course.Agent(model=self.model(), tools=self.tools, mode=mode, max_concurrency=max_concurrency,
                            scheduler=scheduler, max_turns=max(20, len(self.calls) + len(self.plan) + 2))

    def run(self, mode: str = "all", max_concurrency: int | None = None, clock: str = "virtual",
            scheduler: str = "dataflow") -> course.Trace:
        """Run the whole scenario (model turns included) and return its trace."""
        return self.agent(mode, max_concurrency, scheduler).run_sync(self.prompt, clock=clock)

    def accepts(self, name: str) -> bool:
        """True when the scenario can be rebuilt with a new value of this parameter."""
        if name == "model_latency":
            return True
        return self.builder is not None and name in inspect.signature(self.builder).parameters

    def with_params(self, **changes: Any) -> "Scenario":
        """The same scenario rebuilt with some parameters changed (unknown ones are ignored)."""
        changes = {k: v for k, v in changes.items() if self.accepts(k)}
        if self.builder is not None:
            return self.builder(**{**self.params, **changes})
        if "model_latency" in changes:
            return dataclasses.replace(self, model_latency=float(changes["model_latency"]))
        return self

    def scaled(self, factor: float) -> "Scenario":
        """A copy whose every latency (model and tools) is multiplied by factor: for short real-clock runs."""
        def scale(tool: Tool) -> Tool:
            latency = tool.latency
            new = (lambda args, f=latency: f(args) * factor) if callable(latency) else latency * factor
            timeout = None if tool.timeout is None else tool.timeout * factor
            return dataclasses.replace(tool, latency=new, timeout=timeout)

        return dataclasses.replace(self, tools=[scale(t) for t in self.tools],
                                   model_latency=self.model_latency * factor, builder=None,
                                   params={**self.params, "scale": factor})


# ---- the tools the scenarios use ------------------------------------------------------------

def _read_file_tool(latency: float) -> Tool:
    async def read_file(path: str) -> str:
        """Read a text file from the project."""
        if "missing" in path:
            raise FileNotFoundError(f"no such file: {path}")
        return f"<contents of {path}>"
    return course.tool(read_file, latency=latency, resources={"read": "file:{path}"})


def _append_log_tool(latency: float) -> Tool:
    def append_log(line: str) -> str:
        """Append a line to the shared audit log (not safe to run alongside other calls)."""
        return f"logged: {line}"
    return course.tool(append_log, latency=latency, parallel_safe=False)


def _step_tool(name: str, doc: str, latency: float, parallel_safe: bool = True) -> Tool:
    async def step(data: str) -> str:
        return f"{name}({data[:40]})"
    step.__name__ = step.__qualname__ = name
    step.__doc__ = doc
    return course.tool(step, latency=latency, parallel_safe=parallel_safe)


def _merge_tool(latency: float) -> Tool:
    async def merge_files(files: list[str]) -> str:
        """Merge several files into one document."""
        return f"merge_files({len(files)} files)"
    return course.tool(merge_files, latency=latency)


def _check(n: int, tool_latency: float, model_latency: float, fail: int) -> None:
    if n < 1:
        raise ValueError("n must be at least 1 (the number of files the scenario works on).")
    if tool_latency < 0 or model_latency < 0:
        raise ValueError("Latencies are seconds and cannot be negative.")
    if not 0 <= fail <= n:
        raise ValueError(f"fail must be between 0 and n={n} (how many of the reads fail).")


_CONFIGS = ("config/app.json", "config/db.json", "config/api.json")


def _paths(n: int, fail: int, stem: str) -> list[str]:
    paths = list(_CONFIGS[:n]) if stem == "config" else []
    paths += [f"{stem}/part_{i + 1:02d}.json" for i in range(len(paths), n)]
    for i in range(n - fail, n):
        paths[i] = paths[i].replace(".json", ".missing.json")
    return paths


# ---- scenario builders --------------------------------------------------------------------------

def three_config_reads(n: int = 3, tool_latency: float = 1.0, model_latency: float = 0.5,
                       dependencies: bool = False, unsafe: bool = False, fail: int = 0) -> Scenario:
    """Scenario 1 of the documents: read n config files, independent of each other, in one batch.

    dependencies=True: every later read needs the first one (app.json names the others);
    unsafe=True: a parallel-unsafe append_log call sits in the middle of the batch;
    fail: how many of the reads (the last ones) fail with "no such file".
    """
    _check(n, tool_latency, model_latency, fail)
    read = _read_file_tool(tool_latency)
    tools = [read]
    calls = []
    for i, path in enumerate(_paths(n, fail, "config")):
        depends = ("read_1",) if dependencies and i > 0 else ()
        calls.append(ToolCall(id=f"read_{i + 1}", name="read_file", arguments={"path": path}, depends_on=depends))
    if unsafe:
        log = _append_log_tool(tool_latency * 0.5)
        tools.append(log)
        calls.insert((len(calls) + 1) // 2, ToolCall(id="log", name="append_log",
                                                     arguments={"line": "read the configs"}))
    return Scenario(
        name=Message("three config reads"),
        description=_description("Read {n} config files in one batch", "Read {n} config file in one batch", n,
                                 ", the later ones after the first" if dependencies and n > 1 else ", all independent",
                                 ", with a parallel-unsafe log call" if unsafe else ""),
        tools=tools, plan=[calls], model_latency=model_latency, prompt="Summarise the config files.",
        final="Here is a summary of the configs.",
        params=dict(n=n, tool_latency=tool_latency, model_latency=model_latency,
                    dependencies=dependencies, unsafe=unsafe, fail=fail),
        builder=three_config_reads)


def pipeline(n: int = 1, tool_latency: float = 1.0, model_latency: float = 0.5,
             dependencies: bool = True, unsafe: bool = False, fail: int = 0) -> Scenario:
    """Scenario 2 of the documents: read → parse → validate → save, for each of n files, in one batch.

    dependencies=True: each step names the previous one's result ("$id"), so it must wait for it;
    unsafe=True: save (to the shared database) is parallel-unsafe;
    fail: how many of the reads (the last files) fail, so their later steps are skipped.
    Latencies: read and save take tool_latency, parse and validate half of it.
    """
    _check(n, tool_latency, model_latency, fail)
    tools = [_read_file_tool(tool_latency),
             _step_tool("parse_json", "Parse JSON text into a record.", tool_latency * 0.5),
             _step_tool("validate_data", "Check a record against the schema.", tool_latency * 0.5),
             _step_tool("save_to_database", "Save a record to the database.", tool_latency, not unsafe)]
    calls: list[ToolCall] = []
    for k, path in enumerate(_paths(n, fail, "data"), start=1):
        suffix = f"_{k}" if n > 1 else ""
        ids = [f"read{suffix}", f"parse{suffix}", f"validate{suffix}", f"save{suffix}"]
        calls.append(ToolCall(id=ids[0], name="read_file", arguments={"path": path}))
        for prev, cid, name in zip(ids, ids[1:], ["parse_json", "validate_data", "save_to_database"]):
            data = f"${prev}" if dependencies else "..."
            calls.append(ToolCall(id=cid, name=name, arguments={"data": data},
                                  depends_on=(prev,) if dependencies else ()))
    return Scenario(
        name=Message("pipeline"),
        description=_description("read → parse → validate → save for {n} files", "read → parse → validate → save for {n} file",
                                 n, ", each step using the previous step's result" if dependencies
                                 else ", steps declared independent", ", save is parallel-unsafe" if unsafe else ""),
        tools=tools, plan=[calls], model_latency=model_latency, prompt="Load data.json into the database.",
        final="The data is saved.",
        params=dict(n=n, tool_latency=tool_latency, model_latency=model_latency,
                    dependencies=dependencies, unsafe=unsafe, fail=fail),
        builder=pipeline)


def reads_then_merge(n: int = 3, tool_latency: float = 1.0, model_latency: float = 0.5,
                     dependencies: bool = True, unsafe: bool = False, fail: int = 0) -> Scenario:
    """Scenario 3 of the documents: read n files (independent), then merge → process → save in order.

    dependencies=True: merge needs every read, process needs merge, save needs process;
    unsafe=True: save is parallel-unsafe; fail: how many reads fail (merge is then skipped).
    Latencies: reads and process take tool_latency, merge and save half of it.
    """
    _check(n, tool_latency, model_latency, fail)
    tools = [_read_file_tool(tool_latency),
             _merge_tool(tool_latency * 0.5),
             _step_tool("process_data", "Process a merged document.", tool_latency),
             _step_tool("save_result", "Save the processed result.", tool_latency * 0.5, not unsafe)]
    reads = [ToolCall(id=f"read_{i + 1}", name="read_file", arguments={"path": p})
             for i, p in enumerate(_paths(n, fail, "files"))]
    read_ids = tuple(c.id for c in reads)
    # merge reads every file: its arguments name all n reads, as its depends_on does
    files = [f"${r}" for r in read_ids] if dependencies else [c.arguments["path"] for c in reads]
    calls = [*reads, ToolCall(id="merge", name="merge_files", arguments={"files": files},
                              depends_on=read_ids if dependencies else ())]
    for cid, name, prev in [("process", "process_data", "merge"), ("save", "save_result", "process")]:
        calls.append(ToolCall(id=cid, name=name, arguments={"data": f"${prev}" if dependencies else "..."},
                              depends_on=(prev,) if dependencies else ()))
    return Scenario(
        name=Message("reads then merge"),
        description=_description("Read {n} files side by side, then merge → process → save",
                                 "Read {n} file side by side, then merge → process → save", n,
                                 " one after another" if dependencies else " (declared independent)",
                                 ", save is parallel-unsafe" if unsafe else ""),
        tools=tools, plan=[calls], model_latency=model_latency, prompt="Merge the files and save the result.",
        final="Merged, processed and saved.",
        params=dict(n=n, tool_latency=tool_latency, model_latency=model_latency,
                    dependencies=dependencies, unsafe=unsafe, fail=fail),
        builder=reads_then_merge)


BUILDERS: dict[str, Callable[..., Scenario]] = {
    "three config reads": three_config_reads,
    "pipeline": pipeline,
    "reads then merge": reads_then_merge,
}
