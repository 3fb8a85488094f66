"""What a question kind is: everything the rest of the program needs to know about one.

A kind (one module of `klantprofiel/kinds/`) says in one class how a raw answer is read and
checked, what is stored for it (a JSON value), how it is written to a CSV cell (and `read`
takes that cell back), how it reads to a person, what counts as "don't know yet", which
conditions a rule may put on it, and how the interview asks it (`Pick` or `Typed`, which the
prompters in `cli/` turn into a list or a line of text). Nothing outside `kinds/` asks which
kind a question is; it asks the kind (`kinds.of(question)`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from klantprofiel.errors import AnswerProblem, Invalid
from klantprofiel.i18n import Msg
from klantprofiel.kinds.parts import Range
from klantprofiel.pronouns import HE, Person

if TYPE_CHECKING:
    from klantprofiel.kinds.parts import Asked, Matcher, Value

UNKNOWN = "unknown"
"""The answer "weet ik nog niet" / "don't know yet" as a file writes it: every question offers it, so no choice may be called so."""

Heard = Callable[[str, str], None]
"""Told (text given, choice id) when an answer named a choice by its label, not its id."""


def _ignore(given: str, read_as: str) -> None:
    """The default `Heard`: nobody asked which labels were read."""


def label_of(q: Asked, lang: str, person: Person = HE) -> str:
    """The question's short name (its `lead`, else its text): in "why" lines and before an answer."""
    return q.lead(lang, person) if q.lead else q.text(lang, person)


@dataclass(frozen=True)
class Option:
    """One option of a list the interview offers. `key` is what is typed to pick it (its number,
    or a scale step's own value), `value` what the prompter returns; `says_key` when the title
    starts with the key already ("1 — twee woorden")."""

    key: str
    title: str
    value: str
    says_key: bool = False

    @property
    def shown(self) -> str:
        return self.title if self.says_key else f"{self.key}) {self.title}"


def numbered(pairs: list[tuple[str, str]]) -> list[Option]:
    """Options keyed 1, 2, 3, ... from (title, value) pairs."""
    return [Option(str(i), title, value) for i, (title, value) in enumerate(pairs, 1)]


@dataclass(frozen=True)
class Pick:
    """Asked as a list: one option, or (`many`) any number of them. The prompter returns option
    values; `answer` turns them into the stored answer, `values` a stored answer into them."""

    options: list[Option]
    many: bool = False
    answer: Callable[[Any], Value] = lambda picked: picked
    values: Callable[[Value], Any] = lambda stored: stored


@dataclass(frozen=True)
class Typed:
    """Asked as a line of text. `problem` says (in the interview's language) why a typed line is
    no answer, or None; `answer` reads one that is (empty is unknown); `echo` says back what was
    read where that could surprise ("dinsdag 1 december 2026"); `default` is the text a known
    answer is offered as."""

    problem: Callable[[str], str | None]
    answer: Callable[[str], Value]
    default: Callable[[Value], str] = lambda stored: "" if stored is None else str(stored)
    echo: Callable[[Value], str] | None = None


Asking = Pick | Typed


class Kind:
    """The behaviour every kind shares; a kind's module overrides what differs."""

    name: ClassVar[str]
    """What a question set's `kind = "..."` calls it."""
    listed: ClassVar[int]
    """Where listings put it (the schema's `kind` enum, a wrong kind's list of the allowed ones):
    the order the kinds came in. A new kind takes the next number."""
    noun: ClassVar[str]
    """The catalogue key of what an answer of this kind is, in a sentence of an error report ("free text", "a date")."""
    word: ClassVar[str]
    """The catalogue key of the kind's name in a listing (`questions list`): the run's word, with
    the set file's own word beside it in Dutch ("keuze (choice)"), which is what a trainer writes."""
    picks: ClassVar[bool] = False
    """An answer is one or more of the question's choices (a column map may translate a CRM's values into them)."""
    many: ClassVar[bool] = False
    """An answer is a list (of choice ids)."""
    quotes: ClassVar[bool] = False
    """An answer is the customer's own words, which the brief may quote (a question's `own_words`)."""
    verbatim: ClassVar[bool] = False
    """An answer is shown exactly as stored, so a view may put the stored text where a placeholder
    stood instead of writing each answer's line anew."""
    texts: ClassVar[dict[str, tuple[str, str]]] = {}
    """Catalogue entries (key -> Dutch, English) the kind brings in its own module, for its
    `noun`, `word` and its messages: they join the catalogue when `klantprofiel.kinds` finds the
    kind (`i18n.add_words`), so a new kind needs no line in `messages.py`. The kinds that came
    before this keep theirs in `messages.py`."""

    def check_question(self, q: Asked) -> None:
        """Refuse a question this kind cannot ask (raises ValueError, as pydantic validators do)."""
        if q.choices:
            raise Invalid("kind_no_choices", kind=q.kind)
        if q.scale is not None:
            raise Invalid("scale_table")

    def unknown(self, q: Asked, raw: Any) -> bool:
        """Does `raw` say "don't know yet"? Left out (None), `unknown`, or nothing but spaces."""
        return raw is None or raw == UNKNOWN or (isinstance(raw, str) and not raw.strip())

    def answer(self, q: Asked, raw: Any, heard: Heard = _ignore) -> Value:
        """The stored answer for a raw one (from a file, a CSV cell, the interview): None while it
        is unknown; raises AnswerProblem with what is allowed."""
        return None if self.unknown(q, raw) else self.read(q, raw, heard)

    def read(self, q: Asked, raw: Any, heard: Heard) -> Value:
        """`answer` for a raw answer that is not unknown."""
        raise NotImplementedError

    def csv(self, value: Value) -> str:
        """A known stored answer as its CSV cell; `read` takes the cell back to the same answer."""
        return str(value)

    def shown(self, q: Asked, value: Value, lang: str, person: Person = HE) -> str:
        """A known answer as a person reads it, in a view, a summary or a "why" line (its texts
        written for the customer `person`)."""
        return str(value)

    def says(self, q: Asked, value: Value, lang: str, person: Person = HE) -> list[str]:
        """The lines a known answer writes in its topic's section of the profile."""
        return [f"{label_of(q, lang, person)}: {self.shown(q, value, lang, person)}"]

    def condition_problem(self, q: Asked, m: Matcher) -> Msg | None:
        """Why a `when` condition on this question can never be told apart, or None if it can."""
        if isinstance(m, Range):
            return Msg("range_only_scale", id=q.id, kind=q.kind)
        if ([m] if isinstance(m, str) else m) != [UNKNOWN]:
            return Msg("condition_only_unknown", id=q.id, noun=Msg(self.noun), unknown=UNKNOWN)
        return None

    def asking(self, q: Asked, lang: str, person: Person = HE) -> Asking:
        """What the interview shows to ask it."""
        raise NotImplementedError

    def sample(self, q: Asked, rnd: random.Random, words: Callable[[], str]) -> Any:
        """A raw answer as a CRM or web form would send one (the bench's records); `words` makes a phrase."""
        raise NotImplementedError


__all__ = ["AnswerProblem", "Asking", "Heard", "Kind", "Option", "Pick", "Typed", "label_of", "numbered"]
