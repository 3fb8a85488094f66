"""The team store on PostgreSQL: the same commands as the embedded SQLite store, on a server.

Its driver, psycopg 3, is an extra (`pip install "klantprofiel[postgres]"`): this package is
imported only for a `postgresql://` or `postgres://` store, and `require_driver` turns a missing
psycopg into a message saying how to install it, never an import traceback. Nothing on the
SQLite path imports this package or psycopg.
"""

from __future__ import annotations

import importlib.util

from klantprofiel.errors import UsageError
from klantprofiel.store.url import masked


def require_driver(url: str) -> None:
    """Raise the "install klantprofiel[postgres]" error when psycopg cannot be imported."""
    try:
        found = importlib.util.find_spec("psycopg") is not None
    except (ImportError, ValueError):
        found = False
    if found:
        try:
            import psycopg  # noqa: F401 - a psycopg that is there but broken (no libpq) is missing all the same
        except ImportError:
            found = False
    if not found:
        raise UsageError("postgres_driver_missing", hint="postgres_driver_missing_hint", url=masked(url))


def __getattr__(name: str) -> object:
    """`PostgresStore`, imported (psycopg with it) only when it is asked for: `store.factory`
    asks after `require_driver` said psycopg is there."""
    if name == "PostgresStore":
        from klantprofiel.store.postgres.store import PostgresStore
        return PostgresStore
    raise AttributeError(name)
