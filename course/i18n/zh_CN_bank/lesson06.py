"""简体中文: lesson 6's newer exercise messages (course/exercises/bank/lesson06.py): why each wrong quiz
option is wrong. The older ones are in course/i18n/zh_CN.py.

Same format as course/i18n/zh_CN.py; merged into the catalog through lesson 1's bank module.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    "the SDK hands you the model's text: a JSON string, which you parse yourself (and it may be invalid).":
        "SDK 交给你的是模型写的文字：一个 JSON 字符串，要你自己解析（而且它可能不合法）。",
    "the SDK does not validate arguments against your schema; they arrive as a JSON string.":
        "SDK 不会按你的 schema 校验参数；参数到手时是一个 JSON 字符串。",
    "every tool_call_id needs its own tool message, or the next request is an HTTP 400.":
        "每个 tool_call_id 都需要自己的一条 tool 消息，否则下一次请求就是 HTTP 400。",
    "a failed call still needs its tool message, holding the error; a missing one is an HTTP 400.":
        "失败的调用也需要它的 tool 消息，里面放错误；少一条就是 HTTP 400。",
    "the flag only reaches the model; how a batch runs is the runtime's choice.":
        "这个开关只作用于模型；一批调用怎么执行，是运行时的选择。",
    "it limits the model to at most one call per turn.": "它限制模型每轮最多发一个调用。",
    "Anthropic wants every tool_result block of a turn in one user message; split results are an HTTP 400.":
        "Anthropic 要求同一轮的所有 tool_result 块都放在一条 user 消息里；拆开放就是 HTTP 400。",
    "tool results answer their tool_use blocks in the next user message, not in the system prompt.":
        "工具结果在下一条 user 消息里回应各自的 tool_use 块，而不是放进 system prompt。",
    "without previous_response_id the server has no record of the calls: replay the reasoning item and the "
    "calls too.":
        "没有 previous_response_id，服务器就没有这些调用的记录：reasoning 项和调用本身也要重放。",
    "an output must follow its call; outputs before their calls are an HTTP 400.":
        "输出必须跟在它的调用之后；输出放在调用前面就是 HTTP 400。",
    "Gemini has no such parameter; the agent must cut the turn down to one call itself.":
        "Gemini 没有这个参数；Agent 得自己把这一轮删减到只剩一个调用。",
    "three functionCall parts need three functionResponse parts; answering one breaks the count rule.":
        "三个 functionCall part 需要三个 functionResponse part；只回应一个就违反了数量规则。",
    "a cut can separate a call from its results: an HTTP 400 on all four protocols.":
        "随便截断可能把调用和它的结果分开：四种协议都会返回 HTTP 400。",
    "cut before a user or assistant message; a system message says nothing about where a call and its results "
    "end.":
        "要在 user 或 assistant 消息之前截断；system 消息并不标明一个调用和它的结果在哪里结束。",
}
