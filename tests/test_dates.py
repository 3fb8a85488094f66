"""Meeting dates as a Dutch salesperson types them, read to ISO and said back in words."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from klantprofiel.cli import prompts
from klantprofiel.cli.plain_prompts import PlainPrompter
from klantprofiel.cli.terminal import Terminal
from klantprofiel.dates import in_words, read_date
from klantprofiel.interview import InterviewState
from klantprofiel.questionset.load import load

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(("typed", "day"), [
    ("1-12-2026", dt.date(2026, 12, 1)), ("01-12-2026", dt.date(2026, 12, 1)), ("1/12/2026", dt.date(2026, 12, 1)),
    ("1.12.2026", dt.date(2026, 12, 1)), ("1-12-26", dt.date(2026, 12, 1)), ("2026-12-01", dt.date(2026, 12, 1)),
    ("1 december 2026", dt.date(2026, 12, 1)), ("1 December 2026", dt.date(2026, 12, 1)), ("1 dec 2026", dt.date(2026, 12, 1)),
    ("1 dec. 2026", dt.date(2026, 12, 1)), ("3 mrt 2025", dt.date(2025, 3, 3)), ("3 oktober", dt.date(2026, 10, 3)),
    ("vandaag", TODAY), (" Vandaag ", TODAY), ("gisteren", dt.date(2026, 12, 1)), ("eergisteren", dt.date(2026, 11, 30)),
    ("today", TODAY), ("yesterday", dt.date(2026, 12, 1)),
])
def test_the_usual_forms_are_read(typed, day):
    assert read_date(typed, TODAY) == day


@pytest.mark.parametrize("typed", ["31-2-2026", "12-31-2026", "1 smarch 2026", "morgen?", "2026", "", "١-١٢-٢٠٢٦", "1-12-2026 x"])
def test_what_names_no_date_is_refused(typed):
    assert read_date(typed, TODAY) is None


def test_a_date_is_said_in_words_in_the_interview_language():
    assert in_words(dt.date(2026, 12, 1), "nl") == "dinsdag 1 december 2026"
    assert in_words(dt.date(2026, 12, 1), "en") == "Tuesday 1 December 2026"


class FakeTerminal(Terminal):
    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.out = self.err = Console(file=self.buffer, width=120, emoji=False, highlight=False)


def date_step():
    state = InterviewState(load("kennismaking"), "Jan")
    return state, next(s for s in state.steps() if s.id == "meeting_date")


CLEAR = "\x15"  # Ctrl-U: wipe the prefilled date


@pytest.mark.parametrize(("typed", "stored", "said"), [
    ("1-12-2026", "2026-12-01", "gelezen als dinsdag 1 december 2026"),
    ("1 december 2026", "2026-12-01", "gelezen als dinsdag 1 december 2026"),
    ("31-2-2026\x15" + "2026-02-28", "2026-02-28", "gelezen als zaterdag 28 februari 2026"),
])
def test_the_interview_reads_a_dutch_date_and_says_what_it_read(typed, stored, said):
    state, step = date_step()
    term = FakeTerminal()
    with create_pipe_input() as pipe:
        pipe.send_text(CLEAR + typed + "\r")
        value = prompts.ask_step(prompts.Prompter(input=pipe, output=DummyOutput()), term, state, step, "nl", allow_back=True)
    assert value == stored
    assert said in term.buffer.getvalue()


def test_the_plain_interview_refuses_an_unreadable_date_in_dutch_and_asks_again():
    state, step = date_step()
    term, out = FakeTerminal(), io.StringIO()
    value = prompts.ask_step(PlainPrompter(input=io.StringIO("31-2-2026\ngisteren\n"), output=out), term, state, step, "nl", allow_back=True)
    assert value == (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert "Die datum kan ik niet lezen; schrijf bijvoorbeeld 1-12-2026" in out.getvalue()
    assert f"Enter = {dt.date.today().isoformat()}" in out.getvalue()


def test_enter_keeps_today_and_a_dash_leaves_the_date_unknown():
    state, step = date_step()
    assert prompts.ask_step(PlainPrompter(input=io.StringIO("\n"), output=io.StringIO()), FakeTerminal(), state, step, "nl",
                            allow_back=True) == dt.date.today().isoformat()
    assert prompts.ask_step(PlainPrompter(input=io.StringIO("-\n"), output=io.StringIO()), FakeTerminal(), state, step, "nl",
                            allow_back=True) is None
