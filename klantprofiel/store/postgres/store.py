"""The PostgreSQL store: what the SQLite store does (`store/interviews.py` and beside it), in
PostgreSQL's dialect, for a team that shares one database.

Rows, records and what is shown of them are the SQLite store's own types (`StoredInterview`,
`Customer`, `CustomerSummary`, …), and the logic that is not SQL is theirs too (who a name
means, how an import finds its customers: `identity`, `imports`); what differs is the SQL,
and the server: a connection per store (the user's credentials), writes taken in turn under an
advisory lock (`connection.write`), erasure that rewrites the tables (`erase_customer`).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

import psycopg

from klantprofiel import identity, names
from klantprofiel.answers import Answers
from klantprofiel.dates import now_utc
from klantprofiel.errors import NotFoundError, UserError
from klantprofiel.folding import fold
from klantprofiel.i18n import Msg
from klantprofiel.names import customer_key, loose_key
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.questionset.read_with import set_to_read
from klantprofiel.store import protocol, recount
from klantprofiel.store.busy import busy_timeout
from klantprofiel.store.import_placer import ImportPlacer, forget_import_traces, put_back, row_as_json
from klantprofiel.store.lookups import PRONOUNS_SQL, Lookups
from klantprofiel.store.postgres.connection import PostgresError, connect_server, retried, translated, write
from klantprofiel.store.postgres.migrations import upgrade
from klantprofiel.store.protocol import (
    EVERYONE,
    Compaction,
    CompactionInterrupted,
    Customer,
    CustomerCounts,
    CustomerFilter,
    CustomerRecords,
    CustomerSummary,
    DamagedRow,
    Erased,
    InterviewRow,
    Records,
    StoredDraft,
    StoredFeedback,
    StoredImport,
    StoredInterview,
    Tally,
    checked_row,
    draft_state,
)
from klantprofiel.store.rows import INSERT_COLUMNS, SELECTED, WITH_PERSON, new_uid, stored_row
from klantprofiel.store.url import masked
from klantprofiel.store.watch import ErasureWatch

_BINARY = {"known": "int4", "total": "int4", "import_id": "int8"}
"""The interview columns that are not text, as binary COPY must be told (it sends each value in its
column's own wire format: no text to escape here, none to parse on the server)."""
_INSERT_TYPES = [_BINARY.get(c, "text") for c in INSERT_COLUMNS]
_PEOPLE_COLUMNS = ("id", "name", "name_key", "name_folded", "organisation", "organisation_key", "organisation_folded", "external_id", "created_at")
_INSERT = f"INSERT INTO interviews ({', '.join(INSERT_COLUMNS)}) VALUES ({', '.join(['%s'] * len(INSERT_COLUMNS))})"
ERASED_TABLES = ("people", "interviews", "drafts", "feedback", "imports", "import_replaced", "import_renames", "customer_lines")
"""What `delete` rewrites (VACUUM FULL): every table that holds a customer's name or words, or
(customer_lines) his id and when he was met."""
_AS_JSON = row_as_json("json_build_object", "json_agg") + "::text"
"""What `--existing replace` keeps of an interview it removes, as the SQLite store keeps it."""
_SORTS = {
    "last": "last_met DESC, last_id DESC",
    "name": "name_folded, customer_key",
    "known": "known::float / greatest(total, 1) DESC, last_met DESC, last_id DESC",
}


def _whose(records: Records, column: str = "customer_key") -> tuple[str, tuple]:
    """The condition (and its parameters) that picks these customers' rows by `column`."""
    return ("TRUE", ()) if records.ids is None else (f"{column} = ANY(%s)", (list(records.ids),))


_IN_LIST = re.compile(r"\bIN \((\?(?:, \?)*)\)|\?")


class Qmark:
    """The SQLite store's portable statements (`?` placeholders, nothing else of its dialect) on
    this connection: what `matcher.CustomerMatcher` sends to find an import's customers. A list of
    values (`col IN (?, ?, …)`) goes as one array (`col = ANY(%b)`): one parameter to send and
    plan instead of five hundred, in binary (psycopg writes a list of 500 texts as an array
    literal in Python, escaping each; in binary it takes a third of that time)."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Any = ()) -> psycopg.Cursor:
        given = iter(params)
        sent: list[Any] = []

        def placeholder(found: re.Match[str]) -> str:
            if found.group(1) is None:
                sent.append(next(given))
                return "%s"
            sent.append([next(given) for _ in range(found.group(1).count("?"))])
            return "= ANY(%b)"

        return self.conn.execute(_IN_LIST.sub(placeholder, sql).encode(), sent)

    def executemany(self, sql: str, rows: Iterable[Any]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(sql.replace("?", "%s").encode(), rows)


class PostgresStore(Lookups):
    """The store in one PostgreSQL database, named by a URL; connects on first use."""

    MARK = "%s"
    erasure = "server"

    def __init__(self, url: str, *, create: bool = True, on_create: Callable[[str], None] | None = None) -> None:
        self.url = url
        self.create = create
        """False for a reading command: a database without a store is said so, and nothing is made in it."""
        self.path = masked(url)
        """How messages name the store: its URL without the password."""
        self._conn: psycopg.Connection | None = None
        self._sets: dict[tuple[str, str], QuestionSet] = {}

    @property
    def conn(self) -> psycopg.Connection:
        if self._conn is None:
            conn = connect_server(self.url, busy_timeout=busy_timeout())
            try:
                upgrade(conn, self.path, create=self.create)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def transaction(self):
        return write(self.conn, self.path)

    @contextmanager
    def _qmark_transaction(self) -> Iterator[Qmark]:
        with self.transaction() as conn:
            yield Qmark(conn)

    def _counts_current(self) -> None:
        """Count again the interviews whose set reads them otherwise now (`store/recount.py`), as
        the SQLite store does: the list and CSV read the stored known/total, `show` derives it."""
        recount.counts_current(Qmark(self.conn), self._qmark_transaction, self.question_set, index=False)

    def _write(self, body: Callable[[psycopg.Connection], Any]) -> Any:
        return retried(self.conn, self.path, body)

    def _all(self, sql: str, params: Any = ()) -> list[tuple]:
        with translated(self.path):
            return self.conn.execute(sql.encode(), params).fetchall()

    def _one(self, sql: str, params: Any = ()) -> tuple | None:
        with translated(self.path):
            return self.conn.execute(sql.encode(), params).fetchone()

    def damaged(self, what: Msg | DamagedRow) -> UserError:
        return PostgresError("pg_damaged", hint="pg_damaged_hint", where=self.path, what=what.msg() if isinstance(what, DamagedRow) else what)

    def role(self) -> str:
        """The role this store is connected as: a new interview's salesperson by default."""
        return str(self.conn.info.user)

    # --- customers ---------------------------------------------------------------------------

    def _people(self, where: str, params: Any) -> list[Customer]:
        return [Customer(*row) for row in self._all(f"SELECT id, name, organisation, external_id FROM people WHERE {where} ORDER BY rowid", params)]

    def by_id(self, cid: str) -> Customer | None:
        found = self._people("id = %s", (cid,))
        return found[0] if found else None

    def by_external_id(self, external_id: str) -> Customer | None:
        found = self._people("external_id = %s", (external_id,))
        return found[0] if found else None

    def of_name(self, name: str) -> list[Customer]:
        try:
            key = customer_key(name)
        except UserError:
            return []
        return self._people("name_key = %s", (key,))

    def counts(self, customer: Customer) -> CustomerCounts:
        row = self._one("SELECT count(*), max(coalesce(meeting_date, substr(created_at, 1, 10))),"
                        " (SELECT count(*) FROM drafts WHERE customer_key = %(id)s) FROM interviews WHERE customer_key = %(id)s", {"id": customer.id})
        assert row is not None
        return CustomerCounts(customer, row[0], row[2], row[1])

    def customer(self, text: str, organisation: str | None = None, *, command: str = "klantprofiel show") -> Customer:
        return identity.find(self, text, organisation, command=command)

    def customer_of(self, who: Customer | str, organisation: str | None = None) -> Customer:
        return who if isinstance(who, Customer) else identity.for_interview(self, who, organisation)

    def not_found(self, name: str) -> NotFoundError:
        key = customer_key(name)
        near = dict(self._all("(SELECT name_key, name FROM people WHERE name_key >= %(k)s ORDER BY name_key LIMIT 10)"
                              " UNION ALL (SELECT name_key, name FROM people WHERE name_key < %(k)s ORDER BY name_key DESC LIMIT 10)", {"k": key}))
        close = [near[k] for k in difflib.get_close_matches(key, list(near), n=3, cutoff=0.5)]
        close = close or [n for (n,) in self._all("SELECT name FROM people WHERE strpos(name_folded, %s) > 0 ORDER BY rowid LIMIT 3", (fold(name),))]
        hint = Msg("did_you_mean_names", names=", ".join(close)) if close else Msg("see_customers_hint")
        return NotFoundError("no_customer", hint=hint, name=name)

    def _keep_customer(self, conn: psycopg.Connection, customer: Customer, organisation: str | None = None) -> Customer:
        """Inside a write: his row, made if he is new (unless another writer made him meanwhile:
        `identity.made_meanwhile`); `organisation`, if given, becomes his. Returns him as stored."""
        customer = identity.made_meanwhile(self, customer, organisation)
        org = organisation or customer.organisation
        if not customer.stored:
            conn.execute("INSERT INTO people (id, name, name_key, name_folded, organisation, organisation_key, organisation_folded, external_id,"
                         " created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                         (customer.id, customer.name, customer_key(customer.name), fold(customer.name), org, loose_key(org), fold(org),
                          customer.external_id, now_utc()))
        elif organisation:
            conn.execute("UPDATE people SET organisation = %s, organisation_key = %s, organisation_folded = %s"
                         " WHERE id = %s AND organisation IS DISTINCT FROM %s",
                         (organisation, loose_key(organisation), fold(organisation), customer.id, organisation))
        return replace(customer, stored=True)

    def rename(self, who: Customer | str, new_name: str) -> Customer:
        customer = who if isinstance(who, Customer) else self.customer(who, command="klantprofiel rename")
        name = names.normalise(new_name)
        if not name:
            raise UserError("new_name_empty")
        self._write(lambda conn: _renamed(conn, customer.id, name))
        return Customer(customer.id, name, customer.organisation, customer.external_id)

    def customers(self, which: CustomerFilter = CustomerFilter(), sort: str = "last", limit: int | None = None) -> Iterator[CustomerSummary]:
        self._counts_current()
        where, params = _filter(which)
        sql = (f"{_SUMMARIES} WHERE {where} ORDER BY {_SORTS[sort]}" + (" LIMIT %(limit)s" if limit is not None else ""))
        found = [CustomerSummary(*row[:9]) for row in self._all(sql, {**params, "limit": limit})]
        yield from found
        if limit is None or len(found) < limit:
            left = None if limit is None else limit - len(found)
            yield from [c for c in self._drafts_only() if which.holds(c)][:left]

    def count_customers(self, which: CustomerFilter = CustomerFilter()) -> int:
        self._counts_current()
        where, params = _filter(which)
        row = self._one(f"SELECT count(*) FROM ({_SUMMARIES} WHERE {where}) AS s", params)
        return (row[0] if row else 0) + sum(1 for c in self._drafts_only() if which.holds(c))

    def _drafts_only(self) -> list[CustomerSummary]:
        rows = self._all("SELECT customer_key, min(customer), (array_agg(state ORDER BY updated_at DESC))[1], max(updated_at), count(*) FROM drafts"
                         " WHERE NOT EXISTS (SELECT 1 FROM interviews i WHERE i.customer_key = drafts.customer_key)"
                         " GROUP BY customer_key ORDER BY max(updated_at) DESC")
        return [CustomerSummary(key, name, json.loads(state).get("meta", {}).get("organisation"), 0, updated, 0, 0, updated[:10], drafts)
                for key, name, state, updated, drafts in rows]

    # --- interviews -------------------------------------------------------------------------

    def watch(self, who: Customer | str, question_set: str) -> PgWatch:
        customer = self.customer_of(who)
        row = self._one("SELECT (SELECT generation FROM erasures), EXISTS (SELECT 1 FROM people WHERE id = %s)", (customer.id,))
        assert row is not None
        return PgWatch(customer, question_set, row[0], bool(row[1]))

    def save_interview(self, qs: QuestionSet, answers: Answers, source: str = "interview", watch: protocol.Watch | None = None,
                       customer: Customer | None = None) -> int:
        watch = cast("PgWatch | None", watch)  # the one this store's `watch` made
        if not answers.meta.get("salesperson") and source == "interview":
            answers = replace(answers, meta={**answers.meta, "salesperson": self.role()})
        given = customer or (watch.customer if watch is not None else self.customer_of(answers.meta.get("customer") or ""))
        row = checked_row(qs, answers, source, now_utc())

        def body(conn: psycopg.Connection) -> int:
            if watch is not None:
                watch.check(conn)
            who = self._keep_customer(conn, given, answers.meta.get("organisation"))
            self.keep_set(qs)
            found = conn.execute((_INSERT + " RETURNING id").encode(), stored_row(row, who, new_uid())).fetchone()
            conn.execute("DELETE FROM drafts WHERE customer_key = %s AND question_set = %s", (who.id, qs.id))
            return int(found[0]) if found else 0

        return int(self._write(body))

    def _select(self, where: str, params: Any, order: str = "id") -> list[StoredInterview]:
        try:
            return [StoredInterview.from_row(r) for r in self._all(f"SELECT {SELECTED} FROM {WITH_PERSON} WHERE {where} ORDER BY {order}", params)]
        except DamagedRow as e:
            raise self.damaged(e) from None

    def interview_rows(self, records: Records = EVERYONE, batch: int = 2000) -> Iterator[list[InterviewRow]]:
        """Every interview of `records`, oldest first, from a server-side cursor `batch` rows at a
        time: memory stays flat for an export of any size, and one round trip per batch."""
        self._counts_current()
        where, params = _whose(records)
        with translated(self.path), self.conn.transaction(), self.conn.cursor(name="export") as cur:
            cur.itersize = batch
            cur.execute(f"SELECT {SELECTED} FROM {WITH_PERSON} WHERE {where} ORDER BY id".encode(), params)
            while chunk := cur.fetchmany(batch):
                yield list(map(InterviewRow._make, chunk))

    def sets_used(self, records: Records = EVERYONE) -> list[tuple[str, str]]:
        where, params = _whose(records)
        return [(a, b) for a, b in self._all(f"SELECT question_set, set_version FROM interviews WHERE {where}"
                                             " GROUP BY question_set, set_version ORDER BY min(id)", params)]

    def pronouns(self, records: Records = EVERYONE) -> dict[str, str]:
        where, params = _whose(records)
        return dict(self._all(f"{PRONOUNS_SQL} AND {where} ORDER BY id", params))

    # --- question sets ----------------------------------------------------------------------

    def keep_set(self, qs: QuestionSet) -> None:
        """Keep a copy of the set an interview was answered against, and record what its
        interviews are counted with (`recount.counted`): a write only the first time, or while
        the set reads them with another."""
        new = not self.check_set(qs)
        if new:
            with write(self.conn, self.path) as conn:
                conn.execute("INSERT INTO question_sets (id, version, definition, content_hash) VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                             (qs.id, qs.version, qs.model_dump_json(by_alias=True), qs.content_hash))
        read_with = self.question_set(qs.id, qs.version)
        if new or read_with.content_hash != qs.content_hash:
            with write(self.conn, self.path) as conn:
                recount.counted(Qmark(conn), qs, read_with, new)

    def _kept_hash(self, qs: QuestionSet) -> tuple[str | None] | None:
        row = self._one("SELECT content_hash FROM question_sets WHERE id = %s AND version = %s", (qs.id, qs.version))
        return (row[0],) if row else None

    def kept_sets(self) -> list[tuple[str, str]]:
        return [(a, b) for a, b in self._all("SELECT id, version FROM question_sets ORDER BY id, version")]

    def kept_set(self, set_id: str, version: str) -> QuestionSet | None:
        row = self._one("SELECT definition FROM question_sets WHERE id = %s AND version = %s", (set_id, version))
        try:
            return QuestionSet.model_validate_json(row[0]) if row else None
        except ValueError:
            raise self.damaged(Msg("damaged_set_copy", set=set_id, version=version)) from None

    def question_set(self, set_id: str, version: str) -> QuestionSet:
        key = (set_id, version)
        if key not in self._sets:
            self._sets[key] = set_to_read(set_id, version, self.kept_set(set_id, version))
        return self._sets[key]

    # --- drafts -------------------------------------------------------------------------------

    def save_draft(self, who: Customer | str, question_set: str, state: dict[str, Any], watch: protocol.Watch | None = None) -> None:
        watch = cast("PgWatch | None", watch)
        given = watch.customer if watch is not None else self.customer_of(who)

        def body(conn: psycopg.Connection) -> Customer:
            if watch is not None:
                watch.check(conn)
            customer = self._keep_customer(conn, given)
            conn.execute("INSERT INTO drafts (customer_key, question_set, customer, state, updated_at) VALUES (%s, %s, %s, %s, %s)"
                         " ON CONFLICT (customer_key, question_set) DO UPDATE SET customer = excluded.customer, state = excluded.state,"
                         " updated_at = excluded.updated_at",
                         (customer.id, question_set, customer.name, json.dumps(state, ensure_ascii=False), now_utc()))
            return customer

        customer = self._write(body)
        if watch is not None:
            watch.saved_draft, watch.customer = True, customer  # as stored: the next save finds him so

    def draft(self, who: Customer | str, question_set: str) -> dict[str, Any] | None:
        customer = self.customer_of(who)
        row = self._one("SELECT state FROM drafts WHERE customer_key = %s AND question_set = %s", (customer.id, question_set))
        if row is None:
            return None
        try:
            return draft_state(row[0], customer.name, question_set)
        except DamagedRow as e:
            raise self.damaged(e) from None

    def drafts(self, records: Records) -> list[StoredDraft]:
        where, params = _whose(records)
        rows = self._all(f"SELECT customer, question_set, state, updated_at, customer_key FROM drafts WHERE {where} ORDER BY updated_at DESC", params)
        try:
            return [StoredDraft(name, set_id, draft_state(state, name, set_id), updated, key) for name, set_id, state, updated, key in rows]
        except DamagedRow as e:
            raise self.damaged(e) from None

    def drop_draft(self, who: Customer | str, question_set: str) -> None:
        customer = self.customer_of(who)

        def body(conn: psycopg.Connection) -> None:
            conn.execute("DELETE FROM drafts WHERE customer_key = %s AND question_set = %s", (customer.id, question_set))
            _forget_if_empty(conn, customer.id)

        self._write(body)

    # --- feedback -----------------------------------------------------------------------------

    def add_feedback(self, interview_id: int, line: str, verdict: str, note: str | None) -> None:
        self._write(lambda conn: conn.execute("INSERT INTO feedback (interview_id, line, verdict, note, created_at) VALUES (%s, %s, %s, %s, %s)",
                                              (interview_id, line, verdict, note, now_utc())))

    def feedback(self, records: Records) -> list[StoredFeedback]:
        where, params = _whose(records, "i.customer_key")
        return [StoredFeedback(*row) for row in self._all(
            "SELECT f.interview_id, f.line, f.verdict, f.note, f.created_at FROM feedback f JOIN interviews i ON i.id = f.interview_id"
            f" WHERE {where} ORDER BY f.id", params)]

    def feedback_tally(self) -> list[Tally]:
        return [Tally(*row) for row in self._all(
            "SELECT line, count(*) FILTER (WHERE verdict = 'wrong'), count(*) FILTER (WHERE verdict = 'useful'),"
            " (SELECT note FROM feedback n WHERE n.line = f.line AND n.note IS NOT NULL ORDER BY n.id DESC LIMIT 1)"
            " FROM feedback f GROUP BY line ORDER BY 2 DESC, 3 ASC, line")]

    # --- imports ------------------------------------------------------------------------------

    def import_writer(self, file: str, existing: str = "new-interview", dry_run: bool = False) -> PgImportWriter:
        return PgImportWriter(self, file, existing, dry_run)

    def stored_import(self, import_id: int) -> StoredImport:
        row = self._one("SELECT file, created_at FROM imports WHERE id = %s", (import_id,))
        if row is None:
            raise NotFoundError("no_import_id", hint="no_import_id_hint", id=import_id)
        counted = self._one(
            "SELECT count(*), (SELECT count(*) FROM people WHERE id IN (SELECT customer_key FROM interviews WHERE import_id = %(id)s)"
            " AND NOT EXISTS (SELECT 1 FROM interviews i WHERE i.customer_key = people.id AND i.import_id IS DISTINCT FROM %(id)s)"
            " AND NOT EXISTS (SELECT 1 FROM drafts WHERE drafts.customer_key = people.id)"
            " AND NOT EXISTS (SELECT 1 FROM import_replaced r WHERE r.import_id = %(id)s AND r.customer_key = people.id))"  # they get those back
            " FROM interviews WHERE import_id = %(id)s", {"id": import_id})
        kept = self._one("SELECT (SELECT count(*) FROM import_replaced WHERE import_id = %(id)s),"
                         " (SELECT count(*) FROM import_renames WHERE import_id = %(id)s)", {"id": import_id})
        assert counted is not None and kept is not None
        return StoredImport(import_id, row[0], row[1], counted[0], counted[1], kept[0], kept[1])

    def undo_import(self, import_id: int) -> StoredImport:
        def body(conn: psycopg.Connection) -> StoredImport:
            found = self.stored_import(import_id)  # again, under the lock: what is removed is what was counted
            keys = [k for (k,) in conn.execute("SELECT DISTINCT customer_key FROM interviews WHERE import_id = %s", (import_id,))]
            conn.execute("DELETE FROM interviews WHERE import_id = %s", (import_id,))
            # before the customers left empty are forgotten: a replaced interview keeps him
            put_back(cast(Any, Qmark(conn)), import_id, lambda key, name: _renamed(conn, key, name))
            for key in keys:
                _forget_if_empty(conn, key)
            conn.execute("DELETE FROM imports WHERE id = %s", (import_id,))
            return found

        result: StoredImport = self._write(body)
        return result

    # --- erasure ------------------------------------------------------------------------------

    def customer_records(self, name: str, organisation: str | None = None) -> CustomerRecords:
        found = self.counts(self.customer(name, organisation, command="klantprofiel delete"))
        return CustomerRecords(found.customer.name, found.interviews, found.drafts, found.customer.id)

    def erase_customer(self, name: str, organisation: str | None = None) -> Erased:
        """Every row of him (interviews, their feedback, drafts, his person row; an import left
        with none of its interviews goes too: its file name may be his), in one transaction;
        then the tables are rewritten (`compact`), so his name is gone from their files."""
        def body(conn: psycopg.Connection) -> Erased:
            customer = self.customer(name, organisation, command="klantprofiel delete")
            import_ids = [i for (i,) in conn.execute("SELECT DISTINCT import_id FROM interviews WHERE customer_key = %s AND import_id IS NOT NULL",
                                                     (customer.id,))]
            interviews = conn.execute("DELETE FROM interviews WHERE customer_key = %s", (customer.id,)).rowcount
            drafts = conn.execute("DELETE FROM drafts WHERE customer_key = %s", (customer.id,)).rowcount
            conn.execute("DELETE FROM people WHERE id = %s", (customer.id,))
            forget_import_traces(cast(Any, Qmark(conn)), customer.id)
            _drop_empty_imports(conn, import_ids)
            conn.execute("UPDATE erasures SET generation = generation + 1, compaction_due = true")
            return Erased(customer.name, interviews, drafts, customer.id)

        return self._compacted(self._write(body))

    def erase_interview(self, interview_id: int) -> Erased:
        def body(conn: psycopg.Connection) -> Erased:
            item = self.interview(interview_id)
            conn.execute("DELETE FROM interviews WHERE id = %s", (interview_id,))
            _forget_if_empty(conn, item.customer_key)
            _drop_empty_imports(conn, [item.import_id] if item.import_id is not None else [])
            conn.execute("UPDATE erasures SET generation = generation + 1, compaction_due = true")
            return Erased(item.customer, 1, 0, item.customer_key)

        return self._compacted(self._write(body))

    def _compacted(self, erased: Erased) -> Erased:
        try:
            compaction, problem = self.compact()
        except KeyboardInterrupt:
            raise CompactionInterrupted(replace(erased, compaction=Compaction.INTERRUPTED)) from None
        return replace(erased, compaction=compaction, problem=problem)

    def _forget_statistics_if_empty(self, table: str) -> None:
        """ANALYZE of a table the erasure left empty keeps the statistics it had, samples of the
        rows just erased; setting a column's type again to itself drops its statistics. (Not a
        column a trigger names, which the server will not alter: none of those holds a name,
        only ids and dates.)"""
        if self._one(f"SELECT 1 FROM {table} LIMIT 1") is not None:
            return
        columns = self._all("SELECT quote_ident(attname), format_type(atttypid, atttypmod),"
                            " CASE WHEN attcollation <> 0 THEN ' COLLATE ' || attcollation::regcollation::text ELSE '' END"
                            " FROM pg_attribute a WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped"
                            " AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = a.attrelid AND a.attnum = ANY(t.tgattr))",
                            (table,))
        self.conn.execute(f"ALTER TABLE {table} ".encode() + ", ".join(f"ALTER COLUMN {name} TYPE {kind}{collation}"
                                                                      for name, kind, collation in columns).encode())

    def compaction_due(self) -> bool:
        """Did an erasure end before the tables were rewritten (another client held them)?"""
        row = self._one("SELECT compaction_due FROM erasures")
        return bool(row and row[0])

    def compact(self) -> tuple[Compaction, Msg | None]:
        """VACUUM FULL of the tables an erasure touches: each is written anew without the
        deleted rows, its indexes rebuilt, the old files dropped at the next checkpoint. The
        planner's statistics of their columns (`pg_statistic`) hold samples of their values, his
        name among them once the server's autovacuum has analysed them: they are taken anew
        (ANALYZE) and their table rewritten too, which takes owning the database (or being a
        member of the role that does). Another client reading one of them makes it wait (busy)."""
        from klantprofiel.errors import StoreBusyError
        not_owned = [t for (t,) in self._all("SELECT relname FROM pg_class WHERE oid = ANY(%s::regclass[])"
                                             " AND NOT pg_has_role(current_user, relowner, 'USAGE') ORDER BY relname", (list(ERASED_TABLES),))]
        if self._one("SELECT 1 FROM pg_database WHERE datname = current_database() AND pg_has_role(current_user, datdba, 'USAGE')") is None:
            not_owned.append("pg_statistic")
        if not_owned:  # VACUUM would skip them with a mere warning
            return Compaction.FAILED, Msg("pg_not_owner", where=self.path, tables=", ".join(not_owned))
        try:
            with translated(self.path):
                for table in ERASED_TABLES:
                    self.conn.execute(f"VACUUM FULL ANALYZE {table}".encode())
                    self._forget_statistics_if_empty(table)
                self.conn.execute("VACUUM FULL pg_statistic")
        except StoreBusyError:
            return Compaction.BUSY, None
        except UserError as e:
            return Compaction.FAILED, e.msg
        self._write(lambda conn: conn.execute("UPDATE erasures SET compaction_due = false"))
        return Compaction.DONE, None


_SUMMARIES = """
    SELECT * FROM (
        SELECT p.id AS customer_key, i.customer AS name, p.organisation, s.interviews, i.created_at AS last_interview, i.known, i.total,
               s.last_met, (SELECT count(*) FROM drafts d WHERE d.customer_key = p.id) AS drafts, s.last_id, p.name_folded, p.organisation_folded
        FROM customer_lines s JOIN people p ON p.id = s.customer_key JOIN interviews i ON i.id = s.last_id
    ) AS summary
"""
"""One row per customer with an interview, as `list` shows him: his line (`customer_lines`,
which the interviews' triggers keep, migration v6) with his name and his latest interview; his
organisation is his own (people's: where his interviews last said he is, what `--organisation`
finds him by everywhere), which --organisation and --search read too, as on SQLite."""


def _filter(which: CustomerFilter) -> tuple[str, dict[str, Any]]:
    clauses, params = ["TRUE"], {}
    if which.since:
        clauses.append("last_met >= %(since)s")
        params["since"] = which.since
    if which.organisation and (folded := fold(which.organisation)):
        clauses.append("strpos(coalesce(organisation_folded, ''), %(organisation)s) > 0")
        params["organisation"] = folded
    if which.search and (folded := fold(which.search)):
        clauses.append("(strpos(name_folded, %(search)s) > 0 OR strpos(coalesce(organisation_folded, ''), %(search)s) > 0)")
        params["search"] = folded
    return " AND ".join(clauses), params


def _renamed(conn: psycopg.Connection, customer_id: str, name: str) -> None:
    conn.execute("UPDATE people SET name = %s, name_key = %s, name_folded = %s WHERE id = %s", (name, customer_key(name), fold(name), customer_id))
    for table in ("interviews", "drafts"):
        conn.execute(f"UPDATE {table} SET customer = %s WHERE customer_key = %s".encode(), (name, customer_id))


def _forget_if_empty(conn: psycopg.Connection, cid: str) -> None:
    """`interviews.forget_if_empty` in this dialect: what imports kept of him goes with him."""
    gone = conn.execute("DELETE FROM people WHERE id = %(id)s AND NOT EXISTS (SELECT 1 FROM interviews WHERE customer_key = %(id)s)"
                        " AND NOT EXISTS (SELECT 1 FROM drafts WHERE customer_key = %(id)s)", {"id": cid}).rowcount
    if gone:
        forget_import_traces(cast(Any, Qmark(conn)), cid)


def _drop_empty_imports(conn: psycopg.Connection, import_ids: list[int]) -> None:
    if import_ids:
        conn.execute("DELETE FROM imports WHERE id = ANY(%s) AND NOT EXISTS (SELECT 1 FROM interviews WHERE import_id = imports.id)", (import_ids,))


class PgWatch(ErasureWatch):
    """`watch.ErasureWatch` on a psycopg connection: the same checks, written with its placeholder."""

    MARK = "%s"


COPY_ROWS = 5000
"""Interviews an import writes with one COPY. Each COPY's trigger (`customer_lines_arrived`,
which adds the lines `list` reads) costs the server much per statement besides its rows: for
100,000 interviews the server's CPU for the COPYs alone was 3.1 s at 500 rows a COPY and 2.4 s at
5,000, and for a whole import about 0.3 s of 4.4 less. Few enough that memory stays flat (a few MB)."""


class PgImportWriter(ImportPlacer):
    """The import writer both stores share (how records find their customers, skip, replace),
    with the rows written by COPY and the statements of this dialect."""

    def __init__(self, store: PostgresStore, file: str, existing: str = "new-interview", dry_run: bool = False) -> None:
        self.pg = store.conn
        super().__init__(cast(Any, Qmark(self.pg)), file, existing, dry_run)
        self._held: list[tuple] = []
        """Interviews placed and not yet written: `COPY_ROWS` at a time go in one COPY."""

    def write(self, rows: list[tuple]) -> None:
        """The batch's new customers at once (the next batch looks them up); its interviews
        when `COPY_ROWS` are held, or when a rename must reach those held too."""
        made = self._arrived(rows)
        if made is None:
            return
        now = now_utc()
        with self.pg.cursor() as cur:
            with cur.copy(f"COPY people ({', '.join(_PEOPLE_COLUMNS)}) FROM STDIN (FORMAT BINARY)".encode()) as copy:
                copy.set_types(["text"] * len(_PEOPLE_COLUMNS))
                for c in made:
                    organisation_key, organisation_folded = self.organisation_keys(c.organisation)
                    copy.write_row((c.id, c.name, customer_key(c.name), fold(c.name), c.organisation, organisation_key, organisation_folded,
                                    c.external_id, now))
            if self.matcher.given_external_id:
                cur.executemany("UPDATE people SET external_id = %s WHERE id = %s",
                                [(c.external_id, c.id) for c in self.matcher.given_external_id.values()])
        self._held += rows
        if len(self._held) >= COPY_ROWS or self.matcher.renamed:  # a rename rewrites the name in his stored interviews
            self._write_held()
        self._take_renames(self._rename)

    def _write_held(self) -> None:
        """Every row placed so far into the store (the uids of those held meanwhile were the placer's to know)."""
        if self._held:
            with self.pg.cursor() as cur, cur.copy(f"COPY interviews ({', '.join(INSERT_COLUMNS)}) FROM STDIN (FORMAT BINARY)".encode()) as copy:
                copy.set_types(_INSERT_TYPES)
                for row in self._held:
                    copy.write_row(row)
            self._held.clear()
        self._in_store()

    def end(self) -> None:
        self._write_held()
        super().end()

    def _rename(self, customer: Customer, before: str) -> None:
        _renamed(self.pg, customer.id, customer.name)
        self.pg.execute("INSERT INTO import_renames (import_id, customer_key, old_name, new_name) VALUES (%s, %s, %s, %s)",
                        (self.arrivals.import_id, customer.id, before, customer.name))

    def begin(self) -> None:
        # The tables grow inside this one transaction, where the planner's statistics still say how
        # they were before (empty, for a first import): it would scan every customer for each name
        # of a batch. Every look-up of the import has an index; it is to use it.
        self.pg.execute("SET LOCAL enable_seqscan = off")
        if not self.dry_run:
            row = self.pg.execute("INSERT INTO imports (file, created_at) VALUES (%s, %s) RETURNING id", (self.file, now_utc())).fetchone()
            self.arrivals.import_id = row[0] if row else None

    def _remove_earlier(self, customer: Customer, question_set: str) -> None:
        params = (customer.id, question_set, self._last_before)
        where = "customer_key = %s AND question_set = %s AND id <= %s"
        if self.dry_run:
            row = self.pg.execute(f"SELECT count(*) FROM interviews WHERE {where}".encode(), params).fetchone()
            self.arrivals.replaced += row[0] if row else 0
        else:
            self.pg.execute(f"INSERT INTO import_replaced (import_id, customer_key, interview) SELECT %s, customer_key, {_AS_JSON}"
                            f" FROM interviews WHERE {where}".encode(), (self.arrivals.import_id, *params))
            self.arrivals.replaced += self.pg.execute(f"DELETE FROM interviews WHERE {where}".encode(), params).rowcount


if TYPE_CHECKING:
    def _implements(store: PostgresStore) -> protocol.Store:
        """mypy holds `PostgresStore` to the protocol here, as the SQLite store is held."""
        return store
