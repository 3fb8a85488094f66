"""Drafts and feedback as `export -c` writes them, and how import knows one when it reads it back.

An interview record itself is the core's (`klantprofiel/profile/record.py`).
"""

from __future__ import annotations

from klantprofiel.store.protocol import StoredDraft, StoredFeedback
from klantprofiel.who_when import MEETING_FIELDS

DRAFT_KEY = "draft"
"""`export -c` writes each of the customer's drafts as `{"draft": {...}}` after his interviews:
what he answered so far belongs to what is stored about him. Import skips such records."""


def draft_record(draft: StoredDraft) -> dict:
    """A draft as exported: who, which set, when it was last saved, the answers given so far."""
    meta = draft.state.get("meta", {})
    return {DRAFT_KEY: {
        "customer": {"id": draft.customer_key, "name": draft.customer, "organisation": meta.get("organisation")},
        "question_set": {"id": draft.question_set},
        "updated_at": draft.updated_at,
        "interview": {key: meta.get(key) for key in MEETING_FIELDS},
        "answers": draft.state.get("values", {}),
        "answered": draft.state.get("done", []),
    }}


FEEDBACK_KEY = "feedback"
"""`export -c` writes what the salesperson said about the customer's profile lines as
`{"feedback": {...}}` after his drafts. Import skips such records too."""


def feedback_record(feedback: StoredFeedback) -> dict:
    """One verdict on a line: which interview's profile held it, the line's rule, what was said, when."""
    return {FEEDBACK_KEY: {"interview_id": feedback.interview_id, "line": feedback.line, "verdict": feedback.verdict,
                           "note": feedback.note, "created_at": feedback.created_at}}


def is_draft_record(data: object) -> bool:
    return isinstance(data, dict) and list(data) == [DRAFT_KEY]


def is_feedback_record(data: object) -> bool:
    return isinstance(data, dict) and list(data) == [FEEDBACK_KEY]
