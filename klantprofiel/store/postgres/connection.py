"""The PostgreSQL store's connection: the user's own credentials, one place for its errors, writes
taken one at a time and retried when the server asks.

The URL goes to libpq as it is, so what it does not say comes from where PostgreSQL users keep it:
PGHOST, PGUSER, PGPASSWORD, PGSERVICE and the rest of its environment, `~/.pgpass`, `sslmode`
in the URL. klantprofiel stores none of it and shows the URL only through `url.masked`.

Every write transaction first takes one advisory lock (`WRITE_LOCK`), as SQLite's BEGIN
IMMEDIATE takes its write lock: two klantprofiels that write at once take turns instead of one
losing the other's work, and readers never wait (each reads its own snapshot). Whoever waits
longer than the busy timeout (`lock_timeout`) gets the same `StoreBusyError` as on SQLite. A
serialisation failure or a deadlock (what the server may still answer, e.g. next to a VACUUM)
runs the whole transaction again, its reads too, a few times with a growing pause.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import psycopg
from psycopg import errors

from klantprofiel.errors import ExitCode, StoreBusyError, UserError
from klantprofiel.i18n import Joined, read_back
from klantprofiel.store.url import as_libpq_reads, masked, passwords

WRITE_LOCK = 0x4B505246
"""The advisory lock every write transaction takes ("KPRF", as the SQLite store's application id)."""
RETRIES = 5
"""How often a transaction the server rolled back (serialisation failure, deadlock) is run again."""

_T = TypeVar("_T")

logging.getLogger("psycopg").addHandler(logging.NullHandler())
"""psycopg's own warnings stay off the terminal: Ctrl-C in the middle of a query made it print
"error ignored in rollback of <psycopg.Transaction …> (user=…, database=…)" before our one line."""


_LIBPQ_PHRASES = [
    (re.compile(r'connection (?:failed|is bad): connection to server at "(?P<host>[^"]+)"(?: \([^)]*\))?, port (?P<port>\d+) failed: '),
     "pg_server_at_failed"),
    (re.compile(r'connection (?:failed|is bad): connection to server on socket "(?P<socket>[^"]+)" failed: '), "pg_socket_failed"),
    (re.compile(r"Connection refused"), "pg_refused"),
    (re.compile(r"No such file or directory"), "os_no_such_file"),
    (re.compile(r"failed to resolve host '(?P<host>[^']+)': \[Errno -?\d+\] [^\n]*"), "pg_unknown_host"),
    (re.compile(r'password authentication failed for user "(?P<user>[^"]+)"'), "pg_wrong_password"),
    (re.compile(r"timeout expired"), "pg_timeout"),
    (re.compile(r'role "(?P<role>[^"]+)" does not exist'), "pg_no_role"),
    (re.compile(r'database "(?P<database>[^"]+)" does not exist'), "pg_no_such_database"),
    (re.compile(r"fe_sendauth: no password supplied"), "pg_no_password"),
    (re.compile(r'invalid sslmode value: "(?P<value>[^"]*)"'), "pg_bad_sslmode"),
    (re.compile(r'invalid URI query parameter: "(?P<name>[^"]*)"'), "pg_bad_parameter"),
    (re.compile(r'invalid integer value "(?P<value>[^"]*)" for connection option "(?P<name>[^"]*)"'), "pg_not_a_number"),
    (re.compile(r"permission denied for schema (?P<name>\S+)"), "pg_denied_schema"),
    (re.compile(r"permission denied for database (?P<name>\S+)"), "pg_denied_database"),
    (re.compile(r"permission denied for (?:table|relation) (?P<name>\S+)"), "pg_denied_table"),
    (re.compile(r"permission denied for sequence (?P<name>\S+)"), "pg_denied_sequence"),
    (re.compile(r"permission denied for function (?P<name>\S+)"), "pg_denied_function"),
    (re.compile(r'index row size (?P<size>\d+) exceeds btree version \d+ maximum (?P<max>\d+) for index "(?P<index>[^"]+)"'), "pg_index_row"),
    (re.compile(r"could not extend file \"[^\"]*\": No space left on device|No space left on device"), "pg_disk_full"),
    (re.compile(r"out of memory"), "pg_out_of_memory"),
]
"""The phrases libpq and the server say why a connection or a statement failed with, in English
whatever --lang says, and their keys."""
_NOISE = re.compile(r"\b(?:FATAL|ERROR):\s+|connection (?:is bad|failed): (?!connection to server)")
"""What says nothing to the user, and is left out: the severity ("FATAL:"), and libpq's "connection
is bad:" before a reason that is not about reaching the server."""


def libpq_words(detail: str) -> Joined:
    """libpq's reason a connection failed, read back into the run's language (`i18n.read_back`);
    a phrase not listed stays as libpq wrote it."""
    return read_back(_NOISE.sub("", detail), _LIBPQ_PHRASES)


class PostgresError(UserError):
    """The PostgreSQL store cannot be used as it is (cannot connect, no permission, refused)."""


class ServerOutOfReach(PostgresError):
    """The server is not there now (down, restarting, the connection lost): a script may try
    again later, as when the store is busy, so the exit code is the same."""

    exit_code = ExitCode.BUSY


_OUT_OF_REACH = re.compile(r"Connection refused|timeout expired|server closed the connection|connection is lost|terminating connection"
                           r"|the database system is (?:starting up|shutting down|in recovery mode)|on socket .* No such file or directory")
"""libpq's and the server's words for a server that is not there now, apart from a URL, a role or
a password that is wrong (those stay wrong however often one tries)."""


_IN_THE_STORE = re.compile(r"permission denied for (?:table|sequence|function|relation) ")
"""The server's words for a right missing on one of the store's own objects, not on the schema to make them in."""


class NoStoreYet(PostgresError):
    """A reading command's database holds no klantprofiel store: nothing is made in it."""


def server_error(e: BaseException, where: str, hiding: tuple[str, ...] = ()) -> UserError | None:
    """What a psycopg failure means to the user, naming the store as `where` (masked), its reason
    masked too, `hiding` included (`url.passwords`); None for a bug."""
    detail = libpq_words(masked(str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__, hiding))
    if isinstance(e, errors.LockNotAvailable | errors.QueryCanceled | errors.SerializationFailure | errors.DeadlockDetected):
        return StoreBusyError("store_busy", path=where)
    if isinstance(e, errors.InsufficientPrivilege):
        in_store = _IN_THE_STORE.search(str(e)) is not None  # a table, sequence or function of the store: it is there
        return PostgresError("pg_no_permission", hint="pg_no_permission_in_store_hint" if in_store else "pg_no_permission_hint",
                             where=where, detail=detail)
    if isinstance(e, errors.InvalidCatalogName):
        return PostgresError("pg_no_database", hint="pg_no_database_hint", where=where, detail=detail)
    if isinstance(e, errors.DiskFull | errors.OutOfMemory | errors.ProgramLimitExceeded):  # OperationalErrors too, but not of reaching it
        return PostgresError("pg_server_refused", where=where, detail=detail)
    if isinstance(e, psycopg.OperationalError | psycopg.InterfaceError):
        out_of_reach = isinstance(e, errors.AdminShutdown | errors.CrashShutdown | errors.CannotConnectNow) or _OUT_OF_REACH.search(str(e))
        return (ServerOutOfReach if out_of_reach else PostgresError)("pg_cannot_connect", hint="pg_cannot_connect_hint", where=where,
                                                                     detail=detail)
    if isinstance(e, psycopg.errors.InvalidParameterValue):
        return PostgresError("pg_bad_url", where=where, detail=detail)
    return None


@contextmanager
def translated(where: str, hiding: tuple[str, ...] = ()) -> Iterator[None]:
    """psycopg failures a user can act on become `UserError`s naming the store (masked)."""
    try:
        yield
    except psycopg.Error as e:
        error = server_error(e, where, hiding)
        if error is None:
            raise
        raise error from None


def connect_server(url: str, *, busy_timeout: float) -> psycopg.Connection:
    """A connection in autocommit mode (`write` makes the transactions), waiting at most
    `busy_timeout` seconds for a lock before giving up."""
    where, hiding = masked(url), passwords(url)
    with translated(where, hiding):
        try:
            conn = psycopg.connect(as_libpq_reads(url), autocommit=True, application_name="klantprofiel", connect_timeout=max(1, round(busy_timeout)) or 10)
        except psycopg.ProgrammingError as e:  # libpq cannot read the URL: a setting it does not know, a `[` left open
            raise PostgresError("pg_bad_url", where=where, detail=libpq_words(masked(str(e).strip().splitlines()[0], hiding))) from None
        conn.execute("SELECT set_config('lock_timeout', %s, false)", (f"{max(1, int(busy_timeout * 1000))}ms",))
    return conn


@contextmanager
def write(conn: psycopg.Connection, where: str) -> Iterator[psycopg.Connection]:
    """One write transaction, holding the write lock: all of it lands, or none of it. A
    transaction inside another one is part of it (no lock taken twice)."""
    with translated(where):
        if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            yield conn
            return
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield conn


def retried(conn: psycopg.Connection, where: str, body: Callable[[psycopg.Connection], _T]) -> _T:
    """`body` in a write transaction, run again (all of it) when the server rolled it back as
    a serialisation failure or a deadlock; still failing after `RETRIES`: busy."""
    for attempt in range(RETRIES + 1):
        try:
            with write(conn, where):
                return body(conn)
        except StoreBusyError as e:
            cause = e.__context__
            if attempt == RETRIES or not isinstance(cause, errors.SerializationFailure | errors.DeadlockDetected):
                raise
        time.sleep(min(1.0, 0.02 * 2 ** attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")
