"""The interview driven through prompt_toolkit's pipe input: keys typed, answers stored.

Keys are sent before the prompts run; prompt_toolkit keeps typed-ahead keys for the next prompt.
"""

from __future__ import annotations

import io
import re

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from klantprofiel.cli import prompts
from klantprofiel.cli.terminal import Terminal
from klantprofiel.errors import InterviewInterrupted
from klantprofiel.interview import Interview, InterviewState
from klantprofiel.store import Store

DOWN, UP, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\r", " ", "\x03"


class FakeTerminal(Terminal):
    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.out = Console(file=self.buffer, width=120, emoji=False, highlight=False)
        self.err = self.out


@pytest.fixture
def keys():
    """Run an interview step function with the given keystrokes; returns what it returned."""

    def drive(typed: list[str], action):
        with create_pipe_input() as pipe:
            pipe.send_text("".join(typed))
            return action(prompts.Prompter(input=pipe, output=DummyOutput()))

    return drive


# mini.toml asks: notes (meta), mode, meaning, uptake, advisors, [advisors_kind if yes], knows
# a choice is picked by its number (Enter alone is "weet ik nog niet" in a first interview)
ALL_THE_WAY = [
    "eerste gesprek" + ENTER,      # notes
    "2" + ENTER,                   # mode: think
    "1" + ENTER,                   # meaning: weakness
    "5" + ENTER,                   # uptake: 5
    UP * 2 + ENTER,                # advisors: from "weet ik nog niet" up to yes
    SPACE + ENTER,                 # advisors_kind: experts
    ENTER,                         # knows: skipped = unknown
]


def test_arrow_keys_and_enter_answer_every_question_then_save(keys, mini, db):
    store = Store(db)
    state = InterviewState(mini, "Jan")
    term = FakeTerminal()
    saved = keys(ALL_THE_WAY + [ENTER], lambda p: prompts.run(p, term, Interview(state), "nl"))
    assert saved is True
    answers = state.answers()
    assert answers.values == {"mode": "think", "meaning": "weakness", "uptake": 5, "advisors": "yes",
                              "advisors_kind": ["experts"], "knows": None}
    assert answers.meta == {"notes": "eerste gesprek", "customer": "Jan"}
    summary = term.buffer.getvalue()
    assert "Samenvatting" in summary and "Meedenken" in summary and "weet ik nog niet" in summary
    store.save_interview(mini, answers)
    assert store.latest("jan").answers["uptake"] == 5


def test_enter_through_a_first_interview_is_dont_know_yet_on_every_question(keys, mini):
    """Enter on a list never records its first option as if it were known: the cursor starts at
    "weet ik nog niet" (a defect the earlier tests pinned by pressing Enter to pick option 1)."""
    state = InterviewState(mini, "Jan")
    typed = [ENTER] * 7            # notes, mode, meaning, uptake, advisors, knows, save
    keys(typed, lambda p: prompts.run(p, FakeTerminal(), Interview(state), "nl"))
    assert state.answers().values == {"mode": None, "meaning": None, "uptake": None, "advisors": None,
                                      "advisors_kind": None, "knows": None}


def test_previous_question_goes_back(keys, mini):
    state = InterviewState(mini, "Jan")
    typed = [ENTER,                 # notes: none
             "1" + ENTER,           # mode: listen
             DOWN + ENTER,          # meaning: from "weet ik nog niet" down to « previous question
             DOWN + ENTER,          # mode again: from listen down to think
             "2" + ENTER,           # meaning: wisdom
             ENTER, "2" + ENTER, ENTER, ENTER]
    keys(typed, lambda p: prompts.run(p, FakeTerminal(), Interview(state), "nl"))
    assert state.values["mode"] == "think" and state.values["meaning"] == "wisdom"


def test_ctrl_c_keeps_the_answers_and_resume_goes_on(keys, mini, db):
    store = Store(db)
    drafts = []

    def save(s):
        store.save_draft("Jan", mini.id, s.to_json())
        drafts.append(dict(s.values))

    state = InterviewState(mini, "Jan")
    with pytest.raises(InterviewInterrupted) as stopped:
        keys(ALL_THE_WAY[:3] + [CTRL_C], lambda p: prompts.run(p, FakeTerminal(), Interview(state, save), "nl"))
    assert stopped.value.state is state
    assert drafts[-1] == {"mode": "think", "meaning": "weakness"}  # saved after every answer

    resumed = InterviewState.from_json(mini, "Jan", store.draft("Jan", mini.id))
    assert resumed.next_step().id == "uptake"
    saved = keys(ALL_THE_WAY[3:] + [ENTER], lambda p: prompts.run(p, FakeTerminal(), Interview(resumed, save), "nl"))
    assert saved is True
    assert resumed.answers().values["uptake"] == 5
    assert resumed.answers().meta["notes"] == "eerste gesprek"


def test_change_an_answer_in_the_summary(keys, mini):
    state = InterviewState(mini, "Jan")
    change = [DOWN + ENTER,          # summary: change an answer…
              DOWN * 4 + ENTER,      # which: advisors (notes, mode, meaning, uptake, advisors)
              DOWN + ENTER,          # advisors: no -> advisors_kind no longer asked
              ENTER]                 # save
    keys(ALL_THE_WAY + change, lambda p: prompts.run(p, FakeTerminal(), Interview(state), "nl"))
    values = state.answers().values
    assert values["advisors"] == "no"
    assert values["advisors_kind"] is None


def test_stop_from_the_summary_keeps_a_draft(keys, mini):
    state = InterviewState(mini, "Jan")
    saved = keys(ALL_THE_WAY + [DOWN * 2 + ENTER], lambda p: prompts.run(p, FakeTerminal(), Interview(state), "nl"))
    assert saved is False


def test_english_prompts(keys, mini):
    state = InterviewState(mini, "Jan")
    term = FakeTerminal()
    keys(ALL_THE_WAY + [ENTER], lambda p: prompts.run(p, term, Interview(state), "en"))
    assert "Summary" in term.buffer.getvalue() and "Think along" in term.buffer.getvalue()


def test_name_is_asked_when_not_given(keys, mini):
    assert keys(["  Jan   de Vries " + ENTER], lambda p: prompts.ask_customer(p, mini, "nl")) == "Jan de Vries"


def test_a_found_draft_can_be_continued_or_dropped(keys):
    assert keys([ENTER], lambda p: prompts.ask_resume(p, "Jan", "nl")) is True
    assert keys([DOWN + ENTER], lambda p: prompts.ask_resume(p, "Jan", "nl")) is False


@pytest.mark.parametrize(("typed", "lang", "shown"), [
    (SPACE + DOWN + SPACE + ENTER, "nl", "Deskundigen, Coaches"),
    (ENTER, "nl", "weet ik nog niet"),
    (SPACE + ENTER, "en", "Experts"),
])
def test_a_ticked_answer_reads_back_in_the_interview_language_not_questionarys_done(mini, typed, lang, shown):
    """questionary ends a checkbox with "done (2 selections)"; the interview shows what was ticked."""
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=40, columns=200), term="xterm")
    q = next(q for q in mini.questions if q.kind == "multi")
    with create_pipe_input() as pipe:
        pipe.send_text(typed)
        p = prompts.Prompter(input=pipe, output=output)
        p.checkbox("Welke adviseurs?", prompts.numbered([(c.label(lang), c.id) for c in q.choices]), lang=lang, qmark="?", checked=[])
    shown_last = screen.getvalue().rsplit("Welke adviseurs?", 1)[1]
    assert shown in shown_last and "selections)" not in shown_last  # a frame drawn before the erase may hold it


def test_a_terminal_that_goes_away_mid_prompt_stops_like_ctrl_c(mini):
    """A closed window: writing the prompt fails (EIO). The interview stops as Ctrl-C stops it,
    with its state, so the draft is kept and the exit code is 130, not a traceback."""
    import errno

    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    class Gone(io.StringIO):
        def write(self, text):
            raise OSError(errno.EIO, "Input/output error")

    state = InterviewState(mini, "Jan")
    with create_pipe_input() as pipe:
        p = prompts.Prompter(input=pipe, output=Vt100_Output(Gone(), lambda: Size(rows=40, columns=120), term="xterm"))
        with pytest.raises(InterviewInterrupted) as stopped:
            prompts.run(p, FakeTerminal(), Interview(state), "nl")
    assert stopped.value.state is state


ESC, BACK_KEY = "\x1b", "<"
ADVISORS = prompts.numbered([("Deskundigen", "experts"), ("Coaches", "coaches")])


@pytest.mark.parametrize(("typed", "picked"), [("2" + ENTER, "meaning_2"), ("1" + ENTER, "meaning_1"), (DOWN + "1" + ENTER, "meaning_1")])
def test_a_number_key_picks_that_choice(keys, typed, picked):
    options = prompts.numbered([("Zwakte", "meaning_1"), ("Wijsheid", "meaning_2")])
    assert keys([typed], lambda p: p.select("Zwakte of wijsheid?", options, unknown=True, back=True)) == picked


def test_a_number_key_picks_a_scale_step_by_its_own_value(keys, mini):
    state = InterviewState(mini, "Jan")
    keys([ENTER, ENTER, ENTER, "4" + ENTER, "2" + ENTER, ENTER, ENTER],
         lambda p: prompts.run(p, FakeTerminal(), Interview(state), "nl"))
    assert state.values["uptake"] == 4


@pytest.mark.parametrize(("typed", "picked"), [
    ("1" + "2" + ENTER, ["experts", "coaches"]),
    ("2" + ENTER, ["coaches"]),
    ("1" + "1" + ENTER, prompts.DONT_KNOW),  # ticked and unticked again: nothing = don't know yet
])
def test_a_number_key_ticks_a_choice_in_a_multi_choice(keys, typed, picked):
    assert keys([typed], lambda p: p.checkbox("Wie?", ADVISORS, qmark="?", checked=[])) == picked


@pytest.mark.parametrize("typed", [BACK_KEY, DOWN * 3 + ENTER, DOWN * 3 + SPACE], ids=["<", "enter on back", "tick back"])
def test_a_multi_choice_has_a_way_back(keys, typed):
    assert keys([SPACE + typed], lambda p: p.checkbox("Wie?", ADVISORS, qmark="?", checked=[], back=True)) == prompts.BACK


def test_back_from_a_multi_choice_reopens_the_question_before_it(keys, mini):
    state = InterviewState(mini, "Jan")
    typed = [ENTER, ENTER, ENTER, ENTER,
             "1" + ENTER,           # advisors: yes
             BACK_KEY,              # advisors_kind: back
             DOWN + ENTER,          # advisors again: no, so advisors_kind is not asked
             ENTER, ENTER]          # knows, save
    keys(typed, lambda p: prompts.run(p, FakeTerminal(), Interview(state), "nl"))
    assert state.answers().values["advisors"] == "no"


@pytest.mark.parametrize("typed", [ESC + ENTER, ESC + ESC + ENTER, DOWN + ESC + ENTER])
def test_esc_never_ends_a_list_with_an_empty_answer(keys, typed):
    options = prompts.numbered([("Zwakte", "weakness"), ("Wijsheid", "wisdom")])
    picked = keys([typed], lambda p: p.select("Zwakte of wijsheid?", options, unknown=True, back=True))
    assert picked == ("wisdom" if typed.startswith(DOWN) else "weakness")
    assert keys([ESC + SPACE + ENTER], lambda p: p.checkbox("Wie?", ADVISORS, qmark="?", checked=[])) == ["experts"]


@pytest.mark.parametrize(("typed", "picked"), [
    (SPACE + DOWN * 2 + SPACE + ENTER, prompts.DONT_KNOW),          # experts, then don't know yet: only unknown
    (DOWN * 2 + SPACE + "1" + ENTER, ["experts"]),                # don't know yet, then experts: only experts
    (SPACE + DOWN * 2 + SPACE + "2" + ENTER, ["coaches"]),
    (DOWN * 2 + SPACE + "a" + ENTER, ["experts", "coaches"]),      # tick all: the choices, not unknown
])
def test_dont_know_yet_and_the_other_ticks_exclude_each_other(keys, typed, picked):
    assert keys([typed], lambda p: p.checkbox("Wie?", ADVISORS, qmark="?", checked=[])) == picked


def test_help_is_printed_above_the_question_wrapped_between_words():
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    long = "Weten is nog geen begrijpen: hij kan de termen kennen zonder te zien wat ze voor hem betekenen."
    screen = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(ENTER)
        p = prompts.Prompter(input=pipe, output=Vt100_Output(screen, lambda: Size(rows=40, columns=30), term="xterm"))
        p.select("Wie?", ADVISORS, help=long)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue()).split("Wie?")[0].rsplit("?", 1)[0]  # up to the qmark
    lines = [line for line in shown.replace("\r", "").splitlines() if line.strip()]
    assert " ".join(line.strip() for line in lines) == long
    assert all(len(line) <= 30 for line in lines)
