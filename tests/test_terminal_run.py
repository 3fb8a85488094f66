"""A real run in a pseudo-terminal, typed as a salesperson would (pexpect)."""

from __future__ import annotations

import pexpect

from helpers import CTRL_C, ENTER, UP, answer


def test_interview_with_arrow_keys_and_enter(spawn):
    child = spawn("interview", "Ans de Wit")
    answer(child, 1, "Bakkerij De Wit" + ENTER)  # organisation
    for step in range(2, 6):                      # salesperson, date (today), context, notes
        answer(child, step, ENTER)
    answer(child, 6, "Belt liever" + ENTER)       # preferences
    answer(child, 7, UP * 2 + ENTER)              # learning_mode: from "weet ik nog niet" up to think along
    for step in range(8, 17):
        answer(child, step, ENTER)                # Enter: "weet ik nog niet" (lists and texts alike)
    answer(child, 17, "1" + ENTER)                # other_advisors: yes, by its number
    answer(child, 18, ENTER)                      # advisors_kind: nothing picked = unknown
    answer(child, 19, ENTER)                      # advisors_role
    answer(child, 20, ENTER)                      # advice_experience
    for step in range(21, 24):                    # wish, wish_reason (unknown text), wish_fits_need
        answer(child, step, ENTER)
    child.expect("Samenvatting")
    child.expect("Wat wil je doen")
    child.send(ENTER)                             # save
    child.expect("Opgeslagen als interview 1 van Ans de Wit")
    child.expect("Hoe goed kennen we de klant")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    record = spawn.show("ans de wit")
    assert record["customer"] == {"id": record["customer"]["id"], "external_id": None, "name": "Ans de Wit", "organisation": "Bakkerij De Wit"}
    assert record["answers"]["learning_mode"] == "think_along"
    assert record["answers"]["preferences"] == "Belt liever"
    assert record["answers"]["advisors_kind"] is None


def test_ctrl_c_keeps_a_draft_and_resume_finishes_it(spawn):
    child = spawn("interview", "Ans")
    for step in range(1, 6):
        answer(child, step, ENTER)
    answer(child, 6, ENTER)
    answer(child, 7, "2" + ENTER)                 # learning_mode: think along
    child.expect(r"8/\d+")
    child.send(CTRL_C)
    child.expect("klantprofiel interview Ans --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = spawn("interview", "Ans", "--resume")
    for step in range(8, 22):                     # other advisors unknown: 21 steps
        answer(child, step, ENTER)
    child.expect("Wat wil je doen")
    child.send(ENTER)
    child.expect("Opgeslagen als interview 1 van Ans")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert spawn.show("Ans")["answers"]["learning_mode"] == "think_along"
