"""Every view at any width from 40 to 200+ columns, and through an output encoding that cannot show its symbols.

Narrow: no word is cut ("Kenn…") and every set title stays; wide: the content stops at 100
columns, so "Doen" and "Niet doen" stay side by side. cp1252 or ascii (a redirect on Windows,
an old console): ASCII bars, arrows and ticks, never a traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from klantprofiel.cli.terminal import LOOKALIKES, MAX_WIDTH, shown

TITLES = ("Kennismaking: van koning naar mens", "Twijfels en zwakke plekken")
NAME = "José Müller"
FIRST = {"organisation": "Bakkerij Müller", "salesperson": "Anne Bakker", "meeting_date": "2024-03-12",
         "preferences": "Vaste leverancier, korte lijnen.", "learning_mode": "think_along", "advice_meaning": "wisdom",
         "advice_uptake": 2, "advice_form": "short_talk", "other_advisors": "yes", "advisors_kind": ["experts"]}
SECOND = {"learning_mode": "listen", "advice_meaning": "weakness", "advice_uptake": 4, "other_advisors": "no"}

VIEWS = {
    "show": ("show", NAME),
    "show --why": ("show", NAME, "--why"),
    "brief": ("brief", NAME),
    "list": ("list",),
    "history": ("history", NAME),
    "diff": ("diff", NAME, "--set", "kennismaking"),
}


@pytest.fixture
def known(interviewed):
    """José, twice in the default set and once in another; and a second customer for `list`."""
    interviewed(NAME, FIRST)
    interviewed(NAME, SECOND)
    interviewed(NAME, {}, "--set", "twijfels")
    interviewed("Fatima El Amrani", {"organisation": "Zorggroep Oost"})


def view(run, monkeypatch, columns: int, args: tuple[str, ...]) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("columns", [40, 60, 80, 200])
@pytest.mark.parametrize("args", list(VIEWS.values()), ids=list(VIEWS))
def test_every_view_fits_its_width_and_cuts_no_word(run, monkeypatch, known, columns, args):
    out = view(run, monkeypatch, columns, args)
    assert max(len(line.rstrip()) for line in out.splitlines()) <= columns
    assert not re.search(r"\S…", out), out  # Rich's mark of a cut cell ("Kenn…"); "1 … 5" on a scale is ours
    words = set(out.split())
    if args[0] in ("show", "history"):  # the brief counts the sets, `show` names them
        assert {w for title in TITLES for w in title.split()} <= words
    if args[0] == "list":
        assert {"José", "Müller", "Fatima", "El", "Amrani", "Zorggroep", "Oost"} <= words


@pytest.mark.parametrize("columns", [40, 60])
@pytest.mark.parametrize("args", [VIEWS["show"]], ids=["show"])
def test_set_titles_keep_a_line_of_their_own_when_narrow(run, monkeypatch, known, columns, args):
    lines = [line.strip(" │") for line in view(run, monkeypatch, columns, args).splitlines()]
    for title in TITLES:
        assert title in lines


def test_do_and_dont_stay_side_by_side_when_wide(run, monkeypatch, known):
    out = view(run, monkeypatch, 220, VIEWS["show"])
    headings = next(line for line in out.splitlines() if "Niet doen" in line)
    assert headings.index("Doen") < 5 and headings.index("Niet doen") <= MAX_WIDTH // 2 + 4


def test_a_wide_terminal_gets_content_at_most_100_columns_wide(spawn, known):
    """In a real 220-column terminal (not told its width by COLUMNS) every view stops at MAX_WIDTH."""

    child = spawn("show", NAME, dimensions=(200, 220), COLUMNS=None)
    out = child.read()
    child.close()
    assert child.exitstatus == 0
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in out.splitlines()]
    assert "Niet doen" in out and max(len(line.rstrip()) for line in lines) == MAX_WIDTH


def test_do_and_dont_go_one_under_the_other_when_narrow(run, monkeypatch, known):
    out = view(run, monkeypatch, 40, VIEWS["show"])
    assert not [line for line in out.splitlines() if "Doen" in line and "Niet doen" in line]
    assert out.index(" Doen") < out.index(" Niet doen")


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize("args", [*VIEWS.values(), ("show", NAME, "-f", "markdown"), ("show", NAME, "-f", "json")],
                         ids=[*VIEWS, "markdown", "json"])
def test_every_view_writes_through_an_encoding_without_its_symbols(known, tmp_path, encoding, args):
    """`PYTHONIOENCODING=cp1252 klantprofiel show X > f`: what the encoding has no room for is
    written as its ASCII look-alike (JSON: as a \\u escape, the same data), never a traceback."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "80"}
    done = subprocess.run([sys.executable, "-m", "klantprofiel", *args], env=env, capture_output=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    assert b"Traceback" not in done.stderr
    out = done.stdout.decode(encoding)  # strict: every byte is in the encoding
    if args[-1] == "json":
        import json
        assert NAME in json.dumps(json.loads(out), ensure_ascii=False)
        return
    if args[0] != "history":  # the only view that does not name him
        assert (NAME if encoding == "cp1252" else "Jose Muller") in out
    if args[0] in ("show", "history") and "-f" not in args:  # the knownness bars (4 of 16 known: ##........)
        assert "##." in out


def test_errors_and_notes_write_through_an_ascii_stderr(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    (tmp_path / "store.db").touch()  # a store without Zoë: `show` says it does not know her, not that there is no store
    done = subprocess.run([sys.executable, "-m", "klantprofiel", "show", "Zoë"], env=env, capture_output=True, cwd=tmp_path)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert "Zoe" in done.stderr.decode("ascii")


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1", "no-such-encoding"])
def test_a_look_alike_is_as_wide_as_what_it_stands_for(encoding):
    """So tables and boxes keep their shape: one column for one, two for a wide character."""
    from rich.cells import cell_len
    for char in [*LOOKALIKES, "é", "ő", "한", "😀", "\u0301"]:
        written = shown(char, encoding)
        assert cell_len(written) == cell_len(char), (char, written)
        assert written.isascii() or encoding not in ("ascii", "no-such-encoding")
