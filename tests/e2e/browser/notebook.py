"""The notebook the browser test opens: the playground, plus a cell that states its metrics."""
from __future__ import annotations

from pathlib import Path

import nbformat

CELLS = [
    "import widgets\npg = widgets.playground()\npg",
]


def write_playground_notebook(folder: Path, name: str = "playground.ipynb", execute: bool = False,
                              env: dict[str, str] | None = None) -> Path:
    """Write a notebook showing the delivery-mode playground (executed headless, like a committed
    lesson, when execute=True); return its path."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Playground")] + [nbformat.v4.new_code_cell(c) for c in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    if execute:
        from jupyter_client.manager import KernelManager
        from nbclient import NotebookClient

        manager = KernelManager(kernel_name="python3")
        NotebookClient(nb, km=manager, timeout=120).execute(cwd=str(folder), env=env)
    path = folder / name
    nbformat.write(nb, path)
    return path
