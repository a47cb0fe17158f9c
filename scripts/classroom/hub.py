"""A real JupyterHub classroom on this machine, for rehearsing a workshop before the day.

    python scripts/classroom/hub.py                 # or: make classroom
    python scripts/classroom/hub.py --port 8000 --password letmein

What it starts, all on 127.0.0.1 and all under one temporary folder (removed when it stops):

- JupyterHub from the package index, with its simple local spawner (every learner's server runs
  as this user, with a home of its own under the folder) and the dummy authenticator (any name,
  one shared password, printed below);
- its proxy: the Python implementation of configurable-http-proxy, installed by pip from
  constraints.txt like everything else (no Node.js needed);
- single-user servers from this environment, so the course runs with the tested pins;
- nbgitpuller, serving the lessons from a git clone of this repository (file://, no network).

It prints the nbgitpuller link an instructor hands out, and stops the hub, the proxy and every
learner's server and kernel on Ctrl-C (or when the calling code leaves `with Hub(...)`).
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[2]
REPO_NAME = "parallel-tool-calling-course"
BIN = Path(sys.executable).parent
# What the hub passes down to a learner's server besides its own variables; the rest of this
# process's environment (a test's progress file, Jupyter folders, model keys) stays out.
KEEP = ("PATH", "LANG", "LC_ALL", "VIRTUAL_ENV", "PYTHONPATH", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
# JupyterLab settings that keep a classroom quiet and offline: no news feed, no update checks.
QUIET_LAB = ('{"fetchNews": "false", "checkForUpdates": false}',
             "@jupyterlab/apputils-extension/notification.jupyterlab-settings")

CONFIG = '''\
# Written by scripts/classroom/hub.py for one classroom run; removed with its folder.
import json, os
from pathlib import Path
c = get_config()  # noqa: F821
c.JupyterHub.bind_url = {bind_url!r}
c.JupyterHub.hub_bind_url = {hub_url!r}
c.JupyterHub.db_url = {db_url!r}
c.JupyterHub.cookie_secret_file = {cookie!r}
c.JupyterHub.pid_file = {pid!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ["CLASSROOM_PASSWORD"]
c.Authenticator.allow_all = True
c.Authenticator.admin_users = {{"instructor"}}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.env_keep = {keep!r}
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
# Without --proxy-timeout the Python proxy gives up on a server that takes 20 s to answer (tornado's
# default): under a room's start-up burst a kernel's websocket can take longer than that.
c.ConfigurableHTTPProxy.command = [{proxy!r}, "--proxy-timeout", "300000"]
c.ConfigurableHTTPProxy.api_url = {proxy_api!r}
c.ConfigurableHTTPProxy.pid_file = {proxy_pid!r}

def quiet_lab(spawner):
    """Every learner's JupyterLab starts without a news feed or update check."""
    settings = Path(spawner.home_dir, ".jupyter/lab/user-settings", {quiet_dir!r})
    settings.mkdir(parents=True, exist_ok=True)
    target = settings / {quiet_file!r}
    if not target.exists():
        target.write_text({quiet!r})

c.Spawner.pre_spawn_hook = quiet_lab
'''


NEEDS = ("jupyterhub", "nbgitpuller", "configurable_http_proxy", "psutil", "httpx")


def missing() -> list[str]:
    """The modules a classroom hub and its rehearsal need that are not installed here."""
    import importlib.util

    return [name for name in NEEDS if importlib.util.find_spec(name) is None]


def free_port() -> int:
    """A TCP port nobody listens on right now, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(*args: str, cwd: Path | None = None) -> str:
    """Run git quietly; its output, stripped."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    return done.stdout.strip()


def serve_lessons(dest: Path, source: Path = ROOT) -> tuple[str, str, str]:
    """A bare clone of this repository at `dest`, its branch set to the commit checked out here.

    Returns (repository URL, branch, commit). nbgitpuller clones from it on a learner's first
    click and merges from it on later clicks; commit to `dest` to hand out an update.
    """
    commit = git("rev-parse", "HEAD", cwd=source)
    branch = git("rev-parse", "--abbrev-ref", "HEAD", cwd=source)
    branch = "main" if branch == "HEAD" else branch
    git("clone", "--quiet", "--bare", "--no-hardlinks", str(source), str(dest))
    git("update-ref", f"refs/heads/{branch}", commit, cwd=dest)
    git("symbolic-ref", "HEAD", f"refs/heads/{branch}", cwd=dest)
    return dest.as_uri(), branch, commit


def pull_link(base_url: str, repo: str, branch: str, notebook: str = "lessons/00_index.ipynb",
              user: str | None = None) -> str:
    """The nbgitpuller link: clones (first click) or merges (later clicks), then opens `notebook`."""
    query = urlencode({"repo": repo, "branch": branch, "urlpath": f"lab/tree/{REPO_NAME}/{notebook}"},
                      quote_via=quote)
    where = f"user/{user}" if user else "hub/user-redirect"
    return f"{base_url.rstrip('/')}/{where}/git-pull?{query}"


@dataclass
class Hub:
    """One running classroom hub; use as a context manager, or call start() and stop()."""

    folder: Path | None = None
    port: int = 0
    password: str = field(default_factory=lambda: secrets.token_urlsafe(9))
    keep_folder: bool = False
    process: subprocess.Popen | None = None
    repo: str = ""
    branch: str = ""
    commit: str = ""
    _made_folder: bool = False

    @property
    def url(self) -> str:
        """The hub's public address (the proxy's)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def homes(self) -> Path:
        """Where every learner's home folder is."""
        assert self.folder is not None
        return self.folder / "homes"

    def home(self, user: str) -> Path:
        """One learner's home: their clone of the lessons, their Jupyter settings, their progress."""
        return self.homes / user

    def link(self, notebook: str = "lessons/00_index.ipynb", user: str | None = None) -> str:
        """The nbgitpuller link to hand out (or one learner's direct version of it)."""
        return pull_link(self.url, self.repo, self.branch, notebook, user)

    def start(self, timeout: float = 120) -> "Hub":
        """Clone the lessons, write the configuration, start JupyterHub, wait until it answers."""
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="classroom-"))
            self._made_folder = True
        self.folder.mkdir(parents=True, exist_ok=True)
        self.homes.mkdir(exist_ok=True)
        state = self.folder / "state"
        state.mkdir(exist_ok=True)
        self.repo, self.branch, self.commit = serve_lessons(self.folder / "git" / REPO_NAME)
        self.port = self.port or free_port()
        quiet, quiet_name = QUIET_LAB
        quiet_dir, quiet_file = quiet_name.rsplit("/", 1)
        is_root = hasattr(os, "geteuid") and os.geteuid() == 0
        config = CONFIG.format(
            bind_url=self.url, hub_url=f"http://127.0.0.1:{free_port()}", db_url=f"sqlite:///{state}/jupyterhub.sqlite",
            cookie=str(state / "cookie_secret"), pid=str(state / "jupyterhub.pid"), homes=str(self.homes),
            singleuser=str(BIN / "jupyterhub-singleuser"),
            args=[*(["--allow-root"] if is_root else []),
                  "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            keep=list(KEEP), proxy=str(BIN / "configurable-http-proxy"),
            proxy_api=f"http://127.0.0.1:{free_port()}", proxy_pid=str(state / "proxy.pid"),
            quiet_dir=quiet_dir, quiet_file=quiet_file, quiet=quiet)
        (state / "jupyterhub_config.py").write_text(config)
        env = {k: v for k, v in os.environ.items() if k in KEEP or k in ("HOME", "USER", "SHELL")}
        env.update(CLASSROOM_PASSWORD=self.password, PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}")
        log = open(self.folder / "jupyterhub.log", "ab")
        self.process = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(state / "jupyterhub_config.py")],
                                        cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()
        try:
            self._wait(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited (code {self.process.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=3) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"JupyterHub did not answer within {timeout:g} s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the hub's log (the proxy's and the spawners' messages are in it too)."""
        path = self.folder / "jupyterhub.log" if self.folder else None
        return path.read_text(errors="replace")[-chars:] if path and path.exists() else ""

    def processes(self) -> list:
        """Every live process the hub started, however deep (psutil.Process objects)."""
        import psutil

        if self.process is None:
            return []
        try:
            top = psutil.Process(self.process.pid)
            return [top, *top.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def stop(self, timeout: float = 30) -> None:
        """Stop the hub, its proxy, every learner's server and kernel; remove the folder if we made it."""
        import psutil

        family = self.processes()
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the hub stops the servers and the proxy itself
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        # Whatever is left (a server in its own session, a kernel's subprocess): by process id.
        alive = [p for p in family if _alive(p)]
        for p in alive:
            try:
                p.terminate()
            except psutil.NoSuchProcess:
                pass
        _, alive = psutil.wait_procs(alive, timeout=10)
        for p in alive:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(alive, timeout=5)
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)
        if self._made_folder and not self.keep_folder and self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "Hub":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _alive(p) -> bool:
    import psutil

    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start a local JupyterHub classroom serving this course.")
    parser.add_argument("--port", type=int, default=8000, help="the hub's port on 127.0.0.1 (default 8000)")
    parser.add_argument("--password", default=None, help="the shared password (default: a new random one)")
    parser.add_argument("--folder", type=Path, default=None,
                        help="keep state and homes here instead of a temporary folder removed at the end")
    args = parser.parse_args(argv)
    if missing():
        print("JupyterHub is not installed here. Install the hub extra:\n"
              '    python -m pip install -c constraints.txt -e ".[hub]"\n'
              "(or run `make classroom`, which does it for you).", file=sys.stderr)
        return 1
    hub = Hub(folder=args.folder, port=args.port, keep_folder=args.folder is not None,
              **({"password": args.password} if args.password else {}))
    stop = {"now": False}
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even where a shell started us ignoring it
    for name in ("SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), lambda *_: stop.update(now=True))
    try:
        hub.start()
        print(f"""
A classroom hub is running at {hub.url}/ (this machine only).
Lessons: this repository at commit {hub.commit[:10]} (branch {hub.branch}), served from {hub.repo}

Hand out this link (learners log in with any name and the password {hub.password}):

    {hub.link()}

Lesson 1 directly: {hub.link("lessons/01_concepts.ipynb")}
Homes and state: {hub.folder} {'(kept)' if hub.keep_folder else '(removed when the hub stops)'}
Ctrl-C stops the hub, the proxy and every learner's server.
""", flush=True)
        while not stop["now"] and hub.process is not None and hub.process.poll() is None:
            time.sleep(0.5)
        if hub.process is not None and hub.process.poll() is not None:
            print(f"JupyterHub stopped by itself:\n{hub.log_tail()}", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        pass
    finally:
        print("Stopping the classroom hub…", flush=True)
        hub.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
