"""The rules engine as a library: answers in, profile lines (with their why) out."""

from __future__ import annotations

from klantprofiel.answers import check_answers
from klantprofiel.profile.derive import derive, tally
from klantprofiel.questionset.load import load
from klantprofiel.questionset.model import QuestionSet

from helpers import MINI


def profile_of(qs, raw, lang="nl"):
    answers, problems = check_answers(qs, raw)
    assert problems == []
    return derive(qs, answers.values, lang)


def texts(lines):
    return [line.text for line in lines]


def test_single_answer_rule_sets_the_approach_and_says_why(mini):
    p = profile_of(mini, {"meaning": "wisdom"})
    [directive] = p.approach
    assert directive.text == "Geef je advies rechtstreeks."
    assert directive.rule == "straight"
    assert [(r.question, r.answer, r.label) for r in directive.why] == [("meaning", "wisdom", "Wijsheid")]


def test_combination_outweighs_single_answer(mini):
    p = profile_of(mini, {"meaning": "weakness", "mode": "think"})
    assert p.approach[0].text == "Laat hem het zelf ontdekken."
    assert {r.question for r in p.approach[0].why} == {"meaning", "mode"}
    assert texts(p.dont) == ["Geen college geven."]


def test_nothing_known_gives_the_fallback_and_every_question_to_discover(mini):
    p = profile_of(mini, {})
    assert p.approach[0].fallback is True
    assert p.approach[0].text == "Eerst vragen."
    assert p.do == p.dont == p.tensions == []
    # advisors_kind is only asked when he has advisors, so it is not something to discover yet
    assert texts(p.discover) == ["Vraag hoe hij leert.", "Vraag wat advies hem zegt.", "Kijk hoeveel uitleg hij vraagt.",
                                 "Vraag met wie hij overlegt.", "Vraag wat hij al weet."]
    assert (p.knownness.known, p.knownness.total, p.knownness.level) == (0, 5, "Koning")


def test_scale_ranges_and_tension_between_answers(mini):
    p = profile_of(mini, {"meaning": "weakness", "uptake": 5})
    assert texts(p.tensions) == ["Hij wil geen advies maar heeft veel uitleg nodig."]
    assert "Houd het kort." not in texts(p.do)
    assert texts(profile_of(mini, {"uptake": 2}).do) == ["Houd het kort."]


def test_multi_choice_matches_any_selected_value(mini):
    p = profile_of(mini, {"advisors": "yes", "advisors_kind": ["coaches", "experts"]})
    assert "Neem bewijs mee voor zijn deskundigen." in texts(p.do)


def test_unknown_in_a_rule_means_asked_but_not_known(mini):
    asked = profile_of(mini, {"advisors": "yes"})
    notes = [line.text for s in asked.sections for line in s.lines]
    assert "Hij heeft adviseurs, maar welke weten we niet." in notes
    assert "Vraag wie dat zijn." in texts(asked.discover)
    not_asked = profile_of(mini, {"advisors": "no"})
    assert "Hij heeft adviseurs, maar welke weten we niet." not in [ln.text for s in not_asked.sections for ln in s.lines]
    assert "Vraag wie dat zijn." not in texts(not_asked.discover)


def test_knownness_counts_only_questions_that_apply(mini):
    p = profile_of(mini, {"mode": "listen", "meaning": "wisdom", "uptake": 3, "advisors": "yes"})
    assert (p.knownness.known, p.knownness.total) == (4, 6)
    assert p.knownness.level == "Mens"


def test_sections_use_plain_statements_and_leads(mini):
    p = profile_of(mini, {"mode": "listen", "knows": "Alles over ovens"})
    learning = next(s for s in p.sections if s.topic == "learning")
    assert texts(learning.lines) == ["Hij luistert.", "Wat weet hij?: Alles over ovens"]


def test_english_on_request(mini):
    p = profile_of(mini, {"meaning": "weakness", "mode": "think"}, lang="en")
    assert p.approach[0].text == "Let him find it on his own."
    assert p.approach[0].title == "Direction"


def test_derivation_is_deterministic():
    qs = load("kennismaking")
    raw = {"learning_mode": "think_along", "learning_doing": "do_himself", "advice_meaning": "weakness",
           "advice_uptake": 4, "advice_form": "short_talk", "other_advisors": "yes", "advisors_kind": ["experts"]}
    assert profile_of(qs, raw).model_dump() == profile_of(qs, dict(reversed(list(raw.items())))).model_dump()


def test_default_set_reads_like_advice_for_a_proud_doer():
    qs = load("kennismaking")
    p = profile_of(qs, {"learning_mode": "think_along", "learning_doing": "do_himself", "advice_meaning": "weakness"})
    directive = next(a for a in p.approach if a.aspect == "directive")
    assert not directive.fallback
    assert "zelf" in directive.text
    assert {r.question for r in directive.why} >= {"advice_meaning"}
    assert len(p.approach) == 4


def test_default_set_tension_short_form_but_needs_encyclopedia():
    qs = load("kennismaking")
    p = profile_of(qs, {"advice_uptake": 5, "advice_form": "short_talk"})
    assert any({r.question for r in t.why} == {"advice_uptake", "advice_form"} for t in p.tensions)


def test_every_rule_of_the_default_set_can_fire():
    """A rule no answers can trigger is dead text for the trainer; each one fires on its own conditions."""
    qs = load("kennismaking")
    by_id = {q.id: q for q in qs.questions}
    for rule in qs.rules:
        raw = {}
        for qid, m in rule.when.items():
            q = by_id[qid]
            if hasattr(m, "at_least"):
                raw[qid] = m.at_least if m.at_least is not None else m.at_most
            else:
                value = m if isinstance(m, str) else m[0]
                raw[qid] = None if value == "unknown" else ([value] if q.kind == "multi" else value)
            for dep, dm in q.when.items():  # make the question itself asked
                raw.setdefault(dep, dm if isinstance(dm, str) else dm[0])
        answers, problems = check_answers(qs, raw)
        assert problems == [], rule.id
        p = derive(qs, answers.values)
        lines = p.approach + p.do + p.dont + p.tensions + p.concerns + p.discover + [ln for s in p.sections for ln in s.lines]
        fired = {ln.rule for ln in lines}
        if rule.kind == "approach":
            assert any(a.aspect == rule.aspect and not a.fallback for a in p.approach), rule.id
        else:
            assert rule.id in fired, rule.id


def test_a_discover_question_is_withheld_when_its_discover_unless_matches(tmp_path):
    """`discover_unless` (here: "how he learns" is not asked of one who sees advice as weakness)
    names any question of the set, also one asked later; the question itself is still asked."""
    path = tmp_path / "mini.toml"
    path.write_text(MINI.read_text(encoding="utf-8").replace(
        'discover = { nl = "Vraag hoe {hij} leert.", en = "Ask how {he} learns." }\n',
        'discover = { nl = "Vraag hoe {hij} leert.", en = "Ask how {he} learns." }\ndiscover_unless = { meaning = "weakness" }\n'), encoding="utf-8")
    qs = load(path)
    assert "Vraag hoe hij leert." not in texts(profile_of(qs, {"meaning": "weakness"}).discover)
    assert "Vraag hoe hij leert." in texts(profile_of(qs, {"meaning": "wisdom"}).discover)
    assert "Vraag hoe hij leert." in texts(profile_of(qs, {}).discover)


def test_follow_up_questions_count_where_their_own_condition_holds():
    """`tally` checks a condition follow-up questions share once: each still counts by its own."""
    shared = load("kennismaking")
    data = shared.model_dump()
    [role] = [q for q in data["questions"] if q["id"] == "advisors_role"]
    role["when"] = {"other_advisors": "no"}
    apart = QuestionSet.model_validate(data)
    answers = {"other_advisors": "yes", "advisors_kind": ["experts"], "advisors_role": ["listeners"]}
    assert [ids for _, ids in shared.counted[1]] == [["advisors_kind", "advisors_role"]]
    assert tally(shared, answers) == (3, 18)
    assert tally(shared, {**answers, "other_advisors": "no"}) == (1, 16)
    assert tally(apart, answers) == (2, 17)
    assert tally(apart, {**answers, "other_advisors": "no"}) == (2, 17)
    assert tally(apart, {}) == (0, 16)
