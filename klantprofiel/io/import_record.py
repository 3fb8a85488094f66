"""One import record (a JSON line, an item of a JSON array, a CSV row), as pydantic models.

This is the documented shape of `klantprofiel schema answers`. It also accepts what `export`
writes (interview id, source, profile), so an export can be imported again: those keys are
read and ignored. Every model forbids unknown keys, so a typo is reported, not dropped.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic.json_schema import JsonDict

from klantprofiel.shapes import ClosedStrict
from klantprofiel.who_when import CustomerRef, InterviewMeta


class ImportCustomer(CustomerRef):
    model_config = ClosedStrict.model_config
    name: str = Field(description="The customer's name, as shown for a new customer; with the organisation it finds a known one.")
    # wider than the stored Literal: a file may say "zij" or "Mevrouw", and check_meta reads it as she
    pronoun: str | None = Field(default=None, description="How the texts refer to the customer: he, she or name (by name, no pronoun); "
                                                          "also hij, zij, naam, or a salutation (dhr., mevrouw, Mr, Mrs, Ms). "
                                                          "Default: the customer's last one, else he.")  # type: ignore[assignment]
    id: str | None = Field(default=None, description="His customer id (k-…, as export writes it): finds him first.")
    external_id: str | None = Field(default=None, description="His id in your CRM: finds him next, also under another spelling of the name.")


class ImportInterview(InterviewMeta):
    # the who/when fields of `who_when`, and what export writes beside them (a docstring would enter the schema)
    model_config = ClosedStrict.model_config
    meeting_date: str | None = Field(default=None, description="YYYY-MM-DD")
    created_at: str | None = Field(default=None, description="When the interview was first stored (ISO 8601); default: the time of the import.")
    id: int | None = Field(default=None, description="Ignored (export writes it): the store numbers interviews itself.")
    source: str | None = Field(default=None, description="Ignored (export writes it): imported interviews have source 'import'.")
    uid: str | None = Field(default=None, description="The interview's own id (export writes it): a record whose uid is stored already is skipped.")
    import_id: int | None = Field(default=None, description="Ignored (export writes it): the import that stored it in the store it came from.")


class ImportSetRef(ClosedStrict):
    id: str
    version: str | None = Field(default=None, description="The version the answers were given to; an older one is checked against "
                                                          "the store's copy of it, or against the current version where the store keeps none.")


def _set_id_as_ref(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


def _set_ref_schema(schema: dict[str, Any]) -> None:
    schema["anyOf"].insert(0, {"type": "string", "description": "A question-set id, e.g. \"kennismaking\"."})


ANSWERS_SCHEMA: JsonDict = {"additionalProperties": {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "array", "items": {"type": "string"}}, {"type": "null"}]}}


class ImportRecord(ClosedStrict):
    """One interview to store: who, the answers (question id -> choice id, list, number or text), and when."""

    customer: ImportCustomer
    answers: dict[str, Any] = Field(
        description="Question id -> a choice id (or its label, in either language, any case), a list of them (multi), "
                    "a whole number (scale) or text; "
                    "a question left out, null or \"unknown\" is not known yet.",
        json_schema_extra=ANSWERS_SCHEMA,
    )
    interview: ImportInterview | None = None
    question_set: Annotated[ImportSetRef | None, BeforeValidator(_set_id_as_ref)] = Field(
        default=None, description="The set the answers belong to; default: the import's --set (kennismaking).",
        json_schema_extra=_set_ref_schema,
    )
    profile: Any = Field(default=None, description="Ignored (export writes it): the profile is derived from the answers again.")
    rejected: list[str] | None = Field(default=None, description="Ignored: why an earlier import rejected this record (--rejects writes it).")
