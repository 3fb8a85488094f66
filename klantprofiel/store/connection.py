"""The store's SQLite connection: failures a user can act on arrive as `UserError`s, wherever they happen.

"database is locked" can come from any statement (a read while another klantprofiel commits, a
COMMIT while another one reads), a damaged file only shows when its broken page is read, and a
name typed in a terminal with the wrong encoding only fails when it is bound to a query. Every
statement and every row fetched goes through this one connection class, so each of those becomes
one clear message instead of a traceback, for the CLI and for scripts that use `Store` alike.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from klantprofiel.errors import StoreBusyError, UserError


class StoreError(UserError):
    """The store file cannot be used as it is."""


class DamagedRow(Exception):
    """A row that cannot be read as what we wrote (invalid JSON put in by hand or by a broken
    disk), raised where it is read; the store turns it into `damaged`, naming its file."""

    def __init__(self, interview_id: object, what: str = "answers") -> None:
        super().__init__(interview_id, what)  # as they are, so it crosses from a worker process intact

    def __str__(self) -> str:
        return f"interview {self.args[0]} holds {self.args[1]} that are not valid JSON"


def damaged(path: Path | str, what: object) -> StoreError:
    """'This store is damaged', naming the file and what is wrong with it."""
    return StoreError(f"The store {path} is damaged: {what}; klantprofiel changes nothing in it.",
                      hint="Restore it from a backup, or point --db or KLANTPROFIEL_DB at another file.")


def user_error(e: BaseException, path: Path | str) -> UserError | None:
    """What an SQLite failure means to the user; None for a failure that is a bug."""
    if isinstance(e, UnicodeEncodeError):
        return UserError("Text with characters that are not valid UTF-8 cannot be stored or looked up.",
                         hint="Check the character encoding of your terminal or file (it should be UTF-8).")
    code = getattr(e, "sqlite_errorcode", 0) & 0xFF  # the primary result code
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreBusyError(f"The store {path} is busy (another klantprofiel is using it); try again in a moment.")
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreError(f"{path} is damaged or is not a klantprofiel store ({e}); klantprofiel leaves it as it is.",
                          hint="Restore it from a backup, or point --db or KLANTPROFIEL_DB at another file.")
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL):
        return StoreError(f"Cannot use the store {path}: {e}.", hint="Check that the file and its folder are yours, writable, and that the disk is not full.")
    return None


def _translated(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(self: sqlite3.Cursor, *args: Any) -> Any:
        try:
            return method(self, *args)
        except (sqlite3.Error, UnicodeEncodeError) as e:
            error = user_error(e, cast("StoreConnection", self.connection).path)
            if error is None:
                raise
            raise error from None

    return call


class StoreCursor(sqlite3.Cursor):
    execute = _translated(sqlite3.Cursor.execute)
    executemany = _translated(sqlite3.Cursor.executemany)
    fetchone = _translated(sqlite3.Cursor.fetchone)
    fetchmany = _translated(sqlite3.Cursor.fetchmany)
    fetchall = _translated(sqlite3.Cursor.fetchall)
    __next__ = _translated(sqlite3.Cursor.__next__)


class StoreConnection(sqlite3.Connection):
    """`sqlite3.connect(..., factory=StoreConnection)`; `execute` goes through a `StoreCursor`
    (the C implementation would bypass an overridden `cursor()`)."""

    path: Path | str = "the store"
    created = False
    """Did opening this connection make the store file (`db.connect`)?"""

    def cursor(self, factory: Any = StoreCursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        return self.cursor().executemany(sql, parameters)
