"""The local model's tests: skip where the `local` extra is missing, fail instead with REQUIRE_LOCAL_MODEL=1.

Fixtures:
- `local_server`: the one llama.cpp server of this test session (started once, stopped at the end).
- `local`: a fresh `LocalModel` on that server, with an empty request log.
"""
from __future__ import annotations

import os
from typing import Iterator

import pytest

import course.local as lm

REQUIRED = "REQUIRE_LOCAL_MODEL"


@pytest.fixture(scope="session")
def local_server() -> Iterator[lm.LocalServer]:
    """The session's llama.cpp server on 127.0.0.1 (skips, or fails with REQUIRE_LOCAL_MODEL=1, without the extra)."""
    if not lm.available():
        message = f"the local extra is not installed ({lm.INSTALL_HINT})"
        if os.environ.get(REQUIRED) == "1":
            pytest.fail(f"{message}; {REQUIRED}=1 says this test must run", pytrace=False)
        pytest.skip(message)
    server = lm.LocalServer().start()
    print(f"local server loaded in {server.load_seconds:.1f} s (reported, never judged)")
    yield server
    server.stop()


@pytest.fixture
def local(local_server: lm.LocalServer) -> lm.LocalModel:
    """A LocalModel on the session's server, with a request log of its own."""
    return lm.LocalModel(local_server.base_url)
