"""Two people who share a name are never erased or exported together: a name whose records name
more than one organisation is refused by `delete` and `export -c`, with who is stored under it,
until --organisation says which one; then only that one's records are acted on."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from klantprofiel.store import Store

from helpers import failed_cleanly

JAN = "Jan de Vries"
BAKKER = "bakkerij-geheim-1"
SLAGER = "slagerij-geheim-2"
NOBODY = "zonder-organisatie-3"


@pytest.fixture
def two_jans(interviewed, db):
    """Jan at the bakery (two interviews), Jan at the butcher's (one, and a draft), one interview of
    a Jan without an organisation, and Piet."""
    interviewed(JAN, {"organisation": "Bakkerij Jansen", "notes": BAKKER, "meeting_date": "2026-10-01"})
    interviewed(JAN, {"organisation": "bakkerij  JANSEN", "notes": BAKKER, "meeting_date": "2026-09-01"})
    interviewed(JAN.upper(), {"organisation": "Slagerij Vries", "notes": SLAGER, "meeting_date": "2026-11-20"})
    interviewed(JAN, {"notes": NOBODY})
    interviewed("Piet", {"organisation": "Bakkerij Jansen"})
    Store(db).save_draft(JAN, "keuze", {"values": {}, "meta": {"organisation": "Slagerij Vries", "notes": SLAGER}, "done": ["notes"]})


def stored_notes(db) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return sorted(n for (n,) in conn.execute("SELECT notes FROM interviews WHERE notes IS NOT NULL"))


def in_file(db, text: str) -> bool:
    return any(text.encode() in p.read_bytes() for p in db.parent.glob(db.name + "*"))


@pytest.mark.parametrize("command", [["delete", JAN, "--yes"], ["export", "-c", JAN], ["export", "-c", "Piet", "-c", JAN, "-f", "csv"]],
                         ids=["delete", "export", "export csv of two"])
def test_a_name_of_two_people_is_refused_with_the_candidates_and_nothing_is_done(run, two_jans, db, command):
    before = stored_notes(db)
    result = run(*command)
    stderr = failed_cleanly(result, 1)
    assert result.stdout == ""
    assert "may be more than one person" in stderr and "nothing was done" in stderr
    assert "Jan de Vries · bakkerij JANSEN · 2 interview(s), last meeting 2026-10-01" in stderr  # as last written
    assert "JAN DE VRIES · Slagerij Vries · 1 interview(s), 1 draft(s), last meeting 2026-11-20" in stderr
    assert "Jan de Vries · (no organisation) · 1 interview(s)" in stderr
    assert f"klantprofiel {command[0]}{' -c' if command[0] == 'export' else ''} 'Jan de Vries' --organisation " in stderr
    assert stored_notes(db) == before and Store(db).draft(JAN, "keuze") is not None


def test_delete_with_an_organisation_erases_only_that_persons_records(run, two_jans, db):
    result = run("delete", JAN, "--organisation", "Bakkerij Jansen", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Gewist: Jan de Vries (2 interview(s), 0 concept(en))" in result.stderr
    assert "1 interview(s) en concept(en) van Jan de Vries zonder organisatie zijn bewaard" in result.stderr
    assert "klantprofiel delete 'Jan de Vries' --organisation ''" in result.stderr
    assert not in_file(db, BAKKER)
    assert stored_notes(db) == sorted([NOBODY, SLAGER]) and Store(db).draft(JAN, "keuze") is not None
    assert len(Store(db).history("Piet")) == 1  # the other customer of that organisation too


def test_delete_of_the_other_one_takes_his_draft_along(run, two_jans, db):
    result = run("delete", JAN, "--organisation", " slagerij vries", "--yes")
    assert "Gewist: JAN DE VRIES (1 interview(s), 1 concept(en))" in result.stderr
    assert Store(db).draft(JAN, "keuze") is None and not in_file(db, SLAGER)
    assert stored_notes(db) == sorted([BAKKER, BAKKER, NOBODY])


def test_an_empty_organisation_chooses_the_records_without_one(run, two_jans, db):
    result = run("delete", JAN, "--organisation", "", "--yes")
    assert "Gewist: Jan de Vries (1 interview(s), 0 concept(en))" in result.stderr
    assert stored_notes(db) == sorted([BAKKER, BAKKER, SLAGER])


def test_export_with_an_organisation_hands_over_only_that_persons_records(run, two_jans):
    result = run("export", "-c", JAN, "--organisation", "Slagerij Vries")
    assert result.exit_code == 0, result.stderr
    *records, draft = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["interview"]["notes"] for r in records] == [SLAGER]
    assert draft["draft"]["customer"] == {"name": JAN, "organisation": "Slagerij Vries"}  # his draft: the right of access
    assert BAKKER not in result.stdout and NOBODY not in result.stdout
    assert "Left out, as they may be about someone else: Jan de Vries · (no organisation) · 1 interview(s)" in result.stderr


@pytest.mark.parametrize("command", [["delete", JAN, "--yes"], ["export", "-c", JAN]], ids=["delete", "export"])
def test_an_organisation_not_stored_for_the_name_is_not_found(run, two_jans, db, command):
    stderr = failed_cleanly(run(*command, "--organisation", "Bakkerij Piet"), 1)
    assert "No records of 'Jan de Vries' at organisation 'Bakkerij Piet'" in stderr and "Slagerij Vries" in stderr
    assert len(stored_notes(db)) == 4


def test_one_organisation_however_it_is_written_is_one_person(run, interviewed, db):
    """Records without an organisation beside one organisation: one person, erased whole."""
    interviewed(JAN, {"organisation": "Bakkerij Jansen", "notes": BAKKER})
    interviewed(JAN, {"organisation": " BAKKERIJ\u00a0jansen\u200b", "notes": BAKKER})
    interviewed(JAN, {"notes": NOBODY})
    assert run("export", "-c", JAN).stdout.count(BAKKER) == 2
    assert "Gewist: Jan de Vries (3 interview(s), 0 concept(en))" in run("delete", JAN, "--yes").stderr
    assert stored_notes(db) == []


def test_a_draft_at_another_organisation_makes_the_name_ambiguous_too(run, interviewed, db):
    interviewed(JAN, {"organisation": "Bakkerij Jansen"})
    Store(db).save_draft(JAN, "kennismaking", {"values": {}, "meta": {"organisation": "Slagerij Vries"}, "done": ["organisation"]})
    assert "may be more than one person" in failed_cleanly(run("delete", JAN, "--yes"), 1)


def test_organisation_is_for_export_of_a_customer(run, two_jans):
    assert "--organisation is for --customer" in failed_cleanly(run("export", "--organisation", "Slagerij Vries"), 2)
