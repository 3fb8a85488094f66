"""Shared fixtures: a private store per test, the small rules set, and a CLI runner."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from klantprofiel.cli.app import app
from klantprofiel.questionset.load import load

from helpers import MINI

# Ctrl-C for the programs the tests start: a shell without job control starts a background job
# (`bash .ci/run &`) with SIGINT ignored, every child would inherit that, and each test that
# presses Ctrl-C would wait in vain. A handled signal is the default again in a child.
signal.signal(signal.SIGINT, signal.default_int_handler)


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


@pytest.fixture
def spawn(tmp_path):
    """Start `klantprofiel ARGS` in a real pseudo-terminal (pexpect), on this test's store."""
    env = {**os.environ, "KLANTPROFIEL_DB": str(tmp_path / "store.db"), "TERM": "xterm-256color", "COLUMNS": "120",
           # a pexpect pty never answers prompt_toolkit's cursor-position request; without this each prompt waits 1 s
           "PROMPT_TOOLKIT_NO_CPR": "1",
           # a view longer than the screen goes through the pager, and less would wait for a key
           "PAGER": os.environ.get("PAGER", "cat")}
    env.pop("NO_COLOR", None)
    env.pop("CI", None)

    def start(*args: str, dimensions: tuple[int, int] = (50, 120), **environ: str | None) -> pexpect.spawn:
        """`environ` changes the environment for this run: TERM="dumb"; None removes a variable."""
        changed = {k: v for k, v in {**env, **environ}.items() if v is not None}
        child = pexpect.spawn(sys.executable, ["-m", "klantprofiel", *args], env=changed, cwd=str(tmp_path),
                              encoding="utf-8", dimensions=dimensions, timeout=20)
        return child

    def show(name: str) -> dict:
        """The customer's latest interview of the default set, as exported."""
        out = subprocess.run([sys.executable, "-m", "klantprofiel", "show", name, "-f", "json"], env=env, cwd=tmp_path,
                             capture_output=True, text=True, check=True)
        return json.loads(out.stdout)[0]

    start.show = show
    return start


@pytest.fixture
def english(monkeypatch):
    """This test reads klantprofiel's English texts: the run's language is English (KLANTPROFIEL_LANG=en),
    for the CLI runner and for every program the test starts."""
    monkeypatch.setenv("KLANTPROFIEL_LANG", "en")


# --- the PostgreSQL store: one throwaway server per session (tests/pg_cluster.py) -----------------------------------

PG_ENVIRONMENT = ("PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSERVICE", "PGSERVICEFILE", "PGPASSFILE",
                  "PGSSLMODE", "PGOPTIONS")


@pytest.fixture(scope="session")
def pg_cluster():
    """The session's PostgreSQL server (started on first use, ~2 s). Without server binaries or
    psycopg the tests that need it are skipped, saying why; under CI that is a failure, so a
    green CI run has run them."""
    from pg_cluster import Cluster, server_binaries

    bindir, why = server_binaries()
    try:
        import psycopg  # noqa: F401
    except ImportError:
        why = why or 'psycopg is not installed (pip install -e ".[test]" brings it)'
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the PostgreSQL store tests, but {why}", pytrace=False)
        pytest.skip(why)
    with Cluster.running() as cluster:
        yield cluster



@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path, monkeypatch):
    """The store a test runs on, once on each backend (tests/backends.py): an SQLite file, or a new
    database on the session's PostgreSQL server owned by a salesperson's role. KLANTPROFIEL_DB names it."""
    from backends import PostgresBackend, SQLiteBackend

    for name in PG_ENVIRONMENT:  # the tests' own server only, whatever the machine's settings
        monkeypatch.delenv(name, raising=False)
    if request.param == "sqlite":
        chosen = SQLiteBackend(str(tmp_path / "store.db"))
    else:
        cluster = request.getfixturevalue("pg_cluster")
        database = cluster.new_database()
        chosen = PostgresBackend(cluster.url(database), cluster, database)
    monkeypatch.setenv("KLANTPROFIEL_DB", chosen.url)
    return chosen


@pytest.fixture
def store_url(backend) -> str:
    """What KLANTPROFIEL_DB names in this run of the test (see `backend`)."""
    return backend.url
