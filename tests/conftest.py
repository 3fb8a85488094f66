"""Shared fixtures: a private store per test, the small rules set, and a CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from klantprofiel.cli.app import app
from klantprofiel.questionset.load import load

from helpers import MINI


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Every test gets its own store and language; nothing touches the real application folder."""
    monkeypatch.setenv("KLANTPROFIEL_DB", str(tmp_path / "store.db"))
    monkeypatch.delenv("KLANTPROFIEL_LANG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def mini():
    return load(MINI)


@pytest.fixture
def run():
    """Invoke the CLI like a script would; returns the Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input)

    return invoke


@pytest.fixture
def interviewed(run):
    """Store one customer through --answers and return a function that stores more."""

    def store(name: str, answers: dict, *extra: str):
        result = run("interview", name, "--answers", "-", *extra, input=json.dumps(answers))
        assert result.exit_code == 0, result.stderr
        return result

    return store
