"""The new sets go through the same interactive interview: keys typed through a pipe, as a user would."""

from __future__ import annotations

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from klantprofiel.cli import prompts
from klantprofiel.cli.terminal import Terminal
from klantprofiel.interview import Interview, InterviewState
from klantprofiel.profile.derive import derive
from klantprofiel.questionset.load import load

ENTER = "\r"
CLEAR = "\x15"  # Ctrl-U: wipe the prefilled date
WHO_AND_WHEN = ("Acme" + ENTER + "2" + ENTER + ENTER + CLEAR + "2024-05-01" + ENTER + ENTER + ENTER)
"""organisation, pronoun (2: she), salesperson, date, context, notes"""


def interview(set_id: str, keys: str) -> InterviewState:
    state = InterviewState(load(set_id), "Jan")
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        saved = prompts.run(prompts.Prompter(input=pipe, output=DummyOutput()), Terminal(), Interview(state), "nl")
    assert saved
    return state


def test_relationship_interview_asks_about_pressure_only_for_a_demanding_customer():
    keys = (WHO_AND_WHEN
            + "1" + ENTER                # customer_role: king
            + "3" + ENTER                # customer_manners: despotic
            + "1" + ENTER                # buying_style: power
            + "1" + ENTER                # own_role: subject
            + "1" + ENTER                # gives_in: we_do
            + "1" + ENTER                # pressure_pays (asked because he is despotic): yes
            + "1" + ENTER                # sees_our_input: yes
            + "1" + ENTER                # respect: mutual
            + "Sloeg op tafel" + ENTER   # moment
            + ENTER)                     # save
    answers = interview("relatie", keys).answers()
    assert answers.meta["organisation"] == "Acme"
    assert answers.meta["pronoun"] == "she"
    assert answers.values["customer_manners"] == "despotic"
    assert answers.values["pressure_pays"] == "yes"
    assert answers.values["moment"] == "Sloeg op tafel"
    profile = derive(load("relatie"), answers.values)
    assert profile.approach[0].text.startswith("Zijn gedrag wordt beloond en wordt daardoor erger.")


@pytest.mark.parametrize("set_id", ["twijfels", "keuze", "verloren_deal"])
def test_every_new_set_can_be_answered_with_dont_know_yet(set_id):
    qs = load(set_id)
    unknown_everywhere = ENTER * len([q for q in qs.questions if not q.when])  # the cursor starts at "weet ik nog niet"
    answers = interview(set_id, WHO_AND_WHEN + unknown_everywhere + ENTER).answers()
    assert all(value is None for value in answers.values.values())
    assert answers.meta["meeting_date"] == "2024-05-01"
