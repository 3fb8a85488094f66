"""The parts of a question that a kind reads: its texts, its choices, its scale, the conditions
on it, and an answer's value.

They are models of the question-set file (`questionset/model.py` builds its `Question` from
them and shows them as its own), kept here so that the kinds need nothing of the question-set
package: the set imports the kinds, never the other way round. A kind sees a question as
`Asked`, which the set's `Question` is.
"""

from __future__ import annotations

from typing import Annotated, Protocol

from pydantic import Field, model_validator

from klantprofiel.errors import Invalid
from klantprofiel.pronouns import HE, SHE, Person, speak
from klantprofiel.shapes import ClosedFrozen

LANGUAGES = ("nl", "en")

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]

Value = str | int | list[str] | None
"""An answer: a choice id, a scale number, a list of choice ids, free text, or None for unknown."""


class Text(ClosedFrozen):
    """One sentence in every language the product speaks; it names the customer through the
    placeholders of `klantprofiel.pronouns` ({hij}, {zijn}, ...), so it reads right for him, for
    her and by name."""

    nl: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def __call__(self, lang: str, person: Person = HE) -> str:
        """The text in `lang`, written for `person` (without one: as "hij" / "he")."""
        return speak(self.en if lang == "en" else self.nl, lang, person)

    def readings(self) -> list[str]:
        """How the text reads in either language, for him and for her: what a file or a column
        header may quote for it (a choice's label, a question)."""
        return list(dict.fromkeys(self(lang, person) for lang in LANGUAGES for person in (HE, SHE)))


class Choice(ClosedFrozen):
    id: Id
    label: Text
    says: Text | None = None
    """Plain-language statement for the profile's topic section ("He would rather listen")."""
    informational: bool = Field(default=False, description=(
        "True when no rule is meant to name this choice: its `says` line in the topic section is all it adds, "
        "or it counts through the rules that leave it out (a doubt that is gone). "
        "`klantprofiel questions validate --strict` lists every other choice that no rule names."))


MAX_SCALE_STEPS = 11
"""0 to 10 at most: the interview offers every step as a choice."""


class Scale(ClosedFrozen):
    min: int = 1
    max: int = 5
    low: Text
    high: Text

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.min >= self.max:
            raise Invalid("scale_order", min=self.min, max=self.max)
        if self.max - self.min >= MAX_SCALE_STEPS:
            raise Invalid("scale_steps", most=MAX_SCALE_STEPS, n=self.max - self.min + 1)
        return self


class Range(ClosedFrozen):
    """Matches a scale answer within bounds (both inclusive)."""

    at_least: int | None = None
    at_most: int | None = None


Matcher = str | list[str] | Range
"""A choice id, any of several choice ids (or `unknown`), or a range for scale questions."""


class Asked(Protocol):
    """A question as a kind reads it (the question set's `Question` is one)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> Text: ...
    @property
    def lead(self) -> Text | None: ...
    @property
    def choices(self) -> list[Choice]: ...
    @property
    def scale(self) -> Scale | None: ...
