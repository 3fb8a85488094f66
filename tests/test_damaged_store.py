"""A store damaged by hand or by a broken disk: a column or table dropped, invalid JSON in a row.
Every command says "this store is damaged", naming the store, never a pydantic or JSON traceback;
a store whose structure fails the check on opening is neither read nor written. Each test runs
on both backends (`backend`: an SQLite file, a PostgreSQL database). (A truncated or corrupt
file: tests/test_store_safety.py.)"""

from __future__ import annotations

import pytest

from klantprofiel.errors import UserError
from klantprofiel.io import export, parallel
from klantprofiel.store.factory import store_at

from helpers import failed_cleanly

COMMANDS = [["list"], ["show", "Piet Jansen"], ["show", "1"], ["show", "Piet Jansen", "-f", "json"], ["history", "Piet Jansen"],
            ["diff", "Piet Jansen"], ["brief", "Piet Jansen"], ["export"], ["export", "-f", "csv"], ["export", "-f", "markdown"],
            ["export", "-c", "Piet Jansen"], ["interview", "Kees", "--answers", "-"], ["import", "-"], ["delete", "Piet Jansen", "--yes"]]
INPUT = {"interview": "{}", "import": '{"customer": {"name": "Kees"}, "answers": {}}'}


@pytest.fixture
def store(interviewed, backend):
    interviewed("Piet Jansen", {"learning_mode": "listen"})
    interviewed("Piet Jansen", {"learning_mode": "both"})
    return backend


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("damage, says", [
    ("ALTER TABLE interviews DROP COLUMN notes", "de tabel 'interviews' mist de kolom(men) notes"),
    ("DROP TABLE drafts", "de tabel 'drafts' ontbreekt"),
])
def test_a_store_changed_by_hand_is_refused_by_every_command_and_not_written(run, store, command, damage, says):
    store.execute(damage)
    before = store.schema(), store.snapshot()
    stderr = failed_cleanly(run(*command, input=INPUT.get(command[0])), 1)
    assert stderr.startswith(f"Fout: De opslag {store.shown} is beschadigd: {says}")
    assert (store.schema(), store.snapshot()) == before


@pytest.mark.parametrize("command", [c for c in COMMANDS if c[0] in ("show", "history", "diff", "brief", "export")], ids=" ".join)
@pytest.mark.parametrize("answers", ["{not json", "[1, 2]", "12"])
def test_invalid_json_in_a_row_is_named_as_damage(run, store, command, answers):
    store.execute(f"UPDATE interviews SET answers = '{answers}' WHERE id = 1")
    stderr = failed_cleanly(run(*command), 1)
    assert stderr.startswith(f"Fout: De opslag {store.shown} is beschadigd: de antwoorden van interview 1 zijn geen geldige JSON")


@pytest.mark.skipif(parallel.workers() < 1, reason="worker processes need fork (Linux)")
def test_invalid_json_found_by_an_export_worker_is_named_as_damage(english, run, store, interviewed, monkeypatch, tmp_path):
    for i in range(10):
        interviewed(f"Klant {i}", {})
    store.execute("UPDATE interviews SET answers = '{' WHERE id = 9")
    monkeypatch.setattr(export, "EXPORT_BATCH", 2)
    monkeypatch.setattr(parallel, "LOCAL_BATCHES", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    stderr = failed_cleanly(run("export", "-o", str(tmp_path / "out.jsonl")), 1)
    assert "is damaged: interview 9 holds answers that are not valid JSON" in stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_a_damaged_draft_and_a_damaged_kept_question_set_are_named_too(english, run, store):
    store.execute("INSERT INTO drafts (customer_key, question_set, customer, state, updated_at) "
                "SELECT id, 'kennismaking', 'Piet Jansen', '{broken', '2026-01-01' FROM people WHERE name = 'Piet Jansen'")
    with pytest.raises(UserError, match="is damaged: the draft of Piet Jansen \\(kennismaking\\) is not valid JSON"):
        store_at(store.url).draft("Piet Jansen", "kennismaking")  # what `interview --resume` reads first
    store.execute("UPDATE question_sets SET definition = '{\"id\": 5}'", "UPDATE interviews SET set_version = '0.0-old'",
         "UPDATE question_sets SET version = '0.0-old'")
    assert "is damaged: its copy of question set 'kennismaking' version 0.0-old cannot be read" in failed_cleanly(run("show", "Piet Jansen"), 1)


@pytest.mark.parametrize("command", [["show", "Piet Jansen"], ["history", "Piet Jansen"], ["list"], ["export", "-c", "Piet Jansen"]], ids=" ".join)
def test_a_damaged_draft_is_named_by_every_view_that_reads_drafts(english, run, store, command):
    store.execute("INSERT INTO drafts (customer_key, question_set, customer, state, updated_at) "
                "SELECT id, 'kennismaking', 'Piet Jansen', '{broken', '2026-01-01' FROM people WHERE name = 'Piet Jansen'")
    result = run(*command)
    if result.exit_code != 0:  # a view that reads the draft's state says which draft is damaged; none is a bug
        assert "the draft of Piet Jansen (kennismaking) is not valid JSON" in failed_cleanly(result, 1)
