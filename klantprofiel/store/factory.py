"""Which store --db names: a file (the embedded SQLite store) or a PostgreSQL URL (the team store).

The one place that picks a backend, by what --db looks like (`store/url.py`): `postgresql://` or
`postgres://` opens `klantprofiel.store.postgres` (imported only then, so a file store never loads
a database driver; without psycopg it says how to install it), anything else is a file path
(`location.store_path`, which refuses other URLs). Both return a `protocol.Store`; nothing else in the
program knows which one it holds.

The PostgreSQL package provides a class `PostgresStore(url: str, *, create: bool, on_create:
Callable[[str], None] | None)` that implements `protocol.Store`, with `create` and `on_create` as
below. Until it does, a PostgreSQL URL is refused as any other URL.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from klantprofiel.store.url import is_postgres, refuse_unclear, require_driver

if TYPE_CHECKING:
    from klantprofiel.store.protocol import Store

POSTGRES_PACKAGE = "klantprofiel.store.postgres"


def store_at(target: Path | str, *, create: bool = True, on_create: Callable[[str], None] | None = None) -> Store:
    """The store `target` names, opened on first use. `create=False` (the reading commands): a
    store that is not there is an error, and nothing is made. `on_create` hears where, once,
    when opening made a new store."""
    refuse_unclear(str(target))
    if is_postgres(str(target)):
        require_driver(str(target))
        postgres = importlib.import_module(POSTGRES_PACKAGE)
        if hasattr(postgres, "PostgresStore"):
            return postgres.PostgresStore(str(target), create=create, on_create=on_create)
    from klantprofiel.store.interviews import SQLiteStore
    return SQLiteStore(target, create=create, on_create=(lambda path: on_create(str(path))) if on_create is not None else None)


def exists(target: Path | str) -> bool:
    """Is there a store at `target` to read (for a dry run, which makes none)? For a database
    server: does its database hold one (connecting says so if the server cannot be reached)."""
    refuse_unclear(str(target))
    if is_postgres(str(target)):
        store = store_at(target, create=False)
        try:
            store.kept_sets()  # a server that cannot be reached, or a URL this version cannot open, is said now
        except importlib.import_module(POSTGRES_PACKAGE).NoStoreYet:
            return False
        finally:
            store.close()
        return True
    from klantprofiel.store.location import store_path
    return store_path(target).exists()
