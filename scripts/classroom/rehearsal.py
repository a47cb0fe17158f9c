"""Rehearse a room of N learners on a classroom hub, the way hubtraf does: over HTTP and the
kernel protocol, with no browser.

    python -m scripts.classroom.rehearsal --learners 5
    python -m scripts.classroom.rehearsal --learners 5 --lesson lessons/07_coding_agent.ipynb --json out.json

Every learner, all at once (the start of a class):
log in through the hub's login form → start their server → follow the nbgitpuller link (the hub
redirects, the server clones the lessons into their home) → open the lesson → run every code cell
over the kernel's websocket → add a cell of their own and run it → open the playground and click
through its modes (widget messages, as the browser sends them) → save the notebook → click the
link again (nbgitpuller merges) and check their edit is still there.

Measured per learner: time to server ready, time to the first chart (from arriving at the hub),
time to run the lesson, cell failures, playground click round trips, CPU seconds and peak memory
(PSS) of their server and kernel. For the room: peak memory, CPU used, load. Nothing here is
compared with a time limit; the bench (bench/hub.py) reports the numbers, the tests check facts.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import struct
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scripts.classroom import hub as classroom

LESSON = "lessons/01_concepts.ipynb"
PLAYGROUND = "import widgets\npg = widgets.playground()\npg"
MODES = ("one-at-a-time", "sequential", "hybrid", "all")


@dataclass
class Learner:
    """What happened to one learner."""

    name: str
    login_s: float = 0.0
    server_ready_s: float = 0.0        # from arriving at the hub
    pulled_s: float = 0.0              # lessons cloned into their home
    first_chart_s: float | None = None  # from arriving at the hub to the first image output
    lesson_s: float = 0.0              # running every code cell, first to last
    cells: int = 0
    failed_cells: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # the first error line of each failed cell
    toggles_s: list[float] = field(default_factory=list)
    toggles_redrawn: int = 0
    edit_kept: bool = False
    cpu_s: float = 0.0
    peak_mib: float = 0.0
    error: str = ""

    @property
    def ok(self) -> bool:
        """Got through everything, every cell ran, every click redrew, the edit survived."""
        return (not self.error and not self.failed_cells and self.first_chart_s is not None
                and self.toggles_redrawn == len(self.toggles_s) > 0 and self.edit_kept)


# ---- the kernel protocol over the server's websocket -------------------------------------------
def _message(msg_type: str, content: dict, session: str, channel: str = "shell") -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "learner",
                       "session": session, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}


def _decode(frame: str | bytes) -> dict:
    """A message from jupyter_server's websocket: JSON text, or its binary form when it carries buffers."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{count}I", frame[4:4 + 4 * count])
    msg = json.loads(frame[offsets[0]:offsets[1] if count > 1 else None])
    msg["buffers"] = [frame[a:b] for a, b in zip(offsets[1:], [*offsets[2:], len(frame)])]
    return msg


class Kernel:
    """A kernel reached through the hub's proxy and the learner's server, as JupyterLab reaches it."""

    def __init__(self, ws: Any):
        self.ws, self.session = ws, uuid.uuid4().hex
        self.widgets: dict[str, dict] = {}  # comm id -> widget state, from comm_open/comm_msg

    async def request(self, msg_type: str, content: dict, on_output=None) -> tuple[dict, list[dict]]:
        """Send one shell request; collect what it caused until the kernel is idle again."""
        msg = _message(msg_type, content, self.session)
        await self.ws.write_message(json.dumps(msg))
        reply, outputs, idle = None, [], False
        while reply is None or not idle:
            frame = await self.ws.read_message()
            if frame is None:
                raise ConnectionError("the kernel's websocket closed")
            m = _decode(frame)
            mtype = m.get("msg_type") or m["header"]["msg_type"]
            if mtype in ("comm_open", "comm_msg"):
                data = m["content"].get("data", {})
                state = self.widgets.setdefault(m["content"]["comm_id"], {})
                state.update(data.get("state", {}))
                if m.get("buffers"):
                    state["_buffers_seen"] = state.get("_buffers_seen", 0) + 1
            if m["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
                continue
            if m["channel"] == "shell":
                reply = m
            elif mtype == "status" and m["content"]["execution_state"] == "idle":
                idle = True
            elif mtype in ("stream", "display_data", "execute_result", "error"):
                outputs.append(m)
                if on_output:
                    on_output(m)
            if msg_type == "comm_msg" and idle:
                reply = reply or m  # comm messages have no reply of their own
        return reply, outputs

    async def run(self, code: str, on_output=None) -> tuple[str, list[dict]]:
        """Execute code; (status, iopub outputs)."""
        reply, outputs = await self.request("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": False}, on_output)
        return reply["content"].get("status", "ok"), outputs

    def widget(self, model: str, label: str) -> str | None:
        """The comm id of a widget of this model whose options include `label`."""
        for comm_id, state in self.widgets.items():
            if state.get("_model_name") == model and label in state.get("_options_labels", ()):
                return comm_id
        return None

    async def click(self, comm_id: str, index: int) -> None:
        """What JupyterLab sends when a toggle button is clicked: a state update on its comm."""
        await self.request("comm_msg", {"comm_id": comm_id, "data": {
            "method": "update", "state": {"index": index}, "buffer_paths": []}})


def own_cell(name: str, lesson: str) -> str:
    """The cell a learner adds: an answer to the lesson's self-check quiz, signed."""
    quiz = f"{Path(lesson).name[:2]}.quiz"
    return (f'print("{name} was here")\nimport course.exercises\n'
            f'course.exercises.get("{quiz}").check({{1: "a", 2: "b", 3: "c", 4: "a"}})')


# ---- one learner ------------------------------------------------------------------------------
async def learner(hub: classroom.Hub, name: str, lesson: str, start: float, toggles: int = len(MODES)) -> Learner:
    """One learner's whole visit; never raises (an error is recorded on the result)."""
    import httpx

    me = Learner(name)
    async with httpx.AsyncClient(base_url=hub.url, timeout=httpx.Timeout(600.0, connect=60.0)) as http:
        try:
            await _visit(hub, http, me, lesson, start, toggles)
        except Exception as exc:  # recorded, so one learner's trouble never hides the others'
            me.error = f"{type(exc).__name__}: {exc}"[:500]
    return me


async def _visit(hub: classroom.Hub, http, me: Learner, lesson: str, start: float, toggles: int) -> None:
    import nbformat
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    def since() -> float:
        return round(time.monotonic() - start, 3)

    # 1. the login form (the hub sets an _xsrf cookie on the form, and checks it on the post)
    (await http.get("/hub/login")).raise_for_status()
    xsrf = http.cookies.get("_xsrf", path="/hub/")
    reply = await http.post("/hub/login", data={"username": me.name, "password": hub.password, "_xsrf": xsrf})
    if reply.status_code != 302 or "jupyterhub-session-id" not in http.cookies:
        raise RuntimeError(f"login failed: {reply.status_code}")
    me.login_s = since()
    xsrf = http.cookies.get("_xsrf", path="/hub/")  # renewed for the logged-in session
    # A token of their own (what the hub's token page does), for the API calls below.
    reply = await http.post(f"/hub/api/users/{me.name}/tokens", headers={"X-XSRFToken": xsrf},
                            json={"note": "rehearsal"})
    reply.raise_for_status()
    auth = {"Authorization": f"token {reply.json()['token']}"}

    # 2. start their server, wait until the hub says it is ready
    reply = await http.post(f"/hub/api/users/{me.name}/server", headers=auth)
    if reply.status_code not in (201, 202, 400):  # 400: already running
        raise RuntimeError(f"spawn failed: {reply.status_code} {reply.text[:200]}")
    gone, deadline = 0, time.monotonic() + 600  # gone: answers in a row saying no server is on its way
    while time.monotonic() < deadline:
        reply = await http.get(f"/hub/api/users/{me.name}", headers=auth)
        if reply.status_code != 200:  # a busy hub may answer late or with an error: ask again
            await asyncio.sleep(1.0)
            continue
        user = reply.json()
        server = user.get("servers", {}).get("")
        if server and server.get("ready"):
            break
        gone = gone + 1 if not server and not user.get("pending") else 0
        if gone >= 3:
            raise RuntimeError(f"the server stopped while starting: {reply.text[:300]}")
        await asyncio.sleep(0.5)
    else:
        raise RuntimeError("the server was not ready within 600 s")
    me.server_ready_s = since()
    base = f"/user/{me.name}"

    # 3. the nbgitpuller link: the hub redirects to their server, which shows the pull page;
    #    the page's event stream does the clone.
    link = hub.link(lesson)
    page = await http.get(link[len(hub.url):], headers=auth, follow_redirects=True)
    page.raise_for_status()
    if "/git-pull" not in page.url.path:
        raise RuntimeError(f"the link led to {page.url}")
    query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    await _pull(http, base, query, auth)
    me.pulled_s = since()

    # 4. open the lesson, start its kernel (a session, as JupyterLab does), run every cell
    path = f"{classroom.REPO_NAME}/{lesson}"
    model = (await http.get(f"{base}/api/contents/{path}", headers=auth)).raise_for_status().json()
    nb = nbformat.from_dict(model["content"])
    reply = await http.post(f"{base}/api/sessions", headers=auth, json={
        "path": path, "name": Path(path).name, "type": "notebook", "kernel": {"name": "python3"}})
    reply.raise_for_status()
    kernel_id = reply.json()["kernel"]["id"]
    ws_url = f"ws://127.0.0.1:{hub.port}{base}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"
    ws = await websocket_connect(HTTPRequest(ws_url, headers=auth, request_timeout=600),
                                 max_message_size=256 * 1024 * 1024)
    try:
        kernel = Kernel(ws)

        def saw(m: dict) -> None:
            if me.first_chart_s is None and "image/png" in m["content"].get("data", {}):
                me.first_chart_s = since()

        began = time.monotonic()
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            status, outputs = await kernel.run(cell.source, saw)
            me.cells += 1
            cell.outputs = [nbformat.v4.output_from_msg(m) for m in outputs]
            if status != "ok":
                me.failed_cells.append(index)
                errors = [f"{m['content']['ename']}: {m['content']['evalue']}" for m in outputs
                          if (m.get("msg_type") or m["header"]["msg_type"]) == "error"]
                me.failures.append(f"cell {index}: {errors[0] if errors else status}"[:300])
        me.lesson_s = round(time.monotonic() - began, 3)

        # 5. a cell of their own, answering the lesson's quiz (an attempt their progress file
        #    records): what the second click must not take away
        mine = nbformat.v4.new_code_cell(own_cell(me.name, lesson))
        status, outputs = await kernel.run(mine.source)
        mine.outputs = [nbformat.v4.output_from_msg(m) for m in outputs]
        nb.cells.append(mine)

        # 6. the playground, clicked through its modes over the widget protocol
        await kernel.run(PLAYGROUND)
        toggle = kernel.widget("ToggleButtonsModel", "one-at-a-time")
        images = [c for c, s in kernel.widgets.items() if s.get("_model_name") == "ImageModel"]
        if toggle is None or not images:
            raise RuntimeError("the playground sent no mode buttons or no chart")
        labels = list(kernel.widgets[toggle]["_options_labels"])
        for i in range(toggles):
            seen = sum(kernel.widgets[c].get("_buffers_seen", 0) for c in images)
            clicked = time.monotonic()
            await kernel.click(toggle, labels.index(MODES[i % len(MODES)]))
            me.toggles_s.append(round(time.monotonic() - clicked, 3))
            if sum(kernel.widgets[c].get("_buffers_seen", 0) for c in images) > seen:
                me.toggles_redrawn += 1
    finally:
        ws.close()

    # 7. save, click the link again, and check their cell is still in their copy
    (await http.put(f"{base}/api/contents/{path}", headers=auth,
                    json={"type": "notebook", "format": "json", "content": nb})).raise_for_status()
    await _pull(http, base, query, auth)
    again = (await http.get(f"{base}/api/contents/{path}", headers=auth)).raise_for_status().json()
    me.edit_kept = any(f"{me.name} was here" in "".join(c["source"]) for c in again["content"]["cells"])


async def _pull(http, base: str, query: dict[str, str], auth: dict[str, str]) -> None:
    """nbgitpuller's event stream (what its page listens to), until it says finished."""
    params = {k: query[k] for k in ("repo", "branch") if k in query}
    async with http.stream("GET", f"{base}/git-pull/api", params=params, headers=auth) as reply:
        reply.raise_for_status()
        async for line in reply.aiter_lines():
            if not line.startswith("data:"):
                continue
            event = json.loads(line[5:])
            if event.get("phase") == "finished":
                return
            if event.get("phase") == "error":
                raise RuntimeError(f"nbgitpuller: {event.get('message')} {event.get('output', '')}")
    raise RuntimeError("nbgitpuller's stream ended without finishing")


# ---- what the room costs ------------------------------------------------------------------------
class Sampler(threading.Thread):
    """Samples the hub's process tree: memory (PSS) and CPU per learner, for the whole room."""

    def __init__(self, hub: classroom.Hub, interval: float = 1.0):
        super().__init__(daemon=True)
        self.hub, self.interval = hub, interval
        self.stopped = threading.Event()
        self.owner: dict[int, str] = {}       # pid -> learner ("" for the hub and its proxy)
        self.cpu: dict[int, float] = {}       # pid -> latest CPU seconds of its own
        self.reaped: dict[int, float] = {}    # pid -> CPU seconds of its children that have exited
        self.parent: dict[int, int] = {}      # pid -> parent pid, as first seen
        self.peak_user: dict[str, float] = {}  # learner -> peak PSS MiB
        self.peak_room = 0.0
        self.peak_learners = 0.0              # peak of the learners' processes alone
        self.samples = 0

    def _owner(self, p, depth: int = 0) -> str:
        """The learner a process works for: its own JUPYTERHUB_USER, else its parent's (a tool's
        subprocess may run with a clean environment); "" for the hub and its proxy."""
        if p.pid not in self.owner:
            try:
                user = p.environ().get("JUPYTERHUB_USER", "")
                parent = p.parent() if not user and depth < 20 else None
                if parent is not None and self.hub.process is not None and parent.pid != self.hub.process.pid:
                    user = self._owner(parent, depth + 1)
            except Exception:
                user = ""
            self.owner[p.pid] = user
        return self.owner[p.pid]

    def sample(self) -> None:
        import psutil

        per_user: dict[str, float] = {}
        room = 0.0
        for p in self.hub.processes():
            try:
                mem = p.memory_full_info()
                t = p.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            mib = getattr(mem, "pss", mem.rss) / 2**20
            user = self._owner(p)
            room += mib
            per_user[user] = per_user.get(user, 0.0) + mib
            self.cpu[p.pid] = t.user + t.system
            self.reaped[p.pid] = t.children_user + t.children_system
            if p.pid not in self.parent:
                try:
                    self.parent[p.pid] = p.ppid()
                except psutil.NoSuchProcess:
                    pass
        for user, mib in per_user.items():
            self.peak_user[user] = max(self.peak_user.get(user, 0.0), mib)
        self.peak_room = max(self.peak_room, room)
        self.peak_learners = max(self.peak_learners, room - per_user.get("", 0.0))
        self.samples += 1

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                self.sample()
            except Exception:
                pass
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=30)
        self.sample()

    def cpu_by_user(self) -> dict[str, float]:
        """CPU seconds per learner: each sampled process's own, plus what its exited children used
        beyond what was already sampled of them (a subprocess shorter than a sample still counts)."""
        import psutil

        seen_children: dict[int, float] = {}
        for pid, parent in self.parent.items():
            if not psutil.pid_exists(pid) or _zombie(pid):  # exited: now inside its parent's reaped time
                seen_children[parent] = seen_children.get(parent, 0.0) + self.cpu.get(pid, 0.0)
        out: dict[str, float] = {}
        for pid, seconds in self.cpu.items():
            extra = max(0.0, self.reaped.get(pid, 0.0) - seen_children.get(pid, 0.0))
            user = self.owner.get(pid, "")
            out[user] = out.get(user, 0.0) + seconds + extra
        return out


def _zombie(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank), so a room of 20 is judged by its 19th learner."""
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


async def _room(hub: classroom.Hub, n: int, lesson: str, toggles: int, stagger: float) -> list[Learner]:
    start = time.monotonic()

    async def one(i: int) -> Learner:
        await asyncio.sleep(i * stagger)
        return await learner(hub, f"learner{i + 1:02d}", lesson, time.monotonic(), toggles)

    del start
    return list(await asyncio.gather(*(one(i) for i in range(n))))


def rehearse(n: int = 2, lesson: str = LESSON, toggles: int = len(MODES), stagger: float = 0.0,
             hub: classroom.Hub | None = None, folder: Path | None = None) -> dict[str, Any]:
    """Start a hub (unless given one), send n learners through it at once, stop it; the report.

    With `folder`, the hub's state and the learners' homes are kept there for inspection.
    """
    import psutil

    own = hub is None
    if hub is None:
        hub = classroom.Hub(folder=folder, keep_folder=folder is not None).start()
    try:
        sampler = Sampler(hub)
        system_before, load_before = psutil.cpu_times(), os.getloadavg()
        rusage_before = time.process_time()
        sampler.start()
        began = time.monotonic()
        learners = asyncio.run(_room(hub, n, lesson, toggles, stagger))
        wall = time.monotonic() - began
        sampler.stop()
        load_after, system_after = os.getloadavg(), psutil.cpu_times()
        client_cpu = time.process_time() - rusage_before
        cpu = sampler.cpu_by_user()
        for me in learners:
            me.cpu_s = round(cpu.get(me.name, 0.0), 2)
            me.peak_mib = round(sampler.peak_user.get(me.name, 0.0), 1)
        busy = _busy(system_after) - _busy(system_before)
        ours = sum(cpu.values()) + client_cpu
        charts = [me.first_chart_s for me in learners if me.first_chart_s is not None]
        report = {
            "learners": n, "lesson": lesson, "stagger_s": stagger, "wall_s": round(wall, 1),
            "cpus": os.cpu_count(), "commit": hub.commit[:10],
            "ok": sum(me.ok for me in learners),
            "server_ready_s": _spread([me.server_ready_s for me in learners if me.server_ready_s]),
            "first_chart_s": _spread(charts) | ({"p95": round(p95(charts), 2)} if charts else {}),
            "lesson_s": _spread([me.lesson_s for me in learners if me.lesson_s]),
            "toggle_s": _spread([t for me in learners for t in me.toggles_s]),
            "failed_cells": sum(len(me.failed_cells) for me in learners),
            "peak_mib_per_learner": round(max((me.peak_mib for me in learners), default=0.0), 1),
            "mean_peak_mib_per_learner": round(statistics.mean(me.peak_mib for me in learners), 1),
            "room_peak_mib": round(sampler.peak_room, 1),
            "learners_peak_mib": round(sampler.peak_learners, 1),
            "hub_cpu_s": round(cpu.get("", 0.0), 1),
            "cpu_s_per_learner": round(statistics.mean(me.cpu_s for me in learners), 2),
            "room_cpu_s": round(sum(cpu.values()), 1),
            "client_cpu_s": round(client_cpu, 1),
            "cores_busy": round(ours / wall, 2) if wall else 0.0,
            "machine_cores_busy": round(busy / wall, 2) if wall else 0.0,
            "other_cores_busy": round(max(0.0, busy - ours) / wall, 2) if wall else 0.0,
            "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after],
            "per_learner": [asdict(me) | {"ok": me.ok} for me in learners],
        }
        if any(me.error for me in learners):  # what the hub said about it
            report["hub_errors"] = [line for line in hub.log_tail(200_000).splitlines()
                                    if line.startswith(("[E ", "[C "))][-20:]
        if hub.folder is not None:
            report["homes"] = {me.name: _belongings(hub, me.name, lesson) for me in learners}
        return report
    finally:
        if own:
            hub.stop()


def _busy(t) -> float:
    return t.user + t.system + getattr(t, "nice", 0.0) + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0)


def _spread(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {"min": round(min(values), 2), "median": round(statistics.median(values), 2),
            "max": round(max(values), 2)}


def _belongings(hub: classroom.Hub, user: str, lesson: str) -> dict[str, Any]:
    """What a learner's home holds afterwards: their copy of the lesson, their progress file."""
    home = hub.home(user)
    notebook = home / classroom.REPO_NAME / lesson
    progress = home / ".parallel-tool-course" / "progress.json"
    out: dict[str, Any] = {"notebook": notebook.exists(), "progress": progress.exists()}
    if notebook.exists():
        text = notebook.read_text()
        out["edit_in_notebook"] = f"{user} was here" in text
        out["others_edits"] = sorted({f"learner{m}" for m in range(1, 100)
                                      if f"learner{m:02d} was here" in text and f"learner{m:02d}" != user})
    if progress.exists():
        out["exercises_recorded"] = sorted(json.loads(progress.read_text()).get("exercises", {}))
    return out


def summary(report: dict[str, Any]) -> str:
    """A few lines for a terminal."""
    lines = [f"{report['learners']} learner(s), {report['lesson']}: {report['ok']} got through everything; "
             f"{report['failed_cells']} failed cell(s); wall {report['wall_s']} s"]
    for me in report["per_learner"]:
        lines.append(f"  {me['name']}: server {me['server_ready_s']} s, first chart {me['first_chart_s']} s, "
                     f"lesson {me['lesson_s']} s, clicks {me['toggles_s']}, cpu {me['cpu_s']} s, "
                     f"peak {me['peak_mib']} MiB{'  ERROR ' + me['error'] if me['error'] else ''}")
    lines.append(f"  room: peak {report['room_peak_mib']} MiB, {report['cores_busy']} cores busy "
                 f"(machine {report['machine_cores_busy']}), p95 first chart {report['first_chart_s'].get('p95')} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rehearse N learners on a local classroom hub.")
    parser.add_argument("--learners", "-n", type=int, default=2)
    parser.add_argument("--lesson", default=LESSON)
    parser.add_argument("--stagger", type=float, default=0.0, help="seconds between two learners' arrivals")
    parser.add_argument("--json", type=Path, default=None, help="write the full report here")
    parser.add_argument("--keep", type=Path, default=None, help="keep the hub's folder (homes, logs) here")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the hub is stopped on the way out
    report = rehearse(args.learners, args.lesson, stagger=args.stagger, folder=args.keep)
    print(summary(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0 if report["ok"] == report["learners"] else 1


if __name__ == "__main__":
    sys.exit(main())
