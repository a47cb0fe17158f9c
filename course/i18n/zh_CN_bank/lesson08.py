"""简体中文: lesson 8's exercises (course/exercises/bank/lesson08.py) — verdicts, hints, solutions, quiz.

Same format as course/i18n/zh_CN.py: keys are the English exactly as the bank shows it, `{name}` a
placeholder. Terms follow docs/zh-CN/glossary.md.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- 08.dag -----------------------------------------------------------------------------
    "give a list of ToolCall objects.": "请给出一个由 ToolCall 对象组成的列表。",
    "one call must have the id 'report'.": "必须有一个调用的 id 是 'report'。",
    "report returned {got}; expected {want}.": "report 返回了 {got}；应当是 {want}。",
    "the batch took {time} s; with references it can finish in 3 s (its critical path). "
    "Are all the reads in the same batch, and is anything chained that need not be?":
        "这批调用用了 {time} 秒；用引用的话，3 秒（它的关键路径）就能完成。"
        "所有读取都在同一批里吗？有没有把不必串起来的调用串起来了？",
    "Two reads with no dependencies; a parse for each referring to its read with '$id'; a merge with "
    "id 'report' referring to both parses.":
        "两次读取，不带依赖；每次读取配一个 parse，用 '$id' 引用它的读取；再来一个 id 为 'report' 的 merge，引用两个 parse。",

    # ---- 08.predictor -----------------------------------------------------------------------
    "pass your function itself (without calling it).": "传入函数本身（不要调用它）。",
    "in the investigation {name}, {n} of the 2 later reads were guessed: "
    "guess from what has been read (the imports in `outputs`), not from a fixed plan.":
        "在 {name} 这次排查里，后两次读取只猜中了 {n} 次：要根据已经读到的内容（`outputs` 里的 import）去猜，"
        "而不是照着固定的计划猜。",
    "in the investigation {name}, {n} guesses were never used ({ids}) for the 2 later reads, wasting "
    "{time} s of tool time: guess fewer files.":
        "在 {name} 这次排查里，为了后两次读取，有 {n} 个猜测从没用上（{ids}），浪费了 {time} 秒的工具时间：少猜几个文件。",
    "in the investigation {name}, speculation did not save time ({with_it} s with it, {without} s without).":
        "在 {name} 这次排查里，推测没有省下时间（推测 {with_it} 秒，不推测 {without} 秒）。",
    "Each value of `outputs` is the text of a file the model has read. Find the shop modules it "
    r"imports, re.findall(r'^from shop\.(\w+) import', text, re.M), and return a read_file ToolCall "
    "for each.":
        "`outputs` 的每个值，都是模型读过的一个文件的文本。找出它导入的 shop 模块，"
        r"re.findall(r'^from shop\.(\w+) import', text, re.M)，为每个模块返回一个 read_file 的 ToolCall。",
    # the solution is code with `{m}` in it, so only its comment line is a key (tr translates line by line)
    "    latest = list(outputs.values())[-1:]  # the file just read":
        "    latest = list(outputs.values())[-1:]  # 刚读到的文件",

    # ---- 08.program -------------------------------------------------------------------------
    "the answer is the program's text, a string; got {kind}.": "答案是程序的文本，一个字符串；你给的是 {kind}。",
    "the program stopped: {error}": "程序停下了：{error}",
    "the program returned file contents: return only the names of the files that mention "
    "TODO, so the contents stay inside the program.":
        "程序返回了文件内容：只返回提到 TODO 的文件的名字，让内容留在程序里。",
    "with index.txt listing {listed}, the program returned {got}; expected {want} "
    "(the names, in the index's order).":
        "index.txt 列出的是 {listed} 时，程序返回了 {got}；应当是 {want}（名字，按索引里的顺序）。",
    "the program made {n} reads; read index.txt once and each listed file once.":
        "程序读了 {n} 次；index.txt 读一次，列出的每个文件各读一次。",
    "the program took {time} s: the listed files were read one after another. "
    "Read them together with gather([...]).":
        "程序用了 {time} 秒：列出的文件是一个接一个读的。用 gather([...]) 一起读。",
    "names = lines(read_file(path='index.txt')), then texts = gather([read_file(path=n) for n in names]), "
    "then keep the names whose text contains 'TODO' (a for loop, or a comprehension over zip(names, texts)).":
        "names = lines(read_file(path='index.txt'))，然后 texts = gather([read_file(path=n) for n in names])，"
        "再留下文本里含有 'TODO' 的名字（用 for 循环，或者对 zip(names, texts) 写一个推导式）。",

    # ---- 08.explore-arrival -----------------------------------------------------------------
    "answer with a number of seconds (the per_turn cost), got {kind}.": "请用秒数（per_turn 的开销）作答，你给的是 {kind}。",
    "from 0.85 s on, the web result waits for the docs turn instead of getting a turn of its "
    "own; but arrival still answers sooner there. Raise per_turn further.":
        "从 0.85 秒起，web 的结果不再单独占一轮，而是等 docs 那一轮；但在那里一到就读仍然更早给出答案。把 per_turn 再调大。",
    "at per_turn={value} s, reading as they arrive still answers sooner than all at once; try values "
    "on the other side and compare the two answer times.":
        "per_turn={value} 秒时，一到就读仍然比一次性全部交付更早给出答案；试试另一侧的值，比较两种方式给出答案的时间。",
    "at per_turn={value} s, reading as they arrive already answers later than all at once; try values "
    "on the other side and compare the two answer times.":
        "per_turn={value} 秒时，一到就读已经比一次性全部交付更晚给出答案；试试另一侧的值，比较两种方式给出答案的时间。",
    "All at once answers at 0.5 + 3 + per_turn + 3 × 0.4. With per_turn p large enough, arrival reads "
    "cache, then docs, then web one turn after another: it answers at 1.0 + 3 × p + 3 × 0.4. Solve for equality.":
        "一次性全部交付在 0.5 + 3 + per_turn + 3 × 0.4 时给出答案。per_turn 记作 p，p 足够大时，一到就读会一轮接一轮地"
        "读 cache、docs、web：它在 1.0 + 3 × p + 3 × 0.4 时给出答案。令两者相等求解。",
    "break_even = 1.25  # 0.5 + 3 + p + 1.2 = 1.0 + 3p + 1.2  →  p = 1.25 s":
        "break_even = 1.25  # 0.5 + 3 + p + 1.2 = 1.0 + 3p + 1.2  →  p = 1.25 秒",

    # ---- 08.quiz ----------------------------------------------------------------------------
    "With `\"$id\"` references the model plans the whole graph in one turn. Where does most "
    "of the gain over 'one turn per level' come from?":
        "有了 `\"$id\"` 引用，模型一轮就能规划整张图。和“每层一个轮次”相比，收益主要来自哪里？",
    "faster tools": "工具更快",
    "fewer model turns": "模型轮次减少",
    "more calls running at once": "同时运行的调用更多",
    "the references cost nothing at run time; they save the turns between levels": "引用在运行时不花任何代价；它省下的是层与层之间的轮次",
    "Which calls may eager dispatch start while the model is still streaming?": "模型还在流式输出时，提前发起可以启动哪些调用？",
    "every call, as soon as its name has streamed": "每一个调用，名字一流出来就启动",
    "parallel-safe calls whose arguments are complete and refer to no other call": "可并行、参数已完整、且不引用其他调用的调用",
    "only the last call of the reply": "只有回复里的最后一个调用",
    "a call needs its complete arguments to run, and a call that is unsafe or needs another "
    "call's output must wait for the end of the stream":
        "调用要有完整的参数才能运行；不安全的调用、需要别的调用输出的调用，都得等流结束",
    "Which calls may a runtime start speculatively, before the model asks for them?": "在模型开口之前，运行时可以推测着启动哪些调用？",
    "reads, never writes": "读取，绝不是写入",
    "any call the predictor suggests": "预测器建议的任何调用",
    "writes, because they save the most time": "写入，因为它们省的时间最多",
    "a guessed write would change the world even when the guess is wrong": "猜出来的写入，即使猜错了，也已经改变了外部世界",
    "Two edits of a batch have written their files when the third fails. What leaves the "
    "project as it was?":
        "一批调用里，两处修改已经写进了文件，第三处失败了。怎样才能让项目恢复原样？",
    "cancelling the siblings": "取消其余调用",
    "keeping the siblings": "保留其余调用",
    "a transaction that restores each file written": "用一个事务，恢复每一个被写过的文件",
    "cancelling is not undoing: only the transaction remembered each file before its first write":
        "取消不等于撤销：只有事务在每个文件第一次被写之前记下了它",
    "A model sends one program that reads 20 files, keeps the 3 that mention a bug, and returns "
    "their names. Compared with one batch of 20 reads, what does the model save?":
        "模型发出一段程序：读 20 个文件，留下提到某个 bug 的 3 个，返回它们的名字。和一批 20 次读取相比，模型省下了什么？",
    "tool time: the reads run faster inside a program": "工具时间：读取在程序里跑得更快",
    "context: the 20 file texts never enter its context, only 3 names do": "上下文：20 个文件的文本从不进入它的上下文，进去的只有 3 个名字",
    "nothing: the same calls run either way": "什么也没省：两种方式跑的是同样的调用",
    "the reads take as long either way; what changes is what the model must read, and the "
    "turn it would need to filter them":
        "两种方式下读取耗时一样；变的是模型必须读的东西，以及它本来要花一轮去筛选它们",
    "Where does programmatic tool calling lose?": "programmatic tool calling 亏在哪里？",
    "a program with a bug costs a whole model turn, the model sees only what the program "
    "returns, and it needs a sandbox":
        "程序有 bug 就要赔上一整个模型轮次；模型只看得到程序返回的东西；而且它需要沙箱",
    "it needs more model turns than one-at-a-time": "它比 one-at-a-time 需要更多模型轮次",
    "it cannot run calls concurrently": "它不能并发执行调用",
    "the error comes back after the work is done and the model writes a new program; what the "
    "program filtered away, the model never sees":
        "工作做完了错误才回来，模型得重写一段程序；程序过滤掉的东西，模型永远看不到",
    "Results handed to the model as they arrive (Gemini's NON_BLOCKING) beat 'all at once' when…":
        "结果一到就交给模型（Gemini 的 NON_BLOCKING），在什么时候胜过“一次性全部交付”？",
    "the results arrive close together": "结果几乎同时到达时",
    "one call is much slower than the others": "有一个调用比其他调用慢得多时",
    "every turn is expensive to start": "每个轮次的启动开销都很大时",
    "the model reads the early results while the slow call runs; results that arrive together "
    "gain nothing, and each extra turn pays its fixed cost and re-reads the context":
        "慢调用还在跑时，模型先读早到的结果；一起到达的结果得不到任何好处，而且每多一轮都要付一次固定开销、重读一遍上下文",

    # ---- 08.quiz: why each wrong option is wrong -------------------------------------------------
    "the tools take as long either way; the gain is the model turns between levels.":
        "工具的耗时两种方式都一样；收益来自省掉了层与层之间的模型轮次。",
    "one turn per level runs each level's calls together too; what it adds is a model turn per level.":
        "每层一轮时，每一层的调用也是一起跑的；它多出来的是每层一个模型轮次。",
    "a call needs its complete arguments to run, and an unsafe call, or one that refers to another, must wait.":
        "调用要有完整的参数才能运行；不安全的调用、引用了别的调用的调用，都必须等。",
    "any complete, parallel-safe, independent call may start; waiting for the last one is waiting for the end "
    "of the stream.":
        "参数完整、可并行、不依赖别人的调用都可以先开始；等最后一个调用，就等于等流结束。",
    "a guessed write changes the world even when the guess is wrong: only reads may be guessed.":
        "猜出来的写入即使猜错了也会改动外部世界：只有读取可以猜。",
    "a wrong guessed write cannot be taken back; speculation is for reads.": "猜错的写入收不回来；推测执行只用于读取。",
    "cancelling stops what has not finished; the two files already written stay written.":
        "取消只能停下还没完成的调用；已经写好的两个文件还是写好了。",
    "that keeps the two edits and leaves the project half changed.": "这样会留下那两处修改，项目就只改了一半。",
    "the reads take as long inside a program as in a batch; what is saved is what the model must read.":
        "在程序里读文件和在一批调用里读一样慢；省下的是模型要读的内容。",
    "the 20 file texts stay inside the program; only 3 names reach the model.":
        "20 个文件的内容留在程序里；到达模型的只有 3 个文件名。",
    "one program replaces many turns: it needs fewer, not more.": "一个程序代替了许多轮：需要的轮次更少，而不是更多。",
    "a program can gather its calls, as the exercise's program did.": "程序可以用 gather 并发调用，练习里的程序就是这么做的。",
    "results that arrive together gain nothing from being read one by one, and each extra turn costs.":
        "一起到达的结果，一个一个地读没有任何好处，而每多一轮都有成本。",
    "expensive turns argue for fewer turns: all at once.": "每轮都贵，就该少开几轮：一次全给。",
    "1250 looks like milliseconds: give per_turn in seconds.": "1250 看起来是毫秒：per_turn 请用秒作答。",
    "2.5 s counts two turns of per_turn for arrival; it reads cache, docs and web one turn after another, three "
    "turns: 1.0 + 3 × p + 3 × 0.4.":
        "2.5 s 是给“按到达读取”只算了两个 per_turn；它一轮接一轮地读 cache、docs、web，一共三轮：1.0 + 3 × p + 3 × 0.4。",
    "your guesses call {names}: a runtime may start only reads speculatively, because a wrong guess must "
    "change nothing. Guess read_file calls.":
        "你猜的调用里有 {names}：运行时只能推测性地启动读取，因为猜错了也不能改动任何东西。请只猜 read_file 调用。",
}
