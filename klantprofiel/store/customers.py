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
from itertools import islice

from klantprofiel.folding import fold
from klantprofiel.store import protocol
from klantprofiel.store.identity import ORGANISATION_OF_DRAFT
from klantprofiel.store.protocol import CustomerFilter
from klantprofiel.store.protocol import CustomerSummary as CustomerSummary

ORDER_BY = {  # each has an index of its own in SCHEMA, with the same expressions
    "last": "last_met DESC, last_id DESC",
    "name": "name_folded, customer_key",
    "known": "CAST(known AS REAL) / max(total, 1) DESC, last_met DESC, last_id DESC",
}
"""`list --sort` (`protocol.SORTS`) in SQL."""
assert tuple(ORDER_BY) == protocol.SORTS

SUMMARY_COLUMNS = ("customer_key", "name", "organisation", "interviews", "last_interview", "known", "total", "last_met")


def where(which: CustomerFilter) -> tuple[str, list[str]]:
    """The SQL condition on `customers` and its parameters. A text of three letters or more
    is looked up in the trigram index; a shorter one is compared with every customer."""
    clauses, params = ["1"], []
    if which.since:
        clauses.append("last_met >= ?")
        params.append(which.since)
    for columns, text in ((["organisation_folded"], which.organisation), (["name_folded", "organisation_folded"], which.search)):
        folded = fold(text) if text else None
        if not folded:
            continue
        if len(folded) >= 3:
            clauses.append("id IN (SELECT rowid FROM customer_text WHERE customer_text MATCH ?)")
            params.append("{" + " ".join(columns) + '} : "' + folded.replace('"', '""') + '"')
        else:
            clauses.append("(" + " OR ".join(f"instr(coalesce({c}, ''), ?) > 0" for c in columns) + ")")
            params += [folded] * len(columns)
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
    CREATE INDEX customers_by_name ON customers (name_folded, customer_key);
    CREATE INDEX customers_by_knownness ON customers (CAST(known AS REAL) / max(total, 1) DESC, last_met DESC, last_id DESC);
    CREATE TABLE customer_index (
        indexed_upto        INTEGER NOT NULL    -- every interview up to this id is in customers
    );
    INSERT INTO customer_index (indexed_upto) VALUES (0);
    CREATE VIRTUAL TABLE customer_text USING fts5(
        name_folded, organisation_folded, content='customers', content_rowid='id', tokenize='trigram'
    );
    CREATE TABLE customers_to_redo (
        customer_key        TEXT PRIMARY KEY    -- some of his interviews were deleted: his row is made again
    ) WITHOUT ROWID;
    CREATE TRIGGER customers_follow_deletes AFTER DELETE ON interviews BEGIN
        DELETE FROM customers WHERE customer_key = OLD.customer_key;
        INSERT OR IGNORE INTO customers_to_redo (customer_key) VALUES (OLD.customer_key);
        UPDATE customer_index SET indexed_upto = min(indexed_upto, (SELECT coalesce(max(id), 0) FROM interviews));
    END;
    CREATE TRIGGER customer_text_insert AFTER INSERT ON customers BEGIN
        INSERT INTO customer_text (rowid, name_folded, organisation_folded) VALUES (new.id, new.name_folded, new.organisation_folded);
    END;
    CREATE TRIGGER customer_text_update AFTER UPDATE OF name_folded, organisation_folded ON customers BEGIN
        INSERT INTO customer_text (customer_text, rowid, name_folded, organisation_folded)
            VALUES ('delete', old.id, old.name_folded, old.organisation_folded);
        INSERT INTO customer_text (rowid, name_folded, organisation_folded) VALUES (new.id, new.name_folded, new.organisation_folded);
    END;
    CREATE TRIGGER customer_text_delete AFTER DELETE ON customers BEGIN
        INSERT INTO customer_text (customer_text, rowid, name_folded, organisation_folded)
            VALUES ('delete', old.id, old.name_folded, old.organisation_folded);
    END
"""
"""The table; an index for each order `list` sorts in (`ORDER_BY`); how far it has taken in the
interviews; `customer_text`, a trigram index of the folded names and organisations, so that
--search and --organisation find a part of one without reading every customer; and triggers:
a customer's row goes as soon as one of his interviews is deleted, whoever deletes it, and is
made again from the interviews left (none, when he is erased) by the next `catch_up`; the
trigger also steps back over deleted ids at the end (which SQLite handed out again before
migration v12, and which cost nothing to step back over since); and the text index follows the rows.
(Its `organisation` is his own since v13, the people table's, taken in by `_INDEXED`; the comment
is the schema's as v5 made it.)"""

INDEX_CHUNK = 2000
"""Interviews taken in at a time: memory stays flat however many are behind."""


def statements(script: str) -> list[str]:
    """The statements of `SCHEMA` one by one (a trigger's body holds semicolons of its own, so
    the triggers come last, each one statement)."""
    head, *triggers = script.split("CREATE TRIGGER")
    return [s for s in head.split(";") if s.strip()] + ["CREATE TRIGGER" + t for t in triggers]


def after_erasure(conn: sqlite3.Connection) -> None:
    """In the erasure's transaction: his row made again from what is left of him (if anything),
    and the text index merged into one piece, which drops what deleted rows left in it, so that
    no trigram or key of an erased name stays behind (VACUUM then zeroes the freed pages)."""
    catch_up(conn)
    conn.execute("INSERT INTO customer_text (customer_text) VALUES ('optimize')")


def index_behind(conn: sqlite3.Connection) -> bool:
    """Are there interviews the index has not taken in? Three look-ups, whatever the store's size."""
    return bool(conn.execute("SELECT (SELECT indexed_upto FROM customer_index) < (SELECT coalesce(max(id), 0) FROM interviews)"
                             " OR EXISTS (SELECT 1 FROM customers_to_redo)").fetchone()[0])


_INDEXED = ("SELECT id, customer_key, customer, person_organisation, coalesce(meeting_date, substr(created_at, 1, 10)), known, total, created_at"
            " FROM interviews LEFT JOIN (SELECT id AS person_id, organisation AS person_organisation FROM people) ON person_id = customer_key"
            " WHERE ")
"""The interviews as the index takes them in, each with his organisation (the people table's:
where his interviews last said he is, not what the latest left out), looked up by his id beside
it; only those two columns of people, so the conditions read the interviews' own columns."""


def catch_up(conn: sqlite3.Connection) -> None:
    """Inside the caller's write transaction: make the rows of customers some of whose interviews
    were deleted again from the rest, then take in the interviews stored since the index last did."""
    upto = conn.execute("SELECT indexed_upto FROM customer_index").fetchone()[0]
    _take_in(conn, conn.execute(_INDEXED + "customer_key IN (SELECT customer_key FROM customers_to_redo) AND id <= ? ORDER BY id", (upto,)))
    conn.execute("DELETE FROM customers_to_redo")
    upto = _take_in(conn, conn.execute(_INDEXED + "id > ? ORDER BY id", (upto,))) or upto
    conn.execute("UPDATE customer_index SET indexed_upto = ?", (upto,))


def _take_in(conn: sqlite3.Connection, rows: sqlite3.Cursor) -> int | None:
    """Fold interview rows (oldest first) into their customers' rows, a chunk at a time, one
    upsert per customer in the chunk; returns the last id taken in."""
    last = None
    while chunk := rows.fetchmany(INDEX_CHUNK):
        latest: dict[str, tuple] = {}
        for interview_id, key, name, organisation, met, known, total, created_at in chunk:
            seen = latest.get(key)
            latest[key] = (key, name, organisation, seen[3] + 1 if seen else 1, interview_id, created_at,
                           max(met, seen[6]) if seen else met, known, total, fold(name), fold(organisation))
        conn.executemany(_UPSERT, sorted(latest.values()))  # in key order: neighbouring pages of the index
        last = chunk[-1][0]
    return last


_DRAFTS = "(SELECT count(*) FROM drafts WHERE drafts.customer_key = customers.customer_key)"

_DRAFTS_ONLY = f"""
    SELECT customer_key, customer, {ORGANISATION_OF_DRAFT}, 0, max(updated_at), 0, 0, substr(max(updated_at), 1, 10), count(*) FROM drafts
    WHERE customer_key NOT IN (SELECT customer_key FROM interviews) GROUP BY customer_key ORDER BY max(updated_at) DESC
"""
"""Customers with only drafts (no interview yet), most recent first: not in the index, and few."""


def summaries(conn: sqlite3.Connection, which: CustomerFilter, sort: str = "last", limit: int | None = None) -> Iterator[CustomerSummary]:
    """The customers `which` picks in `sort` order, read from the index as they are used; then
    those with only drafts."""
    where_sql, conditions = where(which)
    params: list[str | int] = [*conditions]
    table = "customers NOT INDEXED" if "instr(" in where_sql else "customers"  # each row is read anyway: in file order, not the index's
    sql = f"SELECT {', '.join(SUMMARY_COLUMNS)}, {_DRAFTS} FROM {table} WHERE {where_sql} ORDER BY {ORDER_BY[sort]}"
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, limit]
    shown = 0
    for row in conn.execute(sql, params):
        shown += 1
        yield CustomerSummary(*row)
    if limit is None or shown < limit:
        yield from islice(_drafts_only(conn, which), None if limit is None else limit - shown)


def _drafts_only(conn: sqlite3.Connection, which: CustomerFilter) -> Iterator[CustomerSummary]:
    for row in conn.execute(_DRAFTS_ONLY):
        c = CustomerSummary(*row)
        if which.holds(c):
            yield c


def count(conn: sqlite3.Connection, which: CustomerFilter) -> int:
    where_sql, params = where(which)
    return conn.execute(f"SELECT count(*) FROM customers WHERE {where_sql}", params).fetchone()[0] + sum(1 for _ in _drafts_only(conn, which))


def near(conn: sqlite3.Connection, key: str, around: int = 10) -> dict[str, str]:
    """Name key -> name of the customers just before and after `key` in alphabetical order: the
    candidates for "did you mean", read from the people's index on the name."""
    found: dict[str, str] = {}
    for op, order in ((">=", "ASC"), ("<", "DESC")):
        found.update(conn.execute(f"SELECT name_key, name FROM people WHERE name_key {op} ? ORDER BY name_key {order} LIMIT ?", (key, around)))
    return found


def containing(conn: sqlite3.Connection, text: str, limit: int = 3) -> list[str]:
    """Names that contain `text` (folded): a scan of the index that stops at `limit` found."""
    return [r[0] for r in conn.execute("SELECT name FROM customers WHERE instr(name_folded, ?) > 0 LIMIT ?", (fold(text), limit))]
