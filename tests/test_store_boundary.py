"""The store is an adapter: nothing outside klantprofiel/store/ writes SQL, holds a connection or a
cursor, or imports sqlite3; everything else holds a store by `store/protocol.py`. And the one place
that picks a backend (`store/factory.py`) picks it by what --db names.
"""

from __future__ import annotations

import ast
import re
import sys
import types
from pathlib import Path

import pytest

import klantprofiel
from klantprofiel.store import factory, protocol

PACKAGE = Path(klantprofiel.__file__).parent
OUTSIDE_THE_STORE = sorted([*(p for p in PACKAGE.rglob("*.py") if "store" not in p.relative_to(PACKAGE).parts[:1]),
                            PACKAGE / "store" / "protocol.py"])
"""Every module but the backends': the core's side of the store (`protocol.py`, which the core
imports) writes no SQL either."""

SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|BEGIN|COMMIT|ROLLBACK|VACUUM|ALTER|DROP|WITH)\b"
                 r"(\s*$|.*(\b(FROM|INTO|SET|TABLE|INDEX|TRIGGER|IMMEDIATE|TRANSACTION|OR)\b|[=(]))", re.DOTALL)
"""A string that reads as an SQL statement: a keyword that starts one, in capitals as SQL is written
here, and a word that goes on with it, or nothing ("VACUUM"). "Delete the customer?" is a sentence,
"DELETE FROM people" a statement."""
DRIVER_ATTRIBUTES = {"conn", "cursor", "execute", "executemany", "executescript", "fetchone", "fetchmany", "fetchall", "lastrowid", "rowcount"}
DRIVERS = {"sqlite3", "psycopg", "psycopg2", "psycopg_pool"}

ALLOWED = {
    ("klantprofiel/bench.py", "sqlite3"): "the benchmark's floors read and write SQLite directly: they measure what the store costs above that",
    ("klantprofiel/bench.py", "sql"): "the floors' own statements",
    ("klantprofiel/bench.py", "execute"): "the floors' own statements",
    ("klantprofiel/bench.py", "executemany"): "the floors' own statements",
    ("klantprofiel/bench.py", "fetchall"): "--cpu reads the rows an import stored, to time inserting them again into an empty store",
    ("klantprofiel/bench.py", "conn"): "opens the store outside the timing (`store.conn`), as the floor opens its file, and asks "
                                        "its connection for its server backend (`--cpu --postgres`)",
    ("klantprofiel/bench.py", "fetchone"): "`--cpu --postgres` reads the number of a connection's server backend and its database's sessions",
    ("klantprofiel/bench.py", "psycopg"): "the PostgreSQL floors read and write through psycopg directly, and show's round trips are "
                                          "counted at psycopg's cursors",
    ("klantprofiel/bench.py", "cursor"): "the PostgreSQL floors' COPY and server-side cursor",
}
"""(file, what) that may cross the boundary, and why."""


def crossings(path: Path) -> set[tuple[str, int, str]]:
    """(what, line, text) for each SQL string, driver attribute and driver import in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree)  # a module's, class's or function's, or an attribute's after it
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings and SQL.match(node.value):
            found.add(("sql", node.lineno, node.value[:60]))
        elif isinstance(node, ast.JoinedStr) and SQL.match("".join(v.value for v in node.values if isinstance(v, ast.Constant))):
            found.add(("sql", node.lineno, ast.unparse(node)[:60]))
        elif isinstance(node, ast.Attribute) and node.attr in DRIVER_ATTRIBUTES:
            found.add((node.attr, node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found |= {(name.split(".")[0], node.lineno, name) for name in names if name.split(".")[0] in DRIVERS}
    return found


def test_the_check_sees_sql_cursors_and_drivers():
    """It finds what it looks for in the store itself, and takes sentences for sentences."""
    inside = {what for p in (PACKAGE / "store").glob("*.py") for what, _, _ in crossings(p)}
    assert {"sql", "conn", "execute", "fetchone", "sqlite3"} <= inside
    assert all(SQL.match(s) for s in ("SELECT id FROM people", "  INSERT INTO interviews (a) VALUES (?)", "PRAGMA user_version = 8",
                                       "VACUUM", "INSERT OR IGNORE INTO people", "BEGIN IMMEDIATE"))
    assert not any(SQL.match(s) for s in ("Delete the customer? [y/N]", "Select a question set", "update", "CREATED", "WITH NO NAME"))


def test_nothing_outside_the_store_writes_sql_or_holds_a_cursor():
    assert len(OUTSIDE_THE_STORE) > 50
    found = [f"{p.relative_to(PACKAGE.parent)}:{line} {what}: {text}"
             for p in OUTSIDE_THE_STORE for what, line, text in sorted(crossings(p))
             if (str(p.relative_to(PACKAGE.parent)), what) not in ALLOWED]
    assert found == []


def test_every_exception_is_still_needed():
    """An exception that nothing uses any more is to be removed."""
    used = {(str(p.relative_to(PACKAGE.parent)), what) for p in OUTSIDE_THE_STORE for what, _, _ in crossings(p)}
    assert set(ALLOWED) - used == set()


# --- the backend is picked by what --db names --------------------------------------------------------------------


@pytest.fixture
def postgres_package(monkeypatch, tmp_path):
    """A PostgreSQL package (a stand-in) whose `PostgresStore` records how it was called, and hands
    out a store of its own (an SQLite one elsewhere: any `protocol.Store` does)."""
    from klantprofiel.store.interviews import SQLiteStore
    opened = []
    stand_in = types.ModuleType(factory.POSTGRES_PACKAGE)
    stand_in.PostgresStore = lambda url, **options: opened.append((url, options)) or SQLiteStore(tmp_path / "elsewhere.db")  # type: ignore[attr-defined]
    stand_in.NoStoreYet = type("NoStoreYet", (Exception,), {})  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, factory.POSTGRES_PACKAGE, stand_in)
    return opened


@pytest.mark.parametrize("url", ["postgresql://sanne@crm.example.nl/klanten", "postgres://crm/klanten", "POSTGRESQL://crm/k"])
def test_a_postgres_url_opens_the_postgres_store(postgres_package, url):
    assert factory.store_at(url, create=False).path.name == "elsewhere.db"
    assert factory.exists(url)
    assert postgres_package == [(url, {"create": False, "on_create": None})] * 2


def test_the_cli_works_on_the_store_the_factory_hands_it(postgres_package, run, tmp_path):
    url = "postgresql://crm/klanten"
    assert run("interview", "Piet", "--answers", "-", "--db", url, input="{}").exit_code == 0
    listed = run("list", "--db", url, "--format", "jsonl")
    assert listed.exit_code == 0 and '"name":"Piet"' in listed.stdout
    assert [options["create"] for _, options in postgres_package] == [True, False]
    assert (tmp_path / "elsewhere.db").is_file() and not (tmp_path / "store.db").exists()


def test_a_file_path_opens_the_sqlite_store(tmp_path):
    from klantprofiel.store.interviews import SQLiteStore
    store = factory.store_at(tmp_path / "s.db", create=True)
    assert isinstance(store, SQLiteStore)
    assert not factory.exists(tmp_path / "s.db")  # opened lazily: nothing made until it is used
    assert list(store.customers()) == [] and factory.exists(tmp_path / "s.db")


def test_the_protocol_is_what_the_sqlite_store_offers():
    """Every method the protocol names is the SQLite store's, with the same parameters (mypy checks
    the types: store/interviews.py `_implements`)."""
    import inspect

    from klantprofiel.store.interviews import SQLiteStore
    wanted = {name for name, _ in inspect.getmembers(protocol.Store, inspect.isfunction) if not name.startswith("_")}
    assert len(wanted) > 30
    for name in wanted:
        ours, theirs = inspect.signature(getattr(SQLiteStore, name)), inspect.signature(getattr(protocol.Store, name))
        assert list(ours.parameters) == list(theirs.parameters), name
