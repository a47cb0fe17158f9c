"""Start JupyterLab on a free loopback port, with every Jupyter and IPython directory in a temp folder."""
from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
PAGE_TIMEOUT_MS = 30_000

# JupyterLab user settings that keep a test run quiet and offline: no news, no update checks.
QUIET_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True},
}


@dataclass
class Lab:
    """A running JupyterLab server."""

    process: subprocess.Popen[bytes]
    port: int
    token: str
    root: Path
    log: Path

    def url(self, path: str, query: str = "") -> str:
        """The address of a page of this server, with the token (and any extra query, e.g. "reset")."""
        extra = f"{query}&" if query else ""
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}?{extra}token={self.token}"

    def stop(self) -> None:
        """Stop the server (and with it the kernels it started)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def free_port() -> int:
    """A TCP port nobody listens on right now, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_environment(home: Path) -> dict[str, str]:
    """The server's environment: Jupyter's config, data and runtime dirs and IPython's dir under `home`.

    Kernel specs still resolve to this Python: the server runs on sys.executable, and the
    "python3" kernel's argv[0] "python" is replaced by the server's own interpreter.
    """
    env = dict(os.environ)
    for name, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                      ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                      ("JUPYTERLAB_SETTINGS_DIR", "settings"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env["MPLBACKEND"] = "Agg"
    for name, values in QUIET_SETTINGS.items():
        plugin, file = name.rsplit("/", 1)
        target = home / "settings" / plugin / file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    return env


def open_notebook(browser: object, lab: Lab, notebook: str) -> object:
    """A fresh browser context (a fresh profile) showing one notebook, once its kernel is idle."""
    from playwright.sync_api import expect

    page = browser.new_context(viewport={"width": 1280, "height": 1200}).new_page()  # type: ignore[attr-defined]
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(lab.url(f"lab/tree/{notebook}", "reset"))  # reset: no tabs restored from an earlier test
    # the kernel must be ready before Run All, or the run is queued behind its start-up
    expect(page.locator("#jp-main-statusbar").get_by_text(re.compile(r"\bIdle\b"))).to_be_visible(timeout=60_000)
    return page


def start_lab(root: Path, home: Path, timeout: float = 60.0) -> Lab:
    """Start `jupyter lab` serving `root`; wait until its API answers."""
    port, token = free_port(), secrets.token_hex(16)
    home.mkdir(parents=True, exist_ok=True)
    log = home / "lab.log"
    args = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--ServerApp.open_browser=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    with open(log, "wb") as out:
        process = subprocess.Popen(args, cwd=root, env=lab_environment(home), stdout=out,
                                   stderr=subprocess.STDOUT)
    lab = Lab(process, port, token, root, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early (code {process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(lab.url("api/status"), timeout=2) as reply:
                if reply.status == 200:
                    return lab
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    lab.stop()
    raise RuntimeError(f"JupyterLab did not answer within {timeout:g} s:\n{log.read_text()[-3000:]}")
