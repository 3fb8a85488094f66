"""The SQLite store's tables as `store copy` reads and writes them (`copy.Tables`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from klantprofiel.store.copy import COPY_BATCH, NEVER_REUSED, TABLES
from klantprofiel.store.customers import catch_up
from klantprofiel.store.interviews import SQLiteStore as Store


class SQLiteTables:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.holds_nul = True
        self.where = str(store.path)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        conn = self.store.conn
        conn.execute("BEGIN")  # a read transaction: every read sees the file as it was at the first
        try:
            yield
        finally:
            conn.execute("ROLLBACK")

    def read(self, table: str, columns: tuple[str, ...]) -> Iterator[list[tuple]]:
        rows = self.store.conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")
        while batch := rows.fetchmany(COPY_BATCH):
            yield batch

    def customers(self) -> int:
        return int(self.store.conn.execute("SELECT count(*) FROM people").fetchone()[0])

    def write(self):
        return self.store.transaction()

    def handed_out(self) -> dict[str, int]:
        counters = dict(self.store.conn.execute("SELECT name, seq FROM sqlite_sequence"))  # AUTOINCREMENT's counters
        return {table: int(counters.get(table, 0)) for table in NEVER_REUSED}

    def clear(self) -> None:
        for table in reversed(TABLES):  # those that refer to others first
            self.store.conn.execute(f"DELETE FROM {table}")

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        self.store.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)

    def finish(self, handed_out: dict[str, int]) -> None:
        conn = self.store.conn
        for table in NEVER_REUSED:  # the rows copied moved it to their highest id; a deleted one may have been higher
            conn.execute("INSERT INTO sqlite_sequence (name, seq) SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)",
                         (table, table))
            conn.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (handed_out[table], table))
        catch_up(conn)  # the customer index takes in what came
