"""`list` says of each customer what his interviews say, after every change that adds, removes or
moves interviews, on either store: SQLite's customer index and PostgreSQL's customer_lines are
kept by the store, not computed by `list`, so each way of changing the interviews is tried here."""

from __future__ import annotations

import json

from klantprofiel import bench
from klantprofiel.questionset.load import load


def derived(run) -> dict[str, dict]:
    """Per customer id, what his stored interviews (the JSON export) give for his line in `list`."""
    records = [json.loads(line) for line in run("export", "--format", "jsonl", "-o", "-").stdout.splitlines()]
    lines: dict[str, dict] = {}
    for r in sorted(records, key=lambda r: r["interview"]["id"]):
        meta, cid = r["interview"], r["customer"]["id"]
        line = lines.setdefault(cid, {"interviews": 0, "last_met": ""})
        line.update(id=cid, name=r["customer"]["name"], organisation=r["customer"]["organisation"], interviews=line["interviews"] + 1,
                    last_interview=meta["created_at"], known=r["profile"]["knownness"]["known"], total=r["profile"]["knownness"]["total"],
                    last_met=max(line["last_met"], meta.get("meeting_date") or meta["created_at"][:10]))
    return lines


def listed(run) -> dict[str, dict]:
    fields = ("id", "name", "organisation", "interviews", "last_interview", "known", "total", "last_met")
    found = [json.loads(line) for line in run("list", "--format", "jsonl").stdout.splitlines()]
    return {c["id"]: {f: c[f] for f in fields} for c in found if c["interviews"]}


LINES_FROM_INTERVIEWS = ("SELECT customer_key, count(*), max(id), max(coalesce(meeting_date, substr(created_at, 1, 10)))"
                        " FROM interviews GROUP BY customer_key ORDER BY 1")


def kept_lines(backend) -> list[tuple] | None:
    """PostgreSQL's customer_lines, checked against what its interviews give (list's joins would
    hide a line left behind for a customer who is gone); None on SQLite."""
    if backend.kind != "postgresql":
        return None
    with backend.cluster.admin(backend.database) as conn:
        kept = conn.execute("SELECT customer_key, interviews, last_id, last_met FROM customer_lines ORDER BY 1").fetchall()
        assert kept == conn.execute(LINES_FROM_INTERVIEWS).fetchall()
    return kept


def agree(run, backend=None) -> dict[str, dict]:
    want = derived(run)
    assert listed(run) == want
    if backend is not None:
        kept_lines(backend)
    page = [json.loads(line) for line in run("list", "--format", "jsonl", "--limit", "3").stdout.splitlines()]
    newest = sorted(want.values(), key=lambda c: c["last_met"], reverse=True)[:3]
    assert [c["last_met"] for c in page] == [c["last_met"] for c in newest]  # the page: the newest met first
    assert f"1 van {len(want)} klanten" in run("list", "--limit", "1").stderr  # and the count beside it
    return want


def test_list_follows_every_change_of_the_interviews(backend, run, interviewed, tmp_path):
    qs = load()
    interviewed("Ans Bakker", {"learning_mode": "listen", "meeting_date": "2024-03-01"})
    interviewed("Ans Bakker", {"learning_mode": "both", "meeting_date": "2024-01-15"})  # later stored, met earlier
    interviewed("Piet Jansen", {"learning_mode": "think_along"})
    agree(run, backend)

    records = list(bench.realistic_records(qs, 6))
    for record, name in zip(records, ["Carla de Wit", "Carla de Wit", "Ans Bakker", "Dirk Smit", "Eva Mol", "Eva Mol"]):
        record["customer"] = {"name": name, "organisation": None if name == "Ans Bakker" else f"{name.split()[-1]} BV"}
    file = tmp_path / "crm.jsonl"
    file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert run("import", str(file)).exit_code == 0
    agree(run, backend)
    again = json.loads(run("import", str(file), "--existing", "replace", "--json").stderr.splitlines()[-1])  # the summary: the last event
    assert again["replaced"] > 0
    agree(run, backend)
    assert run("import", "--undo", str(again["import_id"]), "--yes").exit_code == 0  # the replaced ones come back, under their own ids
    agree(run, backend)
    ans = next(c for c in agree(run, backend).values() if c["name"] == "Ans Bakker")
    latest = max(json.loads(line)["interview"]["id"] for line in run("export", "--format", "jsonl", "-o", "-").stdout.splitlines()
                 if json.loads(line)["customer"]["id"] == ans["id"])
    assert run("delete", "--interview", str(latest), "--yes").exit_code == 0  # her line goes back to the one before
    agree(run, backend)
    assert run("delete", "Piet Jansen", "--yes").exit_code == 0
    assert run("rename", "Carla de Wit", "Karla de Wit").exit_code == 0
    after = agree(run, backend)
    assert "Piet Jansen" not in {c["name"] for c in after.values()} and "Karla de Wit" in {c["name"] for c in after.values()}
    assert next(c for c in after.values() if c["name"] == "Ans Bakker")["interviews"] == ans["interviews"] - 1 == 2


def test_a_team_store_from_before_gets_its_lines_from_the_interviews_it_holds(pg_cluster, monkeypatch):
    """Migration v6 fills customer_lines from the interviews already stored (here: a store whose
    v6 is taken back, as a klantprofiel before it left the database)."""
    from conftest import PG_ENVIRONMENT

    from klantprofiel.answers import Answers
    from klantprofiel.store.factory import store_at
    for name in PG_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    database = pg_cluster.new_database()
    url = pg_cluster.url(database)
    store, qs = store_at(url), load()
    for name, date in [("Ans", "2024-01-02"), ("Piet", "2024-05-06"), ("Ans", "2023-12-31")]:
        store.save_interview(qs, Answers({"learning_mode": "listen"}, {"customer": name, "meeting_date": date}))
    before = [(c.name, c.interviews, c.last_met) for c in store.customers()]
    store.close()
    with pg_cluster.admin(database) as conn:
        conn.execute("DROP TABLE customer_lines")
        conn.execute("DROP FUNCTION customer_lines_again, customer_lines_arrived, customer_lines_gone, customer_lines_changed CASCADE")
        conn.execute("DELETE FROM migrations WHERE name = 'v6_customer_lines'")
    again = store_at(url)
    assert [(c.name, c.interviews, c.last_met) for c in again.customers()] == before == [("Piet", 1, "2024-05-06"), ("Ans", 2, "2024-01-02")]
    again.close()


def test_a_page_of_list_on_postgresql_reads_a_page_of_interviews(pg_cluster, monkeypatch, tmp_path):
    """The page is read down customer_lines' index, not by counting every customer's interviews:
    the server reads about as many interviews as the page shows, however many it holds."""
    from conftest import PG_ENVIRONMENT

    from klantprofiel.store.factory import store_at
    from klantprofiel.store.postgres.store import _SORTS, _SUMMARIES
    for name in PG_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    database = pg_cluster.new_database()
    data = tmp_path / "records.jsonl"
    bench.write_jsonl(data, bench.realistic_records(load(), 3000))
    store = store_at(pg_cluster.url(database))
    bench._timed_import(store, data, load())
    with pg_cluster.admin(database) as conn:
        conn.execute("ANALYZE")
        plan = conn.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {_SUMMARIES} WHERE TRUE ORDER BY {_SORTS['last']} LIMIT 20").fetchone()[0]

    def read(node, table):
        here = node.get("Actual Rows", 0) * node.get("Actual Loops", 1) if node.get("Relation Name") == table else 0
        return here + sum(read(child, table) for child in node.get("Plans", []))
    assert read(plan[0]["Plan"], "interviews") <= 40 and read(plan[0]["Plan"], "customer_lines") <= 40


def test_a_store_copied_to_postgresql_lists_the_same_and_its_lines_follow_any_update(run, pg_cluster, monkeypatch, tmp_path):
    """`store copy` writes the interviews in batches (each COPY a statement of its own), and the
    lines are made by the triggers, not copied. An UPDATE of what a line is made of (no command
    makes one today) is followed too."""
    from backends import PostgresBackend
    from conftest import PG_ENVIRONMENT
    for name in PG_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    source = tmp_path / "own.db"
    data = tmp_path / "records.jsonl"
    bench.write_jsonl(data, bench.realistic_records(load(), 2500))
    assert run("import", str(data), "--db", str(source)).exit_code == 0
    database = pg_cluster.new_database()
    target = PostgresBackend(pg_cluster.url(database), pg_cluster, database)
    assert run("store", "copy", str(source), target.url).exit_code == 0
    monkeypatch.setenv("KLANTPROFIEL_DB", target.url)
    assert listed(run) == derived(run) and len(kept_lines(target)) == 2500
    monkeypatch.setenv("KLANTPROFIEL_DB", str(source))
    assert listed(run) == derived(run)
    monkeypatch.setenv("KLANTPROFIEL_DB", target.url)
    with pg_cluster.admin(database) as conn:
        conn.execute("UPDATE interviews SET meeting_date = '2031-01-01' WHERE id = 7")
        conn.execute("UPDATE interviews SET customer_key = (SELECT customer_key FROM interviews WHERE id = 8) WHERE id = 9")
    lines = kept_lines(target)
    assert ("2031-01-01" in {line[3] for line in lines}) and len(lines) == 2499
