"""Erasing a customer on request: every interview and draft of him, and the file space they used.

With `secure_delete` on, SQLite overwrites deleted rows with zeros as it deletes them; VACUUM
then rebuilds the file without the freed pages. The question-set copies stay: they hold no
personal data and other customers' interviews are read with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from klantprofiel.errors import StoreBusyError
from klantprofiel.names import customer_key
from klantprofiel.store.interviews import Store


@dataclass(frozen=True)
class CustomerRecords:
    name: str
    """The name as it was last stored."""
    interviews: int
    drafts: int
    compacted: bool = True
    """False when another klantprofiel kept VACUUM from running (the rows are zeroed all the same)."""


def customer_records(store: Store, name: str) -> CustomerRecords:
    """What is stored about one customer; NotFoundError (with close names) when nothing is."""
    key = customer_key(name)
    stored_name, interviews, drafts = store.conn.execute(
        """
        SELECT coalesce((SELECT customer FROM interviews WHERE customer_key = :key ORDER BY id DESC LIMIT 1),
                        (SELECT customer FROM drafts WHERE customer_key = :key ORDER BY updated_at DESC LIMIT 1)),
               (SELECT count(*) FROM interviews WHERE customer_key = :key),
               (SELECT count(*) FROM drafts WHERE customer_key = :key)
        """,
        {"key": key},
    ).fetchone()
    if stored_name is None:
        raise store.not_found(name)
    return CustomerRecords(stored_name, interviews, drafts)


def erase_customer(store: Store, name: str) -> CustomerRecords:
    """Delete every interview and draft of one customer in one transaction, then compact the file."""
    found = customer_records(store, name)
    key = customer_key(name)
    with store.transaction() as conn:
        interviews = conn.execute("DELETE FROM interviews WHERE customer_key = ?", (key,)).rowcount
        drafts = conn.execute("DELETE FROM drafts WHERE customer_key = ?", (key,)).rowcount
    try:
        store.conn.execute("VACUUM")
    except StoreBusyError:
        return CustomerRecords(found.name, interviews, drafts, compacted=False)
    return CustomerRecords(found.name, interviews, drafts)
