"""The embedded SQLite store: interviews (the history per customer) and interview drafts.

The names below are imported when first used, not with the package: `store.completion`, which
shell completion runs on every Tab, must not load the store's models (and pydantic) with it."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from klantprofiel.store.db import StoreError, connect, transaction
    from klantprofiel.store.interviews import SQLiteStore as Store
    from klantprofiel.store.interviews import StoredInterview

__all__ = ["Store", "StoredInterview", "StoreError", "connect", "transaction"]

_HOMES = {"Store": ("interviews", "SQLiteStore"), "StoredInterview": ("interviews", "StoredInterview"), "StoreError": ("db", "StoreError"),
          "connect": ("db", "connect"), "transaction": ("db", "transaction")}
"""Name here -> (module, name there). `Store` is the SQLite store (a script's `Store(path)`); the
program holds any store by `protocol.Store` and opens one with `factory.store_at`."""


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, there = _HOMES[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), there)
