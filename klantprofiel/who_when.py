"""Who and when of an interview, listed once: the customer (name, organisation, how texts refer to
him or her: `pronoun`) and the meeting (salesperson, date, context, notes).

The question-set format names these fields (a set's `meta` prompts), the store keeps them as
columns, import reads them and export writes them, the views show them and a re-interview keeps
some: all take the names, their order and their part from here. A leaf
module (pydantic only), so the question-set format below the profile can use it too.
"""

from __future__ import annotations

from typing import Literal

from klantprofiel.shapes import Closed

Pronoun = Literal["he", "she", "name"]
"""How the texts refer to the customer: as he, as she, or by name with no pronoun (`klantprofiel.pronouns`)."""


class CustomerRef(Closed):
    name: str
    organisation: str | None = None
    pronoun: Pronoun | None = None


class InterviewMeta(Closed):
    """The meeting the answers were given in."""

    salesperson: str | None = None
    meeting_date: str | None = None
    """YYYY-MM-DD"""
    context: str | None = None
    notes: str | None = None


MEETING_FIELDS: tuple[str, ...] = tuple(InterviewMeta.model_fields)
"""salesperson, meeting_date, context, notes: the meeting's fields, in the order they are written."""
CUSTOMER_FIELDS: tuple[str, ...] = ("customer", *(f for f in CustomerRef.model_fields if f != "name"))
"""The customer's fields as an answers file and an interview name them: his name is `customer`."""
META_FIELDS: tuple[str, ...] = (*CUSTOMER_FIELDS, *MEETING_FIELDS)
"""Every who/when field: what an answers file, a draft and a set's `meta` prompts hold beside the answers."""
STORED_FIELDS: tuple[str, ...] = META_FIELDS[1:]
"""The who/when fields a stored interview keeps beside the customer's name (the store's columns)."""
DATE_FIELD = "meeting_date"
"""The field a meeting is known by: views show its date first, or in their title."""
BESIDE_THE_DATE: tuple[str, ...] = tuple(f for f in MEETING_FIELDS if f != DATE_FIELD)
"""The meeting's other fields (salesperson, context, notes), as a view lists them after its date."""
CARRIED_OVER: tuple[str, ...] = (*CUSTOMER_FIELDS[1:], "salesperson")
"""What a re-interview keeps from the last one (his organisation and pronoun, our salesperson);
the date is today's, and the meeting's other fields belong to the meeting they were given in."""
ASKED_AGAIN: tuple[str, ...] = ("customer", DATE_FIELD, "context")
"""What a re-interview of only the unknown questions asks besides them: whom, when and why we meet."""
