"""One approach across all sets: ranked by the one weight scale, conflicts between sets settled by
rules in the data, rules whose `when` names another set, and the lines that lost in `show --why`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from klantprofiel.customer import CustomerReader
from klantprofiel.profile.picture import MAX_APPROACH, make_picture
from klantprofiel.questionset.check import ranking_ties
from klantprofiel.questionset.load import available, load
from klantprofiel.store import Store

from helpers import set_file

CUSTOMERS = Path(__file__).parents[1] / "examples" / "customers"


@pytest.fixture
def example(run):
    """Store an example customer from examples/customers/<folder>, every set he has a file for."""

    def store(folder: str, only: tuple[str, ...] = ()) -> str:
        name = ""
        for path in sorted((CUSTOMERS / folder).glob("*.json")):
            if only and path.stem not in only:
                continue
            result = run("interview", "--set", path.stem, "--answers", str(path))
            assert result.exit_code == 0, result.stderr
            name = json.loads(path.read_text(encoding="utf-8"))["customer"]
        return name

    return store


def picture_of(db, name, lang="nl"):
    return make_picture(CustomerReader(Store(db), lang).tracks(name))


def test_trust_first_then_the_heaviest_lines_of_all_sets(example, db):
    p = picture_of(db, example("bakker"))
    assert len(p.approach) == MAX_APPROACH
    assert [a.rule for a in p.approach] == [
        "keuze.earn_repair_and_value", "kennismaking.framing_own_idea", "kennismaking.directive_discover_weakness",
        "twijfels.open_up_pick_up_hints", "keuze.win_the_person",
    ]
    assert p.approach[0].text.startswith("Herstel eerst het vertrouwen")
    weights = [a.weight for a in p.approach + p.approach_more]
    assert weights == sorted(weights, reverse=True)
    assert {a.question_set for a in p.approach_more} >= {"relatie", "verloren_deal"}


def test_the_rule_that_loses_its_aspect_is_overruled_by_the_winner(example, db):
    p = picture_of(db, example("bakker"))
    lost = {o.rule: o.overruled_by for o in p.overruled}
    assert lost["keuze.earn_repair"] == "keuze.earn_repair_and_value"
    assert lost["kennismaking.framing_confirm_proud"] == "kennismaking.framing_own_idea"
    assert not {o.rule for o in p.overruled} & {a.rule for a in p.approach + p.approach_more}


def test_a_line_written_for_a_conflict_between_sets_covers_both(example, db):
    """A despotic buyer whose manners pay off, who takes advice as a sign of ignorance: one line
    for both, not "draw a line" beside "confirm what he knows"."""
    p = picture_of(db, example("despoot"))
    assert p.approach[0].rule == "relatie.balance_line_without_losing_face"
    assert p.approach[0].text.startswith("Trek een grens bij het gedrag, niet bij de trots")
    lost = {o.rule: o.overruled_by for o in p.overruled}
    assert lost["kennismaking.framing_own_idea"] == "relatie.balance_line_without_losing_face"
    assert lost["relatie.balance_draw_the_line"] == "relatie.balance_line_without_losing_face"
    assert "kennismaking.framing" not in {a.aspect for a in p.approach + p.approach_more}


def test_the_combined_line_needs_both_sets(example, db):
    p = picture_of(db, example("despoot", only=("relatie",)))
    assert p.approach[0].rule == "relatie.balance_draw_the_line"
    assert not p.overruled or all(o.overruled_by != "relatie.balance_line_without_losing_face" for o in p.overruled)


def test_a_tension_across_sets(example, db):
    """The founder who went to a faster competitor: "take your time" must not mean "be slow"."""
    p = picture_of(db, example("startup"))
    assert [t.rule for t in p.across["tension"]] == ["verloren_deal.tension_took_time_lost_on_speed"]
    why = {r.question: r.label for r in p.across["tension"][0].why}
    assert why == {"reason_given": "Hij koos een ander", "keuze.criteria": "Snelheid, Gemak",
                   "keuze.purchase_kind": "Van betekenis: hij denkt er goed over na"}
    en = picture_of(db, "Daan Visser", "en").across["tension"][0]
    assert en.text.startswith("With a purchase that matters he gives the order to someone who earns trust")


def test_a_rule_across_sets_stays_out_of_one_interviews_profile(example, run, db):
    name = example("startup")
    shown = json.loads(run("show", name, "--format", "json").stdout)
    assert all("tension_took_time_lost_on_speed" not in json.dumps(record) for record in shown)
    assert "Spanningen · over de vragenlijsten heen" in run("show", name).stdout


@pytest.mark.parametrize("changed", [{"reason_given": "price"}, {"keuze": {"purchase_kind": "routine"}}])
def test_the_tension_across_sets_needs_every_answer_it_names(example, run, db, changed):
    name = example("startup")
    for set_id, answers in (changed.items() if "keuze" in changed else [("verloren_deal", changed)]):
        path = CUSTOMERS / "startup" / f"{set_id}.json"
        data = {**json.loads(path.read_text(encoding="utf-8")), **answers}
        assert run("interview", "--set", set_id, "--answers", "-", input=json.dumps(data)).exit_code == 0
    assert picture_of(db, name).across["tension"] == []


def test_show_why_names_the_rule_that_overruled_a_line(example, run):
    out = run("show", example("despoot"), "--why").stdout
    assert "Opzij gezet" in out
    assert "wijkt voor relatie.balance_line_without_losing_face" in out
    assert run("show", "Frank de Graaf").stdout.count("wijkt voor") == 0
    md = run("show", "Frank de Graaf", "--why", "--format", "markdown", "--lang", "en").stdout
    assert "## Approach, across all question sets" in md
    assert "overruled by relatie.balance\\_line\\_without\\_losing\\_face" in md


def test_brief_approach_is_the_ranked_one(example, run):
    b = json.loads(run("brief", example("bakker"), "--format", "json").stdout)
    assert len(b["approach"]) <= MAX_APPROACH
    assert b["approach"][0]["text"].startswith("Herstel eerst het vertrouwen")


# --- the set files: weights on one scale, ties refused, names across sets checked ---------------

def test_weights_of_approach_rules_share_one_scale():
    for set_id in available():
        for rule in load(set_id).rules:
            if rule.kind == "approach":
                assert 30 <= rule.weight <= 100, (set_id, rule.id)


TWO_CHOICES = """
[[questions]]
id = "pace"
topic = "price"
kind = "choice"
text = { nl = "Tempo?", en = "Pace?" }
discover = { nl = "Vraag.", en = "Ask." }
choices = [{ id = "fast", label = { nl = "Snel", en = "Fast" } }, { id = "slow", label = { nl = "Traag", en = "Slow" } }]

[[questions]]
id = "mood"
topic = "price"
kind = "multi"
text = { nl = "Stemming?", en = "Mood?" }
discover = { nl = "Vraag.", en = "Ask." }
choices = [{ id = "calm", label = { nl = "Kalm", en = "Calm" } }, { id = "cross", label = { nl = "Boos", en = "Cross" } }]

[[aspects]]
id = "tone"
title = { nl = "Toon", en = "Tone" }
fallback = { nl = "Nog niets.", en = "Nothing yet." }
"""


def rule(rule_id: str, when: str, weight: int = 20, extra: str = "") -> str:
    """An approach rule of aspect 'tone'; of a weight below the shipped ones (30-100), which it
    would otherwise tie with across sets (`test_a_trainers_set_is_held_against_the_shipped_sets`)."""
    return (f'\n[[rules]]\nid = "{rule_id}"\nkind = "approach"\naspect = "tone"\nweight = {weight}\nwhen = {when}\n{extra}'
            f'text = {{ nl = "Regel {rule_id}.", en = "Rule {rule_id}." }}\n')


def test_two_approach_rules_of_one_weight_that_can_fire_together_are_a_tie(english, run, tmp_path):
    path = set_file(tmp_path, TWO_CHOICES + rule("quick", '{ pace = "fast" }') + rule("calm", '{ mood = "calm" }'))
    result = run("questions", "validate", str(path))
    assert result.exit_code == 1
    assert ("rule 'calm', field 'weight': rule 'quick' writes aspect 'tone' with the same weight (20), "
            "and some answers make both fire; give the one that should win a higher weight") in result.stderr


@pytest.mark.parametrize("second", [
    rule("slowly", '{ pace = "slow" }'),                     # one question, other answers: never both
    rule("calm", '{ mood = "calm" }', weight=21),             # both can fire, but one is heavier
    rule("unknown_mood", '{ pace = "fast", mood = "unknown" }').replace('pace = "fast", ', 'pace = "slow", '),
])
def test_rules_that_cannot_tie_pass(run, tmp_path, second):
    path = set_file(tmp_path, TWO_CHOICES + rule("quick", '{ pace = "fast" }') + second)
    result = run("questions", "validate", str(path))
    assert result.exit_code == 0, result.stderr


ACROSS_TIE = ("of another set has the same weight ({weight}); a customer's approach ranks the rules of every set the customer has by "
              "weight, so the order of the sets would choose which comes first; give one of them another weight")


def test_the_shipped_sets_have_no_weight_in_common(run):
    """Their approach lines are ranked together at every customer: no tie may be left to the order of the sets."""
    sets = [load(set_id) for set_id in available()]
    assert [p for i, qs in enumerate(sets) for p in ranking_ties(qs, sets[:i])] == []
    result = run("questions", "validate")
    assert result.exit_code == 0, result.stderr


def test_two_sets_validated_together_may_not_share_a_weight(english, run, tmp_path):
    first = set_file(tmp_path, TWO_CHOICES + rule("quick", '{ pace = "fast" }'))
    (tmp_path / "u").mkdir()
    second = tmp_path / "u" / "u.toml"
    second.write_text(first.read_text(encoding="utf-8").replace('id = "t"', 'id = "u"', 1), encoding="utf-8")
    result = run("questions", "validate", str(first), str(second))
    assert result.exit_code == 1
    assert f"✗ {second}\n" in result.stderr and f"✗ {first}" not in result.stderr  # said once, at the second
    assert "rule 'quick', field 'weight': rule 't.quick' " + ACROSS_TIE.format(weight=20) in " ".join(result.stderr.split())
    for path in (first, second):  # alone, each is held against the shipped sets only
        assert run("questions", "validate", str(path)).exit_code == 0


def test_a_trainers_set_is_held_against_the_shipped_sets(english, run, tmp_path):
    heaviest = next(r for r in load("keuze").rules if r.id == "earn_repair_and_value")
    path = set_file(tmp_path, TWO_CHOICES + rule("quick", '{ pace = "fast" }', weight=heaviest.weight))
    result = run("questions", "validate", str(path))
    assert result.exit_code == 1
    assert f"rule 'quick', field 'weight': rule 'keuze.earn_repair_and_value' {ACROSS_TIE.format(weight=heaviest.weight)}" in " ".join(result.stderr.split())
    covering = set_file(tmp_path, TWO_CHOICES + rule("quick", '{ pace = "fast" }', weight=heaviest.weight, extra='covers = ["keuze.earn"]\n'))
    assert run("questions", "validate", str(covering)).exit_code == 0, "a line that settles the other's aspect overrules it: they never meet"


def test_an_edited_copy_of_a_shipped_set_is_not_held_against_the_set_it_replaces(run, tmp_path):
    copy = tmp_path / "keuze.toml"
    copy.write_text(available()["keuze"].read_text(encoding="utf-8"), encoding="utf-8")
    result = run("questions", "validate", str(copy))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("when, message", [
    ('{ nosuchset.pace = "fast" }', "field 'when.nosuchset.pace': no built-in set 'nosuchset'"),
    ('{ keuze.no_such_question = "fast" }', "field 'when.keuze.no_such_question': no question 'no_such_question' in set 'keuze'"),
    ('{ keuze.criteria = "slow" }', "field 'when.keuze.criteria': no choice 'slow' in 'criteria'"),
    ('{ t.pace = "fast" }', "field 'when.t.pace': this set's own questions and aspects are named without the set"),
])
def test_a_name_across_sets_must_exist(english, run, tmp_path, when, message):
    path = set_file(tmp_path, TWO_CHOICES + rule("quick", when))
    result = run("questions", "validate", str(path))
    assert result.exit_code == 1
    assert message in result.stderr


def test_covers_must_name_an_aspect(english, run, tmp_path):
    path = set_file(tmp_path, TWO_CHOICES + rule("quick", '{ pace = "fast" }', extra='covers = ["keuze.no_aspect"]\n'))
    result = run("questions", "validate", str(path))
    assert result.exit_code == 1
    assert "field 'covers': no aspect 'keuze.no_aspect' to cover" in result.stderr
    path = set_file(tmp_path, TWO_CHOICES + rule("quick", '{ pace = "fast" }', extra='covers = ["keuze.earn"]\n'))
    assert run("questions", "validate", str(path)).exit_code == 0


def test_a_dotted_key_and_a_quoted_one_name_the_same_question(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    dotted = load(set_file(tmp_path / "a", TWO_CHOICES + rule("quick", '{ keuze.criteria = "speed" }')))
    quoted = load(set_file(tmp_path / "b", TWO_CHOICES + rule("quick", '{ "keuze.criteria" = "speed" }')))
    assert dotted.rules[0].when == quoted.rules[0].when == {"keuze.criteria": "speed"}
    assert dotted.content_hash == quoted.content_hash
