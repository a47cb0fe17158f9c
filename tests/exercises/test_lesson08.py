"""Lesson 8's checkers audited: per exercise, correct variants pass and wrong ones fail naming their slip,
in English and in Chinese (course.exercises.audit)."""
from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import pytest

from course import ToolCall
from course.coding.sandbox import Sandbox
from course.exercises import get
from course.exercises.audit import Variant, audit, coverage

IMPORT = re.compile(r"^from shop\.(\w+) import", re.M)


def _f(fn):
    return lambda: fn


def _graph(parse_b_ref="$rb", merge_id="report", chain_reads=False, split=False):
    reads = [ToolCall("ra", "read_file", {"path": "small.json"}),
             ToolCall("rb", "read_file", {"path": "big.json"}, depends_on=("ra",) if chain_reads else ())]
    parses = [ToolCall("pa", "parse", {"text": "$ra"}), ToolCall("pb", "parse", {"text": parse_b_ref})]
    report = ToolCall(merge_id, "merge", {"a": "$pa", "b": "$pb"})
    return lambda: reads + parses + [report]


def latest_imports(outputs):
    latest = list(outputs.values())[-1:]
    found = [m for text in latest for m in IMPORT.findall(str(text))]
    return [ToolCall(f"guess_{m}", "read_file", {"path": f"shop/{m}.py"}) for m in found]


def every_import(outputs):
    found = {m for text in outputs.values() for m in IMPORT.findall(str(text))}
    return [ToolCall(f"guess_{m}", "read_file", {"path": f"shop/{m}.py"}) for m in sorted(found)]


def every_import_in_order(outputs):
    wanted = []
    for text in outputs.values():
        for module in IMPORT.findall(str(text)):
            if f"shop/{module}.py" not in wanted:
                wanted.append(f"shop/{module}.py")
    return [ToolCall(f"g{i}", "read_file", {"path": p}) for i, p in enumerate(wanted)]


def replay_the_first_plan(outputs):
    if "read_2" in outputs:
        return [ToolCall("g_config", "read_file", {"path": "shop/config.py"})]
    if "read_1" in outputs:
        return [ToolCall("g_discounts", "read_file", {"path": "shop/discounts.py"})]
    return []


def guess_every_file(outputs):
    with Sandbox() as box:
        files = box.files("shop")
    return [ToolCall(f"g_{p}", "read_file", {"path": p}) for p in files]


def guess_a_write(outputs):
    return [ToolCall("w", "write_file", {"path": "shop/x.py", "text": ""})]


PROGRAM = '''
names = lines(read_file(path="index.txt"))
texts = gather([read_file(path=n) for n in names])
return [pair[0] for pair in zip(names, texts) if "TODO" in pair[1]]
'''
LOOP = '''
names = lines(await read_file(path="index.txt"))
texts = await gather(*[read_file(path=name) for name in names])
found = []
for name, text in zip(names, texts):
    if "TODO" in text:
        found = found + [name]
return found
'''
INDEXED = '''
listed = split(read_file(path='index.txt'), "\\n")
contents = gather([read_file(path=p) for p in listed])
return [listed[i] for i in range(len(listed)) if "TODO" in contents[i]]
'''
SERIAL = '''
names = lines(read_file(path="index.txt"))
found = []
for name in names:
    if "TODO" in read_file(path=name):
        found = found + [name]
return found
'''
RETURNS_TEXTS = '''
names = lines(read_file(path="index.txt"))
return [t for t in gather([read_file(path=n) for n in names]) if "TODO" in t]
'''
HARD_CODED = '''
texts = gather(read_file(path="a.md"), read_file(path="b.md"), read_file(path="c.md"), read_file(path="d.md"))
return ["b.md", "d.md"]
'''
EVERY_NAME = '''
return lines(read_file(path="index.txt"))
'''

VARIANTS = {
    "08.dag": [
        Variant("the solution", _graph()),
        Variant("another order", lambda: list(reversed(_graph()()))),
        Variant("references and depends_on", lambda: [ToolCall(c.id, c.name, c.arguments, depends_on=tuple(
            v[1:] for v in c.arguments.values() if str(v).startswith("$"))) for c in _graph()()]),
        Variant("reads chained", _graph(chain_reads=True), "failed", says="critical path", zh="关键路径"),
        Variant("another final id", _graph(merge_id="merge"), "failed", says="'report'", zh="'report'"),
        Variant("a wrong reference", _graph(parse_b_ref="$ra"), "failed", says="expected", zh="应当"),
        Variant("not a list", lambda: "ra, rb, pa, pb, report", "failed", says="list of ToolCall", zh="ToolCall"),
        Variant("the reads alone", lambda: _graph()()[:2], "failed", says="'report'", zh="'report'"),
    ],
    "08.predictor": [
        Variant("the solution", _f(latest_imports)),
        Variant("imports of every file read", _f(every_import)),
        Variant("in order, once each", _f(every_import_in_order)),
        Variant("a fixed plan", _f(replay_the_first_plan), "failed", says="not from a fixed plan", zh="固定"),
        Variant("every file", _f(guess_every_file), "failed", says=["never used", "guess fewer files"],
                zh="少猜几个文件"),
        Variant("no guess", _f(lambda outputs: []), "failed", says="0 of the 2 later reads", zh="0"),
        Variant("a guessed write", _f(guess_a_write), "failed", says="only reads speculatively", zh="只能推测性地启动读取"),
        Variant("called, not passed", lambda: [], "failed", says="without calling it", zh="不要调用它"),
        Variant("guesses of the file just read", _f(lambda outputs: [ToolCall(f"g{i}", "read_file", {"path": "shop/cart.py"})
                                                                     for i in range(3)]), "failed",
                says="0 of the 2 later reads", zh="只猜中了 0 次"),
    ],
    "08.program": [
        Variant("the solution", lambda: PROGRAM),
        Variant("a loop with awaits", lambda: LOOP),
        Variant("indexed", lambda: INDEXED),
        Variant("reads one after another", lambda: SERIAL, "failed", says=["one after another", "gather"],
                zh="gather"),
        Variant("the texts returned", lambda: RETURNS_TEXTS, "failed", says="returned file contents", zh="内容"),
        Variant("hard-coded", lambda: HARD_CODED, "failed", says="read index.txt once|returned", zh="index.txt"),
        Variant("every name", lambda: EVERY_NAME, "failed", says="returned", zh="返回了"),
        Variant("an import", lambda: "import os\nreturn os.listdir('.')", "failed", says="`import` is not available",
                zh="import", quotes=".*"),
        Variant("not text", lambda: ["names = ..."], "failed", says="a string", zh="字符串"),
    ],
    "08.explore-arrival": [
        Variant("the solution", lambda: 1.25),
        Variant("a fraction", lambda: Fraction(5, 4)),
        Variant("numpy", lambda: np.float64(1.25)),
        Variant("the first change", lambda: 0.85, "failed", says="Raise per_turn", zh="调大"),
        Variant("too slow", lambda: 2.0, "failed", says="already answers later", zh="."),
        Variant("too fast", lambda: 0.3, "failed", says="still answers sooner", zh="."),
        Variant("two turns counted", lambda: 2.5, "failed", says="three turns", zh="三轮"),
        Variant("milliseconds", lambda: 1250, "failed", says="milliseconds", zh="毫秒"),
        Variant("a string", lambda: "1.25", "failed", says="a number", zh="秒"),
    ],
    "08.quiz": [
        Variant("int keys", lambda: {1: "b", 2: "b", 3: "a", 4: "c", 5: "b", 6: "a", 7: "b"}),
        Variant("string keys", lambda: {str(k): v for k, v in {1: "b", 2: "b", 3: "a", 4: "c", 5: "b", 6: "a",
                                                               7: "b"}.items()}),
        Variant("a list", lambda: ["b", "B", "a)", "(c)", "b", "a", "b"]),
        Variant("left open", lambda: {"1": "b"}, "unattempted", says="Q2: ⏳", zh="第 2 题：⏳"),
        Variant("faster tools", lambda: {1: "a", 2: "b", 3: "a", 4: "c", 5: "b", 6: "a", 7: "b"}, "failed",
                says="gain is the model turns", zh="模型轮次"),
        Variant("every call eagerly", lambda: {1: "b", 2: "a", 3: "a", 4: "c", 5: "b", 6: "a", 7: "b"}, "failed",
                says="complete arguments", zh="完整"),
        Variant("guessed writes", lambda: {1: "b", 2: "b", 3: "c", 4: "c", 5: "b", 6: "a", 7: "b"}, "failed",
                says="cannot be taken back", zh="收不回来"),
        Variant("cancel", lambda: {1: "b", 2: "b", 3: "a", 4: "a", 5: "b", 6: "a", 7: "b"}, "failed",
                says="stay written", zh="写好"),
        Variant("close together", lambda: {1: "b", 2: "b", 3: "a", 4: "c", 5: "b", 6: "a", 7: "a"}, "failed",
                says="arrive together", zh="一起到达"),
    ],
}


@pytest.mark.parametrize("exercise_id", sorted(VARIANTS))
def test_every_variant_gets_its_verdict_and_names_its_slip(exercise_id):
    assert audit(get(exercise_id), VARIANTS[exercise_id]) == []


def test_every_exercise_has_three_correct_and_five_wrong_variants():
    assert coverage(8, VARIANTS) == []
