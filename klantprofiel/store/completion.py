"""What shell completion reads from a store: customers, their ids and their interviews.

Completion runs the whole program on every Tab, so this reads without the store's machinery (no
schema check, no migration, no pydantic), a few rows by index, and gives up quietly: a store that
is not there, locked, damaged or of another version completes nothing rather than printing an
error into the user's command line. It never creates or changes anything.

A file is opened read-only. A PostgreSQL URL is read through psycopg (imported only for one, so
a file store's Tab never loads it) with a short connect and statement timeout: a server that does
not answer costs the Tab two seconds, not a hung shell. The queries are the same for both, written
with `?` placeholders.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from klantprofiel.names import InvalidName, customer_key

LIMIT = 50
"""At most this many candidates: a shell shows no more than a screenful usefully."""
_AFTER = "\U0010ffff"
"""Sorts after every character: `key >= prefix AND key < prefix + _AFTER` is a prefix search on an index."""
CONNECT_TIMEOUT = 2
"""Seconds a Tab waits for a PostgreSQL server to answer (libpq's shortest)."""
STATEMENT_TIMEOUT_MS = 1000

Rows = Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]
"""Runs one query and gives its rows: none when anything fails."""


class Suggestion(NamedTuple):
    value: str
    help: str


def _nothing(sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    return []


@contextlib.contextmanager
def _reading(store: Path | str) -> Iterator[Rows]:
    """The store's rows as completion reads them: a file (a Path) or a PostgreSQL URL (a str)."""
    with _reading_server(store) if isinstance(store, str) else _reading_file(store) as rows:
        yield rows


@contextlib.contextmanager
def _reading_file(path: Path) -> Iterator[Rows]:
    conn = None
    with contextlib.suppress(sqlite3.Error, OSError, ValueError):
        if path.is_file():
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    if conn is None:
        yield _nothing
        return

    def rows(sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.Error:
            return []

    try:
        yield rows
    finally:
        conn.close()


@contextlib.contextmanager
def _reading_server(url: str) -> Iterator[Rows]:
    try:
        import psycopg
    except ImportError:  # no extra installed: the command itself says how to get it
        yield _nothing
        return
    try:
        conn = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, autocommit=True, application_name="klantprofiel completion")
        conn.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
    except psycopg.Error:
        yield _nothing
        return

    def rows(sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            return conn.execute(sql.replace("?", "%s").encode(), params).fetchall()
        except psycopg.Error:
            return []

    try:
        yield rows
    finally:
        conn.close()


def _prefix(typed: str) -> str | None:
    """The lookup key of what has been typed so far, keeping a space typed at its end."""
    try:
        key = customer_key(typed)
    except InvalidName:
        return None
    return key + " " if key and typed[-1:].isspace() else key


def customers(store: Path | str, typed: str) -> list[Suggestion]:
    """Names (and, for what looks like an id, ids) of the customers starting with `typed`, any case."""
    key = _prefix(typed)
    if key is None:
        return []
    with _reading(store) as rows:
        found = rows("SELECT name, id, organisation FROM people WHERE name_key >= ? AND name_key < ? ORDER BY name_key LIMIT ?",
                     (key, key + _AFTER, LIMIT))
        if key.startswith("k-"):
            found += rows("SELECT id, name, organisation FROM people WHERE id >= ? AND id < ? ORDER BY id LIMIT ?", (key, key + _AFTER, LIMIT))
    return [Suggestion(value, " · ".join(part for part in (other, organisation) if part)) for value, other, organisation in found]


def interviews(store: Path | str, customer: str, typed: str) -> list[Suggestion]:
    """The ids of the interviews of `customer` (a name or id) that start with `typed`, newest first."""
    key = _prefix(customer)
    if not key:
        return []
    with _reading(store) as rows:
        found = rows("SELECT i.id, i.question_set, i.meeting_date FROM interviews i JOIN people p ON p.id = i.customer_key "
                     "WHERE (p.name_key = ? OR p.id = ?) AND CAST(i.id AS TEXT) LIKE ? ESCAPE '\\' ORDER BY i.id DESC LIMIT ?",
                     (key, key, typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", LIMIT))
    return [Suggestion(str(number), " ".join(part for part in (question_set, meeting_date) if part)) for number, question_set, meeting_date in found]
