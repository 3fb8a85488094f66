"""An interview running in another terminal does not bring back a customer erased meanwhile: its
next save (a draft after an answer, Ctrl-C's draft, the finished interview) stops with a message
and stores nothing. Erasing someone else does not disturb it."""

from __future__ import annotations

import pexpect
import pytest

from klantprofiel.answers import check_answers
from klantprofiel.store import Store
from klantprofiel.store.erase import erase_customer
from klantprofiel.store.watch import CustomerErased

from helpers import CTRL_C, ENTER, answer

NAME = "Wietske Wassenaar"
STATE = {"values": {}, "meta": {"notes": "geheim"}, "done": ["notes"]}


def traces(db) -> bool:
    return any(b"Wassenaar" in p.read_bytes() for p in db.parent.glob(db.name + "*"))


@pytest.mark.parametrize("then", ["next answer", "ctrl-c"])
def test_the_next_answer_after_a_delete_stops_the_interview_instead_of_storing_him(english, spawn, run, db, interviewed, then):
    interviewed(NAME, {"notes": "eerste gesprek"})
    child = spawn("interview", NAME)
    answer(child, 1, "Wassenaar BV" + ENTER)
    child.expect(r"(?<!\d)2/\d+")  # the draft with the organisation is written
    assert run("delete", NAME, "--yes").exit_code == 0
    child.send(ENTER if then == "next answer" else CTRL_C)
    child.expect(f"{NAME} was erased \\(klantprofiel delete\\) while this interview was running")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    store = Store(db)
    assert store.draft(NAME, "kennismaking") is None and [c.name for c in store.customers()] == []
    store.close()
    assert not traces(db)


@pytest.fixture
def store(db):
    return Store(db)


def test_erased_before_the_first_save_of_an_interview_of_a_known_customer(store, interviewed, mini):
    interviewed(NAME, {"notes": "eerste gesprek"})
    watch = store.watch(NAME, mini.id)
    erase_customer(Store(store.path), NAME)
    with pytest.raises(CustomerErased, match="was erased"):
        store.save_draft(NAME, mini.id, STATE, watch)
    assert store.draft(NAME, mini.id) is None


def test_erased_at_the_summary_the_finished_interview_is_not_stored(store, mini):
    watch = store.watch(NAME, mini.id)
    store.save_draft(NAME, mini.id, STATE, watch)  # a new customer, his first answer saved
    erase_customer(Store(store.path), NAME)
    answers, _ = check_answers(mini, {}, {"customer": NAME})
    with pytest.raises(CustomerErased):
        store.save_interview(mini, answers, watch=watch)
    assert store.conn.execute("SELECT count(*) FROM interviews").fetchone() == (0,)


def test_erasing_someone_else_does_not_stop_the_interview(store, interviewed, mini):
    interviewed("Piet", {})
    watch = store.watch(NAME, mini.id)  # a new customer: nothing of him to erase yet
    erase_customer(Store(store.path), "Piet")
    store.save_draft(NAME, mini.id, STATE, watch)
    interviewed("Ans", {})
    erase_customer(Store(store.path), "Ans")
    store.save_draft(NAME, mini.id, STATE, watch)
    assert store.draft(NAME, mini.id) == STATE


def test_a_new_interview_after_the_erasure_may_store_him_again(store, interviewed, mini):
    """What is refused is the interview that was running; a new one is asked for."""
    interviewed(NAME, {})
    erase_customer(Store(store.path), NAME)
    watch = store.watch(NAME, mini.id)
    store.save_draft(NAME, mini.id, STATE, watch)
    assert store.draft(NAME, mini.id) == STATE
