"""The `date` kind: one module (klantprofiel/kinds/date.py), asked, imported, exported and shown.

A date answer is stored and written to CSV as ISO; it is read in the forms a salesperson types
the meeting date in, and shown in words in the view's language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3

import pexpect
import pytest

from klantprofiel.answers import check_answers
from klantprofiel.cli import prompts
from klantprofiel.cli.plain_prompts import PlainPrompter
from klantprofiel.interview import InterviewState
from klantprofiel.questionset.load import load

from helpers import EVERY_KIND, failed_cleanly
from test_kinds import FakeTerminal

SET = load(EVERY_KIND)


def record(name: str, contract_end: object) -> str:
    return json.dumps({"customer": {"name": name}, "answers": {"mode": "listen", "contract_end": contract_end}}) + "\n"


def stored(db) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [json.loads(a)["contract_end"] for (a,) in conn.execute("SELECT answers FROM interviews ORDER BY id")]


@pytest.mark.parametrize("given", ["2026-12-01", "1-12-2026", "01/12/2026", "1.12.26", "1 december 2026", "1 dec. 2026", " 1 December 2026 "])
def test_a_file_may_write_a_date_as_iso_or_as_dutch_forms_and_it_is_stored_as_iso(given):
    answers, problems = check_answers(SET, {"contract_end": given})
    assert problems == []
    assert answers.values["contract_end"] == "2026-12-01"


@pytest.mark.parametrize(("given", "said"), [
    ("31-2-2026", "must be a date such as 2026-12-01, 1-12-2026 or 1 december 2026"),
    ("vandaag", "a file must say the day itself, with the year"),
    ("3 oktober", "a file must say the day itself, with the year"),
    (20261201, "must be a date such as"),
])
def test_a_file_that_names_no_day_or_only_one_relative_to_today_is_refused(given, said):
    _, [problem] = check_answers(SET, {"contract_end": given})
    assert problem.field == "contract_end" and said in str(problem.message)


def test_import_export_csv_and_import_again_keep_the_iso_date(run, db, tmp_path):
    result = run("import", "-", "--set", str(EVERY_KIND), input=record("Jan", "1-12-2026") + record("Piet", None))
    assert result.exit_code == 0, result.stderr
    assert stored(db) == ["2026-12-01", None]
    out = tmp_path / "out.csv"
    assert run("export", "--format", "csv", "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["contract_end"] for r in rows] == ["2026-12-01", ""]
    again = tmp_path / "again.db"
    result = run("import", str(out), "--set", str(EVERY_KIND), "--db", str(again))
    assert result.exit_code == 0, result.stderr
    assert stored(again) == ["2026-12-01", None]


def test_a_csv_cell_in_a_dutch_form_is_read_too(run, db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("customer;contract_end\nJan;1 december 2026\n", encoding="utf-8")
    result = run("import", str(path), "--set", str(EVERY_KIND))
    assert result.exit_code == 0, result.stderr
    assert stored(db) == ["2026-12-01"]


def test_a_relative_date_in_an_import_is_refused_with_its_line_and_nothing_is_stored(english, run, db):
    err = failed_cleanly(run("import", "-", "--set", str(EVERY_KIND), input=record("Jan", "2026-12-01") + record("Piet", "gisteren")), 1)
    assert 'line 2: answers.contract_end = "gisteren": must be a date such as' in err
    assert not db.exists() or stored(db) == []


def test_show_says_the_date_in_words_in_the_view_language(run):
    assert run("import", "-", "--set", str(EVERY_KIND), input=record("Jan", "2026-12-01")).exit_code == 0
    nl = run("show", "Jan")
    assert nl.exit_code == 0, nl.stderr
    assert "Contract loopt af: dinsdag 1 december 2026" in nl.stdout
    en = run("show", "Jan", "--lang", "en", "-f", "json")
    [shown] = json.loads(en.stdout)
    lines = [line["text"] for section in shown["profile"]["sections"] for line in section["lines"]]
    assert "Contract ends: Tuesday 1 December 2026" in lines
    assert shown["answers"]["contract_end"] == "2026-12-01"


def test_an_answers_file_in_toml_may_write_a_date_literal(run, db, tmp_path):
    path = tmp_path / "a.toml"
    path.write_text('mode = "listen"\ncontract_end = 2026-12-01\n', encoding="utf-8")
    result = run("interview", "Jan", "--set", str(EVERY_KIND), "--answers", str(path))
    assert result.exit_code == 0, result.stderr
    assert stored(db) == ["2026-12-01"]


def test_a_condition_on_a_date_can_only_be_unknown(english, run, tmp_path):
    path = tmp_path / "every_kind.toml"
    path.write_text(EVERY_KIND.read_text(encoding="utf-8").replace('contract_end = "unknown"', 'contract_end = "2026-12-01"'), encoding="utf-8")
    err = failed_cleanly(run("questions", "validate", str(path)), 1)
    assert "'contract_end' is a date: a condition on it can only be 'unknown'" in err


def contract_step():
    state = InterviewState(SET, "Jan")
    return state, next(s for s in state.steps() if s.id == "contract_end")


def test_the_interview_takes_today_for_a_date_question_and_enter_leaves_it_unknown():
    state, step = contract_step()

    def ask(typed: str):
        return prompts.ask_step(PlainPrompter(input=io.StringIO(typed), output=io.StringIO()), FakeTerminal(), state, step, "nl",
                                allow_back=True)

    assert ask("vandaag\n") == dt.date.today().isoformat()
    assert ask("\n") is None


def test_a_date_given_before_is_offered_again_and_said_back_in_english():
    state, step = contract_step()
    state.answer(step, "2026-12-01")
    state.reopen(step)
    term, out = FakeTerminal(), io.StringIO()
    value = prompts.ask_step(PlainPrompter(input=io.StringIO("\n"), output=out), term, state, step, "en", allow_back=True)
    assert value == "2026-12-01"
    assert "Enter = 2026-12-01" in out.getvalue()
    assert "read as Tuesday 1 December 2026" in term.buffer.getvalue()


def test_a_real_terminal_interview_stores_a_date_typed_in_dutch(spawn, db):
    child = spawn("interview", "Jan", "--set", str(EVERY_KIND))
    for keys in ("\r", "\r", "\r", "\r"):  # mode, channels (none ticked), uptake, remark: first choice or unknown
        child.expect(r"\d/5")
        child.send(keys)
    child.expect("5/5")
    child.send("1 december 2026\r")
    child.expect("gelezen als dinsdag 1 december 2026")
    child.expect("Wat wil je doen")
    child.send("\r")
    child.expect(pexpect.EOF)
    assert stored(db) == ["2026-12-01"]
