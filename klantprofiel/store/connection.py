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
from klantprofiel.i18n import Msg
from klantprofiel.store.protocol import DamagedRow as DamagedRow


class StoreError(UserError):
    """The store file cannot be used as it is."""


def damaged(path: Path | str, what: Msg | DamagedRow) -> StoreError:
    """'This store is damaged', naming the file and what is wrong with it."""
    return StoreError("store_damaged", hint="store_restore_hint", path=path, what=what.msg() if isinstance(what, DamagedRow) else what)


def user_error(e: BaseException, path: Path | str) -> UserError | None:
    """What an SQLite failure means to the user; None for a failure that is a bug."""
    if isinstance(e, UnicodeEncodeError):
        return UserError("not_utf8_text", hint="not_utf8_text_hint")
    code = getattr(e, "sqlite_errorcode", 0) & 0xFF  # the primary result code
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreBusyError("store_busy", path=path)
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreError("store_not_ours", hint="store_restore_hint", path=path, detail=Msg(_SQLITE_REASONS[code]))
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL):
        return StoreError("store_unusable", hint="store_unusable_hint", path=path, detail=Msg(_SQLITE_REASONS[code]))
    return None


_SQLITE_REASONS = {sqlite3.SQLITE_CORRUPT: "sqlite_corrupt", sqlite3.SQLITE_NOTADB: "sqlite_not_a_db", sqlite3.SQLITE_READONLY: "sqlite_read_only",
                   sqlite3.SQLITE_CANTOPEN: "sqlite_cannot_open", sqlite3.SQLITE_PERM: "os_no_permission",
                   sqlite3.SQLITE_IOERR: "sqlite_io_error", sqlite3.SQLITE_FULL: "os_disk_full"}
"""Why SQLite refused, by its result code, in the run's language: SQLite says it in English whatever --lang says."""


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
