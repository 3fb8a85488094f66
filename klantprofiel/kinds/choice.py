"""`choice`: one of the question's choices. Stored and written to CSV as the choice id."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from klantprofiel.kinds.base import UNKNOWN, AnswerProblem, Heard, Kind, Pick, numbered
from klantprofiel.validation import did_you_mean, short

if TYPE_CHECKING:
    from klantprofiel.questionset.conditions import Value
    from klantprofiel.questionset.model import Matcher, Question


def options(q: Question) -> str:
    """The ids an answer may give, for an error report."""
    return ", ".join([c.id for c in q.choices] + [UNKNOWN])


class Choice(Kind):
    name = "choice"

    def check_question(self, q: Question) -> None:
        if len(q.choices) < 2:
            raise ValueError(f"a {q.kind} question needs at least two choices")
        ids = [c.id for c in q.choices]
        if UNKNOWN in ids:
            raise ValueError(f"choice id '{UNKNOWN}' is reserved: every question offers it already")
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"choice ids appear twice: {', '.join(dupes)}")
        if q.scale is not None:
            raise ValueError("a scale question needs a [scale] table, and only a scale question has one")

    def read(self, q: Question, raw: Any, heard: Heard) -> Value:
        if not isinstance(raw, str):
            raise AnswerProblem(q.id, f"must be one choice id; allowed: {options(q)}", raw)
        return self.choice_id(q, raw.strip(), heard)

    def choice_id(self, q: Question, given: str, heard: Heard) -> str:
        """The id of the choice `given` names; raises AnswerProblem."""
        allowed = [c.id for c in q.choices]
        if given not in allowed:
            raise AnswerProblem(q.id, f"'{short(given)}' is not a choice{did_you_mean(given, allowed)}; allowed: {options(q)}", given)
        return given

    def shown(self, q: Question, value: Value, lang: str) -> str:
        labels = {c.id: c.label(lang) for c in q.choices}
        return ", ".join(labels.get(str(v), str(v)) for v in (value if isinstance(value, list) else [value]))

    def says(self, q: Question, value: Value, lang: str) -> list[str]:
        says = {c.id: c.says or c.label for c in q.choices}
        return [says[str(v)](lang) for v in (value if isinstance(value, list) else [value])]

    def condition_problem(self, q: Question, m: Matcher) -> str | None:
        from klantprofiel.questionset.model import Range

        if isinstance(m, Range):
            return super().condition_problem(q, m)
        allowed = {c.id for c in q.choices} | {UNKNOWN}
        bad = [v for v in ([m] if isinstance(m, str) else m) if v not in allowed]
        return f"no choice {', '.join(map(repr, bad))} in '{q.id}'; choices: {', '.join(sorted(allowed))}" if bad else None

    def asking(self, q: Question, lang: str) -> Pick:
        return Pick(numbered([(c.label(lang), c.id) for c in q.choices]), many=self.many)

    def sample(self, q: Question, rnd: random.Random, words: Callable[[], str]) -> Any:
        return rnd.choice([*(c.id for c in q.choices), UNKNOWN])


KIND = Choice()
