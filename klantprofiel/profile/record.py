"""A customer's interview, as the core knows it: who, when, which set, the answers, the profile.

The one record type: `show --format json` and `export` write it as it is (its JSON Schema is
published by `klantprofiel schema profile`; keys are English), and the views (`show`, `history`,
`diff`, `brief`) read it. The store, import and export convert to and from it at their edge.
The who/when fields are those of `who_when`.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

from klantprofiel.profile.derive import derive
from klantprofiel.profile.model import Profile, SetRef
from klantprofiel.pronouns import Person
from klantprofiel.questionset.conditions import Value
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.shapes import Closed
from klantprofiel.who_when import CUSTOMER_FIELDS, MEETING_FIELDS, CustomerRef, InterviewMeta


class StoredCustomer(CustomerRef):
    # the customer, and the ids he is found by again (no docstring: it would enter the published schema)
    id: str = Field(description="His customer id, given by klantprofiel (k-…): import finds him by it again.")
    external_id: str | None = Field(default=None, description="His id in the user's CRM, if an import gave one.")


class StoredMeta(InterviewMeta):
    # the meeting, and how the interview came to be stored (no docstring: it would enter the published schema)
    id: int
    source: str
    created_at: str
    uid: str = Field(description="The interview's own id, the same in every store it is imported into: an import skips a record "
                                 "whose uid is stored already.")
    import_id: int | None = Field(default=None, description="The import of this store that stored it (klantprofiel import --undo), if one did.")


class InterviewRecord(Closed):
    """Everything stored about one interview, plus the profile derived from it."""

    customer: StoredCustomer
    interview: StoredMeta
    question_set: SetRef
    answers: dict[str, Value]
    profile: Profile


def interview_record(qs: QuestionSet, answers: dict[str, Value], meta: Mapping[str, str | None], *, id: int, source: str,
                     created_at: str, set_version: str, customer_id: str, uid: str, external_id: str | None = None,
                     import_id: int | None = None, lang: str = "nl", person: Person | None = None) -> InterviewRecord:
    """The record of an interview stored as answered to version `set_version` of `qs`'s set; `meta`
    holds the who/when fields by their `who_when.META_FIELDS` names. Its profile is derived by `qs`,
    written for `person` (the customer as his interviews together name him, `CustomerReader`);
    without one, for the name and pronoun this interview gave."""
    return InterviewRecord(
        customer=StoredCustomer(name=str(meta["customer"]), **{f: meta.get(f) for f in CUSTOMER_FIELDS[1:]}, id=customer_id, external_id=external_id),
        interview=StoredMeta(id=id, source=source, created_at=created_at, uid=uid, import_id=import_id, **{f: meta.get(f) for f in MEETING_FIELDS}),
        question_set=SetRef(id=qs.id, version=set_version),
        answers=answers,
        profile=derive(qs, answers, lang, person or Person.of(meta.get("pronoun"), meta.get("customer"))),
    )
