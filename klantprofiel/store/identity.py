"""The people table: customers as the SQLite store keeps them, and matching imported records to them.

Interviews and drafts name a customer by his id (`customer_key`); the `people` table holds each
one's name, the key it is looked up by (`names.customer_key`), his organisation and his CRM's
id (`external_id`). Who a customer is, and how a name finds him, is `klantprofiel/identity.py`;
this module answers its questions in SQL for the SQLite store. Matching a batch import's records
to customers, which both stores do alike, is `store/matcher.py`.
"""

from __future__ import annotations

import sqlite3

from klantprofiel.errors import UserError
from klantprofiel.names import customer_key
from klantprofiel.store.protocol import Customer, CustomerCounts, Records

ORGANISATION_OF_DRAFT = "json_extract(state, '$.meta.organisation')"


def whose(records: Records, column: str = "customer_key") -> tuple[str, tuple]:
    """The SQL condition (and its parameters) that picks these customers' rows by `column`."""
    if records.ids is None:
        return "1", ()
    return f"{column} IN ({', '.join('?' * len(records.ids))})", records.ids


_PEOPLE = "SELECT id, name, organisation, external_id FROM people"


def _customers(conn: sqlite3.Connection, where: str, params: tuple) -> list[Customer]:
    return [Customer(*row) for row in conn.execute(f"{_PEOPLE} WHERE {where} ORDER BY rowid", params)]


def by_id(conn: sqlite3.Connection, cid: str) -> Customer | None:
    found = _customers(conn, "id = ?", (cid,))
    return found[0] if found else None


def by_external_id(conn: sqlite3.Connection, external_id: str) -> Customer | None:
    found = _customers(conn, "external_id = ?", (external_id,))
    return found[0] if found else None


def of_name(conn: sqlite3.Connection, name: str) -> list[Customer]:
    """Everyone stored under this name (compared as `customer_key` does), first stored first."""
    try:
        key = customer_key(name)
    except UserError:
        return []
    return _customers(conn, "name_key = ?", (key,))


def counts(conn: sqlite3.Connection, customer: Customer) -> CustomerCounts:
    interviews, last, drafts = conn.execute(
        "SELECT count(*), max(coalesce(meeting_date, substr(created_at, 1, 10))),"
        " (SELECT count(*) FROM drafts WHERE customer_key = :id) FROM interviews WHERE customer_key = :id", {"id": customer.id}).fetchone()
    return CustomerCounts(customer, interviews, drafts, last)
