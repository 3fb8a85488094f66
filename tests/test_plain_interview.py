"""The plain interview: one line per question, answers typed as numbers, for screen readers and dumb terminals.

Driven through a real pseudo-terminal as a screen-reader user would type; every byte the program
writes is kept, and none may be an escape sequence.
"""

from __future__ import annotations

import io
import os
import sys

import pexpect
import pytest

from klantprofiel.cli import prompts
from klantprofiel.cli.plain_prompts import PlainPrompter
from klantprofiel.store import Store

from helpers import CTRL_C, MINI

HELP = "Kijk of hij zelf vragen stelt, of liever luistert."


@pytest.fixture
def help_set(tmp_path):
    """The mini set with a help text on its first question."""
    text = MINI.read_text(encoding="utf-8").replace(
        'text = { nl = "Luisteren of meedenken?", en = "Listen or think along?" }',
        f'text = {{ nl = "Luisteren of meedenken?", en = "Listen or think along?" }}\nhelp = {{ nl = "{HELP}", en = "Look." }}', 1)
    path = tmp_path / "sets" / "mini.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return str(path)


def plain(spawn, *args: str, **environ: str | None) -> tuple[pexpect.spawn, io.StringIO]:
    """A plain interview in a pty (TERM=dumb unless told otherwise); returns the child and all it wrote."""
    child = spawn("interview", *args, **{"TERM": "dumb", **environ})
    seen = io.StringIO()
    child.logfile_read = seen
    return child, seen


def reply(child: pexpect.spawn, prompt: str, line: str) -> None:
    child.expect(prompt)
    child.sendline(line)


def test_a_whole_interview_typed_as_numbers(spawn, help_set):
    child, seen = plain(spawn, "Jan", "--set", help_set)
    reply(child, r"1/6 Notities\?", "eerste gesprek")
    reply(child, r"\? = uitleg\): ", "?")                    # mode: the help, then the question again
    child.expect(HELP)
    reply(child, r"uitleg\): ", "3")                         # not a choice: said so, asked again
    child.expect(r"'3' staat niet in de lijst\. Typ een van: 1, 2\.")
    reply(child, r"uitleg\): ", "1")                         # mode: listen
    child.expect("Antwoord: Luisteren")
    reply(child, r"3/6 Advies · Zwakte of wijsheid\?", "<")  # back to mode
    child.expect(r"2/6 Leren · Luisteren of meedenken\?")
    reply(child, r"Enter = Luisteren", "2")                  # Enter would keep listen; 2 = think along
    reply(child, r"3/6", "1")                                # meaning: weakness
    reply(child, r"4/6", "5")                                # uptake: the scale's own number
    reply(child, r"5/6", "1")                                # advisors: yes, so 6/7 follows
    reply(child, r"6/7 Advies · Wat voor adviseurs\?", "2, 1")
    child.expect("Antwoord: Deskundigen, Coaches")
    reply(child, r"7/7", "")                                 # knows: Enter = don't know yet
    child.expect("Samenvatting")
    reply(child, r"Wat wil je doen\?", "1")
    child.expect("Opgeslagen als interview 1 van Jan")
    child.expect("## Doen")                                  # the profile, in lines read top to bottom
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b" not in seen.getvalue()
    assert not set("╭│─╰") & set(seen.getvalue())            # no boxes, no columns side by side
    assert "\n? " not in seen.getvalue() and "\nWat wil je doen?" in seen.getvalue()  # no '?' a screen reader reads out
    answers = spawn.show("Jan")["answers"]
    assert answers == {"mode": "think", "meaning": "weakness", "uptake": 5, "advisors": "yes",
                       "advisors_kind": ["experts", "coaches"], "knows": None}


@pytest.mark.parametrize("stop", [CTRL_C, "\x04"], ids=["ctrl-c", "eof"])
def test_ctrl_c_and_end_of_input_keep_the_draft_and_exit_130(spawn, db, stop):
    child, seen = plain(spawn, "Jan", "--set", str(MINI))
    reply(child, r"1/6", "")
    reply(child, r"2/6", "2")
    child.expect(r"3/6.*: ")
    child.send(stop)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "\x1b" not in seen.getvalue() and "Traceback" not in seen.getvalue()
    assert Store(db).draft("Jan", "mini")["values"] == {"mode": "think"}
    said = " ".join(seen.getvalue().split("bewaard als concept.")[1].split())  # the hint, however the terminal folded it
    assert said == f"Verder met: klantprofiel interview Jan --set {MINI} --resume"  # the set it was stopped in, not the default

    child, seen = plain(spawn, "Jan", "--set", str(MINI), "--resume")
    child.expect(r"3/6")                                     # that draft, on from where it stopped
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


@pytest.mark.parametrize("how", [{"TERM": "dumb"}, {"TERM": None}, {"TERM": "unknown"}, {"KLANTPROFIEL_PLAIN": "1"}, {"flag": "--plain"}],
                         ids=["dumb", "no TERM", "unknown", "KLANTPROFIEL_PLAIN", "--plain"])
def test_the_plain_interview_is_chosen_by_flag_environment_or_terminal(spawn, how):
    flag = [how.pop("flag")] if "flag" in how else []
    child, seen = plain(spawn, "Jan", "--set", str(MINI), *flag, **{"TERM": "xterm-256color", **how})
    child.expect(r"1/6 Notities\?\r\nTyp je antwoord \(Enter = weet ik nog niet\): ")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "\x1b" not in seen.getvalue()


def ask(typed: str, action):
    """Run `action(prompter)` with `typed` as the lines read; returns its result and what was written."""
    out = io.StringIO()
    result = action(PlainPrompter(input=io.StringIO(typed), output=out))
    return result, out.getvalue()


OPTIONS = prompts.numbered([("Deskundigen", "experts"), ("Coaches", "coaches"), ("Collega's", "colleagues")])


@pytest.mark.parametrize("typed", [" 7", "+2", "1_0", "\u0663", "2.0", "twee", "0", "4"])
def test_only_a_listed_number_in_ascii_digits_picks_a_choice(typed):
    result, shown = ask(typed + "\n2\n", lambda p: p.select("Wie?", OPTIONS, unknown=True))
    assert result == "coaches"
    assert shown.count("Typ een van: 1, 2, 3.") == 1


@pytest.mark.parametrize(("typed", "picked"), [
    ("1,3", ["experts", "colleagues"]), ("3, 1", ["experts", "colleagues"]), ("2 2", ["coaches"]),
    ("", prompts.DONT_KNOW), ("-", prompts.DONT_KNOW), ("<", prompts.BACK),
])
def test_a_multi_choice_takes_numbers_separated_by_commas(typed, picked):
    result, _ = ask(typed + "\n", lambda p: p.checkbox("Wie?", OPTIONS, qmark="6/7", checked=[], back=True))
    assert result == picked


def test_a_wrong_number_in_a_multi_choice_picks_nothing_and_asks_again():
    result, shown = ask("1,9\n1\n", lambda p: p.checkbox("Wie?", OPTIONS, qmark="6/7", checked=[]))
    assert result == ["experts"]
    assert "'9' staat niet in de lijst." in shown


def test_enter_keeps_the_answer_given_before_and_a_dash_is_dont_know_yet():
    """Where a question was answered before (going back to it), Enter keeps that answer."""
    assert ask("\n", lambda p: p.select("Wie?", OPTIONS, default="coaches", unknown=True))[0] == "coaches"
    assert ask("-\n", lambda p: p.select("Wie?", OPTIONS, default="coaches", unknown=True))[0] == prompts.DONT_KNOW
    assert ask("\n", lambda p: p.checkbox("Wie?", OPTIONS, qmark="?", checked=["coaches"]))[0] == ["coaches"]
    assert ask("\n", lambda p: p.text("Datum?", default="2026-12-01", unknown=True))[0] == "2026-12-01"
    assert ask("-\n", lambda p: p.text("Datum?", default="2026-12-01", unknown=True))[0] == ""


def test_a_list_without_dont_know_yet_waits_for_a_number():
    result, shown = ask("\n1\n", lambda p: p.select("Wat wil je doen?", OPTIONS))
    assert result == "experts"
    assert "Typ een van: 1, 2, 3." in shown and "Enter" not in shown


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_enter_at_the_last_menu_saves_as_on_the_arrow_key_menu(lang):
    """The menu after the summary has Enter = save (the arrow-key menu's cursor starts on save);
    "-" is no answer there, as the menu has no "don't know yet"."""
    result, shown = ask("\n", lambda p: prompts.what_next(p, lang))
    assert result == "save"
    assert ("Enter = Opslaan" if lang == "nl" else "Enter = Save") in shown and "- =" not in shown
    assert ask("-\n2\n", lambda p: prompts.what_next(p, lang))[0] == "change"


def test_end_of_input_stops_as_ctrl_c_does():
    with pytest.raises(KeyboardInterrupt):
        ask("", lambda p: p.select("Wie?", OPTIONS, unknown=True))


def test_help_is_wrapped_between_words(monkeypatch):
    monkeypatch.setenv("COLUMNS", "30")
    long = "Weten is nog geen begrijpen: hij kan de termen kennen zonder te zien wat ze voor hem betekenen."
    _, shown = ask("?\n1\n", lambda p: p.select("Wie?", OPTIONS, help=long))
    lines = shown.split("uitleg): ")[1].split("Typ een nummer")[0].splitlines()  # the prompt's typed line is not echoed here
    assert " ".join(line.strip() for line in lines) == long
    assert all(len(line) <= 30 for line in lines)


@pytest.mark.parametrize(("encoding", "dot"), [("cp1252", "·"), ("ascii", "-")])
def test_the_plain_interview_speaks_through_a_console_without_utf8(tmp_path, encoding, dot):
    """A Windows console in cp1252 (or an ascii one): the questions are written in what it has, answers are read, no traceback."""
    env = {**os.environ, "KLANTPROFIEL_DB": str(tmp_path / "store.db"), "TERM": "dumb", "PYTHONIOENCODING": encoding}
    child = pexpect.spawn(sys.executable, ["-m", "klantprofiel", "interview", "Jan", "--set", str(MINI)], env=env, cwd=str(tmp_path),
                          encoding=encoding, codec_errors="strict", timeout=20, dimensions=(50, 120))
    seen = io.StringIO()
    child.logfile_read = seen
    reply(child, r"1/6 Notities\?", "eerste gesprek")
    reply(child, rf"2/6 Leren {dot} Luisteren of meedenken\?", "2")
    child.expect("Antwoord: Meedenken")
    child.expect(r"3/6.*: ")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in seen.getvalue() and "\x1b" not in seen.getvalue()
    assert Store(tmp_path / "store.db").draft("Jan", "mini")["values"] == {"mode": "think"}
