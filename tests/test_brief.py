"""`brief NAME`: the approach, open doubts, what to find out and what changed, on one screen."""

from __future__ import annotations

import json

import pytest

from klantprofiel.customer import CustomerReader
from klantprofiel.profile.brief import DISCOVER_LIMIT, make_brief
from klantprofiel.store import Store

KNOWN = {"meeting_date": "2024-02-01", "organisation": "Bakkerij Jansen", "advice_meaning": "wisdom", "advice_use": "decision_basis"}
DOUBTS = {"meeting_date": "2024-03-01", "voices_doubt": "keeps_it", "price_doubt": "strong", "price_spoken": "no", "price_answer": "nothing"}
DOUBTS_LATER = {"meeting_date": "2024-04-15", "voices_doubt": "keeps_it", "price_doubt": "strong", "price_spoken": "no", "price_answer": "nothing",
                "delivery_doubt": "slight", "delivery_spoken": "yes", "delivery_answer": "nothing"}


@pytest.fixture
def jan(interviewed):
    interviewed("Jan de Vries", KNOWN)
    interviewed("Jan de Vries", DOUBTS, "--set", "twijfels")
    interviewed("Jan de Vries", DOUBTS_LATER, "--set", "twijfels")


def brief_of(db, name="Jan de Vries", lang="nl"):
    reader = CustomerReader(Store(db), lang)
    return make_brief(reader.tracks(name), reader.not_interviewed(name))


def test_brief_approach_takes_only_decided_lines_from_every_set(jan, db):
    b = brief_of(db)
    assert [(a.question_set, a.heading) for a in b.approach] == [
        ("kennismaking", "Hoe sturend"), ("kennismaking", "Hoe brengen"), ("twijfels", "Twijfel bespreken"),
    ]
    assert b.approach[0].text == "Wees recht door zee: zeg wat je aanraadt en waarom. Hij bouwt zijn besluit erop."


def test_brief_open_doubts_stuck_deal_first(jan, db):
    assert [c.text for c in brief_of(db).concerns] == [
        "Prijs: sterke twijfel, en we hebben geen bewijs of maatregel om die weg te nemen. Hier loopt de deal op vast.",
        "Levertijd: lichte twijfel, nog zonder antwoord. Zoek bewijs of een maatregel.",
    ]


def test_brief_discover_puts_unspoken_doubts_first_and_stops_at_the_limit(jan, db):
    b = brief_of(db)
    assert len(b.discover) == DISCOVER_LIMIT
    assert b.discover[0].text == "Vraag hem hoe de prijs bij hem valt, en waarmee hij die vergelijkt."
    assert b.discover[1].question_set == "kennismaking"
    assert b.discover_more > 0


def test_brief_changes_compare_each_set_with_its_previous_interview(jan, db):
    b = brief_of(db)
    assert [(d.question_set, d.before.id, d.after.id) for d in b.changes] == [("twijfels", 2, 3)]
    assert [c.question for c in b.changes[0].newly_known] == ["delivery_doubt", "delivery_spoken", "delivery_answer"]


def test_brief_on_screen(jan, run):
    result = run("brief", "Jan de Vries")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Jan de Vries · Bakkerij Jansen · voor het gesprek" in out
    order = ["Aanpak", "Open twijfels en zorgen", "Te ontdekken in dit gesprek", "Veranderd sinds vorige keer"]
    assert [out.index(h) for h in order] == sorted(out.index(h) for h in order)
    assert "! Prijs: sterke twijfel, en we hebben geen bewijs of maatregel om die weg te nemen." in out
    assert "? Vraag hem hoe de prijs bij hem valt" in out
    assert "… en nog" in out and "klantprofiel show 'Jan de Vries'" in out
    assert "Twijfels en zwakke plekken: interview 2 (2024-03-01) → interview 3 (2024-04-15)" in out
    assert "3 nieuw bekend, 0 gewijzigd" in out
    assert "+ Open twijfels en zorgen: Levertijd: lichte twijfel" in out
    assert "Alles wat veranderde: klantprofiel diff 'Jan de Vries' --set twijfels" in out


def test_brief_markdown_is_a_note_with_the_same_parts(jan, run):
    md = run("brief", "Jan de Vries", "--format", "markdown").stdout
    assert md.startswith("# Jan de Vries · Bakkerij Jansen · voor het gesprek\n")
    assert "## Open twijfels en zorgen\n\n- Prijs: sterke twijfel" in md
    assert "- **Hoe sturend:** Wees recht door zee" in md
    assert "## Veranderd sinds vorige keer\n\n- **Twijfels en zwakke plekken:** interview 2 (2024-03-01) → interview 3 (2024-04-15)" in md


def test_brief_json_for_scripts(jan, run):
    b = json.loads(run("brief", "Jan de Vries", "--format", "json", "--lang", "en").stdout)
    assert set(b) == {"customer", "language", "sets", "not_interviewed", "approach", "concerns", "discover", "discover_more", "changes"}
    assert b["customer"] == {"id": b["customer"]["id"], "external_id": None, "name": "Jan de Vries", "organisation": "Bakkerij Jansen"}
    assert [s["question_set"] for s in b["sets"]] == ["kennismaking", "twijfels"]
    assert [s["id"] for s in b["not_interviewed"]] == ["keuze", "relatie", "verloren_deal"]
    assert b["concerns"][0] == {"question_set": "twijfels", "heading": None,
                                "text": "Price: a strong doubt, and we have no evidence or measure to take it away. This is where the deal is stuck."}


def test_first_brief_says_there_is_nothing_to_compare_yet(interviewed, run):
    interviewed("Els", {})
    out = run("brief", "Els").stdout
    assert "Nog niets bepaald: de antwoorden wijzen nog geen richting." in out
    assert "Eerste interview per vragenlijst: nog niets om mee te vergelijken." in out
    md = run("brief", "Els", "--format", "markdown", "--lang", "en").stdout
    assert "## Approach\n\n_Nothing decided yet: the answers point no way so far._" in md


def test_brief_prints_user_text_literally(interviewed, run):
    interviewed("[red]Kees[/red]", {"organisation": "<b>&Co</b>"})
    assert "[red]Kees[/red] · <b>&Co</b> · voor het gesprek" in run("brief", "[red]Kees[/red]").stdout
    md = run("brief", "[red]Kees[/red]", "--format", "markdown").stdout
    assert md.startswith("# \\[red\\]Kees\\[/red\\] · \\<b\\>\\&Co\\</b\\> · voor het gesprek")


def test_brief_for_unknown_customer(run, interviewed):
    interviewed("Jan de Vries", {})
    result = run("brief", "jan de vris")
    assert result.exit_code == 1
    assert "Did you mean: Jan de Vries?" in result.stderr
