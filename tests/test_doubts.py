"""Doubts follow essay 003: a doubt is open until the customer says it is gone. "Weet ik nog niet"
is unknown, never "a strong doubt with nothing to answer it"; evidence or a measure answers a
doubt but does not resolve it. Every area of the twijfels set, in both languages."""

from __future__ import annotations

import pytest

from klantprofiel.profile.derive import derive
from klantprofiel.questionset.load import load
from klantprofiel.questionset.model import LANGUAGES

AREAS = ("performance", "applications", "reliability", "references", "guarantee", "delivery", "price", "service")

LINES = {
    "nl": {
        "stuck": "sterke twijfel, en we hebben geen bewijs of maatregel om die weg te nemen. Hier loopt de deal op vast.",
        "open": "lichte twijfel, nog zonder antwoord. Zoek bewijs of een maatregel.",
        "unknown": "hij twijfelt, en je weet nog niet of we er bewijs of een maatregel voor hebben. Zoek dat uit.",
        "unspoken": "twijfel die nog niet op tafel ligt, terwijl je een antwoord hebt. Breng die zelf ter sprake.",
        "answered": "beantwoord met bewijs of een maatregel, maar nog niet opgelost. Vraag hem of de twijfel nu weg is.",
    },
    "en": {
        "stuck": "a strong doubt, and we have no evidence or measure to settle it. This is where the deal is stuck.",
        "open": "a slight doubt, not answered yet. Find evidence or a measure.",
        "unknown": "he has doubts, and you don't know yet whether we have evidence or a measure for them. Find out.",
        "unspoken": "a doubt not yet on the table, while you have an answer. Bring it up yourself.",
        "answered": "answered with evidence or a measure, but not resolved yet. Ask him whether the doubt is gone now.",
    },
}

CASES = [
    # (doubt, spoken, answer) -> the open-doubt line, or None when nothing is open
    (("strong", "no", "nothing"), "stuck"),
    (("strong", "yes", "nothing"), "stuck"),
    (("slight", "unknown", "nothing"), "open"),
    (("strong", "yes", "unknown"), "unknown"),
    (("slight", "unknown", "unknown"), "unknown"),
    (("strong", "no", "evidence"), "unspoken"),
    (("strong", "yes", "measure"), "answered"),
    (("slight", "unknown", "both"), "answered"),
    (("strong", "resolved", "evidence"), None),
    (("strong", "resolved", "nothing"), None),
    (("strong", "resolved", "unknown"), None),
    (("none", "unknown", "unknown"), None),
    (("unknown", "unknown", "unknown"), None),
]


def answers(area: str, doubt: str, spoken: str, answer: str) -> dict[str, str]:
    """The three answers of one area; "unknown" is left out, as an interview stores it."""
    given = {f"{area}_doubt": doubt, f"{area}_spoken": spoken, f"{area}_answer": answer}
    return {k: v for k, v in given.items() if v != "unknown"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize(("given", "line"), CASES)
def test_open_doubt_line_per_state(area, lang, given, line):
    qs = load("twijfels")
    title = next(t.title(lang) for t in qs.topics if t.id == area)
    concerns = [c.text for c in derive(qs, answers(area, *given), lang).concerns]
    assert concerns == ([f"{title}: {LINES[lang][line]}"] if line else [])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dont_know_is_never_read_as_a_strong_doubt(lang):
    """Every answer of every area left unknown, or the doubt itself unknown: no line says "strong"."""
    qs = load("twijfels")
    for doubt in ("strong", "slight", "unknown"):
        values = {k: v for area in AREAS for k, v in answers(area, doubt, "unknown", "unknown").items()}
        concerns = [c.text for c in derive(qs, values, lang).concerns]
        assert not [c for c in concerns if ("sterke" if lang == "nl" else "strong") in c]
        assert len(concerns) == (len(AREAS) if doubt != "unknown" else 0)


def test_what_a_gone_doubt_says_in_its_section():
    profile = derive(load("twijfels"), answers("price", "strong", "resolved", "evidence"))
    section = next(s for s in profile.sections if s.topic == "price")
    assert [line.text for line in section.lines] == [
        "Hij twijfelt hier sterk aan; het kan het besluit tegenhouden.",
        "Hij heeft zelf gezegd dat deze twijfel weg is.",
        "We hebben bewijs dat de twijfel wegneemt.",
    ]


def test_the_stuck_ones_lead_the_open_doubts():
    values = {**answers("service", "slight", "yes", "measure"), **answers("delivery", "strong", "no", "unknown"),
              **answers("price", "strong", "no", "nothing")}
    assert [c.rule for c in derive(load("twijfels"), values).concerns] == [
        "price_stuck", "delivery_answer_unknown", "service_answered_not_gone",
    ]
