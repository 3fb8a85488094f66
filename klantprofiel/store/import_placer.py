"""What the import writers of both stores share: placing an import's checked rows, and undoing it.

A batch import's records find their customers (`matcher.CustomerMatcher`), skip what is there
and replace (`ImportPlacer`); undo puts back what an import replaced and renamed (`put_back`), and
what imports kept of a customer goes when he goes (`forget_import_traces`). All of it is portable
SQL with `?` placeholders, on tables both stores keep alike: the SQLite store runs it as it is, the
PostgreSQL store through its `Qmark`. Each store's writer adds the statements of its own dialect
(`store/imports.py`, `store/postgres/store.py`).
"""

from __future__ import annotations

import base64
import functools
import json
import secrets
import sqlite3
from collections.abc import Callable, Iterator

from klantprofiel.answers import AnswerProblem
from klantprofiel.folding import fold
from klantprofiel.identity import ALPHABET
from klantprofiel.names import loose_key
from klantprofiel.store.matcher import CustomerMatcher
from klantprofiel.store.protocol import CHECKED_WIDTH, Arrivals, Customer
from klantprofiel.store.rows import STORED_COLUMNS, stored_row, uids
from klantprofiel.who_when import STORED_FIELDS

_SET = 2 + len(STORED_FIELDS)
"""A checked row's question set (after his name, its key and the who/when fields: `checked_row`)."""
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
        """The uids of the rows placed that are not in the store yet (`_in_store` forgets them): memory stays flat."""
        self._matched: set[str] = set()
        self._replaced: set[tuple[str, str]] = set()
        self._uid = uids()
        self.organisation_keys = functools.lru_cache(maxsize=ORGANISATIONS)(lambda organisation: (loose_key(organisation), fold(organisation)))
        """A new customer's organisation as the people table keeps it: its key (`names.loose_key`) and its folded form."""

    def place(self, rows: list[tuple]) -> list[tuple | AnswerProblem | None]:
        """For each checked row: the row to insert, None for a record skipped, or the problem
        with its customer that rejects it."""
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
        self._in_store()

    def _in_store(self) -> None:
        """The rows placed so far are stored (or, on a dry run or passed over, never will be):
        the store answers for their uids from now on."""
        self._uids.clear()

    def _arrived(self, rows: list[tuple]) -> list[Customer] | None:
        """Count a placed batch; the customers it made up, which `write` inserts first, or None
        on a dry run, which writes nothing (and forgets the batch here)."""
        made = list(self.matcher.created.values())
        self.arrivals.new_customers += len(made)
        self.arrivals.new_interviews += len(rows)
        if self.dry_run:
            self._take_renames(None)
            self._in_store()
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


FEEDBACK_KEPT = ("line", "verdict", "note", "created_at")
"""What `replace` keeps of the feedback on an interview it removes (it goes with the interview)."""


def row_as_json(build: str, gather: str) -> str:
    """An interview row as one JSON object, column -> value, with the feedback on its lines as a
    list under "feedback", made by the SQL functions `build` (an object) and `gather` (an array
    of the rows): each dialect names them its own way. How `replace` keeps what it removes."""
    feedback = (f"(SELECT {gather}({build}(" + ", ".join(f"'{c}', f.{c}" for c in FEEDBACK_KEPT) + "))"
                " FROM feedback f WHERE f.interview_id = interviews.id)")
    return f"{build}(" + ", ".join(f"'{c}', {c}" for c in STORED_COLUMNS) + f", 'feedback', {feedback})"


def put_back(conn: sqlite3.Connection, import_id: int, rename: Callable[[str, str], None]) -> None:
    """Undo what the import changed besides storing interviews: the interviews it replaced come
    back (under their own id while it is free), and a customer it renamed, still called so, gets
    the name he had before it (the latest rename first), by `rename(customer_id, name)`: each
    store keeps a name in its own places. Portable SQL: the PostgreSQL store runs it too."""
    for (text,) in conn.execute("SELECT interview FROM import_replaced WHERE import_id = ? ORDER BY rowid", (import_id,)).fetchall():
        kept = json.loads(text)
        row = {k: v for k, v in kept.items() if k in STORED_COLUMNS}
        if conn.execute("SELECT 1 FROM interviews WHERE id = ?", (row["id"],)).fetchone():
            del row["id"]
        conn.execute(f"INSERT INTO interviews ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
        conn.execute("UPDATE interviews SET customer = (SELECT name FROM people WHERE id = customer_key) WHERE customer_key = ?",
                     (row["customer_key"],))  # shown by the name he has now
        if kept.get("feedback"):  # with the interview, by whatever id it has now
            (interview_id,) = conn.execute("SELECT id FROM interviews WHERE uid = ?", (row["uid"],)).fetchone()
            for said in kept["feedback"]:
                conn.execute(f"INSERT INTO feedback (interview_id, {', '.join(FEEDBACK_KEPT)}) VALUES (?, {', '.join('?' * len(FEEDBACK_KEPT))})",
                             (interview_id, *(said[c] for c in FEEDBACK_KEPT)))
    renames = conn.execute("SELECT customer_key, old_name, new_name FROM import_renames WHERE import_id = ? ORDER BY rowid DESC",
                           (import_id,)).fetchall()
    for key, old, new in renames:
        if conn.execute("SELECT 1 FROM people WHERE id = ? AND name = ?", (key, new)).fetchone():
            rename(key, old)
    for table in ("import_replaced", "import_renames"):
        conn.execute(f"DELETE FROM {table} WHERE import_id = ?", (import_id,))


def forget_import_traces(conn: sqlite3.Connection, cid: str) -> None:
    """What imports kept of a customer to undo them (interviews they replaced, names he had): it
    goes when he goes, as erasure asks."""
    for table in ("import_replaced", "import_renames"):
        conn.execute(f"DELETE FROM {table} WHERE customer_key = ?", (cid,))
