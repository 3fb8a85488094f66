"""Erasing a customer on request: every interview and draft of him, and the file space they used.

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

from dataclasses import dataclass
from enum import Enum

from klantprofiel.errors import StoreBusyError, UserError
from klantprofiel.store.customers import after_erasure
from klantprofiel.store.identity import Candidate, select
from klantprofiel.store.interviews import Store

COMMAND = "klantprofiel delete"


class Compaction(str, Enum):
    DONE = "done"
    BUSY = "busy"
    """Another klantprofiel kept VACUUM from running: the rows are zeroed all the same, the file is not smaller."""
    WAL_KEPT = "wal_kept"
    """The `-wal` file could not be emptied (another connection reads from it): old copies of the rows remain."""
    FAILED = "failed"
    """VACUUM failed (a full disk): the rows are zeroed, the file is not smaller."""
    INTERRUPTED = "interrupted"
    """Ctrl-C while compacting."""


@dataclass(frozen=True)
class CustomerRecords:
    name: str
    """The name as it was last stored."""
    interviews: int
    drafts: int
    left_out: Candidate | None = None
    """Records without an organisation that the organisation chosen leaves as they are."""


@dataclass(frozen=True)
class Erased(CustomerRecords):
    compaction: Compaction = Compaction.DONE
    problem: str | None = None
    """Why compacting failed, in words (for Compaction.FAILED)."""


class CompactionInterrupted(KeyboardInterrupt):
    """Ctrl-C while the store was being compacted, after the erasure was committed."""

    def __init__(self, erased: Erased | None) -> None:
        super().__init__()
        self.erased = erased


def customer_records(store: Store, name: str, organisation: str | None = None) -> CustomerRecords:
    """What is stored about one customer; NotFoundError (with close names) when nothing is,
    AmbiguousName when the name may mean more than one person (see `identity`)."""
    found = select(store, name, organisation, command=COMMAND)
    return CustomerRecords(found.name, found.interviews, found.drafts, found.left_out)


def erase_customer(store: Store, name: str, organisation: str | None = None) -> Erased:
    """Delete every interview and draft of one customer in one transaction, then compact the file.

    Ctrl-C while compacting raises CompactionInterrupted carrying what was erased."""
    with store.transaction() as conn:
        found = select(store, name, organisation, command=COMMAND)  # again, under the lock: what is erased is what was counted
        interviews = conn.execute(f"DELETE FROM interviews WHERE {found.where}", found.params).rowcount
        drafts = conn.execute(f"DELETE FROM drafts WHERE {found.where_drafts}", found.params).rowcount
        conn.execute("UPDATE erasures SET generation = generation + 1, compaction_due = 1")
        after_erasure(conn)
    erased = Erased(found.name, interviews, drafts, found.left_out, Compaction.INTERRUPTED)
    try:
        compaction, problem = compact(store)
    except KeyboardInterrupt:
        raise CompactionInterrupted(erased) from None
    return Erased(found.name, interviews, drafts, found.left_out, compaction, problem)


def compaction_due(store: Store) -> bool:
    """Did an erasure end before its compaction was done?"""
    return bool(store.conn.execute("SELECT compaction_due FROM erasures").fetchone()[0])


def compact(store: Store) -> tuple[Compaction, str | None]:
    """VACUUM, then empty the `-wal` file (if the store has one); the mark is cleared once both are done."""
    outcome, problem = Compaction.DONE, None
    try:
        store.conn.execute("VACUUM")
    except StoreBusyError:
        outcome = Compaction.BUSY
    except UserError as e:
        outcome, problem = Compaction.FAILED, e.message
    try:
        if store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
            return Compaction.WAL_KEPT, None
    except UserError as e:
        return Compaction.WAL_KEPT, e.message
    if outcome is Compaction.DONE:
        with store.transaction() as conn:
            conn.execute("UPDATE erasures SET compaction_due = 0")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the mark's own page: no personal data
    return outcome, problem
