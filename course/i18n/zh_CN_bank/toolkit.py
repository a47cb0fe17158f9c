"""简体中文: the checker toolkit's newer messages (course/exercises/checkers.py): named slips, a missing
await, asyncio.run in a running loop, quiz keys.

Same format as course/i18n/zh_CN.py; merged into the catalog through lesson 1's bank module.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    "{what} is {value}, which is not right: {slip}": "{what}是 {value}，不对：{slip}",
    "{what} is {value}. That looks like milliseconds: give the answer in seconds.":
        "{what}是 {value}。这看起来是毫秒：请用秒作答。",
    "that looks like milliseconds: give seconds.": "这看起来是毫秒：请用秒作答。",
    "your function called asyncio.run() while a loop is already running (the checker runs it inside one, "
    "like a notebook cell): inside an async def, write `await ...` instead. It may have worked in the notebook "
    "only because nest_asyncio2.apply() ran earlier.":
        "你的函数在已经运行着的事件循环里调用了 asyncio.run()（检查器像笔记本单元格一样在一个循环里运行它）："
        "在 async def 里请改写成 `await ...`。它在笔记本里能跑，可能只是因为前面运行过 nest_asyncio2.apply()。",
    "your function returned {kind} without awaiting it: you left out an `await` (write `return await "
    "asyncio.gather(...)`).":
        "你的函数返回了 {kind}，却没有 await 它：漏了一个 `await`（写成 `return await asyncio.gather(...)`）。",
    "Q{n}: ❌ {given} is not one of the options: answer with a letter, {choices}.":
        "第 {n} 题：❌ {given} 不是可选项：请用字母作答，{choices}。",
    "{key} names no question of this quiz: number them 1 to {total}.":
        "{key}：这份测验里没有这道题：题号是 1 到 {total}。",
}
