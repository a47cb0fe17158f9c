"""简体中文: lesson 1's exercises (course/exercises/bank/lesson01.py): checker messages, hints, quiz.

Same format as course/i18n/zh_CN.py: English message or `{name}` template → translation.
"""
from __future__ import annotations

from .toolkit import MESSAGES as _TOOLKIT

MESSAGES: dict[str, str] = {
    # ---- 01.sort-tools ------------------------------------------------------------------------
    "Ask of each task: does a later step need an earlier step's result, or change what it reads? "
    "Then it is a chain.":
        "对每个任务问一句：后一步是否需要前一步的结果，或者会改动前一步要读的东西？是的话，就是一条链（chain）。",
    "the task {key} is missing.": "缺了任务 {key}。",
    "{value} (for {key}) is not one of the answers: write 'batch' or 'chain'.":
        "{value}（{key} 的答案）不是可选的答案：请写 'batch' 或 'chain'。",
    "{count} of 6 are wrong; look again at {key}.": "6 个里错了 {count} 个；再看看 {key}。",

    # ---- 01.serial-total ----------------------------------------------------------------------
    "the (low, high) total": "（低值, 高值）总计",
    "{what}: value {n} is {value}, which is not right.": "{what}：第 {n} 个值是 {value}，不对。",
    "{what}: value {n} is {value}, which is not right. That looks like milliseconds: give the answer in seconds.":
        "{what}：第 {n} 个值是 {value}，不对。这看起来是毫秒：请用秒作答。",
    "Low end: 1.5 + 5 × 0.150 + 2 × 0.300 + 1.5 + 2.0. The high end uses 2.5 for the model.":
        "低值：1.5 + 5 × 0.150 + 2 × 0.300 + 1.5 + 2.0。高值把模型的时间换成 2.5。",

    # ---- 01.io-heavy --------------------------------------------------------------------------
    "your run also called {names}: run only the first batch (the five reads and two searches), so the task "
    "is all I/O.":
        "你的运行还调用了 {names}：只跑第一批（5 次读取和 2 次搜索），让任务全是 I/O。",
    "this run had no model (course.execute runs one batch alone): run it with course.Agent(...).run_sync(...), "
    "so the model turns count too.":
        "这次运行没有模型（course.execute 只单独跑一批调用）：请用 course.Agent(...).run_sync(...) 运行，"
        "把模型轮次也算进去。",
    "Make a ScriptedModel whose plan is just [investigate], latency=0.2, and run an Agent with mode='all'.":
        "建一个 ScriptedModel，plan 只有 [investigate]，latency=0.2，再用 mode='all' 运行一个 Agent。",

    # ---- 01.turn-cost -------------------------------------------------------------------------
    "give a number of seconds, got {kind}.": "请给出秒数，你给的是 {kind}。",
    "{value} s per turn is no model at all; the answer is a positive number of seconds.":
        "每轮 {value} s 等于根本没有模型；答案是一个正的秒数。",
    "at {value} s per turn the cut is {cut}, not 50 %. That looks like milliseconds: give seconds.":
        "每轮 {value} s 时，下降幅度是 {cut}，不是 50 %。这看起来是毫秒：请用秒作答。",
    "at {value} s per turn the cut is {cut}, not 50 %. Between two values you tried, the cut crosses 50 %: "
    "narrow it down, or solve the formula.":
        "每轮 {value} s 时，下降幅度是 {cut}，不是 50 %。在你试过的两个值之间，下降幅度会越过 50 %："
        "缩小范围，或者解公式。",
    "Serial: 10 turns × t plus the tool time of the serial run; batched: 4 turns × t plus the batched tool "
    "time. Set batched = serial / 2 and solve for t (or bisect with the exploration cell).":
        "串行：10 轮 × t，加上串行运行的工具时间；整批：4 轮 × t，加上整批运行的工具时间。"
        "令 整批 = 串行 / 2，解出 t（或者用上面摸索的单元格二分查找）。",
    "At that speed the model is most of the serial run, and batching removes six of its ten turns.":
        "在这个速度下，模型占了串行运行的大部分时间，而批处理省掉了 10 轮中的 6 轮。",

    # ---- 01.quiz ------------------------------------------------------------------------------
    "Which axis does OpenAI's `parallel_tool_calls=false` control?":
        "OpenAI 的 `parallel_tool_calls=false` 管的是哪条轴？",
    "whether the agent runs the calls of a batch concurrently": "Agent 是否并发执行一批里的调用",
    "how many tool calls the model may send in one turn": "模型一轮可以发几个工具调用",
    "both": "两条都管",
    "it limits the model to at most one call per turn; running them is up to you":
        "它限制模型每轮最多发一个调用；怎么执行由你决定",
    "the API never runs your tools; how a batch runs is your runtime's choice.":
        "API 从不执行你的工具；一批调用怎么执行，是你的运行时的选择。",
    "the flag only reaches the model; your runtime alone decides whether calls overlap.":
        "这个开关只作用于模型；调用是否重叠执行，完全由你的运行时决定。",
    "In pi-mono, what do the values 'one-at-a-time' and 'all' configure?":
        "在 pi-mono 里，'one-at-a-time' 和 'all' 这两个值配置的是什么？",
    "how many queued user messages are injected per turn (steering / follow-up)":
        "每轮注入几条排队的用户消息（steering / follow-up）",
    "how tool calls are executed (toolDeliveryMode)": "工具调用怎么执行（toolDeliveryMode）",
    "the concurrency cap": "并发上限",
    "tool execution is the separate toolExecution option": "工具执行由另一个选项 toolExecution 决定",
    "there is no toolDeliveryMode in pi-mono; tool calls follow toolExecution.":
        "pi-mono 里没有 toolDeliveryMode；工具调用听 toolExecution 的。",
    "pi-mono has no concurrency cap at all.": "pi-mono 根本没有并发上限。",
    "A change cuts latency by 50 %. What speed-up is that?": "一项改动让延迟下降 50 %。这是多少倍的加速？",
    "the new time is half the old one": "新的耗时是原来的一半",
    "1.5× is a 33 % reduction: speed-up = 1 / (1 − reduction).": "1.5× 是下降 33 %：加速 = 1 / (1 − 下降幅度)。",
    "a percentage of the time is not a multiple of the speed.": "时间的百分比不是速度的倍数。",
    "Where did most of the simulated bug fix's saving come from?": "模拟修 bug 时，省下的时间大部分来自哪里？",
    "overlapping the tool calls": "工具调用重叠执行",
    "fewer model turns": "模型轮次减少",
    "a faster build": "构建更快",
    "compare the two printed savings above": "比较上面打印出的两个节省值",
    "overlapping the tools saved less than dropping model turns; compare the printed savings.":
        "工具重叠省下的比减少模型轮次省下的少；比较打印出的两个节省值。",
    "the build takes 1.5 s in both runs: nothing can overlap it.": "两次运行里构建都要 1.5 s：没有什么能和它重叠。",

    # ---- third pass: named slips (01.serial-total, 01.io-heavy, 01.turn-cost) ------------------
    "those are the document's stated totals, which do not match its own rows; add up the rows.":
        "这是文档写的总计，它和文档自己的各行对不上；请把各行加起来。",
    "that is the parallel column; add up the serial one.": "这是并行那一列；请加串行那一列。",
    "you counted one read and one search, as the parallel column does; the serial column runs five reads "
    "(5 × 0.150 s) and two searches (2 × 0.300 s) one after another.":
        "你像并行那一列一样只算了一次读取和一次搜索；串行那一列是 5 次读取（5 × 0.150 s）和 2 次搜索"
        "（2 × 0.300 s）一个接一个地跑。",
    "you left out the build (1.5 s) and the test run (2.0 s).": "你漏了构建（1.5 s）和测试（2.0 s）。",
    "that is the tool time alone; add the model's 1.5 s (low) and 2.5 s (high).":
        "这只是工具时间；还要加上模型的 1.5 s（低值）和 2.5 s（高值）。",
    "your run made {count} tool calls; the investigation is seven (five reads, two searches).":
        "你的运行做了 {count} 个工具调用；调查阶段是 7 个（5 次读取、2 次搜索）。",
    "this run delivered one call per turn ({turns} model turns): deliver the whole batch in one turn "
    "(mode='all'), so it takes two turns.":
        "这次运行每轮只交付了一个调用（{turns} 个模型轮次）：请在一轮里交付整批（mode='all'），这样只要两轮。",
    "this run took {turns} model turns: the investigation went out in more than one batch. Put all seven calls "
    "in the plan's first batch, so it takes two turns.":
        "这次运行用了 {turns} 个模型轮次：调查阶段分成了不止一批。把 7 个调用都放进 plan 的第一批，这样只要两轮。",
    "at most {got} call(s) ran at once ({seconds} s of tool time): run the batch together (mode='all', no cap), "
    "so all seven overlap.":
        "最多只有 {got} 个调用同时运行（工具时间 {seconds} s）：让这批一起跑（mode='all'，不设上限），让 7 个全部重叠。",
    "the tools took {seconds} s; run together they take {want} s, the slowest call.":
        "工具用了 {seconds} s；一起跑只要 {want} s，也就是最慢的那个调用。",
    "Make a ScriptedModel whose plan is just [investigate] (any latency; 0.2 s like the bug fix), and run an "
    "Agent with mode='all'.":
        "建一个 ScriptedModel，plan 只有 [investigate]（latency 随意；和修 bug 一样用 0.2 s 也行），"
        "再用 mode='all' 运行一个 Agent。",
    "at {value} s per turn the cut is {cut}, not 50 %: {slip}": "每轮 {value} s 时，下降幅度是 {cut}，不是 50 %：{slip}",
    "at {value} s per turn the cut is {cut}, not 50 %. The cut grows with the turn's cost: try a slower model, "
    "or solve the formula.":
        "每轮 {value} s 时，下降幅度是 {cut}，不是 50 %。每轮越贵，下降越多：试一个更慢的模型，或者解公式。",
    "at {value} s per turn the cut is {cut}, not 50 %. The cut grows with the turn's cost: try a faster model, "
    "or solve the formula.":
        "每轮 {value} s 时，下降幅度是 {cut}，不是 50 %。每轮越贵，下降越多：试一个更快的模型，或者解公式。",
    "you counted one model turn too few in each run: n calls one per turn need n + 1 turns (10 here), a batched "
    "run one per batch plus one (4 here).":
        "你在两次运行里都少算了一个模型轮次：逐个交付 n 个调用要 n + 1 轮（这里是 10 轮），整批运行是每批一轮"
        "再加一轮（这里是 4 轮）。",
    "you gave both runs the serial run's tool time; the batched run overlaps the seven investigation calls, so "
    "its tools take 3.8 s.":
        "你给两次运行都用了串行那次的工具时间；整批运行让 7 个调查调用重叠执行，所以它的工具只要 3.8 s。",
}

# The toolkit's messages (checkers.py, not a lesson) ride along with lesson 1's.
MESSAGES.update({k: v for k, v in _TOOLKIT.items() if k not in MESSAGES})
