"""Erasing a customer on request (every interview and draft of him, and the file space they used), or one interview.

With `secure_delete` on, SQLite overwrites deleted rows with zeros as it deletes them; VACUUM
then rebuilds the file without the freed pages. A store that another program switched to WAL
mode keeps older copies of changed pages in its `-wal` file, the erased rows among them, until
they are checkpointed: so the erasure ends with a checkpoint that empties that file, and is
only complete once it could. The question-set copies stay: they hold no personal data and
other customers' interviews are read with them.

The erasure itself is one transaction. Compacting comes after it and can fail on its own (a
full disk, Ctrl-C, another program holding the store open): the store keeps a mark that it is
due, the result says what happened, and the next `delete` finishes it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from klantprofiel.errors import StoreBusyError, UserError
from klantprofiel.i18n import Msg
from klantprofiel.store.customers import after_erasure
from klantprofiel.store.import_placer import forget_import_traces
from klantprofiel.store.interviews import SQLiteStore, forget_if_empty
from klantprofiel.store.protocol import Compaction, CompactionInterrupted, CustomerRecords, Erased

COMMAND = "klantprofiel delete"


def customer_records(store: SQLiteStore, name: str, organisation: str | None = None) -> CustomerRecords:
    """What is stored about one customer (a name or a customer id); NotFoundError (with close
    names) when nobody is, AmbiguousName when the name is more than one person's (`identity`)."""
    found = store.counts(store.customer(name, organisation, command=COMMAND))
    return CustomerRecords(found.customer.name, found.interviews, found.drafts, found.customer.id)


def erase_customer(store: SQLiteStore, name: str, organisation: str | None = None) -> Erased:
    """Delete every interview and draft of one customer, and him, in one transaction, then
    compact the file. Ctrl-C while compacting raises CompactionInterrupted carrying what was erased."""
    with store.transaction() as conn:
        customer = store.customer(name, organisation, command=COMMAND)  # again, under the lock: what is erased is what was counted
        interviews = conn.execute("DELETE FROM interviews WHERE customer_key = ?", (customer.id,)).rowcount
        drafts = conn.execute("DELETE FROM drafts WHERE customer_key = ?", (customer.id,)).rowcount
        conn.execute("DELETE FROM people WHERE id = ?", (customer.id,))
        forget_import_traces(conn, customer.id)
        _erased(conn)
    return _compacted(store, Erased(customer.name, interviews, drafts, customer.id))


def erase_interview(store: SQLiteStore, interview_id: int) -> Erased:
    """Delete one interview as completely as `erase_customer` deletes a customer (and the
    customer too, when it was all that was stored of him)."""
    with store.transaction() as conn:
        item = store.interview(interview_id)
        conn.execute("DELETE FROM interviews WHERE id = ?", (interview_id,))
        forget_if_empty(conn, item.customer_key)
        _erased(conn)
    return _compacted(store, Erased(item.customer, 1, 0, item.customer_key))


def _erased(conn: sqlite3.Connection) -> None:
    """The end of every erasure's transaction: running interviews told, compaction marked due,
    the customer index made again without what was erased."""
    conn.execute("UPDATE erasures SET generation = generation + 1, compaction_due = 1")
    after_erasure(conn)


def _compacted(store: SQLiteStore, erased: Erased) -> Erased:
    try:
        compaction, problem = compact(store)
    except KeyboardInterrupt:
        raise CompactionInterrupted(replace(erased, compaction=Compaction.INTERRUPTED)) from None
    return replace(erased, compaction=compaction, problem=problem)


def compaction_due(store: SQLiteStore) -> bool:
    """Did an erasure end before its compaction was done?"""
    return bool(store.conn.execute("SELECT compaction_due FROM erasures").fetchone()[0])


def compact(store: SQLiteStore) -> tuple[Compaction, Msg | None]:
    """VACUUM, then empty the `-wal` file (if the store has one); the mark is cleared once both are done."""
    outcome, problem = Compaction.DONE, None
    try:
        store.conn.execute("VACUUM")
    except StoreBusyError:
        outcome = Compaction.BUSY
    except UserError as e:
        outcome, problem = Compaction.FAILED, e.msg
    try:
        if store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
            return Compaction.WAL_KEPT, None
    except UserError as e:
        return Compaction.WAL_KEPT, e.msg
    if outcome is Compaction.DONE:
        with store.transaction() as conn:
            conn.execute("UPDATE erasures SET compaction_due = 0")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the mark's own page: no personal data
    return outcome, problem
