"""The repository's own commands (notebook build, translations, chart font, classroom), as a package.

Run from the repository root. A script that imports a sibling runs as a module,
`python -m scripts.classroom.rehearsal`; the others also run as files, `python scripts/build_notebooks.py`.
Tests import them the same way: `from scripts.classroom import hub`.
"""
