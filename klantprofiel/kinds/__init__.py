"""The question kinds, by name: a question set's `kind = "..."` picks one of these.

Each kind is one module (`choice.py`, `multi.py`, ...) defining a `Kind` (`base.py`) as `KIND`:
how its answers are read, stored, written to CSV, shown and asked, and what "unknown" is. To add a
kind, write its module and its tests; nothing else. The registry below finds every module of this
package that defines a `KIND`, the kind's own words (`Kind.texts`) join the catalogue, and the
question-set model, its JSON Schema, the checks, the views, CSV and the interview all find it here
(tests/test_new_kind.py adds one to a copy of the package and runs it through all of them).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

from klantprofiel.i18n import add_words
from klantprofiel.kinds.base import Kind

if TYPE_CHECKING:
    from klantprofiel.kinds.parts import Asked


def _found() -> list[Kind]:
    """The `KIND` of every module of this package, in the order the kinds came in (`Kind.listed`)."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        kind = getattr(importlib.import_module(f"{__name__}.{module.name}"), "KIND", None)
        if isinstance(kind, Kind):
            found.append(kind)
    return sorted(found, key=lambda k: (k.listed, k.name))


KINDS: dict[str, Kind] = {k.name: k for k in _found()}
NAMES = tuple(KINDS)
"""The kinds a question set may name, in the order the schema lists them."""
for _kind in KINDS.values():
    add_words(_kind.texts)


def of(q: Asked) -> Kind:
    """The kind of a question (the model admits only the names above)."""
    return KINDS[q.kind]
