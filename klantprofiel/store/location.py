"""Where a store is: the file that --db or KLANTPROFIEL_DB names (a URL is refused as one).

Apart from `store/db.py` because shell completion and every command's start-up ask it, and
they must not load the store's schema, its models and pydantic to do so."""

from __future__ import annotations

from pathlib import Path

from klantprofiel.errors import UsageError
from klantprofiel.store.url import is_postgres, masked, require_driver, scheme


def store_path(raw: Path | str) -> Path:
    """The store file `raw` names. A URL other than PostgreSQL's (`factory` opens those) is refused
    as one: it would otherwise make a tree of folders called `sqlite:` and open an empty store there.
    A PostgreSQL URL without psycopg installed is told how to install it first."""
    found = scheme(str(raw))
    if found:
        if is_postgres(str(raw)):
            require_driver(str(raw))
        raise UsageError("store_is_url", hint="store_is_url_hint", url=masked(str(raw)), scheme=found)
    return Path(raw).expanduser()
