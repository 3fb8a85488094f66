"""Help that teaches: every command's --help ends with examples in the run's language, names the
kind of value an option takes in words (TEXT, FILE, NUMBER, the choices), never the program's
type names, and wraps a paragraph as a whole."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from typing import Any

import pytest

from klantprofiel.cli.app import every_command
from klantprofiel.cli.help import EXAMPLES, HEADING


def commands() -> dict[str, object]:
    """Every command by its path (`questions show`), subcommands in place of their group."""
    found = {}
    for name, command in every_command().items():
        subs = getattr(command, "commands", None)
        found.update({f"{name} {sub}": c for sub, c in subs.items()} if subs else {name: command})
    return found


COMMANDS = sorted(commands())
EVERY = ["klantprofiel", "questions", "store", *COMMANDS]
"""Every help there is: the root's, the groups', each command's (by the path EXAMPLES and HELP name them by)."""
TYPE_NAMES = re.compile(r"<(str|bool|int|float|Path|list\[[^>]*\]|[a-z]+\|[a-z|]+)>")


def typed(path: str) -> list[str]:
    """What to type after `klantprofiel` for the help at `path`."""
    return [] if path == "klantprofiel" else path.split()


def test_every_help_has_examples():
    assert len(COMMANDS) > 12
    assert [path for path in EVERY if not EXAMPLES.get(path)] == []


def _leaf(words: list[str]) -> tuple[Any, list[str]]:
    """The command a command line names (a group's subcommand, as far as it goes) and the words left for it."""
    command = every_command()[words[0]]
    words = words[1:]
    while words and words[0] in getattr(command, "commands", {}):
        command, words = command.commands[words[0]], words[1:]
    return command, words


@pytest.mark.parametrize("path", EVERY)
def test_each_example_is_a_command_line_its_command_takes(path):
    """The examples parse as the command's own parser reads them: every option exists and takes
    what it is given (they are not run: they name customers and files of the reader's)."""
    for line, nl, en in EXAMPLES[path]:
        words = shlex.split(line)
        assert words[: 1 + len(typed(path))] == ["klantprofiel", *typed(path)], line
        assert nl and en and nl != en
        command, rest = _leaf(words[1:])
        assert not getattr(command, "commands", None), line  # a whole command, not a group
        command.make_context(line, rest)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", EVERY)
def test_help_shows_the_examples_in_the_runs_language_and_no_type_names(run, path, lang, monkeypatch):
    monkeypatch.setenv("KLANTPROFIEL_LANG", lang)
    out = run(*typed(path), "--help").stdout
    assert HEADING[lang] in out and HEADING["en" if lang == "nl" else "nl"] not in out
    for command, nl, en in EXAMPLES[path]:
        assert f"{command}: {nl if lang == 'nl' else en}" in " ".join(out.replace("•", " ").split()), out
    assert not TYPE_NAMES.search(out), TYPE_NAMES.search(out)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", EVERY)
def test_a_paragraph_is_wrapped_as_a_whole(run, path, lang, monkeypatch):
    """Markdown help: at 200 columns each paragraph of a help text (the description, the exit codes) starts
    on one line for 150 characters, where the source had line breaks, and shows whole: nothing broken
    mid-sentence, nothing taken for markup and lost."""
    from klantprofiel.cli.help import text
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("KLANTPROFIEL_LANG", lang)
    out = run(*typed(path), "--help").stdout
    paragraphs = [part for key in (path, f"{path} epilog") for part in (text(key, lang) or "").split("\n\n")]
    assert paragraphs
    for paragraph in paragraphs:
        said = " ".join(paragraph.replace("`", "").split())  # Markdown shows `code` without its quotes
        assert said[:150] in out and said in " ".join(out.split()), said


def _kind_words(lang: str) -> set[str]:
    """The words help names kinds of value with in `lang` and not in the other (TEKST, not TEXT; ID is both),
    and Typer's and Click's own (INTEGER, PATH, [OPTIONS]) for English."""
    from klantprofiel.messages import MESSAGES
    kinds = [texts for key, texts in MESSAGES.items() if key.startswith("metavar_")]
    words = [{word for texts in kinds for word in re.findall(r"[A-Z][A-Z-]+", texts[at])} for at in (0, 1)]
    own, other = words if lang == "nl" else words[::-1]
    return own - other | ({"INTEGER", "FLOAT", "PATH", "BOOLEAN", "OPTIONS", "ARGS"} if lang == "en" else set())


USAGE_PIECE = re.compile(r"\[?[A-Z][A-Z|-]*\]?(\.\.\.)?")
"""A piece of a usage line after the command: OPTIES, [BESTAND]..., NAAM|ID; never `{customer}` or `new_name`."""


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", ["", *COMMANDS, "questions", "store"])
def test_the_usage_line_and_every_kind_of_value_read_in_the_runs_language(run, path, lang, monkeypatch):
    """The usage line names the arguments as users know them (NAAM|ID, BESTAND), and every option's and
    argument's kind of value is a word of the run's language: no TEXT in a Dutch help, no TEKST in an English
    one, no braces, program names (`customer`, `question_id`) or type names (`<bool>`, `list[str]`) in either."""
    monkeypatch.setenv("KLANTPROFIEL_LANG", lang)
    monkeypatch.setenv("COLUMNS", "200")
    out = run(*path.split(), "--help").stdout
    usage = next(line for line in out.splitlines() if re.match(r"\s*(Gebruik|Usage):", line)).split()
    assert usage[1:2 + len(path.split())] == ["klantprofiel", *path.split()], usage
    pieces = usage[2 + len(path.split()):]
    assert pieces and all(USAGE_PIECE.fullmatch(piece) for piece in pieces), usage
    other = "en" if lang == "nl" else "nl"
    capitals = set(re.findall(r"(?<![\w-])[A-Z][A-Z-]+(?![\w-])", out.replace("|", " ")))
    assert capitals & _kind_words(other) == set(), capitals & _kind_words(other)
    argument_rows = re.findall(r"^│\s*\*?\s+(\S+)", out.split("Argument")[1], re.MULTILINE) if "Argument" in out else []
    assert all(USAGE_PIECE.fullmatch(name) for name in argument_rows[:1]), argument_rows
    assert not re.search(r"<\w+>|list\[", out), out  # braces are in a JSON record's description, not in usage


@pytest.mark.parametrize("lang, said", [("nl", "'NAAM|ID' ontbreekt."), ("en", "Missing argument 'NAME|ID'.")])
def test_a_missing_argument_is_named_as_help_names_it(run, lang, said):
    result = run("show", *(["--lang", "en"] if lang == "en" else []))
    assert result.exit_code == 2
    assert said in result.stderr and ("NAAM|ID" in result.stderr) == (lang == "nl"), result.stderr


@pytest.mark.parametrize("path", COMMANDS)
def test_at_80_columns_no_kind_of_value_is_broken_mid_word(run, path, monkeypatch):
    """The choices an option takes are listed with spaces between them (`new-interview | skip | replace`), so
    a narrow column wraps them between choices, never inside one (`repla` / `ce`)."""
    monkeypatch.setenv("COLUMNS", "80")
    out = run(*path.split(), "--help").stdout
    choices = [str(getattr(choice, "value", choice)) for param in commands()[path].params
               if getattr(param, "type_descriptor", None) and param.type_descriptor.is_choice for choice in param.type_descriptor.choices]
    pieces = {word for word in re.findall(r"[\w-]+", out) if word not in choices}
    assert [(word, choice) for word in pieces for choice in choices if len(word) >= 3 and choice.startswith(word)] == [], out


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
@pytest.mark.parametrize("args", [["--help"], ["show", "--help"], ["questions", "--help"], ["import", "--help"], ["shw"]],
                         ids=" ".join)
def test_help_and_usage_errors_are_written_in_any_encoding(args, encoding, tmp_path):
    """`klantprofiel show --help > f` on Windows (cp1252) or an ascii pipe: Typer's own console, as every view,
    writes a look-alike (`*` for a list's `•`, `e` for `é`) where the encoding has no room, never a traceback."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "klantprofiel", *args], capture_output=True, env=env, timeout=60)
    assert done.returncode == (2 if args == ["shw"] else 0), done.stderr.decode(encoding)
    said = (done.stdout + done.stderr).decode(encoding)
    assert "Traceback" not in said and "UnicodeEncodeError" not in said and ("Gebruik:" in said), said
