"""An interview that was running while its customer was erased must not store him again.

An interview saves a draft after every answer, for minutes. If `delete` erases the customer in
another terminal meanwhile, the next save would silently bring him back. The store cannot keep
the names it erased (that would keep them), so it counts erasures instead (`erasures.generation`).
Each write of a running interview goes through its `ErasureWatch`, inside the write's transaction: when
an erasure happened since the interview began and what the interview saw is gone (its own
draft, or, before it saved one, the customer himself), the customer was erased, and the
write is refused with `CustomerErased`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, ClassVar

from klantprofiel.errors import UserError
from klantprofiel.printable import shell_word
from klantprofiel.store.protocol import Customer


class CustomerErased(UserError):
    """The customer was erased while his interview ran; nothing of it is stored."""

    def __init__(self, name: str) -> None:
        super().__init__("erased_while_interviewing", hint="erased_while_interviewing_hint", name=name, arg=shell_word(name))


@dataclass
class ErasureWatch:
    """What one running interview saw of its customer when it began, and since."""

    customer: Customer
    question_set: str
    generation: int
    had_records: bool
    saved_draft: bool = False
    MARK: ClassVar[str] = "?"
    """The connection's placeholder for a parameter: `?` (sqlite3; the PostgreSQL store's watch says `%s`)."""

    @classmethod
    def begin(cls, conn: sqlite3.Connection, customer: Customer, question_set: str) -> ErasureWatch:
        generation, had_records = conn.execute("SELECT (SELECT generation FROM erasures), EXISTS (SELECT 1 FROM people WHERE id = ?)",
                                               (customer.id,)).fetchone()
        return cls(customer, question_set, generation, bool(had_records))

    def check(self, conn: Any) -> None:
        """Inside a write transaction of this interview (on a sqlite3 or psycopg connection):
        raises CustomerErased if he was erased."""
        row = conn.execute("SELECT generation FROM erasures").fetchone()
        generation = None if row is None else row[0]
        if generation is None or generation == self.generation:
            return
        mark = self.MARK
        if self.saved_draft:
            gone = conn.execute(f"SELECT 1 FROM drafts WHERE customer_key = {mark} AND question_set = {mark}",
                                (self.customer.id, self.question_set)).fetchone() is None
        else:
            gone = self.had_records and conn.execute(f"SELECT 1 FROM people WHERE id = {mark}", (self.customer.id,)).fetchone() is None
        if gone:
            raise CustomerErased(self.customer.name)
        self.generation = generation  # someone else was erased: nothing to see for this interview
