"""A name is normalised once, where it enters (typed, given as an argument, in an answers file, in
an import, to look a customer up): two spellings of "José Müller" are one customer, and a name
holding a control character is refused with a clear message, whichever way it came in."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing

import pexpect
import pytest

from klantprofiel.store import Store

from helpers import CTRL_C, ENTER, FIXTURES, answer, failed_cleanly

NFC = "José Müller"
ODD = "\ufeffJose\u0301\u200b  Mu\u0308ller\u200f\u00a0"
"""The same name as NFC: decomposed accents, a BOM, a zero-width space, a right-to-left mark,
a double and a non-breaking space."""
INSIDE = "Jose\u0301\u200b Mu\u0308ller"
"""Nothing to trim: a clean record with it goes import's fast path."""


def by_argument(run, name):
    return run("interview", name, "--answers", "-", input="{}")


def in_answers_file(run, name):
    return run("interview", "--answers", "-", input=json.dumps({"customer": name}))


def imported_jsonl(run, name):
    """A clean record: the fast path of import takes it (or hands it to the thorough one)."""
    return run("import", "-", input=json.dumps({"customer": {"name": name}, "answers": {}}))


def imported_padded(run, name):
    """Padding makes the fast path hand the record to the thorough one."""
    return run("import", "-", input=json.dumps({"customer": {"name": f"  {name} "}, "answers": {"learning_mode": " listen "}}))


def imported_csv(run, name):
    return run("import", "-", "--format", "csv", input=f"customer,learning_mode\n{name},listen\n")


ENTRIES = [by_argument, in_answers_file, imported_jsonl, imported_padded, imported_csv]


def customers(run) -> list[tuple[str, int]]:
    """The stored customers; none where nothing made a store yet (`list` makes none, it says so)."""
    listed = run("list", "--json")
    if listed.exit_code == 1 and "No store at" in listed.stderr:
        return []
    assert listed.exit_code == 0, listed.stderr
    return [(c["name"], c["interviews"]) for c in json.loads(listed.stdout)]


@pytest.mark.parametrize("spelling", [ODD, INSIDE], ids=["odd", "inside"])
@pytest.mark.parametrize("enter", ENTRIES, ids=lambda f: f.__name__)
def test_two_spellings_of_one_name_are_one_customer_however_it_enters(run, enter, spelling):
    assert spelling != NFC
    assert by_argument(run, NFC).exit_code == 0
    result = enter(run, spelling)
    assert result.exit_code == 0, result.stderr
    assert customers(run) == [(NFC, 2)]
    exported = [json.loads(line) for line in run("export").stdout.splitlines()]
    assert [r["customer"]["name"] for r in exported] == [NFC, NFC]  # stored as NFC, nothing invisible kept


@pytest.mark.parametrize("command, shows", [(["show"], NFC), (["history"], "Kennismaking"), (["brief"], NFC), (["export", "-c"], NFC)],
                         ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_a_name_given_to_look_up_is_normalised_the_same_way(run, command, shows):
    assert by_argument(run, NFC).exit_code == 0
    result = run(*command, ODD.lower())
    assert result.exit_code == 0, result.stderr
    assert shows in result.stdout


def test_delete_finds_the_customer_under_another_spelling(run):
    assert by_argument(run, NFC).exit_code == 0
    assert "Gewist: José Müller" in run("delete", ODD, "--yes").stderr
    assert customers(run) == []


@pytest.mark.parametrize("control", ["\x00", "\x1b[31m", "\x08", "\x7f", "\x9b"], ids=repr)
@pytest.mark.parametrize("enter", ENTRIES, ids=lambda f: f.__name__)
def test_a_name_with_a_control_character_is_refused_and_nothing_is_stored(english, run, enter, control):
    if enter is imported_csv and control == "\x00":
        pytest.skip("a CSV file with NUL is refused as a whole (not text), before any name is read")
    stderr = failed_cleanly(enter(run, f"Jan{control}Vries"), 1)
    assert "name" in stderr and "control character" in stderr
    assert customers(run) == []


def test_the_import_report_names_the_record_and_field_of_a_refused_name(english, run):
    lines = [json.dumps({"customer": {"name": "Piet"}, "answers": {}}), json.dumps({"customer": {"name": "Jan\x1bVries"}, "answers": {}})]
    stderr = failed_cleanly(run("import", "-", input="\n".join(lines) + "\n"), 1)
    assert "line 2" in stderr and "customer.name" in stderr and "control character (U+001B)" in stderr


@pytest.mark.parametrize("command", [["show"], ["history"], ["brief"], ["delete", "--yes"], ["export", "-c"]], ids=" ".join)
def test_a_name_to_look_up_with_a_control_character_is_refused_clearly(english, run, command):
    assert by_argument(run, "Jan Vries").exit_code == 0
    stderr = failed_cleanly(run(*command, "Jan\x1bVries"), 1)
    assert "The customer's name 'Jan\N{REPLACEMENT CHARACTER}Vries' holds a control character (U+001B)" in stderr
    assert customers(run) == [("Jan Vries", 1)]


def test_a_name_typed_in_the_interview_is_normalised(spawn, db):
    child = spawn("interview")
    child.expect("klant")
    child.send(ODD + ENTER)
    answer(child, 1, ENTER)  # organisation: the draft is written once step 2 shows
    child.expect(r"(?<!\d)2/\d+")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT customer FROM drafts").fetchall() == [(NFC,)]


def test_an_older_store_is_upgraded_to_one_customer_per_name(tmp_path):
    """Stored by a version that only collapsed spaces: two spellings were two customers."""
    path = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "stores" / "v1.db", path)
    with closing(sqlite3.connect(path)) as conn, conn:
        for name in (NFC, "Jose\u0301\u200b Mu\u0308ller"):
            conn.execute("INSERT INTO interviews (customer, customer_key, question_set, set_version, answers, known, total, source, created_at)"
                         " SELECT ?, ?, question_set, set_version, answers, known, total, source, created_at FROM interviews WHERE id = 1",
                         (name, name.casefold()))
    assert [(c.name, c.interviews) for c in Store(path).customers() if "ller" in c.name] == [(NFC, 2)]
    assert len(Store(path).history("jose\u0301 müller")) == 2
