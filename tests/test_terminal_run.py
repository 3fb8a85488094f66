"""A real run in a pseudo-terminal, typed as a salesperson would (pexpect)."""

from __future__ import annotations

import pexpect

from helpers import CTRL_C, ENTER, UP, answer


def test_interview_with_arrow_keys_and_enter(spawn):
    child = spawn("interview", "Ans de Wit")
    answer(child, 1, "Bakkerij De Wit" + ENTER)  # organisation
    answer(child, 2, "2" + ENTER)                 # pronoun: she, by its number
    for step in range(3, 7):                      # salesperson, date (today), context, notes
        answer(child, step, ENTER)
    answer(child, 7, "Belt liever" + ENTER)       # preferences
    answer(child, 8, UP * 2 + ENTER)              # learning_mode: from "weet ik nog niet" up to think along
    for step in range(9, 18):
        answer(child, step, ENTER)                # Enter: "weet ik nog niet" (lists and texts alike)
    answer(child, 18, "1" + ENTER)                # other_advisors: yes, by its number
    answer(child, 19, ENTER)                      # advisors_kind: nothing picked = unknown
    answer(child, 20, ENTER)                      # advisors_role
    answer(child, 21, ENTER)                      # advice_experience
    for step in range(22, 25):                    # wish, wish_reason (unknown text), wish_fits_need
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
    assert record["customer"] == {"id": record["customer"]["id"], "external_id": None, "name": "Ans de Wit", "organisation": "Bakkerij De Wit",
                                  "pronoun": "she"}
    assert record["answers"]["learning_mode"] == "think_along"
    assert record["answers"]["preferences"] == "Belt liever"
    assert record["answers"]["advisors_kind"] is None


def test_ctrl_c_keeps_a_draft_and_resume_finishes_it(spawn):
    child = spawn("interview", "Ans")
    for step in range(1, 7):                      # organisation, pronoun (Enter: he), salesperson, date, context, notes
        answer(child, step, ENTER)
    answer(child, 7, ENTER)
    answer(child, 8, "2" + ENTER)                 # learning_mode: think along
    child.expect(r"9/\d+")
    child.send(CTRL_C)
    child.expect("klantprofiel interview Ans --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = spawn("interview", "Ans", "--resume")
    for step in range(9, 23):                     # other advisors unknown: 22 steps
        answer(child, step, ENTER)
    child.expect("Wat wil je doen")
    child.send(ENTER)
    child.expect("Opgeslagen als interview 1 van Ans")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert spawn.show("Ans")["answers"]["learning_mode"] == "think_along"
