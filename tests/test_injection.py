"""Nothing injected: whatever a salesperson types or an import brings (Rich markup, emoji codes,
ANSI escape sequences, control characters, Markdown and HTML) is shown literally or neutralised in
every view: `show` (on screen, Markdown, JSON), `list`, the interview summary, the prompts, and
the messages on stderr. The data itself is kept exactly as given."""

from __future__ import annotations

import io
import json
import re

import pexpect
import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from klantprofiel.answers import customer_name
from klantprofiel.cli import prompts
from klantprofiel.cli.terminal import Terminal
from klantprofiel.interview import InterviewState
from klantprofiel.io.markdown import escape
from klantprofiel.printable import printable
from klantprofiel.store import Store

EVIL = {
    "markup": "[red]rood[/red] [/] [link=https://evil.example]klik[/link]",
    "emoji": "Blij :smile: :thumbs_up: :)",
    "ansi": "\x1b[2J\x1b[31mROOD\x1b[0m",
    "hyperlink": "\x1b]8;;https://evil.example\x1b\\klik\x1b]8;;\x1b\\",
    "control": "regel\roverschreven\x08\x07\x00 \x7f",
    "c1": "\x9b31mROOD \x9d0;titel\x9c",
    "bidi": "Jansen \u202eesrever\u202c \u2066x\u2069",
    "markdown": "# kop <script>x</script> [a](https://evil.example) ![i](x) *vet* `c` | cel |",
}
RAW_CONTROLS = ("\x1b", "\x07", "\x08", "\r", "\x00", "\x7f", "\x9b", "\x9c", "\x9d", "\u202e", "\u202c", "\u2066", "\u2069")
EMOJI = ("😄", "👍")


def assert_neutral(output: str) -> None:
    """Nothing in the output that a terminal would act on, and no emoji made from a code."""
    found = [c for c in RAW_CONTROLS + EMOJI if c in output]
    assert not found, (found, output[-600:])


@pytest.fixture(autouse=True)
def wide(monkeypatch):
    """Wide enough that no table cell wraps the text being looked for."""
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture(params=list(EVIL), ids=list(EVIL))
def evil(request, interviewed) -> str:
    """A customer whose name, organisation, notes and a free-text answer all hold the same text."""
    text = EVIL[request.param]
    interviewed(text, {"organisation": text, "notes": text, "preferences": text})
    return text


def only(run, *args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("view", [["show"], ["show", "--why"], ["list"]], ids=" ".join)
def test_on_screen_views_show_user_text_literally(run, evil, view):
    out = only(run, *view, *([evil] if view[0] == "show" else [])).stdout
    assert_neutral(out)
    assert printable(evil) in out  # markup, emoji codes and Markdown shown as typed; controls as �


@pytest.mark.parametrize("view", [["show", "-f", "markdown"], ["show", "-f", "markdown", "--why"]], ids=" ".join)
def test_markdown_brief_escapes_user_text(run, evil, view):
    md = only(run, *view[:1], evil, *view[1:]).stdout
    assert_neutral(md)
    assert escape(evil) in md


@pytest.mark.parametrize("text", EVIL.values(), ids=list(EVIL))
def test_escaped_text_cannot_open_a_link_image_tag_heading_or_emphasis(text):
    left = re.sub(r"\\.", "", escape(text))  # what is not backslash-escaped
    assert not set(left) & set("\\`*_[]<>|~&"), left
    assert not left.lstrip().startswith(("#", "-", "+", "="))


def test_markdown_escaping_keeps_the_text_readable():
    assert escape(EVIL["markup"]) == r"\[red\]rood\[/red\] \[/\] \[link=https://evil.example\]klik\[/link\]"
    assert escape(EVIL["markdown"]).startswith(r"\# kop \<script\>x\</script\> \[a\](https://evil.example) !\[i\](x) \*vet\* \`c\` \| cel \|")
    assert escape(EVIL["ansi"]) == r"\[2J\[31mROOD\[0m"


@pytest.mark.parametrize("view", [["show", "-f", "json"], ["list", "--json"]], ids=" ".join)
def test_json_keeps_the_exact_text_with_controls_escaped(run, evil, view):
    out = only(run, *view[:1], *([evil] if view[0] == "show" else []), *view[1:]).stdout
    assert_neutral(out)
    data = json.loads(out)
    if view[0] == "show":
        [data] = data  # a name: one record per question set answered
        assert data["customer"] == {"name": customer_name(evil), "organisation": evil.strip()}
        assert data["interview"]["notes"] == evil.strip() and data["answers"]["preferences"] == evil.strip()
    else:
        assert (data[0]["name"], data[0]["organisation"]) == (customer_name(evil), evil.strip())


def test_messages_on_stderr_neutralise_the_name(run, evil):
    saved = run("interview", evil, "--answers", "-", input="{}").stderr
    assert_neutral(saved)
    assert printable(customer_name(evil)) in saved
    missing = run("show", evil + "x").stderr
    assert_neutral(missing)
    assert f"No customer named '{printable(evil)}x'" in missing


def test_the_interview_summary_shows_user_text_literally(mini, evil):
    state = InterviewState(mini, evil, values={"knows": evil}, meta={"notes": evil}, done=["notes", "knows"])
    term = Terminal()
    term.out.file = io.StringIO()
    term.out.print(prompts.summary(state, "nl"))
    shown = term.out.file.getvalue()
    assert_neutral(shown)
    assert shown.count(printable(evil)) == 3


def test_a_prompt_shows_a_name_and_an_answer_being_edited_without_acting_on_them(evil):
    """prompt_toolkit writes its own escape sequences, and shows control characters in user text as
    ^[ and the like; the name in a question is neutralised, the answer being edited stays exact."""
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=40, columns=200), term="xterm")
    with create_pipe_input() as pipe:
        pipe.send_text("\r\r")
        p = prompts.Prompter(input=pipe, output=output)
        assert prompts.ask_resume(p, evil, "nl") is True
        assert p.text("Notities?", default=evil) == evil
    question, editing = screen.getvalue().split("Notities?", 1)
    acted_on = ("\x1b[2J", "\x1b[31mROOD", "\x1b]8;;", "\x1b\\", "\x9b", "\x9d", "\x07", "\x08", "\x00")
    assert [seq for seq in acted_on if seq in question + editing] == []
    assert not any(c in question for c in RAW_CONTROLS[-4:])  # no bidi override in the question either


def test_the_delete_confirmation_neutralises_the_name(spawn, db):
    name = EVIL["ansi"] + EVIL["bidi"]
    Store(db).save_draft(name, "kennismaking", {"values": {}, "meta": {}, "done": []})
    child = spawn("delete", name)
    child.expect(r"\[y/N\]")
    shown = child.before
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert_neutral(shown)
    assert printable(name) in shown
