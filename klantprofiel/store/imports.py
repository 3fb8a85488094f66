"""Imports that can be run again and undone: what a batch import stores, under a number of its own.

A record arrives checked (`record_check`); here it finds its customer
(`identity.CustomerMatcher`: customer id, external id, name and organisation) and is stored, skipped
or stored in place of what was known:

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

import base64
import functools
import json
import secrets
import sqlite3
from collections.abc import Callable, Iterator

from klantprofiel.answers import AnswerProblem
from klantprofiel.dates import now_utc
from klantprofiel.errors import NotFoundError
from klantprofiel.folding import fold
from klantprofiel.identity import ALPHABET
from klantprofiel.names import customer_key, loose_key
from klantprofiel.store.identity import Customer, CustomerMatcher
from klantprofiel.store.interviews import (
    INSERT_SQL,
    STORED_COLUMNS,
    SQLiteStore,
    forget_if_empty,
    renamed,
    stored_row,
    uids,
)
from klantprofiel.store.protocol import CHECKED_WIDTH, Arrivals, StoredImport
from klantprofiel.store.protocol import EXISTING as EXISTING
from klantprofiel.who_when import STORED_FIELDS

_SET = 2 + len(STORED_FIELDS)
"""A checked row's question set (after his name, its key and the who/when fields: `checked_row`)."""
IMPORT_CACHE_KIB = 32 * 1024
"""SQLite's page cache while an import writes (the default is 2 MiB): a new customer's id and
name land at random places in the indexes of every customer, and with a cache smaller than those
indexes each insert reads pages back from the file. Bounded, so memory stays flat."""
ORGANISATIONS = 4096
"""Organisations whose keys a writer remembers: an import's records name the same ones again and again."""
_TO_OURS = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET.encode())


def _fresh_ids(count: int = 512) -> Iterator[str]:
    """New customer ids (`identity.new_customer_id`'s), made `count` at a time in C."""
    while True:
        text = base64.b32encode(secrets.token_bytes(5 * count)).translate(_TO_OURS).decode()
        yield from ("k-" + text[i:i + 8] for i in range(0, 8 * count, 8))


class ImportPlacer:
    """What the import writers of both stores share: how the checked rows of one import find
    their customers (`CustomerMatcher`), skip what is there, and replace; and what it comes to
    (`arrivals`). A store's writer adds the statements of its dialect: `begin`, `write`
    and `_remove_earlier`."""

    def __init__(self, conn: sqlite3.Connection, file: str, existing: str, dry_run: bool) -> None:
        self.conn = conn
        """The store's connection for the statements both dialects read alike (`?` placeholders)."""
        self.file, self.existing, self.dry_run = file, existing, dry_run
        self.arrivals = Arrivals()
        self.matcher = CustomerMatcher(conn, _fresh_ids())
        self._last_before = conn.execute("SELECT coalesce(max(id), 0) FROM interviews").fetchone()[0]
        """The interviews up to this id were stored before the import: those `replace` removes."""
        self._uids: set[str] = set()
        self._matched: set[str] = set()
        self._replaced: set[tuple[str, str]] = set()
        self._uid = uids()
        self.organisation_keys = functools.lru_cache(maxsize=ORGANISATIONS)(lambda organisation: (loose_key(organisation), fold(organisation)))
        """A new customer's organisation as the people table keeps it: its key (`names.loose_key`) and its folded form."""

    def place(self, rows: list[tuple]) -> list[tuple | AnswerProblem | None]:
        """For each checked row: the row to insert, None for a record skipped, or the problem
        with its customer that rejects it."""
        self._uids.clear()  # earlier batches' are in the store (kept per batch: memory stays flat)
        self._replaced.clear()  # deleting again what is gone deletes nothing
        stored_uids = self._stored_uids([r[-1] for r in rows if r[-1] is not None])
        if not self.matcher.empty:
            self.matcher.look_up({r[1] for r in rows}, {r[-3] for r in rows if r[-3]}, {r[-2] for r in rows if r[-2]})
        placed: list[tuple | AnswerProblem | None] = []
        for row in rows:
            cid, external_id, uid = row[CHECKED_WIDTH:]
            if uid is not None and (uid in stored_uids or uid in self._uids):
                self.arrivals.already_there += 1
                placed.append(None)
                continue
            try:
                customer = self.matcher.match(row[0], row[1], row[2], cid, external_id)
            except AnswerProblem as p:  # the record names its customer in a way that fits two, or nobody
                placed.append(p)
                continue
            known = self.matcher.known_before(customer)
            if known and customer.id not in self._matched:
                self._matched.add(customer.id)
                self.arrivals.matched_customers += 1
            if known and self.existing == "skip":
                self.arrivals.skipped += 1
                placed.append(None)
                continue
            if known and self.existing == "replace" and (customer.id, row[_SET]) not in self._replaced:
                self._replaced.add((customer.id, row[_SET]))
                self._remove_earlier(customer, row[_SET])
            if uid is not None:
                self._uids.add(uid)
            placed.append(stored_row(row, customer, uid or next(self._uid), self.arrivals.import_id))
        for taken in self.matcher.clashes():
            new = self.matcher.redraw(taken).id
            placed = [(p[0], new, *p[2:]) if isinstance(p, tuple) and p[1] == taken else p for p in placed]
        return placed

    def pass_over(self) -> None:
        """A batch checked but not written (an all-or-nothing import that has a rejection already)."""
        self.matcher.forget()

    def _arrived(self, rows: list[tuple]) -> list[Customer] | None:
        """Count a placed batch; the customers it made up, which `write` inserts first, or None
        on a dry run, which writes nothing (and forgets the batch here)."""
        made = list(self.matcher.created.values())
        self.arrivals.new_customers += len(made)
        self.arrivals.new_interviews += len(rows)
        if self.dry_run:
            self._take_renames(None)
            return None
        return made

    def _take_renames(self, rename: Callable[[Customer, str], None] | None) -> None:
        """Each customer the batch's records spell anew, written by `rename(customer, name before)`
        (with what undo needs; None on a dry run, which writes nothing); then the matcher forgets
        the batch: the next finds it in the store, and memory stays flat."""
        for before, customer in self.matcher.renamed.values():
            if rename is not None:
                rename(customer, before)
            self.arrivals.renamed.append((before, customer.name))
        self.matcher.renamed.clear()
        self.matcher.forget()

    def end(self) -> None:
        """An import that stored nothing keeps no number."""
        if not self.dry_run and not self.arrivals.new_interviews and self.arrivals.import_id is not None:
            self.conn.execute("DELETE FROM imports WHERE id = ?", (self.arrivals.import_id,))
            self.arrivals.import_id = None

    def _stored_uids(self, given: list[str]) -> set[str]:
        """Which of these interview uids the store holds already."""
        if not given or self.matcher.empty:
            return set()
        marks = ", ".join("?" * len(given))
        return {u for (u,) in self.conn.execute(f"SELECT uid FROM interviews WHERE uid IN ({marks})", given)}

    def _remove_earlier(self, customer: Customer, question_set: str) -> None:
        """`replace`: his interviews of the set from before the import go (kept for undo); a dry run counts them."""
        raise NotImplementedError


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
        " AND NOT EXISTS (SELECT 1 FROM drafts WHERE drafts.customer_key = people.id))"
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


def row_as_json(build: str) -> str:
    """An interview row as one JSON object, column -> value, made by the SQL function `build`
    (each dialect names it its own way): how `replace` keeps what it removes."""
    return f"{build}(" + ", ".join(f"'{c}', {c}" for c in STORED_COLUMNS) + ")"


_AS_JSON = row_as_json("json_object")


def put_back(conn: sqlite3.Connection, import_id: int, rename: Callable[[str, str], None]) -> None:
    """Undo what the import changed besides storing interviews: the interviews it replaced come
    back (under their own id while it is free), and a customer it renamed, still called so, gets
    the name he had before it (the latest rename first), by `rename(customer_id, name)`: each
    store keeps a name in its own places. Portable SQL: the PostgreSQL store runs it too."""
    for (text,) in conn.execute("SELECT interview FROM import_replaced WHERE import_id = ? ORDER BY rowid", (import_id,)).fetchall():
        row = {k: v for k, v in json.loads(text).items() if k in STORED_COLUMNS}
        if conn.execute("SELECT 1 FROM interviews WHERE id = ?", (row["id"],)).fetchone():
            del row["id"]
        conn.execute(f"INSERT INTO interviews ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
        conn.execute("UPDATE interviews SET customer = (SELECT name FROM people WHERE id = customer_key) WHERE customer_key = ?",
                     (row["customer_key"],))  # shown by the name he has now
    renames = conn.execute("SELECT customer_key, old_name, new_name FROM import_renames WHERE import_id = ? ORDER BY rowid DESC",
                           (import_id,)).fetchall()
    for key, old, new in renames:
        if conn.execute("SELECT 1 FROM people WHERE id = ? AND name = ?", (key, new)).fetchone():
            rename(key, old)
    for table in ("import_replaced", "import_renames"):
        conn.execute(f"DELETE FROM {table} WHERE import_id = ?", (import_id,))


def _catch_up(conn: sqlite3.Connection) -> None:
    from klantprofiel.store.customers import catch_up
    catch_up(conn)
