"""`python -m klantprofiel.bench --cpu`: its parts measure what they say."""

from __future__ import annotations

import sqlite3

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
