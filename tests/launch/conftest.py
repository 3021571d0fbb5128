"""Fixtures of the launch tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.launch import standin


@pytest.fixture(scope="session")
def standin_home(tmp_path_factory) -> Path:
    """A tt-metal checkout whose TT-Metalium is the emulator (see standin.py), built once."""
    return standin.standin(tmp_path_factory.mktemp("standin") / "tt-metal")
