"""Every process the local server starts is stopped: on stop(), at exit, and when its parent is killed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request

import pytest

import course.local as lm

pytestmark = pytest.mark.local_model


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purposes
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _wait_gone(pid: int, deadline: float = 60.0) -> bool:
    """Poll until the process is gone; the deadline only turns a hang into a failure."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


def test_the_server_answers_on_loopback_only_and_stops(local_server):
    server = lm.LocalServer().start()
    pid = server.process.pid
    try:
        assert server.base_url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(server.url + "/health", timeout=30) as reply:
            assert reply.status == 200
        assert "chat_template" in server.props()
    finally:
        server.stop()
    assert _wait_gone(pid) and not server.running()
    with pytest.raises(lm.LocalServerError, match="call start"):
        server.base_url


def test_a_killed_parent_takes_its_server_with_it(local_server, tmp_path):
    # What a kernel restart does: SIGKILL to the process that started the server; no handler runs.
    script = textwrap.dedent("""
        import course.local as lm, sys
        server = lm.LocalServer().start()
        print(server.process.pid, flush=True)
        sys.stdin.read()
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        server_pid = int(parent.stdout.readline())
        assert _alive(server_pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert _wait_gone(server_pid), "the server outlived the process that started it"
    finally:
        parent.kill()


def test_python_exiting_normally_stops_the_server(local_server):
    script = "import course.local as lm; s = lm.LocalServer().start(); print(s.process.pid)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=600)
    assert _wait_gone(int(out.stdout.split()[-1]))


def test_a_server_that_cannot_load_says_why_and_leaves_nothing_running(local_server, tmp_path):
    bad = tmp_path / "not-a-model.gguf"
    bad.write_bytes(b"this is not a GGUF file")
    server = lm.LocalServer(model=bad, start_timeout=120)
    with pytest.raises(lm.LocalServerError, match="log .* ends"):
        server.start()
    assert server.process is None and not server.running()
