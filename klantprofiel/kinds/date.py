"""`date`: a day, stored and written to CSV as ISO (`2026-12-01`), shown in words
("dinsdag 1 december 2026" / "Tuesday 1 December 2026").

It is read as the meeting date is (`klantprofiel.dates`): ISO, `1-12-2026`, `1 december 2026`;
the interview also takes `vandaag` and a date without a year, and says back the day it read,
so a day and month read the wrong way round are seen at once. A file cannot use those: it is
read on some later day, so `vandaag` would name the wrong one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from klantprofiel.dates import in_words, read_date
from klantprofiel.i18n import Msg, t
from klantprofiel.kinds.base import AnswerProblem, Heard, Kind, Typed
from klantprofiel.pronouns import HE, Person

if TYPE_CHECKING:
    from klantprofiel.kinds.parts import Asked, Value

_EXAMPLE = "a date such as 2026-12-01, 1-12-2026 or 1 december 2026"


def day_of(value: Value) -> dt.date | None:
    """The day a stored answer names (None for a stored value that is no ISO date)."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class DateKind(Kind):
    name = "date"
    listed = 5
    word = "kind_word_date"
    noun = "noun_date"

    def read(self, q: Asked, raw: Any, heard: Heard) -> Value:
        if type(raw) is dt.date:  # TOML has dates: contract_end = 2026-12-01
            return raw.isoformat()
        if not isinstance(raw, str):
            raise AnswerProblem(q.id, Msg("must_be_a_date"), raw)
        day = read_date(raw, None)
        if day is None:
            relative = read_date(raw, dt.date.today()) is not None
            raise AnswerProblem(q.id, Msg("must_be_a_date_in_file" if relative else "must_be_a_date"), raw)
        return day.isoformat()

    def shown(self, q: Asked, value: Value, lang: str, person: Person = HE) -> str:
        day = day_of(value)
        return in_words(day, lang) if day else str(value)

    def asking(self, q: Asked, lang: str, person: Person = HE) -> Typed:
        return self.typed(lang)

    def typed(self, lang: str) -> Typed:
        """As asked, also for the meeting date: any usual form, said back in words."""
        today = dt.date.today()

        def answer(typed: str) -> Value:
            day = read_date(typed, today)
            return day.isoformat() if day else None

        def echo(value: Value) -> str:
            day = day_of(value)
            return t("date_read", lang, date=in_words(day, lang) if day else str(value))

        return Typed(problem=lambda typed: None if read_date(typed, today) else t("date_unreadable", lang),
                     answer=answer, echo=echo)

    def sample(self, q: Asked, rnd: random.Random, words: Callable[[], str]) -> Any:
        return (dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randint(0, 730))).isoformat()


KIND = DateKind()
