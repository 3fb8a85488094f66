"""`klantprofiel delete NAME`: a customer erased on request, completely, after a confirmation."""

from __future__ import annotations

import json

import pexpect
import pytest

from klantprofiel.errors import StoreBusyError
from klantprofiel.store import Store
from klantprofiel.store.erase import erase_customer

from helpers import failed_cleanly

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
    assert "Gewist: ZWANETTE ZELDENRUST (2 interview(s), 2 concept(en))" in result.stderr
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
    assert (erased.interviews, erased.drafts, erased.compacted) == (2, 2, False)
    store.close()
    assert traces(db) == []


def test_without_a_terminal_delete_needs_yes(run, stored, db):
    stderr = failed_cleanly(run("delete", NAME), 2)
    assert "--yes" in stderr and "klantprofiel delete 'Zwanette Zeldenrust' --yes" in stderr
    assert len(Store(db).history(NAME)) == 2


def test_an_unknown_name_is_not_found_with_the_names_close_to_it(run, stored):
    stderr = failed_cleanly(run("delete", "Zwanete Zeldenrust", "--yes"), 1)
    assert "No customer named 'Zwanete Zeldenrust'" in stderr and f"Did you mean: {NAME}?" in stderr


@pytest.mark.parametrize("answer, erased", [("n", False), ("", False), ("y", True)])
def test_on_a_terminal_delete_asks_first(spawn, stored, db, answer, erased):
    child = spawn("delete", NAME.lower())
    child.expect(r"Alles over ZWANETTE ZELDENRUST wissen \(2 interview\(s\), 2 concept\(en\)\)\? "
                 r"Dit kan niet ongedaan worden gemaakt\. \[y/N\]")
    child.sendline(answer)
    child.expect("Gewist" if erased else "Niets gewist")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == (0 if erased else 1)
    assert (traces(db) == []) is erased
