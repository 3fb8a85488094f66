""""Why we ask": every question of every shipped set says in a sentence what its answer changes,
in Dutch and English; `questions show` prints it and `questions validate --strict` wants it."""

from __future__ import annotations

import re

import pexpect
import pytest

from klantprofiel.questionset.load import available, load
from klantprofiel.questionset.model import LANGUAGES

from helpers import ENTER, answer, set_file

QUESTIONS = [(s, q.id) for s in available() for q in load(s).questions]


@pytest.mark.parametrize(("set_id", "qid"), QUESTIONS)
def test_every_question_says_briefly_why_we_ask(set_id, qid):
    q = next(q for q in load(set_id).questions if q.id == qid)
    assert q.why is not None
    for lang in LANGUAGES:
        assert 20 <= len(q.why(lang)) <= 120 and q.why(lang).endswith("."), q.why(lang)
    assert q.why("nl") != q.why("en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_questions_show_prints_why(run, lang):
    result = run("questions", "show", "wish_fits_need", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("why we ask" if lang == "en" else "waarom we het vragen"))
    expected = load().questions[-1].why(lang)
    assert " ".join(line.split()[3 if lang == "en" else 4:]).startswith(expected[:40])


def test_strict_wants_a_why_for_every_question(english, run, tmp_path):
    path = set_file(tmp_path, """
[[questions]]
id = "price"
topic = "price"
kind = "text"
text = { nl = "Wat vindt {hij} van de prijs?", en = "What does {he} think of the price?" }
discover = { nl = "Vraag het.", en = "Ask {him}." }
""")
    assert run("questions", "validate", str(path)).exit_code == 0
    result = run("questions", "validate", "--strict", str(path))
    assert result.exit_code == 1
    assert "line 10: question 'price', field 'why': no `why`: say in one sentence why we ask this (nl and en)" in result.stderr


def words(text: str) -> str:
    """A pattern for `text` as the help shows it: wrapped between words, at any width."""
    return r"\s+".join(map(re.escape, text.split()))


def past_who_and_when(child, enter: str) -> None:
    """Leave the six who/when steps as they are (organisation, pronoun, salesperson, date, context, notes)."""
    for step in range(1, 7):
        answer(child, step, enter)


def stopped(child) -> int:
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_the_plain_interview_says_why_we_ask_on_request(spawn):
    """`?` at a question shows its help and why we ask it; then it waits for the answer again."""
    child = spawn("interview", "Jan", "--plain")
    past_who_and_when(child, "\n")
    child.expect(r"7/\d+ Voorkeuren")
    child.expect(r"\? = uitleg\): ")
    child.sendline("?")
    child.expect(words("Waarom we dit vragen: Wie de voorkeuren kent, sluit aan bij hoe hij wil werken"))
    child.expect(r"\? = uitleg\): ")
    assert stopped(child) == 130


def test_the_interview_shows_why_we_ask_with_the_help(spawn):
    child = spawn("interview", "Jan", "--lang", "en")
    past_who_and_when(child, ENTER)
    child.expect(words("Why we ask: Knowing the preferences lets you fit in"))
    child.expect(r"7/\d+")
    assert stopped(child) == 130
