"""`multi`: any number of the question's choices. Stored as their ids in the set's order (none
ticked is unknown); a CSV cell holds them joined with ";", and ";" or "," separate them when read."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from klantprofiel.kinds.base import AnswerProblem, Heard
from klantprofiel.kinds.choice import Choice, options

if TYPE_CHECKING:
    from klantprofiel.questionset.conditions import Value
    from klantprofiel.questionset.model import Question

SEPARATOR = ";"
"""Between the choice ids of one answer in a CSV cell."""


class Multi(Choice):
    name = "multi"
    many = True

    def read(self, q: Question, raw: Any, heard: Heard) -> Value:
        items = raw.replace(";", ",").split(",") if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise AnswerProblem(q.id, f"must be a list of choice ids; allowed: {options(q)}", raw)
        picked = {self.choice_id(q, item.strip(), heard) for item in items if item.strip()}
        return [c.id for c in q.choices if c.id in picked] or None

    def csv(self, value: Value) -> str:
        return SEPARATOR.join(value) if isinstance(value, list) else str(value)

    def sample(self, q: Question, rnd: random.Random, words: Callable[[], str]) -> Any:
        ids = [c.id for c in q.choices]
        return rnd.sample(ids, rnd.randint(1, len(ids)))


KIND = Multi()
