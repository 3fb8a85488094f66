"""The PostgreSQL store's tables as `store copy` reads and writes them (`copy.Tables`): rows go
in by COPY, the folded names are made from them, and the id counters move past the ids copied."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from klantprofiel.folding import fold
from klantprofiel.store.copy import COPY_BATCH, NEVER_REUSED, TABLES
from klantprofiel.store.postgres.connection import translated
from klantprofiel.store.postgres.store import PostgresStore

_ORDER = {"people": "rowid", "import_renames": "rowid", "import_replaced": "rowid", "drafts": "updated_at, customer_key",
          "question_sets": "id, version"}
"""The order rows were stored in, where it is not their id."""
SERIALS = ("people.rowid", "imports.id", "interviews.id", "feedback.id")


class PostgresTables:
    def __init__(self, store: PostgresStore) -> None:
        self.store = store
        self.holds_nul = False
        self.where = store.path

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        conn = self.store.conn
        with translated(self.where), conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield

    def read(self, table: str, columns: tuple[str, ...]) -> Iterator[list[tuple]]:
        with translated(self.where), self.store.conn.cursor(name=f"copy_{table}") as cur:
            cur.itersize = COPY_BATCH
            cur.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {_ORDER.get(table, 'id')}".encode())
            while batch := cur.fetchmany(COPY_BATCH):
                yield batch

    def customers(self) -> int:
        row = self.store.conn.execute("SELECT count(*) FROM people").fetchone()
        return int(row[0]) if row else 0

    def write(self):
        return self.store.transaction()

    def handed_out(self) -> dict[str, int]:
        """A sequence is outside the snapshot: it may have gone on since, never back. One that
        was set (by a copy) but not yet used holds the next id, not the last. A role that may
        read the tables but not the sequences (a reader's) knows only the ids left: 0."""
        conn, found = self.store.conn, {}
        with translated(self.where):
            for table in NEVER_REUSED:
                (sequence, readable), = conn.execute(
                    f"SELECT s, has_sequence_privilege(s, 'SELECT') FROM pg_get_serial_sequence('{table}', 'id') AS s".encode()).fetchall()
                found[table] = 0
                if readable:
                    (last,), = conn.execute(f"SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {sequence}".encode()).fetchall()
                    found[table] = int(last)
        return found

    def clear(self) -> None:
        with translated(self.where):
            for table in reversed(TABLES):  # those that refer to others first
                self.store.conn.execute(f"DELETE FROM {table}".encode())

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if table == "people":  # and what list --search reads, folded as the store folds it
            columns = (*columns, "name_folded", "organisation_folded")
            rows = [(*r, fold(r[1]), fold(r[3])) for r in rows]
        with translated(self.where), self.store.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN".encode()) as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self, handed_out: dict[str, int]) -> None:
        with translated(self.where):
            for serial in SERIALS:
                table, column = serial.split(".")
                self.store.conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                                        f" greatest(coalesce(max({column}), 0), {int(handed_out.get(table, 0))}) + 1, false)"
                                        f" FROM {table}".encode())
