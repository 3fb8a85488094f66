"""Paths and small helpers the tests share (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "sets" / "mini.toml"
BAD = FIXTURES / "bad"

ENTER, DOWN, UP, CTRL_C = "\r", "\x1b[B", "\x1b[A", "\x03"
"""Keys as a terminal sends them."""

LEAKS = ("Traceback", 'File "', "sqlite3.", "pydantic", "Error(", "site-packages")
"""What must never reach a user: a traceback, or names from inside the program."""


def failed_cleanly(result, *codes: int) -> str:
    """A CliRunner result of a command that refused as designed: an expected exit code, a message
    on stderr, no traceback and no exception escaping the error handler. Returns stderr."""
    assert result.exit_code in codes, (result.exit_code, result.stderr[-800:], result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stderr.strip(), "no message"
    assert not any(leak in result.output for leak in LEAKS), result.output[-800:]
    return result.stderr


def answer(child, step: int, keys: str) -> None:
    """Wait for interview step `step` ("7/20") in a pexpect child, then type `keys`."""
    child.expect(rf"(?<!\d){step}/\d+")
    child.send(keys)


def children(pid: int) -> list[int]:
    """The processes `pid` started (its import or export workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            found.append(int(stat.parent.name))
    return found


TINY_SET = """id = "t"
version = "1"
title = { nl = "T", en = "T" }
description = { nl = "T", en = "T" }
meta = [{ id = "customer", text = { nl = "Naam?", en = "Name?" } }]
topics = [{ id = "price", title = { nl = "Prijs", en = "Price" } }]
levels = [{ min = 0, label = { nl = "Koning", en = "King" } }]
"""
"""The head of the smallest valid question set, for a test that adds its own questions and rules."""


def set_file(folder: Path, questions_and_rules: str) -> Path:
    """`folder/t.toml`: the tiny set with these questions and rules."""
    path = folder / "t.toml"
    path.write_text(TINY_SET + questions_and_rules, encoding="utf-8")
    return path


EVERY_KIND = FIXTURES / "sets" / "every_kind.toml"
"""One question of every kind, for the tests that hold each kind of `klantprofiel.kinds` to one contract."""


@contextlib.contextmanager
def nul_let_in() -> Iterator[None]:
    """Inside it, text is stored as earlier versions stored it: they let a NUL (U+0000) into an
    SQLite store's free texts (organisation, notes, a text answer), so a store may still hold one,
    and every view must show it neutralised. (Now `kinds.text.kept_text` refuses it where it comes in.)"""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("klantprofiel.kinds.text.NUL", "\x00 NUL let in \x00")  # a text no test holds
        yield
