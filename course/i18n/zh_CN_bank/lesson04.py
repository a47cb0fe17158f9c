"""简体中文: lesson 4's exercises (course/exercises/bank/lesson04.py) — verdicts, hints, solutions, quiz.

Same format as course/i18n/zh_CN.py: keys are the English exactly as the bank shows it, `{name}` a
placeholder. Terms follow docs/zh-CN/glossary.md.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- 04.depends-on ----------------------------------------------------------------------
    "your batch has {n} call(s); the job has four: two reads, combine, publish.":
        "你的这批调用有 {n} 个；这项任务有四个：两次读取、combine、publish。",
    "none of your calls declares depends_on: give combine depends_on=(<both read ids>) "
    "and publish depends_on=(<combine's id>,).":
        "你的调用都没有声明 depends_on：给 combine 加上 depends_on=(<两个读取的 id>)，"
        "给 publish 加上 depends_on=(<combine 的 id>,)。",
    "{n} of your calls depend on nothing; only the two reads should.":
        "你有 {n} 个调用不依赖任何调用；应当只有两次读取是这样。",
    "one call (combine) should depend on both reads, {first} and {second}.":
        "应当有一个调用（combine）同时依赖两次读取：{first} 和 {second}。",
    "{publish} (publish) should depend on {combine} (combine).":
        "{publish}（publish）应当依赖 {combine}（combine）。",
    "your dependencies are right, but the {mode} run started combine or publish before its inputs finished: "
    "only mode='hybrid' honours depends_on inside one batch.":
        "依赖关系写对了，但这次 {mode} 运行在输入完成之前就启动了 combine 或 publish："
        "只有 mode='hybrid' 会在同一批调用里遵守 depends_on。",
    "ToolCall(id='combine', ..., depends_on=('read_a', 'read_b')) and "
    "ToolCall(id='publish', ..., depends_on=('combine',)); then course.execute(batch, tools=step_tools, mode='hybrid').":
        "ToolCall(id='combine', ..., depends_on=('read_a', 'read_b')) 和 "
        "ToolCall(id='publish', ..., depends_on=('combine',))；然后 course.execute(batch, tools=step_tools, mode='hybrid')。",

    # ---- 04.levels --------------------------------------------------------------------------
    "levels({deps}) returned {got}; expected {want} (any order inside a wave).":
        "levels({deps}) 返回了 {got}；应当是 {want}（同一波里顺序不限）。",
    "return a list of waves (lists of ids). {shown}": "请返回由波组成的列表（每一波是一个 id 列表）。{shown}",
    "{shown} Calls that depend on others belong in later waves.": "{shown}依赖别的调用的调用，应当放在后面的波里。",
    "{shown} Every id appears in exactly one wave.": "{shown}每个 id 恰好出现在一波里。",
    "{shown} A call's wave is 1 + the latest wave among its dependencies.":
        "{shown}一个调用所在的波 = 它的依赖中最晚的那一波 + 1。",
    "level(id) = 0 with no dependencies, else 1 + the largest level of its dependencies. "
    "Then collect ids by level, in the dict's order.":
        "没有依赖时 level(id) = 0，否则是 1 + 它的依赖中最大的 level。然后按 level 收集 id，保持字典里的顺序。",

    # ---- 04.critical-path -------------------------------------------------------------------
    "the critical path": "关键路径",
    "Each chain's length is the sum of its two steps; the critical path is the longer chain.":
        "每条链的长度是它两个步骤耗时之和；关键路径是较长的那条链。",

    # ---- 04.explore-unordered ---------------------------------------------------------------
    "answer with a whole number of model turns, got {kind}.": "请用模型轮次的整数作答，你给的是 {kind}。",
    "2 is what hybrid needs; the unordered strategy re-issues each link of the chain in a turn of its own.":
        "2 是混合模式需要的轮次；不排顺序的做法要为链上的每一环单独花一轮重新发起。",
    "{answer} would be one turn per call; the ten reads all succeed in the first turn, together. "
    "Only the chain after them is re-issued.":
        "{answer} 相当于每个调用一轮；十次读取在第一轮就一起成功了。只有它们后面的那条链要重新发起。",
    "{answer} turns is not what the run takes; count the first turn, one turn per link of "
    "merge → process → save, and the final answer.":
        "这次运行用的不是 {answer} 轮；数一数：第一轮，merge → process → save 每一环一轮，再加最后回答的一轮。",
    "The reads never fail, however many there are. Which calls fail in the first turn, and how many "
    "turns does each of them wait for its input?":
        "不管有多少次读取，读取都不会失败。第一轮里哪些调用会失败？它们各自要等几个轮次才等到输入？",
    "turns_for_10_files = 1 + 3 + 1  # the whole batch, merge, process, save, the final answer":
        "turns_for_10_files = 1 + 3 + 1  # 整批一轮，merge、process、save 各一轮，最后回答一轮",

    # ---- 04.quiz ----------------------------------------------------------------------------
    "How many model calls does all mode make for one batch?": "对一批调用，all 模式要调用几次模型？",
    "one": "一次",
    "two: one to plan the batch, one to read the results": "两次：一次规划这批调用，一次读取结果",
    "one per tool": "每个工具一次",
    "the document's table says one, but the model must also read the results": "文档的表里写的是一次，但模型还得读取结果",
    "the model turn that reads the results and answers is a second call.": "读取结果并作答的那个模型轮次，是第二次调用。",
    "that is one-at-a-time; all mode delivers the whole batch in one turn.":
        "那是 one-at-a-time；all 模式在一个轮次里交付整批调用。",
    "Which branch of the document's decision tree cannot be decided by the runtime?":
        "文档决策树的哪个分支，运行时判断不了？",
    "'has dependencies'": "“有依赖关系”",
    "'needs intermediate results to adjust'": "“需要根据中间结果调整”",
    "neither": "都判断得了",
    "a model that needs a result first asks for the next call in a later turn": "需要先看结果的模型，会在之后的轮次里再要下一个调用",
    "declared dependencies (depends_on) are data the runtime can read and schedule.":
        "声明了的依赖（depends_on）是运行时读得到、能据此调度的数据。",
    "the runtime cannot know what a result will make the model want next.": "运行时无法知道一个结果会让模型接下来想要什么。",
    "Why can group-by-group waves be slower than dataflow?": "为什么按组分波会比数据流慢？",
    "each wave waits for its slowest call": "每一波都要等它最慢的那个调用",
    "waves use more threads": "分波用的线程更多",
    "they are not slower": "分波并不更慢",
    "dataflow starts a call as soon as its own inputs are ready": "数据流在一个调用自己的输入一就绪时就启动它",
    "both schedulers run the same calls on one event loop; threads are not the difference.":
        "两种调度器都在同一个事件循环上跑同样的调用；区别不在线程。",
    "the two-chains example above measured waves slower than dataflow.": "上面两条链的例子实测过：分波比数据流慢。",

    # ---- third pass ----------------------------------------------------------------------------
    "the two reads ran one after the other ({seconds} s of tool time): nothing makes them wait for each other, "
    "so hybrid should run them together.":
        "两次读取是一个接一个跑的（工具时间 {seconds} s）：没有什么让它们互相等待，混合模式应当让它们一起跑。",
    "the tools took {seconds} s; reads together, then combine, then publish take 3 s.":
        "工具用了 {seconds} s；两次读取一起跑，然后 combine，然后 publish，一共 3 s。",
    "ToolCall(id='combine', ..., depends_on=('read_a', 'read_b')) and ToolCall(id='publish', ..., "
    "depends_on=('combine',)); then course.execute(batch, tools=step_tools, mode='hybrid') (or a course.Agent "
    "in hybrid mode).":
        "ToolCall(id='combine', ..., depends_on=('read_a', 'read_b')) 和 ToolCall(id='publish', ..., "
        "depends_on=('combine',))；然后 course.execute(batch, tools=step_tools, mode='hybrid')（或者用混合模式的 "
        "course.Agent）。",
    "that is the total work of all four calls; the critical path is the longest chain of dependent calls.":
        "这是全部四个调用的总工作量；关键路径是互相依赖的调用组成的最长的那条链。",
    "that is the chain read_a → parse_a, or the path before the change; parse_b now takes 4 s.":
        "这是 read_a → parse_a 这条链，或者改动之前的关键路径；现在 parse_b 要 4 s。",
    "6 s is what waves took before the change; the critical path is the longest chain of dependent calls after it.":
        "6 s 是改动之前分波（waves）的耗时；关键路径是改动之后、互相依赖的调用组成的最长的那条链。",
    "{got} is not a whole number of model turns, got {kind}.": "{got} 不是整数个模型轮次，你给的是 {kind}。",
    "answer with a whole number of model turns, got {got}.": "请用整数个模型轮次作答，你给的是 {got}。",
    "4 is one short: count the first turn (the whole batch), one turn per link of merge → process → save, and "
    "the final answer.":
        "4 少了一轮：要算第一轮（整批），merge → process → save 每一环一轮，再加最终回答。",
    "6 is one too many: after the first turn, merge, process and save are re-issued one per turn (three turns), "
    "and one more turn answers.":
        "6 多了一轮：第一轮之后，merge、process、save 每轮重发一个（三轮），再用一轮作答。",
    "7 is one-at-a-time's count for three files; the unordered strategy runs the reads together in the first turn.":
        "7 是 one-at-a-time 处理三个文件的轮次数；无序策略在第一轮就把读取一起跑了。",
}
