"""`klantprofiel store copy FROM TO`: a whole store into an empty one, SQLite and PostgreSQL either
way, all or nothing; every id, uid and interview of the history comes along."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import failed_cleanly

EXAMPLES = Path(__file__).parents[1] / "examples"


def filled(run, interviewed) -> None:
    """A store with imports, history, a draft, feedback and two people of one name."""
    assert run("import", str(EXAMPLES / "import.jsonl")).exit_code == 0
    interviewed("Jan de Vries", {"learning_mode": "listen", "organisation": "Garage"}, "--organisation", "Garage")
    interviewed("Ans", {"learning_mode": "listen", "notes": "eerste"})
    interviewed("Ans", {"learning_mode": "think_along", "notes": "tweede"})
    assert run("feedback", "Ans", "kennismaking.do_clear_story", "wrong").exit_code in (0, 1)


def everything(run, db: str) -> dict:
    """What a user can read of a store: list, every interview's export, and history."""
    listed = json.loads(run("list", "--json", "--db", db).stdout)
    exported = [json.loads(line) for line in run("export", "-o", "-", "--db", db).stdout.splitlines()]
    history = json.loads(run("history", "Ans", "--json", "--db", db).stdout)
    return {"list": listed, "export": exported, "history": history}


def test_a_store_copied_to_the_other_kind_and_back_reads_the_same(run, interviewed, backend, pg_cluster, tmp_path):
    filled(run, interviewed)
    before = everything(run, backend.url)
    target = str(tmp_path / "kopie.db") if backend.kind == "postgresql" else pg_cluster.url(pg_cluster.new_database())
    copied = run("store", "copy", backend.url, target, "--lang", "en")
    assert copied.exit_code == 0, copied.stderr
    assert "Copied from" in copied.stderr and "4 customer(s), 6 interview(s)" in copied.stderr
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
