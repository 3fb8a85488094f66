"""What the checks of answers and records remember of a raw value never leaks into another record.

Batch import reads the same few raw answers a hundred thousand times, so each question remembers
what its kind read for each (`check_answers`), and a record's pronoun, salesperson and meeting
date are checked once per distinct value (`record_check`). Each check runs twice here: the
second time reads from the memo, and must say exactly what the first said.
"""

from __future__ import annotations

import pytest

from klantprofiel.answers import check_answers
from klantprofiel.io.record_check import OwnSet, check_record
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


WHO_WHEN = {"customer": {"name": "Anna", "pronoun": "Zij"}, "interview": {"salesperson": "Ingrid", "meeting_date": "2024-06-05"}}


@pytest.mark.parametrize("customer, interview, stored, problems", [
    ({}, {}, ("she", "Ingrid", "2024-06-05"), []),
    ({"pronoun": " zij "}, {"salesperson": " Ingrid ", "meeting_date": " 2024-06-05 "}, ("she", "Ingrid", "2024-06-05"), []),
    ({"pronoun": "2024-06-05"}, {}, None, [("customer.pronoun", "2024-06-05")]),
    ({}, {"meeting_date": "Zij"}, None, [("interview.meeting_date", "Zij")]),
    ({}, {"meeting_date": " 2024-02-30 "}, None, [("interview.meeting_date", " 2024-02-30 ")]),
    ({}, {"salesperson": "Ingrid\ud800"}, None, [("interview.salesperson", "Ingrid\ud800")]),
    ({}, {"salesperson": "x" * (MAX_TEXT + 1)}, None, [("interview.salesperson", short("x" * (MAX_TEXT + 1)))]),
    ({"pronoun": None}, {"salesperson": "", "meeting_date": None}, (None, None, None), []),
], ids=["as-given", "spaces", "a-date-is-no-pronoun", "a-pronoun-is-no-date", "no-such-day", "lone-surrogate", "too-long", "none"])
def test_a_records_who_and_when_read_the_same_the_second_time(qs, customer, interview, stored, problems):
    record = {"customer": {**WHO_WHEN["customer"], **customer}, "interview": {**WHO_WHEN["interview"], **interview}, "answers": {}}
    for _ in range(2):
        checked = check_record(record, OwnSet(qs), "2026-01-01T00:00:00+00:00")
        assert [(p.field, p.value) for p in checked.problems] == problems
        if stored is None:
            assert checked.row is None
        else:
            assert checked.row is not None and checked.row[3:6] == stored  # pronoun, salesperson, meeting_date
