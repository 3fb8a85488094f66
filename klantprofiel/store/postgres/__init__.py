"""The team store on PostgreSQL: the same commands as the embedded SQLite store, on a server.

Its driver, psycopg 3, is an extra (`pip install "klantprofiel[postgres]"`): this package is
imported only for a `postgresql://` or `postgres://` store, and `url.require_driver` (which both
stores' openers ask) turns a missing psycopg into a message saying how to install it, never an
import traceback. Nothing on the SQLite path imports this package or psycopg.
"""

from __future__ import annotations


def __getattr__(name: str) -> object:
    """`PostgresStore` and `NoStoreYet`, imported (psycopg with them) only when asked for:
    `store.factory` asks after `url.require_driver` said psycopg is there."""
    if name == "PostgresStore":
        from klantprofiel.store.postgres.store import PostgresStore
        return PostgresStore
    if name == "NoStoreYet":
        from klantprofiel.store.postgres.connection import NoStoreYet
        return NoStoreYet
    raise AttributeError(name)
