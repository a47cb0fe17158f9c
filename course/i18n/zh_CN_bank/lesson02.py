"""简体中文: lesson 2's exercises (course/exercises/bank/lesson02.py): checker messages, hints, quiz.

Same format as course/i18n/zh_CN.py: English message or `{name}` template → translation.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- 02.cost-formula ----------------------------------------------------------------------
    "one_at_a_time_seconds({args}) returned {got}; expected {want} s.":
        "one_at_a_time_seconds({args}) 返回了 {got}；应当是 {want} s。",
    "one_at_a_time_seconds({args}) returned {got}; expected {want} s. You counted one tool call too many: "
    "there are n calls, and n + 1 turns.":
        "one_at_a_time_seconds({args}) 返回了 {got}；应当是 {want} s。你多算了一个工具调用："
        "调用是 n 个，轮次是 n + 1 个。",
    "one_at_a_time_seconds({args}) returned {got}; expected {want} s. That looks like milliseconds: the "
    "arguments and the answer are in seconds.":
        "one_at_a_time_seconds({args}) 返回了 {got}；应当是 {want} s。这看起来是毫秒：参数和答案都以秒为单位。",
    "n tool calls need n + 1 model turns: one before each call, and one to write the final answer.":
        "n 个工具调用需要 n + 1 个模型轮次：每个调用之前一轮，再加写出最终回答的一轮。",

    # ---- 02.answer-every-call -----------------------------------------------------------------
    "you returned one message (a dict); return a list with one tool message per call.":
        "你返回的是一条消息（一个字典）；请返回一个列表，每个调用一条 tool 消息。",
    "return a list of tool messages, got {kind}.": "请返回由 tool 消息组成的列表，你返回的是 {kind}。",
    "every item of your list should be a dict like {'role': 'tool', 'tool_call_id': ..., 'content': ...}.":
        "列表里的每一项都应当是这样的字典：{'role': 'tool', 'tool_call_id': ..., 'content': ...}。",
    "the assistant message asked for {count} call(s) and you returned {n} message(s): every tool_call_id needs "
    "exactly one tool message.":
        "assistant 消息要了 {count} 个调用，你返回了 {n} 条消息：每个 tool_call_id 都需要正好一条 tool 消息。",
    "each message needs role 'tool'; yours had {roles}.": "每条消息的 role 都应当是 'tool'；你的是 {roles}。",
    "the tool_call_id values should be {ids}; yours were {answered}.":
        "tool_call_id 应当是 {ids}；你的是 {answered}。",
    "the tool_call_id values should be {ids}; yours were {answered} ({missing} is never answered).":
        "tool_call_id 应当是 {ids}；你的是 {answered}（{missing} 一直没有回答）。",
    "the content for {id} is {got}; it should be what run_tool(name, arguments) returned for that call, with "
    "the arguments exactly as the call gave them ({want}).":
        "{id} 的 content 是 {got}；它应当是 run_tool(name, arguments) 对这个调用返回的结果，"
        "参数要原样使用调用给出的那个（{want}）。",
    "a tool message has role, tool_call_id, content (and optionally name); yours also has {extra}.":
        "tool 消息只有 role、tool_call_id、content（以及可选的 name）；你的还多了 {extra}。",
    "the optional 'name' key should be the function's name, {want}; yours is {got}.":
        "可选的 'name' 键应当是函数名 {want}；你的是 {got}。",
    "Loop over assistant_message['tool_calls']; each has an 'id' and a 'function' with 'name' and 'arguments'.":
        "遍历 assistant_message['tool_calls']；每一项都有一个 'id'，和一个带 'name' 与 'arguments' 的 'function'。",

    # ---- 02.decide ----------------------------------------------------------------------------
    "return a batch: a list holding the one ToolCall, e.g. [ToolCall(...)].":
        "请返回一批调用：一个装着这一个 ToolCall 的列表，例如 [ToolCall(...)]。",
    "return a list of ToolCall, got {kind}.": "请返回由 ToolCall 组成的列表，你返回的是 {kind}。",
    "return a list holding exactly one ToolCall; got {got}.": "请返回正好装着一个 ToolCall 的列表；你返回的是 {got}。",
    "the call should be ToolCall(id='parse', name='parse', ...); yours has id={id}, name={name}.":
        "调用应当是 ToolCall(id='parse', name='parse', ...)；你的是 id={id}，name={name}。",
    "pass the file's text unchanged as the 'text' argument (results['read']).":
        "把文件的文本原样作为 'text' 参数传入（results['read']）。",
    "for the file {file} you chose format={got}; it should be {want}. The word 'yaml' alone is not the "
    "marker: look for 'format: yaml'.":
        "对文件 {file}，你选了 format={got}；应当是 {want}。光有 'yaml' 这个词不算标记：要找的是 'format: yaml'。",
    "for the file {file} you chose format={got}; it should be {want}. The marker 'format: yaml' may be on any "
    "line, not only the first.":
        "对文件 {file}，你选了 format={got}；应当是 {want}。标记 'format: yaml' 可能在任何一行，不一定在第一行。",
    "`'format: yaml' in results['read']` tells you which parser to pick.":
        "`'format: yaml' in results['read']` 告诉你该选哪个解析器。",

    # ---- 02.message-count ---------------------------------------------------------------------
    "give a pair (one_at_a_time, all), got {got}.": "请给出一个二元组 (one_at_a_time, all)，你给的是 {got}。",
    "your pair still has `...` in it: fill in both counts.": "你的二元组里还有 `...`：两个数都要填。",
    "you swapped them: one-at-a-time has the longer conversation.": "你把两个数弄反了：one-at-a-time 的对话更长。",
    "one-at-a-time: {got} is not it. Count the user's message, then for each call an assistant message and a "
    "tool message, then the final answer.":
        "one-at-a-time：不是 {got}。数一数：用户的消息，每个调用一条 assistant 消息和一条 tool 消息，再加最终回答。",
    "all: {got} is not it. Count the user's message, one assistant message holding all ten calls, ten tool "
    "messages, and the final answer.":
        "all：不是 {got}。数一数：用户的消息，一条装着全部 10 个调用的 assistant 消息，10 条 tool 消息，再加最终回答。",
    "Run n = 1, 2, 3 and look at how the counts grow: one-at-a-time adds two messages per call, all adds one.":
        "跑一跑 n = 1、2、3，看消息数怎么增长：one-at-a-time 每个调用多两条消息，all 多一条。",
    "One call per turn: 2n + 2 messages; one batch: n + 3. And each turn re-reads all of them.":
        "每轮一个调用：2n + 2 条消息；整批交付：n + 3 条。而且每一轮都要把它们全部重读一遍。",

    # ---- 02.quiz ------------------------------------------------------------------------------
    "When is one-at-a-time necessary, not just safe?": "什么时候 one-at-a-time 不只是更安全，而是必需的？",
    "when the calls are slow": "调用很慢的时候",
    "when the next call depends on what a result says": "下一个调用取决于某个结果说了什么的时候",
    "when there are many calls": "调用很多的时候",
    "the model cannot plan a call it cannot yet know it needs": "模型没法规划一个它还不知道需要的调用",
    "slow independent calls gain most from a batch, not from waiting.": "慢而独立的调用，从成批执行里获益最多，而不是从等待里。",
    "many independent calls are the best case for a batch.": "很多独立的调用，正是最适合成批的情况。",
    "the model asks again for the other two": "模型会再要另外两个",
    "it works but is slow": "能用，只是慢",
    "HTTP 400: every tool_call_id needs a tool message": "HTTP 400：每个 tool_call_id 都需要一条 tool 消息",
    "unless you rewrite the assistant message to hold one call": "除非你改写 assistant 消息，让它只含一个调用",
    "it does not work at all: the request is rejected before the model runs.": "根本不能用：模型运行之前，请求就被拒绝了。",
    "How many model turns does a one-at-a-time run of 4 tool calls take?":
        "用 one-at-a-time 模式执行 4 个工具调用，要几个模型轮次？",
    "one before each call and one for the final answer": "每个调用之前一轮，再加最终回答的一轮",
    "a turn is one model call; a tool result is not a turn of its own.": "一轮是一次模型调用；工具结果本身不算一轮。",

    # ---- third pass: named slips ---------------------------------------------------------------
    "one_at_a_time_seconds({args}) returned {got}; expected {want} s. {slip}":
        "one_at_a_time_seconds({args}) 返回了 {got}；应当是 {want} s。{slip}",
    "You counted n model turns, as the second document's n × (tool + model) does: it leaves out the first turn, "
    "in which the model plans the first call. n calls need n + 1 turns.":
        "你算了 n 个模型轮次，和第二份文档的 n × (tool + model) 一样：它漏掉了第一个轮次，也就是模型规划第一个调用的那一轮。"
        "n 个调用需要 n + 1 轮。",
    "You counted one model turn too many: n calls need n + 1 turns (one before each call, one for the answer).":
        "你多算了一个模型轮次：n 个调用需要 n + 1 轮（每个调用之前一轮，作答一轮）。",
    "You counted one tool call too many: there are n calls, and n + 1 turns.":
        "你多算了一个工具调用：调用是 n 个，轮次是 n + 1 个。",
    "You left out the model turns: each of the n + 1 turns costs model_s.":
        "你漏掉了模型轮次：n + 1 轮里的每一轮都要 model_s。",
    "That is all mode's cost (two turns, the calls overlapped). One at a time, every call has a turn of its own "
    "and the calls run one after another.":
        "这是 all 模式的耗时（两轮，调用重叠执行）。逐个交付时，每个调用都有自己的一轮，调用一个接一个地跑。",
    "That looks like milliseconds: the arguments and the answer are in seconds.":
        "这看起来是毫秒：参数和答案都以秒为单位。",
    "Return a number of seconds.": "请返回一个秒数。",
    "parse takes two arguments, 'text' and 'format'; your arguments were {args}.":
        "parse 接受两个参数，'text' 和 'format'；你的参数是 {args}。",
    "write the format in lowercase, 'yaml' or 'json', as the exercise does; yours is {got}.":
        "format 要像题目那样用小写，写 'yaml' 或 'json'；你写的是 {got}。",
    "the format should be 'yaml' or 'json'; yours is {got}.": "format 应当是 'yaml' 或 'json'；你写的是 {got}。",
    "for the file {file} you chose format={got}; it should be {want}. The file says 'format: yaml'.":
        "对文件 {file}，你选了 format={got}；应当是 {want}。文件里写着 'format: yaml'。",
    "one-at-a-time: {got} is not it: {slip}": "one-at-a-time：不是 {got}：{slip}",
    "all: {got} is not it: {slip}": "all：不是 {got}：{slip}",
    "you left out the user's message and the final answer.": "你漏了用户消息和最终回答。",
    "one short: count the user's message at the start and the final answer at the end.":
        "少了一条：开头有用户消息，结尾有最终回答，都要算。",
    "one too many: the user's message, a call and a result per read, and the final answer.":
        "多了一条：用户消息，每次读取一个调用和一个结果，再加最终回答。",
    "that is the all-mode count.": "这是 all 模式的条数。",
    "one short: count the user's message, the one assistant message with all ten calls, ten results, and the "
    "final answer.":
        "少了一条：用户消息，一条装着全部 10 个调用的 assistant 消息，10 个结果，再加最终回答。",
    "that is the one-at-a-time count: in all mode one assistant message holds all ten calls.":
        "这是 one-at-a-time 的条数：all 模式里一条 assistant 消息就装着全部 10 个调用。",
    "one too many: a single assistant message holds all ten calls.": "多了一条：一条 assistant 消息就装着全部 10 个调用。",
    "count the user's message, then for each call an assistant message and a tool message, then the final answer.":
        "数一数：用户的消息，每个调用一条 assistant 消息和一条 tool 消息，再加最终回答。",
    "count the user's message, one assistant message holding all ten calls, ten tool messages, and the final "
    "answer.":
        "数一数：用户的消息，一条装着全部 10 个调用的 assistant 消息，10 条 tool 消息，再加最终回答。",
    "A model sends three tool calls; you run only the first, leave the assistant message as it is (three calls), "
    "and call the model again. What happens?":
        "模型发来三个工具调用；你只执行第一个，assistant 消息保持原样（仍是三个调用），就再次调用模型。会发生什么？",
    "that is what happens after the assistant message is rewritten to hold one call (what course.Agent does); "
    "left as it is, the request is refused before the model runs.":
        "那是把 assistant 消息改写成只含一个调用之后的情形（course.Agent 就是这么做的）；保持原样的话，"
        "模型运行之前请求就被拒绝了。",
    "that counts one turn per call, as the second document does, and leaves out the first turn, in which the "
    "model plans the first call.":
        "这是每个调用算一轮，和第二份文档一样，漏掉了第一个轮次，也就是模型规划第一个调用的那一轮。",
}
