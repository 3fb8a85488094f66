"""The store a test runs on, seen from outside klantprofiel, for each backend alike: every row
(what "left as it was" compares), holding the write lock as another klantprofiel would, whether
an import is writing, and the bytes on disk where an erased name must be absent.

The `store_url` fixture (conftest.py) runs a test once on an SQLite file and once on a database
of the session's PostgreSQL server; `backend` gives it one of these for that store.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

TABLES = ("interviews", "people", "drafts", "question_sets", "feedback", "imports")
"""The tables both backends keep, by these names."""


class SQLiteBackend:
    kind = "sqlite"

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = Path(url)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, isolation_level=None, timeout=0)

    def rows(self, table: str = "interviews") -> list[tuple]:
        """Every row of `table` in id order ([] in a store not made yet)."""
        if not self.path.exists():
            return []
        with closing(self._connect()) as conn:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
                return []
            return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()

    def snapshot(self) -> dict[str, list[tuple]]:
        with closing(self._connect()) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {table: self.rows(table) for table in TABLES}

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Another klantprofiel holds the write lock meanwhile."""
        with closing(self._connect()) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            finally:
                conn.execute("ROLLBACK")

    @property
    def shown(self) -> str:
        """How klantprofiel's messages name this store."""
        return str(self.path)

    def execute(self, *statements: str) -> None:
        """SQL run by hand on the store, as a user with a database tool may."""
        with closing(sqlite3.connect(self.path)) as conn:
            for statement in statements:
                conn.execute(statement)
            conn.commit()

    def schema(self) -> dict[str, list[str]]:
        """Every table and its columns."""
        with closing(self._connect()) as conn:
            tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            return {t: [c[1] for c in conn.execute(f"PRAGMA table_info({t})")] for t in tables}

    def analysed(self) -> None:
        """ANALYZE, as a user may run it: its statistics (`sqlite_stat1`) count rows, and hold no values."""
        with closing(sqlite3.connect(self.path)) as conn:
            conn.execute("ANALYZE")
            conn.commit()

    def import_is_writing(self) -> bool:
        """Has an import written a good part of its rows (not yet committed)?"""
        journal = Path(f"{self.path}-journal")
        return journal.exists() and self.path.stat().st_size > 1 << 20

    def files(self) -> dict[str, bytes]:
        """The store's files on disk: the store and any journal or WAL beside it."""
        return {p.name: p.read_bytes() for p in self.path.parent.glob(self.path.name + "*")}


class PostgresBackend:
    kind = "postgresql"

    def __init__(self, url: str, cluster, database: str) -> None:
        self.url = url
        self.cluster = cluster
        self.database = database

    def rows(self, table: str = "interviews") -> list[tuple]:
        with self.cluster.admin(self.database) as conn:
            if conn.execute("SELECT to_regclass(%s) IS NULL", (table,)).fetchone()[0]:
                return []
            return conn.execute(f"SELECT * FROM {table} ORDER BY 1".encode()).fetchall()

    def snapshot(self) -> dict[str, list[tuple]]:
        return {table: self.rows(table) for table in TABLES}

    @property
    def shown(self) -> str:
        from klantprofiel.store.url import masked
        return masked(self.url)

    def execute(self, *statements: str) -> None:
        with self.cluster.admin(self.database) as conn:
            for statement in statements:
                conn.execute(statement.encode())

    def schema(self) -> dict[str, list[str]]:
        with self.cluster.admin(self.database) as conn:
            found: dict[str, list[str]] = {}
            for table, column in conn.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
                                              " ORDER BY table_name, ordinal_position"):
                found.setdefault(table, []).append(column)
            return found

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        from klantprofiel.store.postgres.connection import WRITE_LOCK
        with self.cluster.admin(self.database) as conn:
            conn.execute("BEGIN")
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            try:
                yield
            finally:
                conn.execute("ROLLBACK")

    def analysed(self) -> None:
        """What the server's autovacuum does now and then: the planner's statistics of every
        table taken, samples of its columns' values among them (in `pg_statistic`)."""
        with self.cluster.admin(self.database) as conn:
            conn.execute("ANALYZE")

    def import_is_writing(self) -> bool:
        with self.cluster.admin(self.database) as conn:
            row = conn.execute("SELECT pg_relation_size('interviews')").fetchone()  # rows not yet committed take pages too
        return bool(row and row[0] > 1 << 20)

    def files(self) -> dict[str, bytes]:
        """The files of the database's tables and indexes, after a CHECKPOINT."""
        return {p.name: p.read_bytes() for p in self.cluster.relation_files(self.database)}
