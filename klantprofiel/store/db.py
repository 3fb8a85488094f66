"""Opening the SQLite store safely: private file, schema version, migrations, busy handling.

Profiles are personal data, so the file and its folder are created readable only by the user.
Writes start with BEGIN IMMEDIATE so two klantprofiels wait for each other instead of failing
halfway with "database is locked".
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from klantprofiel.errors import StoreBusyError, UserError
from klantprofiel.store.migrations import MIGRATIONS

APPLICATION_ID = 0x4B505246
"""Written into the SQLite header (PRAGMA application_id) so we recognise our own files."""
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 10.0


class StoreError(UserError):
    """The store file cannot be used as it is; it is left untouched."""


def _create_private(path: Path) -> None:
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _check_header(path: Path) -> None:
    with path.open("rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not a klantprofiel store (not an SQLite file); it was left untouched.",
                         hint="Point --db or KLANTPROFIEL_DB at another file.")


def connect(path: Path, *, timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """Open (and on first use create) the store, upgraded to the current schema."""
    path = Path(path).expanduser()
    try:
        if not path.exists():
            _create_private(path)
        elif path.is_dir():
            raise StoreError(f"{path} is a folder; --db needs a file path.")
        else:
            _check_header(path)
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    except FileExistsError:  # another process created it between our check and our create
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    except OSError as e:
        raise StoreError(f"Cannot open the store {path}: {e.strerror or e}.") from None
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        _upgrade(conn, path)
    except sqlite3.DatabaseError as e:
        conn.close()
        if "locked" in str(e) or "busy" in str(e):
            raise StoreBusyError(f"The store {path} is busy (another klantprofiel is writing); try again.") from None
        raise StoreError(f"{path} is not a usable klantprofiel store ({e}); it was left untouched.",
                         hint="Point --db or KLANTPROFIEL_DB at another file.") from None
    except BaseException:
        conn.close()
        raise
    return conn


def _upgrade(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if version == len(MIGRATIONS) and app_id == APPLICATION_ID:
        return
    if app_id not in (0, APPLICATION_ID) or (version == 0 and _has_tables(conn)):
        raise StoreError(f"{path} is an SQLite file of another program, not a klantprofiel store; it was left untouched.",
                         hint="Point --db or KLANTPROFIEL_DB at another file.")
    if version > len(MIGRATIONS):
        raise StoreError(f"{path} was written by a newer klantprofiel (schema {version}, this one knows {len(MIGRATIONS)}); it was left untouched.",
                         hint="Upgrade klantprofiel: pip install --upgrade klantprofiel")
    with transaction(conn, path):
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # re-read under the lock
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            step(conn)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path | str = "the store") -> Iterator[sqlite3.Connection]:
    """One write transaction, taken at once (BEGIN IMMEDIATE): all of it lands, or none of it."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise StoreBusyError(f"The store {path} is busy (another klantprofiel is writing); try again in a moment.") from None
        raise
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
