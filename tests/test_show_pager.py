"""`show NAME` keeps everything; on a terminal, a view longer than the screen goes through the pager."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

CUSTOMERS = Path(__file__).parents[1] / "examples" / "customers"


@pytest.fixture
def marked_pager(tmp_path, monkeypatch):
    """$PAGER a script that marks each line it shows (ask for it before `spawn`)."""
    script = tmp_path / "pager.sh"
    script.write_text("#!/bin/sh\nsed 's/^/PAGED /'\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PAGER", str(script))


@pytest.fixture
def bakker(run):
    for path in sorted((CUSTOMERS / "bakker").glob("*.json")):
        assert run("interview", "--set", path.stem, "--answers", str(path)).exit_code == 0


def test_a_long_show_on_a_terminal_goes_through_the_pager(marked_pager, bakker, spawn):
    child = spawn("show", "Gerard Smit", dimensions=(40, 100))
    child.expect("PAGED .*Bakkerij Smit")
    child.expect("PAGED .*Aanpak, over alle vragenlijsten")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_show_that_fits_the_screen_is_printed_as_it_is(marked_pager, interviewed, spawn):
    interviewed("Els", {"learning_mode": "listen"})
    child = spawn("show", "Els", dimensions=(200, 100))
    child.expect("Els")
    child.expect(pexpect.EOF)
    assert "PAGED" not in child.before


def test_off_a_terminal_show_is_never_paged(marked_pager, bakker, run):
    out = run("show", "Gerard Smit").stdout
    assert "PAGED" not in out and "Aanpak, over alle vragenlijsten" in out
