"""One stored interview as an exported record: what `show --format json` and `export` write.

The pydantic models here are the documented, stable shape (their JSON Schema is published by
`klantprofiel schema profile`); keys are English.
"""

from __future__ import annotations

from klantprofiel.profile.derive import derive
from klantprofiel.profile.model import Profile, SetRef, Strict
from klantprofiel.questionset.conditions import Value
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.store.interviews import StoredInterview


class CustomerRef(Strict):
    name: str
    organisation: str | None = None


class InterviewMeta(Strict):
    salesperson: str | None = None
    meeting_date: str | None = None
    """YYYY-MM-DD"""
    context: str | None = None
    notes: str | None = None


class StoredMeta(InterviewMeta):
    id: int
    source: str
    created_at: str


class ExportRecord(Strict):
    """Everything stored about one interview, plus the profile derived from it."""

    customer: CustomerRef
    interview: StoredMeta
    question_set: SetRef
    answers: dict[str, Value]
    profile: Profile


def export_record(item: StoredInterview, qs: QuestionSet, lang: str = "nl") -> ExportRecord:
    return ExportRecord(
        customer=CustomerRef(name=item.customer, organisation=item.organisation),
        interview=StoredMeta(
            id=item.id, source=item.source, created_at=item.created_at, salesperson=item.salesperson,
            meeting_date=item.meeting_date, context=item.context, notes=item.notes,
        ),
        question_set=SetRef(id=item.question_set, version=item.set_version),
        answers=item.answers,
        profile=derive(qs, item.answers, lang),
    )
