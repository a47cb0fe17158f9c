"""简体中文: lesson 5's exercises (course/exercises/bank/lesson05.py) — verdicts, hints, solutions, quiz.

Same format as course/i18n/zh_CN.py: keys are the English exactly as the bank shows it, `{name}` a
placeholder. Terms follow docs/zh-CN/glossary.md.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- 05.mark-unsafe ---------------------------------------------------------------------
    "append_log should be a Tool: a plain function carries no flag the scheduler can read. "
    "Decorate it with @course.tool(latency=..., parallel_safe=False).":
        "append_log 应当是一个 Tool：普通函数身上没有调度器读得到的标记。"
        "用 @course.tool(latency=..., parallel_safe=False) 装饰它。",
    "called with {arguments}, your append_log failed: {error}": "用 {arguments} 调用时，你的 append_log 失败了：{error}",
    "in hybrid mode your append_log still overlapped another call: a tool that must never run alongside "
    "another is marked parallel_safe=False.":
        "在混合模式下，你的 append_log 仍然和别的调用重叠了：永远不能和别的调用一起运行的工具，"
        "要标记为 parallel_safe=False。",
    "in hybrid mode your append_log still overlapped another call: it declares resources={resources}, which "
    "only orders it against calls that touch the same resource; a tool that must never run alongside "
    "another is marked parallel_safe=False.":
        "在混合模式下，你的 append_log 仍然和别的调用重叠了：它声明了 resources={resources}，"
        "这只会让它和碰同一个资源的调用排先后；永远不能和别的调用一起运行的工具，要标记为 parallel_safe=False。",
    "@course.tool(latency=..., parallel_safe=False) above an `async def append_log(line: str) -> str`.":
        "在 `async def append_log(line: str) -> str` 上面加 @course.tool(latency=..., parallel_safe=False)。",

    # ---- 05.cap -----------------------------------------------------------------------------
    "with limit={limit} your function returned {got}; expected the six results in the order of paths.":
        "limit={limit} 时你的函数返回了 {got}；应当按 paths 的顺序返回六个结果。",
    "with limit={limit}, {count} reads ran at once; the limit is {x}.":
        "limit={limit} 时，同时运行了 {count} 次读取；上限是 {x}。",
    "with limit={limit}, at most {count} read(s) ran at once, so six 1 s reads took {elapsed} virtual seconds; "
    "let up to {x} overlap.":
        "limit={limit} 时，最多只有 {count} 次读取同时运行，所以六次 1 秒的读取用了 {elapsed} 虚拟秒；"
        "让最多 {x} 次重叠。",
    "with limit={limit}, six 1 s reads took {elapsed} virtual seconds; with a free slot refilled at once "
    "they take {seconds}.":
        "limit={limit} 时，六次 1 秒的读取用了 {elapsed} 虚拟秒；空出的名额立刻补上的话，只要 {seconds} 秒。",
    "An asyncio.Semaphore(limit): each read does `async with sem:` before awaiting; gather them all.":
        "用一个 asyncio.Semaphore(limit)：每次读取在 await 之前先 `async with sem:`；再把它们全部 gather 起来。",

    # ---- 05.runner-knobs --------------------------------------------------------------------
    "answer with a dict of the runner's options, e.g. {'stream': ...}; got {kind}.":
        "请用 runner 选项组成的字典作答，例如 {'stream': ...}；你给的是 {kind}。",
    "{option} is not an option of the runner's run(); it takes {options}.":
        "{option} 不是 runner 的 run() 的选项；它接受的是 {options}。",
    "the runner refused these options: {error}": "runner 拒绝了这些选项：{error}",
    "the runner ran the six reads one after another ({time} s): by default it runs a reply's calls in order; "
    "calls overlap only when they are executed eagerly.":
        "runner 把六次读取一个接一个地跑了（{time} 秒）：默认情况下它按顺序执行一个回复里的调用；"
        "只有 eager 执行时，调用才会重叠。",
    "at most {count} reads ran at once ({time} s), the limit set by max_concurrent_calls (its default is 2); "
    "all six may run together.":
        "最多只有 {count} 次读取同时运行（{time} 秒），这是 max_concurrent_calls 设的上限（默认是 2）；"
        "六次读取可以全部一起跑。",
    "the run took {time} s; the course's all mode takes 2 s.": "这次运行用了 {time} 秒；课程的 all 模式只要 2 秒。",
    "Three options of AsyncResponsesToolRunner.run(): eager execution (which needs streaming) and a cap "
    "on concurrent calls whose default is 2.":
        "AsyncResponsesToolRunner.run() 的三个选项：eager 执行（它需要流式输出），以及并发调用的上限（默认是 2）。",

    # ---- 05.explore-cap ---------------------------------------------------------------------
    "answer with a number of seconds, got {kind}.": "请用秒数作答，你给的是 {kind}。",
    "2.5 s would mean the runner starts a read whenever one finishes; it does not: it fills "
    "a group of max_concurrent_calls calls and waits for the whole group before the next.":
        "2.5 秒意味着每完成一次读取，runner 就启动下一次；它不是这样做的：它凑满一组 max_concurrent_calls 个调用，"
        "等整组跑完才开始下一组。",
    "6 reads with at most 4 at a time cannot finish in one round of reads; count the groups.":
        "6 次读取、每次最多 4 个，一轮读不完；数一数有几组。",
    "{answer} s is not what the runner takes; count the model turns (0.5 s each) and the groups of reads (1 s each).":
        "runner 用的不是 {answer} 秒；数一数模型轮次（每个 0.5 秒）和读取的组数（每组 1 秒）。",
    "Two model turns of 0.5 s, and the six 1 s reads in groups of at most max_concurrent_calls; each "
    "group waits for its slowest read before the next starts.":
        "两个 0.5 秒的模型轮次，加上六次 1 秒的读取，每组最多 max_concurrent_calls 个；"
        "每组要等最慢的那次读取结束，下一组才开始。",
    "makespan_cap_4 = 0.5 + 2 * 1.0 + 0.5  # groups of 4 and 2": "makespan_cap_4 = 0.5 + 2 * 1.0 + 0.5  # 一组 4 个，一组 2 个",

    # ---- 05.quiz (the second document's 7.4 学习检查) -----------------------------------------
    "The difference between one-at-a-time and all:": "one-at-a-time 和 all 模式的区别：",
    "one call per model turn vs the whole batch per turn, run together": "每个模型轮次一个调用，对比每轮交付整批调用、一起执行",
    "slow tools vs fast tools": "慢工具对比快工具",
    "one tool vs several tools": "一个工具对比多个工具",
    "delivery (calls per turn) and, in all mode, execution (overlapping) both change":
        "交付方式（每轮几个调用）变了；在 all 模式下，执行方式（是否重叠）也变了",
    "either mode can run slow or fast tools; the difference is per-turn delivery.": "两种模式都能跑慢工具或快工具；区别在每轮怎么交付。",
    "both modes handle batches of several tools; they differ in how they hand them over.":
        "两种模式都处理多个工具组成的一批调用；区别在于怎么把它们交给模型。",
    "When to use one-at-a-time:": "什么时候用 one-at-a-time：",
    "whenever tools are slow": "只要工具慢就用",
    "when the model must see a result to choose the next call": "模型必须先看到一个结果，才能选下一个调用时",
    "never": "永远不用",
    "a call that depends on what a result says cannot be planned earlier": "取决于某个结果内容的调用，没法提前规划",
    "slow independent tools gain most from overlapping: that argues for a batch.": "互相独立的慢工具从重叠中获益最多：这恰恰该整批交付。",
    "dynamic decisions need it: the YAML-or-JSON parser in lesson 2 could not be planned ahead.":
        "动态决策需要它：第 2 课里先判断是 YAML 还是 JSON 再解析的例子，就没法提前规划。",
    "The performance trade-off:": "性能上的权衡：",
    "all saves model turns and overlaps tools, but needs independent or marked tools":
        "all 模式省下模型轮次、让工具重叠执行，但需要工具互相独立或做了标记",
    "all is always correct and faster": "all 模式总是正确，而且更快",
    "one-at-a-time is faster for many calls": "调用多时 one-at-a-time 更快",
    "speed comes from fewer turns and overlap; correctness needs independence or declared conflicts":
        "速度来自更少的轮次和重叠执行；正确性要靠调用互相独立，或者声明了冲突",
    "all mode lost an update in lesson 3: it is only correct for independent tools.":
        "all 模式在第 3 课里丢过一次更新：它只对互相独立的工具才正确。",
    "n calls one at a time cost n + 1 model turns plus every tool's full time.":
        "n 个调用逐个执行，要花 n + 1 个模型轮次，再加上每个工具的全部耗时。",
    "Designing a hybrid:": "设计混合模式：",
    "run every call at once and retry failures": "所有调用同时跑，失败了就重试",
    "schedule by declared dependencies and resources, starting each call when its inputs are ready":
        "按声明的依赖和资源调度，每个调用的输入一就绪就启动它",
    "alternate modes every turn": "每一轮换一种模式",
    "that is the dataflow scheduler of lesson 4": "这就是第 4 课的数据流调度器",
    "retrying does not undo a lost update or a call run before its input was ready.":
        "重试撤销不了丢失的更新，也撤销不了在输入就绪前就跑了的调用。",
    "the right mode depends on the batch's dependencies, not on the turn number.": "该用哪种模式取决于这批调用的依赖关系，而不是第几轮。",
    "Configuring and switching modes in pi-mono:": "在 pi-mono 里配置和切换模式：",
    "set toolDeliveryMode": "设置 toolDeliveryMode",
    "set toolExecution ('sequential' | 'parallel')": "设置 toolExecution（'sequential' | 'parallel'）",
    "set steeringMode to 'all'": "把 steeringMode 设为 'all'",
    "toolExecution is pi-mono's real option for tool calls": "toolExecution 才是 pi-mono 里真正管工具调用的选项",
    "there is no toolDeliveryMode in pi-mono; the document's name is wrong.": "pi-mono 里没有 toolDeliveryMode；文档里的这个名字是错的。",
    "steeringMode decides how many queued user messages are injected, not tool calls.":
        "steeringMode 决定的是一次注入几条排队的用户消息，不是工具调用。",
}
