"""Every question kind keeps one contract (`klantprofiel.kinds`): read, stored, CSV, shown, unknown, asked.

The tests run over the registry, so a new kind is held to all of it as soon as it is named there
and the every-kind set asks it.
"""

from __future__ import annotations

import io
import random

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from klantprofiel import kinds
from klantprofiel.answers import check_answers
from klantprofiel.cli import prompts
from klantprofiel.cli.plain_prompts import PlainPrompter
from klantprofiel.cli.terminal import Terminal
from klantprofiel.i18n import rendered, t
from klantprofiel.interview import Interview, InterviewState
from klantprofiel.io.schemas import questionset_schema
from klantprofiel.profile.derive import derive
from klantprofiel.questionset.load import load

from helpers import DOWN, ENTER, EVERY_KIND, UP, failed_cleanly

SET = load(EVERY_KIND)
QUESTIONS = [q.id for q in SET.questions]
SPACE = " "


class FakeTerminal(Terminal):
    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.out = self.err = Console(file=self.buffer, width=120, emoji=False, highlight=False)


def question(qid: str):
    return next(q for q in SET.questions if q.id == qid)


def test_the_every_kind_set_asks_every_kind_of_the_registry():
    assert sorted(q.kind for q in SET.questions) == sorted(kinds.NAMES)


def test_the_registry_finds_each_kind_in_its_module_and_lists_them_in_the_order_they_came():
    assert [k.listed for k in kinds.KINDS.values()] == sorted(k.listed for k in kinds.KINDS.values())
    assert len({k.listed for k in kinds.KINDS.values()}) == len(kinds.KINDS)
    assert all(kinds.of(q) is kinds.KINDS[q.kind] for q in SET.questions)


def test_a_kinds_own_words_are_in_both_languages_and_keys_of_their_own():
    """`Kind.texts` join the catalogue (`i18n.add_words`): the rules of messages.py hold for them too."""
    from klantprofiel.i18n import WORDS, catalogue
    from klantprofiel.messages import MESSAGES
    seen: set[str] = set()
    for kind in kinds.KINDS.values():
        assert not set(kind.texts) & (set(WORDS) | set(MESSAGES) | seen), kind.name
        seen |= set(kind.texts)
        for key, (nl, en) in kind.texts.items():
            assert nl.strip() and en.strip() and catalogue(key) == (nl, en), key
        noun = getattr(kind, "noun", None)  # only a kind whose conditions are "unknown" alone names one
        assert catalogue(kind.word) is not None and (noun is None or catalogue(noun) is not None), kind.name


def test_the_schema_lists_the_kinds_and_validate_names_them_for_a_kind_that_is_none(english, run, tmp_path):
    assert questionset_schema()["$defs"]["Question"]["properties"]["kind"]["enum"] == list(kinds.NAMES)
    path = tmp_path / "every_kind.toml"
    path.write_text(EVERY_KIND.read_text(encoding="utf-8").replace('kind = "text"', 'kind = "number"'), encoding="utf-8")
    err = failed_cleanly(run("questions", "validate", str(path)), 1)
    assert "question 'remark', field 'kind'" in err
    assert all(f"'{name}'" in err for name in kinds.NAMES)


@pytest.mark.parametrize("qid", QUESTIONS)
def test_an_answer_reads_back_from_its_csv_cell_and_is_shown_in_both_languages(qid):
    q, kind = question(qid), kinds.of(question(qid))
    rnd, seen = random.Random(7), 0
    for _ in range(30):
        value = kind.answer(q, kind.sample(q, rnd, lambda: "Belt liever dan dat hij mailt."))
        if value is None:
            continue
        seen += 1
        assert kind.answer(q, kind.csv(value)) == value
        for lang in ("nl", "en"):
            assert kind.shown(q, value, lang).strip() and "None" not in kind.shown(q, value, lang)
            assert all(line.strip() for line in kind.says(q, value, lang))
    assert seen


@pytest.mark.parametrize("raw", [None, "unknown", "", "   "])
def test_unknown_means_the_same_for_every_kind(raw):
    answers, problems = check_answers(SET, {qid: raw for qid in QUESTIONS})
    assert problems == []
    assert answers.values == dict.fromkeys(QUESTIONS)


def test_every_kind_refuses_a_wrong_answer_naming_what_it_takes():
    wrong = {"mode": "maybe", "channels": ["fax"], "uptake": 9, "remark": 42, "contract_end": "31-2-2026"}
    _, problems = check_answers(SET, wrong)
    said = {p.field: rendered(p.message, "en") for p in problems}
    assert set(said) == set(wrong)
    assert "allowed: listen, think_along, unknown" in said["mode"]
    assert "allowed: email, post, phone, unknown" in said["channels"]
    assert said["uptake"] == "must be a whole number from 1 to 5, or 'unknown'"
    assert said["remark"] == "must be text"
    assert said["contract_end"].startswith("must be a date such as 2026-12-01")


ANSWERED = {"mode": "listen", "channels": ["email", "phone"], "uptake": 4, "remark": "Belt liever", "contract_end": "2026-12-01"}


def test_the_interview_asks_every_kind_with_arrow_keys():
    state, term = InterviewState(SET, "Jan"), FakeTerminal()
    typed = ["1" + ENTER,                        # mode: listen
             SPACE + DOWN * 2 + SPACE + ENTER,   # channels: email and phone
             UP * 2 + ENTER,                     # uptake: 4, up from "weet ik nog niet"
             "Belt liever" + ENTER,              # remark
             "1-12-2026" + ENTER,                # contract_end, in a Dutch form
             ENTER]                              # save
    with create_pipe_input() as pipe:
        pipe.send_text("".join(typed))
        assert prompts.run(prompts.Prompter(input=pipe, output=DummyOutput()), term, Interview(state), "nl") is True
    assert state.answers().values == ANSWERED
    shown = term.buffer.getvalue()
    assert "gelezen als dinsdag 1 december 2026" in shown
    assert "Contract loopt af" in shown and "4 (twee woorden 1 … 5 alles)" in shown


def test_the_plain_interview_asks_every_kind_as_typed_lines():
    state, out = InterviewState(SET, "Jan"), io.StringIO()
    typed = "1\n1, 3\n4\nBelt liever\n31-2-2026\n1 december 2026\n1\n"
    prompter = PlainPrompter(input=io.StringIO(typed), output=out)
    assert prompts.run(prompter, FakeTerminal(), Interview(state), "en") is True
    assert state.answers().values == ANSWERED
    assert "Antwoord" not in out.getvalue() and "I cannot read that date" in out.getvalue()


def test_the_profile_says_every_kind_of_answer():
    profile = derive(SET, ANSWERED, "en")
    lines = [line.text for section in profile.sections for line in section.lines]
    assert lines == ["He listens.", "E-mail", "Phone", "Explanation: 4 (two words 1 … 5 everything)", "Stood out: Belt liever",
                     "Contract ends: Tuesday 1 December 2026"]


@pytest.mark.parametrize("name", kinds.NAMES)
def test_every_kind_is_named_in_the_runs_language_in_a_listing(name, run):
    """`questions list` and `questions show` name a question's kind in the run's language, with the
    set file's own word beside it in Dutch (what a trainer writes in the file)."""
    q = next(q for q in SET.questions if q.kind == name)
    dutch, english = run("questions", "list", "--set", str(EVERY_KIND)).output, run("questions", "list", "--set", str(EVERY_KIND), "--lang", "en").output
    said = t(kinds.KINDS[name].word, "nl")
    assert said != name and f"({name})" in said
    row = next(line for line in dutch.splitlines() if line.startswith(q.id))
    assert said in row
    assert f" {name} " in next(line for line in english.splitlines() if line.startswith(q.id))
    assert said in run("questions", "show", q.id, "--set", str(EVERY_KIND)).output
