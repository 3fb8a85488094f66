"""The shape of a question-set file (TOML), as pydantic models.

A sales trainer edits these files without Python, so every model forbids unknown keys (a typo
must not vanish silently) and every cross-reference (topics, `when`, rules) is checked here.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from klantprofiel import kinds, pronouns
from klantprofiel.errors import Invalid
from klantprofiel.kinds.base import UNKNOWN as UNKNOWN  # where the question-set code has always found it
from klantprofiel.kinds.parts import LANGUAGES as LANGUAGES  # the parts a kind reads, shown here as the file's own
from klantprofiel.kinds.parts import Choice as Choice
from klantprofiel.kinds.parts import Id as Id
from klantprofiel.kinds.parts import Matcher as Matcher
from klantprofiel.kinds.parts import Range as Range
from klantprofiel.kinds.parts import Scale as Scale
from klantprofiel.kinds.parts import Text as Text
from klantprofiel.pronouns import Person
from klantprofiel.shapes import ClosedFrozen
from klantprofiel.who_when import META_FIELDS

QualifiedId = Annotated[str, Field(pattern=r"^([a-z][a-z0-9_]*\.)?[a-z][a-z0-9_]*$", max_length=129)]
"""In a rule: a question (or aspect) of this set by its id, or of another built-in set as `set.id`."""
RESERVED_IDS = frozenset({*META_FIELDS, "question_set", "set_version", "interview_id", "uid", "created_at", "source", "customer_id", "external_id",
                          "known", "total", "rejected"})
"""What no question may be called: the who/when fields (an answers file and an interview keep them
apart from the answers), and the other columns a CSV export or import holds beside the questions."""


class Question(ClosedFrozen):
    id: Id
    topic: Id
    kind: Literal[kinds.NAMES]  # type: ignore[valid-type]
    """One of the kinds in `klantprofiel.kinds`, which says how the question is asked and answered."""
    text: Text
    help: Text | None = None
    why: Text | None = Field(default=None, description=(
        "Why we ask: in one short sentence, what the answer changes in the advice. "
        "`klantprofiel questions show QID` prints it."))
    lead: Text | None = None
    """A short name for the question: in "why" lines and before free-text or scale answers
    ("Voorkeur: belt liever"). Without it the whole question text is used."""
    discover: Text
    """What to ask in the next meeting while this is still unknown."""
    choices: list[Choice] = []
    scale: Scale | None = None
    when: dict[Id, Matcher] = {}
    """Ask only if every earlier answer named here matches."""
    discover_unless: dict[Id, Matcher] = Field(default={}, description=(
        "Leave `discover` out of what to find out when every answer named here matches (any question of this set): "
        "for a customer whose profile says otherwise, e.g. not to quiz him, where `discover` would quiz him."))
    counts: bool = True
    """Whether the question counts toward "how well do we know him"."""
    homework: bool = Field(default=False, description=(
        "True when `discover` is the salesperson's own homework (look it up, think it over, ask a colleague) "
        "rather than a question for the customer: the brief lists it apart from this meeting's questions."))
    own_words: int = Field(default=0, ge=0, le=100, description=(
        "For free-text questions: the brief quotes the answer under \"in eigen woorden\" (what he wants, his worry, "
        "his preferences); the higher, the earlier, the meeting's context standing at 85. 0: not quoted."))

    @model_validator(mode="after")
    def _kind_fits(self) -> Question:
        kinds.of(self).check_question(self)
        if self.own_words and not kinds.of(self).quotes:
            raise Invalid("own_words_only_text")
        return self


class Topic(ClosedFrozen):
    id: Id
    title: Text


class Aspect(ClosedFrozen):
    """One line of "the approach" (how directive, which form, ...)."""

    id: Id
    title: Text
    fallback: Text
    """Shown while no rule for this aspect fires."""


class Level(ClosedFrozen):
    """A step on the king-to-person scale, reached from `min` (fraction known, 0-1)."""

    min: Annotated[float, Field(ge=0, le=1)]
    label: Text


class Meta(ClosedFrozen):
    """A who/when prompt; the field ids are fixed because the store keeps them as columns."""

    id: Literal[META_FIELDS]  # type: ignore[valid-type]
    text: Text


class Rule(ClosedFrozen):
    """Profile lines caused by answers. Every condition in `when` must hold; a rule that names a
    question which was not asked (its own `when` failed) never fires.

    Kinds: `approach` writes an aspect line; `do`, `dont`, `tension` and `note` (a topic section)
    write what their names say; `concern` names what stands between him and a yes (an open doubt,
    a deal stuck on something); `ask` turns something known into a question for the next meeting
    (an unspoken doubt), listed under "still to discover" before the unknowns."""

    id: Id
    when: Annotated[dict[QualifiedId, Matcher], Field(min_length=1)]
    kind: Literal["approach", "do", "dont", "tension", "note", "concern", "ask"]
    aspect: Id | None = None
    """For `approach` rules: which aspect line this rule writes."""
    topic: Id | None = None
    """For `note` rules: the section it belongs to (default: the topic of its first question)."""
    weight: int = Field(default=0, description=(
        "For `concern`, `do`, `dont`, `tension` and `ask` rules: the order in the brief, heaviest first (a doubt "
        "the deal is stuck on before a slight one). For `approach` rules: the priority, on one scale for every set (0-100): where several fire for one aspect the "
        "heaviest writes it, and the customer's approach leads with the five heaviest lines of all his sets. "
        "90-100: first things first (restore trust, stop rewarding bad manners); 70-89: how to advise him at all; "
        "50-69: how to bring it and whom to involve; below 50: finer points. Two rules of one aspect that can fire "
        "together must differ in weight."))
    covers: list[QualifiedId] = Field(default=[], description=(
        "For `approach` rules: other aspects this line settles too, as `aspect` or `set.aspect` "
        "(a line written for a conflict between sets). While it writes its own aspect, the lines of the aspects it "
        "covers are overruled by it."))
    text: Text

    @property
    def across(self) -> bool:
        """Does the rule name a question of another set (`set.question`)? Then only the customer's
        picture across his sets can fire it; one interview's profile leaves it out."""
        return any("." in qid for qid in self.when)

    @model_validator(mode="before")
    @classmethod
    def _dotted_keys(cls, data: object) -> object:
        """TOML reads `when = { keuze.criteria = "speed" }` as a table `keuze` holding `criteria`:
        that is the question `keuze.criteria`, as if the key had been quoted."""
        if isinstance(data, dict) and isinstance(data.get("when"), dict):
            when: dict = {}
            for key, value in data["when"].items():
                if isinstance(value, dict) and value and not set(value) <= set(Range.model_fields):
                    when.update({f"{key}.{k}": v for k, v in value.items()})
                else:
                    when[key] = value
            data = {**data, "when": when}
        return data

    @model_validator(mode="after")
    def _aspect_only_for_approach(self) -> Rule:
        if (self.kind == "approach") != (self.aspect is not None):
            raise Invalid("aspect_only_approach")
        if self.covers and self.kind != "approach":
            raise Invalid("covers_only_approach")
        return self


class QuestionSet(ClosedFrozen):
    schema_: str | None = Field(default=None, alias="$schema")
    id: Id
    version: Annotated[str, Field(min_length=1)]
    title: Text
    description: Text
    meta: list[Meta]
    topics: Annotated[list[Topic], Field(min_length=1)]
    questions: Annotated[list[Question], Field(min_length=1)]
    aspects: list[Aspect] = []
    rules: list[Rule] = []
    levels: Annotated[list[Level], Field(min_length=1)]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    @cached_property
    def own_rules(self) -> list[Rule]:
        """The rules one interview can fire: those that name only this set's questions."""
        return [r for r in self.rules if not r.across]

    @cached_property
    def counted(self) -> tuple[list[str], list[tuple[dict[str, Matcher], list[str]]]]:
        """The questions that count toward "how well do we know him": the ids of those always
        asked, and those asked under a condition (`when`), by condition: follow-up questions of
        one answer share theirs, which `tally` then checks once per interview, not once each
        (batch import tallies every record)."""
        conditional: list[tuple[dict[str, Matcher], list[str]]] = []
        for q in self.questions:
            if q.counts and q.when:
                same = [ids for when, ids in conditional if when == q.when]
                if same:
                    same[0].append(q.id)
                else:
                    conditional.append((q.when, [q.id]))
        return [q.id for q in self.questions if q.counts and not q.when], conditional

    @cached_property
    def writes_name(self) -> bool:
        """Does any text of the set write the customer's name for him or her too (`{naam}`)?"""
        return pronouns.writes_name(self.model_dump_json())

    def voice(self, person: Person) -> Person:
        """`person` as far as this set's texts tell customers apart: for him or her the name only
        counts where a text writes it, so the profiles of every "ze" are rendered (and kept) once."""
        return person if person.pronoun == "name" or self.writes_name else Person(person.pronoun)

    @cached_property
    def content_hash(self) -> str:
        """What the set says, whatever its file looks like: the SHA-256 of its JSON without the
        values left at their defaults (so a field added later with a default changes no hash) and
        without `$schema`. Layout, comments and key order of the TOML do not count."""
        canonical = self.model_dump_json(by_alias=True, exclude_defaults=True, exclude={"schema_"})
        return hashlib.sha256(canonical.encode()).hexdigest()
