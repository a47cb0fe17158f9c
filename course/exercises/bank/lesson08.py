"""Lesson 8 · Beyond the documents: a graph of calls, a principled speculative guesser, a program of calls."""
from __future__ import annotations

from typing import Any, Callable

from ...calls import ToolCall
from ...coding.tools import coding_tools
from ..checkers import Question, Quiz, Wrong, as_number, exercise
from ...batch import execute
from ...models import ScriptedModel
from ...coding.sandbox import Sandbox
from ...beyond.speculation import SpeculativeAgent
from ...tools import tool


# The lesson's three tools, rebuilt: the small file is quick to read but slow to parse.
@tool(latency=lambda a: {"big.json": 2.0}.get(a["path"], 1.0))
async def read_file(path: str) -> str:
    """Read a file."""
    return f"<{path}>"


@tool(latency=lambda a: 1.5 if "small" in a["text"] else 0.5)
async def parse(text: str) -> str:
    """Parse a file's text (the small file has a slow format)."""
    return f"parsed{text}"


@tool(latency=0.5)
async def merge(a: str, b: str) -> str:
    """Merge two parsed files."""
    return f"{a} + {b}"


def _dag_check(calls: Any) -> None:
    if not isinstance(calls, list) or not all(isinstance(c, ToolCall) for c in calls):
        raise Wrong("give a list of ToolCall objects.")
    trace = execute(calls, [read_file, parse, merge], mode="hybrid")
    final = [r for r in trace.results if r.call_id == "report"]
    if not final:
        raise Wrong("one call must have the id 'report'.")
    want = "parsed<small.json> + parsed<big.json>"
    if not final[0].ok or final[0].output != want:
        raise Wrong(f"report returned {final[0].output or final[0].error!r}; expected {want!r}.")
    if trace.makespan != 3.0:
        raise Wrong(f"the batch took {trace.makespan:g} s; with references it can finish in 3 s (its critical path). "
                    "Are all the reads in the same batch, and is anything chained that need not be?")


dag = exercise(
    "08.dag", _dag_check,
    hint="Two reads with no dependencies; a parse for each referring to its read with '$id'; a merge with "
         "id 'report' referring to both parses.",
    solution='calls = [ToolCall("ra", "read_file", {"path": "small.json"}), ToolCall("rb", "read_file", {"path": "big.json"}),\n'
             '         ToolCall("pa", "parse", {"text": "$ra"}), ToolCall("pb", "parse", {"text": "$rb"}),\n'
             '         ToolCall("report", "merge", {"a": "$pa", "b": "$pb"})]')

# Two investigations of the shop project, one read per turn: the lesson's, and one that starts from
# the receipt. A guesser that reads what the model read works in both; one replaying the first plan
# does not.
_INVESTIGATIONS = {
    "cart → discounts → config": ["shop/cart.py", "shop/discounts.py", "shop/config.py"],
    "receipt → cart → discounts": ["shop/receipt.py", "shop/cart.py", "shop/discounts.py"],
}


def _investigate(paths: list[str], predict: Callable[..., Any] | None) -> Any:
    chain = [[ToolCall(f"read_{i}", "read_file", {"path": p})] for i, p in enumerate(paths, 1)]
    with Sandbox() as box:
        reader = ScriptedModel(plan=chain, final="found it", latency=0.5)
        return SpeculativeAgent(reader, coding_tools(box), predictor=predict).run_sync("why is SAVE10 wrong?")


def _predictor_check(predict: Callable[..., Any]) -> None:
    if not callable(predict):
        raise Wrong("pass your function itself (without calling it).")
    with Sandbox() as box:
        first = {"read_1": box.read_text("shop/cart.py")}
    guesses = predict(dict(first)) or []
    writes = sorted({c.name for c in guesses if isinstance(c, ToolCall) and c.name != "read_file"})
    if writes:
        raise Wrong(f"your guesses call {', '.join(writes)}: a runtime may start only reads speculatively, "
                    "because a wrong guess must change nothing. Guess read_file calls.")
    for name, paths in _INVESTIGATIONS.items():
        trace = _investigate(paths, predict)
        later = [h for h in trace.hits if h != "read_1"]  # the first read is the model's own choice
        if len(later) < 2:
            raise Wrong(f"in the investigation {name}, {len(later)} of the 2 later reads were guessed: "
                        "guess from what has been read (the imports in `outputs`), not from a fixed plan.")
        if len(trace.misses) > len(later):
            raise Wrong(f"in the investigation {name}, {len(trace.misses)} guesses were never used "
                        f"({', '.join(trace.misses)}) for the 2 later reads, wasting {trace.wasted_time:g} s "
                        "of tool time: guess fewer files.")
        plain = _investigate(paths, None)
        if trace.makespan >= plain.makespan:
            raise Wrong(f"in the investigation {name}, speculation did not save time "
                        f"({trace.makespan:g} s with it, {plain.makespan:g} s without).")


predictor = exercise(
    "08.predictor", _predictor_check,
    hint="Each value of `outputs` is the text of a file the model has read. Find the shop modules it "
         r"imports, re.findall(r'^from shop\.(\w+) import', text, re.M), and return a read_file ToolCall "
         "for each.",
    solution="import re\n\n"
             "def predict(outputs):\n"
             "    latest = list(outputs.values())[-1:]  # the file just read\n"
             r"    found = [m for text in latest for m in re.findall(r'^from shop\.(\w+) import', str(text), re.M)]"
             "\n"
             "    return [ToolCall(f'guess_{m}', 'read_file', {'path': f'shop/{m}.py'}) for m in found]")


# ---- a program of your own (programmatic tool calling) -------------------------------------------

_PROGRAM_WORLDS = [
    {"index.txt": "a.md\nb.md\nc.md\nd.md", "a.md": "done", "b.md": "TODO: tests", "c.md": "ok", "d.md": "TODO x"},
    {"index.txt": "notes.md\nplan.md\nlog.md", "notes.md": "TODO: call", "plan.md": "fine", "log.md": "TODO"},
]


def _program_tools(files: dict[str, str]) -> list[Any]:
    @tool(latency=1.0)
    async def read_file(path: str) -> str:
        """Read a text file."""
        if path not in files:
            raise FileNotFoundError(f"no such file: {path}")
        return files[path]
    return [read_file]


def _program_check(code: Any) -> None:
    from ...beyond.programmatic import run_program
    if not isinstance(code, str):
        raise Wrong(f"the answer is the program's text, a string; got {type(code).__name__}.")
    for files in _PROGRAM_WORLDS:
        listed = files["index.txt"].splitlines()
        want = [p for p in listed if "TODO" in files[p]]
        trace = run_program(code, _program_tools(files))
        result = trace.result("program")
        if not result.ok:
            raise Wrong(f"the program stopped: {result.error}")
        got = result.output
        if isinstance(got, (list, dict)) and any(isinstance(x, str) and x in files.values() and x not in listed
                                                 for x in (got.values() if isinstance(got, dict) else got)):
            raise Wrong("the program returned file contents: return only the names of the files that mention "
                        "TODO, so the contents stay inside the program.")
        if got != want:
            raise Wrong(f"with index.txt listing {listed}, the program returned {got!r}; expected {want!r} "
                        "(the names, in the index's order).")
        reads = len(trace.tool_spans)
        if reads != len(listed) + 1:
            raise Wrong(f"the program made {reads} reads; read index.txt once and each listed file once.")
        if trace.makespan > 2.0 + 1e-9:
            raise Wrong(f"the program took {trace.makespan:g} s: the listed files were read one after another. "
                        "Read them together with gather([...]).")


program = exercise(
    "08.program", _program_check,
    hint="names = lines(read_file(path='index.txt')), then texts = gather([read_file(path=n) for n in names]), "
         "then keep the names whose text contains 'TODO' (a for loop, or a comprehension over zip(names, texts)).",
    solution='program = """\n'
             'names = lines(read_file(path="index.txt"))\n'
             'texts = gather([read_file(path=n) for n in names])\n'
             'return [pair[0] for pair in zip(names, texts) if "TODO" in pair[1]]\n'
             '"""')


def _break_even_check(answer: Any) -> None:
    number = as_number(answer)
    if number is None:
        raise Wrong(f"answer with a number of seconds (the per_turn cost), got {type(answer).__name__}.")
    answer = number
    if abs(answer - 1250) < 10:
        raise Wrong("1250 looks like milliseconds: give per_turn in seconds.")
    if abs(answer - 2.5) < 0.011:
        raise Wrong("2.5 s counts two turns of per_turn for arrival; it reads cache, docs and web one turn after "
                    "another, three turns: 1.0 + 3 × p + 3 × 0.4.")
    if abs(answer - 0.85) < 0.03:
        raise Wrong("from 0.85 s on, the web result's turn can no longer start when it arrives: it waits for "
                    "the docs turn to end; but arrival still answers sooner there. Raise per_turn further.")
    if abs(answer - 1.25) > 0.011:
        side = "still answers sooner" if answer < 1.25 else "already answers later"
        raise Wrong(f"at per_turn={answer:g} s, reading as they arrive {side} than all at once; try values "
                    "on the other side and compare the two answer times.")


explore_arrival = exercise(
    "08.explore-arrival", _break_even_check,
    hint="All at once answers at 0.5 + 3 + per_turn + 3 × 0.4. With per_turn p large enough, arrival reads "
         "cache, then docs, then web one turn after another: it answers at 1.0 + 3 × p + 3 × 0.4. Solve for equality.",
    solution="break_even = 1.25  # 0.5 + 3 + p + 1.2 = 1.0 + 3p + 1.2  →  p = 1.25 s")

quiz = Quiz("08.quiz", [
    Question("With `\"$id\"` references the model plans the whole graph in one turn. Where does most "
             "of the gain over 'one turn per level' come from?",
             {"a": "faster tools", "b": "fewer model turns", "c": "more calls running at once"},
             "b", "the references cost nothing at run time; they save the turns between levels",
             wrong={"a": "the tools take as long either way; the gain is the model turns between levels.",
                    "c": "one turn per level runs each level's calls together too; what it adds is a model turn per "
                         "level."}),
    Question("Which calls may eager dispatch start while the model is still streaming?",
             {"a": "every call, as soon as its name has streamed",
              "b": "parallel-safe calls whose arguments are complete and refer to no other call",
              "c": "only the last call of the reply"},
             "b", "a call needs its complete arguments to run, and a call that is unsafe or needs another "
                  "call's output must wait for the end of the stream",
             wrong={"a": "a call needs its complete arguments to run, and an unsafe call, or one that refers to "
                         "another, must wait.",
                    "c": "any complete, parallel-safe, independent call may start; waiting for the last one is "
                         "waiting for the end of the stream."}),
    Question("Which calls may a runtime start speculatively, before the model asks for them?",
             {"a": "reads, never writes", "b": "any call the predictor suggests",
              "c": "writes, because they save the most time"},
             "a", "a guessed write would change the world even when the guess is wrong",
             wrong={"b": "a guessed write changes the world even when the guess is wrong: only reads may be guessed.",
                    "c": "a wrong guessed write cannot be taken back; speculation is for reads."}),
    Question("Two edits of a batch have written their files when the third fails. What leaves the "
             "project as it was?",
             {"a": "cancelling the siblings", "b": "keeping the siblings",
              "c": "a transaction that restores each file written"},
             "c", "cancelling is not undoing: only the transaction remembered each file before its first write",
             wrong={"a": "cancelling stops what has not finished; the two files already written stay written.",
                    "b": "that keeps the two edits and leaves the project half changed."}),
    Question("A model sends one program that reads 20 files, keeps the 3 that mention a bug, and returns "
             "their names. Compared with one batch of 20 reads, what does the model save?",
             {"a": "tool time: the reads run faster inside a program",
              "b": "context: the 20 file texts never enter its context, only 3 names do",
              "c": "nothing: the same calls run either way"},
             "b", "the reads take as long either way; what changes is what the model must read, and the "
                  "turn it would need to filter them",
             wrong={"a": "the reads take as long inside a program as in a batch; what is saved is what the model "
                         "must read.",
                    "c": "the 20 file texts stay inside the program; only 3 names reach the model."}),
    Question("Where does programmatic tool calling lose?",
             {"a": "a program with a bug costs a whole model turn, the model sees only what the program "
                   "returns, and it needs a sandbox",
              "b": "it needs more model turns than one-at-a-time",
              "c": "it cannot run calls concurrently"},
             "a", "the error comes back after the work is done and the model writes a new program; what the "
                  "program filtered away, the model never sees",
             wrong={"b": "one program replaces many turns: it needs fewer, not more.",
                    "c": "a program can gather its calls, as the exercise's program did."}),
    Question("Results handed to the model as they arrive (Gemini's NON_BLOCKING) beat 'all at once' when…",
             {"a": "the results arrive close together", "b": "one call is much slower than the others",
              "c": "every turn is expensive to start"},
             "b", "the model reads the early results while the slow call runs; results that arrive together "
                  "gain nothing, and each extra turn pays its fixed cost and re-reads the context",
             wrong={"a": "results that arrive together gain nothing from being read one by one, and each extra turn "
                         "costs.",
                    "c": "expensive turns argue for fewer turns: all at once."}),
])

EXERCISES = {e.id: e for e in (dag, predictor, program, explore_arrival, quiz)}
