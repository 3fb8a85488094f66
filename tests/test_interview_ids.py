"""An interview's id is never handed out twice, on either store: after the latest interview is
deleted, or an import undone, the next one gets a new number, so `show 17` never shows another
interview than the one noted as 17. An SQLite store from before keeps its ids and its feedback
when it is made to count this way, and `store copy` carries how far the counters went."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from klantprofiel.store import Store
from klantprofiel.store import db as store_db
from klantprofiel.store.migrations import MIGRATIONS, name_of

from helpers import failed_cleanly

BEFORE_V12 = MIGRATIONS[:[name_of(step) for step in MIGRATIONS].index("v12_interview_ids_never_reused")]
"""The migrations of a store from before interview ids were never reused (v11), whatever came after v12."""

EXAMPLES = Path(__file__).parents[1] / "examples"


def saved_as(result) -> int:
    """The interview id the saved line names ("Opgeslagen als interview 3 van ...")."""
    assert result.exit_code == 0, result.stderr
    return int(" ".join(result.stderr.split()).split("Opgeslagen als interview ")[1].split()[0])


def interview(run, name: str, *extra: str) -> int:
    return saved_as(run("interview", name, "--answers", "-", *extra, input=json.dumps({"learning_mode": "listen"})))


def exported_ids(run, *extra: str) -> list[int]:
    return [json.loads(line)["interview"]["id"] for line in run("export", "-o", "-", *extra).stdout.splitlines()]


def test_the_id_of_a_deleted_latest_interview_is_not_given_again(run, backend):
    assert [interview(run, name) for name in ("Ans", "Bram", "Cor")] == [1, 2, 3]
    assert run("delete", "Cor", "--yes").exit_code == 0
    assert interview(run, "Dirk") == 4
    assert "'3'" in failed_cleanly(run("show", "3"), 1)  # nobody: not Dirk's interview
    assert json.loads(run("show", "4", "-f", "json").stdout)["customer"]["name"] == "Dirk"


def test_the_ids_of_an_undone_import_are_not_given_again(run, backend):
    interview(run, "Ans")
    assert run("import", str(EXAMPLES / "import.jsonl")).exit_code == 0
    imported = exported_ids(run)[1:]
    assert imported and imported[0] == 2
    assert run("import", "--undo", "1", "--yes").exit_code == 0
    assert exported_ids(run) == [1]
    assert interview(run, "Bram") == imported[-1] + 1
    assert run("import", str(EXAMPLES / "import.jsonl")).exit_code == 0
    assert min(exported_ids(run)[2:]) == imported[-1] + 2


def _interviews_schema(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return sorted(conn.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'interviews' AND type != 'table'"))


def _everything(path: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as conn:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in ("interviews", "feedback", "people")}


def test_an_sqlite_store_from_before_keeps_its_interviews_and_feedback_and_stops_reusing_ids(run, tmp_path, monkeypatch):
    old = tmp_path / "v11.db"
    monkeypatch.setenv("KLANTPROFIEL_DB", str(old))
    with monkeypatch.context() as m:
        m.setattr(store_db, "MIGRATIONS", BEFORE_V12)
        for name in ("Ans", "Bram", "Cor"):
            interview(run, name)
        for name in ("Ans", "Cor"):
            assert run("feedback", name, "kennismaking.do_clear_story", "wrong", "--note", f"niet bij {name}").exit_code == 0
    before = _everything(old)
    assert len(before["feedback"]) == 2
    fresh = tmp_path / "new.db"
    Store(fresh).customers()

    Store(old).customers()  # upgraded
    assert _everything(old) == before
    assert _interviews_schema(old) == _interviews_schema(fresh)  # its indexes and the trigger that keeps list's lines
    with closing(sqlite3.connect(old)) as conn:
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (0,)  # a new connection's default: nothing was left on
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert run("delete", "Cor", "--yes").exit_code == 0
    assert _everything(old)["feedback"] == before["feedback"][:1]  # his went with him, hers stayed
    assert interview(run, "Dirk") == 4
    listed = json.loads(run("list", "--json").stdout)
    assert sorted(c["name"] for c in listed) == ["Ans", "Bram", "Dirk"]


def test_a_view_or_trigger_of_the_users_that_reads_interviews_still_reads_them_after_the_upgrade(run, tmp_path, monkeypatch):
    old = tmp_path / "v11.db"
    monkeypatch.setenv("KLANTPROFIEL_DB", str(old))
    with monkeypatch.context() as m:
        m.setattr(store_db, "MIGRATIONS", BEFORE_V12)
        interview(run, "Ans")
        interview(run, "Bram")
    with closing(sqlite3.connect(old)) as conn, conn:  # a report and a check someone added by hand
        conn.execute("CREATE VIEW per_set AS SELECT question_set, count(*) AS n FROM interviews GROUP BY question_set")
        conn.execute("CREATE TRIGGER feedback_on_a_stored_interview BEFORE INSERT ON feedback"
                     " WHEN NOT EXISTS (SELECT 1 FROM interviews WHERE id = new.interview_id) BEGIN SELECT RAISE(ABORT, 'no interview'); END")

    assert run("list").exit_code == 0  # upgraded
    assert run("feedback", "Ans", "kennismaking.do_clear_story", "wrong").exit_code == 0
    assert interview(run, "Cor") == 3
    with closing(sqlite3.connect(old)) as conn:
        assert conn.execute("SELECT * FROM per_set").fetchall() == [("kennismaking", 3)]
        assert conn.execute("SELECT count(*) FROM feedback").fetchone() == (1,)
        assert "AUTOINCREMENT" in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'interviews'").fetchone()[0]


def test_a_copy_keeps_the_ids_deleted_interviews_had_unused_both_ways(run, backend, pg_cluster, tmp_path):
    for name in ("Ans", "Bram", "Cor"):
        interview(run, name)
    assert run("delete", "Cor", "--yes").exit_code == 0
    there = str(tmp_path / "kopie.db") if backend.kind == "postgresql" else pg_cluster.url(pg_cluster.new_database())
    back = str(tmp_path / "terug.db") if backend.kind == "sqlite" else pg_cluster.url(pg_cluster.new_database())
    assert run("store", "copy", backend.url, there).exit_code == 0
    assert run("store", "copy", there, back).exit_code == 0
    for copy in (there, back):
        assert exported_ids(run, "--db", copy) == [1, 2]
    assert interview(run, "Dirk", "--db", there) == 4
    assert interview(run, "Dirk", "--db", back) == 4
    assert interview(run, "Eva") == 4  # the source goes on as it was


def imported_as(result) -> int:
    """The import's number its summary names ("…, import 2 (ongedaan maken: …)")."""
    assert result.exit_code == 0, result.stderr
    return int(" ".join(result.stderr.split()).split(" (ongedaan maken: klantprofiel import --undo ")[1].split(")")[0])


def test_a_copy_into_a_store_whose_customers_were_all_erased_gives_none_of_its_ids_again(run, backend, pg_cluster, tmp_path):
    # the destination: a team's store tried out and emptied again, keeping its set copy and its imports' list
    assert imported_as(run("import", str(EXAMPLES / "import.jsonl"))) == 1
    assert run("import", "--undo", "1", "--yes").exit_code == 0
    assert imported_as(run("import", str(EXAMPLES / "import.jsonl"))) == 2  # interviews 4 to 6
    for customer in json.loads(run("list", "--json").stdout):
        assert run("delete", customer["id"], "--yes").exit_code == 0
    assert json.loads(run("list", "--json").stdout) == []
    source = str(tmp_path / "laptop.db") if backend.kind == "postgresql" else pg_cluster.url(pg_cluster.new_database())
    assert imported_as(run("import", str(EXAMPLES / "import.jsonl"), "--db", source)) == 1
    interview(run, "Ans", "--db", source)

    copied = run("store", "copy", source, backend.url)
    assert copied.exit_code == 0, copied.stderr
    assert exported_ids(run) == [1, 2, 3, 4]  # the source's, as they were
    assert interview(run, "Bram") == 7  # past the destination's own 6
    assert imported_as(run("import", str(EXAMPLES / "import.jsonl"))) == 3
    assert run("import", "--undo", "1", "--yes").exit_code == 0  # the source's import, copied
    assert sorted(c["name"] for c in json.loads(run("list", "--json").stdout))[0] == "Ans"


def test_a_role_that_may_only_read_the_tables_can_still_copy_the_store_out(run, pg_cluster, tmp_path):
    database = pg_cluster.new_database()
    team = pg_cluster.url(database)
    for name in ("Ans", "Bram"):
        interview(run, name, "--db", team)
    with pg_cluster.admin() as conn:
        conn.execute("CREATE ROLE kp_reader LOGIN")
    with pg_cluster.admin(database) as conn:  # no rights on the id counters
        conn.execute("GRANT USAGE ON SCHEMA public TO kp_reader")
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO kp_reader")
    copy = str(tmp_path / "kopie.db")
    copied = run("store", "copy", pg_cluster.url(database, role="kp_reader"), copy)
    assert copied.exit_code == 0, copied.stderr
    assert exported_ids(run, "--db", copy) == exported_ids(run, "--db", team) == [1, 2]
