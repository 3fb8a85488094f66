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


def agree(run) -> dict[str, dict]:
    want = derived(run)
    assert listed(run) == want
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
    agree(run)

    records = list(bench.realistic_records(qs, 6))
    for record, name in zip(records, ["Carla de Wit", "Carla de Wit", "Ans Bakker", "Dirk Smit", "Eva Mol", "Eva Mol"]):
        record["customer"] = {"name": name, "organisation": None if name == "Ans Bakker" else f"{name.split()[-1]} BV"}
    file = tmp_path / "crm.jsonl"
    file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert run("import", str(file)).exit_code == 0
    agree(run)
    again = json.loads(run("import", str(file), "--existing", "replace", "--json").stderr.splitlines()[-1])  # the summary: the last event
    assert again["replaced"] > 0
    agree(run)
    assert run("import", "--undo", str(again["import_id"]), "--yes").exit_code == 0  # the replaced ones come back, under their own ids
    agree(run)
    assert run("delete", "Piet Jansen", "--yes").exit_code == 0
    assert run("rename", "Carla de Wit", "Karla de Wit").exit_code == 0
    after = agree(run)
    assert "Piet Jansen" not in {c["name"] for c in after.values()} and "Karla de Wit" in {c["name"] for c in after.values()}
    ans = next(c for c in after.values() if c["name"] == "Ans Bakker")
    assert ans["interviews"] == 3


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
