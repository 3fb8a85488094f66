"""Imports that can be run again and undone: interview uids make a second import of the same
records change nothing, --existing says what a record of a known customer does, every import
that stores something has an id that --undo takes back, and one interview can be erased."""

from __future__ import annotations

import itertools
import json
import sqlite3
from contextlib import closing

import pytest

from helpers import failed_cleanly

PIET = {"customer": {"name": "Piet Jansen", "organisation": "Bakkerij Jansen"}, "interview": {"meeting_date": "2026-03-01"},
        "answers": {"learning_mode": "listen"}}
ELS = {"customer": {"name": "Els Visser", "organisation": "Visserij"}, "interview": {"meeting_date": "2026-03-02"},
       "answers": {"learning_mode": "both"}}


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def imported(run, text: str, *options: str) -> dict:
    """The --json summary of importing `text` (JSON lines) from stdin."""
    result = run("import", "-", "--json", *options, input=text)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stderr.splitlines()[-1])


def rows(db) -> list[tuple]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT id, uid, customer, customer_key, notes, import_id FROM interviews ORDER BY id").fetchall()


def customers(run) -> list[dict]:
    return json.loads(run("list", "--json").stdout)


def test_importing_the_stores_own_export_again_changes_nothing(english, run, interviewed, db):
    interviewed("Piet Jansen", {"organisation": "Bakkerij Jansen", "notes": "eerste"})
    imported(run, jsonl(ELS))
    before, listed = rows(db), customers(run)
    for fmt in ("jsonl", "json", "csv"):
        export = run("export", "-f", fmt).stdout
        summary = imported(run, export)
        assert (summary["stored"], summary["skipped"], summary["already_there"], summary["new_customers"]) == (0, 2, 2, 0), fmt
        assert summary["import_id"] is None  # it stored nothing: no import to undo
    assert rows(db) == before and customers(run) == listed
    text = run("import", "-", input=run("export").stdout).stderr
    assert "Imported 0 interview(s)" in text and "2 skipped (already there)" in text


def test_an_export_imported_into_another_store_keeps_the_ids_and_comes_back_as_itself(run, interviewed, db, tmp_path):
    interviewed("Piet Jansen", {"organisation": "Bakkerij Jansen", "notes": "eerste"})
    export = run("export").stdout
    other = str(tmp_path / "other.db")
    assert run("import", "-", "--db", other, input=export).exit_code == 0
    assert json.loads(run("export", "--db", other).stdout.splitlines()[0])["customer"]["id"] == json.loads(export)["customer"]["id"]
    assert json.loads(run("export", "--db", other).stdout)["interview"]["uid"] == json.loads(export)["interview"]["uid"]
    interviewed("Piet Jansen", {"notes": "tweede"}, "--db", other)
    back = imported(run, run("export", "--db", other).stdout)
    assert (back["stored"], back["already_there"], back["new_customers"]) == (1, 1, 0)  # his second interview, to him
    assert [r[4] for r in rows(db)] == ["eerste", "tweede"] and len({r[3] for r in rows(db)}) == 1


@pytest.mark.parametrize("existing, stored, skipped, replaced, notes", [
    ("new-interview", 2, 0, 0, ["oud", "oud-twijfels", "nieuw", "nieuw-els"]),
    ("skip", 1, 1, 0, ["oud", "oud-twijfels", "nieuw-els"]),
    ("replace", 2, 0, 1, ["oud-twijfels", "nieuw", "nieuw-els"]),
])
def test_existing_says_what_a_record_of_a_known_customer_does(run, interviewed, db, existing, stored, skipped, replaced, notes):
    interviewed("Piet Jansen", {"organisation": "Bakkerij Jansen", "notes": "oud"})
    interviewed("Piet Jansen", {"notes": "oud-twijfels"}, "--set", "twijfels")  # another set: never replaced
    summary = imported(run, jsonl({**PIET, "interview": {"notes": "nieuw"}}, {**ELS, "interview": {"notes": "nieuw-els"}}),
                       "--existing", existing)
    assert (summary["stored"], summary["skipped"], summary["replaced"], summary["new_customers"]) == (stored, skipped, replaced, 1)
    assert summary["existing"] == existing
    assert [r[4] for r in rows(db)] == notes
    assert len(customers(run)) == 2


def test_a_customer_made_by_the_same_import_is_not_skipped(run):
    summary = imported(run, jsonl(PIET, {**PIET, "interview": {"notes": "tweede"}}), "--existing", "skip")
    assert (summary["stored"], summary["skipped"], summary["new_customers"]) == (2, 0, 1)


def test_undo_of_an_import_in_the_middle_removes_exactly_what_it_stored(english, run, interviewed, db):
    interviewed("Piet Jansen", {"organisation": "Bakkerij Jansen", "notes": "gesprek"})
    first = imported(run, jsonl({**PIET, "interview": {"notes": "import-1"}}))
    middle = imported(run, jsonl({**PIET, "interview": {"notes": "import-2"}}, {**ELS, "interview": {"notes": "import-2-els"}}))
    last = imported(run, jsonl({**ELS, "interview": {"notes": "import-3-els"}}))
    assert first["import_id"] < middle["import_id"] < last["import_id"]
    history = json.loads(run("history", "Piet Jansen", "--json").stdout)
    assert [h["import_id"] for h in history] == [None, first["import_id"], middle["import_id"]]
    assert f"{middle['import_id']}" in run("history", "Piet Jansen").stdout.splitlines()[-1].split()[-1]
    needs_yes = failed_cleanly(run("import", "--undo", str(middle["import_id"])), 2)
    assert "--yes" in needs_yes and len(rows(db)) == 5
    result = run("import", "--undo", str(middle["import_id"]), "--yes")
    assert result.exit_code == 0, result.stderr
    assert "2 interview(s)" in result.stderr
    assert [r[4] for r in rows(db)] == ["gesprek", "import-1", "import-3-els"]
    assert {c["name"] for c in customers(run)} == {"Piet Jansen", "Els Visser"}  # Els came with import 2, but has another
    again = failed_cleanly(run("import", "--undo", str(middle["import_id"]), "--yes"), 1)
    assert f"No import with id {middle['import_id']}" in again


def test_undo_removes_the_customers_the_import_made_and_nothing_else_of_theirs_is_left(run, db):
    summary = imported(run, jsonl(ELS))
    assert run("import", "--undo", str(summary["import_id"]), "--yes").exit_code == 0
    assert customers(run) == [] and rows(db) == []
    assert not any(b"Els Visser" in p.read_bytes() for p in db.parent.glob(db.name + "*") if p.suffix != ".jsonl")


def test_delete_interview_erases_one_interview_to_the_last_byte(run, interviewed, db):
    interviewed("Piet Jansen", {"notes": "blijft-staan-11"})
    interviewed("Piet Jansen", {"notes": "moet-weg-geheim-22", "context": "ook-weg-33"})
    second = rows(db)[1][0]
    assert failed_cleanly(run("delete", "--interview", str(second)), 2)  # no terminal: --yes needed
    result = run("delete", "--interview", str(second), "--yes")
    assert result.exit_code == 0, result.stderr
    assert f"Gewist: interview {second} van Piet Jansen" in result.stderr
    assert [r[4] for r in rows(db)] == ["blijft-staan-11"]
    data = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    assert b"moet-weg-geheim-22" not in data and b"ook-weg-33" not in data and b"blijft-staan-11" in data


def test_delete_of_his_only_interview_erases_the_customer(run, interviewed, db):
    interviewed("Anouk Achterberg", {"notes": "enige"})
    assert run("delete", "--interview", str(rows(db)[0][0]), "--yes").exit_code == 0
    assert customers(run) == []
    assert not any(b"Achterberg" in p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_delete_needs_a_customer_or_an_interview(english, run, interviewed):
    interviewed("Piet", {})
    assert "one of the two" in failed_cleanly(run("delete", "--yes"), 2)
    assert "one of the two" in failed_cleanly(run("delete", "Piet", "--interview", "1", "--yes"), 2)
    assert "No interview with id 9" in failed_cleanly(run("delete", "--interview", "9", "--yes"), 1)


def test_a_customer_and_a_uid_met_again_many_batches_later_are_known_from_the_store(run, db):
    """Import keeps only a batch's customers and uids in memory; later batches find them stored."""
    from klantprofiel.io.importer import IMPORT_BATCH
    filler = [{"customer": {"name": f"Klant {i}"}, "answers": {}} for i in range(2 * IMPORT_BATCH)]
    again = {**PIET, "interview": {"uid": "same-uid-1", "notes": "twee keer"}}
    summary = imported(run, jsonl(again, *filler, {**PIET, "interview": {"notes": "later"}}, again), "--existing", "skip")
    assert (summary["new_customers"], summary["stored"], summary["already_there"], summary["skipped"]) == (2 * IMPORT_BATCH + 1, 2 * IMPORT_BATCH + 2, 1, 1)
    piet = json.loads(run("history", "Piet Jansen", "--json").stdout)
    assert len(piet) == 2  # one customer, skip does not skip him: this import made him


def test_a_new_id_that_is_taken_already_is_drawn_again(run, db, monkeypatch):
    from klantprofiel.store import import_placer as imports
    imported(run, jsonl(PIET))
    taken = customers(run)[0]["id"]
    fresh = imports._fresh_ids
    monkeypatch.setattr(imports, "_fresh_ids", lambda: iter([taken, *itertools.islice(fresh(), 5)]))
    imported(run, jsonl(ELS))
    ids = [c["id"] for c in customers(run)]
    assert len(set(ids)) == 2 and taken in ids
    assert json.loads(run("history", "Els Visser", "--json").stdout)[0]["id"] == rows(db)[-1][0]


def test_undo_of_a_replace_puts_back_the_interviews_it_replaced(english, run, interviewed, db):
    interviewed("Piet Jansen", {"organisation": "Bakkerij Jansen", "notes": "oud"})
    before = rows(db)
    summary = imported(run, jsonl({**PIET, "interview": {"notes": "nieuw"}}), "--existing", "replace")
    assert summary["replaced"] == 1 and [r[4] for r in rows(db)] == ["nieuw"]
    result = run("import", "--undo", str(summary["import_id"]), "--yes")
    assert result.exit_code == 0, result.stderr
    assert "putting back 1 interview(s) it replaced" in result.stderr
    assert rows(db) == before  # the same id, uid and everything
    assert json.loads(run("show", "Piet Jansen", "-f", "json").stdout)[0]["interview"]["notes"] == "oud"


def test_undo_gives_back_the_name_a_crm_record_changed(english, run, db):
    first = imported(run, jsonl({"customer": {"name": "Jan de Vries", "external_id": "CRM-17"}, "answers": {}}))
    second = imported(run, jsonl({"customer": {"name": "J. de Vries", "external_id": "CRM-17"}, "interview": {"notes": "crm"}, "answers": {}}))
    assert [c["name"] for c in customers(run)] == ["J. de Vries"]
    result = run("import", "--undo", str(second["import_id"]), "--yes")
    assert result.exit_code == 0 and "giving 1 customer(s) back the name it changed" in result.stderr
    assert [c["name"] for c in customers(run)] == ["Jan de Vries"]
    assert {r[2] for r in rows(db)} == {"Jan de Vries"} and first["import_id"] is not None


def test_a_rename_after_the_import_is_the_users_and_undo_leaves_it(run, db):
    imported(run, jsonl({"customer": {"name": "Jan de Vries", "external_id": "CRM-17"}, "answers": {}}))
    second = imported(run, jsonl({"customer": {"name": "J. de Vries", "external_id": "CRM-17"}, "interview": {"notes": "crm"}, "answers": {}}))
    assert run("rename", "J. de Vries", "Jan de Vries-Smit").exit_code == 0
    assert run("import", "--undo", str(second["import_id"]), "--yes").exit_code == 0
    assert [c["name"] for c in customers(run)] == ["Jan de Vries-Smit"]


def test_what_an_import_kept_to_undo_it_is_erased_with_the_customer(run, interviewed, db):
    interviewed("Piet Jansen", {"organisation": "Bakkerij Jansen", "notes": "geheim-oud-7731"})
    imported(run, jsonl({**PIET, "interview": {"notes": "nieuw"}}), "--existing", "replace")
    assert b"geheim-oud-7731" in db.read_bytes()  # kept beside the import, so that undo can put it back
    assert run("delete", "Piet Jansen", "--yes").exit_code == 0
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM import_replaced").fetchone()[0] == 0
    assert not any(b"geheim-oud-7731" in p.read_bytes() for p in db.parent.glob(db.name + "*"))
