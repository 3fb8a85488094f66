"""Migrations are found by name: a store records each change it had and when, takes the ones it
misses whatever their position, and one that records a change this version does not know is
refused and left as it is."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from klantprofiel.store import Store, StoreError
from klantprofiel.store import db as store_db
from klantprofiel.store.migrations import MIGRATIONS, name_of

from helpers import FIXTURES

NAMES = [name_of(step) for step in MIGRATIONS]


def recorded(store: Path) -> list[tuple[str, str | None]]:
    with closing(sqlite3.connect(store)) as conn:
        return conn.execute("SELECT name, applied_at FROM migrations").fetchall()


def user_version(store: Path) -> int:
    with closing(sqlite3.connect(store)) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


@pytest.fixture(params=["v1.db", "v5.db"])
def old_store(request, tmp_path) -> Path:
    """Stores from before migrations were recorded: schema 1, and schema 5 (the last such)."""
    store = tmp_path / request.param
    shutil.copyfile(FIXTURES / "stores" / request.param, store)
    return store


def test_a_new_store_records_every_migration_with_its_time(db):
    Store(db).customers()
    history = dict(recorded(db))
    assert sorted(history) == sorted(NAMES)
    assert all(history.values())
    assert user_version(db) == len(NAMES)


def test_an_old_store_records_its_history_when_upgraded(run, old_store):
    before = user_version(old_store)
    assert run("list", "--db", str(old_store)).exit_code == 0
    history = dict(recorded(old_store))
    assert sorted(history) == sorted(NAMES)
    assert [history[n] for n in NAMES[:before]] == [None] * before  # applied by an older klantprofiel: when is not known
    assert all(history[n] for n in NAMES[before:])
    assert user_version(old_store) == len(NAMES)


def test_a_v5_store_opens_with_its_interviews_and_draft(run, tmp_path):
    """(The v1 store has its test in test_store_safety.py.)"""
    store = tmp_path / "v5.db"
    shutil.copyfile(FIXTURES / "stores" / "v5-grown-set.db", store)
    listed = json.loads(run("list", "--json", "--db", str(store)).stdout)
    assert [(c["name"], c["interviews"], c["drafts"]) for c in listed] == [("Ëlla van Dijk", 1, 0), ("Piet Jansen", 1, 0), ("Ans de Wit", 0, 1)]


def test_adding_a_migration_is_one_named_function(db, monkeypatch):
    Store(db).customers()

    def interviews_by_date(conn):
        conn.execute("CREATE INDEX interviews_by_date ON interviews (meeting_date)")

    monkeypatch.setattr(store_db, "MIGRATIONS", [*MIGRATIONS, interviews_by_date])
    Store(db).customers()
    Store(db).customers()  # once only: a second CREATE INDEX would fail
    assert dict(recorded(db))["interviews_by_date"]
    assert user_version(db) == len(NAMES) + 1


def test_a_migration_missed_in_the_middle_is_applied_by_its_name(db, monkeypatch):
    """Two lines of development that each added one: the store that had the later one takes the other."""
    ran = []

    def earlier(conn):
        ran.append("earlier")

    def later(conn):
        ran.append("later")

    monkeypatch.setattr(store_db, "MIGRATIONS", [*MIGRATIONS, later])
    Store(db).customers()
    monkeypatch.setattr(store_db, "MIGRATIONS", [*MIGRATIONS, earlier, later])
    Store(db).customers()
    assert ran == ["later", "earlier"]
    assert {"earlier", "later"} <= dict(recorded(db)).keys()


def test_a_store_with_a_migration_this_version_does_not_know_is_refused_untouched(run, db, monkeypatch):
    def from_the_future(conn):
        conn.execute("CREATE TABLE future (x)")

    with monkeypatch.context() as m:
        m.setattr(store_db, "MIGRATIONS", [*MIGRATIONS[:1], from_the_future, *MIGRATIONS[1:]])
        Store(db).customers()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="newer klantprofiel .*from_the_future.*left untouched"):
        Store(db).customers()
    result = run("list", "--db", str(db))
    assert result.exit_code != 0 and "from_the_future" in result.stderr and "Traceback" not in result.output
    assert db.read_bytes() == before
