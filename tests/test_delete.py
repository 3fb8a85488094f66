"""`klantprofiel delete NAME`: a customer erased on request, completely, after a confirmation."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pexpect
import pytest

from klantprofiel.errors import StoreBusyError
from klantprofiel.store import Store
from klantprofiel.store.connection import StoreConnection, StoreError
from klantprofiel.store.erase import Compaction, compaction_due, erase_customer

from helpers import CTRL_C, failed_cleanly

NAME = "Zwanette Zeldenrust"
NOTE = "vertrouwelijk-kwartaalcijfers-7731"


@pytest.fixture
def stored(interviewed, db, mini):
    """Zwanette with two interviews and a draft, and Piet, whose data must survive."""
    interviewed(NAME, {"preferences": "belt liever", "notes": NOTE, "organisation": "Zeldenrust BV"})
    interviewed(NAME.upper(), {"learning_mode": "listen", "context": NOTE})
    interviewed("Piet", {"notes": "blijft bewaard"})
    Store(db).save_draft(NAME, "kennismaking", {"values": {"knowledge": NOTE}, "meta": {}, "done": ["knowledge"]})
    Store(db).save_draft(NAME, mini.id, {"values": {}, "meta": {"notes": NOTE}, "done": ["notes"]})


def traces(db) -> list[str]:
    """Where the customer can still be found in the store's files (the file and any journal)."""
    found = []
    for path in db.parent.glob(db.name + "*"):
        data = path.read_bytes().lower()
        found += [f"{path.name}: {word}" for word in (NAME.lower(), "zwanette", "zeldenrust", NOTE) if word.encode() in data]
    return found


def test_delete_yes_erases_every_interview_and_draft_and_every_byte(run, stored, db):
    assert traces(db)  # the test would prove nothing if the name were not there to begin with
    result = run("delete", "zwanette zeldenrust", "--yes")
    assert result.exit_code == 0, result.output
    assert "Gewist: Zwanette Zeldenrust (2 interview(s), 2 concept(en))" in result.stderr
    assert traces(db) == []
    assert [p.name for p in db.parent.glob(db.name + "*")] == [db.name]  # no journal left over
    assert [c.name for c in Store(db).customers()] == ["Piet"]
    assert json.loads(run("show", "Piet", "-f", "json").stdout)[0]["interview"]["notes"] == "blijft bewaard"


def test_the_question_sets_are_kept_they_hold_no_personal_data(run, stored, db):
    run("delete", NAME, "--yes")
    assert Store(db).conn.execute("SELECT id FROM question_sets").fetchall() == [("kennismaking",)]


def test_a_customer_with_only_a_draft_can_be_erased(run, db, mini):
    Store(db).save_draft("Ans", mini.id, {"values": {}, "meta": {"notes": NOTE}, "done": ["notes"]})
    assert "Gewist: Ans (0 interview(s), 1 concept(en))" in run("delete", "ans", "--yes").stderr
    assert Store(db).draft("Ans", mini.id) is None


def test_erased_rows_are_zeroed_even_when_the_file_cannot_be_compacted(stored, db):
    """secure_delete overwrites the rows as they are deleted; VACUUM only shrinks the file."""
    store = Store(db)
    execute = store.conn.execute

    def vacuum_blocked(sql, *args):
        if sql == "VACUUM":
            raise StoreBusyError("busy")
        return execute(sql, *args)

    store.conn.execute = vacuum_blocked
    erased = erase_customer(store, NAME)
    assert (erased.interviews, erased.drafts, erased.compaction) == (2, 2, Compaction.BUSY)
    store.close()
    assert traces(db) == []


def test_without_a_terminal_delete_needs_yes(run, stored, db):
    stderr = failed_cleanly(run("delete", NAME), 2)
    assert "--yes" in stderr and "klantprofiel delete 'Zwanette Zeldenrust' --yes" in stderr
    assert len(Store(db).history(NAME)) == 2


def test_an_unknown_name_is_not_found_with_the_names_close_to_it(english, run, stored):
    stderr = failed_cleanly(run("delete", "Zwanete Zeldenrust", "--yes"), 1)
    # one suggestion per customer, named as he was first stored (as list shows him)
    assert "No customer named 'Zwanete Zeldenrust'" in stderr and f"Did you mean: {NAME}?" in stderr


@pytest.mark.parametrize("answer, erased", [("n", False), ("", False), ("y", True)])
def test_on_a_terminal_delete_asks_first(spawn, stored, db, answer, erased):
    child = spawn("delete", NAME.lower())
    child.expect(r"Alles over Zwanette Zeldenrust \(k-[0-9a-z]{8}\) wissen \(2 interview\(s\), 2 concept\(en\)\)\? "
                 r"Dit kan niet ongedaan worden gemaakt\. \[j/N\]")
    child.sendline(answer)
    child.expect("Gewist" if erased else "Niets gewist")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == (0 if erased else 1)
    assert (traces(db) == []) is erased


# --- the erasure is complete, or says it is not ----------------------------------------------------


@pytest.fixture
def wal(db, interviewed, stored):
    """The store switched to WAL mode by another program, which keeps it open; one more interview
    of the customer written since, so the -wal file holds pages with his name."""
    with closing(sqlite3.connect(db, isolation_level=None)) as other:
        assert other.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
        interviewed(NAME, {"notes": NOTE})
        assert any("-wal" in trace for trace in traces(db))
        yield other
        if other.in_transaction:
            other.execute("COMMIT")


def test_a_store_in_wal_mode_keeps_no_copy_in_its_wal_file(run, wal, db):
    result = run("delete", NAME, "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Gewist: Zwanette Zeldenrust (3 interview(s), 1 concept(en)), ook uit de vrije ruimte" in result.stderr
    assert (db.parent / (db.name + "-wal")).exists()  # the other program still has it open ...
    assert traces(db) == []                           # ... but neither file holds anything of him


def test_a_wal_store_held_open_by_a_reader_is_not_erased_completely_and_says_so(run, wal, db, monkeypatch):
    monkeypatch.setenv("KLANTPROFIEL_BUSY_TIMEOUT", "0.1")
    wal.execute("BEGIN")
    wal.execute("SELECT count(*) FROM interviews").fetchone()  # a reader, keeping the old pages in use
    result = run("delete", NAME, "--yes")
    stderr = failed_cleanly(result, 3)
    assert "Het wissen is nog niet af: een ander programma houdt de opslag open" in stderr
    assert "ook uit de vrije ruimte" not in stderr
    assert f"maak het wissen af met: klantprofiel delete '{NAME}' --yes" in stderr
    wal.execute("COMMIT")
    assert traces(db)  # truly not complete

    again = run("delete", NAME, "--yes")
    assert again.exit_code == 0, again.stderr
    assert "het wissen dat eerder niet af kwam, wordt nu afgemaakt" in again.stderr and "Het eerdere wissen is af" in again.stderr
    assert traces(db) == []


def _failing_vacuum(monkeypatch, error: BaseException) -> None:
    real = StoreConnection.execute

    def execute(self, sql, parameters=(), /):
        if sql == "VACUUM":
            raise error
        return real(self, sql, parameters)

    monkeypatch.setattr(StoreConnection, "execute", execute)


@pytest.mark.parametrize("error, code, says", [
    (KeyboardInterrupt(), 130, "Het bestand is niet meer verkleind (gestopt)."),
    (StoreError("Cannot use the store: database or disk is full."), 1, "Het bestand kon niet worden verkleind: Cannot use the store: "
                                                                        "database or disk is full. De gewiste gegevens zijn wel met nullen overschreven."),
], ids=["ctrl-c", "disk full"])
def test_a_delete_whose_compaction_is_cut_short_says_what_happened_and_how_to_finish(run, stored, db, monkeypatch, error, code, says):
    with monkeypatch.context() as patched:
        _failing_vacuum(patched, error)
        result = run("delete", NAME, "--yes")
    assert result.exit_code == code, result.stderr
    assert "Gewist: Zwanette Zeldenrust (2 interview(s), 2 concept(en)); de rijen zijn met nullen overschreven." in result.stderr
    assert says in result.stderr and f"Maak het wissen af met: klantprofiel delete '{NAME}' --yes" in result.stderr
    assert traces(db) == []  # zeroed, only not compacted
    assert compaction_due(Store(db))

    again = run("delete", NAME, "--yes")
    assert again.exit_code == 0, again.stderr
    assert "Het eerdere wissen is af: het bestand is verkleind." in again.stderr
    assert not compaction_due(Store(db))
    assert "Geen klant met de naam" in failed_cleanly(run("delete", NAME, "--yes"), 1)  # nothing due any more: not found, as ever


@pytest.mark.parametrize("key", [CTRL_C, "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_at_the_question_stops_with_130_and_erases_nothing(spawn, stored, db, key):
    child = spawn("delete", NAME)
    child.expect(r"\[j/N\]")
    child.send(key)
    child.expect("Gestopt")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert len(Store(db).history(NAME)) == 2
