"""The embedded SQLite store: interviews (the history per customer) and interview drafts.

The names below are imported when first used, not with the package: `store.completion`, which
shell completion runs on every Tab, must not load the store's models (and pydantic) with it."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from klantprofiel.store.db import StoreError, connect, transaction
    from klantprofiel.store.interviews import Store, StoredInterview

__all__ = ["Store", "StoredInterview", "StoreError", "connect", "transaction"]

_HOMES = {"Store": "interviews", "StoredInterview": "interviews", "StoreError": "db", "connect": "db", "transaction": "db"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
