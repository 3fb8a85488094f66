"""A draft (an interview stopped with Ctrl-C) belongs to the customer: `list` marks it, `show` shows
what it holds when there is nothing else (and says it exists beside the interviews), `history` lists
it as a row, `export -c` (the right of access) hands it over in a place of its own, `delete` erases
it, and `interview NAME|ID --resume` goes on with it; the whole store's export and its import stay
as they were."""

from __future__ import annotations

import json

import pexpect
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


@pytest.mark.parametrize("command", ["brief", "diff"])
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


def test_the_whole_stores_export_holds_interviews_only_and_imports_as_before(english, run, drafts, tmp_path):
    whole = run("export")
    assert SECRET not in whole.stdout and len(whole.stdout.splitlines()) == 2
    result = run("import", "-", "--db", str(tmp_path / "other.db"), input=whole.stdout)
    assert result.exit_code == 0 and "Imported 2 interview(s)" in result.stderr


def test_import_of_a_customers_export_skips_his_drafts_with_a_note(english, run, drafts, tmp_path):
    exported = run("export", "-c", "Piet").stdout
    result = run("import", "-", "--db", str(tmp_path / "other.db"), input=exported)
    assert result.exit_code == 0, result.stderr
    assert "line 2: a draft (an interview not finished) is not imported." in result.stderr
    assert "Imported 1 interview(s)" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_formats_without_a_place_for_drafts_say_they_are_left_out(english, run, drafts, fmt):
    result = run("export", "-c", "Piet", "-f", fmt)
    assert result.exit_code == 0
    assert "1 draft(s) (interviews not finished) are not in" in result.stderr and "-f jsonl" in result.stderr


def test_show_of_a_customer_with_only_a_draft_shows_what_it_holds(run, drafts):
    result = run("show", "ans de wit")
    assert result.exit_code == 0, result.stderr
    assert "Ans de Wit heeft nog geen afgerond interview, alleen wat hieronder staat; verder met: klantprofiel interview 'Ans de Wit' --resume" \
        in result.stderr
    assert "Concept · Kennismaking: van koning naar mens · bewaard 20" in result.stdout and "nog niet afgerond" in result.stdout
    rows = {line.split("  ")[0]: line.rstrip().split("  ")[-1].strip() for line in result.stdout.splitlines() if "  " in line.rstrip()}
    assert rows["Organisatie"] == "De Wit BV" and rows["Voorkeur"] == SECRET and rows["Leren"] == "weet ik nog niet"


def test_show_of_only_a_draft_as_json_and_markdown(run, drafts):
    [record] = json.loads(run("show", "ans de wit", "-f", "json").stdout)
    assert record["draft"]["answers"] == {"preferences": SECRET} and record["draft"]["customer"]["organisation"] == "De Wit BV"
    markdown = run("show", "ans de wit", "-f", "markdown").stdout
    assert markdown.startswith("## Concept · Kennismaking") and f"- **Voorkeur:** {SECRET}" in markdown


def test_history_lists_a_draft_as_a_row_marked_as_a_draft(run, drafts):
    result = run("history", "ans de wit")
    assert result.exit_code == 0, result.stderr
    [row] = [line for line in result.stdout.splitlines() if "Kennismaking" in line]
    assert row.rstrip().endswith("concept") and "1/16" in row
    piet = run("history", "Piet").stdout.splitlines()
    assert piet[-1].rstrip().endswith("concept") and "Waarop hij kiest" in piet[-1] and piet[-2].rstrip().endswith("1")
    assert json.loads(run("history", "ans de wit", "--json").stdout) == []  # the JSON lists interviews; stderr names the draft


def test_a_draft_is_resumed_by_the_customers_id(spawn, drafts, run):
    cid = next(r["id"] for r in json.loads(run("list", "--json").stdout) if r["name"] == ANS)
    child = spawn("interview", cid, "--resume")
    child.expect(r"(?<!\d)2/\d+")  # organisation was answered: on at the salesperson
    child.sendcontrol("c")
    child.expect("klantprofiel interview 'Ans de Wit' --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_delete_by_id_erases_a_draft_only_customer(run, drafts, db):
    cid = next(r["id"] for r in json.loads(run("list", "--json").stdout) if r["name"] == ANS)
    assert run("delete", cid, "--yes").exit_code == 0
    assert ANS not in run("list").stdout
    assert SECRET.encode() not in db.read_bytes()
    assert "piet-concept" in run("export", "-c", "Piet").stdout  # his draft stays


def test_a_draft_of_one_of_two_namesakes_is_named_by_his_id(run, interviewed, db):
    from klantprofiel.identity import for_interview
    interviewed("Jan de Vries", {"organisation": "Bakkerij A"})
    store = Store(db)
    garage = for_interview(store, "Jan de Vries", "Garage B")
    store.save_draft(garage, "kennismaking", {"values": {}, "meta": {"organisation": "Garage B"}, "done": ["organisation"]})
    result = run("show", "Jan de Vries", "--organisation", "Garage B")
    assert result.exit_code == 0, result.stderr
    assert f"klantprofiel interview {garage.id} --resume" in result.stderr
    assert f"klantprofiel interview {garage.id} --resume" in failed_cleanly(run("brief", garage.id), 1)
