"""Hints for the mistakes a new user makes: a name in pieces, a store path that is not there, a
database URL, an Excel file or a CSV in another encoding. Each gets a message that says what to do."""

from __future__ import annotations

import pytest
import typer

from klantprofiel.cli.app import app, takes_a_name

from helpers import failed_cleanly

NAME_COMMANDS = ("interview", "show", "brief", "history", "diff", "delete")

def test_every_command_taking_a_name_is_tested():
    group = typer.main.get_command(app)
    taking_a_name = {name for name, command in group.commands.items() if takes_a_name(command)}
    assert taking_a_name == set(NAME_COMMANDS)

@pytest.mark.parametrize("command", NAME_COMMANDS)
def test_a_name_in_pieces_gets_the_quoted_name_suggested(run, command):
    err = failed_cleanly(run(command, "Piet", "van", "der", "Berg"), 2)
    flat = " ".join(err.replace("│", " ").split())
    assert "unexpected extra argument" in flat
    assert f"did you mean `{command} 'Piet van der Berg'`?" in flat

def test_the_suggestion_keeps_the_options_and_quotes_what_the_shell_would_run(run):
    err = failed_cleanly(run("show", "Piet", "$(touch", "x)", "--why"), 2)
    flat = " ".join(err.replace("│", " ").split())
    assert "did you mean `show 'Piet $(touch x)' --why`?" in flat

def test_extra_arguments_to_a_command_without_a_name_get_no_name_hint(run):
    err = failed_cleanly(run("list", "Piet"), 2)
    assert "unexpected extra argument" in err
    assert "did you mean" not in err
