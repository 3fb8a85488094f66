"""What `check_answers` remembers of a raw answer never leaks into another record.

Batch import reads the same few raw answers a hundred thousand times, so each question remembers
what its kind read for each. Each check runs twice here: the second time reads from the memo,
and must say exactly what the first said.
"""

from __future__ import annotations

import pytest

from klantprofiel.answers import check_answers
from klantprofiel.kinds.text import MAX_TEXT
from klantprofiel.questionset.load import load
from klantprofiel.validation import short


@pytest.fixture(scope="module")
def qs():
    return load("kennismaking")


def read(qs, raw: dict) -> tuple[dict, list, list[tuple[str, object]]]:
    """(the answers given, the labels heard, (field, value) of each problem)."""
    answers, problems = check_answers(qs, raw)
    return {k: v for k, v in answers.values.items() if k in raw}, answers.labels, [(p.field, p.value) for p in problems]


@pytest.mark.parametrize("raw, expected", [
    ({"learning_mode": "Luistert liever", "knowledge_attitude": "both", "other_advisors": "Ja"},
     ({"learning_mode": "listen", "knowledge_attitude": "both", "other_advisors": "yes"},
      [("learning_mode", "Luistert liever", "listen"), ("other_advisors", "Ja", "yes")], [])),
    ({"learning_mode": " listen "}, ({"learning_mode": "listen"}, [], [])),
    ({"learning_mode": "listen", "learning_doing": "listen"}, ({"learning_mode": "listen", "learning_doing": None}, [], [("learning_doing", "listen")])),
    ({"advice_uptake": 1}, ({"advice_uptake": 1}, [], [])),
    ({"advice_uptake": True}, ({"advice_uptake": None}, [], [("advice_uptake", True)])),
    ({"advice_uptake": 1.0}, ({"advice_uptake": None}, [], [("advice_uptake", 1.0)])),
    ({"other_advisors": "yes", "advisors_kind": ["Deskundigen", "nobody"]},
     ({"other_advisors": "yes", "advisors_kind": None}, [], [("advisors_kind", "nobody")])),
    ({"preferences": " Koffie. "}, ({"preferences": "Koffie."}, [], [])),
    ({"preferences": "\ud800"}, ({"preferences": None}, [], [("preferences", "\ud800")])),
    ({"preferences": "x" * (MAX_TEXT + 1)}, ({"preferences": None}, [], [("preferences", short("x" * (MAX_TEXT + 1)))])),
], ids=["labels", "spaces", "valid-for-one-question-only", "one", "true-is-no-one", "a-float-is-no-one", "refused-names-no-label",
        "text", "lone-surrogate", "too-long"])
def test_an_answer_reads_the_same_the_second_time(qs, raw, expected):
    assert read(qs, raw) == expected
    assert read(qs, raw) == expected


def test_the_labels_heard_are_each_of_their_own_question_in_question_order(qs):
    raw = {"other_advisors": "Ja", "learning_mode": "RATHER LISTENS", "advisors_kind": ["EXPERTS", "coaches"]}
    for _ in range(2):
        assert read(qs, raw)[1] == [("learning_mode", "RATHER LISTENS", "listen"), ("other_advisors", "Ja", "yes"),
                                    ("advisors_kind", "EXPERTS", "experts")]


def test_each_interview_gets_its_own_list_of_choices(qs):
    raw = {"other_advisors": "yes", "advisors_kind": ["experts", "coaches"]}
    first, _ = check_answers(qs, raw)
    first.values["advisors_kind"].append("changed")  # the interview edits its answers in place
    assert check_answers(qs, raw)[0].values["advisors_kind"] == ["experts", "coaches"]
