"""Several klantprofiels on one store: each one succeeds, or says "busy, try again" (exit 3).
Never a traceback, never "database is locked", never a damaged or half-written store.

The lock is held by a plain sqlite3 connection in the test, as long as the test wants: no sleeps.
KLANTPROFIEL_BUSY_TIMEOUT keeps the waiting short.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from klantprofiel.errors import StoreBusyError
from klantprofiel.store import Store

from helpers import LEAKS, failed_cleanly

BUSY = "is bezet (een andere klantprofiel gebruikt hem); probeer het zo nog eens"


@pytest.fixture
def other(db, interviewed):
    """Another program's connection to a store that already holds one customer."""
    interviewed("Piet", {"learning_mode": "listen"})
    with closing(sqlite3.connect(db, isolation_level=None, timeout=0)) as conn:
        yield conn
        if conn.in_transaction:
            conn.execute("ROLLBACK")


@pytest.fixture(autouse=True)
def short_wait(monkeypatch):
    monkeypatch.setenv("KLANTPROFIEL_BUSY_TIMEOUT", "0.05")


def count(db) -> int:
    """Interviews stored; 0 in a new store that no writer got as far as creating (all were told busy)."""
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        if conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'interviews'").fetchone()[0] == 0:
            return 0
        return conn.execute("SELECT count(*) FROM interviews").fetchone()[0]


def test_a_writer_that_waits_too_long_is_told_to_try_again_and_stores_nothing(run, other, db):
    other.execute("BEGIN IMMEDIATE")  # another klantprofiel is writing
    result = run("interview", "Ans", "--answers", "-", input="{}")
    assert BUSY in failed_cleanly(result, 3)
    other.execute("ROLLBACK")
    assert count(db) == 1
    assert run("interview", "Ans", "--answers", "-", input="{}").exit_code == 0
    assert count(db) == 2


def test_a_commit_that_waits_too_long_for_a_reader_is_rolled_back(run, other, db):
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM interviews").fetchone()  # a long read (an export) holds its lock
    assert BUSY in failed_cleanly(run("interview", "Ans", "--answers", "-", input="{}"), 3)
    other.execute("COMMIT")
    assert count(db) == 1


def test_a_saved_interview_whose_profile_cannot_be_read_back_is_not_a_failure(run, other, db, monkeypatch):
    """Another klantprofiel takes the store between our commit and the read of the profile: the
    interview is stored, so the run says so and exits 0. Exit 3 would tell a script to try again,
    and trying again would store it twice."""
    read_back = Store.interview

    def taken_first(store, interview_id):
        if not other.in_transaction:
            other.execute("BEGIN EXCLUSIVE")  # e.g. another klantprofiel's VACUUM, right after our commit
        return read_back(store, interview_id)

    monkeypatch.setattr(Store, "interview", taken_first)
    result = run("interview", "Ans", "--answers", "-", input="{}")
    assert result.exit_code == 0, result.output
    assert "Opgeslagen als interview 2 van Ans." in result.output
    assert "klantprofiel show 2" in result.output and "nogmaals opslaan is niet nodig" in result.output
    other.execute("ROLLBACK")
    assert count(db) == 2


@pytest.mark.parametrize("args", [["list"], ["show", "Piet"], ["show", "Piet", "-f", "markdown"], ["delete", "Piet", "--yes"],
                                  ["interview", "Ans", "--answers", "-"]])
def test_every_command_says_busy_while_the_store_is_locked_for_reading(run, other, args):
    other.execute("BEGIN EXCLUSIVE")  # e.g. another klantprofiel's VACUUM
    assert BUSY in failed_cleanly(run(*args, input="{}"), 3)


def test_a_read_on_an_open_store_that_hits_a_lock_is_a_busy_error_too(other, db):
    """Scripts that use Store directly get the same error as the CLI, from the same place."""
    store = Store(db)
    assert [c.name for c in store.customers()] == ["Piet"]
    other.execute("BEGIN EXCLUSIVE")
    with pytest.raises(StoreBusyError, match="try again"):
        store.customers()
    other.execute("ROLLBACK")
    assert [c.name for c in store.customers()] == ["Piet"]


def waiting_for_input(pid: int) -> bool:
    """Linux: is the process blocked reading its stdin pipe? Elsewhere: cannot tell, go on."""
    try:
        return "pipe" in Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return True


def start_together(db, n: int, timeout: str | None, commands: list[list[str]] | None = None,
                   inputs: list[str] | None = None) -> list[subprocess.Popen]:
    """n `interview --answers -` processes (or the given `klantprofiel` commands, each reading its
    input from stdin), each started and waiting for its input; then all get it at the same moment,
    so they reach the store together. The inputs are written by one thread each, so one larger
    than a pipe holds does not keep the others waiting."""
    env = {k: v for k, v in os.environ.items() if k != "KLANTPROFIEL_BUSY_TIMEOUT"} | {"KLANTPROFIEL_DB": str(db)}
    if timeout is not None:
        env["KLANTPROFIEL_BUSY_TIMEOUT"] = timeout
    commands = commands or [["interview", f"Klant {i}", "--answers", "-"] for i in range(n)]
    inputs = inputs or [json.dumps({"notes": "tegelijk " * 500})] * len(commands)
    writers = [subprocess.Popen([sys.executable, "-m", "klantprofiel", *args], env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for args in commands]
    while not all(waiting_for_input(p.pid) or p.poll() is not None for p in writers):
        time.sleep(0.01)  # polling, not timing: leave the CPU to the starting processes

    def feed(p: subprocess.Popen, text: str) -> None:
        try:
            p.stdin.write(text)
            p.stdin.close()
        except BrokenPipeError:  # it gave up (busy) before reading all of it
            pass

    feeders = [threading.Thread(target=feed, args=pair) for pair in zip(writers, inputs)]
    for t in feeders:
        t.start()
    for t in feeders:
        t.join()
    return writers


def finished(p: subprocess.Popen) -> tuple[int, str]:
    stderr = p.stderr.read()
    p.wait()
    p.stdout.close()
    p.stderr.close()
    assert not any(leak in stderr for leak in LEAKS), stderr
    return p.returncode, stderr


def test_many_writers_at_once_without_patience_each_land_or_say_busy(tmp_path):
    """No patience at all (timeout 0): those that lose the race say so in one line; every one
    that says it saved is stored, and the store is sound."""
    db = tmp_path / "store.db"
    Store(db).customers()  # create it
    results = [finished(p) for p in start_together(db, 5, timeout="0")]
    for code, stderr in results:
        assert code in (0, 3), stderr
        assert code == 0 or BUSY in stderr
    assert count(db) == sum(code == 0 for code, _ in results)


def test_many_writers_at_once_with_the_default_patience_all_land(tmp_path):
    """Also when they all create the store at the same moment."""
    db = tmp_path / "store.db"
    results = [finished(p) for p in start_together(db, 5, timeout=None)]
    assert [code for code, _ in results] == [0] * 5, results
    assert count(db) == 5
