"""What a re-interview starts from: the customer's last interview of the set, and what changed since.

Getting to know someone takes several meetings; a second interview that starts blank asks
everything again and, with a few presses of Enter, makes the profile worse. So a re-interview
starts from the last answers, and what changed is told apart from what was merely kept: the
summary marks it, and an interview that changes nothing is not stored again. The interactive
interview and `--answers FILE --from-last` use the same two functions here (`changed`, `from_last`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from klantprofiel.answers import Answers, applicable, check_answers, same
from klantprofiel.errors import NotFoundError
from klantprofiel.kinds.text import nul_mended
from klantprofiel.pronouns import DEFAULT
from klantprofiel.questionset.conditions import Value
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.who_when import BESIDE_THE_DATE, CARRIED_OVER

if TYPE_CHECKING:
    from klantprofiel.store.protocol import Customer, Store, StoredInterview

OWN: tuple[str, ...] = tuple(f for f in BESIDE_THE_DATE if f not in CARRIED_OVER)
"""The meeting's own fields (context, notes: every one beside the date that is not
`who_when.CARRIED_OVER`): new text in them is a change, leaving them empty is not."""


@dataclass(frozen=True)
class Last:
    """The last interview of one set: its id, its date, and its answers as the current set reads them."""

    id: int
    date: str
    """The meeting's date, or the day it was stored when none was given."""
    values: dict[str, Value]
    meta: dict[str, str | None]

    @classmethod
    def of(cls, qs: QuestionSet, item: StoredInterview) -> Last:
        """Answers the set no longer asks, or no longer takes, are left out (unknown) rather than
        trusted; a text kept with a NUL before one was refused is taken with a space for it
        (`nul_mended`), so what is carried over can be stored again, in either store."""
        ids = {q.id for q in qs.questions}
        checked, problems = check_answers(qs, {k: nul_mended(v) for k, v in item.answers.items() if k in ids})
        bad = {p.field for p in problems}
        values = {k: v for k, v in checked.values.items() if k not in bad}
        return cls(item.id, item.meeting_date or item.created_at[:10], values, {k: nul_mended(v) for k, v in item.meta.items()})

    def answer(self, field: str) -> Value:
        """The last answer of a question or who/when field (None: unknown)."""
        return self.meta.get(field) if field in self.meta else self.values.get(field)


def last_interview(store: Store, who: Customer, qs: QuestionSet) -> Last | None:
    """His last finished interview of `qs`'s set, or None (a new customer, or one without it)."""
    if not who.stored:
        return None
    try:
        items = store.history(who)
    except NotFoundError:  # only a draft so far
        return None
    found = [i for i in items if i.question_set == qs.id]
    return Last.of(qs, found[-1]) if found else None


def changed(qs: QuestionSet, last: Last, answers: Answers) -> list[str]:
    """The questions and who/when fields whose answer differs from `last`, in the set's order."""
    fields = [f for f in CARRIED_OVER if _as_read(f, answers.meta.get(f)) != _as_read(f, last.meta.get(f))]
    fields += [f for f in OWN if answers.meta.get(f) and answers.meta.get(f) != last.meta.get(f)]
    return fields + [q.id for q in qs.questions if not same(last.values.get(q.id), answers.values.get(q.id))]


def _as_read(field: str, value: str | None) -> str | None:
    """A kept field as it counts: empty is none, and no pronoun is the one texts are read with
    (Enter on the pronoun of a customer who had none changes nothing)."""
    return (value or None) if field != "pronoun" else value or DEFAULT


def from_last(qs: QuestionSet, given: Answers, last: Last) -> Answers:
    """`--answers FILE --from-last`: what the file names, and for what it leaves out the last
    answer (a question the new answers no longer ask is unknown)."""
    values = {q.id: given.values.get(q.id) if q.id in given.given else last.values.get(q.id) for q in qs.questions}
    asked = {q.id for q in applicable(qs, values)}
    values = {k: (v if k in asked else None) for k, v in values.items()}
    meta = {**{f: last.meta.get(f) for f in CARRIED_OVER if f not in given.given}, **given.meta}
    return Answers(values, meta, given.labels, given.given)
