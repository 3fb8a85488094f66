"""What the program needs from a store, and nothing of how one keeps it: the one file for the store interface.

The core, io/ and the CLI hold a store by `Store` below and read what it returns: named rows
(the frozen dataclasses here, `StoredInterview`) or core objects (`QuestionSet`), never a tuple read
by column index, a cursor or SQL. A backend is a module of its own under `klantprofiel/store/`
that implements these methods: the SQLite store (`store/interviews.py` and the modules beside
it, opened by `store/db.py`), and a PostgreSQL store in `klantprofiel/store/postgres/`. Each keeps
its dialect to itself (placeholders, upserts, row ids, PRAGMAs, VACUUM), so a new backend needs
no change outside its own module. `store/factory.py` picks the backend from what --db names.

This module belongs to the core (tests/test_architecture.py): it imports only the core, and the
core may import it. Errors a user can act on are `UserError`s; a backend turns its driver's
failures (busy, damaged, no permission) into them, so the CLI never sees a driver exception.

Who a store is about is a `Customer` (identity: an id klantprofiel gave him, not his name);
which customers' records a call reads is a `Records` (some customers' ids, or `EVERYONE`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, Protocol, TypeVar

from pydantic_core import to_json

from klantprofiel.i18n import Msg
from klantprofiel.names import customer_key
from klantprofiel.questionset.conditions import Value
from klantprofiel.who_when import STORED_FIELDS

if TYPE_CHECKING:
    from klantprofiel.answers import AnswerProblem, Answers
    from klantprofiel.errors import UserError
    from klantprofiel.profile.record import InterviewRecord
    from klantprofiel.pronouns import Person
    from klantprofiel.questionset.model import QuestionSet


# --- named rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Customer:
    """One person. `stored` is False for one `match` or `for_interview` made up: his row is
    written by the first write that stores something of him (`Store.save_interview`, `save_draft`,
    an import)."""

    id: str
    """'k-' and 8 letters or digits (`identity.new_customer_id`)."""
    name: str
    """As he is shown (as first stored; `rename` changes it)."""
    organisation: str | None = None
    external_id: str | None = None
    """His id in the user's CRM, if an import gave one."""
    stored: bool = True

    @property
    def records(self) -> Records:
        return Records((self.id,))


@dataclass(frozen=True)
class Records:
    """Which customers' records a call reads: these customer ids, or everyone's (`ids` None)."""

    ids: tuple[str, ...] | None = None


EVERYONE = Records()


def records_of(customers: list[Customer]) -> Records:
    """The records of all these customers together (of everyone for none)."""
    return Records(tuple(c.id for c in customers)) if customers else EVERYONE


A = TypeVar("A")
"""How a `StoredInterview`'s answers come: as the stored JSON text (`InterviewRow`) or read (a dict)."""


class StoredInterview(NamedTuple, Generic[A]):
    """One stored interview, its fields named once. Export reads them in bulk as the store keeps
    them (`InterviewRow`, `Store.interview_rows`): a tuple too, so the fast export path
    (`io/profile_json.py`) reads a batch column by column; everything else reads one with its
    answers read (`from_row`).

    Its who/when fields (organisation to notes) are `who_when.STORED_FIELDS` spelled out, as the
    one list that has to be: mypy reads a typed row's fields from the class body only, and the
    views read them by attribute (`item.meeting_date`). tests/test_who_when.py holds them to
    `who_when`, so a field added there and not here fails at once."""

    id: int
    customer: str
    """His name as shown."""
    organisation: str | None
    pronoun: str | None
    """he, she or name; None where it was not given (`pronouns.DEFAULT` is read)."""
    salesperson: str | None
    meeting_date: str | None
    context: str | None
    notes: str | None
    question_set: str
    set_version: str
    answers: A
    """Stored, the JSON text of an object of every question id (null = unknown), as
    `encode_answers` writes it, which a row damaged by hand may hold anything in (`DamagedRow`);
    read, that object."""
    known: int
    total: int
    source: str
    """'interview' or 'import'."""
    created_at: str
    """When it was stored (UTC, ISO 8601)."""
    uid: str
    """The interview's own id, kept wherever it is exported and imported."""
    customer_key: str
    """His customer id (`identity`)."""
    import_id: int | None
    """The import that stored it (`import --undo`), if one did."""
    external_id: str | None

    @staticmethod
    def from_row(row: tuple) -> StoredInterview[dict[str, Value]]:
        """From an `InterviewRow` (or a tuple in its order); DamagedRow if its answers are not a JSON object."""
        import json
        stored: InterviewRow = StoredInterview._make(row)
        try:
            answers = json.loads(stored.answers)
        except (TypeError, ValueError):
            raise DamagedRow(stored.id) from None
        if not isinstance(answers, dict):
            raise DamagedRow(stored.id)
        return StoredInterview(**{**stored._asdict(), "answers": answers})

    @property
    def meta(self) -> dict[str, str | None]:
        return {"customer": self.customer, **{c: getattr(self, c) for c in STORED_FIELDS}}

    def record(self, qs: QuestionSet, lang: str = "nl", person: Person | None = None) -> InterviewRecord:
        """The core's record of this interview, its profile derived by `qs` (`Store.question_set`)
        and written for `person` (without one: as this interview names the customer)."""
        from klantprofiel.profile.record import interview_record
        answers = self.answers
        assert isinstance(answers, dict), "a record is made of an interview with its answers read (from_row)"
        return interview_record(qs, answers, self.meta, id=self.id, source=self.source, created_at=self.created_at,
                                set_version=self.set_version, customer_id=self.customer_key, uid=self.uid, external_id=self.external_id,
                                import_id=self.import_id, lang=lang, person=person)


InterviewRow = StoredInterview[str]
"""A stored interview as the store keeps it, its answers the JSON text."""
INTERVIEW_FIELDS: tuple[str, ...] = StoredInterview._fields
"""The fields of a stored interview, in their order (the columns the stores select)."""


def encode_answers(values: dict[str, Value]) -> str:
    """The stored JSON of an interview's answers (`InterviewRow.answers`): compact, UTF-8, keys in
    question order. pydantic's encoder: several times faster than `json.dumps`, and batch import
    writes one per record. Any JSON reader reads it back."""
    return to_json(values).decode()


def checked_row(qs: QuestionSet, answers: Answers, source: str, created_at: str) -> tuple:
    """A checked interview as an import hands it to `ImportWriter.place` (and `save_interview`
    stores it): `InterviewRow`'s fields from `customer` to `created_at`, with his name's key
    (`names.customer_key`) where his customer id goes once he is found (`CHECKED_WIDTH` columns)."""
    return row_maker(qs, source)(answers, created_at)


def row_maker(qs: QuestionSet, source: str) -> Callable[[Answers, str], tuple]:
    """`checked_row` for the interviews of one set and source: a batch import makes one per
    record, so what it needs is imported once here, not per record (the derivation is kept out
    of the modules a reading command loads)."""
    from klantprofiel.profile.derive import tally

    def row(answers: Answers, created_at: str) -> tuple:
        meta, values = answers.meta, answers.values
        name = meta.get("customer") or ""
        known, total = tally(qs, values)
        return (name, customer_key(name), *map(meta.get, STORED_FIELDS), qs.id, qs.version, encode_answers(values), known, total, source, created_at)
    return row


CHECKED_WIDTH = 9 + len(STORED_FIELDS)
"""The columns of `checked_row`; an import's record adds its customer id, external id and uid."""


class DamagedRow(Exception):
    """A row that cannot be read as what we wrote (invalid JSON put in by hand or by a broken
    disk), raised where it is read; the store turns it into `Store.damaged`, naming its file."""

    def __init__(self, interview_id: object, what: str = "answers") -> None:
        super().__init__(interview_id, what)  # as they are, so it crosses from a worker process intact

    def msg(self) -> Msg:
        return Msg("damaged_answers", id=self.args[0])

    def __str__(self) -> str:
        return self.msg().text("en")


class DamagedDraft(DamagedRow):
    """A draft whose state is not the JSON object `save_draft` wrote."""

    def __init__(self, customer: str, question_set: str) -> None:
        Exception.__init__(self, customer, question_set)

    def msg(self) -> Msg:
        return Msg("damaged_draft", name=self.args[0], set=self.args[1])


def draft_state(state: str, customer: str, question_set: str) -> dict[str, Any]:
    """A stored draft's state, as both stores read it; `DamagedDraft` where it is not a JSON object."""
    import json
    try:
        found = json.loads(state)
    except (TypeError, ValueError):
        raise DamagedDraft(customer, question_set) from None
    if not isinstance(found, dict):
        raise DamagedDraft(customer, question_set)
    return found


@dataclass(frozen=True)
class StoredDraft:
    """An interview stopped before the end: the answers and who/when fields given so far."""

    customer: str
    question_set: str
    state: dict[str, Any]
    updated_at: str
    customer_key: str = ""
    """His customer id."""

    @property
    def organisation(self) -> str | None:
        return self.state.get("meta", {}).get("organisation")


@dataclass(frozen=True)
class CustomerSummary:
    """One line of `list`; its fields, in this order, are the keys of `list --json`."""

    id: str
    """His customer id (`identity`)."""
    name: str
    organisation: str | None
    interviews: int
    last_interview: str
    """When his latest interview was stored (UTC, ISO 8601)."""
    known: int
    total: int
    last_met: str
    """The latest meeting date among his interviews (the day stored where none was given)."""
    drafts: int = 0
    """Interviews stopped before the end (Ctrl-C), kept to resume. A customer with only drafts
    has no interviews, knownness 0 of 0, and his latest draft's time as last_interview."""


SORTS = ("last", "name", "known")
"""`list --sort`: most recently met first (the default), by name, or best known first (known / total)."""


@dataclass(frozen=True)
class CustomerFilter:
    """Which customers `list` shows; None is no condition. Texts match folded (`klantprofiel.folding.fold`):
    without regard to case or accents."""

    since: str | None = None
    """Met on or after this day (YYYY-MM-DD)."""
    organisation: str | None = None
    """A part of the organisation."""
    search: str | None = None
    """A part of the name or of the organisation."""

    def holds(self, c: CustomerSummary) -> bool:
        """Does this filter pick this customer?"""
        from klantprofiel.folding import fold
        name, organisation = fold(c.name) or "", fold(c.organisation) or ""
        return ((not self.since or c.last_met >= self.since) and (not self.organisation or (fold(self.organisation) or "") in organisation)
                and (not self.search or (fold(self.search) or "") in name or (fold(self.search) or "") in organisation))


@dataclass(frozen=True)
class CustomerCounts:
    """How much is stored of one customer: what a refusal of an ambiguous name lists, and what `delete` asks about."""

    customer: Customer
    interviews: int
    drafts: int
    last_meeting: str | None
    """The latest meeting date of his interviews (the day stored where none was given)."""


class Compaction(str, Enum):
    """How an erasure's freeing of file space went (a backend without such a step: always DONE)."""

    DONE = "done"
    BUSY = "busy"
    """Another klantprofiel kept VACUUM from running: the rows are zeroed all the same, the file is not smaller."""
    WAL_KEPT = "wal_kept"
    """The `-wal` file could not be emptied (another connection reads from it): old copies of the rows remain."""
    FAILED = "failed"
    """VACUUM failed (a full disk): the rows are zeroed, the file is not smaller."""
    INTERRUPTED = "interrupted"
    """Ctrl-C while compacting."""


@dataclass(frozen=True)
class CustomerRecords:
    name: str
    """The name he is shown by."""
    interviews: int
    drafts: int
    id: str = ""
    """His customer id."""


@dataclass(frozen=True)
class Erased(CustomerRecords):
    compaction: Compaction = Compaction.DONE
    problem: Msg | None = None
    """Why compacting failed, in words (for Compaction.FAILED)."""


class CompactionInterrupted(KeyboardInterrupt):
    """Ctrl-C while the store was being compacted, after the erasure was committed."""

    def __init__(self, erased: Erased | None) -> None:
        super().__init__()
        self.erased = erased


@dataclass(frozen=True)
class StoredFeedback:
    interview_id: int
    line: str
    """`set.rule`: the rule that wrote the line."""
    verdict: str
    """"useful" or "wrong"."""
    note: str | None
    created_at: str


@dataclass(frozen=True)
class Tally:
    """How often the salespeople said a rule's line was wrong, or useful."""

    line: str
    wrong: int
    useful: int
    last_note: str | None


@dataclass(frozen=True)
class StoredImport:
    """One import as `import --undo` shows it before it removes it."""

    id: int
    file: str
    created_at: str
    interviews: int
    customers: int
    """Customers it made that have nothing but its interviews."""
    replaced: int = 0
    """Interviews from before it that it took the place of (`--existing replace`): undo puts them back."""
    renamed: int = 0
    """Customers it showed by the name their CRM record gave: undo gives back the name they had."""


@dataclass
class Arrivals:
    """What the records of one import came to."""

    new_customers: int = 0
    new_interviews: int = 0
    skipped: int = 0
    """Records of a customer stored before (with `skip`)."""
    already_there: int = 0
    """Records whose interview uid was stored already."""
    replaced: int = 0
    """Interviews from before the import that the import's took the place of (with `replace`)."""
    matched_customers: int = 0
    """Customers stored before the import that its records found (by id, external id or name)."""
    renamed: list[tuple[str, str]] = field(default_factory=list)
    """(old name, new name) of customers whose CRM record spells them anew."""
    import_id: int | None = None


EXISTING = ("new-interview", "skip", "replace")
"""What an imported record of a customer stored before does (`import --existing`)."""


# --- what a store does --------------------------------------------------------------------------


class Watch(Protocol):
    """What one running interview saw of its customer when it began (`Store.watch`): each of its
    writes goes through it, so a customer erased meanwhile is not stored again (`CustomerErased`)."""

    @property
    def customer(self) -> Customer: ...


class ImportWriter(Protocol):
    """Places the checked rows of one import inside its transaction (or, for a dry run, counts
    what would happen without writing): `begin`, then per batch `place` and `write` (or
    `pass_over`), then `end`. A checked row is `checked_row`'s tuple (`CHECKED_WIDTH`
    columns), then the record's customer id, external id and uid."""

    arrivals: Arrivals

    def begin(self) -> None:
        """Number this import (inside its transaction)."""

    def place(self, rows: list[tuple]) -> list[tuple | AnswerProblem | None]:
        """For each checked row: the row to insert, None for a record skipped (already there,
        `existing` skip), or the problem with its customer that rejects it."""

    def write(self, rows: list[tuple]) -> None:
        """Insert the placed rows, and first the customers this batch made up (those at once: the
        next batch looks them up; the rows may wait for `end`, in the same transaction)."""

    def pass_over(self) -> None:
        """A batch checked but not written (an all-or-nothing import that has a rejection already)."""

    def end(self) -> None:
        """The rows still held are written; an import that stored nothing keeps no number."""


class Store(Protocol):
    """A klantprofiel store. Opened lazily: a command that never reads it pays nothing.

    Every write is a transaction of its own unless the caller holds one (`transaction`), and all
    of a transaction lands or none of it. Names are compared as `names.customer_key` compares them.
    """

    erasure: str
    """How `delete` makes an erasure complete, which says what it tells the user: "file" (the
    rows zeroed, the file compacted) or "server" (the rows removed, the tables rewritten)."""

    def close(self) -> None: ...

    def transaction(self) -> AbstractContextManager[Any]:
        """One write transaction, taken at once: all of it lands, or none of it. The writes a
        caller makes inside it (`keep_set`, an `ImportWriter`'s) are part of it."""

    def damaged(self, what: Msg | DamagedRow) -> UserError:
        """'This store is damaged', naming the store and `what` (e.g. a `DamagedRow`)."""

    # customers

    def customer(self, text: str, organisation: str | None = None, *, command: str = "klantprofiel show") -> Customer:
        """The one customer a name or customer id means, at `organisation` if given; NotFoundError
        (with close names) when nobody is, `identity.AmbiguousName` when it is more than one
        person's. `command` is quoted in the hint."""

    def customer_of(self, who: Customer | str, organisation: str | None = None) -> Customer:
        """`who`, or for a name or id the customer an interview of it is about (at `organisation`,
        if given): a new, not yet stored one when nobody has that name."""

    def by_id(self, customer_id: str) -> Customer | None: ...

    def by_external_id(self, external_id: str) -> Customer | None: ...

    def of_name(self, name: str) -> list[Customer]:
        """Everyone stored under this name (compared as `names.customer_key` does), first stored first."""

    def counts(self, customer: Customer) -> CustomerCounts: ...

    def rename(self, who: Customer | str, new_name: str) -> Customer:
        """Give a customer another name to be shown by; his id, interviews and drafts stay his."""

    def customers(self, which: CustomerFilter = CustomerFilter(), sort: str = "last", limit: int | None = None) -> Iterator[CustomerSummary]:
        """One summary per customer `which` picks, in `sort` order (`SORTS`), then those with
        only drafts; read as they are used, so a page costs a page whatever the store's size."""

    def count_customers(self, which: CustomerFilter = CustomerFilter()) -> int: ...

    def not_found(self, name: str) -> UserError:
        """"No customer named ..." with up to three stored names close to `name`."""

    # interviews

    def watch(self, who: Customer | str, question_set: str) -> Watch:
        """For an interview that begins now: pass it to each save (`save_draft`, `save_interview`)."""

    def save_interview(self, qs: QuestionSet, answers: Answers, source: str = "interview", watch: Watch | None = None,
                       customer: Customer | None = None) -> int:
        """Store a finished interview of `customer` (else the watch's, else whom its name means),
        keep a copy of its set and drop its draft, in one transaction; returns its id."""

    def interview(self, interview_id: int) -> StoredInterview:
        """NotFoundError when there is no interview with this id."""

    def history(self, who: Customer | str) -> list[StoredInterview]:
        """Every interview of one customer, oldest first; NotFoundError when he has none (naming his draft, if any)."""

    def latest(self, who: Customer | str, question_set: str | None = None) -> StoredInterview: ...

    def interview_rows(self, records: Records = EVERYONE, batch: int = 500) -> Iterator[list[InterviewRow]]:
        """Every interview of `records`, oldest first, `batch` at a time, read while they are
        written out: memory stays flat for an export of any size."""

    def sets_used(self, records: Records = EVERYONE) -> list[tuple[str, str]]:
        """The (set id, version) pairs those interviews were answered against, first used first."""

    def pronouns(self, records: Records = EVERYONE) -> dict[str, str]:
        """Per customer id, the newest pronoun his interviews gave (of those that gave one): how
        every view writes him (`CustomerReader.person`), and export too."""

    # question sets

    def keep_set(self, qs: QuestionSet) -> None:
        """Keep a copy of the set an interview was answered against (inside the caller's
        transaction, if any); one that differs from the copy kept of its id and version is refused."""

    def check_set(self, qs: QuestionSet) -> bool:
        """Is this very set kept already (True), or no set of its id and version (False)? One that
        says something else under the same id and version raises a UserError."""

    def kept_sets(self) -> list[tuple[str, str]]:
        """The (set id, version) of every set kept in the store."""

    def kept_set(self, set_id: str, version: str) -> QuestionSet | None:
        """The copy this store keeps of that set and version, exactly as the interviews answered it."""

    def question_set(self, set_id: str, version: str) -> QuestionSet:
        """The set a stored interview is read with (`questionset.in_use.set_for`: the built-in one
        while its answers still fit it, else the kept copy)."""

    # drafts

    def save_draft(self, who: Customer | str, question_set: str, state: dict[str, Any], watch: Watch | None = None) -> None: ...

    def draft(self, who: Customer | str, question_set: str) -> dict[str, Any] | None: ...

    def drafts(self, records: Records) -> list[StoredDraft]:
        """The drafts of some customers, most recent first."""

    def drop_draft(self, who: Customer | str, question_set: str) -> None: ...

    # feedback on profile lines

    def add_feedback(self, interview_id: int, line: str, verdict: str, note: str | None) -> None: ...

    def feedback(self, records: Records) -> list[StoredFeedback]:
        """The feedback on some customers' interviews, oldest first."""

    def feedback_tally(self) -> list[Tally]:
        """Per rule, its verdicts; the rules most often called wrong first."""

    # batch imports

    def import_writer(self, file: str, existing: str = "new-interview", dry_run: bool = False) -> ImportWriter:
        """The writer of one import of `file` (`EXISTING`); use it inside `transaction()` unless `dry_run`."""

    def stored_import(self, import_id: int) -> StoredImport:
        """NotFoundError when no import has that id (it stored nothing, or it was undone)."""

    def undo_import(self, import_id: int) -> StoredImport:
        """Remove every interview this import stored, and the customers it made who have nothing
        else left, in one transaction; returns what was removed."""

    # erasure

    def customer_records(self, name: str, organisation: str | None = None) -> CustomerRecords:
        """What is stored about one customer (a name or a customer id), as `customer` finds him."""

    def erase_customer(self, name: str, organisation: str | None = None) -> Erased:
        """Delete every interview and draft of one customer, and him, in one transaction, then free
        the space they used; Ctrl-C while freeing raises CompactionInterrupted carrying what was erased."""

    def erase_interview(self, interview_id: int) -> Erased:
        """Delete one interview as completely (and its customer, when it was all of him)."""

    def compaction_due(self) -> bool:
        """Did an erasure end before its freeing of space was done?"""

    def compact(self) -> tuple[Compaction, Msg | None]:
        """Free the space erased rows used; the problem in words for Compaction.FAILED / WAL_KEPT."""
