"""`show NAME` combines the latest interview of every set; `show ID` still shows one interview."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from klantprofiel.profile.history import how_recent

FIRST = {"meeting_date": "2024-03-01", "salesperson": "Piet", "organisation": "Bakkerij Jansen", "advice_meaning": "wisdom"}
DOUBTS_OLD = {"meeting_date": "2024-03-01", "price_doubt": "strong", "price_spoken": "no"}
DOUBTS_NEW = {"meeting_date": "2024-04-15", "price_doubt": "strong", "price_spoken": "yes", "price_answer": "nothing"}


@pytest.fixture
def jan(interviewed):
    interviewed("Jan de Vries", FIRST)
    interviewed("Jan de Vries", DOUBTS_OLD, "--set", "twijfels")
    interviewed("Jan de Vries", DOUBTS_NEW, "--set", "twijfels")


def test_show_name_heads_each_set_with_its_latest_interview(jan, run):
    out = run("show", "Jan de Vries").stdout
    assert out.index("Kennismaking: van koning naar mens") < out.index("Twijfels en zwakke plekken")
    assert "interview 3 · 2024-04-15" in out
    assert "interview 2 ·" not in out
    assert "Prijs: sterke twijfel, en we hebben geen bewijs of maatregel om die weg te nemen. Hier loopt de deal op vast." in out
    assert "Adviseer gewoon: zeg wat jij zou doen en waarom." in out


def test_show_says_which_sets_are_known_how_recent_and_which_not_yet(jan, run):
    out = run("show", "Jan de Vries").stdout
    assert "Jan de Vries · Bakkerij Jansen" in out
    assert "Wat we weten, per vragenlijst" in out
    assert "2024-03-01 ·" in out and "dagen geleden" in out
    assert "Nog niet besproken: Waarop hij kiest, De verhouding, Terugblik op een verloren deal" in out
    assert "klantprofiel interview 'Jan de Vries' --set ID" in out


def test_show_in_english(jan, run):
    out = run("show", "Jan de Vries", "--lang", "en").stdout
    assert "What we know, per question set" in out
    assert "Doubts and weak spots" in out
    assert "Not covered yet: What he chooses on, The relationship, Lost-deal review" in out


def test_show_json_is_a_list_of_records_one_per_set(jan, run):
    records = json.loads(run("show", "Jan de Vries", "--format", "json").stdout)
    assert [(r["question_set"]["id"], r["interview"]["id"]) for r in records] == [("kennismaking", 1), ("twijfels", 3)]
    assert records[1]["profile"]["concerns"][0]["rule"] == "price_stuck"


def test_show_id_still_shows_that_one_interview(jan, run):
    record = json.loads(run("show", "2", "--format", "json").stdout)
    assert isinstance(record, dict)
    assert record["interview"]["id"] == 2
    out = run("show", "2").stdout
    assert "Jan de Vries" in out and "interview 2 · 2024-03-01" in out
    assert "Wat we weten, per vragenlijst" not in out


def test_show_markdown_nests_each_set_under_the_customer(jan, run):
    md = run("show", "Jan de Vries", "--format", "markdown").stdout
    assert md.startswith("# Jan de Vries · Bakkerij Jansen\n\n## Wat we weten, per vragenlijst\n")
    assert "\n## Kennismaking: van koning naar mens\n" in md
    assert "\n## Twijfels en zwakke plekken\n" in md
    assert "\n### Open twijfels en zorgen\n\n- Prijs: sterke twijfel" in md


def test_one_set_only_still_gets_the_overview(interviewed, run):
    interviewed("Els", {"meeting_date": "2024-01-02"})
    out = run("show", "Els").stdout
    assert "Wat we weten, per vragenlijst" in out
    assert "Nog niet besproken: Waarop hij kiest, De verhouding, Twijfels en zwakke plekken, Terugblik op een verloren deal" in out


def test_names_and_organisations_are_shown_literally(interviewed, run):
    interviewed("[bold]Kees[/bold]", {"organisation": ":smile: BV", "price_doubt": "none"}, "--set", "twijfels")
    out = run("show", "[bold]Kees[/bold]").stdout
    assert "[bold]Kees[/bold] · :smile: BV" in out
    md = run("show", "[bold]Kees[/bold]", "--format", "markdown").stdout
    assert md.startswith("# \\[bold\\]Kees\\[/bold\\] · :smile: BV")


def test_unknown_customer_names_near_matches(english, jan, run):
    result = run("show", "Jan de Vris")
    assert result.exit_code == 1
    assert "No customer named 'Jan de Vris'" in result.stderr
    assert "Did you mean: Jan de Vries?" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("date", "lang", "expected"), [
    ("2024-05-10", "nl", "vandaag"),
    ("2024-05-09", "nl", "gisteren"),
    ("2024-04-30", "nl", "10 dagen geleden"),
    ("2024-04-30", "en", "10 days ago"),
    ("2024-05-12", "en", "in 2 days"),
])
def test_how_recent_reads_like_speech(date, lang, expected):
    assert how_recent(date, dt.date(2024, 5, 10), lang) == expected
