"""The embedded SQLite store: interviews (the history per customer) and interview drafts."""

from klantprofiel.store.db import StoreError, connect, transaction
from klantprofiel.store.interviews import Store, StoredInterview

__all__ = ["Store", "StoredInterview", "StoreError", "connect", "transaction"]
