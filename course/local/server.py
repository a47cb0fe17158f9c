"""LocalServer: start llama.cpp's server on loopback, wait until it answers, stop every process it started.

Stopping is guaranteed three ways, because a notebook ends in three ways:
`stop()` (or leaving a `with` block) when asked; an `atexit` handler when Python exits normally;
and the launcher's stdin pipe when the kernel is killed (a JupyterLab restart sends SIGKILL, and no
Python code runs then). The server runs in its own process group, so one `killpg` reaches it
whatever it spawned.
"""
from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

from . import weights

TEMPLATE = Path(__file__).with_name("chat_template.jinja")
_RUNNING: set["LocalServer"] = set()


class LocalServerError(RuntimeError):
    """The local server did not start or stopped answering; the message quotes its log."""


def default_threads() -> int:
    """Threads for the model: one core fewer than this process may use, at least one, at most four.

    llama.cpp's threads wait for each other at every layer, so one thread that shares its core with
    another busy process slows them all: on a loaded 2-core machine, measured, 2 threads generated
    1-2 tokens/s where 1 thread generated 13-16. Leaving a core free costs little on a quiet machine
    and keeps the kernel and the tools responsive.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(4, cores - 1))


class LocalServer:
    """One llama.cpp server process on 127.0.0.1 serving the course's local model."""

    def __init__(self, model: Path | None = None, *, threads: int | None = None, port: int = 0,
                 max_tokens: int = 256, start_timeout: float = 180.0) -> None:
        self.model = model
        self.threads = threads or default_threads()
        self.port = port
        self.max_tokens = max_tokens
        self.start_timeout = start_timeout
        self.url: str | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.load_seconds: float | None = None
        self.log_path = weights.cache_dir() / "server.log"
        self._log: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible base URL (…/v1) — what OPENAI_BASE_URL would be set to."""
        if self.url is None:
            raise LocalServerError("The local server is not running: call start() first.")
        return f"{self.url}/v1"

    def running(self) -> bool:
        """True while the server process is alive."""
        return self.process is not None and self.process.poll() is None

    def start(self) -> "LocalServer":
        """Start the server and return once it answers /health (the model is loaded)."""
        if self.running():
            return self
        model = self.model or weights.model_path()
        try:
            import xllamacpp  # noqa: F401  (only to fail here, clearly, when the extra is missing)
        except ImportError:
            raise weights.LocalModelMissing(f"The llama.cpp server (xllamacpp) is not installed. "
                                            f"{weights.INSTALL_HINT}") from None
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("wb")
        began = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "course.local.launch", str(model), "--port", str(self.port),
             "--threads", str(self.threads), "--template", str(TEMPLATE), "--max-tokens", str(self.max_tokens)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, process_group=0,
            cwd=Path(__file__).resolve().parents[2], env={**os.environ, "LLAMA_OFFLINE": "1"})
        _RUNNING.add(self)
        try:
            self.url = self._read_address(began)
            self._wait_healthy(began)
        except BaseException:
            self.stop()
            raise
        self.load_seconds = time.perf_counter() - began
        return self

    def _read_address(self, began: float) -> str:
        """The `listening <url>` line the launcher prints once the model is loaded."""
        assert self.process is not None and self.process.stdout is not None
        line: list[bytes] = []
        reader = threading.Thread(target=lambda: line.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(self.start_timeout)
        text = line[0].decode(errors="replace").strip() if line else ""
        if not text.startswith("listening "):
            raise LocalServerError(self._failure(f"did not start within {time.perf_counter() - began:.0f} s"))
        return text.split(" ", 1)[1].rstrip("/")

    def _wait_healthy(self, began: float) -> None:
        """Poll /health until it answers 200 (503 while the model loads)."""
        while time.perf_counter() - began < self.start_timeout:
            if not self.running():
                raise LocalServerError(self._failure("exited while loading"))
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=5) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        raise LocalServerError(self._failure(f"did not answer /health within {self.start_timeout:.0f} s"))

    def _failure(self, what: str) -> str:
        """A sentence naming what went wrong and the last lines of the server's log."""
        tail = ""
        if self.log_path.exists():
            tail = "\n".join(self.log_path.read_text(errors="replace").splitlines()[-8:])
        return f"The local llama.cpp server {what}. Its log ({self.log_path}) ends:\n{tail}"

    def props(self) -> dict:
        """The server's /props: its build, its chat template's capabilities, its settings."""
        with urllib.request.urlopen(f"{self.url}/props", timeout=10) as reply:
            return json.loads(reply.read())

    def stop(self) -> None:
        """Stop the server and every process in its group: SIGTERM, then SIGKILL after 10 s."""
        process, self.process = self.process, None
        _RUNNING.discard(self)
        if process is not None:
            if process.stdin is not None:
                process.stdin.close()
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                except ProcessLookupError:
                    pass
            if process.stdout is not None:
                process.stdout.close()
        if self._log is not None:
            self._log.close()
            self._log = None
        self.url = None

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"running at {self.base_url}" if self.running() else "stopped"
        return f"<LocalServer {state}, {self.threads} threads>"


@atexit.register
def _stop_all() -> None:
    """Stop every server still running when Python exits."""
    for server in list(_RUNNING):
        server.stop()
