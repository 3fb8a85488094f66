"""`scale`: a whole number from the question's `[scale]` min to max, each step offered in the interview."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from klantprofiel.errors import Invalid
from klantprofiel.i18n import Msg
from klantprofiel.kinds.base import UNKNOWN, AnswerProblem, Heard, Kind, Option, Pick
from klantprofiel.kinds.parts import Range
from klantprofiel.pronouns import HE, Person

if TYPE_CHECKING:
    from klantprofiel.kinds.parts import Asked, Matcher, Value


class ScaleKind(Kind):
    name = "scale"
    listed = 4
    word = "kind_word_scale"

    def check_question(self, q: Asked) -> None:
        if q.choices:
            raise Invalid("kind_no_choices", kind=q.kind)
        if q.scale is None:
            raise Invalid("scale_table")

    def read(self, q: Asked, raw: Any, heard: Heard) -> Value:
        assert q.scale is not None
        number = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
        if isinstance(raw, str) and raw.strip().isdecimal():  # isdigit() passes '²', which int() refuses
            number = int(raw.strip()) if len(raw.strip()) < 10 else None  # int() refuses thousands of digits
        if number is None or not q.scale.min <= number <= q.scale.max:
            raise AnswerProblem(q.id, Msg("must_be_on_scale", min=q.scale.min, max=q.scale.max, unknown=UNKNOWN), raw)
        return number

    def shown(self, q: Asked, value: Value, lang: str, person: Person = HE) -> str:
        assert q.scale is not None
        return f"{value} ({q.scale.low(lang, person)} {q.scale.min} … {q.scale.max} {q.scale.high(lang, person)})"

    def condition_problem(self, q: Asked, m: Matcher) -> Msg | None:
        return None if isinstance(m, Range) else Msg("scale_condition", id=q.id)

    def asking(self, q: Asked, lang: str, person: Person = HE) -> Pick:
        assert q.scale is not None
        labels = {q.scale.min: f" — {q.scale.low(lang, person)}", q.scale.max: f" — {q.scale.high(lang, person)}"}
        steps = [Option(str(i), f"{i}{labels.get(i, '')}", str(i), says_key=True) for i in range(q.scale.min, q.scale.max + 1)]
        return Pick(steps, answer=int, values=str)

    def sample(self, q: Asked, rnd: random.Random, words: Callable[[], str]) -> Any:
        assert q.scale is not None
        return rnd.randint(q.scale.min, q.scale.max)


KIND = ScaleKind()
