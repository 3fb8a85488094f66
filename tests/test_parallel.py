"""Batch import in worker processes gives exactly what it gives in one process."""

from __future__ import annotations

import json
import sqlite3

import pytest

from klantprofiel.io import importer, parallel


def test_ordered_keeps_the_order_and_pairs_each_batch_with_its_result(monkeypatch):
    monkeypatch.setattr(parallel, "LOCAL_BATCHES", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    batches = [[i, i + 1] for i in range(0, 40, 2)]
    assert list(parallel.ordered(sum, batches, part=lambda b: [x * 10 for x in b])) == [(b, 10 * sum(b)) for b in batches]


def _import(run, tmp_path, name, records):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    db = tmp_path / name
    result = run("import", str(path), "--skip-invalid", "--db", str(db), "--json")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT customer, organisation, answers, known, total FROM interviews ORDER BY id").fetchall()
    problems = [e for e in map(json.loads, result.stderr.splitlines()) if e["event"] == "problem"]
    return result.exit_code, rows, problems


@pytest.mark.skipif(parallel.workers() < 1, reason="worker processes need fork (Linux)")
def test_import_in_workers_equals_import_in_process(run, tmp_path, monkeypatch):
    records = [{"customer": {"name": f"Klant {i}", "organisation": "X" if i % 2 else None},
                "answers": {"learning_mode": ["listen", "lisen", "both"][i % 3], "advice_uptake": i % 5 + 1, "knowledge": f"tekst {i}"}}
               for i in range(60)]
    alone = _import(run, tmp_path, "alone.db", records)
    monkeypatch.setattr(importer, "BATCH", 4)
    monkeypatch.setattr(parallel, "LOCAL_BATCHES", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    together = _import(run, tmp_path, "workers.db", records)
    assert together == alone
    assert alone[0] == 1 and len(alone[1]) == 40 and [p["line"] for p in alone[2]] == list(range(2, 61, 3))
