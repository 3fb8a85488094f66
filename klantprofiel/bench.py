"""Benchmark of import and export against their floors: `python -m klantprofiel.bench`.

Generates realistic import records and measures, in one run (so the machine's mood cancels
out of the ratios):

- import of N records (checked, profiled, stored) against the floor: `json.loads` per line
  plus one `executemany` of the raw lines into SQLite in one transaction; target <= 2x;
- peak memory of `klantprofiel import` (a subprocess) for N and for BIG records;
  target: BIG's peak <= 1.2x N's, because import streams;
- `export --format jsonl` of the N stored interviews against reading the rows with sqlite3
  and writing each with `json.dumps`; target <= 2x.

Each timing is the best of --repeat runs, floor and klantprofiel taking turns; the ratio of the
bests is what the targets are about, the median of the ratios within each turn is shown beside it.

`--scale` instead measures the everyday commands on stores of 1,000, 10,000 and 100,000
customers (each filled by import, then indexed by a first `list`, whose time is shown), each
command run as a user runs it (a subprocess, best of --repeat, the stores taking turns):

- `list`, `list --search`, `show NAME`, `show MISSPELT`, `brief NAME` on 100,000 customers at
  most 1.2x the same command on 1,000;
- `list --all --format jsonl` of 100,000 customers at most 2x a floor that reads the customers'
  rows with sqlite3 and writes each with `json.dumps` (a subprocess too), and its peak memory
  for 100,000 at most 1.2x that for 10,000.

`--map` instead measures an import through a column map (`import --map`): N records as a
CRM would export them (its own column names, labels for one choice question) against the same
records in klantprofiel's own CSV columns; target <= 1.2x, because the map is compiled once.

`--postgres URL` measures the same import and export on a PostgreSQL store too, in the same run
(a schema of its own in that database, `klantprofiel_bench`, made anew for each run and dropped at
the end: the database's other schemas are not touched): import against `json.loads` per line plus
one `COPY` of the raw lines through psycopg, export against reading the rows with psycopg and
`json.dumps`, both target <= 2x; and `show NAME` counts its round trips to the server for a
customer with 1 interview and with 50 (target: the same count, so no query per line or interview).

`--cpu` instead shows where an import's time goes, in one run: the CPU of the import's main
process and of its workers per record, beside the floor's, and the two parts no import can do
without: reading each line as JSON, and inserting the rows it ends with (taken from the store it
made) into an empty store. Two cores give at most twice one core's CPU, so the ratio an import can
reach is at best (main + workers) / 2 over the floor: the figures say which part keeps it there.
With `--postgres URL` a second table does the same for a PostgreSQL store (in the bench's schema,
as above), where the server's backend works for the import too: the floor's and the import's CPU
in this process, in the workers and in the backend of their connection, and the bound
(main + workers + server) / 2. The backend's CPU is read from /proc, so for a server on this
machine only; elsewhere the table says it cannot be read here and the bound leaves it out. It also
says whether the database had a session beside the import's one connection meanwhile.

`--startup` instead measures start-up and shell completion (which runs the program on every
Tab): `klantprofiel --version` and the completion of a customer's name and of `--set` against a
bare Typer app doing the same, target <= 1.2x; `--help`, `list` and `show` for reference.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import ipaddress
import itertools
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic_core import to_json

from klantprofiel import kinds
from klantprofiel.io.export import export
from klantprofiel.io.importer import import_records
from klantprofiel.io.readers import source
from klantprofiel.pronouns import PRONOUNS
from klantprofiel.questionset.load import load
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.store import Store
from klantprofiel.store.protocol import Store as AnyStore
from klantprofiel.store.rows import STORED_COLUMNS
from klantprofiel.who_when import MEETING_FIELDS

if TYPE_CHECKING:
    import psycopg

TARGETS = {"import": 2.0, "rss": 1.2, "export": 2.0, "command": 1.2, "jsonl": 2.0, "map": 1.2}
_WORDS = ("belt liever mailt graag koffie rapport cijfers grafieken demo snel kort uitgebreid techniek markt budget "
          "planning leverancier service prijs kwaliteit onderhoud garantie levertijd referenties collega directie "
          "één privé financiële café ’s-avonds").split()
"""Words of the free texts: Dutch, so with accents and a typographic apostrophe, as real notes have."""
_NAMES = ("Jan", "Piet", "Fatima", "Anne", "Bas", "Sanne", "Mohamed", "Els", "Kees", "Lotte", "Ahmed", "Ingrid")
_SURNAMES = ("de Vries", "Jansen", "Bakker", "El Amrani", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Yilmaz")


def realistic_records(qs: QuestionSet, n: int, seed: int = 4) -> Iterator[dict[str, Any]]:
    """Import records as a CRM or web form would send them: most questions answered, some
    "unknown", follow-up questions only when they apply, free text of a few words, and the
    customer written as he, she or by name (drawn apart, so the answers are those of a run without
    pronouns: export must render every voice, not only "hij")."""
    rnd = random.Random(seed)
    voices = random.Random(seed + 1)

    def text() -> str:
        return " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(3, 14))).capitalize() + "."

    for i in range(n):
        answers: dict[str, Any] = {}
        for q in qs.questions:
            if rnd.random() < 0.2 or (q.when and answers.get("other_advisors") != "yes"):
                continue
            answers[q.id] = kinds.of(q).sample(q, rnd, text)
        yield {
            "customer": {"name": f"{rnd.choice(_NAMES)} {rnd.choice(_SURNAMES)} {i}", "organisation": f"{rnd.choice(_SURNAMES)} {i % 997} B.V.",
                         "pronoun": voices.choice(PRONOUNS)},
            "interview": {"salesperson": rnd.choice(_NAMES), "meeting_date": f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                          "context": text(), "notes": text()},
            "answers": answers,
        }


def write_jsonl(path: Path, records: Iterator[dict[str, Any]]) -> None:
    with path.open("wb") as out:
        for record in records:
            out.write(to_json(record) + b"\n")


def timed(repeat: int, floor: Callable[[], float], ours: Callable[[], float]) -> dict[str, float]:
    """The floor and klantprofiel taking turns: the best time of each and their ratio (the
    target), and the median of the ratios within each turn, which shows how much the machine's
    load moved the best ones."""
    turns = [(floor(), ours()) for _ in range(repeat)]
    best_floor, best_ours = min(f for f, _ in turns), min(o for _, o in turns)
    return {"floor_s": best_floor, "klantprofiel_s": best_ours, "ratio": best_ours / best_floor,
            "median_turn_ratio": statistics.median(o / f for f, o in turns)}


def _fresh(path: Path) -> Path:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def import_floor(data: Path, db: Path) -> float:
    """json.loads per line, one executemany of the raw lines, one transaction."""
    conn = sqlite3.connect(_fresh(db), isolation_level=None)
    conn.execute("CREATE TABLE raw (line TEXT NOT NULL)")
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    with data.open(encoding="utf-8") as lines:
        conn.executemany("INSERT INTO raw (line) VALUES (?)", ((json.loads(line) and line,) for line in lines))
    conn.execute("COMMIT")
    took = time.perf_counter() - started
    conn.close()
    return took


def import_klantprofiel(data: Path, db: Path, qs: QuestionSet, crm_map: Path | None = None) -> float:
    """What `klantprofiel import FILE [--map MAP]` runs, in this process."""
    store = Store(_fresh(db))
    store.conn  # noqa: B018 - open (and create) the store outside the timing, as the floor does
    return _timed_import(store, data, qs, crm_map)["wall_s"]


def _timed_import(store: AnyStore, data: Path, qs: QuestionSet, crm_map: Path | None = None,
                  backend: _Backend | None = None) -> dict[str, Any]:
    """The import of `data` into an open store: what it spent (`_spent`); the store is closed after."""
    with _spent(backend) as spent:
        records = source(str(data), sys.stdin.buffer)
        try:
            if crm_map is not None:
                from klantprofiel.io.column_map import MappedSource, load_map
                summary = import_records(MappedSource(records, load_map(crm_map, lambda _: qs)), store, qs)
            else:
                summary = import_records(records, store, qs)
        finally:
            records.text.close()
    store.close()
    assert summary.stored == summary.read, summary
    return spent


def write_csv_pair(qs: QuestionSet, n: int, own: Path, crm: Path, crm_map: Path) -> None:
    """The same records twice: in our own CSV columns, and as a CRM exports them, with the map
    that reads the CRM's file."""
    import csv

    who = ["customer", "organisation", *MEETING_FIELDS]
    questions = [q.id for q in qs.questions]
    labelled = next(q for q in qs.questions if kinds.of(q).picks and not kinds.of(q).many)
    labels = {c.id: c.label("nl") for c in labelled.choices}
    crm_names = {c: f"CRM {c.replace('_', ' ').title()}" for c in who + questions}
    with own.open("w", newline="", encoding="utf-8") as a, crm.open("w", newline="", encoding="utf-8") as b:
        ours, theirs = csv.writer(a, delimiter=";"), csv.writer(b, delimiter=";")
        ours.writerow(who + questions)
        theirs.writerow([crm_names[c] for c in who + questions] + ["Email"])
        for i, record in enumerate(realistic_records(qs, n)):
            meta = {"customer": record["customer"]["name"], "organisation": record["customer"].get("organisation") or "",
                    **{k: v or "" for k, v in record.get("interview", {}).items()}}
            answers = record["answers"]
            cells = [meta.get(c, "") for c in who]
            cells += [";".join(v) if isinstance(v, list) else str(v) if v is not None else "" for v in (answers.get(q) for q in questions)]
            ours.writerow(cells)
            crm_cells = list(cells)
            at = len(who) + questions.index(labelled.id)
            crm_cells[at] = labels.get(crm_cells[at], crm_cells[at])
            theirs.writerow(crm_cells + [f"klant{i}@example.com"])
    mapped = "\n".join(f'{q} = "{crm_names[q]}"' for q in questions if q != labelled.id)
    values = ", ".join(f'"{label}" = "{cid}"' for cid, label in labels.items())
    crm_map.write_text(f'[customer]\nname = "{crm_names["customer"]}"\norganisation = "{crm_names["organisation"]}"\n'
                       "[interview]\n" + "\n".join(f'{c} = "{crm_names[c]}"' for c in who[2:]) + "\n"
                       f"[answers]\n{mapped}\n{labelled.id} = {{ column = \"{crm_names[labelled.id]}\", values = {{ {values} }} }}\n",
                       encoding="utf-8")


def export_floor(db: Path, out: Path) -> float:
    """Read the rows with sqlite3, write each with json.dumps."""
    conn = sqlite3.connect(db)
    _fresh(out)  # both write a new file: rewriting the last run's would time the file system
    started = time.perf_counter()
    _dump_rows(conn.execute(f"SELECT {', '.join(STORED_COLUMNS)} FROM interviews ORDER BY id"), out)
    took = time.perf_counter() - started
    conn.close()
    return took


def _dump_rows(rows: Iterable[tuple], out: Path) -> None:
    """The export floors' work: each stored row as a JSON object of its columns, a line each."""
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(dict(zip(STORED_COLUMNS, row)), ensure_ascii=False) + "\n")


def export_klantprofiel(db: Path, out: Path) -> float:
    """What `klantprofiel export --format jsonl -o FILE` runs, in this process."""
    return _timed_export(Store(db), out)


def _timed_export(store: AnyStore, out: Path) -> float:
    """`export --format jsonl` of an open store into a new file, timed; the store is closed after."""
    _fresh(out)
    started = time.perf_counter()
    with out.open("wb") as f:
        export(store, f, "jsonl")
    took = time.perf_counter() - started
    store.close()
    return took


def _cpu_s() -> tuple[float, float]:
    """CPU seconds so far of this process and of its children that ended (the import's workers)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def _proc_cpu_s(pid: int) -> tuple[str, float]:
    """The name and the CPU seconds so far (user + system: fields 14 and 15, in clock ticks) of
    process `pid`, from /proc/PID/stat; OSError where it cannot be read."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
    return name, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Backend:
    """The server process of a psycopg connection, seen from here: its CPU so far, and how many
    sessions its database has had (so a connection opened beside it shows). The CPU is read from
    /proc where the server runs on this machine (a Unix socket or a loopback address) and a
    postgres process of that number can be read; a server elsewhere numbers its processes apart."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn
        row = conn.execute("SELECT pg_backend_pid()").fetchone()
        self.pid = row[0] if row else 0
        info = conn.info
        try:
            here = info.host.startswith("/") or ipaddress.ip_address(info.hostaddr).is_loopback
            self.readable = here and _proc_cpu_s(self.pid)[0] == "postgres"
        except (OSError, ValueError):  # not readable; a hostaddr that is no address
            self.readable = False

    def spent(self) -> tuple[float | None, int]:
        """(CPU seconds of the server process so far, None where unreadable; sessions of its database)."""
        row = self.conn.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()").fetchone()
        return _proc_cpu_s(self.pid)[1] if self.readable else None, row[0] if row else 0


@contextlib.contextmanager
def _spent(backend: _Backend | None = None) -> Iterator[dict[str, Any]]:
    """Seconds the block took (`wall_s`) and spent: CPU of this process (`main_cpu_s`) and of its
    children that ended in it (`workers_cpu_s`: an import's workers), and with a `backend` that of
    its server process (`server_cpu_s`, None where it cannot be read from here) and the sessions
    its database opened meanwhile (`other_sessions`: connections beside it)."""
    spent: dict[str, Any] = {}
    me, children = _cpu_s()
    server, sessions = backend.spent() if backend else (None, 0)
    started = time.perf_counter()
    yield spent
    spent["wall_s"] = time.perf_counter() - started
    me_after, children_after = _cpu_s()
    server_after, sessions_after = backend.spent() if backend else (None, 0)
    spent.update(main_cpu_s=me_after - me, workers_cpu_s=children_after - children, other_sessions=sessions_after - sessions,
                 server_cpu_s=None if server is None or server_after is None else server_after - server)


def import_cpu(data: Path, work: Path, qs: QuestionSet) -> dict[str, float]:
    """Microseconds per record: wall and CPU of the floor and of the import (its main process
    and its workers), and the CPU of the two parts no import does without (see the docstring)."""
    n = sum(1 for _ in data.open("rb"))
    before = time.process_time()
    floor = import_floor(data, work / "floor.db")
    floor_cpu = time.process_time() - before
    me, children = _cpu_s()
    wall = import_klantprofiel(data, work / "cpu.db", qs)
    me_after, children_after = _cpu_s()
    before = time.process_time()
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            json.loads(line)
    parse = time.process_time() - before
    write = _write_again(work / "cpu.db", work / "rows.db")
    per = 1e6 / n
    return {"floor_wall_us": floor * per, "floor_cpu_us": floor_cpu * per, "import_wall_us": wall * per,
            "import_main_cpu_us": (me_after - me) * per, "import_workers_cpu_us": (children_after - children) * per,
            "json_loads_cpu_us": parse * per, "insert_rows_cpu_us": write * per}


def _write_again(made: Path, fresh: Path) -> float:
    """CPU seconds of inserting the people and interviews of store `made` into an empty store,
    as import does: a batch of each at a time, in one transaction, with import's page cache."""
    from klantprofiel.io.importer import IMPORT_BATCH
    from klantprofiel.store.imports import IMPORT_CACHE_KIB
    source = sqlite3.connect(made)
    columns = {table: [c for (c,) in source.execute("SELECT name FROM pragma_table_info(?)", (table,)) if (table, c) != ("interviews", "id")]
               for table in ("imports", "people", "interviews")}  # an interview's id is the new store's to give
    rows = {table: source.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY rowid").fetchall() for table, names in columns.items()}
    source.close()
    store = Store(_fresh(fresh))
    conn = store.conn
    sql = {table: f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})" for table, names in columns.items()}
    before = time.process_time()
    with store.transaction():
        conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        conn.executemany(sql["imports"], rows["imports"])  # the number the interviews carry
        for start in range(0, len(rows["interviews"]), IMPORT_BATCH):
            for table in ("people", "interviews"):
                conn.executemany(sql[table], rows[table][start:start + IMPORT_BATCH])
    took = time.process_time() - before
    store.close()
    return took


def report_cpu(r: dict[str, float]) -> None:
    best = (r["import_main_cpu_us"] + r["import_workers_cpu_us"]) / 2
    _per_record("per record", r["floor_wall_us"], [
        ("floor (json.loads + executemany of the lines)", r["floor_cpu_us"]), ("import: wall", r["import_wall_us"]),
        ("import: main process CPU", r["import_main_cpu_us"]), ("import: workers' CPU", r["import_workers_cpu_us"]),
        ("  at best on two cores: (main + workers) / 2", best), ("json.loads of each line alone", r["json_loads_cpu_us"]),
        ("inserting the final rows alone", r["insert_rows_cpu_us"])])


def _per_record(title: str, floor: float, lines: list[tuple[str, float | None]]) -> None:
    """A table of microseconds per record and their ratio to the floor's wall; None: unreadable here."""
    print(f"{title:54} {'us':>7}  x floor (wall {floor:.1f} us)")
    for label, us in lines:
        print(f"{label:54} " + (f"{us:7.1f}  {us / floor:5.2f}" if us is not None else "cannot be read from here (see below)"))


def pg_import_cpu(data: Path, url: str, qs: QuestionSet) -> dict[str, Any]:
    """`import_cpu` on PostgreSQL, in the bench's schema: microseconds per record of the floor and
    the import, each with the CPU of its server backend (None where that cannot be read from here),
    the bound on two cores, and the connections the import opened beside its store's."""
    n = sum(1 for _ in data.open("rb"))
    try:
        floor, ours = pg_import_floor(data, url), pg_import_klantprofiel(data, url, qs)
    finally:
        _pg_drop_bench(url)

    def us(seconds: float | None) -> float | None:
        return None if seconds is None else seconds * 1e6 / n
    parts = [ours["main_cpu_s"], ours["workers_cpu_s"], ours["server_cpu_s"]]
    return {"floor_wall_us": us(floor["wall_s"]), "floor_client_cpu_us": us(floor["main_cpu_s"]), "floor_server_cpu_us": us(floor["server_cpu_s"]),
            "import_wall_us": us(ours["wall_s"]), "import_main_cpu_us": us(ours["main_cpu_s"]), "import_workers_cpu_us": us(ours["workers_cpu_s"]),
            "import_server_cpu_us": us(ours["server_cpu_s"]), "import_two_cores_best_us": us(sum(p for p in parts if p is not None) / 2),
            "import_other_connections": ours["other_sessions"]}


def report_pg_cpu(r: dict[str, Any]) -> None:
    floor, server = r["floor_wall_us"], r["import_server_cpu_us"] is not None
    best = r["import_two_cores_best_us"]
    print()
    _per_record("PostgreSQL, per record", floor, [
        ("floor: client CPU (json.loads + COPY of the lines)", r["floor_client_cpu_us"]), ("floor: server backend CPU", r["floor_server_cpu_us"]),
        ("import: wall", r["import_wall_us"]), ("import: main process CPU", r["import_main_cpu_us"]),
        ("import: workers' CPU", r["import_workers_cpu_us"]), ("import: server backend CPU", r["import_server_cpu_us"]),
        (f"  at best on two cores: (main + workers{' + server' if server else ''}) / 2", best)])
    if not server:
        print("The server's CPU cannot be read from here (the server runs on another machine, or /proc does not show its process): "
              "the bound leaves it out.")
    others = r["import_other_connections"]
    print("The import's server backend is its store's one connection: the database had no other session meanwhile." if not others else
          f"The database had {others} other session(s) while the import ran: their server CPU is not in these figures.")
    if best / floor > TARGETS["import"]:
        print(f"At best {best / floor:.1f}x the floor on two cores, however well the work is spread over them: "
              f"the target of {TARGETS['import']}x takes less CPU.")


BENCH_SCHEMA = "klantprofiel_bench"


def _in_bench_schema(url: str) -> str:
    """The URL with the bench's schema as its search path (libpq's `options` parameter)."""
    from urllib.parse import quote
    return url + ("&" if "?" in url else "?") + "options=" + quote(f"-c search_path={BENCH_SCHEMA}", safe="")


def _pg_bench_target(url: str) -> str:
    """The URL of the bench's own schema in that database, made anew (empty)."""
    import psycopg
    _pg_drop_bench(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {BENCH_SCHEMA}")
    return _in_bench_schema(url)


def _pg_drop_bench(url: str) -> None:
    import psycopg
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {BENCH_SCHEMA} CASCADE")


def pg_import_floor(data: Path, url: str) -> dict[str, Any]:
    """json.loads per line, one COPY of the raw lines through psycopg, one transaction: what it
    spent (`_spent`), its server backend's CPU too."""
    import psycopg
    with psycopg.connect(_pg_bench_target(url)) as conn:
        conn.execute("CREATE TABLE raw (line text NOT NULL)")
        conn.commit()
        with _spent(_Backend(conn)) as spent:
            with conn.cursor() as cur, cur.copy("COPY raw (line) FROM STDIN") as copy, data.open(encoding="utf-8") as lines:
                for line in lines:
                    json.loads(line)
                    copy.write_row((line,))
            conn.commit()
        return spent


def pg_import_klantprofiel(data: Path, url: str, qs: QuestionSet) -> dict[str, Any]:
    """What `klantprofiel import FILE --db URL` runs, in this process, into an empty store: what it
    spent (`_spent`), the server backend of the store's connection too."""
    from klantprofiel.store.factory import store_at
    from klantprofiel.store.postgres.store import PostgresStore
    store = store_at(_pg_bench_target(url))
    assert isinstance(store, PostgresStore)
    store.kept_sets()  # connect and make the schema outside the timing, as the floor does
    return _timed_import(store, data, qs, backend=_Backend(store.conn))


def pg_export_floor(url: str, out: Path) -> float:
    """Read the rows with psycopg, write each with json.dumps."""
    import psycopg
    _fresh(out)
    with psycopg.connect(_in_bench_schema(url)) as conn:
        started = time.perf_counter()
        with conn.cursor(name="floor") as cur:
            cur.itersize = 2000
            cur.execute(f"SELECT {', '.join(STORED_COLUMNS)} FROM interviews ORDER BY id".encode())
            _dump_rows(cur, out)
        return time.perf_counter() - started


def pg_export_klantprofiel(url: str, out: Path) -> float:
    from klantprofiel.store.factory import store_at
    store = store_at(_in_bench_schema(url))
    store.kept_sets()
    return _timed_export(store, out)


def pg_show_round_trips(url: str, interviews: tuple[int, ...] = (1, 50)) -> dict[int, int]:
    """Statements `klantprofiel show NAME` sends to the server (server-side cursors' fetches
    counted too), for a customer with each number of interviews: bounded means the same count."""
    import contextlib
    import io

    import psycopg

    from klantprofiel.answers import Answers
    from klantprofiel.cli.app import app
    from klantprofiel.store.factory import store_at
    target = _pg_bench_target(url)
    store = store_at(target)
    qs = load()
    for n in interviews:
        for _ in range(n):
            store.save_interview(qs, Answers({"learning_mode": "listen"}, {"customer": f"Klant {n}", "notes": "een notitie"}))
    store.close()
    counted = {"n": 0}
    originals = {(cls, name): getattr(cls, name) for cls in (psycopg.Cursor, psycopg.ServerCursor) for name in ("execute", "fetchmany")}

    def counting(original: Callable[..., Any]) -> Callable[..., Any]:
        def call(*a: Any, **k: Any) -> Any:
            counted["n"] += 1
            return original(*a, **k)
        return call

    trips = {}
    for n in interviews:
        for (cls, name), original in originals.items():
            setattr(cls, name, counting(original))
        try:
            counted["n"] = 0
            with contextlib.redirect_stdout(io.StringIO()):
                app(["show", f"Klant {n}", "--db", target], standalone_mode=False)
            trips[n] = counted["n"]
        finally:
            for (cls, name), original in originals.items():
                setattr(cls, name, original)
    return trips


def postgres_bench(url: str, data: Path, work: Path, qs: QuestionSet, repeat: int, say: Callable[..., None]) -> dict[str, Any]:
    """Import, export and show's round trips on a PostgreSQL store (see the module's docstring)."""
    try:
        say("PostgreSQL: timing import (floor, klantprofiel) ...")
        imported = timed(repeat, lambda: pg_import_floor(data, url)["wall_s"], lambda: pg_import_klantprofiel(data, url, qs)["wall_s"])
        say("PostgreSQL: timing export (floor, klantprofiel) ...")
        exported = timed(repeat, lambda: pg_export_floor(url, work / "pg-floor.jsonl"), lambda: pg_export_klantprofiel(url, work / "pg-export.jsonl"))
        say("PostgreSQL: counting the round trips of show ...")
        return {"import": imported, "export": exported, "show_round_trips": pg_show_round_trips(url)}
    finally:
        _pg_drop_bench(url)


def peak_rss_mib(args: list[str]) -> tuple[float, float]:
    """(peak resident memory in MiB, seconds) of a subprocess, from its own rusage."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return usage.ru_maxrss / 1024, took


BARE_TYPER = """
import typer
app = typer.Typer()
def _version(value: bool) -> None:
    if value:
        print("bare 1.0")
        raise typer.Exit()
@app.callback()
def root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True)) -> None:
    pass
@app.command()
def show(name: str) -> None:
    print(name)
@app.command()
def other() -> None:
    pass
app(prog_name="klantprofiel")
"""
"""The floor of start-up and of shell completion: a Typer app with one command that takes a name."""
KLANTPROFIEL = "from klantprofiel.cli.app import app\napp(prog_name='klantprofiel')\n"
"""klantprofiel started the same way as the floor (a script file), so only the program differs."""


def _completing(words: str) -> dict[str, str]:
    """The environment bash's completion script sets when Tab is pressed after `words`."""
    return {"_KLANTPROFIEL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}


def startup(runs: int = 15) -> dict[str, float]:
    """Best wall time of each command, in seconds, on a throwaway store with a thousand customers,
    the commands taking turns. Shell completion runs the program on every Tab, so it and
    `--version` are measured against a bare Typer app doing the same (target <= 1.2x)."""
    with tempfile.TemporaryDirectory(prefix="klantprofiel-bench-") as tmp:
        env = {**os.environ, "KLANTPROFIEL_DB": str(Path(tmp) / "s.db")}
        cli = [sys.executable, "-m", "klantprofiel"]
        names = "".join(json.dumps({"customer": {"name": f"Piet {number:04}"}, "answers": {}}) + "\n" for number in range(1000))
        subprocess.run([*cli, "import", "-"], input=names.encode(), env=env, capture_output=True, check=True)
        bare, ours = Path(tmp) / "bare.py", Path(tmp) / "klantprofiel_app.py"
        bare.write_text(BARE_TYPER)
        ours.write_text(KLANTPROFIEL)
        commands = {"bare Typer --version": ([sys.executable, str(bare), "--version"], {}),
                    "klantprofiel --version": ([sys.executable, str(ours), "--version"], {}),
                    "bare Typer show <Tab>": ([sys.executable, str(bare)], _completing("klantprofiel show Pi")),
                    "klantprofiel show Piet 01<Tab>": ([sys.executable, str(ours)], _completing("klantprofiel show 'Piet 01")),
                    "klantprofiel interview --set <Tab>": ([sys.executable, str(ours)], _completing("klantprofiel interview --set ")),
                    "klantprofiel --help": ([*cli, "--help"], {}), "klantprofiel list": ([*cli, "list"], {}),
                    "klantprofiel show 'Piet 0001'": ([*cli, "show", "Piet 0001"], {})}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (command, extra) in commands.items():
                start = time.perf_counter()
                subprocess.run(command, env={**env, **extra}, capture_output=True, check=True)
                times[name].append(time.perf_counter() - start)
    return {name: min(t) for name, t in times.items()}


def startup_report(best: dict[str, float]) -> None:
    version, tab = best["bare Typer --version"], best["bare Typer show <Tab>"]
    for name, took in best.items():
        floor = tab if "<Tab>" in name else version
        print(f"{name:36} {took * 1000:6.0f} ms  {took / floor:4.2f}x the bare Typer app" + ("  (target <= 1.2)" if "--version" in name or "<Tab>" in name else ""))


SCALES = (1_000, 10_000, 100_000)
JSONL_FLOOR = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
columns = ("name", "organisation", "interviews", "last_interview", "known", "total", "last_met")
out = sys.stdout
for row in conn.execute(f"SELECT {', '.join(columns)} FROM customers ORDER BY last_met DESC, last_id DESC"):
    out.write(json.dumps(dict(zip(columns, row)), ensure_ascii=False) + "\\n")
"""
"""The floor of `list --all --format jsonl`: the customers' rows read and written, nothing else."""


def _run_s(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def _misspelt(name: str) -> str:
    """Two letters of the surname swapped: a typo that leaves the name near its place in the index."""
    first, rest = name.split(" ", 1)
    return f"{first} {rest[0]}{rest[2]}{rest[1]}{rest[3:]}"


def scale(work: Path, repeat: int, say: Callable[..., None]) -> dict[str, Any]:
    """The everyday commands on small and large stores; see the module's docstring."""
    qs = load()
    cli = [sys.executable, "-m", "klantprofiel"]
    stores: dict[int, Path] = {}
    results: dict[str, Any] = {"indexing_s": {}}
    for n in SCALES:
        data = work / f"scale-{n}.jsonl"
        say(f"building a store of {n} customers ...")
        write_jsonl(data, realistic_records(qs, n))
        stores[n] = _fresh(work / f"scale-{n}.db")
        import_klantprofiel(data, stores[n], qs)
        data.unlink()
        results["indexing_s"][n] = _run_s([*cli, "list", "--db", str(stores[n])])  # the first list takes the import in
    small, large = SCALES[0], SCALES[-1]
    sample = next(itertools.islice(realistic_records(qs, small), small // 2, None))  # in both stores: same seed, same first records
    name, organisation = sample["customer"]["name"], sample["customer"]["organisation"]
    commands = {"list": ["list"], "list --search": ["list", "--search", organisation.lower()[:-5]], "show NAME": ["show", name],
                "show MISSPELT": ["show", _misspelt(name)], "brief NAME": ["brief", name]}
    say(f"timing {', '.join(commands)} on {small} and {large} customers ...")
    for label, args in commands.items():
        run = {n: [*cli, *args, "--db", str(stores[n])] for n in (small, large)}
        if label.endswith("MISSPELT"):
            run = {n: ["sh", "-c", '"$@" || test $? = 1', "sh", *command] for n, command in run.items()}  # not found: exit code 1
        results[label] = timed(repeat, functools.partial(_run_s, run[small]), functools.partial(_run_s, run[large]))
    say(f"timing list --all --format jsonl of {large} customers against its floor, and its memory ...")
    jsonl = [*cli, "list", "--all", "--format", "jsonl", "--db"]
    results["jsonl"] = timed(repeat, lambda: _run_s([sys.executable, "-c", JSONL_FLOOR, str(stores[large])]),
                             lambda: _run_s([*jsonl, str(stores[large])]))
    rss = {n: peak_rss_mib([*jsonl, str(stores[n])])[0] for n in SCALES[1:]}
    results["rss"] = {f"{n}_mib": mib for n, mib in rss.items()} | {"ratio": rss[large] / rss[SCALES[1]]}
    return results


def report_scale(results: dict[str, Any]) -> None:
    small, large = SCALES[0], SCALES[-1]
    indexing = ", ".join(f"{n}: {s:.2f} s" for n, s in results["indexing_s"].items())
    print(f"{'first list after import':26} (takes the imported customers into the index) {indexing}")
    for label in ("list", "list --search", "show NAME", "show MISSPELT", "brief NAME"):
        r = results[label]
        verdict = "ok" if r["ratio"] <= TARGETS["command"] else "over target"
        print(f"{label:26} {small} customers {r['floor_s']:5.2f} s  {large} customers {r['klantprofiel_s']:5.2f} s  "
              f"ratio {r['ratio']:.2f} (target <= {TARGETS['command']}) {verdict}; median of the turns {r['median_turn_ratio']:.2f}")
    r = results["jsonl"]
    print(f"{'list --all --format jsonl':26} {large} customers: floor {r['floor_s']:5.2f} s  klantprofiel {r['klantprofiel_s']:5.2f} s  "
          f"ratio {r['ratio']:.2f} (target <= {TARGETS['jsonl']}) {'ok' if r['ratio'] <= TARGETS['jsonl'] else 'over target'}; "
          f"median of the turns {r['median_turn_ratio']:.2f}")
    rss = results["rss"]
    print(f"{'  its peak memory':26} {SCALES[1]} customers {rss[f'{SCALES[1]}_mib']:.0f} MiB, {large} customers {rss[f'{large}_mib']:.0f} MiB, "
          f"ratio {rss['ratio']:.2f} (target <= {TARGETS['rss']}) {'ok' if rss['ratio'] <= TARGETS['rss'] else 'over target'}")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m klantprofiel.bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000, help="N: records for the timings and the smaller memory run (default 100000)")
    parser.add_argument("--big", type=int, default=1_000_000, help="BIG: records for the larger memory run (default 1000000; 0 skips it)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each timing; the best counts (default 5)")
    parser.add_argument("--workdir", type=Path, help="where the files go (default: a temporary folder, removed afterwards)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--startup", action="store_true", help="measure start-up times only")
    parser.add_argument("--postgres", metavar="URL", help="also measure import, export and show on a PostgreSQL store in this database "
                                                          "(in a schema klantprofiel_bench of its own, dropped afterwards); "
                                                          "with --cpu, where its import's CPU goes, the server's included")
    parser.add_argument("--map", action="store_true", help="measure an import through a column map against the same import without one only")
    parser.add_argument("--scale", action="store_true", help="measure list, show and brief on 1,000 to 100,000 customers only")
    parser.add_argument("--cpu", action="store_true", help="show where the CPU of an import of N records goes only")
    args = parser.parse_args(argv)
    if args.records < 1 or args.repeat < 1 or args.big < 0:
        parser.error("--records and --repeat take a number of 1 or more, --big one of 0 or more")
    memory_run = not (args.startup or args.scale or args.map or args.cpu)  # the only one that reads --big
    if memory_run and args.big and args.big <= args.records:  # it compares a larger import with the smaller
        parser.error(f"--big takes more records than --records ({args.records}), or 0 to skip the larger memory run")
    if args.startup:
        best = startup(args.repeat * 3)
        if not args.json:
            startup_report(best)
        return {"startup_s": best}
    work = args.workdir or Path(tempfile.mkdtemp(prefix="klantprofiel-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    qs = load()
    say = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))
    try:
        if args.scale:
            scaled = scale(work, args.repeat, say)
            print(json.dumps(scaled, indent=2)) if args.json else report_scale(scaled)
            return scaled
        if args.map:
            own, crm, crm_map = work / "own.csv", work / "crm.csv", work / "crm.toml"
            say(f"writing {args.records} records twice, in our columns and a CRM's")
            write_csv_pair(qs, args.records, own, crm, crm_map)
            say("timing import (without a map, with one) ...")
            mapped = timed(args.repeat, lambda: import_klantprofiel(own, work / "own.db", qs),
                           lambda: import_klantprofiel(crm, work / "crm.db", qs, crm_map))
            verdict = "ok" if mapped["ratio"] <= TARGETS["map"] else "over target"
            print(json.dumps(mapped, indent=2) if args.json else
                  f"import --map {args.records} CSV rows: without {mapped['floor_s']:.2f} s, with the map {mapped['klantprofiel_s']:.2f} s, "
                  f"ratio {mapped['ratio']:.2f} (target <= {TARGETS['map']}) {verdict}; median of the turns {mapped['median_turn_ratio']:.2f}")
            return {"records": args.records, "map": mapped}
        small = work / f"records-{args.records}.jsonl"
        say(f"writing {args.records} records to {small}")
        write_jsonl(small, realistic_records(qs, args.records))
        if args.cpu:
            say("timing import, its floor and its parts ...")
            cpu = import_cpu(small, work, qs)
            pg = None
            if args.postgres:
                say("PostgreSQL: timing import and its floor, with their server backends ...")
                pg = pg_import_cpu(small, args.postgres, qs)
            if args.json:
                print(json.dumps({**cpu, "postgres": pg} if pg else cpu, indent=2))
            else:
                report_cpu(cpu)
                if pg:
                    report_pg_cpu(pg)
            return {"records": args.records, "cpu": cpu, "postgres": pg}
        db = work / "store.db"
        say("timing import (floor, klantprofiel) ...")
        imported = timed(args.repeat, lambda: import_floor(small, work / "floor.db"), lambda: import_klantprofiel(small, db, qs))
        say("timing export (floor, klantprofiel) ...")
        exported = timed(args.repeat, lambda: export_floor(db, work / "floor.jsonl"), lambda: export_klantprofiel(db, work / "export.jsonl"))
        cli = [sys.executable, "-m", "klantprofiel", "import"]
        say("measuring peak memory of klantprofiel import ...")
        rss_small, cli_small = peak_rss_mib([*cli, str(small), "--db", str(_fresh(work / "rss.db"))])
        results: dict[str, Any] = {
            "records": args.records,
            "import": {**imported, "cli_s_with_startup": cli_small},
            "export": exported,
            "rss": {f"{args.records}_mib": rss_small},
        }
        if args.postgres:
            results["postgres"] = postgres_bench(args.postgres, small, work, qs, args.repeat, say)
        if args.big:
            big = work / f"records-{args.big}.jsonl"
            say(f"writing {args.big} records to {big}")
            write_jsonl(big, realistic_records(qs, args.big))
            rss_big, cli_big = peak_rss_mib([*cli, str(big), "--db", str(_fresh(work / "rss.db"))])
            results["rss"].update({f"{args.big}_mib": rss_big, "ratio": rss_big / rss_small, f"cli_s_{args.big}": cli_big})
        report(results, say if not args.json else None)
        return results
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


def report(results: dict[str, Any], say: Callable[..., None] | None) -> None:
    if say is None:
        print(json.dumps(results, indent=2))
        return
    n = results["records"]
    rows = [("import", f"{n} records", results["import"]), ("export --format jsonl", f"{n} interviews", results["export"])]
    if "postgres" in results:
        pg = results["postgres"]
        rows = [(f"SQLite {name}", what, r) for name, what, r in rows]
        rows += [("PostgreSQL import", f"{n} records", pg["import"]), ("PostgreSQL export", f"{n} interviews", pg["export"])]
    for name, what, r in rows:
        kind = "import" if "import" in name else "export"
        verdict = "ok" if r["ratio"] <= TARGETS[kind] else "over target"
        print(f"{name:28} {what:>18}: floor {r['floor_s']:6.2f} s  klantprofiel {r['klantprofiel_s']:6.2f} s  "
              f"ratio {r['ratio']:.2f} (target <= {TARGETS[kind]}) {verdict}; median of the turns {r['median_turn_ratio']:.2f}")
    if "postgres" in results:
        trips = results["postgres"]["show_round_trips"]
        counts = ", ".join(f"{k} interview(s): {v}" for k, v in trips.items())
        print(f"{'PostgreSQL show NAME':28} {'round trips':>18}: {counts} ({'bounded: ok' if len(set(trips.values())) == 1 else 'grows with the history'})")
    rss = results["rss"]
    line = f"{'import peak memory':22} {'':>18}: {n} records {rss[f'{n}_mib']:.0f} MiB"
    if "ratio" in rss:
        big = next(k for k in rss if k.endswith("_mib") and k != f"{n}_mib")
        line += f", {big[:-4]} records {rss[big]:.0f} MiB, ratio {rss['ratio']:.2f} (target <= {TARGETS['rss']})"
        line += " ok" if rss["ratio"] <= TARGETS["rss"] else " over target"
    print(line)
    print(f"{'(klantprofiel import':22} {'':>18}  as a command, with start-up: {results['import']['cli_s_with_startup']:.2f} s)")


if __name__ == "__main__":
    main()
