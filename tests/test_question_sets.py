"""The four question sets beyond the first checklist: answers in, the advice a salesperson reads out."""

from __future__ import annotations

import json

import pytest

from klantprofiel.profile.derive import derive
from klantprofiel.questionset.load import available, load
from klantprofiel.questionset.model import LANGUAGES

NEW_SETS = ("twijfels", "keuze", "relatie", "verloren_deal")


def approach(profile) -> dict[str, str]:
    """Aspect title -> the line a salesperson reads; fallbacks left out."""
    return {a.title: a.text for a in profile.approach if not a.fallback}


def texts(lines) -> list[str]:
    return [line.text for line in lines]


@pytest.mark.parametrize("set_id", NEW_SETS)
def test_every_new_set_is_built_in_and_valid(run, set_id):
    assert set_id in available()
    result = run("questions", "validate", str(available()[set_id]))
    assert result.exit_code == 0, result.stderr
    assert "✓" in result.stderr


@pytest.mark.parametrize("set_id", NEW_SETS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_all_unknown_interview_reads_as_questions_to_ask(set_id, lang):
    qs = load(set_id)
    profile = derive(qs, {}, lang)
    assert all(a.fallback for a in profile.approach)
    assert len(profile.discover) >= len([q for q in qs.questions if not q.when])
    assert profile.knownness.known == 0


@pytest.mark.parametrize("set_id", NEW_SETS)
def test_interview_with_set_stores_it_and_show_names_it(interviewed, run, set_id):
    interviewed("Ans Bakker", {}, "--set", set_id)
    record = json.loads(run("show", "1", "--format", "json").stdout)
    assert record["question_set"]["id"] == set_id


# --- twijfels: doubts and weak spots ---------------------------------------------------------


def test_unspoken_doubt_becomes_a_question_and_a_stuck_deal_is_flagged_first():
    profile = derive(load("twijfels"), {
        "references_doubt": "slight", "references_spoken": "no", "references_answer": "evidence",
        "price_doubt": "strong", "price_spoken": "no", "price_answer": "nothing",
    })
    assert texts(profile.concerns) == [
        "Prijs: sterke twijfel, en we hebben geen bewijs of maatregel om die weg te nemen. Hier loopt de deal op vast.",
        "Referenties: twijfel die nog niet op tafel ligt, terwijl je een antwoord hebt. Breng die zelf ter sprake.",
    ]
    asked = [d.text for d in profile.discover if d.rule]
    assert asked == [
        "Vraag of hij een vergelijkbare klant wil spreken, en welke.",
        "Vraag hoe de prijs bij hem valt, en waarmee die vergeleken wordt.",
    ]
    assert "Geef hem een vergelijkbare referentie om zelf te bellen, zonder dat jij meeluistert." in texts(profile.do)


def test_a_doubt_answered_stays_open_until_he_says_it_is_gone():
    answered = {"delivery_doubt": "strong", "delivery_spoken": "yes", "delivery_answer": "measure"}
    profile = derive(load("twijfels"), answered)
    assert texts(profile.concerns) == [
        "Levertijd: beantwoord met bewijs of een maatregel, maar nog niet opgelost. Vraag hem of de twijfel nu weg is."
    ]
    assert [d for d in profile.discover if d.rule] == []
    assert "Noem een leverdatum die je echt kunt halen, en laat zien waar die op rust." in texts(profile.do)
    assert derive(load("twijfels"), {**answered, "delivery_spoken": "resolved"}).concerns == []


def test_a_slight_doubt_without_an_answer_is_open_but_not_stuck():
    profile = derive(load("twijfels"), {"service_doubt": "slight", "service_spoken": "yes", "service_answer": "nothing"}, "en")
    assert texts(profile.concerns) == ["Service: a slight doubt, not answered yet. Find evidence or a measure."]


def test_no_doubt_asks_no_follow_up_questions():
    qs = load("twijfels")
    profile = derive(qs, {"guarantee_doubt": "none"})
    assert not any(r.question.startswith("guarantee_spoken") for d in profile.discover for r in d.why)
    section = next(s for s in profile.sections if s.topic == "guarantee")
    assert texts(section.lines) == ["Hier twijfelt hij niet aan."]


def test_silent_postponer_gets_asked_before_any_decision():
    profile = derive(load("twijfels"), {"voices_doubt": "keeps_it", "decision_pace": "postponing", "weakest_spot": "delivery"})
    assert approach(profile) == {
        "Twijfel bespreken": "Het uitstel is onuitgesproken twijfel. Vraag vandaag waar hij nog over aarzelt, voordat je over een besluit begint.",
        "Onze zwakke plek": "Begin zelf over de levertijd: geef toe dat het ons zwakke punt is en vertel wat je eraan doet.",
        "Naar een besluit": "Dring niet aan op een handtekening: zoek eerst uit waar hij op wacht.",
    }
    assert "Vat zijn stilte niet op als instemming." in texts(profile.dont)


def test_he_names_doubts_yet_postpones_is_a_tension():
    profile = derive(load("twijfels"), {"voices_doubt": "says_it", "decision_pace": "postponing"}, "en")
    assert texts(profile.tensions) == [
        "He names doubts and still postpones: there is one not yet named, or your answer isn't convincing."
    ]


# --- keuze: what he chooses on ---------------------------------------------------------------


def test_price_buyer_who_sees_us_as_interchangeable():
    profile = derive(load("keuze"), {"criteria": ["price", "added_value"], "decisive": "price", "distinctive": "no"})
    assert approach(profile)["Waarmee winnen"] == (
        "Hij kiest op prijs en ziet ons als inwisselbaar. Kom met een scherpe prijs, of met een meerwaarde die hij in geld kan uitdrukken."
    )
    assert texts(profile.tensions) == ["Hij vraagt om meerwaarde, maar beslist op prijs: druk de meerwaarde uit in geld."]
    section = next(s for s in profile.sections if s.topic == "choosing")
    assert "Hij zoekt meerwaarde: iets wat andere leveranciers niet bieden." in texts(section.lines)


def test_bad_experience_with_us_means_repair_before_selling():
    profile = derive(load("keuze"), {"bad_experience_us": "yes", "feels_valued": "no", "tells_others": "yes"}, "en")
    assert approach(profile)["How he gives us the sale"].startswith("Repair trust first")
    assert texts(profile.concerns) == [
        "A bad experience with us, and he doesn't feel valued: that way the order won't come to us.",
        "He tells others about experiences, and the one with us was bad. Put it right before the story goes round.",
    ]
    assert "Don't offer a voucher where he wants a real solution." in texts(profile.dont)
    assert "Ask what went wrong in his view, and whether it was ever put right." in texts(profile.discover)


def test_what_went_wrong_is_only_asked_after_a_bad_experience():
    qs = load("keuze")
    asked = {r.question for d in derive(qs, {"bad_experience_us": "no"}).discover for r in d.why}
    assert "what_went_wrong" not in asked


# --- relatie: balance of the relationship ----------------------------------------------------


def test_king_and_subject_restore_balance():
    profile = derive(load("relatie"), {"customer_role": "king", "own_role": "subject", "gives_in": "we_do", "buying_style": "power"})
    assert approach(profile) == {
        "Het evenwicht": "Het evenwicht is zoek: hij speelt koning en jij buigt. Stel je gelijkwaardig op: zeg wat je kunt, wat niet, en waarom.",
        "Onderhandelen": "Hij speelt op macht en jij geeft steeds toe: doe voortaan geen concessie meer zonder er iets voor terug te krijgen.",
    }
    assert "Zeg niet ja tegen alles om hem tevreden te houden." in texts(profile.dont)


def test_rewarded_despot_needs_a_line_drawn():
    profile = derive(load("relatie"), {"customer_manners": "despotic", "pressure_pays": "yes", "customer_role": "king"}, "en")
    assert approach(profile)["The balance"].startswith("His behaviour is being rewarded and gets worse for it.")
    assert texts(profile.concerns) == [
        "He crosses the line in dealing with you. Agree with your manager how far you go along with it."
    ]
    assert "Don't reward pressure with extra discount or priority." in texts(profile.dont)


def test_pressure_question_only_for_a_demanding_customer():
    asked = {r.question for d in derive(load("relatie"), {"customer_manners": "courteous"}).discover for r in d.why}
    assert "pressure_pays" not in asked


def test_balanced_relationship_is_kept_and_a_decent_king_earns_service():
    profile = derive(load("relatie"), {"customer_role": "partner", "own_role": "partner", "respect": "mutual"})
    assert approach(profile)["Het evenwicht"].startswith("De verhouding is in evenwicht")
    king = derive(load("relatie"), {"customer_role": "king", "customer_manners": "courteous"})
    section = next(s for s in king.sections if s.topic == "his_stance")
    assert "Een koning die zich fatsoenlijk gedraagt, mag rekenen op goede service: adeldom verplicht, aan beide kanten." in texts(section.lines)


def test_playing_emperor_does_not_work_either():
    profile = derive(load("relatie"), {"own_role": "emperor"}, "en")
    assert approach(profile)["The balance"] == (
        "You try to turn the power around, and that doesn't work either. Talk to him as one equal to another."
    )


# --- verloren_deal: lost-deal review ---------------------------------------------------------


def test_blaming_the_customer_turns_into_looking_in_the_mirror():
    profile = derive(load("verloren_deal"), {"first_blame": "customer", "in_control": "no", "asked_why": "not_asked", "door": "ajar"})
    assert approach(profile) == {
        "De les": "Je legt de oorzaak buiten jezelf en buiten je invloed. Kijk opnieuw: wat had jij kunnen veranderen, al was het klein?",
        "Verder met deze klant": "Bel hem en vraag waarom het nee werd. Samen de oorzaak zoeken opent soms een nieuwe kans.",
    }
    assert texts(profile.dont) == ["Schrijf hem niet af als een klant die nergens gekocht zou hebben."]
    assert profile.discover[0].text == "Vraag alsnog waarom het nee werd, en wat hem over de streep had kunnen trekken."


def test_blame_outside_while_in_control_is_the_lesson():
    profile = derive(load("verloren_deal"), {"first_blame": "competitor", "in_control": "partly", "lost_at": "proposal"}, "en")
    assert texts(profile.tensions) == [
        "You first looked for the cause outside yourself, yet you say it was (partly) within your influence. That is where your lesson is."
    ]
    assert "Try your proposal out in conversation first, before you put it on paper." in texts(profile.do)


def test_an_unexplained_no_stays_a_concern_until_we_know_why():
    unexplained = derive(load("verloren_deal"), {"reason_given": "none_given", "asked_why": "vague"})
    assert texts(unexplained.concerns) == [
        "We weten niet waarom hij nee zei: zolang dat zo blijft, kan het de volgende keer weer gebeuren."
    ]
    explained = derive(load("verloren_deal"), {"reason_given": "price", "asked_why": "explained"})
    assert explained.concerns == []
