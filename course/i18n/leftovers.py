"""Find English a learner would read in a translated notebook's outputs.

`english_lines(text)` returns the lines of an output that still read as English prose once what the
Chinese edition keeps in English on purpose is taken out: code (identifiers, calls, paths, quoted
strings, `backticks`), numbers and units, and the glossary's untranslated terms (mode and protocol
names, tool calling, round-trip, token…). A line is English when two English words or more are
left side by side. `scripts/build_translations.py --messages` prints these lines for a twin beside
`course.i18n.missing()`, and `tests/i18n/test_leftovers.py` fails on any that is not model-facing.

A heuristic, tuned on the course's own outputs: it reads one line at a time and knows no grammar,
so a model-facing sentence (a tool result, an error the model reads, the model's own answer) looks
English to it too; the test names those lines in its allow-list.
"""
from __future__ import annotations

import re
from typing import Iterable

__all__ = ["KEPT_TERMS", "english_lines", "notebook_output_lines"]

# English the glossary keeps in the Chinese edition (docs/zh-CN/glossary.md), longest first.
KEPT_TERMS = sorted([
    "parallel tool calling", "tool calling", "speculative tool calling", "programmatic tool calling",
    "one-at-a-time", "sequential", "hybrid", "auto", "all",
    "dataflow", "waves", "program",
    "round-trip", "Agent runtime", "Agent", "token", "tokens", "key", "API key", "API",
    "OpenAI Chat Completions", "OpenAI Responses", "Chat Completions", "Responses API", "Responses",
    "Anthropic Messages", "Anthropic", "Google Gemini", "Gemini", "OpenAI", "pydantic", "docstring",
    "schema", "JSON", "HTTP", "item", "part", "pi-mono", "steering", "follow-up", "re-read",
    "Amdahl", "DAG", "CPU", "I/O", "trace", "span", "runner", "stream", "eager", "NON_BLOCKING",
    "nest_asyncio2", "asyncio", "gather", "TaskGroup", "user", "assistant", "system", "tool",
    "content", "reasoning", "function_call", "functionCall", "tool_use", "tool_result",
    "INVALID_ARGUMENT", "ok", "error", "timeout", "skipped", "cancelled", "None", "True", "False",
], key=len, reverse=True)

_CODE = [
    re.compile(r"`[^`]*`"),                              # `code`
    re.compile(r"'[^'\n]*'|\"[^\"\n]*\""),               # quoted strings
    re.compile(r"https?://\S+"),                         # links
    re.compile(r"<[^<>\n]*>"),                           # <TimelineFigure …>, <contents of …>
    re.compile(r"\S*[_./\\$=()\[\]{}#@]\S*"),             # a token with _ . / = ( ) [ ] { }: code, a path
    re.compile(r"\b[a-z]+[A-Z]\w*\b|\b[A-Z][a-z]+[A-Z]\w*\b"),  # camelCase, CamelCase (FileNotFoundError)
    re.compile(r"\b[A-Z0-9_]{2,}\b"),                     # CONSTANTS, HTTP, OPENAI_API_KEY
    re.compile(r"\b(?=\w*\d)(?=\w*[A-Za-z])\w{6,}\b"),        # ids of letters and digits (a server's call ids)
]
_TERMS = re.compile(r"(?<![A-Za-z-])(?:" + "|".join(re.escape(t) for t in KEPT_TERMS) + r")(?![A-Za-z-])",
                    re.IGNORECASE)
_WORDS = re.compile(r"(?<![A-Za-z'-])[A-Za-z]{2,}(?:'[a-z]+)?(?:[ ,;:]+[A-Za-z]{2,}(?:'[a-z]+)?)+")


def _prose(line: str) -> str:
    """The line with code, numbers and the glossary's kept terms blanked out."""
    for pattern in _CODE:
        line = pattern.sub(" ", line)
    line = _TERMS.sub(" ", line)
    return re.sub(r"\d+(?:\.\d+)?\s*(?:s|ms|x|×)?\b", " ", line)


def _reads_english(line: str) -> bool:
    """True when two English words or more stand side by side in what is left of the line."""
    for run in _WORDS.finditer(_prose(line)):
        words = re.findall(r"[A-Za-z]{2,}", run.group(0))
        if len(words) >= 2 and any(len(w) >= 3 for w in words):
            return True
    return False


def english_lines(text: str) -> list[str]:
    """The lines of `text` that still read as English prose (see the module's docstring)."""
    return [line for line in text.splitlines() if line.strip() and _reads_english(line)]


def notebook_output_lines(nb: dict) -> Iterable[tuple[int, str]]:
    """(cell index, line) for every text line a notebook's code cells show: streams, plain-text
    results (not a figure's repr) and errors."""
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "stream":
                text = "".join(out.get("text", ""))
            elif kind == "error":
                text = f"{out.get('ename')}: {out.get('evalue')}"
            else:
                data = out.get("data", {})
                if "image/png" in data or "text/html" in data or "application/vnd.jupyter.widget-view+json" in data:
                    continue
                text = "".join(data.get("text/plain", ""))
            for line in text.splitlines():
                yield index, line
