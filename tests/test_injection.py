"""Nothing injected: whatever a salesperson types or an import brings (Rich markup, emoji codes,
ANSI escape sequences, control characters, Markdown and HTML) is shown literally or neutralised in
every view: `show` (on screen, Markdown, JSON), `list`, the interview summary, the prompts, and
the messages on stderr. The data itself is kept exactly as given.

The class test at the end (`test_no_control_from_data_reaches_the_terminal`) runs every command and
format over a store, files and a question set that carry every kind of control at once: in names,
who/when fields, free-text answers, file and folder names, keys, and every text of the set."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pexpect
import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from typer.testing import CliRunner

from klantprofiel.answers import customer_name
from klantprofiel.cli import prompts
from klantprofiel.cli.app import app
from klantprofiel.cli.terminal import Terminal
from klantprofiel.errors import UserError
from klantprofiel.interview import InterviewState
from klantprofiel.io.markdown import escape
from klantprofiel.printable import CONTROL, printable
from klantprofiel.store import Store

from helpers import LEAKS, nul_let_in

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


def name_of(text: str) -> str:
    """The name a customer with this text is stored under: a name is normalised (bidi controls
    removed), and one with other control characters is refused, so those become spaces."""
    try:
        return customer_name(text)
    except UserError:
        return customer_name(printable(text, " "))


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
    """A customer whose organisation, notes and a free-text answer hold the same text, and his name
    as much of it as a name can hold."""
    text = EVIL[request.param]
    with nul_let_in():  # the NUL of "control": a store may hold one from before it was refused
        interviewed(name_of(text), {"organisation": text, "notes": text, "preferences": text})
    return text


def only(run, *args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("view", [["show"], ["show", "--why"], ["list"]], ids=" ".join)
def test_on_screen_views_show_user_text_literally(run, evil, view):
    out = only(run, *view, *([name_of(evil)] if view[0] == "show" else [])).stdout
    assert_neutral(out)
    assert printable(evil) in out  # markup, emoji codes and Markdown shown as typed; controls as �


@pytest.mark.parametrize("view", [["show", "-f", "markdown"], ["show", "-f", "markdown", "--why"]], ids=" ".join)
def test_markdown_brief_escapes_user_text(run, evil, view):
    md = only(run, *view[:1], name_of(evil), *view[1:]).stdout
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
    out = only(run, *view[:1], *([name_of(evil)] if view[0] == "show" else []), *view[1:]).stdout
    assert_neutral(out)
    data = json.loads(out)
    if view[0] == "show":
        [data] = data  # a name: one record per question set answered
        assert data["customer"] == {"id": data["customer"]["id"], "external_id": None, "name": name_of(evil), "organisation": evil.strip(),
                                    "pronoun": None}
        assert data["interview"]["notes"] == evil.strip() and data["answers"]["preferences"] == evil.strip()
    else:
        assert (data[0]["name"], data[0]["organisation"]) == (name_of(evil), evil.strip())


def test_messages_on_stderr_neutralise_the_name(english, run, evil):
    saved = run("interview", evil, "--answers", "-", input="{}").stderr
    assert_neutral(saved)
    try:
        assert printable(customer_name(evil)) in saved
    except UserError:  # a name with control characters is refused
        assert "holds a control character" in saved
    missing = run("show", name_of(evil) + "x").stderr
    assert_neutral(missing)
    assert f"No customer named '{printable(name_of(evil))}x'" in missing


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
    name = EVIL["markup"] + EVIL["bidi"]  # a name cannot hold the other controls
    Store(db).save_draft(customer_name(name), "kennismaking", {"values": {}, "meta": {}, "done": []})
    child = spawn("delete", name)
    child.expect(r"\[j/N\]")
    shown = child.before
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert_neutral(shown)
    assert printable(customer_name(name)) in shown


# --- The class: whatever the command and whatever carries the text, no control reaches the terminal ---

HOSTILE = "ROOD[bold]vet[/bold]:smile:\x1b[2J\x9b31m\r\b\x07\u202e\x85\x1b]8;;https://evil.example\x1b\\klik\x1b]8;;\x1b\\\x00\x7f\u2066x\u2069"
"""Every kind at once: an ESC sequence, CSI as a C1 control, CR, backspace, bell, a right-to-left
override, NEL, an OSC 8 link, NUL, DEL, an isolate; the markers first, so a message that quotes only
the start of a value still shows what it did with them."""
IN_A_PATH = HOSTILE.replace("/", "").replace("\x00", "")
"""The same, as a file or folder name can hold it."""
NAME = "Jan [bold]de[/bold] :smile: Vries"
"""A name as stored (names are cleaned where they enter); hostile names are typed as arguments below."""
MARKUP = re.compile(r"\\?\[bold\\?\](vet|de)")
"""`[bold]` shown as typed (in Markdown as `\\[bold\\]`), not taken as a style."""


def _toml_string(text: str) -> str:
    return json.dumps(text).replace("\x7f", "\\u007f")  # JSON's escapes are TOML's, but for DEL


def hostile_set(source: str) -> str:
    """A question set (TOML) whose every text, in both languages, ends in HOSTILE: titles, questions,
    choice labels, help, rules, levels, topics, aspects, what to discover."""
    return re.sub(r'\b(nl|en) = "([^"]*)"', lambda m: f"{m.group(1)} = {_toml_string(m.group(2) + HOSTILE)}", source)


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, str]:
    """A store holding NAME's interviews of a built-in set (twice) and of a hostile set (twice),
    with HOSTILE in every who/when field and free-text answer, beside input files that carry it
    in their names, keys and values. Each test works on its own copy of the store."""
    from helpers import MINI

    folder = tmp_path_factory.mktemp("hostile") / IN_A_PATH
    folder.mkdir()
    set_file = folder / "mini.toml"
    set_file.write_text(hostile_set(MINI.read_text(encoding="utf-8")), encoding="utf-8")
    db = folder.parent / "store.db"
    runner = CliRunner()

    def interview(answers: dict, *extra: str) -> None:
        result = runner.invoke(app, ["interview", NAME, "--answers", "-", "--db", str(db), *extra], input=json.dumps(answers))
        assert result.exit_code == 0, result.output

    who = {key: HOSTILE for key in ("organisation", "salesperson", "context", "notes")}
    with nul_let_in():  # HOSTILE's NUL: a store may hold one from before it was refused
        interview({**who, "preferences": HOSTILE, "learning_mode": "listen"})
        interview({**who, "notes": HOSTILE + "2", "preferences": "anders " + HOSTILE, "learning_mode": "think_along"})
        interview({**who, "knows": HOSTILE, "meaning": "weakness", "mode": "think", "uptake": 5, "advisors": "yes"}, "--set", str(set_file))
        interview({**who, "knows": HOSTILE + "2", "meaning": "wisdom", "uptake": 1}, "--set", str(set_file))

    record = {"customer": {"name": NAME, "organisation": HOSTILE}, "interview": {"notes": HOSTILE}, "answers": {"preferences": HOSTILE}}
    (folder / "good.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    bad = {"customer": {"name": NAME, "organisation": 5}, "interview": {"meeting_date": HOSTILE},
           "answers": {"learning_mode": HOSTILE, "uptake": HOSTILE, HOSTILE: "x"}}
    (folder / "bad.jsonl").write_text(json.dumps(bad) + "\n" + HOSTILE.replace("\n", "") + "\n", encoding="utf-8")
    with (folder / "bad.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["customer", "learning_mode", "notes", HOSTILE], [NAME, HOSTILE, HOSTILE, "x"]])
    old = {"customer": {"name": NAME}, "answers": {}, "question_set": {"id": "kennismaking", "version": HOSTILE}}
    other = {**old, "question_set": {"id": "mini", "version": HOSTILE}}
    (folder / "versions.jsonl").write_text(json.dumps(old) + "\n" + json.dumps(other) + "\n", encoding="utf-8")  # the report's notes
    (folder / "answers.json").write_text(json.dumps({"learning_mode": HOSTILE, HOSTILE: 1, "meeting_date": HOSTILE}), encoding="utf-8")
    (folder / "mini-answers.json").write_text(json.dumps({"knows": HOSTILE, "meaning": "weakness", "uptake": 4}), encoding="utf-8")
    broken = hostile_set(MINI.read_text(encoding="utf-8")).replace('id = "knows"\n', f'id = "knows"\n{_toml_string(HOSTILE)} = 1\n')
    (folder / "kapot.toml").write_text(broken, encoding="utf-8")  # an unknown key, and an id that is not its file name
    return {"db": str(db), "dir": str(folder), "set": str(set_file), "name": NAME, "hostile": HOSTILE, "in_a_path": IN_A_PATH}


EVERY_VIEW = [
    "show {name}", "show {name} --why", "show {name} -f json", "show {name} -f markdown --why",
    "show 3 --why", "show 3 -f json", "show 3 -f markdown --why",
    "list", "list --json", "history {name}", "history {name} --json",
    "diff {name}", "diff {name} --json", "diff {name} --set kennismaking", "diff {name} --set kennismaking --json",
    "brief {name}", "brief {name} -f json", "brief {name} -f markdown",
    "export", "export -f json", "export -f csv", "export -f markdown", "export -c {name}", "export -o {dir}/out.jsonl",
    "import {dir}/good.jsonl", "import {dir}/bad.jsonl", "import {dir}/bad.jsonl --json", "import {dir}/bad.csv",
    "import {dir}/bad.csv --json --dry-run", "import {dir}/bad.jsonl --skip-invalid --rejects {dir}/rejects.jsonl",
    "import {dir}/{in_a_path}.jsonl", "import {dir}/versions.jsonl", "import {dir}/versions.jsonl --json",
    "questions list --set {set}", "questions show knows --set {set}", "questions show uptake --set {set}",
    "questions show advisors_kind --set {set}", "questions validate {set}", "questions validate {dir}/kapot.toml",
    "questions show {hostile} --set {set}", "interview {name} --set {dir}/kapot.toml --answers {dir}/answers.json",
    "interview {name} --set {set} --answers {dir}/mini-answers.json", "interview {name} --answers {dir}/answers.json",
    "interview x --set {hostile}", "show {hostile}", "history {hostile}", "diff {hostile}", "brief {hostile}",
    "export -c {hostile}", "delete {hostile} --yes",
    "--bad{hostile}", "show --bad{hostile}", "show {name} {hostile}", "nosuch{hostile}", "export -f {hostile}",  # usage errors
]
"""Every command and format that shows stored data, a question set's texts, a file's name or
content, or quotes what was typed."""


@pytest.mark.parametrize("command", EVERY_VIEW)
def test_no_control_from_data_reaches_the_terminal(run, world, db, command):
    """Whatever carries the text (a name, a note, an answer, a file name, a key, a set's texts) and
    whatever shows it, stdout and stderr hold no control character, no escape sequence, no link and
    no bidirectional override, and markup and emoji codes are shown as they were written."""
    shutil.copy(world["db"], db)
    result = run(*[word.format(**world) for word in command.split()])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    shown = result.stdout + result.stderr
    assert not any(leak in shown for leak in LEAKS), shown[-800:]
    assert not CONTROL.findall(shown), (sorted(set(CONTROL.findall(shown))), shown[-800:])
    assert not [e for e in EMOJI if e in shown]
    assert MARKUP.search(shown) and ":smile:" in shown, shown[-800:]  # the hostile text is there, literally


@pytest.mark.parametrize("command", ["show {name} --why", "brief {name}", "questions list --set {set}", "import {dir}/bad.jsonl"])
def test_on_a_real_terminal_only_our_own_styles_are_sent(spawn, world, db, command):
    """On a terminal Rich sends the escape sequences of its styles; nothing of the data comes along."""
    shutil.copy(world["db"], db)
    child = spawn(*[word.format(**world) for word in command.split()])
    child.expect(pexpect.EOF)
    shown = child.before
    child.close()
    assert "ROOD" in shown and "\x1b[" in shown  # the data, and styles: a terminal it was
    acted_on = ("\x1b[2J", "\x1b]8;;", "\x9b", "\x85", "\u202e", "\u2066", "\x07", "\x08", "\x00", "\x7f")
    assert [seq for seq in acted_on if seq in shown] == []


def test_a_prompt_shows_a_question_sets_texts_without_acting_on_them(world):
    """The interview's prompts show a set's question, choices and help as text."""
    from klantprofiel.questionset.load import load

    qs = load(world["set"])
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=40, columns=200), term="xterm")
    term = Terminal()
    term.err.file = io.StringIO()
    state = InterviewState(qs, NAME)
    step = next(s for s in state.steps() if s.id == "meaning")
    with create_pipe_input() as pipe:
        pipe.send_text("1\r")
        assert prompts.ask_step(prompts.Prompter(input=pipe, output=output), term, state, step, "nl", allow_back=False) == "weakness"
    shown = screen.getvalue() + term.err.file.getvalue()
    assert "ROOD" in shown
    acted_on = ("\x1b[2J", "\x1b]8;;", "\x9b", "\x85", "\u202e", "\u2066", "\x07", "\x08", "\x00", "\x7f")
    assert [seq for seq in acted_on if seq in shown] == []


def test_the_commands_write_to_the_terminal_only_through_terminal():
    """The escaping lives in `Terminal` (and the renderers of export's formats): no command module
    writes to stdout or stderr past it (`--version` too: through Terminal, a stdout that fails says so)."""
    import ast
    from pathlib import Path

    import klantprofiel.cli

    writes = []
    for path in Path(klantprofiel.cli.__file__).parent.glob("*.py"):
        if path.name == "terminal.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            call = ast.unparse(node.func)
            if call in ("print", "typer.echo", "typer.secho", "sys.stdout.write", "sys.stderr.write", "sys.stdout.buffer.write"):
                writes.append(f"{path.name}: {ast.unparse(node)[:60]}")
    assert writes == []
