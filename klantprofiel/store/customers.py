"""The customer index: one row per customer, so `list`, its filters and "did you mean" read a
page of an index instead of every interview in the store.

`customers` is derived from `interviews`, and catches up with them (`catch_up`) in a write
transaction of whoever needs it next: a saved interview at once, a batch import not at all (it
stays at the speed of plain inserts: a row per customer as well cost it half again), so the
first `list` after a large import takes those customers in, once. "Did you mean" reads the
interviews' own index on the name and needs no catching up. A trigger drops a
customer's row when his interviews are deleted (erasure), whoever deletes them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from klantprofiel.store.folding import fold

SORTS = {
    "last": "last_met DESC, last_id DESC",
    "name": "name_folded, customer_key",
    "known": "CAST(known AS REAL) / max(total, 1) DESC, last_met DESC, last_id DESC",
}
"""`list --sort`: most recently met first (the default), by name, or best known first."""

SUMMARY_COLUMNS = ("name", "organisation", "interviews", "last_interview", "known", "total", "last_met")


@dataclass(frozen=True)
class CustomerSummary:
    """One line of `list`; its fields, in this order, are the keys of `list --json`."""

    name: str
    organisation: str | None
    interviews: int
    last_interview: str
    """When his latest interview was stored (UTC, ISO 8601)."""
    known: int
    total: int
    last_met: str
    """The latest meeting date among his interviews (the day stored where none was given)."""


@dataclass(frozen=True)
class CustomerFilter:
    """Which customers `list` shows; None is no condition. Texts match folded (`fold`)."""

    since: str | None = None
    """Met on or after this day (YYYY-MM-DD)."""
    organisation: str | None = None
    """A part of the organisation."""
    search: str | None = None
    """A part of the name or of the organisation."""

    def where(self) -> tuple[str, list[str]]:
        """The SQL condition on `customers` and its parameters."""
        clauses, params = ["1"], []
        if self.since:
            clauses.append("last_met >= ?")
            params.append(self.since)
        if self.organisation:
            clauses.append("instr(organisation_folded, ?) > 0")
            params.append(fold(self.organisation) or "")
        if self.search:
            clauses.append("(instr(name_folded, ?) > 0 OR instr(organisation_folded, ?) > 0)")
            params += [fold(self.search) or ""] * 2
        return " AND ".join(clauses), params


_COLUMNS = ("customer_key", "name", "organisation", "interviews", "last_id", "last_interview", "last_met", "known", "total",
            "name_folded", "organisation_folded")

_UPSERT = f"""
    INSERT INTO customers ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})
    ON CONFLICT (customer_key) DO UPDATE SET
        name = excluded.name, organisation = excluded.organisation, interviews = interviews + excluded.interviews,
        last_id = excluded.last_id, last_interview = excluded.last_interview, last_met = max(last_met, excluded.last_met),
        known = excluded.known, total = excluded.total,
        name_folded = excluded.name_folded, organisation_folded = excluded.organisation_folded
"""

SCHEMA = """
    CREATE TABLE customers (
        id                  INTEGER PRIMARY KEY,
        customer_key        TEXT NOT NULL UNIQUE,  -- as interviews.customer_key
        name                TEXT NOT NULL,      -- as his latest interview has it
        organisation        TEXT,               -- of his latest interview
        interviews          INTEGER NOT NULL,
        last_id             INTEGER NOT NULL,   -- his latest interview
        last_interview      TEXT NOT NULL,      -- when that was stored
        last_met            TEXT NOT NULL,      -- latest meeting date, else day stored: what list sorts on
        known               INTEGER NOT NULL,   -- knownness of the latest interview
        total               INTEGER NOT NULL,
        name_folded         TEXT NOT NULL,      -- fold(name): what --search and --sort name read
        organisation_folded TEXT
    );
    CREATE INDEX customers_by_last_met ON customers (last_met, last_id);
    CREATE TABLE customer_index (
        indexed_upto        INTEGER NOT NULL    -- every interview up to this id is in customers
    );
    INSERT INTO customer_index (indexed_upto) VALUES (0);
    CREATE TRIGGER customers_follow_deletes AFTER DELETE ON interviews BEGIN
        DELETE FROM customers WHERE customer_key = OLD.customer_key;
        UPDATE customer_index SET indexed_upto = min(indexed_upto, (SELECT coalesce(max(id), 0) FROM interviews));
    END
"""
"""The table, its index for the default page, how far it has taken in the interviews, and the
trigger that drops a customer's row as soon as one of his interviews is deleted: erasure
deletes them all, and whatever deletes them, his name does not stay behind in the index. (The
trigger also steps back over deleted ids at the end, which SQLite hands out again.)"""

CHUNK = 2000
"""Interviews taken in at a time: memory stays flat however many are behind."""


def statements(script: str) -> list[str]:
    """The statements of `SCHEMA` one by one (a trigger's body holds semicolons of its own)."""
    head, trigger = script.split("CREATE TRIGGER")
    return [s for s in head.split(";") if s.strip()] + ["CREATE TRIGGER" + trigger]


def behind(conn: sqlite3.Connection) -> bool:
    """Are there interviews the index has not taken in? Two look-ups, whatever the store's size."""
    return bool(conn.execute("SELECT (SELECT indexed_upto FROM customer_index) < (SELECT coalesce(max(id), 0) FROM interviews)").fetchone()[0])


def catch_up(conn: sqlite3.Connection) -> None:
    """Take the interviews stored since the index last did into their customers' rows, inside
    the caller's write transaction, a chunk at a time: one upsert per customer in the chunk."""
    upto = conn.execute("SELECT indexed_upto FROM customer_index").fetchone()[0]
    rows = conn.execute("SELECT id, customer_key, customer, organisation, coalesce(meeting_date, substr(created_at, 1, 10)),"
                        " known, total, created_at FROM interviews WHERE id > ? ORDER BY id", (upto,))
    while chunk := rows.fetchmany(CHUNK):
        latest: dict[str, tuple] = {}
        for interview_id, key, name, organisation, met, known, total, created_at in chunk:
            seen = latest.get(key)
            latest[key] = (key, name, organisation, seen[3] + 1 if seen else 1, interview_id, created_at,
                           max(met, seen[6]) if seen else met, known, total, fold(name), fold(organisation))
        conn.executemany(_UPSERT, sorted(latest.values()))  # in key order: neighbouring pages of the index
        upto = chunk[-1][0]
    conn.execute("UPDATE customer_index SET indexed_upto = ?", (upto,))


def summaries(conn: sqlite3.Connection, which: CustomerFilter, sort: str = "last", limit: int | None = None) -> Iterator[CustomerSummary]:
    """The customers `which` picks in `sort` order, read from the index as they are used."""
    where, params = which.where()
    sql = f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM customers WHERE {where} ORDER BY {SORTS[sort]}"
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, limit]
    return (CustomerSummary(*row) for row in conn.execute(sql, params))


def count(conn: sqlite3.Connection, which: CustomerFilter) -> int:
    where, params = which.where()
    return conn.execute(f"SELECT count(*) FROM customers WHERE {where}", params).fetchone()[0]


def near(conn: sqlite3.Connection, key: str, around: int = 10) -> dict[str, str]:
    """Key -> name (as last stored) of the customers just before and after `key` in alphabetical
    order: the candidates for "did you mean", read from the interviews' index on the key."""
    found = {}
    for op, order in ((">=", "ASC"), ("<", "DESC")):
        found.update(conn.execute(
            f"""SELECT k, (SELECT customer FROM interviews WHERE customer_key = k ORDER BY id DESC LIMIT 1)
                FROM (SELECT DISTINCT customer_key AS k FROM interviews WHERE customer_key {op} ? ORDER BY customer_key {order} LIMIT ?)""",
            (key, around)))
    return found


def containing(conn: sqlite3.Connection, text: str, limit: int = 3) -> list[str]:
    """Names that contain `text` (folded): a scan of the index that stops at `limit` found."""
    return [r[0] for r in conn.execute("SELECT name FROM customers WHERE instr(name_folded, ?) > 0 LIMIT ?", (fold(text), limit))]
