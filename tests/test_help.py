"""Help that teaches: every command's --help ends with examples in the run's language, names the
kind of value an option takes in words (TEXT, FILE, NUMBER, the choices), never the program's
type names, and wraps a paragraph as a whole."""

from __future__ import annotations

import re
import shlex

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
TYPE_NAMES = re.compile(r"<(str|bool|int|float|Path|list\[[^>]*\]|[a-z]+\|[a-z|]+)>")


def test_every_command_has_examples():
    assert len(COMMANDS) > 12
    assert [path for path in COMMANDS if not EXAMPLES.get(path)] == []


@pytest.mark.parametrize("path", COMMANDS)
def test_each_example_is_a_command_line_its_command_takes(path):
    """The examples parse as the command's own parser reads them: every option exists and takes
    what it is given (they are not run: they name customers and files of the reader's)."""
    command = commands()[path]
    for line, nl, en in EXAMPLES[path]:
        words = shlex.split(line)
        assert words[: 1 + len(path.split())] == ["klantprofiel", *path.split()], line
        assert nl and en and nl != en
        ctx = command.make_context(path, words[1 + len(path.split()):])
        assert ctx.params


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", COMMANDS)
def test_help_shows_the_examples_in_the_runs_language_and_no_type_names(run, path, lang, monkeypatch):
    monkeypatch.setenv("KLANTPROFIEL_LANG", lang)
    out = run(*path.split(), "--help").stdout
    assert HEADING[lang] in out and HEADING["en" if lang == "nl" else "nl"] not in out
    explained = [nl if lang == "nl" else en for _, nl, en in EXAMPLES[path]]
    assert explained[0][:30] in " ".join(out.split())
    assert not TYPE_NAMES.search(out), TYPE_NAMES.search(out)


def test_the_root_help_names_no_type_either(run):
    out = run("--help").stdout
    assert "--version" in out and not TYPE_NAMES.search(out)


@pytest.mark.parametrize("path", COMMANDS)
def test_a_paragraph_is_wrapped_as_a_whole(run, path, monkeypatch):
    """At 200 columns a help paragraph of the source is one line: no break where the source line ended."""
    monkeypatch.setenv("COLUMNS", "200")
    command = commands()[path]
    first = (command.help or "").split("\n\n")[0]
    out = run(*path.split(), "--help").stdout
    assert " ".join(first.replace("`", "").split())[:150] in out  # Markdown shows `code` without its quotes


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
