"""Two people who share a name are two customers, each with his own id: every command that takes a
name refuses a name that is more than one customer's, with the candidates (name, organisation,
id, last meeting), until --organisation or the id says which one; then only his records are
shown, handed over or erased."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing

import pytest

from klantprofiel.store import Store

from helpers import failed_cleanly

JAN = "Jan de Vries"
BAKKER = "bakkerij-geheim-1"
GARAGE = "garage-geheim-2"


@pytest.fixture
def two_jans(interviewed, db):
    """Jan at the bakery (two interviews, the second with his name and organisation written otherwise), Jan
    at the garage (one, and a draft), and Piet at the bakery. Returns the two Jans' ids."""
    interviewed(JAN, {"organisation": "Bakkerij A", "notes": BAKKER, "meeting_date": "2026-10-01"})
    interviewed(JAN.lower(), {"organisation": "bakkerij  a", "notes": BAKKER, "meeting_date": "2026-09-01"}, "--organisation", "bakkerij  a")
    interviewed(JAN, {"organisation": "Garage B", "notes": GARAGE, "meeting_date": "2026-11-20"}, "--organisation", "Garage B")
    interviewed("Piet", {"organisation": "Bakkerij A"})
    store = Store(db)
    bakker, garage = (store.customer(JAN, org).id for org in ("Bakkerij A", "Garage B"))
    store.save_draft(store.customer(garage), "keuze", {"values": {}, "meta": {"notes": GARAGE}, "done": ["notes"]})
    store.close()
    return bakker, garage


def stored_notes(db) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return sorted(n for (n,) in conn.execute("SELECT notes FROM interviews WHERE notes IS NOT NULL"))


def in_file(db, text: str) -> bool:
    return any(text.encode() in p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_list_shows_two_customers_each_with_his_id(run, two_jans):
    bakker, garage = two_jans
    listed = json.loads(run("list", "--json").stdout)
    jans = {c["id"]: (c["name"], c["organisation"], c["interviews"], c["drafts"]) for c in listed if c["name"] == JAN}
    assert jans == {bakker: (JAN, "bakkerij  a", 2, 0), garage: (JAN, "Garage B", 1, 1)}  # the name as first typed, for both
    assert all(re.fullmatch(r"k-[0-9a-z]{8}", c["id"]) for c in listed)
    table = run("list").stdout
    assert bakker in table and garage in table


COMMANDS = [["show", JAN], ["brief", JAN], ["history", JAN], ["diff", JAN], ["delete", JAN, "--yes"], ["export", "-c", JAN],
            ["export", "-c", "Piet", "-c", JAN, "-f", "csv"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_name_of_two_customers_is_refused_with_the_candidates_and_nothing_is_done(english, run, two_jans, db, command):
    bakker, garage = two_jans
    before = stored_notes(db)
    result = run(*command)
    stderr = failed_cleanly(result, 1)
    assert result.stdout == ""
    assert "is the name of 2 customers" in stderr and "nothing was done" in stderr
    assert f"Jan de Vries · bakkerij  a · {bakker} · 2 interview(s), last meeting 2026-10-01" in stderr
    assert f"Jan de Vries · Garage B · {garage} · 1 interview(s), 1 draft(s), last meeting 2026-11-20" in stderr
    word = " ".join(command[:2]) if command[0] == "export" else command[0]
    assert f"klantprofiel {word} 'Jan de Vries' --organisation " in stderr and f"klantprofiel {word} {bakker}" in stderr
    assert stored_notes(db) == before and Store(db).draft(garage, "keuze") is not None


def test_an_interview_from_an_answers_file_without_organisation_is_refused_too(english, run, two_jans, db):
    stderr = failed_cleanly(run("interview", JAN, "--answers", "-", input=json.dumps({"notes": "wie?"})), 1)
    assert "is the name of 2 customers" in stderr
    assert "wie?" not in stored_notes(db)


@pytest.mark.parametrize("pick", ["organisation", "id"])
def test_the_organisation_or_the_id_picks_one_for_show_brief_and_history(run, two_jans, pick):
    bakker, garage = two_jans
    chosen = ["--organisation", " GARAGE b"] if pick == "organisation" else []
    who = JAN if pick == "organisation" else garage
    shown = run("show", who, *chosen, "-f", "json")
    assert shown.exit_code == 0, shown.stderr
    [record] = json.loads(shown.stdout)
    assert record["customer"]["id"] == garage and record["interview"]["notes"] == GARAGE
    brief = run("brief", who, *chosen, "-f", "json")
    assert brief.exit_code == 0 and json.loads(brief.stdout)["customer"]["id"] == garage
    history = json.loads(run("history", who, *chosen, "--json").stdout)
    assert len(history) == 1
    assert BAKKER not in shown.stdout + brief.stdout


def test_delete_with_an_organisation_erases_only_that_customer(run, two_jans, db):
    bakker, garage = two_jans
    result = run("delete", JAN, "--organisation", "Bakkerij A", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Gewist: Jan de Vries (2 interview(s), 0 concept(en))" in result.stderr
    assert not in_file(db, BAKKER) and not in_file(db, bakker)
    assert stored_notes(db) == [GARAGE] and Store(db).draft(garage, "keuze") is not None
    assert len(Store(db).history("Piet")) == 1  # the other customer of that organisation too
    assert [c["id"] for c in json.loads(run("list", "--json").stdout) if c["name"] == JAN] == [garage]
    assert run("show", JAN, "-f", "json").exit_code == 0  # one Jan left: the name is his alone again


def test_delete_by_id_takes_his_draft_along(run, two_jans, db):
    bakker, garage = two_jans
    result = run("delete", garage, "--yes")
    assert "Gewist: Jan de Vries (1 interview(s), 1 concept(en))" in result.stderr
    assert not in_file(db, GARAGE) and not in_file(db, garage)
    assert stored_notes(db) == [BAKKER, BAKKER]


def test_export_of_one_hands_over_only_his_records_and_draft(run, two_jans):
    bakker, garage = two_jans
    result = run("export", "-c", garage)
    assert result.exit_code == 0, result.stderr
    *records, draft = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["customer"]["id"], r["interview"]["notes"]) for r in records] == [(garage, GARAGE)]
    assert draft["draft"]["customer"] == {"id": garage, "name": JAN, "organisation": None}  # his draft: the right of access
    assert BAKKER not in result.stdout
    both = run("export", "-c", garage, "-c", JAN, "--organisation", "Garage B")  # one person named twice: once
    assert both.stdout == result.stdout


@pytest.mark.parametrize("command", [["delete", JAN, "--yes"], ["export", "-c", JAN], ["show", JAN]], ids=["delete", "export", "show"])
def test_an_organisation_nobody_of_the_name_is_at_is_not_found(english, run, two_jans, db, command):
    stderr = failed_cleanly(run(*command, "--organisation", "Bakkerij Piet"), 1)
    assert "No customer 'Jan de Vries' at organisation 'Bakkerij Piet'" in stderr and "Garage B" in stderr
    assert len(stored_notes(db)) == 3


def test_one_organisation_however_it_is_written_is_one_customer(run, interviewed, db):
    """Records without an organisation for a name only one customer has: his, erased with him."""
    interviewed(JAN, {"organisation": "Bakkerij Jansen", "notes": BAKKER})
    interviewed(JAN, {"organisation": " BAKKERIJ\u00a0jansen\u200b", "notes": BAKKER})
    interviewed(JAN, {"notes": GARAGE})
    assert run("export", "-c", JAN).stdout.count(BAKKER) == 2
    assert "Gewist: Jan de Vries (3 interview(s), 0 concept(en))" in run("delete", JAN, "--yes").stderr
    assert stored_notes(db) == []


def test_an_interview_at_another_organisation_is_another_customer_when_said_so(run, interviewed):
    interviewed(JAN, {"organisation": "Bakkerij A"})
    assert "Nieuwe klant" not in interviewed(JAN, {"organisation": "Bakkerij A B.V."}).stderr  # the name alone: him, moved on
    result = interviewed(JAN, {"organisation": "Garage B"}, "--organisation", "Garage B")
    garage = next(c for c in json.loads(run("list", "--json").stdout) if c["organisation"] == "Garage B")
    assert f"Nieuwe klant: Jan de Vries.\nOpgeslagen als interview 3 van Jan de Vries ({garage['id']})." in result.stderr
    assert sorted(c["interviews"] for c in json.loads(run("list", "--json").stdout)) == [1, 2]


def test_organisation_is_for_export_of_a_customer(english, run, two_jans):
    assert "--organisation is for --customer" in failed_cleanly(run("export", "--organisation", "Garage B"), 2)
