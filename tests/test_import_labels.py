"""Import takes a choice by its label too, in either language and any case, and says what it read.

CRM exports and web forms carry the labels people clicked ("Luistert liever", "Ja"), not our ids.
The report (text and --json) names each label and the id it was read as; a label two choices
share is refused naming both, never guessed.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from helpers import EVERY_KIND, failed_cleanly


def stored(db) -> list[dict]:
    with sqlite3.connect(db) as conn:
        return [json.loads(a) for (a,) in conn.execute("SELECT answers FROM interviews ORDER BY id")]


def jsonl(*answers: dict) -> str:
    return "".join(json.dumps({"customer": {"name": f"Klant {i}"}, "answers": a}, ensure_ascii=False) + "\n" for i, a in enumerate(answers))


LABELLED = [{"learning_mode": "Luistert liever", "other_advisors": "Ja", "advisors_kind": ["Deskundigen", "coaches"]},
            {"learning_mode": "RATHER LISTENS", "other_advisors": "yes", "advisors_kind": ["EXPERTS"]},
            {"learning_mode": "luistert  liever", "other_advisors": "nee"},
            {"learning_mode": "Luistert liever", "other_advisors": "Weet ik nog niet"}]


def test_labels_in_either_language_and_any_case_are_read_as_their_ids_and_reported(english, run, db):
    result = run("import", "-", input=jsonl(*LABELLED))
    assert result.exit_code == 0, result.stderr
    assert [(a["learning_mode"], a["other_advisors"], a["advisors_kind"]) for a in stored(db)] == [
        ("listen", "yes", ["experts", "coaches"]), ("listen", "yes", ["experts"]), ("listen", "no", None), ("listen", None, None)]
    lines = result.stderr.splitlines()
    after = next(i for i, line in enumerate(lines) if line.startswith("Imported 4 interview(s)")) + 1
    assert lines[after:] == [
        'learning_mode: "Luistert liever" read as listen (2×)',
        'learning_mode: "RATHER LISTENS" read as listen (1×)',
        'learning_mode: "luistert  liever" read as listen (1×)',
        'other_advisors: "Ja" read as yes (1×)',
        'other_advisors: "nee" read as no (1×)',
        'other_advisors: "Weet ik nog niet" read as unknown (1×)',
        'advisors_kind: "Deskundigen" read as experts (1×)',
        'advisors_kind: "EXPERTS" read as experts (1×)',
    ]


def test_ids_alone_are_not_reported(run, db):
    result = run("import", "-", input=jsonl({"learning_mode": "listen", "other_advisors": "yes"}))
    assert result.exit_code == 0, result.stderr
    assert "read as" not in result.stderr


def test_the_json_summary_lists_each_label_with_its_id_and_count(run):
    result = run("import", "-", "--json", input=jsonl(*LABELLED))
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stderr.strip().splitlines()[-1])
    assert summary["event"] == "summary"
    assert summary["labels"][0] == {"question": "learning_mode", "label": "Luistert liever", "read_as": "listen", "count": 2}
    assert len(summary["labels"]) == 8


def test_a_json_array_takes_labels_too(english, run, db):
    records = [{"customer": {"name": "Jan"}, "answers": {"learning_mode": "Denkt liever mee", "advice_form": "short talk"}}]
    result = run("import", "-", "--format", "json", input=json.dumps(records))
    assert result.exit_code == 0, result.stderr
    assert (stored(db)[0]["learning_mode"], stored(db)[0]["advice_form"]) == ("think_along", "short_talk")
    assert 'learning_mode: "Denkt liever mee" read as think_along (1×)' in result.stderr


def test_csv_cells_take_labels_also_labels_with_commas_in_a_multi_cell(english, run, db, tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text("customer;learning_mode;wish_fits_need;other_advisors;advisors_kind\n"
                    'Jan;Luistert liever;"Ja, het past bij wat hij nodig heeft";JA;"Deskundigen, Coaches"\n'
                    "Piet;rather thinks it through with you;Partly: something is missing, or it can be simpler;No;\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    first, second = stored(db)
    assert (first["learning_mode"], first["wish_fits_need"], first["other_advisors"], first["advisors_kind"]) == (
        "listen", "fits", "yes", ["experts", "coaches"])
    assert (second["learning_mode"], second["wish_fits_need"], second["other_advisors"]) == ("think_along", "partly", "no")
    assert 'wish_fits_need: "Ja, het past bij wat hij nodig heeft" read as fits (1×)' in result.stderr


@pytest.mark.parametrize("cell", ["Deskundigen; Luisteraars", "Ja, regelmatig"])
def test_a_multi_cell_of_labels_that_name_no_choice_is_refused_like_any_unknown_choice(english, run, db, tmp_path, cell):
    path = tmp_path / "crm.csv"
    path.write_text(f'customer,advisors_kind\nJan,"{cell}"\n', encoding="utf-8")
    err = failed_cleanly(run("import", str(path)), 1)
    assert "row 2: advisors_kind = " in err and "is not a choice" in err
    assert not db.exists() or stored(db) == []


def test_a_label_two_choices_share_is_refused_naming_both(english, run, db, tmp_path):
    """In the every-kind set "Mail" is the Dutch label of email and the English label of post."""
    records = jsonl({"channels": ["Telefoon", "mail"]}) + jsonl({"channels": "Post;Phone"})
    err = failed_cleanly(run("import", "-", "--set", str(EVERY_KIND), input=records), 1)
    assert ('line 1: answers.channels = "mail": \'mail\' is the label of more than one choice: '
            'email ("Mail" / "E-mail") and post ("Post" / "Mail"); write the choice id instead') in err
    assert "line 2" not in err
    assert not db.exists() or stored(db) == []
    path = tmp_path / "crm.csv"
    path.write_text("customer,mode,channels\nJan,Luistert liever,MAIL\n", encoding="utf-8")
    err = failed_cleanly(run("import", str(path), "--set", str(EVERY_KIND)), 1)
    assert "row 2: channels = \"MAIL\": 'MAIL' is the label of more than one choice: email" in err
