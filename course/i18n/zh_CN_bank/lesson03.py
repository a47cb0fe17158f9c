"""简体中文: lesson 3's exercises (course/exercises/bank/lesson03.py): checker messages, hints, quiz.

Same format as course/i18n/zh_CN.py: English message or `{name}` template → translation.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- 03.gather, 03.keep-siblings (their verdicts come from the generic checks) -------------
    "`await asyncio.gather(*(read(p) for p in paths))` starts every read before waiting for any.":
        "`await asyncio.gather(*(read(p) for p in paths))` 先启动所有读取，再一起等待。",
    "gather(..., return_exceptions=True) puts the exception object in the list; turn it into f'error: {exc}'.":
        "gather(..., return_exceptions=True) 会把异常对象放进列表；把它变成 f'error: {exc}'。",

    # ---- 03.no-lost-update --------------------------------------------------------------------
    "pass the tool itself (safe_append), not the text: the checker runs your declaration on two appends of "
    "its own, so a typed-in string cannot pass.":
        "请传入工具本身（safe_append），而不是文本：检查器会用你的声明跑它自己的两次追加，手写的字符串过不了。",
    "pass the tool safe_append (made with course.tool), got {kind}.":
        "请传入工具 safe_append（用 course.tool 做的），你传的是 {kind}。",
    "the appends failed: {error}": "追加失败了：{error}",
    "declares no resources": "没有声明任何资源",
    "declares {resources}": "声明的是 {resources}",
    "parallel_safe=False saves the update by running the tool alone, always; declare the write instead "
    "(resources={'write': '{path}'}), so appends to different files can still overlap.":
        "parallel_safe=False 靠让这个工具永远单独执行来保住更新；请改为声明写入（resources={'write': '{path}'}），"
        "这样往不同文件的追加仍然可以重叠执行。",
    "appends to two different files no longer overlap: your declaration names one resource for every path. "
    "Put the path in it: resources={'write': '{path}'}.":
        "往两个不同文件的追加不再重叠了：你的声明对每条路径都写成同一个资源。把路径放进去：resources={'write': '{path}'}。",
    "course.tool(..., resources={'write': '{path}'}) tells hybrid mode that two calls on the same path "
    "conflict, so it runs them one after the other.":
        "course.tool(..., resources={'write': '{path}'}) 告诉混合模式：同一路径上的两个调用有冲突，于是它让它们一个接一个执行。",

    # ---- 03.slow-tools ------------------------------------------------------------------------
    "give a number of seconds, got {kind}.": "请给出秒数，你给的是 {kind}。",
    "a tool takes a positive number of seconds.": "工具的耗时是一个正的秒数。",
    "with {value} s tools the counted speed-up is {share} of the document's 5×, not 90 %.":
        "工具 {value} s 时，实计的加速是文档 5× 的 {share}，不是 90 %。",
    "Counted speed-up with n = 5 and 0.5 s turns: (6 × 0.5 + 5 t) / (2 × 0.5 + t). Set it to 0.9 × 5 and "
    "solve for t, or try values in the exploration cell.":
        "n = 5、每轮 0.5 s 时，实计的加速是 (6 × 0.5 + 5 t) / (2 × 0.5 + t)。令它等于 0.9 × 5，解出 t；"
        "或者在上面摸索的单元格里试几个值。",
    "The slower the tools, the less the extra planning turn matters.": "工具越慢，多出来的那一轮规划就越无足轻重。",

    # ---- 03.quiz ------------------------------------------------------------------------------
    "The document's 4.5 s vs 1.5 s leaves out…": "文档的 4.5 s 对 1.5 s 漏掉了……",
    "the tool time": "工具时间",
    "the first model turn, which plans the calls": "第一个模型轮次，也就是规划这些调用的那一轮",
    "count it in both modes and the ratio drops to the runtime's figure above":
        "两种模式都算上它，比值就降到上面运行时给出的数字",
    "the 3 s and the 1 s in its sums are the tool time.": "它算式里的 3 s 和 1 s 就是工具时间。",
    "the model turn that plans the three calls happens in both modes, and the count skips it.":
        "规划这三个调用的那个模型轮次在两种模式里都有，而它的算法跳过了这一轮。",
    "Three calls finish in the order 2, 3, 1. In what order are the results returned?":
        "三个调用按 2、3、1 的顺序完成。结果按什么顺序返回？",
    "any order": "任意顺序",
    "source order, one per call id": "按请求的顺序，每个调用 id 一个",
    "finishing order is what as_completed gives; the runtime returns results in the calls' order.":
        "按完成的顺序是 as_completed 给的；运行时按调用的顺序返回结果。",
    "the order is fixed: source order, like asyncio.gather's list.": "顺序是固定的：按请求的顺序，和 asyncio.gather 返回的列表一样。",
    "What does `asyncio.TaskGroup` do when one task raises?": "一个任务抛出异常时，`asyncio.TaskGroup` 会怎么做？",
    "keeps the other results": "保住其他结果",
    "cancels the other tasks": "取消其他任务",
    "retries the task": "重试这个任务",
    "that is why a runtime turns errors into results first": "所以运行时要先把错误变成结果",
    "that is gather(..., return_exceptions=True); the lesson's TaskGroup cell printed 'cancelled'.":
        "那是 gather(..., return_exceptions=True)；本课 TaskGroup 那个单元格打印的是“已取消”。",
    "nothing in asyncio retries a task for you.": "asyncio 里没有任何东西会替你重试任务。",
    "Two concurrent read-modify-write calls on one file. What protects it?":
        "两个调用同时对一个文件做“读取–修改–写回”。什么能保护它？",
    "declaring the write so a scheduler orders the two": "声明写入，让调度器给两者排好顺序",
    "a faster disk": "更快的磁盘",
    "readers share; writers need the resource alone": "读可以共享；写必须独占资源",
    "a faster disk shortens the window but both calls still read the old text.":
        "更快的磁盘能缩短时间窗口，但两个调用读到的仍然是旧文本。",
    "gather is what ran them together and lost the update.": "正是 gather 让它们一起执行，丢了更新。",

    # ---- third pass ----------------------------------------------------------------------------
    "your tool {declared}, so hybrid mode would start two appends to one file at once: the checker ran the "
    "lesson's append_line with your declaration and the file ended as {content}. Declare that it writes the "
    "file it is given: resources={'write': '{path}'}.":
        "你的工具{declared}，所以混合模式会让两次对同一文件的追加同时开始：检查器用你的声明跑了课上的 append_line，"
        "文件最后是 {content}。请声明它会写传给它的那个文件：resources={'write': '{path}'}。",
    "your tool {declared}, so hybrid mode would start two appends to one file at once: the checker ran the "
    "lesson's append_line with your declaration and the file ended as {content}. A lock inside the tool's body "
    "also keeps the two apart, but the scheduler cannot see it, and the checker judges the declaration, not the "
    "body. Declare that it writes the file it is given: resources={'write': '{path}'}.":
        "你的工具{declared}，所以混合模式会让两次对同一文件的追加同时开始：检查器用你的声明跑了课上的 append_line，"
        "文件最后是 {content}。工具函数里的锁也能把两次追加隔开，但调度器看不到它，而检查器只看声明，不看函数体。"
        "请声明它会写传给它的那个文件：resources={'write': '{path}'}。",
    "with {value} s tools the counted speed-up is {share} of the document's 5×, not 90 %: {slip}":
        "工具 {value} s 时，实计的加速是文档 5× 的 {share}，不是 90 %：{slip}",
    "with {value} s tools the counted speed-up is {share} of the document's 5×, not 90 %. Slower tools bring "
    "it closer: try slower tools, or solve the formula.":
        "工具 {value} s 时，实计的加速是文档 5× 的 {share}，不是 90 %。工具越慢越接近：试试更慢的工具，或者解公式。",
    "with {value} s tools the counted speed-up is {share} of the document's 5×, not 90 %. Slower tools bring "
    "it closer: try faster tools, or solve the formula.":
        "工具 {value} s 时，实计的加速是文档 5× 的 {share}，不是 90 %。工具越慢越接近：试试更快的工具，或者解公式。",
    "you counted five model turns one call per turn, as the document does; count every turn: n calls need "
    "n + 1 (six here).":
        "你像文档那样，逐个交付时只算了 5 个模型轮次；每一轮都要算：n 个调用需要 n + 1 轮（这里是 6 轮）。",
    "that is for three calls, the document's example; this question has five calls per batch.":
        "这是 3 个调用的情形，即文档的例子；这道题每批是 5 个调用。",
}
