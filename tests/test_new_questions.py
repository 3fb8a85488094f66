"""The questions the essays imply: what he wants, why, and whether it is what he needs (essay 000's
bridge); who decides with him and who uses it; whether he already buys from us; whether a formal
procedure decides, and what it awards on. Each can be answered "weet ik nog niet" and feeds rules."""

from __future__ import annotations

import json

import pytest

from klantprofiel.profile.derive import derive
from klantprofiel.questionset.load import load
from klantprofiel.questionset.model import LANGUAGES

NEW = {
    "kennismaking": ("wish", "wish_reason", "wish_fits_need"),
    "keuze": ("existing_customer", "co_deciders", "users", "procedure", "award_on"),
}
ALL_NEW = [(s, q) for s, qids in NEW.items() for q in qids]


def texts(lines) -> list[str]:
    return [line.text for line in lines]


@pytest.mark.parametrize(("set_id", "qid"), ALL_NEW)
def test_every_new_question_is_used_by_a_rule_and_speaks_both_languages(set_id, qid):
    qs = load(set_id)
    q = next(q for q in qs.questions if q.id == qid)
    for lang in LANGUAGES:
        assert q.text(lang) and q.discover(lang) and q.why and q.why(lang)
    assert [r.id for r in qs.rules if qid in r.when], f"no rule uses {qid}"


@pytest.mark.parametrize(("set_id", "qid"), ALL_NEW)
def test_every_new_question_can_be_answered_dont_know_yet(interviewed, run, set_id, qid):
    """Left unknown (as "weet ik nog niet" stores it), it turns into a question for the next meeting."""
    qs = load(set_id)
    q = next(q for q in qs.questions if q.id == qid)
    given = {"procedure": "tender"} if qid == "award_on" else {}
    interviewed("Ans", {**given, qid: "unknown"}, "--set", set_id)
    record = json.loads(run("show", "1", "--format", "json").stdout)
    assert record["answers"][qid] is None
    assert q.discover("nl") in [d["text"] for d in record["profile"]["discover"]]


def test_what_he_wants_is_not_what_he_needs():
    profile = derive(load("kennismaking"), {"wish": "Een brug over de rivier", "wish_fits_need": "mismatch"})
    assert texts(profile.concerns) == [
        "Wat hij wil, lost het probleem niet op. Zoek samen uit waar de wens vandaan komt, zodat hij zelf ziet wat echt verder helpt."
    ]
    assert "Lever niet klakkeloos wat hij vraagt, en speel ook niet de baas die het beter weet." in texts(profile.dont)
    assert profile.discover[0].text == "Vraag waarom hij dit wil en wat het moet oplossen, voordat je iets anders voorstelt."
    assert profile.sections[0].title == "Wat hij wil en nodig heeft"
    assert texts(profile.sections[0].lines) == ["Wil: Een brug over de rivier", "Wat hij wil, lost het probleem niet op."]


def test_a_wish_that_fits_is_delivered_and_judging_an_unheard_wish_is_a_tension():
    profile = derive(load("kennismaking"), {"wish_fits_need": "fits"}, "en")
    assert "Deliver what he wants, well and quickly: wish and need are the same." in texts(profile.do)
    assert texts(profile.tensions) == [
        "You judge whether the wish fits, but don't know yet exactly what he wants. Let him tell you first, before you judge."
    ]
    partly = derive(load("kennismaking"), {"wish": "Een nieuwe oven", "wish_reason": "Meer brood bakken", "wish_fits_need": "partly"})
    assert "Lever wat hij vraagt en laat zien wat er nog ontbreekt om het doel te halen. De keuze blijft bij hem." in texts(partly.do)
    assert partly.tensions == [] and not [d for d in partly.discover if d.rule]


def test_a_tender_awards_on_criteria_not_on_the_person():
    profile = derive(load("keuze"), {"procedure": "tender", "award_on": "price_quality", "decisive": "the_person"})
    assert "Er komt een aanbesteding: dan gunnen de criteria, niet de persoon. Lees het bestek precies en stel je vragen binnen de termijn." in texts(profile.concerns)
    assert "Gegund op prijs en kwaliteit: laat per criterium zien wat hij krijgt, met bewijs, in de woorden van het bestek." in texts(profile.do)
    assert "Ga tijdens de aanbesteding niet buiten de procedure om met hem over de opdracht praten." in texts(profile.dont)
    assert texts(profile.tensions) == [
        "De order gaat naar wie hij het gunt, maar er komt een aanbesteding. Win de opdracht op de inschrijving; de relatie telt weer na de gunning."
    ]
    win_on = next(a for a in profile.approach if a.aspect == "win_on")
    assert win_on.text == ("Er komt een aanbesteding: win met de inschrijving. "
                           "Schrijf die op de gunningscriteria en hun weging, niet op de relatie.")
    assert derive(load("keuze"), {"decisive": "the_person"}).approach[0].text.startswith("De order gaat naar wie hij het gunt")


def test_in_a_tender_the_bid_wins_over_what_he_would_choose_on():
    """A tender decides how the order can be given at all: the line for it outweighs what wins him."""
    profile = derive(load("keuze"), {"procedure": "tender", "decisive": "added_value", "distinctive": "partly"})
    win_on = next(a for a in profile.approach if a.aspect == "win_on")
    assert win_on.text.startswith("Er komt een aanbesteding: win met de inschrijving.")


def test_what_it_is_awarded_on_is_asked_only_when_a_procedure_decides():
    qs = load("keuze")
    for procedure, asked in (("none", False), ("purchasing", True), ("tender", True)):
        discovered = {r.question for d in derive(qs, {"procedure": procedure}).discover for r in d.why}
        assert ("award_on" in discovered) is asked
    lowest = derive(qs, {"procedure": "purchasing", "award_on": "lowest_price"}, "en")
    assert texts(lowest.do) == [
        "Purchasing compares the quotes: win him on substance, and purchasing with a complete, comparable quote.",
        "Awarded on the lowest price: bid sharply, and leave out nothing that will cost him extra later.",
    ]


def test_who_decides_with_him_and_who_uses_it():
    profile = derive(load("keuze"), {"co_deciders": ["family", "management"], "users": "others"})
    assert texts(profile.do) == [
        "Er wordt thuis meebeslist: nodig de partner uit, of geef hem iets mee om thuis te laten zien.",
        "Zijn leidinggevende beslist mee: geef hem de argumenten en cijfers om intern te overtuigen.",
        "Anderen gaan het gebruiken: vraag wat ze nodig hebben, en laat het hen zo mogelijk zelf proberen.",
    ]
    alone = derive(load("keuze"), {"co_deciders": ["nobody"], "users": "himself"}, "en")
    assert texts(alone.do) == ["He decides alone: aim your proposal at him, and ask for the decision directly."]


@pytest.mark.parametrize(("answer", "where", "line"), [
    ("regular", "do", "Hij is al klant: begin bij wat hij al van ons heeft en hoe dat bevalt, voordat je iets nieuws aanbiedt."),
    ("occasional", "do", "Vraag waarom hij het ene wel bij ons koopt en het andere niet."),
    ("former", "concerns", "Hij kocht vroeger bij ons en nu niet meer: zoek uit waarom hij wegging, voordat je iets nieuws aanbiedt."),
    ("never", "do", "Hij kent ons nog niet uit eigen ervaring: laat zien wat we kunnen, met een vergelijkbare klant."),
])
def test_whether_he_already_buys_from_us(answer, where, line):
    assert line in texts(getattr(derive(load("keuze"), {"existing_customer": answer}), where))


def test_never_a_customer_yet_a_bad_experience_with_us():
    profile = derive(load("keuze"), {"existing_customer": "never", "bad_experience_us": "yes"}, "en")
    assert "He never bought from us, yet has a bad experience with us: ask where it comes from." in texts(profile.tensions)
