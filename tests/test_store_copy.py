"""`klantprofiel store copy FROM TO`: a whole store into an empty one, SQLite and PostgreSQL either
way, all or nothing; every id, uid and interview of the history comes along."""

from __future__ import annotations

import json
import os
from pathlib import Path

from helpers import failed_cleanly

EXAMPLES = Path(__file__).parents[1] / "examples"


def filled(run, interviewed) -> None:
    """A store with imports, history, a draft, feedback and two people of one name."""
    assert run("import", str(EXAMPLES / "import.jsonl")).exit_code == 0
    interviewed("Jan de Vries", {"learning_mode": "listen", "organisation": "Garage"}, "--organisation", "Garage")
    interviewed("Ans", {"learning_mode": "listen", "notes": "eerste"})
    assert run("feedback", "Ans", "kennismaking.do_clear_story", "wrong", "--note", "klopte niet").exit_code == 0
    interviewed("Ans", {"learning_mode": "think_along", "notes": "tweede"})
    from klantprofiel.store import factory
    store = factory.store_at(os.environ["KLANTPROFIEL_DB"])
    store.save_draft("Kees", "kennismaking", {"values": {"knowledge": "veel"}, "meta": {"organisation": "Kaas BV"}, "done": ["knowledge"]})
    store.close()


def everything(run, db: str) -> dict:
    """What a user can read of a store: list, every interview's export with its feedback, and
    each customer's history."""
    listed = json.loads(run("list", "--json", "--db", db).stdout)
    exported = [json.loads(line) for line in run("export", "-o", "-", "--db", db).stdout.splitlines()]
    handed_over = run("export", "-c", "Ans", "-o", "-", "--db", db).stdout if any(c["name"] == "Ans" for c in listed) else ""
    history = {c["id"]: json.loads(run("history", c["id"], "--json", "--db", db).stdout) for c in listed if c["interviews"]}
    return {"list": listed, "export": exported, "history": history, "handed over": handed_over}


def test_a_store_copied_to_the_other_kind_and_back_reads_the_same(run, interviewed, backend, pg_cluster, tmp_path):
    filled(run, interviewed)
    before = everything(run, backend.url)
    target = str(tmp_path / "kopie.db") if backend.kind == "postgresql" else pg_cluster.url(pg_cluster.new_database())
    copied = run("store", "copy", backend.url, target, "--lang", "en")
    assert copied.exit_code == 0, copied.stderr
    assert "Copied from" in " ".join(copied.stderr.split())
    assert "6 customer(s), 6 interview(s), 1 draft(s), 1 import(s), 1 feedback, 1 question set(s)" in " ".join(copied.stderr.split())
    assert everything(run, target) == before
    again = tmp_path / "terug.db"
    assert run("store", "copy", target, str(again)).exit_code == 0
    assert everything(run, str(again)) == before
    # and the copy goes on as a store of its own: new ids after the copied ones
    assert run("interview", "Piet", "--answers", "-", "--db", target, input="{}").exit_code == 0
    ids = [e["interview"]["id"] for e in json.loads("[" + ",".join(run("export", "-o", "-", "--db", target).stdout.splitlines()) + "]")]
    assert ids == sorted(set(ids)) and ids[-1] == max(e["interview"]["id"] for e in before["export"]) + 1


def test_a_copy_only_goes_into_an_empty_store_and_changes_nothing_else(run, interviewed, backend, tmp_path):
    filled(run, interviewed)
    target = tmp_path / "vol.db"
    assert run("interview", "Kees", "--answers", "-", "--db", str(target), input="{}").exit_code == 0
    before = everything(run, str(target))
    err = failed_cleanly(run("store", "copy", backend.url, str(target), "--lang", "en"), 1)
    assert "already holds 1 customer(s)" in err and "nothing was copied" in err
    assert everything(run, str(target)) == before


def test_what_a_replace_import_took_the_place_of_comes_along_and_its_undo_still_puts_it_back(run, backend, pg_cluster, tmp_path):
    assert run("import", str(EXAMPLES / "import.jsonl")).exit_code == 0
    before = everything(run, backend.url)
    replaced = run("import", str(EXAMPLES / "import.jsonl"), "--existing", "replace", "--json")
    import_id = json.loads(replaced.stderr.strip().splitlines()[-1])["import_id"]
    target = str(tmp_path / "kopie.db") if backend.kind == "postgresql" else pg_cluster.url(pg_cluster.new_database())
    assert run("store", "copy", backend.url, target).exit_code == 0
    undone = run("import", "--undo", str(import_id), "--yes", "--db", target)
    assert undone.exit_code == 0, undone.stderr
    assert everything(run, target)["export"] == before["export"]
