"""The customer index: look-ups read an index (not every row), it follows every way interviews
are stored or erased, and an old store gets it filled when it is opened."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from contextlib import closing

import pytest

import klantprofiel.store.interviews as store_interviews
from klantprofiel.store import Store
from klantprofiel.store import db as store_db
from klantprofiel.store.migrations import MIGRATIONS

from helpers import FIXTURES
from test_migrations import NAMES, recorded


@pytest.fixture
def traced(monkeypatch):
    """Every statement the commands run from here on, with its parameters filled in."""
    statements: list[str] = []
    real = store_interviews.connect

    def connect(path, **kw):
        conn = real(path, **kw)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(store_interviews, "connect", connect)
    return statements


def plans(db, statements: list[str]) -> dict[str, str]:
    """SELECT statement -> its query plan, one line per step."""
    with closing(sqlite3.connect(db)) as conn:
        return {s: " | ".join(row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + s))
                for s in statements if s.lstrip().upper().startswith("SELECT") and "sqlite_master" not in s}


@pytest.fixture
def store_of_200(run, tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"customer": {"name": f"Klant {i:03d}", "organisation": f"Firma {i % 7}"}, "answers": {}}) + "\n"
                            for i in range(200)), encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    assert run("list").exit_code == 0  # the index takes the import in (once)


@pytest.mark.parametrize("command", [["show", "Klant 117"], ["brief", "klant 117"], ["history", "Klant 117"], ["show", "Klant 11y"],
                                     ["delete", "Klant 11y", "--yes"], ["export", "-c", "Klant 117"], ["list"], ["list", "--sort", "known"],
                                     ["list", "--since", "2026-01-01", "--limit", "5"]], ids=" ".join)
def test_look_ups_search_an_index_and_never_scan_a_table(run, db, store_of_200, traced, command):
    run(*command)
    found = plans(db, traced)
    assert found, traced
    scans = {s: p for s, p in found.items() if re.search(r"SCAN (interviews|customers)\b(?! USING (COVERING )?INDEX)", p)}
    assert scans == {}
    if command[0] != "list":  # a name is looked up in the index of names, his interviews in theirs by his id
        assert any("SEARCH people USING INDEX people_by_name" in p for p in found.values()), found
        assert "11y" in command[1] or any("SEARCH interviews USING" in p and "customer_key" in p for p in found.values()), found


@pytest.mark.parametrize("sort, index", [("last", "customers_by_last_met"), ("name", "customers_by_name"), ("known", "customers_by_knownness")])
def test_a_page_reads_the_index_in_its_order_without_sorting_the_store(run, db, store_of_200, traced, sort, index):
    run("list", "--sort", sort)
    [page] = [p for s, p in plans(db, traced).items() if "LIMIT 30" in s]
    assert index in page and "TEMP B-TREE" not in page


def test_a_misspelt_name_is_suggested_from_its_neighbours_in_the_index(english, run, store_of_200, interviewed):
    interviewed("Piet Jansen", {})
    assert "Did you mean: Piet Jansen?" in run("show", "piet jansn").stderr
    assert "Did you mean: Klant 117," in run("show", "Klant 1177").stderr


def test_a_part_of_a_name_is_suggested_when_no_name_is_near(english, run, interviewed):
    interviewed("Piet Jansen", {})
    interviewed("Anna de Boer", {})
    assert "Did you mean: Piet Jansen?" in run("show", "jansen").stderr


def test_the_index_follows_interviews_imports_and_erasure(run, interviewed, db, tmp_path):
    interviewed("Piet", {"organisation": "Bakkerij", "meeting_date": "2026-01-02"})
    path = tmp_path / "more.jsonl"
    path.write_text(json.dumps({"customer": {"name": "PIET", "organisation": "Bakkerij Jansen"}, "interview": {"meeting_date": "2025-06-01"},
                                "answers": {}}) + "\n" + json.dumps({"customer": {"name": "Els"}, "answers": {}}) + "\n", encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    interviewed("Piet", {"notes": "tweede", "meeting_date": "2025-01-01", "organisation": "Bakkerij"}, "--organisation", "bakkerij")  # the first Piet again
    interviewed("Anna", {"meeting_date": "2025-01-01"})  # saving an interview takes the import in too
    listed = {c["name"]: c for c in json.loads(run("list", "--json").stdout)}
    assert set(listed) == {"Piet", "PIET", "Els", "Anna"}  # another organisation: another Piet
    assert (listed["Piet"]["interviews"], listed["Piet"]["organisation"], listed["Piet"]["last_met"]) == (2, "Bakkerij", "2026-01-02")
    assert (listed["PIET"]["interviews"], listed["PIET"]["organisation"], listed["PIET"]["last_met"]) == (1, "Bakkerij Jansen", "2025-06-01")
    assert run("delete", "piet", "--organisation", "Bakkerij", "--yes").exit_code == 0  # one of the two Piets
    listed = {c["name"]: c for c in json.loads(run("list", "--json").stdout)}
    assert set(listed) == {"PIET", "Els", "Anna"}
    assert run("delete", "piet", "--yes").exit_code == 0
    assert [c["name"] for c in json.loads(run("list", "--json").stdout)] == ["Els", "Anna"]
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM customers WHERE name_folded = 'piet'").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM customers_to_redo").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM customer_text WHERE name_folded LIKE '%piet%'").fetchone() == (0,)
    interviewed("Kees", {})  # gets the id the erased interview had: the index must take it in
    assert "Kees" in [c["name"] for c in json.loads(run("list", "--json").stdout)]


def test_an_import_is_taken_in_by_the_next_list_once(run, db, tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"customer": {"name": f"Klant {i}"}, "answers": {}}) + "\n" for i in range(5000)), encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    assert Store(db).count_customers() == 5000
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT indexed_upto FROM customer_index").fetchone() == (5000,)


def test_opening_an_old_store_fills_the_index(tmp_path, run):
    old = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "stores" / "v1.db", old)
    Store(old).customers()  # opening upgrades it; the first read fills the index (v6 made it again, for customer ids)
    with closing(sqlite3.connect(old)) as conn:
        rows = conn.execute("SELECT name, organisation, interviews, last_id, last_met, name_folded, organisation_folded"
                            " FROM customers ORDER BY name").fetchall()
        assert conn.execute("SELECT indexed_upto FROM customer_index").fetchone() == (3,)
    # his latest interview names no organisation; he is at the one his first named (people's, v6), and shown there
    assert rows == [("Piet Jansen", "Bakkerij Jansen", 2, 2, "2025-04-10", "piet jansen", "bakkerij jansen"),
                    ("Ëlla van Dijk", "Café Ëlla", 1, 3, "2026-11-23", "ella van dijk", "cafe ella")]
    assert [c["name"] for c in json.loads(run("list", "--json", "--search", "CAFE", "--db", str(old)).stdout)] == ["Ëlla van Dijk"]


def test_a_store_indexed_before_v13_shows_and_finds_each_customer_at_his_own_organisation(run, interviewed, db, monkeypatch):
    """Before v13 the index kept each customer's latest interview's organisation: one that named
    none left him without one in `list`, and `list --organisation` did not find him there. The
    upgrade gives the rows indexed already his own (people's), and the text index with them."""
    with monkeypatch.context() as m:
        m.setattr(store_db, "MIGRATIONS", MIGRATIONS[:NAMES.index("v13_customer_index_has_his_organisation")])
        interviewed("Lea Leeg", {"organisation": "Bakkerij Oud"})
        interviewed("Lea Leeg", {})
        interviewed("Els", {"organisation": "Café Els"})
        with closing(sqlite3.connect(db)) as conn, conn:  # Lea's row as klantprofiel before v13 indexed her
            conn.execute("UPDATE customers SET organisation = NULL, organisation_folded = NULL WHERE name = 'Lea Leeg'")
        assert [c["name"] for c in json.loads(run("list", "--organisation", "bakkerij", "--json").stdout)] == []
    with closing(sqlite3.connect(db)) as conn:
        before = conn.execute("SELECT * FROM customers WHERE name = 'Els'").fetchall()

    for args in (["--organisation", "bakkerij"], ["--search", "oud"], ["--search", "ak"]):  # upgraded by the first
        assert [(c["name"], c["organisation"]) for c in json.loads(run("list", *args, "--json").stdout)] == [("Lea Leeg", "Bakkerij Oud")]
    assert "v13_customer_index_has_his_organisation" in dict(recorded(db))
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT * FROM customers WHERE name = 'Els'").fetchall() == before  # the others as they were
        conn.execute("INSERT INTO customer_text (customer_text, rank) VALUES ('integrity-check', 1)")  # its text index agrees with the rows
