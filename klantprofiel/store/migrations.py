"""Schema changes, one small function each, applied in order; PRAGMA user_version counts them.

Never edit a step that has shipped: stores in the field were built by it. Add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from klantprofiel.names import repaired
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.store import customers


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Each statement on its own: executescript() would COMMIT the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1_interviews_and_drafts(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE interviews (
            id            INTEGER PRIMARY KEY,
            customer      TEXT NOT NULL,
            customer_key  TEXT NOT NULL,      -- casefolded name: how a customer is looked up
            organisation  TEXT,
            salesperson   TEXT,
            meeting_date  TEXT,
            context       TEXT,
            notes         TEXT,
            question_set  TEXT NOT NULL,
            set_version   TEXT NOT NULL,
            answers       TEXT NOT NULL,      -- JSON object: every question id, null = unknown
            known         INTEGER NOT NULL,   -- how many counted questions are known ...
            total         INTEGER NOT NULL,   -- ... out of how many (the king-to-person scale)
            source        TEXT NOT NULL,      -- 'interview' or 'import'
            created_at    TEXT NOT NULL       -- UTC, ISO 8601
        );
        CREATE INDEX interviews_by_customer ON interviews (customer_key, id);
        CREATE TABLE drafts (
            customer_key  TEXT NOT NULL,
            question_set  TEXT NOT NULL,
            customer      TEXT NOT NULL,
            state         TEXT NOT NULL,      -- JSON: answers and who/when given so far
            updated_at    TEXT NOT NULL,
            PRIMARY KEY (customer_key, question_set)
        );
        CREATE TABLE question_sets (
            id            TEXT NOT NULL,
            version       TEXT NOT NULL,
            definition    TEXT NOT NULL,      -- the set as JSON, so every interview stays re-derivable
            PRIMARY KEY (id, version)
        );
        """
    )


def _v2_names_normalised(conn: sqlite3.Connection) -> None:
    """Names stored before `klantprofiel.names` existed, normalised as it stores them (NFC,
    invisible characters removed), so that two spellings of one name become one customer.
    Two drafts of one customer and set that now coincide keep one of them."""
    conn.create_function("normal_name", 1, repaired, deterministic=True)
    conn.create_function("name_key", 1, lambda name: repaired(name).casefold(), deterministic=True)
    for table in ("interviews", "drafts"):
        conn.execute(f"UPDATE OR REPLACE {table} SET customer = normal_name(customer), customer_key = name_key(customer)"
                     " WHERE customer != normal_name(customer) OR customer_key != name_key(customer)")


def _v3_question_set_hashes(conn: sqlite3.Connection) -> None:
    """Each kept copy of a set gets its content hash, so a set file that reuses an id and version
    for other content is told apart from the copy its interviews were answered against. A copy
    that no longer reads as a set keeps none: nothing then compares equal to it."""
    conn.execute("ALTER TABLE question_sets ADD COLUMN content_hash TEXT")
    for set_id, version, definition in conn.execute("SELECT id, version, definition FROM question_sets").fetchall():
        try:
            digest = QuestionSet.model_validate_json(definition).content_hash
        except ValueError:
            continue
        conn.execute("UPDATE question_sets SET content_hash = ? WHERE id = ? AND version = ?", (digest, set_id, version))


def _v4_erasures(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE erasures (                -- one row, and no names: what was erased stays erased
            generation     INTEGER NOT NULL,   -- erasures so far: a running interview checks it before saving
            compaction_due INTEGER NOT NULL    -- 1 while the last erasure's VACUUM and checkpoint are not done
        );
        INSERT INTO erasures VALUES (0, 0)
        """
    )


def _v5_customer_index(conn: sqlite3.Connection) -> None:
    """One row per customer (`store/customers.py`), filled from the interviews already stored."""
    for statement in customers.statements(customers.SCHEMA):
        conn.execute(statement)
    customers.catch_up(conn)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_interviews_and_drafts,
    _v2_names_normalised,
    _v3_question_set_hashes,
    _v4_erasures,
    _v5_customer_index,
]
