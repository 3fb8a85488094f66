"""A bug prints no traceback by default (it may hold personal data): one line says it is a bug and
how to get the traceback, with --traceback or KLANTPROFIEL_TRACEBACK=1, for a bug report."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import LEAKS, failed_cleanly

BUGGY = ("import sys; from klantprofiel.store import interviews; "
         "interviews.SQLiteStore.customers = lambda self, *a, **k: {}['Piet Jansen, secret note']; "
         "from klantprofiel.cli.app import main; sys.argv = ['klantprofiel', *sys.argv[1:]]; main()")


def _buggy(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BUGGY, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env})


def test_a_bug_is_one_line_saying_so_and_how_to_see_more():
    done = _buggy("list")
    assert done.returncode == 70 and done.stdout == ""
    message, hint = done.stderr.strip().splitlines()
    assert message == "Fout: klantprofiel liep tegen een fout in zichzelf aan (KeyError); wat je aan het doen was, is niet afgemaakt."
    assert "--traceback" in hint and "KLANTPROFIEL_TRACEBACK=1" in hint
    assert "secret note" not in done.stderr and not any(leak in done.stderr for leak in LEAKS)


@pytest.mark.parametrize("how", [("--traceback", "list"), ("list",)], ids=["option", "environment"])
def test_the_traceback_is_there_when_asked_for(how):
    done = _buggy(*how, **({} if how[0] == "--traceback" else {"KLANTPROFIEL_TRACEBACK": "1"}))
    assert done.returncode == 1 and "Traceback" in done.stderr and "KeyError" in done.stderr


def test_an_expected_error_is_never_called_a_bug(run):
    assert "fout in zichzelf" not in failed_cleanly(run("show", "Nobody"), 1)
