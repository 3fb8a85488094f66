"""Export, then import into an empty store: the same store contents, for every format that carries answers."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "fixtures" / "sets" / "mini.toml"
COMPARED = ("customer", "customer_key", "organisation", "pronoun", "salesperson", "meeting_date", "context", "notes",
            "question_set", "set_version", "answers", "known", "total", "created_at")


def contents(db: Path) -> tuple[list[tuple], list[tuple]]:
    """Every interview (without its number and source) and every kept question set."""
    with sqlite3.connect(db) as conn:
        interviews = [(*row[:-4], json.loads(row[-4]), *row[-3:])
                      for row in conn.execute(f"SELECT {', '.join(COMPARED)} FROM interviews ORDER BY id")]
        sets = conn.execute("SELECT id, version FROM question_sets ORDER BY id, version").fetchall()
    return interviews, sets


@pytest.fixture
def filled(run, interviewed, db):
    """A store with what makes round trips hard: multi answers, unknowns, formulas, newlines,
    accents, two interviews of one customer, a second question set."""
    interviewed("Jan de Vries", {"learning_mode": "listen", "other_advisors": "yes", "advisors_kind": ["coaches", "experts"],
                                 "advice_uptake": 2, "knowledge": "=SUM(A1) \"quoted\", comma; semicolon",
                                 "organisation": "Bakkerij \"De Korf\"", "notes": "eerste regel\ntweede regel",
                                 "meeting_date": "2024-03-01", "salesperson": "Anne", "pronoun": "name"})
    interviewed("JAN DE VRIES", {"learning_mode": "both", "preferences": "-korting", "context": "@kantoor"})
    interviewed("Zoë Ångström", {"advice_use": "gut_feeling", "understanding": "'=al gequote", "notes": "\ttab vooraan", "pronoun": "zij"})
    record = {"customer": {"name": "Mini Klant"}, "answers": {"mode": "think", "uptake": 5, "advisors": "yes", "advisors_kind": ["experts"],
                                                              "knows": "+veel"}, "interview": {"created_at": "2023-01-02T03:04:05+00:00"}}
    assert run("import", "-", "--set", str(MINI), input=json.dumps(record)).exit_code == 0
    return contents(db)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_export_then_import_gives_the_same_store(run, filled, tmp_path, fmt):
    exported = tmp_path / f"export.{fmt}"
    result = run("export", "--format", fmt, "-o", str(exported))
    assert result.exit_code == 0, result.stderr
    fresh = tmp_path / "fresh.db"
    result = run("import", str(exported), "--set", str(MINI), "--db", str(fresh))
    assert result.exit_code == 0, result.stderr
    assert contents(fresh) == filled


def test_round_trip_through_a_pipe(run, filled, tmp_path):
    jsonl = run("export").stdout
    fresh = tmp_path / "fresh.db"
    assert run("import", "-", "--set", str(MINI), "--db", str(fresh), input=jsonl).exit_code == 0
    assert contents(fresh) == filled
