"""The interview flow in the core, held without a terminal: answers handed in as a prompt would."""

from __future__ import annotations

from klantprofiel.interview import Session
from klantprofiel.store import Store


def answer_all(interview, values: dict) -> None:
    """Answer each step the interview asks next from `values` (unknown when left out)."""
    while (step := interview.next_step()) is not None:
        interview.answer(step, values.get(step.id))


def test_every_answer_is_kept_as_a_draft_and_finishing_stores_it(mini, db):
    store = Store(db)
    session = Session.open(store, mini, "Jan")
    interview = session.begin()
    first = interview.next_step()
    interview.answer(first, "eerste gesprek")
    assert store.draft("Jan", mini.id)["meta"] == {"notes": "eerste gesprek"}
    answer_all(interview, {"mode": "think", "advisors": "no"})
    interview_id = session.finish(interview)
    stored = store.interview(interview_id)
    assert stored.answers["mode"] == "think" and stored.notes == "eerste gesprek"
    assert store.draft("Jan", mini.id) is None


def test_back_asks_the_step_before_again(mini, db):
    interview = Session.open(Store(db), mini, "Jan").begin()
    for value in (None, "listen"):
        interview.answer(interview.next_step(), value)
    meaning = interview.next_step()
    assert meaning.id == "meaning"
    interview.back(meaning)
    assert interview.next_step().id == "mode" and interview.current(interview.next_step()) == "listen"


def test_a_stopped_interview_resumes_where_it_stood(mini, db):
    store = Store(db)
    session = Session.open(store, mini, "Jan")
    interview = session.begin()
    assert session.stop(interview) is False  # nothing answered: no draft made
    interview.answer(interview.next_step(), None)
    interview.answer(interview.next_step(), "think")
    assert session.stop(interview) is True
    again = Session.open(store, mini, "jan")
    assert again.draft is not None
    resumed = again.resume()
    assert resumed.next_step().id == "meaning" and resumed.answers().values["mode"] == "think"
