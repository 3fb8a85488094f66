"""One stored interview as an exported record: what `show --format json` and `export` write.

The pydantic models here are the documented, stable shape (their JSON Schema is published by
`klantprofiel schema profile`); keys are English.
"""

from __future__ import annotations

from klantprofiel.profile.derive import derive
from klantprofiel.profile.model import Profile, SetRef, Strict
from klantprofiel.questionset.conditions import Value
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.store.interviews import StoredDraft, StoredInterview


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


DRAFT_KEY = "draft"
"""`export -c` writes each of the customer's drafts as `{"draft": {...}}` after his interviews:
what he answered so far belongs to what is stored about him. Import skips such records."""


def draft_record(draft: StoredDraft) -> dict:
    """A draft as exported: who, which set, when it was last saved, the answers given so far."""
    meta = draft.state.get("meta", {})
    return {DRAFT_KEY: {
        "customer": {"name": draft.customer, "organisation": meta.get("organisation")},
        "question_set": {"id": draft.question_set},
        "updated_at": draft.updated_at,
        "interview": {key: meta.get(key) for key in ("salesperson", "meeting_date", "context", "notes")},
        "answers": draft.state.get("values", {}),
        "answered": draft.state.get("done", []),
    }}


def is_draft_record(data: object) -> bool:
    return isinstance(data, dict) and list(data) == [DRAFT_KEY]
