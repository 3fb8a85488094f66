"""What shell completion reads from a store: customers, their ids and their interviews.

Completion runs the whole program on every Tab, so this opens the file read-only without the
store's machinery (no schema check, no migration, no pydantic), reads a few rows by index and
gives up quietly: a store that is not there, locked, damaged or of another version completes
nothing rather than printing an error into the user's command line. It never creates or
changes a file.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from klantprofiel.names import InvalidName, customer_key

LIMIT = 50
"""At most this many candidates: a shell shows no more than a screenful usefully."""
_AFTER = "\U0010ffff"
"""Sorts after every character: `key >= prefix AND key < prefix + _AFTER` is a prefix search on an index."""


class Suggestion(NamedTuple):
    value: str
    help: str


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection | None]:
    conn = None
    with contextlib.suppress(sqlite3.Error, OSError, ValueError):
        if path.is_file():
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    try:
        yield conn
    finally:
        if conn is not None:
            conn.close()


def _prefix(typed: str) -> str | None:
    """The lookup key of what has been typed so far, keeping a space typed at its end."""
    try:
        key = customer_key(typed)
    except InvalidName:
        return None
    return key + " " if key and typed[-1:].isspace() else key


def customers(path: Path, typed: str) -> list[Suggestion]:
    """Names (and, for what looks like an id, ids) of the customers starting with `typed`, any case."""
    key = _prefix(typed)
    if key is None:
        return []
    with _reading(path) as conn:
        if conn is None:
            return []
        with contextlib.suppress(sqlite3.Error):
            rows = conn.execute("SELECT name, id, organisation FROM people WHERE name_key >= ? AND name_key < ? "
                                "ORDER BY name_key LIMIT ?", (key, key + _AFTER, LIMIT)).fetchall()
            if key.startswith("k-"):
                rows += conn.execute("SELECT id, name, organisation FROM people WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
                                     (key, key + _AFTER, LIMIT)).fetchall()
            return [Suggestion(value, " · ".join(part for part in (other, organisation) if part)) for value, other, organisation in rows]
    return []


def interviews(path: Path, customer: str, typed: str) -> list[Suggestion]:
    """The ids of the interviews of `customer` (a name or id) that start with `typed`, newest first."""
    key = _prefix(customer)
    if not key:
        return []
    with _reading(path) as conn:
        if conn is None:
            return []
        with contextlib.suppress(sqlite3.Error):
            rows = conn.execute("SELECT i.id, i.question_set, i.meeting_date FROM interviews i JOIN people p ON p.id = i.customer_key "
                                "WHERE (p.name_key = ? OR p.id = ?) AND CAST(i.id AS TEXT) LIKE ? ESCAPE '\\' ORDER BY i.id DESC LIMIT ?",
                                (key, key, typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", LIMIT)).fetchall()
            return [Suggestion(str(number), " ".join(part for part in (question_set, meeting_date) if part)) for number, question_set, meeting_date in rows]
    return []
