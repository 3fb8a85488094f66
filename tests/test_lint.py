"""Lint and types are part of the build: ruff (and mypy) run with the settings in pyproject.toml.

They run as tests so that the one test command (README, `.ci/run`) checks them, and so that
everyone who runs the suite before landing sees a new lint error before it reaches main. Where
the tools are not installed (an old virtual environment), the tests skip, except under CI.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def tool(module: str) -> list[str]:
    """The command that runs `module` in this interpreter; skipped locally if it is missing."""
    if importlib.util.find_spec(module) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is not installed: pip install -e '.[test]'")
        pytest.skip(f"{module} is not installed here: pip install -e '.[test]'")
    return [sys.executable, "-m", module]


def test_ruff_finds_nothing():
    """`ruff check --fix` repairs most findings (import order, unused imports)."""
    done = subprocess.run([*tool("ruff"), "check", "--no-cache", "klantprofiel", "tests"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
