"""Serve the delivery-mode playground as a standalone page (Voilà), for the projector.

    python scripts/classroom/projector.py              # opens http://localhost:8866 in a browser
    python scripts/classroom/projector.py --no-browser --port 9000

The page runs projector/playground.ipynb with its code hidden, using the `projector` template in
projector/voila/templates (Voilà's lab template with nothing fetched from the internet).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "projector" / "playground.ipynb"


def voila_command(port: int, open_browser: bool, theme: str) -> list[str]:
    """The Voilà command line that serves the projector page."""
    return [sys.executable, "-m", "voila", str(NOTEBOOK), "--template=projector", f"--theme={theme}",
            f"--port={port}", "--Voila.ip=127.0.0.1", "--show_tracebacks=True",
            *([] if open_browser else ["--no-browser"])]


def voila_env() -> dict[str, str]:
    """This environment plus where to find the projector template and this checkout's code."""
    env = dict(os.environ)
    for name, path in (("JUPYTER_PATH", ROOT / "projector"), ("PYTHONPATH", ROOT)):
        env[name] = os.pathsep.join(p for p in (str(path), env.get(name, "")) if p)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the delivery-mode playground with Voilà.")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--no-browser", action="store_true", help="only serve; don't open a browser")
    parser.add_argument("--theme", default="light", choices=["light", "dark"])
    args = parser.parse_args(argv)
    try:
        import voila  # noqa: F401
    except ImportError:
        print("Voilà is not installed here. Install the classroom extra:\n"
              '    python -m pip install -c constraints.txt -e ".[classroom]"\n'
              "(or run `make projector`, which does it for you).", file=sys.stderr)
        return 1
    cmd = voila_command(args.port, not args.no_browser, args.theme)
    print(f"Serving the playground at http://localhost:{args.port}/ (Ctrl-C stops it)", flush=True)
    os.chdir(ROOT)
    os.execve(cmd[0], cmd, voila_env())
    return 0


if __name__ == "__main__":
    sys.exit(main())
