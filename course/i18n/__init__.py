"""The language learners read: `course.set_language("zh-CN")` once at the top of a notebook.

English is the default and the source: every learner-facing message in the package is written in
English where it is made, and translated where it is *shown*, by one call, `tr(message)`. So a
module that prints a verdict needs one hook, `print(tr(outcome.message))`, and nothing else
changes: no message ids, no second copy of the wording.

How `tr` finds a translation in the language's catalog (gettext .po files under
`course/i18n/locale/zh_CN/LC_MESSAGES/`: `course.po` for the runtime, `exercises.po` for the lessons'
exercises; msgid is the English, msgstr the translation, `{name}` placeholders flagged
python-brace-format so `msgfmt --check` proves each translation uses the same ones):
  1. the whole message, exactly;
  2. a template: a catalog key with `{name}` placeholders matches a formatted message (e.g.
     "❌ Not yet: {reason}\\n   Stuck? Call .hint() on this exercise."); each captured value is
     itself translated (so the reason a check gave is translated too) and put into the translated
     template (a few names — `n`, `count`, `turns`… — match numbers only, and `{rest}` may be
     empty: an optional tail);
  3. a message of several lines that matched neither as a whole is translated line by line;
  4. otherwise the English is returned unchanged.
Whatever stays English is remembered in `missing()`, so a translator can list what a session showed
untranslated: a whole message, a line the line-by-line fallback left English, a learner's sentence
captured by a template (a `{reason}`, `{why}`, `{hint}`…) that the catalog does not know. What a
notebook's own code prints never passes through `tr`: `course.i18n.leftovers` finds the English in
its outputs, and `scripts/build_translations.py --messages` reports both.

Model-facing text (tool results, errors the model reads, prompts) is never passed through `tr`:
it stays as it is in every edition.

What the runtime *records* for later (a trace's notes, why `auto` chose a mode) is a `Message`: a
`str` whose value is the English — what tests compare and what stays in the record whatever the
language — that keeps its template and parameters and shows itself in the chosen language when it
is printed, formatted into an f-string or repr'd. So a note recorded before `set_language()` reads
in Chinese after it, and the same note reads in English in the English edition.

Charts: choosing zh-CN also registers a CJK font with matplotlib (`course.i18n.fonts`); choosing
English again restores matplotlib's settings, so the English edition draws exactly as before.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping

__all__ = ["LANGUAGES", "Message", "language", "missing", "set_language", "tr"]

DEFAULT = "en"
LANGUAGES: dict[str, str] = {"en": "English", "zh-CN": "简体中文"}
_ALIASES = {"en": "en", "en-us": "en", "en-gb": "en", "english": "en",
            "zh": "zh-CN", "zh-cn": "zh-CN", "zh_cn": "zh-CN", "zh-hans": "zh-CN", "chinese": "zh-CN", "中文": "zh-CN"}
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_CJK = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")

_current = DEFAULT
_missing: dict[str, None] = {}


def set_language(lang: str = DEFAULT) -> None:
    """Choose the language of everything the course shows a learner: "en" (the default) or "zh-CN"."""
    global _current
    key = _ALIASES.get(str(lang).strip().lower().replace(" ", ""))
    if key is None:
        raise ValueError(f"set_language() knows {', '.join(repr(k) for k in LANGUAGES)}, not {lang!r}.")
    _current = key
    from . import fonts

    fonts.use_font_for(key)


def language() -> str:
    """The language chosen with set_language() ("en" until one is chosen)."""
    return _current


LOCALE = Path(__file__).with_name("locale")
DOMAINS = ("exercises", "course")  # a message in both reads as the runtime's (the later domain) has it


@lru_cache(maxsize=None)
def catalog(lang: str) -> Mapping[str, str]:
    """The message catalog of a language: English message or template → translation, read once from
    the gettext files `course/i18n/locale/<ll_CC>/LC_MESSAGES/<domain>.po` (Babel reads them; the
    translations a platform marked fuzzy are left out, as gettext leaves them out)."""
    folder = LOCALE / lang.replace("-", "_") / "LC_MESSAGES"
    if lang == DEFAULT or not folder.is_dir():
        return {}
    from babel.messages.pofile import read_po

    merged: dict[str, str] = {}
    for domain in DOMAINS:
        path = folder / f"{domain}.po"
        if path.exists():
            with path.open("rb") as handle:
                merged.update({m.id: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy})
    return merged


# Placeholders with these names match a number only; `rest` may match nothing (an optional tail).
_NUMBERS = {"n", "x", "count", "turns", "calls", "right", "total", "passed", "attempted", "budget", "limit"}


def _capture(name: str, multiline: bool) -> str:
    """The pattern a placeholder captures."""
    if name in _NUMBERS:
        return r"[0-9]+(?:\.[0-9]+)?"
    if name == "rest":
        return ".*?" if multiline else "[^\n]*?"
    return ".+?" if multiline else "[^\n]+?"


@lru_cache(maxsize=None)
def _templates(lang: str) -> tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]:
    """The catalog's templates as anchored patterns, the most specific (longest literal text) first."""
    found = []
    for english, translated in catalog(lang).items():
        names = tuple(_PLACEHOLDER.findall(english))
        if not names or "}{" in english:  # placeholders side by side: a Message's frame, not a pattern to match
            continue
        parts = _PLACEHOLDER.split(english)  # literal, name, literal, name, …, literal
        multiline = "\n" in english  # a one-line template matches one line only
        pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>{_capture(p, multiline)})"
                          for i, p in enumerate(parts))
        literal = sum(len(p) for p in parts[::2])
        found.append((literal, re.compile(f"^{pattern}$", re.DOTALL), translated, names))
    found.sort(key=lambda t: -t[0])
    return tuple((pattern, translated, names) for _, pattern, translated, names in found)


def translate(text: str, lang: str) -> str | None:
    """The translation of `text` into `lang`, or None when the catalog has none."""
    table = catalog(lang)
    if text in table:
        return table[text]
    stripped = text.strip()
    if stripped != text and stripped in table:  # keep surrounding blanks (indents, newlines) as they were
        start = text.index(stripped)
        return text[:start] + table[stripped] + text[start + len(stripped):]
    for pattern, translated, names in _templates(lang):
        m = pattern.match(text)
        if m:
            values = {n: _value(m.group(n), lang, record=n in _PROSE) for n in names}
            return _PLACEHOLDER.sub(lambda p: values.get(p.group(1), p.group(0)), translated)
    if "\n" in text:
        parts = text.split("\n")
        done = [translate(p, lang) if p.strip() else p for p in parts]
        if any(d is not None for d in done):
            for d, p in zip(done, parts):  # a line the fallback left English is still untranslated
                if d is None and _looks_english(p):
                    _missing.setdefault(p, None)
            return "\n".join(d if d is not None else p for d, p in zip(done, parts))
    return None


def _looks_english(text: str) -> bool:
    """True when `text` has a word of three Latin letters or more (what `missing()` is for)."""
    return re.search(r"[A-Za-z]{3}", text) is not None


# Placeholders that hold a sentence for the learner (a check's reason, a quiz's explanation): one the
# catalog cannot translate is listed in missing(). Other values (ids, errors the model reads) are not.
_PROSE = {"reason", "why", "because", "success", "hint", "text"}


def _value(value: str, lang: str, record: bool = False) -> str:
    """A captured value: translated when the catalog knows it (a reason, a label), else as it is."""
    got = translate(value, lang)
    if got is None and record and _looks_english(value) and not _CJK.search(value):  # not translated already
        _missing.setdefault(value, None)
    return value if got is None else got


_translated: set[str] = set()  # what tr() has produced, so a second pass leaves it alone


def tr(text: str, lang: str | None = None) -> str:
    """`text` in the chosen language (English passes through); the one call a module needs where it
    shows a learner a message."""
    lang = lang or _current
    if isinstance(text, Message):
        return text.shown(lang)
    if lang == DEFAULT or not isinstance(text, str) or not text or text in _translated:
        return text  # English, or already translated (a message may pass two hooks on its way out)
    got = translate(text, lang)
    if got is None:
        if _looks_english(text):
            _missing.setdefault(text, None)
        return text
    if len(_translated) < 10_000:
        _translated.add(got)
    return got


def missing(clear: bool = False) -> list[str]:
    """English messages shown in this session that the chosen language's catalog could not translate
    (`clear=True` also forgets them)."""
    found = list(_missing)
    if clear:
        _missing.clear()
    return found


class Message(str):
    """A learner-facing sentence kept language-neutral: its value is the English, `key` its template
    and `params` the values; printing, formatting or repr shows it in the chosen language."""

    key: str
    params: dict[str, object]

    def __new__(cls, key: str, /, **params: object) -> "Message":
        english = _PLACEHOLDER.sub(lambda m: _raw(params.get(m.group(1), m.group(0))), key) if params else key
        self = super().__new__(cls, english)
        self.key, self.params = str(key), dict(params)
        return self

    def english(self) -> str:
        """The message in English, as recorded."""
        return str.__str__(self)

    def shown(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the chosen language); its parameters are shown in turn."""
        lang = lang or _current
        if lang == DEFAULT:
            return self.english()
        template = catalog(lang).get(self.key) if self.params else None
        if template is None:  # no template under this key: translate the English as tr() always has
            return tr(self.english(), lang)
        values = {name: _shown_value(value, lang) for name, value in self.params.items()}
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)

    def __str__(self) -> str:
        return self.shown()

    def __format__(self, spec: str) -> str:
        return format(self.shown(), spec)

    def __repr__(self) -> str:
        return repr(self.shown())


LIST_SEPARATOR = ", "  # between the items of a list parameter; a catalog may translate it ("、")


def _raw(value: object) -> str:
    """A parameter as the English text it stands for (a Message's English, not its translation; a list's
    items joined by ", ")."""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(_raw(v) for v in value)
    return value.english() if isinstance(value, Message) else str(value)


def _shown_value(value: object, lang: str) -> str:
    """A parameter as a learner reads it: a Message in `lang`, text translated when the catalog knows it."""
    if isinstance(value, (list, tuple)):
        separator = catalog(lang).get(LIST_SEPARATOR, LIST_SEPARATOR)  # English: no catalog, ", "
        return separator.join(_shown_value(v, lang) for v in value)
    if isinstance(value, Message):
        return value.shown(lang)
    return _value(str(value), lang) if isinstance(value, str) else str(value)
