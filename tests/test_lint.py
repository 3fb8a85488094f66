"""Lint and types are part of the build: ruff (and mypy) run with the settings in pyproject.toml.

They run as tests so that the one test command (README, `.ci/run`) checks them, and so that
everyone who runs the suite before landing sees a new finding before it reaches main. A missing
tool fails (it is in the `test` extra): a skip here would let findings through unseen.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def tool(module: str) -> list[str]:
    """The command that runs `module` in this interpreter."""
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"{module} is not installed in this environment; install the test extra: pip install -e '.[test]'")
    return [sys.executable, "-m", module]


def test_ruff_finds_nothing():
    """`ruff check --fix` repairs most findings (import order, unused imports)."""
    done = subprocess.run([*tool("ruff"), "check", "--no-cache", "klantprofiel", "tests"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing():
    """The settings (and the modules still exempt) are in pyproject.toml under [tool.mypy]."""
    done = subprocess.run([*tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
