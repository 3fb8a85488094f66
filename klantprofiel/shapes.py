"""The bases of the pydantic models at the program's edges (the question-set file, an import
record, a column map, an export record), in one place so that each says the same about a key it
does not know: refused, as a typo to report, never silently dropped.

A leaf module (pydantic only), so every format can build on it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Closed(BaseModel):
    """Unknown keys refused; the schema built on first use (start-up does not pay for it)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class ClosedFrozen(Closed):
    """A question set once loaded: shared by every interview and profile, so never changed."""

    model_config = ConfigDict(extra="forbid", defer_build=True, frozen=True)


class ClosedStrict(Closed):
    """What a user wrote by hand (an import record): "yes" stays text and 1 stays a number."""

    model_config = ConfigDict(extra="forbid", defer_build=True, strict=True)
