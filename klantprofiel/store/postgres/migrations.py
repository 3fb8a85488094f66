"""The PostgreSQL store's schema: changes with a name each, applied once, recorded by name.

As in the SQLite store (`store/migrations.py`), the `migrations` table records the name of every
change applied and when, so a database of any age takes the ones it lacks, and one that holds a
change this version does not know (a newer klantprofiel made it) is refused and left as it is.
The first client that writes to an empty database creates the schema, if its role may (a reading
command makes nothing: `upgrade`'s `create`); two clients
that start at once take turns on an advisory lock, and the second reads again what the first
did. Steps are plain SQL without parameters (one statement may hold several commands then).

Never edit or rename a step that has shipped: databases in use were built by it. Add one at the end.
A step spells out the columns it made (the who/when fields among them) as they were then: it is
history, not a list to take from `who_when`.
"""

from __future__ import annotations

import datetime as dt

import psycopg
from psycopg import errors, sql

from klantprofiel.i18n import Msg
from klantprofiel.store.postgres.connection import NoStoreYet, PostgresError, translated

MIGRATION_LOCK = 0x4B505247
"""The advisory lock a migration holds (one more than the write lock)."""

STEPS: list[tuple[str, str]] = [
    ("v1_team_store", """
        CREATE TABLE people (
            rowid               bigserial UNIQUE,   -- the order people were stored in
            id                  text PRIMARY KEY,   -- 'k-' and 8 letters or digits (identity.py)
            name                text NOT NULL,      -- as first stored (rename changes it)
            name_key            text NOT NULL,      -- names.customer_key(name)
            name_folded         text NOT NULL,      -- folding.fold(name): what list --search and --sort name read
            organisation        text,               -- of his latest interview
            organisation_key    text,               -- names.loose_key(organisation)
            organisation_folded text,
            external_id         text UNIQUE,        -- his id in the team's CRM
            created_at          text NOT NULL
        );
        CREATE INDEX people_by_name ON people (name_key, organisation_key);
        CREATE TABLE imports (
            id          bigserial PRIMARY KEY,      -- never handed out twice: --undo of an old id finds nothing else
            file        text NOT NULL,
            created_at  text NOT NULL
        );
        CREATE TABLE interviews (
            id            bigserial PRIMARY KEY,
            customer      text NOT NULL,            -- his name as shown
            customer_key  text NOT NULL,            -- his id (people.id)
            organisation  text,
            salesperson   text,
            meeting_date  text,
            context       text,
            notes         text,
            question_set  text NOT NULL,
            set_version   text NOT NULL,
            answers       text NOT NULL,            -- JSON object: every question id, null = unknown
            known         integer NOT NULL,
            total         integer NOT NULL,
            source        text NOT NULL,            -- 'interview' or 'import'
            created_at    text NOT NULL,            -- UTC, ISO 8601
            uid           text NOT NULL UNIQUE,     -- the interview's own id, kept in exports and imports
            import_id     bigint REFERENCES imports (id)
        );
        CREATE INDEX interviews_by_customer ON interviews (customer_key, id);
        CREATE INDEX interviews_by_import ON interviews (import_id) WHERE import_id IS NOT NULL;
        CREATE TABLE drafts (
            customer_key  text NOT NULL,
            question_set  text NOT NULL,
            customer      text NOT NULL,
            state         text NOT NULL,            -- JSON: answers and who/when given so far
            updated_at    text NOT NULL,
            PRIMARY KEY (customer_key, question_set)
        );
        CREATE TABLE question_sets (
            id            text NOT NULL,
            version       text NOT NULL,
            definition    text NOT NULL,            -- the set as JSON, so every interview stays re-derivable
            content_hash  text,
            PRIMARY KEY (id, version)
        );
        CREATE TABLE erasures (                     -- one row, and no names: what was erased stays erased
            generation     bigint NOT NULL,         -- erasures so far: a running interview checks it before saving
            compaction_due boolean NOT NULL         -- true while the last erasure's rewrite of the tables is not done
        );
        INSERT INTO erasures VALUES (0, false);
        CREATE TABLE feedback (
            id            bigserial PRIMARY KEY,
            interview_id  bigint NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
            line          text NOT NULL,            -- the rule that wrote the line, as set.rule
            verdict       text NOT NULL CHECK (verdict IN ('useful', 'wrong')),
            note          text,
            created_at    text NOT NULL
        );
        CREATE INDEX feedback_by_interview ON feedback (interview_id);
        CREATE INDEX feedback_by_line ON feedback (line)
    """),
    # What `import --undo` puts back besides removing the import's interviews, as the SQLite
    # store's v9_import_undo keeps it: the names a CRM spelled anew (old and new), and the
    # interviews `--existing replace` took the place of (each row as JSON, column -> value).
    # Both go with their customer: erasing him erases them. `rowid`: the order they were kept in.
    ("v2_import_undo", """
        CREATE TABLE import_renames (
            rowid         bigserial PRIMARY KEY,
            import_id     bigint NOT NULL,
            customer_key  text NOT NULL,
            old_name      text NOT NULL,
            new_name      text NOT NULL
        );
        CREATE INDEX import_renames_by_import ON import_renames (import_id);
        CREATE INDEX import_renames_by_customer ON import_renames (customer_key);
        CREATE TABLE import_replaced (
            rowid         bigserial PRIMARY KEY,
            import_id     bigint NOT NULL,
            customer_key  text NOT NULL,
            interview     text NOT NULL
        );
        CREATE INDEX import_replaced_by_import ON import_replaced (import_id);
        CREATE INDEX import_replaced_by_customer ON import_replaced (customer_key)
    """),
    ("v3_pronoun", """
        ALTER TABLE interviews ADD COLUMN pronoun text  -- he, she or name; NULL (from before): read as he
    """),
    ("v4_knownness_counted_with", """
        ALTER TABLE question_sets ADD COLUMN counted_with text  -- reading_fingerprint (store/recount.py); NULL: count again
    """),
    # An interview's import_id must name an import, as the foreign key of v1 said; but the key
    # checked it row by row (a query and a row lock on the import for each of an import's 100,000
    # interviews: a quarter of the server's work in a COPY). These triggers hold the same rule
    # once per statement: the imports an INSERT names are locked against deletion (FOR KEY SHARE,
    # as the key locks them) and must all be there; an UPDATE that changes import_id is checked
    # per row, as the key checked it; deleting or renumbering an import that interviews still
    # name is refused. Each raises what the key raised (foreign_key_violation).
    ("v5_import_id_checked_per_statement", """
        ALTER TABLE interviews DROP CONSTRAINT interviews_import_id_fkey;
        CREATE FUNCTION interviews_import_known() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            PERFORM 1 FROM imports WHERE id IN (SELECT import_id FROM arrived) FOR KEY SHARE;
            IF EXISTS (SELECT 1 FROM arrived a WHERE a.import_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = a.import_id)) THEN
                RAISE EXCEPTION 'insert or update on table "interviews" names an import that is not in "imports"'
                    USING ERRCODE = 'foreign_key_violation';
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER interviews_import_known AFTER INSERT ON interviews REFERENCING NEW TABLE AS arrived
            FOR EACH STATEMENT EXECUTE FUNCTION interviews_import_known();
        CREATE FUNCTION interview_import_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            PERFORM 1 FROM imports WHERE id = NEW.import_id FOR KEY SHARE;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'insert or update on table "interviews" names an import that is not in "imports"'
                    USING ERRCODE = 'foreign_key_violation';
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER interview_import_changed AFTER UPDATE OF import_id ON interviews
            FOR EACH ROW WHEN (NEW.import_id IS NOT NULL AND NEW.import_id IS DISTINCT FROM OLD.import_id)
            EXECUTE FUNCTION interview_import_changed();
        CREATE FUNCTION imports_still_named() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM interviews i WHERE i.import_id IN (SELECT id FROM gone)
                       AND NOT EXISTS (SELECT 1 FROM imports p WHERE p.id = i.import_id)) THEN
                RAISE EXCEPTION 'update or delete on table "imports" leaves interviews naming an import that is gone'
                    USING ERRCODE = 'foreign_key_violation';
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER imports_deleted AFTER DELETE ON imports REFERENCING OLD TABLE AS gone
            FOR EACH STATEMENT EXECUTE FUNCTION imports_still_named();
        CREATE TRIGGER imports_renumbered AFTER UPDATE ON imports REFERENCING OLD TABLE AS gone
            FOR EACH STATEMENT EXECUTE FUNCTION imports_still_named()
    """),
    # `list` sorted and counted every customer from all the interviews each time (0.7 s for a page
    # of 100,000 customers, and 0.55 s for its count). customer_lines keeps what list sorts by
    # per customer, with an index for its default order, as SQLite's customer index does; the
    # triggers keep it equal to what the interviews give, in the same transaction as the change:
    # an INSERT adds its rows' counts (once per statement: an import's COPY is one), a DELETE
    # counts its customers again, and so does an UPDATE of what the line is made of. The lock
    # first: a klantprofiel of before, writing meanwhile, could commit interviews after the fill
    # read them and before the triggers were there, and their lines would never count them.
    ("v6_customer_lines", """
        LOCK TABLE interviews IN SHARE ROW EXCLUSIVE MODE;
        CREATE TABLE customer_lines (               -- per customer with an interview: what list sorts and counts by
            customer_key  text PRIMARY KEY,         -- people.id
            interviews    integer NOT NULL,
            last_id       bigint NOT NULL,          -- his latest interview
            last_met      text NOT NULL             -- latest meeting date, else the day stored
        );
        CREATE INDEX customer_lines_by_last_met ON customer_lines (last_met, last_id);
        CREATE FUNCTION customer_lines_arrived() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            INSERT INTO customer_lines AS l (customer_key, interviews, last_id, last_met)
                SELECT customer_key, count(*), max(id), max(coalesce(meeting_date, substr(created_at, 1, 10))) FROM arrived GROUP BY customer_key
            ON CONFLICT (customer_key) DO UPDATE SET interviews = l.interviews + excluded.interviews,
                last_id = greatest(l.last_id, excluded.last_id), last_met = greatest(l.last_met, excluded.last_met);
            RETURN NULL;
        END $$;
        CREATE TRIGGER customer_lines_arrived AFTER INSERT ON interviews REFERENCING NEW TABLE AS arrived
            FOR EACH STATEMENT EXECUTE FUNCTION customer_lines_arrived();
        CREATE FUNCTION customer_lines_again(keys text[]) RETURNS void LANGUAGE sql SET search_path FROM CURRENT AS $$
            DELETE FROM customer_lines WHERE customer_key = ANY(keys);
            INSERT INTO customer_lines SELECT customer_key, count(*), max(id), max(coalesce(meeting_date, substr(created_at, 1, 10)))
                FROM interviews WHERE customer_key = ANY(keys) GROUP BY customer_key;
        $$;
        SELECT customer_lines_again(ARRAY(SELECT DISTINCT customer_key FROM interviews));  -- the lines of a store from before
        CREATE FUNCTION customer_lines_gone() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            PERFORM customer_lines_again(ARRAY(SELECT DISTINCT customer_key FROM gone));
            RETURN NULL;
        END $$;
        CREATE TRIGGER customer_lines_gone AFTER DELETE ON interviews REFERENCING OLD TABLE AS gone
            FOR EACH STATEMENT EXECUTE FUNCTION customer_lines_gone();
        CREATE FUNCTION customer_lines_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            PERFORM customer_lines_again(ARRAY[OLD.customer_key, NEW.customer_key]);
            RETURN NULL;
        END $$;
        CREATE TRIGGER customer_lines_changed AFTER UPDATE OF id, customer_key, meeting_date, created_at ON interviews
            FOR EACH ROW EXECUTE FUNCTION customer_lines_changed()
    """),
]
"""(name, SQL) of every schema change, in the order a new database takes them."""

KNOWN = [name for name, _ in STEPS]


STORE_COLUMNS: dict[str, frozenset[str]] = {table: frozenset(columns.split()) for table, columns in {
    "migrations": "name applied_at",
    "people": "rowid id name name_key name_folded organisation organisation_key organisation_folded external_id created_at",
    "imports": "id file created_at",
    "interviews": "id customer customer_key organisation salesperson meeting_date context notes question_set set_version answers known total"
                  " source created_at uid import_id pronoun",
    "drafts": "customer_key question_set customer state updated_at",
    "question_sets": "id version definition content_hash counted_with",
    "erasures": "generation compaction_due",
    "feedback": "id interview_id line verdict note created_at",
    "import_renames": "rowid import_id customer_key old_name new_name",
    "import_replaced": "rowid import_id customer_key interview",
    "customer_lines": "customer_key interviews last_id last_met",
}.items()}
"""The tables and columns the steps make, as of the last one (a test holds them to each other):
what a store of this version must have. SQLite's store finds its own by running its steps in
memory; a server has no such scratch database to spare on every start."""


def _found(conn: psycopg.Connection) -> dict[str, set[str]]:
    """The tables of the store's schema and their columns."""
    # pg_class read as a table, in this statement's snapshot: to_regclass() would ask the catalogue
    # cache, which an advisory lock does not refresh, and miss the table another client just made
    found: dict[str, set[str]] = {}
    for table, column in conn.execute(
            "SELECT c.relname, a.attname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid"
            " WHERE c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema())"
            " AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"):
        found.setdefault(table, set()).add(column)
    return found


def _applied(conn: psycopg.Connection, found: dict[str, set[str]]) -> set[str] | None:
    """The names recorded, or None in a database without the migrations table (a new store)."""
    if "migrations" not in found:
        return None
    return {name for (name,) in conn.execute("SELECT name FROM migrations")}


def _check_tables(found: dict[str, set[str]], where: str) -> None:
    """Every table and column of this version is there: a store changed by hand (a column
    dropped) is refused when it is opened, as on SQLite, before a command reads or writes it,
    not at the end of an interview that then cannot be saved."""
    for table, columns in STORE_COLUMNS.items():
        missing = sorted(columns - found.get(table, set()))
        if missing:
            what = Msg("damaged_table_missing", table=table) if table not in found else \
                Msg("damaged_columns_missing", table=table, columns=", ".join(missing))
            raise PostgresError("pg_damaged", hint="pg_damaged_hint", where=where, what=what)


def _refuse_newer(where: str, applied: set[str]) -> None:
    unknown = sorted(applied - set(KNOWN))
    if unknown:
        raise PostgresError("pg_newer_schema", hint="pg_newer_schema_hint", where=where, found=len(applied), known=len(KNOWN),
                            changes=", ".join(unknown))


def _as_the_team(conn: psycopg.Connection) -> None:
    """Inside the migration: act as the database's owner when the connected role is a member of
    it (a team role, README "A team store"), so the tables are the team's, not the salesperson's
    who happened to start first, and every member may do what an owner does (`delete` rewrites
    the tables, which only an owner may)."""
    owner = conn.execute("SELECT r.rolname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = current_database()"
                         " AND r.rolname <> current_user AND pg_has_role(current_user, d.datdba, 'MEMBER')").fetchone()
    if owner is not None:
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(owner[0])))


def upgrade(conn: psycopg.Connection, where: str, *, create: bool = True) -> None:
    """Bring the database to this version's schema (one query when it is there already). With
    `create=False` (the reading commands) a database that holds no store is a `PostgresError`
    and nothing is made in it, as a reading command makes no store file: `list` on a database of
    another program's tables must not leave klantprofiel's eleven beside them."""
    with translated(where):
        found = _found(conn)
        applied = _applied(conn, found)
        if applied is not None:
            _refuse_newer(where, applied)
            if applied >= set(KNOWN):
                _check_tables(found, where)
                return
        elif not create:
            raise NoStoreYet("no_store", hint="no_store_hint", path=where)
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            _as_the_team(conn)
            applied = _applied(conn, _found(conn))  # again, under the lock: another client may have done it meanwhile
            if applied is None:
                conn.execute("CREATE TABLE migrations (name text PRIMARY KEY, applied_at text)")
                applied = set()
            _refuse_newer(where, applied)
            now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
            for name, script in STEPS:
                if name not in applied:
                    try:
                        conn.execute(script.encode())  # no parameters: the script's commands go as one string
                    except (errors.DuplicateTable, errors.DuplicateObject, errors.DuplicateFunction) as e:
                        # a table of that name another program made (`people`, `imports`): its database, not ours to change
                        raise PostgresError("store_not_usable", path=where, detail=str(e).strip().splitlines()[0]) from None
                    conn.execute("INSERT INTO migrations (name, applied_at) VALUES (%s, %s)", (name, now))
