"""The language learners read: course.set_language(), tr() over the message catalog, the CJK chart font."""
from __future__ import annotations

import io
import re
import warnings

import pytest

import course
from course import ToolCall
from course import i18n
from course.exercises import get
from course.i18n import fonts, tr


@pytest.fixture(autouse=True)
def english_again():
    """Every test starts and leaves the course in English, as a fresh kernel is."""
    i18n.missing(clear=True)
    yield
    course.set_language("en")
    i18n.missing(clear=True)


def test_english_is_the_default_and_passes_through_unchanged():
    assert i18n.language() == "en"
    assert tr("✅ Correct!") == "✅ Correct!"
    assert tr("anything at all") == "anything at all"


def test_set_language_accepts_common_spellings_and_refuses_unknown_ones():
    for spelling, lang in (("zh", "zh-CN"), ("zh_CN", "zh-CN"), ("中文", "zh-CN"), ("EN", "en"), ("zh-CN", "zh-CN")):
        course.set_language(spelling)
        assert i18n.language() == lang
    with pytest.raises(ValueError, match="zh-CN"):
        course.set_language("klingon")


def test_exact_message_is_translated_in_chinese():
    course.set_language("zh-CN")
    assert tr("✅ Correct!") == "✅ 正确！"


def test_template_translates_the_captured_reason_too():
    course.set_language("zh-CN")
    message = "❌ Not yet: name the function run_tests, not foo.\n   Stuck? Call .hint() on this exercise."
    assert tr(message) == "❌ 还不对：函数名应当是 run_tests，而不是 foo。\n   卡住了？调用这道练习的 .hint()。"


def test_one_line_template_does_not_swallow_other_lines():
    course.set_language("zh-CN")
    text = "Q1: ✅ parse it with json.loads and handle the error\nQ2: ⏳ not answered yet\n1/2 correct."
    assert tr(text) == "第 1 题：✅ 用 json.loads 解析，并处理解析错误\n第 2 题：⏳ 还没作答\n答对 1/2。"


def test_a_list_parameter_is_joined_in_the_learners_language():
    why = i18n.Message("{tools} is not parallel-safe: hybrid runs it alone", tools=["append_log", "write_file"])
    assert why == "append_log, write_file is not parallel-safe: hybrid runs it alone"  # the English, recorded
    course.set_language("zh-CN")
    assert str(why) == "append_log、write_file 不是并行安全的：混合模式让它单独执行"


def test_untranslated_message_stays_english_and_is_listed_for_translators():
    course.set_language("zh-CN")
    assert tr("A sentence nobody translated yet.") == "A sentence nobody translated yet."
    assert "A sentence nobody translated yet." in i18n.missing()


def test_every_template_placeholder_reappears_in_its_translation():
    for english, chinese in i18n.catalog("zh-CN").items():
        names = set(re.findall(r"\{([a-z_][a-z0-9_]*)\}", english))
        assert names == set(re.findall(r"\{([a-z_][a-z0-9_]*)\}", chinese)), english


def test_offline_announcement_speaks_chinese(monkeypatch, capsys):
    for key in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(key, raising=False)
    scripted = course.ScriptedModel(plan=[], final="done")
    course.chat_model(scripted, protocol="anthropic")
    english = capsys.readouterr().out
    course.set_language("zh-CN")
    course.chat_model(scripted, protocol="anthropic")
    chinese = capsys.readouterr().out
    assert english == "ANTHROPIC_API_KEY is not set — running the offline Anthropic Messages endpoint; set it to use a live one.\n"
    assert chinese == "未设置 ANTHROPIC_API_KEY——运行离线的 Anthropic Messages 端点；设置它即可使用在线模型。\n"


def test_model_facing_error_results_stay_english_in_the_chinese_edition():
    @course.tool(latency=1.0)
    async def broken(path: str) -> str:
        """Fail."""
        raise FileNotFoundError(path)

    calls = [ToolCall("call_1", "broken", {"path": "a.txt"}), ToolCall("call_2", "nope", {})]
    english = course.execute(calls, tools=[broken], mode="all")
    course.set_language("zh-CN")
    chinese = course.execute(calls, tools=[broken], mode="all")
    assert [r.error for r in chinese.results] == [r.error for r in english.results]
    assert not any(re.search(r"[\u4e00-\u9fff]", r.error or "") for r in chinese.results)


# ---- lessons 6 and 7 in Chinese: every message their exercises can show -------------------------------

WRONG_ANSWERS = {
    "06.schema": [lambda target="checks", timeout=60.0: None,
                  lambda: None],
    "06.answer-every-call": [lambda a, o: [{"role": "tool", "tool_call_id": "call_1", "content": o["call_1"]}],
                             lambda a, o: [{"role": "user", "content": "x"}],
                             lambda a, o: "nope"],
    "06.trim-history": [lambda messages, n: messages[-n:], lambda messages, n: messages[1:]],
    "06.anthropic": [lambda m: {"type": "tool_result", "tool_use_id": m["tool_call_id"], "content": m["content"]},
                     lambda m: {"type": "tool_result", "id": m["tool_call_id"]}],
    "07.predict": [lambda t: 4 * t + 3.95, lambda t: 1000 * (5 * t + 3.95), lambda t: 0.0],
    "07.edit-step": [lambda results: []],
    "07.amdahl": [lambda p, n: n * p],
}


@pytest.mark.parametrize("exercise_id", sorted(WRONG_ANSWERS))
def test_translated_lessons_verdicts_hints_and_successes_are_all_chinese(exercise_id):
    ex = get(exercise_id)
    course.set_language("zh-CN")
    shown = [ex.evaluate(answer).message for answer in WRONG_ANSWERS[exercise_id]]
    shown += [ex.evaluate(...).message, ex.hint_text, f"✅ Correct! {ex.success}".rstrip()]
    for message in shown:
        translated = tr(message)
        assert re.search(r"[\u4e00-\u9fff]", translated), message
        assert not i18n.missing(), f"untranslated: {i18n.missing()}"


@pytest.mark.parametrize("quiz_id", ["06.quiz", "07.quiz"])
def test_translated_lessons_quizzes_read_in_chinese(quiz_id):
    quiz = get(quiz_id)
    course.set_language("zh-CN")
    texts = [q.text for q in quiz.questions] + [o for q in quiz.questions for o in q.options.values()]
    texts += [q.why for q in quiz.questions] + [w for q in quiz.questions for w in q.wrong.values()]
    for text in texts:
        assert re.search(r"[\u4e00-\u9fff]", tr(text)), text
    assert not i18n.missing(), f"untranslated: {i18n.missing()}"


def test_quiz_verdict_reads_in_chinese_line_by_line():
    quiz = get("06.quiz")
    course.set_language("zh-CN")
    verdict = tr(quiz.evaluate({1: "b", 2: "a", 3: "a", 4: "b", 5: "a", 6: "b", 7: ...}).message)
    assert verdict.splitlines()[0] == "第 1 题：✅ 用 json.loads 解析，并处理解析错误"
    assert verdict.splitlines()[1].startswith("第 2 题：❌ 不是 'a'")
    assert verdict.splitlines()[-2:] == ["第 7 题：⏳ 还没作答", "答对 5/7。"]
    assert not i18n.missing(), f"untranslated: {i18n.missing()}"


# ---- charts -------------------------------------------------------------------------------------

def test_chinese_font_only_while_the_language_is_chinese():
    import matplotlib

    before = list(matplotlib.rcParams["font.family"])
    course.set_language("zh-CN")
    assert matplotlib.rcParams["font.family"][0] == fonts.FAMILY
    course.set_language("en")
    assert list(matplotlib.rcParams["font.family"]) == before


def test_chinese_chart_has_every_glyph():
    """A chart with a Chinese title, lanes and legend draws without one missing glyph (no tofu)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    course.set_language("zh-CN")
    fig = Figure(figsize=(5, 2))
    ax = fig.subplots()
    ax.barh([0, 1], [1.0, 0.5], label="工具调用（并行）")
    ax.set_yticks([0, 1], ["模型轮次", "读取文件"])
    ax.set_title("消息传递模式：one-at-a-time 模式与 all 模式", fontweight="bold")
    ax.legend()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)" for a tofu box
        fig.savefig(io.BytesIO(), format="png")


def test_the_font_holds_every_character_the_catalogs_use():
    from scripts.i18n_font import lacking

    assert lacking() == [], "run `python -m scripts.i18n_font` to rebuild the chart font with the new characters"


# ---- sentences the runtime leaves for learners: trace.notes and trace.error ----------------------

def test_one_call_per_turn_note_reads_in_chinese():
    from course.protocols import offline_model

    calls = [ToolCall(f"call_{i}", "read", {"path": f"{i}"}) for i in (1, 2, 3)]

    @course.tool(latency=1.0)
    async def read(path: str) -> str:
        """Read."""
        return path

    scripted = course.ScriptedModel(plan=[calls], final="done", latency=0.5)
    trace = course.Agent(model=offline_model(scripted, "gemini"), tools=[read], mode="one-at-a-time").run_sync("go")
    course.set_language("zh-CN")
    assert tr(trace.notes[0]).startswith("第 1 轮：模型发来 3 个调用，但 Google Gemini 没有“每轮一个调用”的开关")
    assert not i18n.missing()


def test_model_failure_sentences_read_in_chinese():
    from types import SimpleNamespace

    from course.protocols import explain_failure as explain

    model = SimpleNamespace(protocol="anthropic", model="claude-test")
    english = explain(ConnectionError("refused"), model)
    course.set_language("zh-CN")
    assert tr(english).startswith("连不上 Anthropic Messages。")
    assert not i18n.missing()


MESSAGE_CATALOGS = sorted((i18n.LOCALE / "zh_CN" / "LC_MESSAGES").glob("*.po"))


def test_the_message_catalogs_flag_every_template_and_hold_no_fuzzy_entry():
    """Each msgid with a {name} placeholder is python-brace-format, so msgfmt checks its translation."""
    from babel.messages.pofile import read_po

    assert [p.name for p in MESSAGE_CATALOGS] == ["course.po", "exercises.po"]
    for path in MESSAGE_CATALOGS:
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and re.search(r"\{[a-z_][a-z0-9_]*\}", message.id):
                    assert "python-brace-format" in message.flags, (path.name, message.id)
                assert not message.fuzzy, (path.name, message.id)


def test_the_message_catalogs_pass_msgfmt_check(msgfmt):
    """GNU msgfmt --check (which includes --check-format): each python-brace-format translation uses the
    placeholders of its English, and the files are valid gettext."""
    import os
    import subprocess

    for path in MESSAGE_CATALOGS:
        run = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
