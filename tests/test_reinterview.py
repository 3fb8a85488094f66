"""A second meeting starts from what we know: every prompt offers the last answer (Enter keeps it),
the summary marks what changed, and an interview that changes nothing is not stored again.

Held in a real terminal (pexpect), through prompt_toolkit's pipe input, in the plain interview, and
without a terminal (`--answers FILE --from-last`)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shlex
from pathlib import Path

import pexpect
import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from klantprofiel.cli import prompts
from klantprofiel.cli.plain_prompts import PlainPrompter
from klantprofiel.interview import InterviewState, Session, Start
from klantprofiel.store import Store

from helpers import ENTER, failed_cleanly

FIRST = {"organisation": "Bakkerij Ans", "salesperson": "Piet", "meeting_date": "2026-11-02", "context": "kennismaking",
         "preferences": "Belt liever dan te mailen", "learning_mode": "think_along", "learning_doing": "show_him",
         "advice_meaning": "wisdom", "advice_uptake": 4, "other_advisors": "yes", "advisors_kind": ["experts"],
         "advice_experience": "valued"}
"""Ans's first interview: some answers known, the rest still unknown."""
STEP = re.compile(r"(?<!\d)(\d+)/(\d+)")


@pytest.fixture
def ans(interviewed, run):
    interviewed("Ans de Wit", FIRST)
    return lambda: json.loads(run("history", "Ans de Wit", "--json").stdout)


def _steps(child: pexpect.spawn, keys=lambda n, text: ENTER) -> tuple[list[str], str]:
    """Answer every step with `keys(step number, what the screen showed)` until the summary's menu;
    returns the screen text of each step, and the summary."""
    shown: list[str] = []
    at = 0
    while child.expect([STEP, "Wat wil je doen"]) == 0:
        n = int(child.match.group(1))
        child.expect([r"\(pijltjes", r"\(Spatie", r"\(Enter", r"\n"])  # the rest of the prompt line
        if n == at:
            continue  # the same prompt drawn again
        at = n
        shown.append(child.before)
        child.send(keys(n, child.before))
    return shown, child.before.rsplit("Samenvatting", 1)[-1]


def _ended(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_enter_through_every_prompt_of_a_second_interview_keeps_everything_and_stores_nothing(spawn, ans):
    child = spawn("interview", "Ans de Wit")
    child.expect(r"Ans de Wit is eerder gesproken \(interview 1, 2026-11-02\)")
    shown, summary = _steps(child)
    assert len(shown) == 24  # every prompt of the set (6 who/when, 18 questions with advisors: yes)
    assert "Niets veranderd sinds interview 1 (2026-11-02)." in summary and "was:" not in summary
    child.send(ENTER)  # save
    child.expect(r"Niets veranderd sinds interview 1 van Ans de Wit \(2026-11-02\): niet opnieuw opgeslagen\.")
    assert _ended(child) == 0
    [only] = ans()
    assert only["id"] == 1
    kept = spawn.show("Ans de Wit")
    assert {k: v for k, v in kept["answers"].items() if v is not None} == {k: v for k, v in FIRST.items() if k in kept["answers"]}


def test_the_prompts_show_the_last_answers(spawn, ans):
    child = spawn("interview", "Ans de Wit")
    seen = io.StringIO()
    child.logfile_read = seen
    _steps(child)
    child.send(ENTER)
    assert _ended(child) == 0
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.getvalue())
    for shown in ("Bakkerij Ans", "Piet", dt.date.today().isoformat(), "Belt liever dan te mailen"):
        assert shown in screen  # who/when and text answers are typed in already, the date is today's
    assert re.search(r"» *2\) Denkt liever mee", screen), screen[-3000:]  # the cursor starts at the last choice


def test_changing_one_answer_stores_a_new_interview_and_the_summary_marks_it(spawn, ans, run):
    child = spawn("interview", "Ans de Wit")
    seen = io.StringIO()
    child.logfile_read = seen

    def keys(n: int, text: str) -> str:
        return "1" + ENTER if "Wil hij liever luisteren" in text else ENTER  # learning_mode: think along -> listen

    _, summary = _steps(child, keys)
    assert "1 anders dan in interview 1 (2026-11-02)." in summary
    summary = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", summary)
    assert re.search(r"\* Luistert liever\s+\(was: Denkt liever mee\)", summary), summary
    assert summary.count("was:") == 1
    child.send(ENTER)
    child.expect("Opgeslagen als interview 2 van Ans de Wit")
    assert _ended(child) == 0
    assert [i["id"] for i in ans()] == [1, 2]
    second = spawn.show("Ans de Wit")
    assert second["answers"]["learning_mode"] == "listen"
    assert second["answers"]["advice_meaning"] == "wisdom" and second["customer"]["organisation"] == "Bakkerij Ans"
    assert second["interview"]["salesperson"] == "Piet" and second["interview"]["meeting_date"] == dt.date.today().isoformat()
    diff = run("diff", "Ans de Wit")
    assert diff.exit_code == 0 and "Denkt liever mee → Luistert liever" in diff.stdout, diff.stdout


def test_only_unknown_asks_only_the_unknown_questions_and_the_date_and_context(spawn, ans):
    child = spawn("interview", "Ans de Wit", "--only-unknown")
    shown, summary = _steps(child)
    assert "Niets veranderd" in summary
    child.send(ENTER)
    assert _ended(child) == 0
    asked = " ".join(shown)
    assert "Datum" in asked or "datum" in asked.lower()
    for known in ("Luisteren of meedenken", "Belt liever", "Bakkerij Ans"):
        assert known not in asked
    known = [k for k in FIRST if k not in ("organisation", "salesperson", "meeting_date", "context")]
    assert len(shown) == 2 + 18 - len(known), shown  # date, context, and of 18 questions (advisors: yes) the unknown ones


def test_fresh_starts_blank_and_enter_through_it_is_all_unknown(spawn, ans):
    child = spawn("interview", "Ans de Wit", "--fresh")
    shown, _ = _steps(child)
    assert not any("Bakkerij Ans" in s for s in shown)
    child.send(ENTER)
    child.expect("Opgeslagen als interview 2")
    assert _ended(child) == 0
    second = spawn.show("Ans de Wit")
    assert all(v is None for v in second["answers"].values())


def test_fresh_and_only_unknown_do_not_go_together(run, ans):
    assert "--fresh en --only-unknown" in failed_cleanly(run("interview", "Ans de Wit", "--fresh", "--only-unknown"), 2)


# --- without a terminal: --answers FILE --from-last ----------------------------------------------------------------

def test_from_last_keeps_what_the_file_leaves_out(run, ans):
    result = run("interview", "Ans de Wit", "--answers", "-", "--from-last", input=json.dumps({"learning_mode": "listen"}))
    assert result.exit_code == 0, result.stderr
    assert "Opgeslagen als interview 2 van Ans de Wit" in result.stderr
    second = json.loads(run("show", "Ans de Wit", "-f", "json").stdout)[0]
    assert second["answers"]["learning_mode"] == "listen"
    assert second["answers"]["advice_meaning"] == "wisdom" and second["answers"]["advisors_kind"] == ["experts"]
    assert second["customer"]["organisation"] == "Bakkerij Ans" and second["interview"]["salesperson"] == "Piet"
    assert second["interview"]["context"] is None  # the meeting's own words are not copied


def test_without_from_last_a_left_out_question_stays_unknown(run, ans):
    result = run("interview", "Ans de Wit", "--answers", "-", input=json.dumps({"learning_mode": "listen"}))
    assert result.exit_code == 0, result.stderr
    second = json.loads(run("show", "Ans de Wit", "-f", "json").stdout)[0]
    assert second["answers"]["learning_mode"] == "listen" and second["answers"]["advice_meaning"] is None


def test_from_last_with_nothing_new_stores_nothing(run, ans):
    result = run("interview", "Ans de Wit", "--answers", "-", "--from-last", input=json.dumps({"advice_meaning": "wisdom"}))
    assert result.exit_code == 0, result.stderr
    assert "Niets veranderd sinds interview 1 van Ans de Wit (2026-11-02): niet opnieuw opgeslagen." in result.stderr
    assert len(ans()) == 1


def test_from_last_drops_an_answer_the_new_one_no_longer_asks(run, ans):
    result = run("interview", "Ans de Wit", "--answers", "-", "--from-last", input=json.dumps({"other_advisors": "no"}))
    assert result.exit_code == 0, result.stderr
    second = json.loads(run("show", "Ans de Wit", "-f", "json").stdout)[0]
    assert second["answers"]["other_advisors"] == "no" and second["answers"]["advisors_kind"] is None


def test_from_last_of_a_new_customer_is_a_first_interview(run):
    result = run("interview", "Nieuw", "--answers", "-", "--from-last", input=json.dumps({"learning_mode": "listen"}))
    assert result.exit_code == 0 and "Opgeslagen als interview 1 van Nieuw" in result.stderr


@pytest.mark.parametrize(("args", "says"), [(["--from-last"], "--from-last hoort bij --answers"),
                                            (["--answers", "-", "--only-unknown"], "--only-unknown is voor het interview in de terminal")])
def test_options_that_do_not_fit_are_refused(run, ans, args, says):
    assert says in failed_cleanly(run("interview", "Ans de Wit", *args, input="{}"), 2)


# --- the flow and the prompts, without a terminal ----------------------------------------------------------------

def _mini_customer(db, mini, values):
    store = Store(db)
    session = Session.open(store, mini, "Jan")
    interview = session.begin()
    while (step := interview.next_step()) is not None:
        interview.answer(step, values.get(step.id))
    session.finish(interview)
    return store


LAST = {"notes": "eerste", "mode": "think", "meaning": "weakness", "uptake": 5, "advisors": "yes", "advisors_kind": ["experts"], "knows": None}


def _keys(typed: list[str], action):
    with create_pipe_input() as pipe:
        pipe.send_text("".join(typed))
        return action(prompts.Prompter(input=pipe, output=DummyOutput()))


class _Quiet(prompts.Terminal):
    def __init__(self) -> None:
        from rich.console import Console
        self.buffer = io.StringIO()
        self.out = self.err = Console(file=self.buffer, width=120, emoji=False, highlight=False)


def test_enter_on_every_pipe_prompt_keeps_the_last_answers(db, mini):
    store = _mini_customer(db, mini, LAST)
    session = Session.open(store, mini, "jan")
    interview = session.begin()
    assert interview.state.values == {k: v for k, v in LAST.items() if k != "notes" and v is not None}
    term = _Quiet()
    assert _keys([ENTER] * 8, lambda p: prompts.run(p, term, interview, "nl")) is True
    assert interview.answers().values == {k: v for k, v in LAST.items() if k != "notes"}
    assert interview.unchanged() and "Niets veranderd sinds interview 1" in term.buffer.getvalue()
    assert session.finish(interview) is None
    assert len(store.history("Jan")) == 1


def test_a_changed_pipe_answer_is_marked_with_what_it_was(db, mini):
    store = _mini_customer(db, mini, LAST)
    interview = Session.open(store, mini, "jan").begin()
    term = _Quiet()
    # notes, mode (think -> up to listen), meaning, uptake, advisors, advisors_kind, knows, save
    _keys([ENTER, "1" + ENTER, ENTER, ENTER, ENTER, ENTER, ENTER, ENTER], lambda p: prompts.run(p, term, interview, "nl"))
    assert interview.changes() == ["mode"]
    summary = term.buffer.getvalue()
    assert re.search(r"\* Luisteren\s+\(was: Meedenken\)", summary), summary
    assert "1 anders dan in interview 1" in summary


def test_only_unknown_and_fresh_in_the_flow(db, mini):
    store = _mini_customer(db, mini, {**LAST, "meaning": None})
    session = Session.open(store, mini, "jan")
    asked = [s.id for s in session.begin(Start.ONLY_UNKNOWN).steps() if s.id not in session.begin(Start.ONLY_UNKNOWN).state.done]
    assert asked == ["meaning", "knows"]  # the mini set has no date or context
    fresh = session.begin(Start.FRESH)
    assert fresh.state.values == {} and fresh.last is not None


def test_a_first_interview_has_no_last_and_is_always_stored(db, mini):
    session = Session.open(Store(db), mini, "Nieuw")
    interview = session.begin()
    assert interview.last is None and not interview.unchanged()
    for step in interview.steps():
        interview.answer(step, None)
    assert session.finish(interview) == 1


def test_the_plain_interview_offers_the_last_answers(db, mini):
    store = _mini_customer(db, mini, LAST)
    interview = Session.open(store, mini, "jan").begin()
    out = io.StringIO()
    p = PlainPrompter(input=io.StringIO("\n" * 7 + "1\n"), output=out)  # Enter on each of the 7 steps, then 1: save
    assert prompts.run(p, _Quiet(), interview, "nl") is True
    shown = out.getvalue()
    assert "Enter = Meedenken, - = weet ik nog niet" in shown and "Enter = Deskundigen" in shown
    assert interview.unchanged()


def test_a_resumed_re_interview_still_knows_what_it_was(db, mini):
    store = _mini_customer(db, mini, LAST)
    session = Session.open(store, mini, "jan")
    interview = session.begin()
    interview.answer(interview.next_step(), "tweede")  # notes, kept as the draft
    resumed = Session.open(store, mini, "jan").resume()
    assert resumed.last is not None and resumed.state.values["mode"] == "think"
    assert isinstance(resumed.state, InterviewState) and resumed.changes() == ["notes"]



# --- the README's second meeting ---------------------------------------------------------------------------------

README = Path(__file__).parents[1] / "README.md"


def _readme_part(start: str) -> str:
    text = README.read_text(encoding="utf-8").split("### The next meeting", 1)[1]
    return text.split(start, 1)[1].split("```", 1)[0]


def _readme_answers() -> list[tuple[str, list[str]]]:
    """The README's `echo '{…}' | klantprofiel interview …` commands: (the JSON, the arguments)."""
    commands = _readme_part("```sh\necho").replace("\\\n  |", "|")
    found = re.findall(r"^(?:echo )?'(\{.*\})'\s*\|\s*klantprofiel (.*)$", "echo" + commands, re.M)
    return [(answers, shlex.split(args)) for answers, args in found]


def test_the_readme_second_meeting_is_what_diff_shows(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "110")
    meetings = _readme_answers()
    assert [args[-1] for _, args in meetings] == ["-", "--from-last"]
    for answers, args in meetings:
        assert run(*args, input=answers).exit_code == 0
    shown = _readme_part("```text\n Piet Jansen · Kennismaking")
    out = run("diff", "Piet Jansen").stdout
    assert [line.rstrip() for line in out.splitlines()] == (" Piet Jansen · Kennismaking" + shown).rstrip("\n").splitlines()


def test_the_readme_summary_is_what_a_re_interview_shows(db, run):
    answers, args = _readme_answers()[0]
    assert run(*args, input=answers).exit_code == 0
    from klantprofiel.questionset.load import load
    interview = Session.open(Store(db), load("kennismaking"), "Piet Jansen").begin()
    term = _Quiet()
    typed = [ENTER] * 7 + ["1" + ENTER] + [ENTER] * 15  # everything kept but learning_mode: listen; then save
    assert _keys(typed, lambda p: prompts.run(p, term, interview, "nl")) is True
    summary = [line.rstrip() for line in term.buffer.getvalue().splitlines()]
    readme = _readme_part("with what it was:\n\n```text\n").strip("\n").splitlines()
    assert readme and all(line in summary for line in readme), (readme, summary)


def test_stopping_an_only_unknown_interview_before_any_answer_keeps_no_draft(db, mini):
    store = _mini_customer(db, mini, LAST)
    session = Session.open(store, mini, "jan")
    interview = session.begin(Start.ONLY_UNKNOWN)
    assert session.stop(interview) is False and store.draft("jan", mini.id) is None
    interview.answer(interview.next_step(), "iets")
    assert session.stop(interview) is True and store.draft("jan", mini.id) is not None


def test_the_marks_and_the_notes_in_english(db, mini, run, ans):
    store = _mini_customer(db, mini, LAST)
    interview = Session.open(store, mini, "jan").begin()
    term = _Quiet()
    _keys([ENTER, "1" + ENTER] + [ENTER] * 6, lambda p: prompts.run(p, term, interview, "en"))
    summary = term.buffer.getvalue()
    assert re.search(r"\* Listen\s+\(was: Think along\)", summary) and "1 changed since interview 2 (" in summary  # Ans is 1
    result = run("interview", "Ans de Wit", "--answers", "-", "--from-last", "--lang", "en", input="{}")
    assert "Nothing changed since interview 1 of Ans de Wit (2026-11-02): not stored again." in result.stderr
