"""Imports that can be run again and undone: what a batch import stores, under a number of its own.

A record arrives checked (`record_check`); here it finds its customer
(`matcher.CustomerMatcher`: customer id, external id, name and organisation) and is stored, skipped
or stored in place of what was known (`import_placer.ImportPlacer`, which both stores share; this
module is the SQLite store's writer):

- a record whose interview uid is stored already is skipped ("already there"), so importing a
  store's own export again changes nothing;
- `existing` says what a record of a customer who was stored before this import does:
  `new-interview` (another interview of him), `skip`, or `replace` (his interviews of that
  question set from before this import make way for the import's).

Every interview an import stores carries its import id; `undo` removes exactly those, and the
customers that import made who have nothing else left. What else the import changed is kept
beside it, so that undo puts it back: the interviews `replace` took the place of (`import_replaced`)
and the names a CRM record spelled anew (`import_renames`).
"""

from __future__ import annotations

import sqlite3

from klantprofiel.dates import now_utc
from klantprofiel.errors import NotFoundError
from klantprofiel.names import customer_key
from klantprofiel.store.import_placer import ImportPlacer, put_back, row_as_json
from klantprofiel.store.interviews import INSERT_SQL, SQLiteStore, forget_if_empty, renamed
from klantprofiel.store.protocol import EXISTING as EXISTING
from klantprofiel.store.protocol import Customer, StoredImport

IMPORT_CACHE_KIB = 32 * 1024
"""SQLite's page cache while an import writes (the default is 2 MiB): a new customer's id and
name land at random places in the indexes of every customer, and with a cache smaller than those
indexes each insert reads pages back from the file. Bounded, so memory stays flat."""


class SQLiteImportWriter(ImportPlacer):
    """Places the checked rows of one import, inside its transaction (or, for a dry run, counts
    what would happen without writing)."""

    def __init__(self, store: SQLiteStore, file: str, existing: str = "new-interview", dry_run: bool = False) -> None:
        super().__init__(store.conn, file, existing, dry_run)

    def write(self, rows: list[tuple]) -> None:
        """Insert the placed rows, and first the customers this batch made up."""
        made = self._arrived(rows)
        if made is None:
            return
        now = now_utc()
        self.conn.executemany("INSERT INTO people (id, name, name_key, organisation, organisation_key, external_id, created_at)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?)",
                              [(c.id, c.name, customer_key(c.name), c.organisation, self.organisation_keys(c.organisation)[0], c.external_id, now)
                               for c in made])
        if self.matcher.given_external_id:
            self.conn.executemany("UPDATE people SET external_id = ? WHERE id = ?",
                                  [(c.external_id, c.id) for c in self.matcher.given_external_id.values()])
        self._take_renames(self._rename)
        self.conn.executemany(INSERT_SQL, rows)
        self._in_store()

    def _rename(self, customer: Customer, before: str) -> None:
        renamed(self.conn, customer.id, customer.name)
        self.conn.execute("INSERT INTO import_renames (import_id, customer_key, old_name, new_name) VALUES (?, ?, ?, ?)",
                          (self.arrivals.import_id, customer.id, before, customer.name))

    def begin(self) -> None:
        """Number this import (inside its transaction)."""
        if not self.dry_run:
            self.conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
            self.arrivals.import_id = self.conn.execute("INSERT INTO imports (file, created_at) VALUES (?, ?)", (self.file, now_utc())).lastrowid

    def _remove_earlier(self, customer: Customer, question_set: str) -> None:
        where = "customer_key = ? AND question_set = ? AND id <= ?"
        params = (customer.id, question_set, self._last_before)
        if self.dry_run:
            self.arrivals.replaced += self.conn.execute(f"SELECT count(*) FROM interviews WHERE {where}", params).fetchone()[0]
        else:
            self.conn.execute(f"INSERT INTO import_replaced (import_id, customer_key, interview) SELECT ?, customer_key, {_AS_JSON}"
                              f" FROM interviews WHERE {where}", (self.arrivals.import_id, *params))
            self.arrivals.replaced += self.conn.execute(f"DELETE FROM interviews WHERE {where}", params).rowcount


def stored_import(store: SQLiteStore, import_id: int) -> StoredImport:
    row = store.conn.execute("SELECT file, created_at FROM imports WHERE id = ?", (import_id,)).fetchone()
    if row is None:
        raise NotFoundError("no_import_id", hint="no_import_id_hint", id=import_id)
    replaced, names = (store.conn.execute(f"SELECT count(*) FROM {table} WHERE import_id = ?", (import_id,)).fetchone()[0]
                          for table in ("import_replaced", "import_renames"))
    interviews, customers = store.conn.execute(
        "SELECT count(*), (SELECT count(*) FROM people WHERE id IN (SELECT customer_key FROM interviews WHERE import_id = :id)"
        " AND NOT EXISTS (SELECT 1 FROM interviews i WHERE i.customer_key = people.id AND i.import_id IS NOT :id)"
        " AND NOT EXISTS (SELECT 1 FROM drafts WHERE drafts.customer_key = people.id)"
        " AND NOT EXISTS (SELECT 1 FROM import_replaced r WHERE r.import_id = :id AND r.customer_key = people.id))"  # they get those back
        " FROM interviews WHERE import_id = :id", {"id": import_id}).fetchone()
    return StoredImport(import_id, row[0], row[1], interviews, customers, replaced, names)


def undo(store: SQLiteStore, import_id: int) -> StoredImport:
    """Remove every interview this import stored, and the customers it made who have nothing
    else left, in one transaction; returns what was removed."""
    with store.transaction() as conn:
        found = stored_import(store, import_id)  # again, under the lock: what is removed is what was counted
        keys = [k for (k,) in conn.execute("SELECT DISTINCT customer_key FROM interviews WHERE import_id = ?", (import_id,))]
        conn.execute("DELETE FROM interviews WHERE import_id = ?", (import_id,))
        put_back(conn, import_id, lambda key, name: renamed(conn, key, name))  # before the customers left empty are forgotten: a replaced interview keeps him
        for key in keys:
            forget_if_empty(conn, key)
        conn.execute("DELETE FROM imports WHERE id = ?", (import_id,))
        _catch_up(conn)
    return found


_AS_JSON = row_as_json("json_object", "json_group_array")


def _catch_up(conn: sqlite3.Connection) -> None:
    from klantprofiel.store.customers import catch_up
    catch_up(conn)
