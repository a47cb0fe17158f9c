"""The notebook catalogs (i18n/<lang>/<notebook>.json) as gettext .po files, for translation platforms.

    python scripts/build_translations.py --export-po 04            # i18n/po/zh-CN/04_hybrid.po
    python scripts/build_translations.py --import-po 04            # back into i18n/zh-CN/04_hybrid.json

Weblate, Crowdin, Transifex, Pootle and Poedit all open .po files; the JSON catalog stays the source
the build reads, and the .po is a lossless view of it: exporting a catalog and importing the result
gives the same catalog back, key for key (a test checks it for every committed catalog).

How a catalog entry becomes a .po message (written and read with Babel):

    msgctxt    the cell's nbformat id; "<id>/<n>" for paragraph n of a cell kept paragraph by paragraph
    msgid      the English the translation was made from (the entry's "en")
    msgstr     the translation ("zh"); empty while there is none
    #, fuzzy   the English changed since; "#| msgid" holds the English it was translated from
    #, read-only
               a code cell with nothing to translate ("same"): msgstr repeats msgid, and Weblate's
               read-only flag keeps it from being edited
    #. ...     for the translator: what kind of cell, what to translate in it, and the entry's hash

Babel writes the previous msgid (`#| msgid`) but its reader keeps it only as a comment line, so
`_previous_id` reads it back from there: the one hand-written piece, a dozen lines, because no
maintained library reads it.
"""
from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import denormalize, read_po, write_po

PROJECT = "parallel-tool-calling-course"
# A fixed date: an export of an unchanged catalog is byte-for-byte the same file.
DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
FORMAT_FLAGS = {"python-format", "python-brace-format", "no-python-format", "no-python-brace-format"}
HINTS = {
    "markdown": "markdown: translate the prose; keep links, code and Markdown as they are",
    "code": "code: translate comments and learner-facing strings; the code stays",
}


def locale_of(lang: str) -> str:
    """gettext's spelling of a language tag: zh-CN → zh_CN."""
    return lang.replace("-", "_")


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _joined(value: list[str] | None) -> str:
    return "".join(value or [])


def to_po(catalog: dict[str, Any], lang: str) -> Catalog:
    """A notebook catalog as a Babel Catalog: one message per cell, or per paragraph of a long cell."""
    po = Catalog(locale=locale_of(lang), project=PROJECT, version=Path(catalog["notebook"]).stem,
                 creation_date=DATE, revision_date=DATE, fuzzy=False, msgid_bugs_address="",
                 last_translator="zh-CN edition", language_team="zh-CN edition",
                 header_comment=f"# The {lang} catalog of {catalog['notebook']}, exported from its JSON catalog.\n"
                                "# Translate msgstr, then: scripts/build_translations.py --import-po")
    for cid, entry in catalog.get("cells", {}).items():
        if "paragraphs" in entry:
            count = len(entry["paragraphs"])
            for n, part in enumerate(entry["paragraphs"], 1):
                _add(po, _message(part, "markdown", f"{cid}/{n}", f"paragraph {n} of {count} of markdown cell {cid}"))
        else:
            _add(po, _message(entry, entry["type"], cid, f"{entry['type']} cell {cid}"))
    return po


def _add(po: Catalog, message: Message) -> None:
    """Add a message without the format flags Babel guesses: a notebook cell is not a format string
    (a "30–50%" in prose is not a %-directive), so msgfmt --check must not read it as one."""
    message.flags -= FORMAT_FLAGS
    po[message.id] = message  # Catalog keys a message by (id, context); __setitem__ takes the context from it


def _message(unit: dict[str, Any], kind: str, context: str, where: str) -> Message:
    english = _joined(unit.get("en"))
    if not english:
        raise ValueError(f"{context}: an entry with no English cannot be a .po message")
    same = bool(unit.get("same"))
    flags = {"fuzzy"} if unit.get("fuzzy") else set()
    if same:
        flags.add("read-only")
    comments = [where, HINTS[kind] if not same else "code: nothing to translate", f"hash {unit['hash']}"]
    previous = unit.get("previous_en")
    return Message(english, english if same else _joined(unit.get("zh")), context=context, flags=flags,
                   auto_comments=comments, previous_id=_joined(previous) if previous is not None else ())


def dumps(catalog: dict[str, Any], lang: str) -> str:
    """A notebook catalog as the text of a .po file (with the previous English of fuzzy entries)."""
    out = io.BytesIO()
    write_po(out, to_po(catalog, lang), width=0, include_previous=True, omit_header=False)
    return out.getvalue().decode("utf-8")


def loads(text: str, notebook: str, lang: str) -> dict[str, Any]:
    """A .po file's text back into a notebook catalog (the inverse of `dumps`)."""
    po = read_po(io.BytesIO(text.encode("utf-8")), locale=locale_of(lang))
    cells: dict[str, Any] = {}
    for message in po:
        if not message.id:
            continue  # the header
        cid, _, n = (message.context or "").partition("/")
        if not cid:
            raise ValueError(f"a message without msgctxt cannot be placed in a cell: {message.id[:60]!r}")
        unit = _unit(message)
        if n:
            cells.setdefault(cid, {"type": "markdown", "paragraphs": []})["paragraphs"].append(unit)
        else:
            cells[cid] = {"type": _kind(message), **unit}
    return {"notebook": notebook, "language": lang, "cells": cells}


def _unit(message: Message) -> dict[str, Any]:
    """One catalog entry (or paragraph) from one .po message, its keys in the catalog's order."""
    unit: dict[str, Any] = {"hash": _hash(message)}
    if "fuzzy" in message.flags:
        unit["fuzzy"] = True
    if "read-only" in message.flags:
        unit["same"] = True
    previous = _previous_id(message)
    if previous is not None:
        unit["previous_en"] = _lines(previous)
    unit["en"] = _lines(message.id)
    if not unit.get("same"):
        unit["zh"] = _lines(message.string) if message.string else None
    return unit


def _kind(message: Message) -> str:
    for comment in message.auto_comments:
        for kind in HINTS:
            if comment.startswith(f"{kind} cell "):
                return kind
    raise ValueError(f"{message.context}: the comment saying whether it is a markdown or a code cell is missing")


def _hash(message: Message) -> str:
    for comment in message.auto_comments:
        if comment.startswith("hash "):
            return comment.removeprefix("hash ")
    raise ValueError(f"{message.context}: the \"#. hash …\" comment is missing; export the catalog again")


def _previous_id(message: Message) -> str | None:
    """The `#| msgid` of a message, which Babel's reader leaves among the translator comments."""
    found = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not found or not found[0].startswith("msgid "):
        return None
    return denormalize("\n".join([found[0].removeprefix("msgid "), *found[1:]]))

