"""Saving and finding interviews and drafts. No printing: callers decide how to show results."""

from __future__ import annotations

import difflib
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from klantprofiel import identity, in_use, names
from klantprofiel.answers import Answers
from klantprofiel.dates import now_utc
from klantprofiel.errors import NotFoundError, UserError
from klantprofiel.folding import fold
from klantprofiel.i18n import Msg
from klantprofiel.names import customer_key
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.questionset.read_with import set_to_read
from klantprofiel.store import customers as index
from klantprofiel.store import identity as people
from klantprofiel.store import protocol, recount
from klantprofiel.store.connection import DamagedRow, StoreConnection, damaged
from klantprofiel.store.db import connect, transaction
from klantprofiel.store.identity import Customer
from klantprofiel.store.import_placer import forget_import_traces
from klantprofiel.store.location import store_path
from klantprofiel.store.lookups import PRONOUNS_SQL, Lookups
from klantprofiel.store.protocol import (
    EVERYONE,
    Compaction,
    CustomerCounts,
    CustomerFilter,
    CustomerRecords,
    CustomerSummary,
    Erased,
    InterviewRow,
    Records,
    StoredFeedback,
    StoredImport,
    Tally,
    checked_row,
    draft_state,
)
from klantprofiel.store.protocol import StoredDraft as StoredDraft
from klantprofiel.store.protocol import StoredInterview as StoredInterview
from klantprofiel.store.rows import INSERT_COLUMNS, SELECTED, WITH_PERSON, new_uid, stored_row
from klantprofiel.store.watch import ErasureWatch

if TYPE_CHECKING:
    from klantprofiel.store.imports import SQLiteImportWriter

INSERT_SQL = f"INSERT INTO interviews ({', '.join(INSERT_COLUMNS)}) VALUES ({', '.join('?' * len(INSERT_COLUMNS))})"


class SQLiteStore(Lookups):
    """The store at one path; opens lazily so commands that never touch it pay nothing.

    `create=False` for reading: a store that is not there is an error, not made (`db.connect`).
    `on_create` is called with the path when opening made a new store, so the CLI can say where."""

    MARK = "?"
    erasure = "file"

    def __init__(self, path: Path | str, *, create: bool = True, on_create: Callable[[Path], None] | None = None) -> None:
        self.path = store_path(path)
        in_use.note(self.path, Msg("in_use_store"))
        self._create = create
        self._on_create = on_create
        self._conn: StoreConnection | None = None
        self._sets: dict[tuple[str, str], QuestionSet] = {}

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self.path, create=self._create)
            if self._conn.created and self._on_create is not None:
                self._on_create(self.path)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.conn)

    def damaged(self, what: Msg | DamagedRow) -> UserError:
        return damaged(self.path, what)

    # --- customers ---------------------------------------------------------------------------

    def customer(self, text: str, organisation: str | None = None, *, command: str = "klantprofiel show") -> Customer:
        """The one customer a name or customer id means (`identity.find`)."""
        return identity.find(self, text, organisation, command=command)

    def customer_of(self, who: Customer | str, organisation: str | None = None) -> Customer:
        """`who`, or for a name or id the customer an interview of it is about (`identity.for_interview`)."""
        return who if isinstance(who, Customer) else identity.for_interview(self, who, organisation)

    def by_id(self, customer_id: str) -> Customer | None:
        return people.by_id(self.conn, customer_id)

    def by_external_id(self, external_id: str) -> Customer | None:
        return people.by_external_id(self.conn, external_id)

    def of_name(self, name: str) -> list[Customer]:
        return people.of_name(self.conn, name)

    def counts(self, customer: Customer) -> CustomerCounts:
        return people.counts(self.conn, customer)

    def keep_customer(self, conn: sqlite3.Connection, customer: Customer, organisation: str | None = None) -> Customer:
        """Inside the caller's write transaction: his row, made if he is new (unless another
        writer made him meanwhile: `identity.made_meanwhile`); `organisation`, if given, becomes
        his (he is where his latest interview says). Returns him as stored."""
        customer = identity.made_meanwhile(self, customer, organisation)
        if not customer.stored:
            conn.execute("INSERT OR IGNORE INTO people (id, name, name_key, organisation, organisation_key, external_id, created_at)"
                         " VALUES (?, ?, ?, ?, organisation_key(?), ?, ?)",
                         (customer.id, customer.name, customer_key(customer.name), organisation or customer.organisation,
                          organisation or customer.organisation, customer.external_id, now_utc()))
        elif organisation:
            conn.execute("UPDATE people SET organisation = ?, organisation_key = organisation_key(?) WHERE id = ? AND organisation IS NOT ?",
                         (organisation, organisation, customer.id, organisation))
        return replace(customer, stored=True)

    def rename(self, who: Customer | str, new_name: str) -> Customer:
        """Give a customer another name to be shown by; his id, interviews and drafts stay his."""
        customer = who if isinstance(who, Customer) else self.customer(who, command="klantprofiel rename")
        name = names.normalise(new_name)
        if not name:
            raise UserError("new_name_empty")
        with self.transaction() as conn:
            renamed(conn, customer.id, name)
        return Customer(customer.id, name, customer.organisation, customer.external_id)

    # --- interviews -------------------------------------------------------------------------

    def watch(self, who: Customer | str, question_set: str) -> ErasureWatch:
        """For an interview that begins now: pass it to each save, so a customer erased while
        it runs is not stored again (`watch.py`)."""
        return ErasureWatch.begin(self.conn, self.customer_of(who), question_set)

    def save_interview(self, qs: QuestionSet, answers: Answers, source: str = "interview", watch: protocol.Watch | None = None,
                       customer: Customer | None = None) -> int:
        """Store a finished interview of `customer` (else the watch's, else whom its name means)
        and drop its draft, in one transaction."""
        watch = _own(watch)
        who = customer or (watch.customer if watch is not None else self.customer_of(answers.meta.get("customer") or ""))
        row = checked_row(qs, answers, source, now_utc())
        with self.transaction() as conn:
            if watch is not None:
                watch.check(conn)
            who = self.keep_customer(conn, who, answers.meta.get("organisation"))
            self.keep_set(qs)
            cur = conn.execute(INSERT_SQL, stored_row(row, who, new_uid()))
            index.catch_up(conn)
            conn.execute("DELETE FROM drafts WHERE customer_key = ? AND question_set = ?", (who.id, qs.id))
        return int(cur.lastrowid or 0)

    def _rows(self, where: str, params: tuple, order: str = "id") -> sqlite3.Cursor:
        """Interview rows in `protocol.INTERVIEW_FIELDS` order; the cursor reads them as they are needed."""
        return self.conn.execute(f"SELECT {SELECTED} FROM {WITH_PERSON} WHERE {where} ORDER BY {order}", params)

    def _select(self, where: str, params: tuple, order: str = "id") -> list[StoredInterview]:
        try:
            return [StoredInterview.from_row(r) for r in self._rows(where, params, order)]
        except DamagedRow as e:
            raise damaged(self.path, e) from None

    def not_found(self, name: str) -> NotFoundError:
        """"No customer named ..." with up to three stored names close to `name`: those near it in
        alphabetical order that difflib finds alike (read from the index on the key), else names that
        contain it (the customer index), so a misspelt name costs about what a found one does."""
        near = index.near(self.conn, customer_key(name))
        close = [near[k] for k in difflib.get_close_matches(customer_key(name), list(near), n=3, cutoff=0.5)]
        close = close or index.containing(self.customer_index(), name)
        hint = Msg("did_you_mean_names", names=", ".join(close)) if close else Msg("see_customers_hint")
        return NotFoundError("no_customer", hint=hint, name=name)

    def customers(self, which: CustomerFilter = CustomerFilter(), sort: str = "last", limit: int | None = None) -> Iterator[CustomerSummary]:
        """One summary per customer that `which` picks, most recently met first (`sort`: see
        `protocol.SORTS`), read from the customer index as they are used."""
        return index.summaries(self.customer_index(), which, sort, limit)

    def count_customers(self, which: CustomerFilter = CustomerFilter()) -> int:
        return index.count(self.customer_index(), which)

    def customer_index(self) -> sqlite3.Connection:
        """The connection, once the customer index has taken in every stored interview, with their
        knownness as the sets they are read with count it."""
        self._counts_current()
        if index.index_behind(self.conn):
            with self.transaction() as conn:
                index.catch_up(conn)
        return self.conn

    # --- batch import and export ------------------------------------------------------------

    def interview_rows(self, records: Records = EVERYONE, batch: int = 500) -> Iterator[list[InterviewRow]]:
        """Every interview, or those of some customers, oldest first, `batch` at a time, read
        while they are written out."""
        self._counts_current()
        rows = self._rows(*people.whose(records))
        while chunk := rows.fetchmany(batch):
            yield list(map(InterviewRow._make, chunk))

    def sets_used(self, records: Records = EVERYONE) -> list[tuple[str, str]]:
        """The (set id, version) pairs those interviews were answered against, first used first."""
        where, params = people.whose(records)
        sql = f"SELECT question_set, set_version FROM interviews WHERE {where} GROUP BY question_set, set_version ORDER BY min(id)"
        return [tuple(r) for r in self.conn.execute(sql, params)]

    def pronouns(self, records: Records = EVERYONE) -> dict[str, str]:
        where, params = people.whose(records)
        return dict(self.conn.execute(f"{PRONOUNS_SQL} AND {where} ORDER BY id", params))

    # --- question sets ----------------------------------------------------------------------

    def keep_set(self, qs: QuestionSet) -> None:
        """Keep a copy of the set an interview was answered against (inside the caller's transaction);
        a set that differs from the copy kept of its id and version is refused (`check_set`)."""
        new = not self.check_set(qs)
        if new:
            self.conn.execute("INSERT INTO question_sets (id, version, definition, content_hash) VALUES (?, ?, ?, ?)",
                              (qs.id, qs.version, qs.model_dump_json(by_alias=True), qs.content_hash))
        recount.counted(self.conn, qs, self.question_set(qs.id, qs.version), new)

    def _counts_current(self) -> None:
        """Count again the interviews whose set reads them otherwise now (`recount.py`)."""
        recount.counts_current(self.conn, self.transaction, self.question_set)

    def _kept_hash(self, qs: QuestionSet) -> tuple[str | None] | None:
        row = self.conn.execute("SELECT content_hash FROM question_sets WHERE id = ? AND version = ?", (qs.id, qs.version)).fetchone()
        return (row[0],) if row else None

    def kept_sets(self) -> list[tuple[str, str]]:
        """The (set id, version) of every set kept in the store: those its interviews use."""
        return [tuple(r) for r in self.conn.execute("SELECT id, version FROM question_sets ORDER BY id, version")]

    def question_set(self, set_id: str, version: str) -> QuestionSet:
        """The set a stored interview is read with (`questionset.read_with`)."""
        key = (set_id, version)
        if key not in self._sets:
            self._sets[key] = set_to_read(set_id, version, self.kept_set(set_id, version))
        return self._sets[key]

    def kept_set(self, set_id: str, version: str) -> QuestionSet | None:
        """The copy this store keeps of that set and version, exactly as the interviews answered it."""
        row = self.conn.execute("SELECT definition FROM question_sets WHERE id = ? AND version = ?", (set_id, version)).fetchone()
        try:
            return QuestionSet.model_validate_json(row[0]) if row else None
        except ValueError:  # pydantic's ValidationError is one
            raise damaged(self.path, Msg("damaged_set_copy", set=set_id, version=version)) from None

    # --- drafts -------------------------------------------------------------------------------

    def save_draft(self, who: Customer | str, question_set: str, state: dict[str, Any], watch: protocol.Watch | None = None) -> None:
        watch = _own(watch)
        customer = watch.customer if watch is not None else self.customer_of(who)
        with self.transaction() as conn:
            if watch is not None:
                watch.check(conn)
            customer = self.keep_customer(conn, customer)
            conn.execute(
                "INSERT OR REPLACE INTO drafts (customer_key, question_set, customer, state, updated_at) VALUES (?, ?, ?, ?, ?)",
                (customer.id, question_set, customer.name, json.dumps(state, ensure_ascii=False), now_utc()),
            )
        if watch is not None:
            watch.saved_draft, watch.customer = True, customer  # as stored: the next save finds him so

    def draft(self, who: Customer | str, question_set: str) -> dict[str, Any] | None:
        customer = self.customer_of(who)
        row = self.conn.execute("SELECT state FROM drafts WHERE customer_key = ? AND question_set = ?", (customer.id, question_set)).fetchone()
        if row is None:
            return None
        try:
            return draft_state(row[0], customer.name, question_set)
        except DamagedRow as e:
            raise damaged(self.path, e) from None

    def drafts(self, records: Records) -> list[StoredDraft]:
        """The drafts of some customers (`Customer.records`), most recent first."""
        where, params = people.whose(records)
        rows = self.conn.execute(f"SELECT customer, question_set, state, updated_at, customer_key FROM drafts WHERE {where}"
                                 " ORDER BY updated_at DESC", params)
        try:
            return [StoredDraft(name, set_id, draft_state(state, name, set_id), updated, key) for name, set_id, state, updated, key in rows]
        except DamagedRow as e:
            raise damaged(self.path, e) from None

    def drop_draft(self, who: Customer | str, question_set: str) -> None:
        customer = self.customer_of(who)
        with self.transaction() as conn:
            conn.execute("DELETE FROM drafts WHERE customer_key = ? AND question_set = ?", (customer.id, question_set))
            forget_if_empty(conn, customer.id)


    # --- feedback, imports, erasure (each in a module of its own) ------------------------------

    def add_feedback(self, interview_id: int, line: str, verdict: str, note: str | None) -> None:
        from klantprofiel.store import feedback
        feedback.add(self, interview_id, line, verdict, note)

    def feedback(self, records: Records) -> list[StoredFeedback]:
        from klantprofiel.store import feedback
        return feedback.on_interviews(self, records)

    def feedback_tally(self) -> list[Tally]:
        from klantprofiel.store import feedback
        return feedback.by_rule(self)

    def import_writer(self, file: str, existing: str = "new-interview", dry_run: bool = False) -> SQLiteImportWriter:
        from klantprofiel.store.imports import SQLiteImportWriter
        return SQLiteImportWriter(self, file, existing, dry_run)

    def stored_import(self, import_id: int) -> StoredImport:
        from klantprofiel.store import imports
        return imports.stored_import(self, import_id)

    def undo_import(self, import_id: int) -> StoredImport:
        from klantprofiel.store import imports
        return imports.undo(self, import_id)

    def customer_records(self, name: str, organisation: str | None = None) -> CustomerRecords:
        from klantprofiel.store import erase
        return erase.customer_records(self, name, organisation)

    def erase_customer(self, name: str, organisation: str | None = None) -> Erased:
        from klantprofiel.store import erase
        return erase.erase_customer(self, name, organisation)

    def erase_interview(self, interview_id: int) -> Erased:
        from klantprofiel.store import erase
        return erase.erase_interview(self, interview_id)

    def compaction_due(self) -> bool:
        from klantprofiel.store import erase
        return erase.compaction_due(self)

    def compact(self) -> tuple[Compaction, Msg | None]:
        from klantprofiel.store import erase
        return erase.compact(self)


def _own(watch: protocol.Watch | None) -> ErasureWatch | None:
    """A watch this store handed out (`SQLiteStore.watch`): another store's cannot see its erasures."""
    assert watch is None or isinstance(watch, ErasureWatch), "a watch from another store"
    return watch


def renamed(conn: sqlite3.Connection, customer_id: str, name: str) -> None:
    """Show customer `customer_id` by `name` from now on, everywhere his name is kept (inside the
    caller's transaction): `rename`, and an import whose CRM spells him anew."""
    conn.execute("UPDATE people SET name = ?, name_key = ? WHERE id = ?", (name, customer_key(name), customer_id))
    for table in ("interviews", "drafts"):
        conn.execute(f"UPDATE {table} SET customer = ? WHERE customer_key = ?", (name, customer_id))
    conn.execute("UPDATE customers SET name = ?, name_folded = ? WHERE customer_key = ?", (name, fold(name), customer_id))


def forget_if_empty(conn: sqlite3.Connection, cid: str) -> None:
    """Inside a write transaction: a customer with no interview and no draft left is no longer
    kept (his name would be all that is left of him)."""
    gone = conn.execute("DELETE FROM people WHERE id = ? AND NOT EXISTS (SELECT 1 FROM interviews WHERE customer_key = ?)"
                        " AND NOT EXISTS (SELECT 1 FROM drafts WHERE customer_key = ?)", (cid, cid, cid)).rowcount
    if gone:
        forget_import_traces(conn, cid)


if TYPE_CHECKING:
    def _implements(store: SQLiteStore) -> protocol.Store:
        """mypy holds `SQLiteStore` to the protocol here: a method missing or of another shape fails the type check."""
        return store
