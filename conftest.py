"""Test-session setup for every path pytest collects (tests/, lessons/, solutions/).

Notebook outputs are committed from offline runs and compared strictly, so the notebook
kernels nbval starts (they inherit this environment) must never see a real API key.
"""
from __future__ import annotations

import os

import pytest

LIVE_MODEL_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL")


def pytest_configure(config: pytest.Config) -> None:
    """Run the whole suite offline, whatever the instructor's shell has set."""
    for name in LIVE_MODEL_VARIABLES:
        os.environ.pop(name, None)
