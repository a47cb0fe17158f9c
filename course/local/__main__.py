"""`python -m course.local check` (load the model, ask it once, stop) or `serve` (until Ctrl-C)."""
from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import urllib.request

from . import LICENSE, MODEL_NAME, LocalModelMissing, LocalServer, LocalServerError

TOOL = {"type": "function", "function": {"name": "read_file", "description": "Read a text file of the project.",
        "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}}}


def _ask(server: LocalServer) -> dict:
    body = {"model": MODEL_NAME, "temperature": 0, "tools": [TOOL],
            "messages": [{"role": "user", "content": "Read shop/cart.py."}]}
    request = urllib.request.Request(f"{server.base_url}/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as reply:
        return json.loads(reply.read())


def check(threads: int | None) -> None:
    """Start the server, send one tool-call request, print what it cost, stop."""
    with LocalServer(threads=threads) as server:
        print(f"{MODEL_NAME} loaded in {server.load_seconds:.1f} s on {server.threads} threads ({LICENSE})")
        began = time.perf_counter()
        reply = _ask(server)
        calls = reply["choices"][0]["message"].get("tool_calls") or []
        timings = reply.get("timings", {})
        print(f"one request: {time.perf_counter() - began:.2f} s, {len(calls)} tool call(s) "
              f"{[c['function']['name'] + c['function']['arguments'] for c in calls]}, "
              f"generation {timings.get('predicted_per_second', 0):.0f} tokens/s")
    print("The local model works: course.local_model() in a notebook uses it.")


def serve(port: int, threads: int | None) -> None:
    """Serve on 127.0.0.1:port until Ctrl-C, with the OPENAI_BASE_URL recipe printed."""
    server = LocalServer(port=port, threads=threads, start_timeout=300).start()
    print(f"{MODEL_NAME} on {server.base_url} (loaded in {server.load_seconds:.1f} s). In another shell:\n"
          f"  export OPENAI_BASE_URL={server.base_url} OPENAI_API_KEY=local OPENAI_MODEL={MODEL_NAME}\n"
          "Ctrl-C stops the server.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while server.running():
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    """The command line of `make local` and `make local-server`."""
    ap = argparse.ArgumentParser(prog="python -m course.local", description=__doc__)
    ap.add_argument("command", choices=["check", "serve"])
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args(argv)
    try:
        check(args.threads) if args.command == "check" else serve(args.port, args.threads)
    except (LocalModelMissing, LocalServerError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
