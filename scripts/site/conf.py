"""Sphinx configuration of the course website, shared by both editions.

`scripts/site/build.py` stages each edition's pages and runs Sphinx with this folder as its
configuration (`-c`), passing the edition in `-D language=...`. Nothing here fetches anything:
MyST-NB renders the committed, executed notebooks as they are (no execution), the theme's
assets ship with its package, and the Chinese pages use the course's own CJK font subset.
"""
from __future__ import annotations

import os

project = "Parallel tool calling for LLM agents"
author = "the course's authors"
language = os.environ.get("COURSE_SITE_LANGUAGE", "en")
ZH = language.startswith("zh")
if ZH:
    project = "LLM 智能体的并行工具调用"

extensions = ["myst_nb"]
root_doc = "00_index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
nb_execution_mode = "off"               # the committed, nbval-checked outputs are what a reader sees
nb_output_stderr = "remove"
nb_merge_streams = True
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type", "misc.highlighting_failure"]

html_theme = "furo"
html_title = project
html_static_path = ["_static"]
html_css_files = ["course.css"]
templates_path = ["_templates"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_context = {"edition": "zh-CN" if ZH else "en"}
html_sidebars = {"**": ["sidebar/brand.html", "sidebar/edition.html", "sidebar/search.html",
                        "sidebar/scroll-start.html", "sidebar/navigation.html", "sidebar/scroll-end.html"]}
html_theme_options = {"navigation_with_keys": True}
if ZH:
    html_search_language = "zh"
    html_search_options = {"dict": os.environ.get("COURSE_SITE_JIEBA_DICT", "")}
    import logging

    import jieba  # Sphinx's Chinese search splits words with it; its progress lines are noise here

    jieba.setLogLevel(logging.WARNING)

    # Sphinx 9.0's Chinese search stems Latin words with the English stemmer, but its language_data.js
    # then names a `ChineseStemmer` that does not exist, and the search page stops with a script error.
    # The stemmer's JavaScript class is named after `language_name`: name the English one.
    from sphinx.search import zh as _zh_search

    _zh_search.SearchChinese.language_name = "English"
