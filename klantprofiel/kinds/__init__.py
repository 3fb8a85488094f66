"""The question kinds, by name: a question set's `kind = "..."` picks one of these.

Each kind is one module (`choice.py`, `multi.py`, ...) defining a `Kind` (`base.py`): how its
answers are read, stored, written to CSV, shown and asked, and what "unknown" is. To add a kind,
write its module and its tests and name it below; the question-set model, its JSON Schema, the
checks, the views, CSV and the interview all find it here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from klantprofiel.kinds import choice, date, multi, scale, text
from klantprofiel.kinds.base import Kind

if TYPE_CHECKING:
    from klantprofiel.kinds.parts import Asked

KINDS: dict[str, Kind] = {k.name: k for k in (choice.KIND, multi.KIND, text.KIND, scale.KIND, date.KIND)}
NAMES = tuple(KINDS)
"""The kinds a question set may name, in the order the schema lists them."""


def of(q: Asked) -> Kind:
    """The kind of a question (the model admits only the names above)."""
    return KINDS[q.kind]
