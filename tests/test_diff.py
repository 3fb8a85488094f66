"""`diff`: what changed between two interviews of one set, in the core and on the command line."""

from __future__ import annotations

import json

import pytest

from klantprofiel.customer import CustomerReader
from klantprofiel.profile.diff import compare
from klantprofiel.store import Store

BEFORE = {"meeting_date": "2024-03-01", "voices_doubt": "keeps_it", "decision_pace": "postponing",
          "price_doubt": "strong", "price_spoken": "no"}
AFTER = {"meeting_date": "2024-04-15", "voices_doubt": "hints", "decision_pace": "postponing",
         "price_doubt": "strong", "price_spoken": "yes", "price_answer": "evidence", "weakest_spot": "delivery"}


@pytest.fixture
def jan(interviewed):
    interviewed("Jan", {"meeting_date": "2024-02-01", "advice_meaning": "wisdom"})
    interviewed("Jan", BEFORE, "--set", "twijfels")
    interviewed("Jan", AFTER, "--set", "twijfels")


def test_compare_sorts_answers_into_newly_known_and_changed(jan, db):
    d = compare(CustomerReader(Store(db)).comparison("Jan"))
    assert (d.before.id, d.after.id, d.question_set) == (2, 3, "twijfels")
    assert [(c.question, c.before_label, c.after_label) for c in d.newly_known] == [
        ("price_answer", "weet ik nog niet", "Bewijs"),
        ("weakest_spot", "weet ik nog niet", "Levertijd"),
    ]
    assert [(c.question, c.before, c.after) for c in d.changed] == [
        ("voices_doubt", "keeps_it", "hints"),
        ("price_spoken", "no", "yes"),
    ]


def test_compare_lists_profile_lines_added_and_dropped_under_their_heading(jan, db):
    d = compare(CustomerReader(Store(db)).comparison("Jan"))
    added = {(c.heading, c.text) for c in d.added}
    dropped = {(c.heading, c.text) for c in d.dropped}
    assert ("Aanpak · Onze zwakke plek", "Begin zelf over de levertijd: geef toe dat het ons zwakke punt is en vertel wat je eraan doet.") in added
    assert ("Open twijfels en zorgen", "Prijs: hij twijfelt, en je weet nog niet of we er bewijs of een maatregel voor hebben. Zoek dat uit.") in dropped
    assert ("Open twijfels en zorgen", "Prijs: beantwoord met bewijs of een maatregel, maar nog niet opgelost. Vraag hem of de twijfel nu weg is.") in added
    assert ("Nog te ontdekken", "Vraag hoe de prijs bij hem valt, en waarmee die vergeleken wordt.") in dropped
    assert not added & dropped
    assert (d.before.knownness.known, d.after.knownness.known) == (4, 6)


def test_an_answer_forgotten_counts_as_changed(interviewed, db):
    interviewed("Ann", {"learning_mode": "listen"})
    interviewed("Ann", {})
    d = compare(CustomerReader(Store(db), "en").comparison("Ann"))
    assert d.newly_known == []
    assert [(c.before_label, c.after_label) for c in d.changed] == [("Rather listens", "don't know yet")]
    assert [c.text for c in d.dropped] == ["Tell a clear story: what it is, what's in it for him and what the next step is."]


def test_diff_name_compares_the_latest_set_and_shows_before_and_after(jan, run):
    result = run("diff", "Jan")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Twijfels en zwakke plekken: interview 2 (2024-03-01) → interview 3 (2024-04-15)" in out
    assert "Hoe goed kennen we de klant: 4/14 · Zijn twijfels nog onbekend → 6/14 · Een deel van zijn twijfels in beeld" in " ".join(out.split())
    for heading in ("Nieuw bekend", "Gewijzigd", "Nieuw in het profiel", "Vervallen"):
        assert heading in out
    assert "Hij houdt het voor zich → Hij laat het doorschemeren" in out
    assert "+ Aanpak · Twijfel bespreken: Pak de hints op" in out
    assert "− Open twijfels en zorgen: Prijs: hij twijfelt" in out
    assert "+ Open twijfels en zorgen: Prijs: beantwoord met bewijs" in out


def test_diff_json_for_scripts(jan, run):
    d = json.loads(run("diff", "Jan", "--json", "--lang", "en").stdout)
    assert set(d) == {"customer", "question_set", "set_title", "before", "after", "newly_known", "changed", "added", "dropped"}
    assert d["before"]["knownness"]["known"] == 4 and d["after"]["knownness"]["known"] == 6
    assert {"kind": "concerns", "heading": "Open doubts and concerns",
            "text": "Price: he has doubts, and you don't know yet whether we have evidence or a measure for them. Find out.",
            "rule": "price_answer_unknown"} in d["dropped"]


def test_diff_two_ids_and_one_id(jan, interviewed, run):
    interviewed("jan", {"meeting_date": "2024-05-01", "price_doubt": "none"}, "--set", "twijfels")
    assert "interview 2 (2024-03-01) → interview 4 (2024-05-01)" in run("diff", "2", "4").stdout
    assert "interview 2 (2024-03-01) → interview 3 (2024-04-15)" in run("diff", "3").stdout
    assert "interview 3 (2024-04-15) → interview 4 (2024-05-01)" in run("diff", "Jan", "--set", "twijfels").stdout


def test_identical_interviews_say_nothing_changed(interviewed, run):
    interviewed("Els", {"learning_mode": "listen"})
    interviewed("Els", {"learning_mode": "listen"})
    out = run("diff", "Els").stdout
    assert "Niets veranderd." in out
    assert "Hoe goed kennen we de klant: 1/16 → 1/16 · Nog een koning" in out


@pytest.mark.parametrize(("args", "message"), [
    (("Jan", "--set", "kennismaking"), "Jan has only one interview with set 'kennismaking' (interview 1); nothing to compare yet."),
    (("Jan", "--set", "keuze"), "Jan has no interview with set 'keuze'."),
    (("1", "3"), "Interviews 1 and 3 use different question sets (kennismaking, twijfels)"),
    (("2", "Jan"), "'Jan' is not an interview id"),
    (("3", "--set", "keuze"), "Interview 3 uses set 'twijfels', not 'keuze'."),
    (("2", "3", "--set", "keuze"), "Interview 3 uses set 'twijfels', not 'keuze'."),
    (("Jon",), "No customer named 'Jon'."),
])
def test_diff_without_two_comparable_interviews_says_why(english, jan, run, args, message):
    result = run("diff", *args)
    assert result.exit_code == 1
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_diff_refuses_interviews_of_two_customers(english, jan, interviewed, run):
    interviewed("Piet", {}, "--set", "twijfels")
    result = run("diff", "2", "4")
    assert result.exit_code == 1
    assert "compare two interviews of one customer" in result.stderr


def test_free_text_answers_are_shown_literally(interviewed, run):
    interviewed("Els", {"worry": "[bold]stilstand[/bold]"}, "--set", "twijfels")
    interviewed("Els", {"worry": ":fire: brand"}, "--set", "twijfels")
    out = run("diff", "Els").stdout
    assert "[bold]stilstand[/bold] → :fire: brand" in out
