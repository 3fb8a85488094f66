"""A customer who has only a draft (an interview stopped with Ctrl-C) is not invisible: `list`
marks him, `show` and `history` say a draft exists, and `export -c` (the right of access) hands
the draft over too, in a place of its own; the whole store's export and its import stay as they were."""

from __future__ import annotations

import json

import pytest

from klantprofiel.store import Store

from helpers import failed_cleanly

ANS = "Ans de Wit"
SECRET = "alleen-in-het-concept-5521"


@pytest.fixture
def drafts(db, interviewed):
    """Ans has only a draft; Piet an interview and a draft of another set; Kees only an interview."""
    Store(db).save_draft(ANS, "kennismaking", {"values": {"preferences": SECRET}, "meta": {"organisation": "De Wit BV", "notes": SECRET},
                                               "done": ["organisation", "notes", "preferences"]})
    interviewed("Piet", {"notes": "gesprek"})
    Store(db).save_draft("Piet", "keuze", {"values": {}, "meta": {"notes": "piet-concept"}, "done": ["notes"]})
    interviewed("Kees", {})


def test_list_marks_a_customer_with_only_a_draft(run, drafts):
    listed = run("list")
    assert listed.exit_code == 0, listed.stderr
    ans = next(line for line in listed.stdout.splitlines() if ANS in line)
    assert "De Wit BV" in ans and "0 + 1 concept" in ans
    assert "1 + 1 concept" in next(line for line in listed.stdout.splitlines() if "Piet" in line)
    rows = {r["name"]: (r["interviews"], r["drafts"], r["organisation"]) for r in json.loads(run("list", "--json").stdout)}
    assert rows == {ANS: (0, 1, "De Wit BV"), "Piet": (1, 1, None), "Kees": (1, 0, None)}


@pytest.mark.parametrize("command", ["show", "history", "brief", "diff"])
def test_a_customer_with_only_a_draft_is_said_to_have_one(english, run, drafts, command):
    stderr = failed_cleanly(run(command, "ans de wit"), 1)
    assert "Ans de Wit has no finished interview yet, only a draft (kennismaking, 20" in stderr
    assert "Continue it with: klantprofiel interview 'Ans de Wit' --resume" in stderr


@pytest.mark.parametrize("command", [["show", "Piet"], ["show", "Piet", "-f", "json"], ["history", "Piet"], ["history", "Piet", "--json"]],
                         ids=" ".join)
def test_show_and_history_say_that_a_draft_exists_beside_the_interviews(run, drafts, command):
    result = run(*command)
    assert result.exit_code == 0, result.stderr
    assert "Er is ook een concept (keuze, 20" in result.stderr
    assert "klantprofiel interview Piet --set keuze --resume" in result.stderr
    if "json" in " ".join(command):
        json.loads(result.stdout)  # stdout stays data
    assert "concept" not in run(command[0], "Kees").stderr


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_export_of_a_customer_hands_over_his_drafts_too(run, drafts, fmt):
    result = run("export", "-c", ANS, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()] if fmt == "jsonl" else json.loads(result.stdout)
    [draft] = records
    assert draft == {"draft": {"customer": {"id": draft["draft"]["customer"]["id"], "name": ANS, "organisation": "De Wit BV"}, "question_set": {"id": "kennismaking"},
                               "updated_at": draft["draft"]["updated_at"], "interview": {"salesperson": None, "meeting_date": None,
                                                                                         "context": None, "notes": SECRET},
                               "answers": {"preferences": SECRET}, "answered": ["organisation", "notes", "preferences"]}}
    piet = run("export", "-c", "Piet", "-f", fmt).stdout
    records = [json.loads(line) for line in piet.splitlines()] if fmt == "jsonl" else json.loads(piet)
    assert [list(r) for r in records] == [["customer", "interview", "question_set", "answers", "profile"], ["draft"]]  # interviews first
    assert SECRET not in piet


def test_the_whole_stores_export_holds_interviews_only_and_imports_as_before(run, drafts, tmp_path):
    whole = run("export")
    assert SECRET not in whole.stdout and len(whole.stdout.splitlines()) == 2
    result = run("import", "-", "--db", str(tmp_path / "other.db"), input=whole.stdout)
    assert result.exit_code == 0 and "Imported 2 interview(s)" in result.stderr


def test_import_of_a_customers_export_skips_his_drafts_with_a_note(run, drafts, tmp_path):
    exported = run("export", "-c", "Piet").stdout
    result = run("import", "-", "--db", str(tmp_path / "other.db"), input=exported)
    assert result.exit_code == 0, result.stderr
    assert "line 2: a draft (an interview not finished) is not imported." in result.stderr
    assert "Imported 1 interview(s)" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_formats_without_a_place_for_drafts_say_they_are_left_out(run, drafts, fmt):
    result = run("export", "-c", "Piet", "-f", fmt)
    assert result.exit_code == 0
    assert "1 draft(s) (interviews not finished) are not in" in result.stderr and "-f jsonl" in result.stderr
