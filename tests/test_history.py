"""`history NAME`: every interview of a customer over time, on screen and as JSON."""

from __future__ import annotations

import json


def test_history_lists_interviews_oldest_first_with_set_and_salesperson(interviewed, run):
    interviewed("Jan de Vries", {"meeting_date": "2024-03-01", "salesperson": "Piet"})
    interviewed("Jan de Vries", {"meeting_date": "2024-04-15", "salesperson": "Mara", "decisive": "price"}, "--set", "keuze")
    interviewed("Jan de Vries", {"reason_given": "price"}, "--set", "verloren_deal")
    result = run("history", "jan de vries")
    assert result.exit_code == 0
    rows = [line.split() for line in result.stdout.splitlines()]
    assert rows[0] == ["Datum", "Vragenlijst", "Verkoper", "Bekend", "Interview"]
    assert rows[1][0] == "2024-03-01" and "Piet" in rows[1] and rows[1][-1] == "1"
    assert "Waarop" in rows[2] and "Mara" in rows[2] and "1/13" in rows[2]
    assert "Terugblik" in rows[3] and rows[3][-1] == "3"


def test_history_json_documents_each_interview(interviewed, run):
    interviewed("Jan", {"meeting_date": "2024-03-01", "salesperson": "Piet", "learning_mode": "listen"})
    interviewed("Jan", {}, "--set", "relatie")
    rows = json.loads(run("history", "Jan", "--json").stdout)
    assert [r["question_set"] for r in rows] == ["kennismaking", "relatie"]
    first = rows[0]
    assert set(first) == {"id", "question_set", "set_title", "set_version", "date", "created_at", "salesperson", "knownness", "import_id"}
    assert (first["date"], first["salesperson"], first["knownness"]["known"]) == ("2024-03-01", "Piet", 1)
    assert first["knownness"]["level"] == "Nog een koning"
    assert rows[1]["date"] == rows[1]["created_at"][:10]


def test_history_in_english_uses_english_set_titles(interviewed, run):
    interviewed("Jan", {}, "--set", "twijfels")
    rows = json.loads(run("history", "Jan", "--json", "--lang", "en").stdout)
    assert rows[0]["set_title"] == "Doubts and weak spots"
    assert rows[0]["knownness"]["level"] == "His doubts still unknown"


def test_history_of_unknown_customer_is_a_clear_error(english, interviewed, run):
    interviewed("Jan de Vries", {})
    result = run("history", "Jan de Vris")
    assert result.exit_code == 1
    assert "Did you mean: Jan de Vries?" in result.stderr
