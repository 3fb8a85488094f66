"""Schema changes, one small function each, registered with `@migration` under its name.

A store records the name of every change applied to it, and when (the `migrations` table), so
what it still lacks is found by name, not by position: a change is written once, as a function
with a name, and stores of any age take the ones they miss. PRAGMA user_version still counts
them, for the klantprofiels from before names (and for a quick look with the sqlite3 shell).

Never edit or rename a step that has shipped: stores in the field were built by it and hold its
name. Add a new one at the end. So a step spells out the columns it made, the who/when fields
among them, as they were when it shipped: it is history, not a list to take from `who_when`. A
who/when field added there is a new step here (and in `store/postgres/migrations.py`).
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable

from klantprofiel.folding import fold
from klantprofiel.identity import new_customer_id
from klantprofiel.names import loose_key, repaired
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.store import customers

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []
"""Every schema change, in the order a new store takes them."""


def migration(step: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
    """Register a schema change; `name_of(step)` is what stores record of it."""
    MIGRATIONS.append(step)
    return step


def name_of(step: Callable[[sqlite3.Connection], None]) -> str:
    """A change's recorded name: its function's name, without the leading underscore."""
    return step.__name__.removeprefix("_")


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Each statement on its own: executescript() would COMMIT the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


@migration
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


@migration
def _v2_names_normalised(conn: sqlite3.Connection) -> None:
    """Names stored before `klantprofiel.names` existed, normalised as it stores them (NFC,
    invisible characters removed), so that two spellings of one name become one customer.
    Two drafts of one customer and set that now coincide keep one of them."""
    conn.create_function("normal_name", 1, repaired, deterministic=True)
    conn.create_function("name_key", 1, lambda name: repaired(name).casefold(), deterministic=True)
    for table in ("interviews", "drafts"):
        conn.execute(f"UPDATE OR REPLACE {table} SET customer = normal_name(customer), customer_key = name_key(customer)"
                     " WHERE customer != normal_name(customer) OR customer_key != name_key(customer)")


@migration
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


@migration
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


@migration
def _v5_customer_index(conn: sqlite3.Connection) -> None:
    """One row per customer (`store/customers.py`), filled from the interviews already stored
    when it is first read (`customers.catch_up`: its `indexed_upto` starts at 0). It was filled
    here at first; that ran today's `catch_up` on a store of yesterday's schema, which broke
    once the index was made to read customer ids (v6)."""
    for statement in customers.statements(customers.SCHEMA):
        conn.execute(statement)


@migration
def _v6_customer_ids(conn: sqlite3.Connection) -> None:
    """Customers become people with an id (`store/identity.py`) instead of a name.

    The records of one name become one customer, except where they name more than one
    organisation: then each organisation's records are a customer, and those without one
    another (they could be either person's). His name is shown as it was first stored, his
    organisation is that of his latest record. Interviews and drafts then name his id in
    `customer_key`; every interview gets a uid; the customer index is made again from them on
    its next read. `imports` numbers the imports that store something, so one can be undone."""
    _run(
        conn,
        """
        CREATE TABLE people (
            id               TEXT PRIMARY KEY,   -- 'k-' and 8 letters or digits: what interviews.customer_key and drafts.customer_key hold
            name             TEXT NOT NULL,      -- as first stored (klantprofiel rename changes it)
            name_key         TEXT NOT NULL,      -- names.customer_key(name): how a name finds him
            organisation     TEXT,               -- of his latest interview
            organisation_key TEXT,               -- names.loose_key(organisation)
            external_id      TEXT UNIQUE,        -- his id in the user's CRM, if an import gave one
            created_at       TEXT NOT NULL
        );
        CREATE INDEX people_by_name ON people (name_key, organisation_key);
        CREATE TABLE imports (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,  -- never handed out twice: --undo of an old id finds nothing else
            file        TEXT NOT NULL,
            created_at  TEXT NOT NULL
        );
        ALTER TABLE interviews ADD COLUMN uid TEXT;         -- the interview's own id, kept in exports and imports
        ALTER TABLE interviews ADD COLUMN import_id INTEGER REFERENCES imports (id);
        UPDATE interviews SET uid = lower(hex(randomblob(16)));
        CREATE UNIQUE INDEX interviews_by_uid ON interviews (uid);
        CREATE INDEX interviews_by_import ON interviews (import_id) WHERE import_id IS NOT NULL
        """
    )
    conn.create_function("loose_key", 1, loose_key, deterministic=True)
    records = conn.execute(
        "SELECT customer_key, loose_key(organisation), customer, organisation, id, 0 FROM interviews"
        " UNION ALL SELECT customer_key, loose_key(json_extract(state, '$.meta.organisation')), customer,"
        " json_extract(state, '$.meta.organisation'), updated_at, 1 FROM drafts ORDER BY 1, 6, 5").fetchall()
    made = set()
    for key, group in itertools.groupby(records, key=lambda r: r[0]):
        rows = list(group)
        organisations = {r[1] for r in rows if r[1] is not None}
        people: dict[str | None, list[tuple]] = {}
        for row in rows:
            people.setdefault(row[1] if len(organisations) > 1 else None, []).append(row)
        for org_key, own in people.items():
            cid = new_customer_id()
            while cid in made:
                cid = new_customer_id()
            made.add(cid)
            organisation = next((r[3] for r in reversed(own) if r[3] is not None), None)  # interviews by id, then drafts by time
            created = min((r[4] for r in own if r[5] == 0), default=None)
            conn.execute("INSERT INTO people (id, name, name_key, organisation, organisation_key, created_at)"
                         " VALUES (?, ?, ?, ?, ?, coalesce((SELECT created_at FROM interviews WHERE id = ?), ?))",
                         (cid, own[0][2], key, repaired(organisation) if organisation else None, loose_key(organisation), created, own[0][4]))
            whose = "customer_key = ?" + ("" if len(organisations) <= 1 else " AND loose_key({org}) IS ?")
            params = (key,) if len(organisations) <= 1 else (key, org_key)
            conn.execute("UPDATE interviews SET customer = ?, customer_key = ? WHERE " + whose.format(org="organisation"), (own[0][2], cid, *params))
            conn.execute("UPDATE drafts SET customer = ?, customer_key = ? WHERE " + whose.format(org="json_extract(state, '$.meta.organisation')"),
                         (own[0][2], cid, *params))
    _run(
        conn,
        """
        DELETE FROM customers;
        DELETE FROM customers_to_redo;
        UPDATE customer_index SET indexed_upto = 0
        """
    )


@migration
def _v7_feedback(conn: sqlite3.Connection) -> None:
    """Whether a profile line helped, as the salesperson said (`klantprofiel feedback`). A row goes
    with its interview: erasing the interview erases what was said about its lines."""
    _run(
        conn,
        """
        CREATE TABLE feedback (
            id            INTEGER PRIMARY KEY,
            interview_id  INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
            line          TEXT NOT NULL,      -- the rule that wrote the line, as set.rule
            verdict       TEXT NOT NULL CHECK (verdict IN ('useful', 'wrong')),
            note          TEXT,
            created_at    TEXT NOT NULL       -- UTC, ISO 8601
        );
        CREATE INDEX feedback_by_interview ON feedback (interview_id);
        CREATE INDEX feedback_by_line ON feedback (line)
        """
    )


@migration
def _v8_migrations_recorded(conn: sqlite3.Connection) -> None:
    """The names of the changes applied, and when; `db.upgrade` writes them. The changes from
    before this one are recorded by it too, at their position, with no time (it was not kept)."""
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT) WITHOUT ROWID")


@migration
def _v9_import_undo(conn: sqlite3.Connection) -> None:
    """What `import --undo` puts back besides removing the import's interviews: the names a CRM
    spelled anew (old and new), and the interviews `--existing replace` took the place of (each
    row as JSON, column -> value). Both go with their customer: erasing him erases them."""
    _run(
        conn,
        """
        CREATE TABLE import_renames (
            import_id     INTEGER NOT NULL,
            customer_key  TEXT NOT NULL,
            old_name      TEXT NOT NULL,
            new_name      TEXT NOT NULL
        );
        CREATE INDEX import_renames_by_import ON import_renames (import_id);
        CREATE INDEX import_renames_by_customer ON import_renames (customer_key);
        CREATE TABLE import_replaced (
            import_id     INTEGER NOT NULL,
            customer_key  TEXT NOT NULL,
            interview     TEXT NOT NULL
        );
        CREATE INDEX import_replaced_by_import ON import_replaced (import_id);
        CREATE INDEX import_replaced_by_customer ON import_replaced (customer_key)
        """
    )


@migration
def _v10_knownness_counted_with(conn: sqlite3.Connection) -> None:
    """Beside each kept set, what the known/total of its interviews were counted with
    (`questionset.read_with.reading_fingerprint`), so they are counted again when the set they are
    read with changes (`store/recount.py`). NULL, as every store from before has it: not yet
    compared, so they are counted once."""
    conn.execute("ALTER TABLE question_sets ADD COLUMN counted_with TEXT")


@migration
def _v11_pronoun(conn: sqlite3.Connection) -> None:
    """How the texts refer to the customer, as the interview or import gave it: he, she or name
    (`klantprofiel.pronouns`). NULL, as every interview from before has it: read as he, so old
    stores read as they always did."""
    conn.execute("ALTER TABLE interviews ADD COLUMN pronoun TEXT")


@migration
def _v12_interview_ids_never_reused(conn: sqlite3.Connection) -> None:
    """An interview's id is never handed out again, as on PostgreSQL. SQLite gave the id of a
    deleted latest interview to the next one, so `show 17` could show another interview than the
    one the salesperson noted as 17, and the same steps gave other ids on the two stores.
    SQLite cannot add AUTOINCREMENT to a table, so the table is made again with it, its indexes
    and triggers with it; the counter starts at the highest id there is (what a store handed out
    before is not known). `db._upgrade` runs migrations with foreign keys off, so dropping the old
    table does not take the feedback on its interviews with it; views and triggers a user added
    that read interviews read the new table."""
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'interviews'").fetchone()
    attached = [row[0] for row in conn.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'interviews' AND type IN ('index', 'trigger') AND sql IS NOT NULL")]
    made_again = sql.replace("CREATE TABLE interviews", "CREATE TABLE interviews_new", 1)
    conn.execute(made_again.replace("INTEGER PRIMARY KEY", "INTEGER PRIMARY KEY AUTOINCREMENT", 1))
    conn.execute("INSERT INTO interviews_new SELECT * FROM interviews")
    conn.execute("DROP TABLE interviews")
    conn.execute("PRAGMA legacy_alter_table = ON")  # a view or trigger of the user's that reads interviews: not checked
    try:                                              # while the table is gone, nor rewritten to another name
        conn.execute("ALTER TABLE interviews_new RENAME TO interviews")
    finally:
        conn.execute("PRAGMA legacy_alter_table = OFF")
    for statement in attached:
        conn.execute(statement)


@migration
def _v13_customer_index_has_his_organisation(conn: sqlite3.Connection) -> None:
    """The customer index (`store/customers.py`) keeps each customer's own organisation, the
    people table's (where his interviews last said he is), as `list` shows it and --organisation
    and --search find him by, instead of his latest interview's: one that named none showed him
    without one, and `list --organisation` did not find him at the organisation `show`,
    `history` and `delete --organisation` find him at (nor as PostgreSQL's list does). The rows
    indexed before take it from people here; the text index follows them (its update trigger)."""
    conn.create_function("fold", 1, fold, deterministic=True)
    conn.execute("UPDATE customers SET organisation = (SELECT organisation FROM people WHERE id = customer_key),"
                 " organisation_folded = fold((SELECT organisation FROM people WHERE id = customer_key))"
                 " WHERE organisation IS NOT (SELECT organisation FROM people WHERE id = customer_key)")
