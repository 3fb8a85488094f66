"""`multi`: any number of the question's choices. Stored as their ids in the set's order (none
ticked is unknown); a CSV cell holds them joined with ";", and ";" or "," separate them when read.

Each item may be an id or a label, as for `choice`. A label may hold a comma itself ("Ja,
regelmatig"), so a text is cut at ";" first, and within a piece the longest run of
comma-separated parts that names a choice is taken.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from klantprofiel.i18n import Msg
from klantprofiel.kinds.base import AnswerProblem, Heard
from klantprofiel.kinds.choice import ChoiceKind, options

if TYPE_CHECKING:
    from klantprofiel.kinds.parts import Asked, Value

SEPARATOR = ";"
"""Between the choice ids of one answer in a CSV cell."""


class MultiKind(ChoiceKind):
    name = "multi"
    listed = 2
    word = "kind_word_multi"
    many = True

    def read(self, q: Asked, raw: Any, heard: Heard) -> Value:
        if isinstance(raw, str):
            picked = {i for piece in raw.split(";") for i in self._in_piece(q, piece.split(","), heard)}
        elif isinstance(raw, list) and all(isinstance(i, str) for i in raw):
            picked = {self.choice_id(q, item.strip(), heard) for item in raw if item.strip()}
        else:
            raise AnswerProblem(q.id, Msg("must_be_choice_list", allowed=options(q)), raw)
        return [c.id for c in q.choices if c.id in picked] or None

    def _in_piece(self, q: Asked, parts: list[str], heard: Heard) -> list[str]:
        """The choices named by comma-separated `parts`, each the longest run that names one."""
        ids, start = [], 0
        while start < len(parts):
            if not parts[start].strip():
                start += 1
                continue
            end = next((e for e in range(len(parts), start + 1, -1) if self.named(q, ",".join(parts[start:e]).strip())), start + 1)
            ids.append(self.choice_id(q, ",".join(parts[start:end]).strip(), heard))
            start = end
        return ids

    def csv(self, value: Value) -> str:
        return SEPARATOR.join(value) if isinstance(value, list) else str(value)

    def sample(self, q: Asked, rnd: random.Random, words: Callable[[], str]) -> Any:
        ids = [c.id for c in q.choices]
        return rnd.sample(ids, rnd.randint(1, len(ids)))


KIND = MultiKind()
