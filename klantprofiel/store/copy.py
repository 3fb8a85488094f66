"""`klantprofiel store copy FROM TO`: a whole store moved to another, SQLite and PostgreSQL either way.

A team that moves its laptops' stores to a server (or a server's back into a file) keeps every
customer's id, every interview's id and uid (and the ids deleted ones had stay unused), the imports they came from, drafts, feedback and the
question-set copies the interviews were answered against: the rows are copied as they are, table
by table, in the order their references need. The copy is one transaction on the destination
(all of it lands, or nothing), read from one snapshot of the source, a batch at a time (memory
stays flat), and only into a store that holds no customer yet: merging two stores is what
`export` and `import` are for (they match customers and skip what is there). What a store whose
customers were all erased still keeps names no one (the question-set copies its interviews were
answered against, its list of imports): it makes way for the source's, and the ids it handed
out stay unused there too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from klantprofiel.errors import UserError
from klantprofiel.i18n import Count, Lines, Msg
from klantprofiel.kinds.text import NUL
from klantprofiel.printable import shell_word
from klantprofiel.store.rows import STORED_COLUMNS

TABLES: dict[str, tuple[str, ...]] = {
    "question_sets": ("id", "version", "definition", "content_hash"),
    "people": ("id", "name", "name_key", "organisation", "organisation_key", "external_id", "created_at"),
    "imports": ("id", "file", "created_at"),
    "interviews": STORED_COLUMNS,
    "drafts": ("customer_key", "question_set", "customer", "state", "updated_at"),
    "feedback": ("id", "interview_id", "line", "verdict", "note", "created_at"),
    "import_renames": ("import_id", "customer_key", "old_name", "new_name"),
    "import_replaced": ("import_id", "customer_key", "interview"),
}
"""What a store is, as both backends keep it: each table with the columns copied, in an order in
which every row's references (people, imports, interviews) are copied before it; what imports
keep to be undone goes in the order it was kept (its own row numbers are made anew). The rest is
derived (SQLite's customer index, PostgreSQL's folded names) and made again by the destination.
An interview's columns are `rows.STORED_COLUMNS`, its who/when fields among them (`who_when`)."""

COPY_BATCH = 2000

NEVER_REUSED = ("imports", "interviews")
"""The tables whose ids a store never hands out twice (`show 17`, `import --undo 3` must not find
another than the one meant): the copy carries how far each counter went, not only the ids left."""


class Tables(Protocol):
    """One store's tables as the copy reads and writes them (each backend has its own)."""

    where: str
    """The store as messages name it (a path, a URL without its password)."""
    holds_nul: bool
    """Can its text hold a NUL (U+0000)? SQLite's can, and earlier versions let one into free
    text there; PostgreSQL's cannot, so a copy there names each row that holds one instead."""

    def snapshot(self) -> AbstractContextManager[Any]:
        """Reads inside it all see the store at one moment."""

    def read(self, table: str, columns: tuple[str, ...]) -> Iterator[list[tuple]]:
        """Every row of `table`, in the order it was stored, `COPY_BATCH` at a time."""

    def customers(self) -> int:
        """How many customers (people) the store holds."""

    def write(self) -> AbstractContextManager[Any]:
        """The destination's one transaction."""

    def handed_out(self) -> dict[str, int]:
        """The highest id each table of `NEVER_REUSED` has handed out (0: none yet), deleted ones included."""

    def clear(self) -> None:
        """Inside the transaction, in a store with no customer: the rows left in `TABLES` gone."""

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None: ...

    def finish(self, handed_out: dict[str, int]) -> None:
        """Inside the transaction, after the last row: derived data made, counters moved on past
        the ids copied and past `handed_out`, the highest either store handed out."""


@dataclass
class Copied:
    source: str
    destination: str
    rows: dict[str, int] = field(default_factory=dict)
    """Rows copied per table."""


def tables_of(store: Any) -> Tables:
    """The copy's view of a store: the one place that tells the backends apart."""
    from klantprofiel.store.interviews import SQLiteStore
    if isinstance(store, SQLiteStore):
        from klantprofiel.store.sqlite_tables import SQLiteTables
        return SQLiteTables(store)
    from klantprofiel.store.postgres.tables import PostgresTables
    return PostgresTables(store)


SHOWN_NUL_ROWS = 10
"""How many rows holding a NUL a refused copy lists; the rest it counts."""


def nul_rows(table: str, columns: tuple[str, ...], rows: list[tuple], before: int = 0) -> list[Msg]:
    """The rows of a batch that hold a NUL in a text, each as the user knows it (an interview by
    its id, a customer by his name and id) with the columns that hold it. An SQLite store may
    hold one from before free text refused it (`kinds.text.kept_text`). `before`: the rows of the
    table read before this batch (a row of another table is named by its number in the table)."""
    if not any(NUL in v for row in rows for v in row if isinstance(v, str)):  # nearly always: one pass
        return []
    found = []
    for n, row in enumerate(rows, before + 1):
        held = ", ".join(c for c, v in zip(columns, row, strict=True) if isinstance(v, str) and NUL in v)
        if not held:
            continue
        if table == "interviews":
            found.append(Msg("store_copy_nul_interview", id=row[0], name=row[1], customer=row[columns.index("customer_key")], columns=held))
        elif table == "people":
            found.append(Msg("store_copy_nul_customer", customer=row[0], name=row[1], columns=held))
        elif table == "drafts":
            found.append(Msg("store_copy_nul_draft", customer=row[0], set=row[1], name=row[2], columns=held))
        else:
            found.append(Msg("store_copy_nul_row", table=table, row=n, columns=held))
    return found


def copy_store(source: Any, destination: Any) -> Copied:
    """Every row of `source` into `destination`, which must hold no customer; all or nothing.
    Into a store whose text cannot hold a NUL, a source that holds one is refused, every row
    that does named (the rest of the copy is only read, to find them all)."""
    src, dst = tables_of(source), tables_of(destination)
    if src.where == dst.where:
        raise UserError("store_copy_same", where=src.where)
    copied = Copied(src.where, dst.where)
    with src.snapshot(), dst.write():
        held = dst.customers()
        if held:
            raise UserError("store_copy_not_empty", hint="store_copy_not_empty_hint", where=dst.where, customers=held)
        theirs, ours = src.handed_out(), dst.handed_out()
        dst.clear()
        refused: list[Msg] = []
        for table, columns in TABLES.items():
            copied.rows[table] = 0
            for rows in src.read(table, columns):
                if not dst.holds_nul:
                    refused += nul_rows(table, columns, rows, copied.rows[table])
                if not refused:
                    dst.insert(table, columns, rows)
                copied.rows[table] += len(rows)
        if refused:
            more = [Msg("store_copy_nul_more", n=Count(len(refused) - SHOWN_NUL_ROWS))] if len(refused) > SHOWN_NUL_ROWS else []
            raise UserError("store_copy_nul", hint="store_copy_nul_hint", source=src.where, where=dst.where, n=Count(len(refused)),
                            lines=Lines([*refused[:SHOWN_NUL_ROWS], *more]), source_arg=shell_word(src.where), where_arg=shell_word(dst.where))
        dst.finish({table: max(theirs[table], ours[table]) for table in NEVER_REUSED})
    return copied
