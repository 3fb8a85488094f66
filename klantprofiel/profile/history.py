"""A customer's interviews over time: the latest of each set, the one before it, and one-line summaries.

Pure (no store, no clock), so `show`, `history`, `diff` and `brief` agree on what "latest" and
"previous" mean: the order in which interviews were stored, per customer and question set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from klantprofiel.i18n import t
from klantprofiel.profile.model import Knownness
from klantprofiel.profile.record import InterviewRecord, StoredCustomer
from klantprofiel.pronouns import DEFAULT, HE, Person
from klantprofiel.questionset.load import DEFAULT_SET, available
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.shapes import Closed
from klantprofiel.who_when import CUSTOMER_FIELDS


class InterviewSummary(Closed):
    """One interview in a line: a row of `history`, a known set in `show` and `brief`."""

    id: int
    question_set: str
    set_title: str
    set_version: str
    date: str
    """The meeting date (YYYY-MM-DD), or the day the interview was stored when no date was given."""
    created_at: str
    salesperson: str | None = None
    knownness: Knownness
    import_id: int | None = None
    """The import that stored it, if one did (`import --undo`)."""


class DraftSummary(Closed):
    """A draft in a line: a row of `history` beside the interviews, marked as not finished."""

    question_set: str
    set_title: str
    date: str
    """The day it was last kept (YYYY-MM-DD)."""
    updated_at: str
    salesperson: str | None = None
    knownness: Knownness


class SetName(Closed):
    id: str
    title: str


@dataclass(frozen=True)
class SetTrack:
    """Where one question set stands for a customer: its latest interview and the one before,
    both written for `person` (the customer as `CustomerReader.person` names him), as is every
    text a view adds to them (`picture`, `brief`, `diff`)."""

    question_set: QuestionSet
    latest: InterviewRecord
    previous: InterviewRecord | None = None
    person: Person = HE

    @property
    def summary(self) -> InterviewSummary:
        return summarize(self.latest, self.question_set.title(self.latest.profile.language, self.person))


def summarize(record: InterviewRecord, set_title: str) -> InterviewSummary:
    meta = record.interview
    return InterviewSummary(
        id=meta.id, question_set=record.question_set.id, set_title=set_title, set_version=record.question_set.version,
        date=meta.meeting_date or meta.created_at[:10], created_at=meta.created_at, salesperson=meta.salesperson,
        knownness=record.profile.knownness, import_id=meta.import_id,
    )


def customer_of(tracks: list[SetTrack]) -> StoredCustomer:
    """The customer as last written down: his name and ids, and of each of his other who fields
    (`who_when.CUSTOMER_FIELDS`: organisation, pronoun) the newest given (an interview that leaves
    one out keeps the one given before)."""
    records = sorted((track.latest for track in tracks), key=lambda r: r.interview.id)
    newest = {field: newest_given(getattr(r.customer, field) for r in records) for field in CUSTOMER_FIELDS[1:]}
    if newest["pronoun"] is None and tracks[0].person.pronoun != DEFAULT:  # given in an earlier interview of a set
        newest["pronoun"] = tracks[0].person.pronoun
    return records[-1].customer.model_copy(update=newest)


def newest_given(values: Iterable[str | None]) -> str | None:
    """Of these values (oldest first), the last one given: what a customer keeps of a field that
    an interview may leave out (his organisation, his pronoun)."""
    return next((value for value in reversed(list(values)) if value), None)


class _Numbered(Protocol):
    """What the order of a customer's interviews needs of each: its number and its set
    (a stored interview, before its profile is derived)."""

    @property
    def id(self) -> int: ...

    @property
    def question_set(self) -> str: ...


Stored = TypeVar("Stored", bound=_Numbered)


def set_rank(set_id: str) -> tuple[int, int, str]:
    """The order sets are shown in: the default set first, then the other built-in sets, then any other."""
    builtin = list(available())
    if set_id == DEFAULT_SET:
        return (0, 0, set_id)
    if set_id in builtin:
        return (1, builtin.index(set_id), set_id)
    return (2, 0, set_id)


def latest_per_set(items: list[Stored]) -> list[Stored]:
    """The most recently stored interview of each set, in set order (`items` oldest first)."""
    latest = {item.question_set: item for item in items}
    return sorted(latest.values(), key=lambda item: set_rank(item.question_set))


def previous_in_set(items: list[Stored], item: Stored) -> Stored | None:
    """The interview of the same customer and set stored just before `item`, if any."""
    earlier = [i for i in items if i.question_set == item.question_set and i.id < item.id]
    return earlier[-1] if earlier else None


def not_interviewed(items: list[Stored]) -> list[str]:
    """Built-in sets this customer has never been interviewed with."""
    done = {item.question_set for item in items}
    return [set_id for set_id in sorted(available(), key=set_rank) if set_id not in done]


def how_recent(date: str, today: dt.date, lang: str) -> str:
    """"vandaag", "gisteren", "12 dagen geleden": how long ago a YYYY-MM-DD date was."""
    try:
        days = (today - dt.date.fromisoformat(date)).days
    except ValueError:
        return date
    if days <= 0:
        return t("today", lang) if days == 0 else t("in_days", lang, n=-days)
    return t("yesterday", lang) if days == 1 else t("days_ago", lang, n=days)
