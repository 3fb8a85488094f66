"""`python -m klantprofiel.bench --cpu`: its parts measure what they say."""

from __future__ import annotations

import os
import sqlite3

import pytest

from klantprofiel.bench import import_cpu, realistic_records, write_jsonl
from klantprofiel.questionset.load import load


def _rows(db, table, leave_out=()):
    conn = sqlite3.connect(db)
    names = [c for (c,) in conn.execute("SELECT name FROM pragma_table_info(?)", (table,)) if c not in leave_out]
    rows = conn.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY rowid").fetchall()
    conn.close()
    return rows


def test_the_rows_inserted_again_are_those_the_import_stored(tmp_path):
    """The "inserting the final rows alone" part inserts exactly what the import stored, no more."""
    data = tmp_path / "records.jsonl"
    write_jsonl(data, realistic_records(load(), 300))
    cpu = import_cpu(data, tmp_path, load())
    assert len(_rows(tmp_path / "cpu.db", "interviews")) == 300
    for table, leave_out in (("people", ()), ("interviews", ("id",)), ("imports", ())):
        assert _rows(tmp_path / "rows.db", table, leave_out) == _rows(tmp_path / "cpu.db", table, leave_out)
    assert set(cpu) == {"floor_wall_us", "floor_cpu_us", "import_wall_us", "import_main_cpu_us", "import_workers_cpu_us",
                        "json_loads_cpu_us", "insert_rows_cpu_us"}


def test_cpu_report_per_record(tmp_path, capsys):
    from klantprofiel.bench import main
    main(["--cpu", "--records", "200", "--workdir", str(tmp_path)])  # so few that no worker starts
    out = capsys.readouterr().out
    for label in ("import: main process CPU", "import: workers' CPU", "at best on two cores", "json.loads of each line alone",
                  "inserting the final rows alone"):
        line = next(line for line in out.splitlines() if label in line)
        us, times_floor = (float(x) for x in line.split()[-2:])
        assert (us, times_floor) == (0, 0) if "workers" in label else us > 0 and times_floor > 0


def _pg_url(pg_cluster, monkeypatch):
    """A new database on the session's server, whatever PG* variables the machine has."""
    from conftest import PG_ENVIRONMENT
    for name in PG_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    return pg_cluster.url(pg_cluster.new_database())


def _figures(out, title):
    """{label: (us, x floor)} of the table under `title`, up to the next blank line."""
    lines = out.split(title, 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    return {line[:54].strip(): tuple(float(x) for x in line.split()[-2:]) for line in lines if line[:54].strip() and line.split()[-1][-1].isdigit()}


def test_cpu_report_on_postgresql_adds_the_server_backend(pg_cluster, monkeypatch, tmp_path, capsys):
    """With --postgres the SQLite table comes first as before, then PostgreSQL's: the floor's and the
    import's CPU in this process, in the workers and in the server backend, and the bound on two
    cores counts all three. The database's other schemas are left as they were, the bench's is gone."""
    from klantprofiel.bench import BENCH_SCHEMA, main
    url = _pg_url(pg_cluster, monkeypatch)
    database = url.split("@/", 1)[1].split("?", 1)[0]
    with pg_cluster.admin(database) as conn:
        conn.execute("CREATE TABLE public.theirs (x int)")
    main(["--cpu", "--records", "5000", "--postgres", url, "--workdir", str(tmp_path)])  # more than LOCAL_BATCHES: workers start
    out = capsys.readouterr().out
    assert "at best on two cores: (main + workers) / 2" in _figures(out, "per record")
    pg = _figures(out, "PostgreSQL, per record")
    assert set(pg) == {"floor: client CPU (json.loads + COPY of the lines)", "floor: server backend CPU", "import: wall", "import: main process CPU",
                       "import: workers' CPU", "import: server backend CPU", "at best on two cores: (main + workers + server) / 2"}
    main_cpu, workers, server = (pg[f"import: {part}"][0] for part in ("main process CPU", "workers' CPU", "server backend CPU"))
    best = pg["at best on two cores: (main + workers + server) / 2"][0]
    assert main_cpu > 0 and workers > 0 and server > 0
    assert best >= max(main_cpu, workers, server) / 2 and abs(best - (main_cpu + workers + server) / 2) < 0.2
    assert pg["import: wall"][0] >= best * 0.5 and pg["floor: client CPU (json.loads + COPY of the lines)"][0] > 0
    assert "its store's one connection: the database had no other session meanwhile" in out
    with pg_cluster.admin(database) as conn:
        schemas = {name for (name,) in conn.execute("SELECT nspname FROM pg_namespace")}
        assert BENCH_SCHEMA not in schemas and conn.execute("SELECT count(*) FROM public.theirs").fetchone() == (0,)


def test_a_server_whose_process_cannot_be_read_is_left_out_of_the_bound(pg_cluster, monkeypatch, tmp_path, capsys):
    """/proc not readable (another machine's server, or a process hidden from us): --json says None
    for the server's figures, the bound is (main + workers) / 2, and the table says why."""
    from klantprofiel import bench

    def unreadable(pid):
        raise PermissionError(f"/proc/{pid}/stat")
    monkeypatch.setattr(bench, "_proc_cpu_s", unreadable)
    url = _pg_url(pg_cluster, monkeypatch)
    pg = bench.main(["--cpu", "--json", "--records", "300", "--postgres", url, "--workdir", str(tmp_path)])["postgres"]
    assert '"import_server_cpu_us": null' in capsys.readouterr().out
    assert pg["floor_server_cpu_us"] is None and pg["import_server_cpu_us"] is None and pg["import_main_cpu_us"] > 0
    assert pg["import_two_cores_best_us"] == (pg["import_main_cpu_us"] + pg["import_workers_cpu_us"]) / 2
    bench.report_pg_cpu(pg)
    out = capsys.readouterr().out
    assert "import: server backend CPU" in out and "at best on two cores: (main + workers) / 2" in out
    assert "The server's CPU cannot be read from here" in out and "the bound leaves it out" in out


class _Connection:
    """Enough of a psycopg connection for `_Backend`: a server at `host`, whose backend is `pid`."""

    def __init__(self, host, hostaddr, pid):
        self.info = type("Info", (), {"host": host, "hostaddr": hostaddr})()
        self.pid = pid

    def execute(self, sql):
        return type("Cursor", (), {"fetchone": lambda _: (self.pid,)})()


@pytest.mark.parametrize("host, hostaddr, pid", [
    ("db.example.com", "192.0.2.7", 1),  # another machine: its process 1 is not the one /proc/1 shows
    ("/tmp/socket-folder", "", os.getpid()),  # a process of this machine, but no postgres
])
def test_the_server_process_is_read_only_where_it_is_the_server(host, hostaddr, pid):
    from klantprofiel.bench import _Backend
    assert not _Backend(_Connection(host, hostaddr, pid)).readable


def test_a_connection_opened_beside_the_measured_one_is_counted(pg_cluster, monkeypatch):
    import psycopg

    from klantprofiel.bench import _Backend, _spent
    url = _pg_url(pg_cluster, monkeypatch)
    with psycopg.connect(url, autocommit=True) as conn:
        backend = _Backend(conn)
        assert backend.readable
        with _spent(backend) as alone:
            conn.execute("SELECT 1")
        with _spent(backend) as beside:
            psycopg.connect(url).close()
    assert (alone["other_sessions"], beside["other_sessions"]) == (0, 1)
