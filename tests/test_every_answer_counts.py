"""Every answer counts: each choice of a shipped set feeds a rule or is marked informational, and
`questions validate --strict` lists the choices that do neither."""

from __future__ import annotations

import json

import pytest

from klantprofiel.profile.derive import derive
from klantprofiel.questionset import available, builtin_dir
from klantprofiel.questionset.load import load

from helpers import set_file

SET = """
[[questions]]
id = "price"
topic = "price"
kind = "choice"
text = { nl = "Twijfelt {hij} over de prijs?", en = "Does {he} doubt the price?" }
why = { nl = "Een twijfel die je kent, kun je wegnemen.", en = "A doubt you know about can be taken away." }
discover = { nl = "Vraag het.", en = "Ask {him}." }
choices = [
  { id = "none", label = { nl = "Nee", en = "No" }, informational = true },
  { id = "slight", label = { nl = "Licht", en = "Slightly" } },
  { id = "strong", label = { nl = "Sterk", en = "Strongly" } },
]

[[rules]]
id = "price_stuck"
kind = "concern"
when = { price = "strong" }
text = { nl = "De deal hangt op de prijs.", en = "The deal hangs on the price." }
"""


def test_strict_validation_of_every_shipped_set_is_clean(run):
    result = run("questions", "validate", "--strict")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("✓") == len(available()) >= 5


def test_strict_lists_the_choices_no_rule_uses(english, run, tmp_path):
    path = set_file(tmp_path, SET)
    assert run("questions", "validate", str(path)).exit_code == 0
    result = run("questions", "validate", "--strict", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"✗ {path}" in result.stderr
    assert "line 16: question 'price', field 'choices': no rule uses 'slight': add a rule that names each one, or mark it `informational = true`" in result.stderr
    assert "'none'" not in result.stderr and "'strong'" not in result.stderr


def test_a_rule_naming_several_choices_uses_each_of_them(run, tmp_path):
    path = set_file(tmp_path, SET.replace('when = { price = "strong" }', 'when = { price = ["strong", "slight"] }'))
    assert run("questions", "validate", "--strict", str(path)).exit_code == 0


def test_the_published_schema_documents_informational():
    schema = json.loads((builtin_dir() / "questionset.schema.json").read_text(encoding="utf-8"))
    informational = schema["$defs"]["Choice"]["properties"]["informational"]
    assert informational["type"] == "boolean" and informational["default"] is False
    assert "questions validate --strict" in informational["description"]


def fired(set_id: str, values: dict, lang: str = "nl") -> dict[str, list[str]]:
    p = derive(load(set_id), values, lang)
    return {
        "approach": [a.text for a in p.approach if not a.fallback],
        "do": [x.text for x in p.do],
        "note": [line.text for s in p.sections for line in s.lines if line.rule],
        "concern": [x.text for x in p.concerns],
    }


# (set, answers, where, the line a salesperson reads)
LINES = [
    ("kennismaking", {"learning_mode": "both"}, "do", "Wissel af: vertel kort wat je bedoelt en vraag dan wat hij ervan denkt."),
    ("kennismaking", {"learning_doing": "both"}, "approach", "Doe het één keer voor en laat het hem daarna zelf doen."),
    ("kennismaking", {"knowledge_attitude": "both"}, "do", "Sluit aan bij wat hij al weet en breng één nieuw punt dat aantoonbaar iets oplevert."),
    ("kennismaking", {"advice_meaning": "both"}, "do", "Vraag eerst of hij je mening wil horen: of advies welkom is, hangt af van het onderwerp."),
    ("kennismaking", {"advice_openness": "openness"}, "approach", "Breng advies als een idee om samen te wegen: hij staat open voor wat anderen bedenken."),
    ("kennismaking", {"advice_openness": "both"}, "do", "Breng een idee als iets wat een andere klant deed: dan kan hij het overnemen zonder gezichtsverlies."),
    ("kennismaking", {"advice_form": "both"}, "approach", "Eerst kort mondeling, daarna een samenvatting op papier om na te lezen."),
    ("kennismaking", {"advice_use": "mixed"}, "do", "Geef hem de feiten en vraag ook hoe het voelt: soms beslist hij op het advies, soms op gevoel."),
    ("kennismaking", {"advice_experience": "both"}, "do", "Leg het waarom uit als hij erom vraagt, maar dring je uitleg niet op."),
    ("kennismaking", {"other_advisors": "yes", "advisors_role": ["emotional_support"]}, "do",
     "Wie hem geruststelt, moet zelf ook gerustgesteld worden: geef een eenvoudige samenvatting mee om te laten zien."),
    ("kennismaking", {"other_advisors": "yes", "advisors_role": ["listeners"]}, "do",
     "Hij praat het door met iemand die luistert: geef een helder verhaal mee om na te vertellen."),
    ("keuze", {"criteria": ["price"]}, "do", "Maak je prijs vergelijkbaar: dezelfde onderdelen als bij de ander, geen verborgen kosten."),
    ("keuze", {"criteria": ["speed"]}, "do", "Noem een levertijd die je haalt, en meld het meteen als die schuift."),
    ("keuze", {"criteria": ["convenience"]}, "do", "Neem hem werk uit handen: één aanspreekpunt, één factuur, geen losse eindjes."),
    ("keuze", {"criteria": ["availability"]}, "do", "Zeg wanneer je bereikbaar bent en wie hem helpt als jij er niet bent."),
    ("keuze", {"bad_experience_us": "no", "tells_others": "yes"}, "do",
     "Hij vertelt anderen over ervaringen, en een slechte met ons is er niet: vraag of hij als referentie wil optreden."),
    ("relatie", {"customer_manners": "demanding"}, "do", "Hij vraagt veel: zeg meteen wat kan en wat niet, en kom je afspraken stipt na."),
    ("relatie", {"customer_manners": "demanding", "pressure_pays": "no"}, "do", "Druk levert hem niets extra op: houd dat zo, vriendelijk en consequent."),
    ("relatie", {"gives_in": "he_does"}, "approach", "Hij geeft vaak toe: zorg dat daar ook iets tegenover staat, anders komt het later terug."),
    ("relatie", {"gives_in": "both"}, "note", "Jullie geven en nemen allebei: een goede basis om ook lastige punten op tafel te leggen."),
    ("relatie", {"sees_our_input": "yes"}, "do", "Hij ziet wat je inbrengt: noem het gerust als je in een onderhandeling iets terugvraagt."),
    ("verloren_deal", {"reason_given": "price"}, "do", "Ga na of het echt de prijs was, of dat hij te weinig zag terugkomen voor het geld."),
    ("verloren_deal", {"reason_given": "timing"}, "do", "Vraag wanneer het wel uitkomt, en neem op dat moment zelf contact op."),
    ("verloren_deal", {"reason_given": "competitor"}, "do", "Vraag hem wat de ander bood dat wij niet boden: daar zit je les."),
    ("verloren_deal", {"reason_given": "not_convinced"}, "do", "Zoek uit wat hem niet overtuigde: het aanbod zelf, of hoe je het bracht."),
]


@pytest.mark.parametrize(("set_id", "values", "where", "line"), LINES, ids=[f"{s}-{'-'.join(map(str, v.values()))}" for s, v, _, _ in LINES])
def test_answers_that_used_to_change_nothing_now_give_advice(set_id, values, where, line):
    assert line in fired(set_id, values)[where]


def test_english_lines_too():
    assert fired("keuze", {"criteria": ["speed", "availability"]}, "en")["do"] == [
        "Name a lead time you will meet, and tell him at once if it slips.",
        "Say when you can be reached and who helps him when you are away.",
    ]
    assert fired("relatie", {"gives_in": "he_does"}, "en")["approach"] == [
        "He often gives in: make sure there is something in return, or it will come back to you later."
    ]
