"""A customer's running picture, read from the store: every set's latest interview as a record, the
one before it, and the history in summaries. No printing; errors are `UserError`s.

Each interview is derived against the set it was answered with (`Store.question_set`), so an old
interview keeps reading the way it did while the built-in set moves on.
"""

from __future__ import annotations

from klantprofiel.errors import NotFoundError, UserError
from klantprofiel.interview.state import InterviewState
from klantprofiel.profile.derive import knownness
from klantprofiel.profile.history import (
    DraftSummary,
    InterviewSummary,
    SetName,
    SetTrack,
    latest_per_set,
    not_interviewed,
    previous_in_set,
    summarize,
)
from klantprofiel.profile.record import InterviewRecord
from klantprofiel.pronouns import HE, Person
from klantprofiel.questionset.load import load
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.store.protocol import Customer, Store, StoredDraft, StoredInterview
from klantprofiel.validation import short


def interview_number(text: str) -> int | None:
    """The interview id `text` is, or None when it is no id that can exist. Only ASCII digits
    count ('²' and '٣' pass `isdigit`, and int() then refuses them), and no more of them than an
    SQLite integer holds (int() refuses thousands, SQLite anything past 2**63 - 1)."""
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text) if len(text.lstrip("0")) <= 19 else None
    return number if number is not None and number < 2**63 else None


class CustomerReader:
    """Reads one store in one language; each interview is derived once, written for its customer
    as all his interviews together name him (`person`)."""

    def __init__(self, store: Store, lang: str = "nl") -> None:
        self.store = store
        self.lang = lang
        self._records: dict[int, InterviewRecord] = {}
        self._persons: dict[str, Person] = {}

    def person(self, who: Customer | str) -> Person:
        """How every text refers to the customer (a `Customer` or his id): by the newest pronoun
        any of his interviews gave (`Store.pronouns`: a re-interview from a file that leaves it
        out keeps it, as export does), and his name as shown. A customer without one (every store
        from before pronouns), or with no interview yet, is written as "hij", as always."""
        key = who if isinstance(who, str) else who.id
        if key not in self._persons:
            customer = self.store.by_id(key) if isinstance(who, str) else who
            given = self.store.pronouns(customer.records).get(key) if customer else None
            self._persons[key] = Person.of(given, customer.name) if customer else HE
        return self._persons[key]

    def record(self, item: StoredInterview) -> InterviewRecord:
        if item.id not in self._records:
            qs = self.store.question_set(item.question_set, item.set_version)
            self._records[item.id] = item.record(qs, self.lang, self.person(item.customer_key))
        return self._records[item.id]

    def summary(self, item: StoredInterview) -> InterviewSummary:
        qs = self.store.question_set(item.question_set, item.set_version)
        return summarize(self.record(item), qs.title(self.lang, self.person(item.customer_key)))

    def interview_by_id(self, name_or_id: str) -> StoredInterview | None:
        """The interview with this number, or None when the text is a name (as in `show NAME|ID`)."""
        number = interview_number(name_or_id)
        if number is None:
            return None
        try:
            return self.store.interview(number)
        except NotFoundError:
            return None

    def customer(self, text: str, organisation: str | None = None, *, command: str = "klantprofiel show") -> Customer:
        """The one customer a name or customer id means (`identity.find`)."""
        return self.store.customer(text, organisation, command=command)

    def drafts(self, customer: Customer) -> list[StoredDraft]:
        """The customer's interviews stopped before the end, most recent first."""
        return self.store.drafts(customer.records)

    def history(self, customer: Customer) -> list[InterviewSummary]:
        """Every interview of the customer, oldest first; none when he has only drafts so far."""
        try:
            return [self.summary(item) for item in self.store.history(customer)]
        except NotFoundError:
            if self.drafts(customer):
                return []
            raise

    def draft_set(self, draft: StoredDraft) -> QuestionSet:
        """The set a draft was answered with: the built-in or kept set of that id (its latest version)."""
        try:
            return load(draft.question_set)
        except UserError:
            versions = [version for set_id, version in self.store.kept_sets() if set_id == draft.question_set]
            if not versions:
                raise
            return self.store.question_set(draft.question_set, versions[-1])

    def draft_state(self, draft: StoredDraft) -> InterviewState:
        """Where a draft stands, as the interview would resume it."""
        return InterviewState.from_json(self.draft_set(draft), draft.customer, draft.state)

    def draft_summaries(self, customer: Customer) -> list[DraftSummary]:
        """The customer's drafts as rows beside his interviews, oldest first."""
        rows = []
        for draft in reversed(self.drafts(customer)):
            state = self.draft_state(draft)
            person = self.draft_person(customer, state)
            rows.append(DraftSummary(question_set=draft.question_set, set_title=state.qs.title(self.lang, person), date=draft.updated_at[:10],
                                     updated_at=draft.updated_at, salesperson=state.meta.get("salesperson"),
                                     knownness=knownness(state.qs, state.values, self.lang, person)))
        return rows

    def draft_person(self, customer: Customer, state: InterviewState) -> Person:
        """Whom a draft's texts are written for: the pronoun it gives so far, else the customer's."""
        return state.person if state.meta.get("pronoun") else self.person(customer)

    def tracks(self, customer: Customer) -> list[SetTrack]:
        """The customer's profile: per question set the latest interview and the one before it."""
        items = self.store.history(customer)
        self.person(customer)  # known now: each record's person (by the item's customer key) needs no lookup of him
        return [self._track(items, item) for item in latest_per_set(items)]

    def not_interviewed(self, customer: Customer) -> list[SetName]:
        person = self.person(customer)
        return [SetName(id=set_id, title=load(set_id).title(self.lang, person)) for set_id in not_interviewed(self.store.history(customer))]

    def _track(self, items: list[StoredInterview], item: StoredInterview, previous: StoredInterview | None = None) -> SetTrack:
        previous = previous or previous_in_set(items, item)
        return SetTrack(
            question_set=self.store.question_set(item.question_set, item.set_version),
            latest=self.record(item),
            previous=self.record(previous) if previous else None,
            person=self.person(item.customer_key),
        )

    def comparison(self, first: str, second: str | None = None, question_set: str | None = None, organisation: str | None = None) -> SetTrack:
        """The two interviews `diff` compares, as a track (`previous` -> `latest`).

        `first` alone: a customer's latest interview (of `question_set` if given), or an interview
        id; compared with the interview of the same set stored before it. With `second`: two ids.
        """
        if second is not None:
            before, after = (self._by_id(x) for x in (first, second))
            if before.question_set != after.question_set:
                raise UserError("diff_other_sets", before=before.id, after=after.id, before_set=before.question_set, after_set=after.question_set)
            if before.customer_key != after.customer_key:
                raise UserError("diff_other_customers", before=before.id, after=after.id, before_customer=before.customer, after_customer=after.customer)
            _check_set(after, question_set)
            return self._track([], after, before)
        item = self.interview_by_id(first)
        if item is not None:
            _check_set(item, question_set)
        items = self.store.history(item.customer_key if item else self.customer(first, organisation, command="klantprofiel diff"))
        if item is None:
            in_set = [i for i in items if question_set is None or i.question_set == question_set]
            if not in_set:
                sets = sorted({i.question_set for i in items})
                raise NotFoundError("diff_no_set", hint="diff_sets_hint", name=items[0].customer, set=question_set, sets=", ".join(sets))
            item = in_set[-1]
        track = self._track(items, item)
        if track.previous is None:
            raise NotFoundError("diff_only_one", hint="diff_only_one_hint", name=item.customer, set=item.question_set, id=item.id)
        return track

    def _by_id(self, text: str) -> StoredInterview:
        number = interview_number(text)
        if number is None:
            if text.isascii() and text.isdigit():
                raise NotFoundError("no_interview_id", hint="see_interview_ids_hint", id=short(text))
            raise UserError("not_an_interview_id", hint="see_interview_ids_hint", text=short(text))
        return self.store.interview(number)


def _check_set(item: StoredInterview, question_set: str | None) -> None:
    if question_set not in (None, item.question_set):
        raise UserError("diff_set_mismatch", hint="diff_set_mismatch_hint", id=item.id, set=item.question_set, wanted=question_set)
