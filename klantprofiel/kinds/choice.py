"""`choice`: one of the question's choices. Stored and written to CSV as the choice id.

An answer may also name the choice by its label, in either language and any case ("Luistert
liever", "would rather LISTEN", "listen"), because CRM exports and web forms carry labels; the
caller hears which label was read as which id (`Heard`). A label that two choices share (one's
Dutch label is the other's English one) is refused naming both, never guessed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from klantprofiel.errors import Invalid
from klantprofiel.i18n import Joined, Msg, t
from klantprofiel.kinds.base import UNKNOWN, AnswerProblem, Heard, Kind, Pick, _ignore, numbered
from klantprofiel.kinds.parts import Range
from klantprofiel.pronouns import HE, Person
from klantprofiel.validation import did_you_mean, short

if TYPE_CHECKING:
    from klantprofiel.kinds.parts import Asked, Matcher, Value


def options(q: Asked) -> str:
    """The ids an answer may give, for an error report."""
    return ", ".join([c.id for c in q.choices] + [UNKNOWN])


def folded(text: str) -> str:
    """Text as a label is compared: any case, spaces between words as one."""
    return " ".join(text.split()).casefold()


_UNKNOWN_WORDS = frozenset(folded(t("unknown", lang)) for lang in ("nl", "en")) | {UNKNOWN}
""""Weet ik nog niet" / "don't know yet" (the label every choice question shows for unknown)."""


class ChoiceKind(Kind):
    name = "choice"
    listed = 1
    word = "kind_word_choice"
    picks = True

    def check_question(self, q: Asked) -> None:
        if len(q.choices) < 2:
            raise Invalid("two_choices_needed", kind=q.kind)
        ids = [c.id for c in q.choices]
        if UNKNOWN in ids:
            raise Invalid("unknown_reserved", unknown=UNKNOWN)
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise Invalid("choice_ids_twice", ids=", ".join(dupes))
        if q.scale is not None:
            raise Invalid("scale_table")

    def answer(self, q: Asked, raw: Any, heard: Heard = _ignore) -> Value:
        if isinstance(raw, str) and raw.strip() != UNKNOWN and folded(raw) in _UNKNOWN_WORDS:
            heard(raw.strip(), UNKNOWN)
            return None
        return super().answer(q, raw, heard)

    def read(self, q: Asked, raw: Any, heard: Heard) -> Value:
        if not isinstance(raw, str):
            raise AnswerProblem(q.id, Msg("must_be_one_choice", allowed=options(q)), raw)
        return self.choice_id(q, raw.strip(), heard)

    def choice_id(self, q: Asked, given: str, heard: Heard) -> str:
        """The id of the choice `given` names by its id or a label; raises AnswerProblem."""
        found = self.named(q, given)
        if len(found) == 1:
            if found[0] != given:
                heard(given, found[0])
            return found[0]
        if not found:
            allowed = [c.id for c in q.choices]
            raise AnswerProblem(q.id, Msg("not_a_choice", given=short(given), close=did_you_mean(given, allowed), allowed=options(q)), given)
        both = [f'{c.id} ("{c.label("nl")}" / "{c.label("en")}")' for c in q.choices if c.id in found]
        raise AnswerProblem(q.id, Msg("label_of_two", given=short(given), both=Joined(both, Msg("and"))), given)

    @staticmethod
    def named(q: Asked, given: str) -> list[str]:
        """The ids of the choices `given` names: its own id, else every choice with that id or label in any case."""
        if any(c.id == given for c in q.choices):
            return [given]
        key = folded(given)
        return [c.id for c in q.choices if key == folded(c.id) or key in map(folded, c.label.readings())]

    def shown(self, q: Asked, value: Value, lang: str, person: Person = HE) -> str:
        labels = {c.id: c.label(lang, person) for c in q.choices}
        return ", ".join(labels.get(str(v), str(v)) for v in (value if isinstance(value, list) else [value]))

    def says(self, q: Asked, value: Value, lang: str, person: Person = HE) -> list[str]:
        says = {c.id: c.says or c.label for c in q.choices}
        return [says[str(v)](lang, person) for v in (value if isinstance(value, list) else [value])]

    def condition_problem(self, q: Asked, m: Matcher) -> Msg | None:
        if isinstance(m, Range):
            return super().condition_problem(q, m)
        allowed = {c.id for c in q.choices} | {UNKNOWN}
        bad = [v for v in ([m] if isinstance(m, str) else m) if v not in allowed]
        return Msg("no_choice_in", bad=", ".join(map(repr, bad)), id=q.id, choices=", ".join(sorted(allowed))) if bad else None

    def asking(self, q: Asked, lang: str, person: Person = HE) -> Pick:
        return Pick(numbered([(c.label(lang, person), c.id) for c in q.choices]), many=self.many)

    def sample(self, q: Asked, rnd: random.Random, words: Callable[[], str]) -> Any:
        return rnd.choice([*(c.id for c in q.choices), UNKNOWN])


KIND = ChoiceKind()
