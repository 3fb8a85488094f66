"""A lookup table that fills itself: export renders each piece of a profile once with these."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SIZE = 20_000
"""Entries a table keeps; past that, a value is worked out again when needed, so memory stays flat."""


class Memo(dict):
    """key -> f(key), worked out on first use and a C-speed lookup after that (`memo[key]`,
    or `map(memo.__getitem__, keys)` down a column)."""

    def __init__(self, f: Callable[..., Any]) -> None:  # a lambda may bind its loop variables as defaults
        super().__init__()
        self.f = f

    def __missing__(self, key: Any) -> Any:
        found = self.f(key)
        if len(self) < SIZE:
            self[key] = found
        return found
