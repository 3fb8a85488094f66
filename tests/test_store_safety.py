"""The store file: private from the start, upgraded when it is old, and never touched when it is
not ours (another program's file, a newer version, a damaged or non-SQLite file)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest

from klantprofiel.store import Store, StoreError
from klantprofiel.store import db as store_db
from klantprofiel.store.migrations import MIGRATIONS

from helpers import BAD, FIXTURES, failed_cleanly

BAD_STORES = sorted((BAD / "stores").iterdir())
COMMANDS = [["list"], ["show", "Piet Jansen"], ["show", "Piet Jansen", "-f", "json"], ["interview", "Piet Jansen", "--answers", "-"],
            ["delete", "Piet Jansen", "--yes"]]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The most careless umask: whatever is private is so because klantprofiel made it so."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_the_default_store_and_its_folder_are_private(run, tmp_path, monkeypatch, open_umask):
    monkeypatch.delenv("KLANTPROFIEL_DB")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert run("interview", "Piet", "--answers", "-", input="{}").exit_code == 0
    store = tmp_path / "config" / "klantprofiel" / "klantprofiel.db"
    assert mode(store) == 0o600
    assert mode(store.parent) == 0o700


def test_a_store_made_through_db_in_a_new_folder_is_private(run, tmp_path, open_umask):
    store = tmp_path / "new" / "deeper" / "klanten.db"
    assert run("interview", "Piet", "--answers", "-", "--db", str(store), input="{}").exit_code == 0
    assert mode(store) == 0o600
    assert mode(store.parent) == 0o700


def test_an_empty_file_made_elsewhere_is_made_private_before_data_goes_in(run, tmp_path, open_umask):
    store = tmp_path / "touched.db"
    store.touch(mode=0o666)
    assert run("interview", "Piet", "--answers", "-", "--db", str(store), input="{}").exit_code == 0
    assert mode(store) == 0o600


def test_the_journal_sqlite_writes_during_a_transaction_is_private_too(db, interviewed, open_umask):
    interviewed("Piet", {})
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM interviews")
        journal = Path(f"{db}-journal")
        assert journal.exists() and mode(journal) == 0o600
        conn.execute("ROLLBACK")


# --- files that are not (or no longer, or not yet) a store of ours ------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fixture", BAD_STORES, ids=lambda p: p.name)
def test_a_file_that_is_not_a_usable_store_is_refused_and_left_byte_for_byte(run, tmp_path, fixture, command):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    store = folder / fixture.name
    shutil.copyfile(fixture, store)
    before = store.read_bytes()
    stderr = failed_cleanly(run(*command, "--db", str(store), input="{}"), 1)
    assert stderr.startswith(f"Fout: {store}")
    assert store.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == [fixture.name]  # no journal left behind either


def test_each_kind_of_bad_store_gets_its_own_explanation(english, run, tmp_path):
    says = {
        "not_sqlite.db": "is not a klantprofiel store (not an SQLite file)",
        "other_program.db": "is an SQLite file of another program",
        "other_app_id.db": "is an SQLite file of another program",
        "newer.db": "was written by a newer klantprofiel (schema 99, this one knows",
        "corrupt.db": "is damaged or is not a klantprofiel store",
        "truncated.db": "is damaged or is not a klantprofiel store",
        "garbage_after_header.db": "is damaged or is not a klantprofiel store",
    }
    assert sorted(says) == [p.name for p in BAD_STORES]
    for name, text in says.items():
        assert text in run("list", "--db", str(BAD / "stores" / name)).stderr


# --- an older store is upgraded on open, its data intact --------------------------------------------


@pytest.fixture
def v1_store(tmp_path) -> Path:
    """A store written by klantprofiel with schema 1 (tests/fixtures/stores/README.md says how)."""
    store = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "stores" / "v1.db", store)
    return store


def schema_of(store: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(store)) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0], conn.execute("PRAGMA application_id").fetchone()[0]


def test_a_v1_store_opens_with_every_interview_and_draft_intact(run, v1_store):
    listed = json.loads(run("list", "--json", "--db", str(v1_store)).stdout)
    # Piet's latest interview names no organisation: he is at the one his first named, and listed there
    assert [(c["name"], c["organisation"], c["interviews"]) for c in listed] == [("Ëlla van Dijk", "Café Ëlla", 1),
                                                                                 ("Piet Jansen", "Bakkerij Jansen", 2),
                                                                                 ("Ans de Wit", "De Wit BV", 0)]  # only a draft
    piet = json.loads(run("show", "piet jansen", "-f", "json", "--db", str(v1_store)).stdout)[0]
    assert piet["interview"]["notes"] == "Tweede gesprek: belt liever dan te mailen."
    assert piet["answers"]["learning_mode"] == "listen" and piet["answers"]["learning_doing"] == "do_himself"
    first = json.loads(run("show", "1", "-f", "json", "--db", str(v1_store)).stdout)
    assert first["customer"] == {"id": listed[1]["id"], "name": "Piet Jansen", "organisation": "Bakkerij Jansen", "external_id": None,
                                  "pronoun": None}
    assert first["answers"]["advisors_kind"] == ["experts"]
    assert Store(v1_store).draft("ans de wit", "kennismaking")["values"] == {"learning_mode": "listen"}
    assert schema_of(v1_store) == (len(MIGRATIONS), store_db.APPLICATION_ID)


def test_opening_runs_the_missing_migrations_once_in_order(v1_store, monkeypatch):
    ran = []

    def v2_index_on_meeting_date(conn):
        ran.append("v2")
        conn.execute("CREATE INDEX interviews_by_date ON interviews (meeting_date)")

    monkeypatch.setattr(store_db, "MIGRATIONS", [*MIGRATIONS, v2_index_on_meeting_date])
    store = Store(v1_store)
    assert [c.name for c in store.customers()] == ["Ëlla van Dijk", "Piet Jansen", "Ans de Wit"]
    store.close()
    Store(v1_store).customers()
    assert ran == ["v2"]
    assert schema_of(v1_store)[0] == len(MIGRATIONS) + 1


def test_a_migration_that_fails_leaves_the_old_store_as_it_was(v1_store, monkeypatch):
    def v2_broken(conn):
        conn.execute("CREATE INDEX interviews_by_date ON interviews (meeting_date)")
        conn.execute("ALTER TABLE no_such_table ADD COLUMN x")

    before = v1_store.read_bytes()
    monkeypatch.setattr(store_db, "MIGRATIONS", [*MIGRATIONS, v2_broken])
    with pytest.raises(StoreError, match="left untouched"):
        Store(v1_store).customers()
    assert v1_store.read_bytes() == before


@pytest.mark.parametrize("name", ["corrupt.db", "truncated.db", "garbage_after_header.db"])
def test_why_sqlite_refused_a_bad_store_is_said_in_the_runs_language(run, name):
    """SQLite says it in English ('database disk image is malformed') whatever --lang says: a Dutch run says it in Dutch."""
    said = failed_cleanly(run("list", "--db", str(BAD / "stores" / name)), 1)
    assert "is beschadigd of is geen opslag van klantprofiel (" in said
    reason = said.split("klantprofiel (", 1)[1].split(")", 1)[0]
    assert reason in ("de gegevens erin zijn beschadigd", "het is geen SQLite-bestand"), said
