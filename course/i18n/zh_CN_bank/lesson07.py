"""简体中文: lesson 7's newer exercise messages (course/exercises/bank/lesson07.py): named slips of
07.predict and 07.amdahl. The older ones are in course/i18n/zh_CN.py.

Same format as course/i18n/zh_CN.py.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    "all_mode_makespan({per_turn}) returned {got}; expected {want} s. {slip}":
        "all_mode_makespan({per_turn}) 返回了 {got}；应当是 {want} s。{slip}",
    "One model turn too many: one turn per batch (four) and one for the answer.":
        "多算了一个模型轮次：每批一轮（四轮），再加作答的一轮。",
    "You added every call's time; in all mode the calls of a batch overlap: add the longest call of each batch.":
        "你把每个调用的时间都加上了；all 模式里同一批的调用重叠执行：每批只加最长的那个调用。",
    "That is one-at-a-time's makespan (ten turns, every call after the other); the question is all mode's.":
        "这是 one-at-a-time 的总耗时（十轮，调用一个接一个）；题目问的是 all 模式。",
    "speedup({p}, {n}) returned {got}; expected {want}. {slip}": "speedup({p}, {n}) 返回了 {got}；应当是 {want}。{slip}",
    "That is a linear speed-up: the serial part (1 - p) stays, whatever n is.":
        "这是线性加速：不管 n 多大，串行部分 (1 - p) 都还在。",
    "That is the new time as a share of the old; the speed-up is 1 over it.":
        "这是新耗时占原耗时的比例；加速是它的倒数。",
    "That is the limit as n grows; with n calls the parallel part still takes p / n.":
        "这是 n 趋于无穷时的极限；有 n 个调用时，并行部分仍然要 p / n。",
    "That multiplies the parallel part by n; divide it: 1 / ((1 - p) + p / n).":
        "这是把并行部分乘以 n；应当除以 n：1 / ((1 - p) + p / n)。",
}
