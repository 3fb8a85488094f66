"""A hint that suggests a command can be pasted into a shell as it is: the name (or path) in it is
one shell word, so nothing the name holds runs. Each hint is run for real, through `sh -c`, with
`klantprofiel` a shell function that prints the words it was given."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pexpect
import pytest

from helpers import CTRL_C, ENTER, MINI, answer

NAME = """Jan "$(touch x)" O'Brien `touch y`; touch z & touch w"""
"""A name a shell would run three commands from, were it pasted unquoted (or in double quotes)."""


@pytest.fixture(autouse=True)
def wide(monkeypatch):
    """Wide enough that no hint is wrapped: a wrapped line is not one command."""
    monkeypatch.setenv("COLUMNS", "400")


def pasted(line: str, folder: Path) -> list[str]:
    """The words `klantprofiel` gets when the command in this line of output is pasted into sh."""
    command = line[line.index("klantprofiel "):].rstrip(" │")  # a hint may stand in a panel
    folder.mkdir(exist_ok=True)
    shell = subprocess.run(["sh", "-c", 'klantprofiel() { printf "%s\\n" "$@"; }; ' + command], cwd=folder,
                           capture_output=True, text=True, timeout=10)
    assert list(folder.iterdir()) == [], command  # no file made: nothing the name holds ran
    assert shell.returncode == 0, (command, shell.stderr)
    return shell.stdout.splitlines()


def hints(output: str, folder: Path) -> list[list[str]]:
    return [pasted(line, folder) for line in output.splitlines() if "klantprofiel " in line]


@pytest.mark.parametrize(("command", "suggested"), [
    (["delete", NAME], [["delete", NAME, "--yes"]]),
    (["show", NAME], [["interview", NAME, "--set", "ID"]]),
    (["brief", NAME], []),  # the car-park brief gives no command hints
], ids=["delete", "show", "brief"])
def test_a_pasted_hint_runs_nothing_the_name_holds(run, interviewed, tmp_path, command, suggested):
    interviewed(NAME, {"learning_mode": "listen"})
    interviewed(NAME, {"learning_mode": "think_along", "preferences": "belt liever"})
    result = run(*command)
    assert hints(result.stdout + result.stderr, tmp_path / "shell") == suggested


def test_the_hint_after_ctrl_c_resumes_that_very_customer(spawn, tmp_path):
    name = 'Jan "$(touch x)" `touch y`'  # short enough that the hint stays one line on the terminal
    child = spawn("interview", name, "--lang", "en")
    answer(child, 1, ENTER)
    child.expect(r"2/\d+")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in child.before.splitlines() if "--resume" in line]  # without its colour
    assert [pasted(line, tmp_path / "shell") for line in lines] == [["interview", name, "--resume"]]


def test_the_hint_for_a_broken_question_set_names_its_path_as_one_word(run, tmp_path):
    folder = tmp_path / '$(touch x) `touch y`'
    folder.mkdir()
    broken = folder / "mini.toml"
    broken.write_text(MINI.read_text(encoding="utf-8").replace('version = "0.1"', 'version = ""'), encoding="utf-8")
    result = run("interview", "Ans", "--set", str(broken), "--answers", "-", input="{}")
    assert result.exit_code == 1
    assert hints(result.stderr, tmp_path / "shell") == [["questions", "validate", str(broken)]]


def test_every_hint_quotes_through_the_one_helper():
    """`printable.shell_word` is the one place a word is quoted for a shell."""
    import klantprofiel

    from test_architecture import imported_roots

    package = Path(klantprofiel.__file__).parent
    quoting = sorted(p.name for p in package.rglob("*.py") if "shlex" in imported_roots(p))
    assert quoting == ["printable.py"]
