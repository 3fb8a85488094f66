"""An interview's row as both stores keep it: its columns, how a checked row is inserted, its uid.

The interviews table has the same columns in SQLite and in PostgreSQL (`store copy` moves rows
between them as they are), so what names them is written once, here, for both backends; each
writes its own placeholders and statements around it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from klantprofiel.store.protocol import CHECKED_WIDTH, INTERVIEW_FIELDS, Customer
from klantprofiel.who_when import STORED_FIELDS

STORED_COLUMNS = ("id", "customer", *STORED_FIELDS, "question_set", "set_version", "answers", "known", "total", "source", "created_at",
                  "uid", "customer_key", "import_id")
"""The columns of the interviews table, as a row is read: `customer` is the customer's name as
shown (`identity`), `customer_key` his id, `uid` the interview's own id wherever it is imported."""
assert (*STORED_COLUMNS, "external_id") == INTERVIEW_FIELDS
SELECTED = ", ".join((*STORED_COLUMNS, "external_id"))
"""What a SELECT reads for a `protocol.InterviewRow`: the interview's columns and his external id, from `WITH_PERSON`."""
WITH_PERSON = "interviews LEFT JOIN (SELECT id AS person_id, external_id FROM people) AS person ON person.person_id = customer_key"
"""The interviews, each with his external id beside it: joined, not a query per row (which made
PostgreSQL's plan of a whole export twice as costly, and compiled), and only those two columns
of people, so a condition on the interviews' own columns reads as it does without the join."""
INSERT_COLUMNS = ("customer", "customer_key", *STORED_COLUMNS[2:CHECKED_WIDTH], "uid", "import_id")
"""The columns a new interview is inserted with, in `stored_row`'s order."""


def stored_row(row: tuple, customer: Customer, uid: str, import_id: int | None = None) -> tuple:
    """A checked row (`protocol.checked_row`) as it is inserted (INSERT_COLUMNS): his shown name and id, the interview's uid."""
    return (customer.name, customer.id, *row[2:CHECKED_WIDTH], uid, import_id)


def new_uid() -> str:
    """An interview's uid: 32 hex digits, random, so it is unique in every store it travels to."""
    return uuid.uuid4().hex


def uids(count: int = 1 << 32) -> Iterator[str]:
    """`count` uids for one batch import: a random prefix and a counter, each as unique as
    `new_uid`'s, made cheaply and stored next to each other in the uid index."""
    prefix = uuid.uuid4().hex[:24]
    return (f"{prefix}{n:08x}" for n in range(count))
