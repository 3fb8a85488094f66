"""Odd ids are a clear "not found" (exit 1): digits that are no ASCII digits ('²', '٣'), a number of
thousands of digits (int() refuses it), one past what SQLite holds."""

from __future__ import annotations

import pytest

from klantprofiel.customer import interview_number

from helpers import failed_cleanly

ODD = ["²", "٣", "9" * 5000, "99999999999999999999", "9223372036854775808"]
COMMANDS = [["show"], ["history"], ["brief"], ["diff"], ["export", "-c"], ["delete", "--yes"]]


@pytest.fixture
def piet(interviewed):
    interviewed("Piet Jansen", {"learning_mode": "listen"})


@pytest.mark.parametrize("odd", ODD, ids=["superscript", "arabic", "5000 digits", "20 digits", "2**63"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_odd_id_or_name_is_not_found(run, piet, command, odd):
    stderr = failed_cleanly(run(*command, odd), 1)
    assert stderr.startswith("Fout: Geen klant met de naam '") and len(stderr.splitlines()) == 2  # the message and a hint


@pytest.mark.parametrize("odd", ODD, ids=["superscript", "arabic", "5000 digits", "20 digits", "2**63"])
def test_an_odd_second_id_of_diff_is_refused_clearly(english, run, piet, odd):
    stderr = failed_cleanly(run("diff", "1", odd), 1)
    assert ("No interview with id" in stderr or "is not an interview id" in stderr) and len(stderr) < 300


def test_only_ascii_digits_within_sqlites_range_are_ids():
    assert [interview_number(t) for t in ("12", "0012", "9223372036854775807")] == [12, 12, 2**63 - 1]
    assert [interview_number(t) for t in ODD] == [None] * len(ODD)
