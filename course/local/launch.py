"""The server process: llama.cpp's OpenAI-compatible server (xllamacpp) on loopback, until stdin closes.

Run by `LocalServer` as `python -m course.local.launch MODEL --port P --threads N --template T`;
it prints one line, `listening <url>`, once the model is loaded. It exits when its stdin closes,
which happens when the process that started it ends however it ends (a kernel restart kills the
kernel with SIGKILL, and no handler runs there): the pipe is the one signal that always arrives.
"""
from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Start the server with the course's settings, print its address, and wait for stdin to close."""
    ap = argparse.ArgumentParser(prog="python -m course.local.launch")
    ap.add_argument("model")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--template", required=True, help="a Jinja chat template file")
    ap.add_argument("--ctx", type=int, default=4096)
    ap.add_argument("--max-tokens", type=int, default=256, help="the most a reply may generate")
    ap.add_argument("--alias", default="qwen2.5-coder-0.5b-instruct")
    args = ap.parse_args(argv)

    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = args.model
    params.model_alias = args.alias
    params.hostnames = ["127.0.0.1"]  # loopback only
    params.port = args.port
    params.offline = True  # never reach for a model hub
    params.use_jinja = True
    with open(args.template, encoding="utf-8") as f:
        params.chat_template = f.read()
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = args.threads
    params.n_ctx = args.ctx
    params.n_parallel = 1  # one request at a time: a small machine, one learner
    params.n_predict = args.max_tokens
    params.sampling.temp = 0.0  # greedy: the same prompt gives the same reply on one machine
    params.warmup = False
    server = xllamacpp.Server(params)
    print("listening", server.listening_address, flush=True)
    try:
        sys.stdin.buffer.read()  # returns at EOF: the parent closed the pipe, or died
    finally:
        os._exit(0)  # the server's threads never return; leave at once


if __name__ == "__main__":
    main()
