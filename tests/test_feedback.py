"""`klantprofiel feedback NAME LINE useful|wrong`: stored with the interview, marked by `show`,
handed over by `export -c`, erased with the customer, tallied for a trainer."""

from __future__ import annotations

import json

import pytest

from helpers import failed_cleanly


@pytest.fixture
def gerard(interviewed):
    interviewed("Gerard Smit", {"advice_meaning": "weakness", "advice_experience": "negative", "organisation": "Bakkerij Smit"})
    interviewed("Gerard Smit", {"bad_experience_us": "yes", "feels_valued": "partly"}, "--set", "keuze")
    return "Gerard Smit"


def test_a_line_called_wrong_is_marked_by_show(gerard, run):
    result = run("feedback", gerard, "kennismaking.framing_own_idea", "wrong", "--note", "Hij vroeg juist om advies")
    assert result.exit_code == 0, result.stderr
    assert "Genoteerd: kennismaking.framing_own_idea klopte niet (bij interview 1)" in result.stderr
    out = " ".join(run("show", gerard).stdout.replace("│", " ").split())
    assert out.count("⚑ gemeld als onjuist") == 2  # in the approach across sets, and in the set's own profile
    assert "zodat het een eigen idee wordt. ⚑ gemeld als onjuist" in out
    assert run("feedback", gerard, "kennismaking.framing_own_idea", "useful").exit_code == 0
    assert "⚑" not in run("show", gerard).stdout  # the last word counts


def test_show_why_gives_each_lines_id(gerard, run):
    out = " ".join(run("show", gerard, "--why").stdout.replace("│", " ").split())
    assert "regel keuze.earn_repair_and_value" in out
    assert "regel kennismaking.framing_own_idea" in out


def test_a_trainer_sees_the_rules_called_wrong_most(english, gerard, interviewed, run):
    interviewed("Els", {"advice_meaning": "weakness", "advice_experience": "negative"})
    for name in (gerard, "Els"):
        assert run("feedback", name, "kennismaking.framing_own_idea", "wrong").exit_code == 0
    assert run("feedback", gerard, "keuze.earn_repair_and_value", "useful", "--note", "Precies wat nodig was").exit_code == 0
    rows = [line.split() for line in run("questions", "feedback").stdout.splitlines()]
    assert rows[0] == ["rule", "wrong", "useful", "last", "note"]
    assert rows[1] == ["kennismaking.framing_own_idea", "2", "0"]
    assert rows[2] == ["keuze.earn_repair_and_value", "0", "1", "Precies", "wat", "nodig", "was"]


def test_export_of_the_customer_carries_the_feedback_and_import_skips_it(english, gerard, run, tmp_path):
    run("feedback", gerard, "keuze.earn_repair_and_value", "useful", "--note", "Hielp")
    lines = [json.loads(line) for line in run("export", "-c", gerard, "-f", "jsonl").stdout.splitlines()]
    assert lines[-1]["feedback"]["line"] == "keuze.earn_repair_and_value"
    assert lines[-1]["feedback"]["verdict"] == "useful" and lines[-1]["feedback"]["note"] == "Hielp"
    assert lines[-1]["feedback"]["interview_id"] == 2
    path = tmp_path / "gerard.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = run("import", str(path), "--db", str(tmp_path / "other.db"))
    assert result.exit_code == 0, result.stderr
    assert "line 3: feedback on a profile line is not imported." in result.stderr


def test_erasing_the_customer_erases_what_was_said_about_his_lines(gerard, run):
    run("feedback", gerard, "kennismaking.framing_own_idea", "wrong", "--note", "Hij vroeg juist om advies")
    assert run("delete", gerard, "--yes").exit_code == 0
    assert "Nog geen feedback op regels." in run("questions", "feedback").stderr


@pytest.mark.parametrize("args, code, says", [
    (["keuze.earn_repir", "useful"], 1, "No line 'keuze.earn_repir' in the profile of Gerard Smit (did you mean 'keuze.earn_repair_and_value'?)"),
    (["keuze.earn_repair_and_value", "maybe"], 2, "maybe"),
    (["keuze.earn_repair_and_value", "wrong", "--note", "x" * 1001], 2, "at most 1000"),
])
def test_feedback_on_what_is_not_there_is_refused(english, gerard, run, args, code, says):
    err = failed_cleanly(run("feedback", gerard, *args), code)
    assert says in err
    assert "No feedback on lines yet." in run("questions", "feedback").stderr


@pytest.mark.parametrize(("columns", "whole"), [(80, True), (40, False)])
def test_a_trainer_can_copy_each_rule_id_whole_at_80_columns(gerard, run, monkeypatch, columns, whole):
    """A long rule id beside a long note stays on one line when the screen has room for both; a
    narrow screen folds it, as before, rather than pushing the table off the screen."""
    rule = "kennismaking.directive_discover_weakness"
    assert run("feedback", gerard, rule, "wrong", "--note", "Hij wilde eerst een korting, daarna pas een gesprek").exit_code == 0
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = run("questions", "feedback").stdout.splitlines()
    assert any(line.startswith(rule + " ") for line in lines) is whole
    assert max(len(line.rstrip()) for line in lines) <= columns
