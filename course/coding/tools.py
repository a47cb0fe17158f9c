"""Real coding-agent tools over a Sandbox: list, read, search, build, test, edit, write."""
from __future__ import annotations

import importlib.util
import re
from typing import Any

from .sandbox import Sandbox
from ..tools import Tool, tool

# The first source document's latency table (seconds): file read 150 ms, search 300 ms,
# build 1.5 s, test 2.0 s. list_dir and the two write tools are not in the table: we charge
# them like a file read.
DOCUMENT_LATENCIES: dict[str, float] = {
    "list_dir": 0.15, "read_file": 0.15, "search": 0.3, "build": 1.5, "run_tests": 2.0,
    "edit_file": 0.15, "write_file": 0.15,
}
MAX_MATCHES = 50
_TIMING = re.compile(r" in \d+(\.\d+)?s\b")


def coding_tools(sandbox: Sandbox, simulated: bool = True, *, latencies: dict[str, float] | None = None,
                 test_timeout: float = 60.0, search_timeout: float = 5.0) -> list[Tool]:
    """The coding tools bound to one sandbox.

    simulated=True charges the document's latencies on the clock (the real work still runs, in a
    worker thread, while virtual time stands still); simulated=False charges nothing extra, so on
    the real clock a span lasts exactly as long as the real work. A search stops after
    `search_timeout` seconds of matching, a test run after `test_timeout` seconds.
    """
    table = {**DOCUMENT_LATENCIES, **(latencies or {})}
    delay = (lambda name: table[name]) if simulated else (lambda name: 0.0)
    key = sandbox.key

    def list_dir(path: str = ".") -> str:
        """List a folder of the project: one entry per line, folders end with '/'."""
        entries = sandbox.list_dir(path)
        return "\n".join(entries) if entries else "(empty folder)"

    def read_file(path: str) -> str:
        """Read a text file of the project (path relative to the project root)."""
        return sandbox.read_text(path)

    def search(pattern: str, path: str = ".") -> str:
        """Search the project's text files for a Python regular expression; lines as 'file:line: text'."""
        hits, total = sandbox.search(pattern, path, limit=MAX_MATCHES, timeout=search_timeout)
        if not hits:
            return f"no match for {pattern!r}"
        more = f"\n… {total - MAX_MATCHES} more matches; narrow the pattern or the folder" if total > MAX_MATCHES else ""
        return "\n".join(hits) + more

    def build() -> str:
        """Compile every Python module of the project (a syntax check; nothing is written)."""
        problems = []
        count = 0
        for rel, text in sandbox.iter_text_files():
            if rel.endswith(".py"):
                count += 1
                try:
                    compile(text, rel, "exec")
                except SyntaxError as exc:
                    problems.append(f"{rel}:{exc.lineno}: {exc.msg}")
        if problems:
            raise RuntimeError("build failed:\n" + "\n".join(problems))
        return f"build ok: {count} modules compiled"

    def run_tests(target: str = "") -> str:
        """Run the project's tests in a subprocess; returns the exit code and the runner's summary."""
        if target:
            sandbox.resolve(target, must_exist=True)
        if importlib.util.find_spec("pytest") is not None:
            args = ["-m", "pytest", "-q", "-p", "no:cacheprovider", *([target] if target else [])]
        else:
            args = ["-m", "unittest", "discover", "-s", target or "checks", "-p", "check_*.py", "-t", "."]
        done = sandbox.python(*args, timeout=test_timeout)
        text = _TIMING.sub("", done.output).rstrip()
        verdict = "tests passed" if done.returncode == 0 else (
            "tests timed out" if done.timed_out else "tests failed")
        return f"{verdict} (exit code {done.returncode})\n{text}"

    def edit_file(path: str, old: str, new: str) -> str:
        """Replace the one occurrence of `old` in a file by `new` (old must match exactly once)."""
        text, version = sandbox.read_versioned(path)
        count = text.count(old) if old else 0
        if count != 1:
            found = "not found" if count == 0 else f"found {count} times"
            raise ValueError(f"edit refused: the old text is {found} in {path}; quote a unique, exact "
                             "snippet (read the file first), nothing was changed")
        rel, note = sandbox.replace_text(path, text.replace(old, new, 1), read_version=version,
                                         writer=f"edit_file({_snippet(old)} -> {_snippet(new)})")
        return f"edited {rel}: replaced {len(old)} characters with {len(new)}" + _warning(note)

    def write_file(path: str, content: str) -> str:
        """Write a whole text file (created if missing, replaced atomically if present)."""
        rel, note = sandbox.replace_text(path, content, writer=f"write_file({len(content)} characters)")
        return f"wrote {rel} ({len(content)} characters)" + _warning(note)

    whole_tree = {"read": ["tree"]}
    return [
        tool(list_dir, latency=delay("list_dir"), resources=whole_tree),
        tool(read_file, latency=delay("read_file"),
             resources=lambda a: {"read": [f"file:{key(a.get('path', ''))}"]}),
        tool(search, latency=delay("search"), resources=whole_tree),
        tool(build, latency=delay("build"), resources=whole_tree),
        tool(run_tests, latency=delay("run_tests"), resources=whole_tree,
             timeout=test_timeout + 10 + delay("run_tests")),
        tool(edit_file, latency=delay("edit_file"), parallel_safe=False,
             resources=lambda a: {"write": [f"file:{key(a.get('path', ''))}", "tree"]}),
        tool(write_file, latency=delay("write_file"), parallel_safe=False,
             resources=lambda a: {"write": [f"file:{key(a.get('path', ''))}", "tree"]}),
    ]


def _snippet(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _warning(note: str) -> str:
    return f"\nwarning: {note}. Read the file and redo that change if it is still needed." if note else ""


def project_tests_pass(sandbox: Sandbox, timeout: float = 60.0) -> bool:
    """Run the project's tests directly (no agent, no clock): True when they all pass."""
    done = sandbox.python("-m", "pytest", "-q", "-p", "no:cacheprovider", timeout=timeout)
    return done.returncode == 0


# ---- the scripted bug-fixing agent -------------------------------------------------------------
BUG_LINE = "return round(subtotal_cents * rate / 100)"
FIX_LINE = "return round(subtotal_cents * rate)"


def bugfix_plan() -> list[Any]:
    """The turns a model takes to fix the bundled project's bug, as a ScriptedModel plan.

    Turn 1 looks around (list the root, run the tests); turn 2 searches for where discounts are
    computed; turn 3 reads the five files involved; turn 4 edits the line it found by reading;
    turn 5 builds and then tests (the test depends on the build).
    """
    from ..calls import ToolCall

    def edit_from_reading(results: dict[str, str]) -> list[ToolCall]:
        source = results.get("read_discounts", "")
        line = next((ln.strip() for ln in source.splitlines() if "rate / 100" in ln), None)
        if line is None:  # the file was not read (or already fixed): nothing to edit
            return []
        fixed = line.replace(" / 100", "")
        return [ToolCall("edit", "edit_file", {"path": "shop/discounts.py", "old": line, "new": fixed})]

    reads = ["shop/cart.py", "shop/discounts.py", "shop/config.py", "shop/catalog.py", "checks/check_cart.py"]
    read_ids = ["read_cart", "read_discounts", "read_config", "read_catalog", "read_check"]
    return [
        [ToolCall("ls", "list_dir", {"path": "."}), ToolCall("test_before", "run_tests", {})],
        [ToolCall("grep_rate", "search", {"pattern": r"rate|percent", "path": "shop"}),
         ToolCall("grep_total", "search", {"pattern": r"def (total|discount_amount)", "path": "."})],
        [ToolCall(i, "read_file", {"path": p}) for i, p in zip(read_ids, reads)],
        edit_from_reading,
        [ToolCall("build", "build", {}), ToolCall("test_after", "run_tests", {}, depends_on=("build",))],
    ]


def bugfix_final(results: dict[str, str]) -> str:
    """The scripted model's last message: what the final test run said."""
    after = results.get("test_after", "")
    if after.startswith("tests passed"):
        return "Fixed: discount_amount divided the rate by 100 although config stores fractions; all tests pass."
    return "Not fixed yet: " + (after.splitlines()[0] if after else "the tests did not run")
