"""`brief NAME`: at most 30 lines at 80 columns, in the order a salesperson reads them in the car
park: who, the approach, what was said in so many words, open doubts, do's and don'ts, tensions,
questions for him (and apart, his own homework), what changed since last time."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from klantprofiel.customer import CustomerReader
from klantprofiel.i18n import t
from klantprofiel.profile.brief import MAX_LINES, make_brief, who_rows
from klantprofiel.store import Store

CUSTOMERS = Path(__file__).parents[1] / "examples" / "customers"
KNOWN = {"meeting_date": "2024-02-01", "organisation": "Bakkerij Jansen", "advice_meaning": "wisdom", "advice_use": "decision_basis"}
DOUBTS = {"meeting_date": "2024-03-01", "voices_doubt": "keeps_it", "price_doubt": "strong", "price_spoken": "no", "price_answer": "nothing"}
DOUBTS_LATER = {"meeting_date": "2024-04-15", "voices_doubt": "keeps_it", "price_doubt": "strong", "price_spoken": "no", "price_answer": "nothing",
                "delivery_doubt": "slight", "delivery_spoken": "yes", "delivery_answer": "nothing"}
ORDER = ["Aanpak", "In eigen woorden", "Twijfels en zorgen", "Doen en niet doen", "Spanningen", "Vragen voor dit gesprek", "Je eigen huiswerk"]


@pytest.fixture
def jan(interviewed):
    interviewed("Jan de Vries", KNOWN)
    interviewed("Jan de Vries", DOUBTS, "--set", "twijfels")
    interviewed("Jan de Vries", DOUBTS_LATER, "--set", "twijfels")


@pytest.fixture
def everywhere(run):
    """The bakery owner of examples/customers, known in all five sets."""
    for path in sorted((CUSTOMERS / "bakker").glob("*.json")):
        assert run("interview", "--set", path.stem, "--answers", str(path)).exit_code == 0
    return "Gerard Smit"


def brief_of(db, name="Jan de Vries", lang="nl"):
    reader = CustomerReader(Store(db), lang)
    return make_brief(reader.tracks(name), reader.not_interviewed(name))


def on_screen(run, monkeypatch, name, *args, columns=80):
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run("brief", name, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_customer_known_in_all_five_sets_fits_30_lines_at_80_columns(everywhere, run, monkeypatch):
    out = on_screen(run, monkeypatch, everywhere)
    lines = out.splitlines()
    assert len(lines) <= MAX_LINES
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert lines[0] == "Gerard Smit · Bakkerij Smit · 5 van 5 vragenlijsten · laatst 2026-11-27"
    assert lines[1] == "Aanpak"
    assert lines[2].startswith("  1 Herstel eerst het vertrouwen")
    assert lines[-1] == "Eerste gesprek per vragenlijst: nog niets om mee te vergelijken."
    heads = [h for h in ORDER if any(line.startswith(h) for line in lines)]
    assert heads[:5] == ["Aanpak", "In eigen woorden", "Twijfels en zorgen", "Doen en niet doen", "Spanningen"]
    positions = [next(i for i, line in enumerate(lines) if line.startswith(h)) for h in heads]
    assert positions == sorted(positions)
    assert "klantprofiel " not in out  # no command hints in the car park


def test_every_example_customer_fits_at_80_and_at_40_columns(run, monkeypatch):
    for folder in sorted(p for p in CUSTOMERS.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.json")):
            assert run("interview", "--set", path.stem, "--answers", str(path)).exit_code == 0
        name = json.loads(next(folder.glob("*.json")).read_text(encoding="utf-8"))["customer"]
        assert len(on_screen(run, monkeypatch, name).splitlines()) <= MAX_LINES, folder.name
        narrow = on_screen(run, monkeypatch, name, columns=40)
        assert max(len(line.rstrip()) for line in narrow.splitlines()) <= 40


@pytest.mark.parametrize(("folder", "name"), [("startup", "Daan Visser"), ("ziekenhuis", "Annelies Vermeulen")])
def test_the_readme_shows_the_brief_the_program_prints(run, monkeypatch, folder, name):
    """The README's briefs, the start-up founder's and (written as her) the hospital procurement
    manager's, are exactly as `brief` prints them at 80 columns."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split(f"of `examples/customers/{folder}`", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    for path in sorted((CUSTOMERS / folder).glob("*.json")):
        assert run("interview", "--set", path.stem, "--answers", str(path)).exit_code == 0
    out = on_screen(run, monkeypatch, name)
    assert [line.rstrip() for line in out.splitlines()] == block.splitlines()


def test_what_he_said_in_so_many_words(everywhere, db):
    """Issue 13's order: his preferences first (how he wants to be called), then his worry; the
    context of the meeting and his wish after them, as far as the 30 lines leave room."""
    b = brief_of(db, everywhere)
    said = [(line.heading, line.text) for line in b.own_words]
    assert said[:2] == [("Voorkeur", "Wil gebeld worden na 14.00 uur, als de bakkerij dicht is"),
                        ("Ligt wakker van", "Als de oven op zaterdagochtend stilvalt, heb ik niets te verkopen")]
    assert b.left_out["own_words"] >= 1


def test_with_room_left_his_preferences_worry_the_meeting_and_then_his_wish(interviewed, db):
    interviewed("Jan de Vries", {"context": "Kennismaking", "preferences": "Bel na 14.00 uur", "wish": "Een tweede oven"})
    interviewed("Jan de Vries", {"worry": "Stilstand op zaterdag"}, "--set", "twijfels")
    said = [(line.heading, line.text) for line in brief_of(db).own_words]
    assert said == [("Voorkeur", "Bel na 14.00 uur"), ("Ligt wakker van", "Stilstand op zaterdag"),
                    ("Gesprek", "Kennismaking"), ("Wil", "Een tweede oven")]


@pytest.mark.parametrize("folder", ["bakker", "despoot"])
def test_a_customer_not_to_be_quizzed_is_not_asked_to_explain_the_proposal_back(run, folder):
    """Issue 13: "Vraag hem in eigen woorden te vertellen wat het voorstel oplevert" stood next to
    "Overhoor hem niet"; the question's `discover_unless` withholds it for him."""
    for path in sorted((CUSTOMERS / folder).glob("*.json")):
        assert run("interview", "--set", path.stem, "--answers", str(path)).exit_code == 0
    name = json.loads(next((CUSTOMERS / folder).glob("*.json")).read_text(encoding="utf-8"))["customer"]
    shown = json.loads(run("show", name, "--format", "json").stdout)
    text = json.dumps(shown, ensure_ascii=False) + run("brief", name, "--format", "json").stdout
    assert "Overhoor hem niet" in text
    assert "eigen woorden te vertellen wat het voorstel oplevert" not in text


def test_open_doubts_the_deal_is_stuck_on_first(everywhere, db):
    b = brief_of(db, everywhere)
    assert b.concerns[0].text.startswith("Service: sterke twijfel")
    assert b.concerns[0].text.endswith("Hier loopt de deal op vast.")
    assert len(b.concerns) <= 3


def test_questions_for_him_and_the_salespersons_homework_apart(jan, db):
    b = brief_of(db)
    assert b.questions[0].text == "Vraag hoe de prijs bij hem valt, en waarmee die vergeleken wordt."
    assert len(b.questions) <= 3
    homework = [line.text for line in brief_of(db).homework]
    assert all(not text.startswith("Vraag") for text in homework)


def test_the_approach_is_ranked_across_sets_and_at_most_five(jan, db):
    b = brief_of(db)
    assert [(a.question_set, a.heading) for a in b.approach] == [
        ("kennismaking", "Hoe sturend"), ("kennismaking", "Hoe brengen"), ("twijfels", "Twijfel bespreken")]
    assert b.approach[0].text == "Wees recht door zee: zeg wat je aanraadt en waarom. Hij bouwt het besluit erop."


def test_what_changed_since_last_time_is_one_line(jan, db, run, monkeypatch):
    b = brief_of(db)
    assert [(d.question_set, d.before.id, d.after.id) for d in b.changes] == [("twijfels", 2, 3)]
    assert b.since_last == "Sinds vorige keer: 3 nieuw bekend, 0 gewijzigd, 1 regel(s) erbij, 0 eraf."
    assert on_screen(run, monkeypatch, "Jan de Vries").splitlines()[-1] == b.since_last


def test_brief_markdown_is_a_note_with_the_same_parts(jan, run):
    md = run("brief", "Jan de Vries", "--format", "markdown").stdout
    assert md.startswith("# Jan de Vries · Bakkerij Jansen · voor het gesprek\n\n2 van 5 vragenlijsten · laatst 2024-04-15\n")
    assert "## Aanpak\n\n1. Wees recht door zee" in md
    assert "## Twijfels en zorgen\n\n- Prijs: sterke twijfel" in md
    assert md.rstrip().endswith("1 regel(s) erbij, 0 eraf.")


def test_brief_json_has_the_same_parts(everywhere, run):
    b = json.loads(run("brief", everywhere, "--format", "json", "--lang", "en").stdout)
    assert list(b) == ["customer", "language", "sets", "not_interviewed", "known_line", "approach", "own_words", "concerns", "do",
                       "dont", "tensions", "questions", "homework", "left_out", "since_last", "changes"]
    assert b["customer"] == {"id": b["customer"]["id"], "external_id": None, "name": "Gerard Smit", "organisation": "Bakkerij Smit",
                           "pronoun": None}
    assert len(b["approach"]) == 5 and b["approach"][0]["text"].startswith("Repair trust first")
    assert b["own_words"][0] == {"question_set": "kennismaking", "heading": "Preference",
                                 "text": "Wil gebeld worden na 14.00 uur, als de bakkerij dicht is", "rule": None}
    assert b["concerns"][0]["rule"] == "service_stuck"


def test_first_brief_says_there_is_nothing_to_compare_yet(interviewed, run):
    interviewed("Els", {})
    out = run("brief", "Els").stdout
    assert "Nog niets bepaald: de antwoorden wijzen nog geen richting." in out
    assert out.splitlines()[-1] == "Eerste gesprek per vragenlijst: nog niets om mee te vergelijken."
    md = run("brief", "Els", "--format", "markdown", "--lang", "en").stdout
    assert "## Approach\n\n_Nothing decided yet: the answers point no way so far._" in md


def test_brief_prints_user_text_literally(interviewed, run):
    interviewed("[red]Kees[/red]", {"organisation": "<b>&Co</b>"})
    assert run("brief", "[red]Kees[/red]").stdout.startswith("[red]Kees[/red] · <b>&Co</b> · 1 van 5")
    md = run("brief", "[red]Kees[/red]", "--format", "markdown").stdout
    assert md.startswith("# \\[red\\]Kees\\[/red\\] · \\<b\\>\\&Co\\</b\\> · voor het gesprek")


def test_brief_for_unknown_customer(english, run, interviewed):
    interviewed("Jan de Vries", {})
    result = run("brief", "jan de vris")
    assert result.exit_code == 1
    assert "Did you mean: Jan de Vries?" in result.stderr


def test_the_readme_shows_a_real_brief(run, monkeypatch):
    """The brief in the README is what `brief` prints for the founder of examples/customers/startup."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```text\nDaan Visser", 1)[1].split("```", 1)[0]
    for path in sorted((CUSTOMERS / "startup").glob("*.json")):
        assert run("interview", "--set", path.stem, "--answers", str(path)).exit_code == 0
    out = on_screen(run, monkeypatch, "Daan Visser")
    assert [line.rstrip() for line in out.splitlines()] == ("Daan Visser" + shown).rstrip("\n").splitlines()


PART_KEYS = ["approach", "brief_own_words", "brief_concerns", "brief_do_dont", "brief_tensions", "brief_questions", "brief_homework"]
"""The brief's headings in the issue's order (i18n keys), after the who line."""


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("pronoun", "name"), [("he", "Gerard Smit"), ("she", "Gerda Smit"), ("name", "Gerda Smit")])
def test_known_in_all_five_sets_the_brief_fits_for_him_for_her_and_by_name(run, monkeypatch, pronoun, name, lang):
    """Written by name, lines are longer (the name stands where 'he' would): the brief still keeps to
    30 lines of at most 80 columns, in both languages, its parts in order and five approach lines."""
    for path in sorted((CUSTOMERS / "bakker").glob("*.json")):
        answers = json.loads(path.read_text(encoding="utf-8")) | {"customer": name, "pronoun": pronoun}
        assert run("interview", "--set", path.stem, "--answers", "-", input=json.dumps(answers)).exit_code == 0
    lines = on_screen(run, monkeypatch, name, "--lang", lang).splitlines()
    assert len(lines) <= MAX_LINES
    assert max(cell_len(line.rstrip()) for line in lines) <= 80
    assert lines[0].startswith(f"{name} · Bakkerij Smit · 5 ")
    headings = [t(key, lang) for key in PART_KEYS]
    shown = [next(i for i, line in enumerate(lines) if line.startswith(h)) for h in headings if any(line.startswith(h) for line in lines)]
    assert len(shown) >= 6 and shown == sorted(shown)
    assert any(line.startswith(t("brief_tensions", lang)) for line in lines)  # his tension, not only more do's
    assert sum(1 for line in lines if re.match(r"  [1-9] ", line)) == 5
    if pronoun == "name":
        assert sum(line.count(name) for line in lines[1:]) >= 5


def test_what_we_know_goes_whole_to_a_line_of_its_own_when_it_does_not_fit_beside_who(run, monkeypatch):
    """A long organisation: "laatst" / "2026-11-26" split over two lines reads badly; the whole
    "4 van 5 vragenlijsten · laatst ..." moves down, and the brief still counts its lines right."""
    for path in sorted((CUSTOMERS / "ziekenhuis").glob("*.json")):
        assert run("interview", "--set", path.stem, "--answers", str(path)).exit_code == 0
    lines = [line.rstrip() for line in on_screen(run, monkeypatch, "Annelies Vermeulen").splitlines()]
    assert lines[:3] == ["Annelies Vermeulen · Zorggroep Rivierenland", "4 van 5 vragenlijsten · laatst 2026-11-26", "Aanpak"]
    assert len(lines) == MAX_LINES
    assert who_rows("Annelies Vermeulen · Zorggroep Rivierenland", "4 van 5 vragenlijsten · laatst 2026-11-26") == 2
    assert who_rows("Gerard Smit · Bakkerij Smit", "5 van 5 vragenlijsten · laatst 2026-11-27") == 1
