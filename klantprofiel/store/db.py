"""Opening the SQLite store safely: private file, schema version, migrations, busy handling.

Profiles are personal data, so the file and its folder are created readable only by the user.
Writes start with BEGIN IMMEDIATE so two klantprofiels wait for each other instead of failing
halfway with "database is locked"; who waits longer than the busy timeout gets `StoreBusyError`.
A file that is not a store of ours (or of a newer version) is refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from klantprofiel.errors import os_reason
from klantprofiel.i18n import Joined, Msg
from klantprofiel.names import loose_key
from klantprofiel.store.busy import busy_timeout
from klantprofiel.store.connection import StoreConnection, StoreError, damaged, user_error
from klantprofiel.store.location import store_path
from klantprofiel.store.migrations import MIGRATIONS, name_of

APPLICATION_ID = 0x4B505246
"""Written into the SQLite header (PRAGMA application_id) so we recognise our own files."""
SQLITE_MAGIC = b"SQLite format 3\x00"


def _create_private(path: Path) -> bool:
    """A new store file readable only by the user (0600), in a folder only the user can open (0700).

    Every folder made on the way is 0700 too; a folder that was already there is left as it is
    (it is not ours to change), the store in it is 0600 all the same."""
    if path.is_symlink():  # a link to nothing: sqlite would make its target with the umask's mode
        raise StoreError("store_dangling_link", hint="store_dangling_link_hint", path=path, target=os.readlink(path))
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:  # another klantprofiel created it between our check and now
        return False
    return True


def _check_existing(path: Path) -> None:
    """A file that is there must be a store of ours, or empty; a device or a pipe is never opened
    by SQLite nor changed (reading a FIFO would wait for ever, a chmod would change a device)."""
    if path.is_dir():
        raise StoreError("store_is_folder", path=path)
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise StoreError("store_not_a_file", hint="store_other_file_hint", path=path)
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as f:  # should a FIFO be swapped in: no wait
        head = f.read(len(SQLITE_MAGIC))
    if not head:
        os.chmod(path, 0o600)  # an empty file becomes a store: make it private before data goes in
    elif head != SQLITE_MAGIC:
        raise StoreError("store_not_sqlite", hint="store_other_file_hint", path=path)


def connect(path: Path, *, timeout: float | None = None, create: bool = True) -> StoreConnection:
    """Open (and on first use create) the store, upgraded to the current schema; `conn.created`
    says whether this call made the file. With `create=False` (the reading commands) a store that
    is not there is a `StoreError` and nothing is made: a mistyped --db must not leave an empty
    store and its folders behind, nor answer "not found" as if the customer were the mistake."""
    path = store_path(path)
    timeout = busy_timeout() if timeout is None else timeout  # a bad setting is reported first, store or no store
    created = False
    try:
        if path.exists():
            _check_existing(path)
        elif not create and not path.is_symlink():
            raise StoreError("no_store", hint="no_store_hint", path=path)
        else:
            created = _create_private(path)
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None,
                               check_same_thread=False, factory=StoreConnection)
    except OSError as e:
        raise StoreError("store_cannot_open", path=path, detail=Joined([os_reason(e), f" ({e.filename})" if e.filename else ""], "")) from None
    except sqlite3.Error as e:
        raise (user_error(e, path) or StoreError("store_cannot_open", path=path, detail=e)) from None
    conn.path = path
    conn.created = created
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # deleted rows are overwritten with zeros
        conn.execute("PRAGMA temp_store = MEMORY")  # VACUUM's copy of the data stays out of /tmp
        conn.create_function("organisation_key", 1, loose_key, deterministic=True)  # how `identity` tells people apart
        _upgrade(conn, path)
    except sqlite3.DatabaseError as e:
        conn.close()
        raise StoreError("store_not_usable", hint="store_other_file_hint", path=path, detail=e) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _upgrade(conn: sqlite3.Connection, path: Path) -> None:
    """Apply the migrations the store has not had, by name, in one transaction; refuse a store
    that another program made, or that a newer klantprofiel changed in ways this one does not know."""
    version, app_id, has_tables, recorded = conn.execute(
        # one statement, so they agree even while another klantprofiel is creating the store
        "SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id),"
        " (SELECT count(*) > 0 FROM sqlite_master), (SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'migrations')"
    ).fetchone()
    known = [name_of(step) for step in MIGRATIONS]
    if app_id not in (0, APPLICATION_ID) or (version == 0 and has_tables):
        raise StoreError("store_other_program", hint="store_other_file_hint", path=path)
    applied = _applied(conn, path, version, recorded, known)
    if applied == set(known) and version == len(MIGRATIONS):
        _check_schema(conn, path)
        return
    conn.execute("PRAGMA foreign_keys = OFF")  # a table made again (v12) keeps what refers to it; only outside a transaction
    try:
        _migrate(conn, path, known)
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    _check_schema(conn, path)


def _migrate(conn: sqlite3.Connection, path: Path, known: list[str]) -> None:
    """The migrations not yet applied, in one transaction, with the store's version and names."""
    with transaction(conn):
        version, recorded = conn.execute(  # again, under the lock
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'migrations')"
        ).fetchone()
        applied = _applied(conn, path, version, recorded, known)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        times: dict[str, str | None] = {name: None for name in known if name in applied}  # applied before: when is not known here
        for step, name in zip(MIGRATIONS, known):
            if name not in applied:
                step(conn)
                times[name] = now
        conn.executemany("INSERT OR IGNORE INTO migrations (name, applied_at) VALUES (?, ?)", times.items())
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _applied(conn: sqlite3.Connection, path: Path, version: int, recorded: bool, known: list[str]) -> set[str]:
    """The names of the migrations the store has had: as it records them, or, in a store from
    before they were recorded, the first `version` of ours (they were applied by position).
    A store with more, or with one this version does not know, is refused."""
    applied = {row[0] for row in conn.execute("SELECT name FROM migrations")} if recorded else set(known[:version])
    unknown = sorted(applied - set(known))
    if version > len(known) or unknown:
        raise StoreError("store_newer", hint="store_newer_hint", path=path, version=version, known=len(known),
                         changes=Msg("store_newer_changes", names=", ".join(unknown)) if unknown else "")
    return applied


def _columns(conn: sqlite3.Connection) -> dict[str, set[str]]:
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {table: {row[0] for row in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))} for table in tables}


@functools.cache
def _expected_columns() -> dict[str, set[str]]:
    """The tables and columns the migrations make: what every store of this version has."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for step in MIGRATIONS:
            step(conn)
        return _columns(conn)
    finally:
        conn.close()


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Every table and column the program reads is there: a store changed by hand (a column
    dropped) is refused when it is opened, before any command reads or writes it."""
    found = _columns(conn)
    for table, columns in _expected_columns().items():
        missing = sorted(columns - found.get(table, set()))
        if table not in found or missing:
            what = Msg("damaged_table_missing", table=table) if table not in found else \
                Msg("damaged_columns_missing", table=table, columns=", ".join(missing))
            raise damaged(path, what)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken at once (BEGIN IMMEDIATE): all of it lands, or none of it.

    A COMMIT that times out waiting for readers is rolled back too, so the lock is let go."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
