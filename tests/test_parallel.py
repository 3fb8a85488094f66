"""Batch import and export in worker processes give exactly what they give in one process."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from klantprofiel.bench import realistic_records, write_jsonl
from klantprofiel.io import export, importer, parallel
from klantprofiel.io.profile_json import ProfileJson
from klantprofiel.questionset.load import load
from klantprofiel.store import Store

from helpers import children, failed_cleanly


def test_ordered_keeps_the_order_and_pairs_each_batch_with_its_result(monkeypatch):
    monkeypatch.setattr(parallel, "LOCAL_BATCHES", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    batches = [[i, i + 1] for i in range(0, 40, 2)]
    assert list(parallel.ordered(sum, batches, part=lambda b: [x * 10 for x in b])) == [(b, 10 * sum(b)) for b in batches]


def _import(run, tmp_path, name, records):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    db = tmp_path / name
    result = run("import", str(path), "--skip-invalid", "--db", str(db), "--json")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT customer, organisation, answers, known, total FROM interviews ORDER BY id").fetchall()
    problems = [e for e in map(json.loads, result.stderr.splitlines()) if e["event"] == "problem"]
    return result.exit_code, rows, problems


@pytest.mark.skipif(parallel.workers() < 1, reason="worker processes need fork (Linux)")
def test_import_in_workers_equals_import_in_process(run, tmp_path, monkeypatch):
    records = [{"customer": {"name": f"Klant {i}", "organisation": "X" if i % 2 else None},
                "answers": {"learning_mode": ["listen", "lisen", "both"][i % 3], "advice_uptake": i % 5 + 1, "knowledge": f"tekst {i}"}}
               for i in range(60)]
    alone = _import(run, tmp_path, "alone.db", records)
    monkeypatch.setattr(importer, "IMPORT_BATCH", 4)
    monkeypatch.setattr(parallel, "LOCAL_BATCHES", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    together = _import(run, tmp_path, "workers.db", records)
    assert together == alone
    assert alone[0] == 1 and len(alone[1]) == 40 and [p["line"] for p in alone[2]] == list(range(2, 61, 3))


EXAMPLES = [json.loads(line) for line in (Path(__file__).parents[1] / "examples" / "import.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def mixed(run, tmp_path):
    """A store of 60 interviews, the default set and another taking turns, so batches mix sets."""
    records = []
    for i in range(60):
        record = dict(EXAMPLES[i % 3], customer={"name": f"Klant {i}", "organisation": "Zorggroep « Oost »"})
        records.append(record if i % 4 else {"customer": {"name": f"Klant {i}"}, "question_set": "twijfels", "answers": {}})
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    assert run("import", str(path)).exit_code == 0


def _in_workers(monkeypatch):
    monkeypatch.setattr(export, "EXPORT_BATCH", 4)
    monkeypatch.setattr(parallel, "LOCAL_BATCHES", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)


@pytest.mark.skipif(parallel.workers() < 1, reason="worker processes need fork (Linux)")
@pytest.mark.parametrize("fmt", ["jsonl", "json"])
@pytest.mark.parametrize("sets_kept", [True, False], ids=["sets-inherited", "sets-handed-over"])
def test_export_in_workers_writes_what_one_process_writes(run, mixed, tmp_path, monkeypatch, fmt, sets_kept):
    alone = run("export", "--format", fmt)
    assert alone.exit_code == 0 and alone.stdout_bytes.count(b'"name":"Klant ') == 60
    _in_workers(monkeypatch)
    if not sets_kept:  # a set only the main process has met: it goes along with the batches
        monkeypatch.setattr(Store, "kept_sets", lambda self: [])
    result = run("export", "--format", fmt, "-o", str(tmp_path / f"out.{fmt}"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / f"out.{fmt}").read_bytes() == alone.stdout_bytes


@pytest.mark.skipif(parallel.workers() < 1, reason="worker processes need fork (Linux)")
def test_a_failing_worker_stops_the_export_and_leaves_no_file(run, mixed, tmp_path, monkeypatch):
    _in_workers(monkeypatch)
    render = ProfileJson.render

    def failing(self, rows):
        if any(row[0] == 50 for row in rows):
            raise ValueError("rendering interview 50 failed")
        return render(self, rows)

    monkeypatch.setattr(ProfileJson, "render", failing)
    stderr = failed_cleanly(run("export", "-o", str(tmp_path / "out.jsonl")), 70)
    assert "klantprofiel liep tegen een fout in zichzelf aan (ValueError)" in stderr and "interview 50" not in stderr
    result = run("--traceback", "export", "-o", str(tmp_path / "out.jsonl"))
    assert isinstance(result.exception, ValueError) and "interview 50" in str(result.exception)
    assert list(tmp_path.glob("out.jsonl*")) == [] and list(tmp_path.glob(".klantprofiel-*")) == []


@pytest.mark.skipif(parallel.workers() < 1, reason="worker processes need fork (Linux)")
def test_export_in_workers_into_a_pipe_closed_early_ends_at_once_and_says_so(mixed, tmp_path):
    """`klantprofiel export | head -3`: the workers' writes fail; the command ends at once, with one
    line and exit 1 (its output was not all written)."""
    script = ("import sys; from klantprofiel.io import export, parallel; export.EXPORT_BATCH = 4; parallel.LOCAL_BATCHES = 1; "
              "parallel.workers = lambda: 2; from klantprofiel.cli.app import main; sys.argv = ['klantprofiel', 'export']; main()")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = [proc.stdout.readline() for _ in range(3)]
    proc.stdout.close()
    assert proc.wait(timeout=60) == 1
    assert [json.loads(line)["customer"]["name"] for line in head] == ["Klant 0", "Klant 1", "Klant 2"]
    assert proc.stderr.read().decode() == "Fout: De standaarduitvoer werd gesloten voordat alles was geschreven (een pipe die te vroeg dichtging?).\n"


@pytest.mark.skipif(parallel.workers() < 1, reason="worker processes need fork (Linux)")
def test_a_worker_killed_from_outside_stops_the_export_with_a_message(english, run, mixed, tmp_path, monkeypatch):
    """The out-of-memory killer takes a worker: the next one would wait for its turn for ever."""
    _in_workers(monkeypatch)
    render = ProfileJson.render

    def killed(self, rows):
        if any(row[0] == 54 for row in rows):  # the last batch but one: its successor waits
            os.kill(os.getpid(), signal.SIGKILL)
        return render(self, rows)

    monkeypatch.setattr(ProfileJson, "render", killed)
    stderr = failed_cleanly(run("export", "-o", str(tmp_path / "out.jsonl")), 1)
    assert "worker processes was ended from outside" in stderr
    assert list(tmp_path.glob("out.jsonl*")) == []


@pytest.mark.skipif(parallel.workers() < 1, reason="worker processes need fork (Linux)")
def test_ctrl_c_stops_an_export_in_workers_at_once_and_leaves_no_file(tmp_path, monkeypatch):
    """Batches larger than a pipe holds are on their way to the workers when Ctrl-C comes: the
    export must still end at once (exit 130), with no file and no worker left."""
    db = tmp_path / "big.db"
    data = tmp_path / "in.jsonl"
    write_jsonl(data, realistic_records(load(), 400))
    env = {**os.environ, "KLANTPROFIEL_DB": str(db)}
    subprocess.run([sys.executable, "-m", "klantprofiel", "import", str(data)], env=env, check=True, capture_output=True)
    script = ("import sys, time; from klantprofiel.io import export, parallel, profile_json; export.EXPORT_BATCH = 40; parallel.LOCAL_BATCHES = 1; "
              "parallel.workers = lambda: 2; render = profile_json.ProfileJson.render; "
              "profile_json.ProfileJson.render = lambda self, rows: time.sleep(0.5) or render(self, rows); "
              "from klantprofiel.cli.app import main; sys.argv = ['klantprofiel', 'export', '-o', sys.argv[1]]; main()")
    out = tmp_path / "out.jsonl"
    p = subprocess.Popen([sys.executable, "-c", script, str(out)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while len(children(p.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        workers = children(p.pid)
        assert len(workers) == 2, "the workers did not start"
        time.sleep(0.3)
        p.send_signal(signal.SIGINT)
        _, stderr = p.communicate(timeout=20)
    finally:
        p.kill()
    assert p.returncode == 130 and stderr.decode().strip() == "Gestopt (Ctrl-C)."
    assert list(tmp_path.glob("out.jsonl*")) == []
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


@pytest.mark.skipif(parallel.workers() < 1, reason="worker processes need fork (Linux)")
def test_a_worker_killed_from_outside_stops_the_import_with_a_message_and_stores_nothing(english, run, tmp_path, db, monkeypatch):
    monkeypatch.setattr(importer, "IMPORT_BATCH", 4)
    monkeypatch.setattr(parallel, "LOCAL_BATCHES", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    check = importer._BatchCheck.__call__

    def killed(self, items):
        if os.getpid() != parent and any(b"Klant 90" in item for item in items):
            os.kill(os.getpid(), signal.SIGKILL)
        return check(self, items)

    parent = os.getpid()
    monkeypatch.setattr(importer._BatchCheck, "__call__", killed)
    path = tmp_path / "in.jsonl"
    # lines are read 64 kB at a time: 100 of 2 kB make a few batches, the later ones for workers
    path.write_text("".join(json.dumps({"customer": {"name": f"Klant {i}"}, "answers": {"knowledge": "x" * 2000}}) + "\n" for i in range(100)))
    stderr = failed_cleanly(run("import", str(path)), 1)
    assert "worker processes was ended from outside" in stderr and "nothing was stored" in stderr
    assert not db.exists() or sqlite3.connect(db).execute("SELECT count(*) FROM interviews").fetchone() == (0,)


_STARTED_AS = ("import atexit, os, sys; from klantprofiel.io import export, importer, parallel; importer.IMPORT_BATCH = export.EXPORT_BATCH = 40; "
               "parallel.LOCAL_BATCHES = 1; parallel.workers = lambda: 2; started = []; context = parallel._context; "
               "parallel._context = lambda: started.append(context().get_start_method()) or context(); "
               "atexit.register(lambda: open(os.environ['STARTED'], 'a').write(' '.join(started) + '\\n')); "
               "from klantprofiel.cli.app import main; sys.argv = ['klantprofiel', *sys.argv[1:]]; main()")
"""The CLI with small batches, so a few hundred records keep two workers busy; it notes each pool's start method in $STARTED."""


def _cli(tmp_path, method: str, db: Path, *args: str, code: int = 0) -> tuple[bytes, list[str]]:
    """Run the CLI with workers started by `method`; its stdout, and the start methods its pools used."""
    started = tmp_path / f"started-{method}"
    started.unlink(missing_ok=True)
    env = {**os.environ, parallel.START_METHOD: method, "KLANTPROFIEL_DB": str(db), "STARTED": str(started)}
    done = subprocess.run([sys.executable, "-c", _STARTED_AS, *args], env=env, capture_output=True, timeout=120)
    assert done.returncode == code, done.stderr.decode()[-2000:]
    return done.stdout, started.read_text().split()


def _stored(db: Path) -> list[tuple]:
    """The interviews as stored, but for what each run makes anew (uid, customer id, time)."""
    with sqlite3.connect(db) as conn:
        columns = [c for (_, c, *_) in conn.execute("PRAGMA table_info(interviews)") if c not in ("uid", "customer_key", "created_at")]
        return conn.execute(f"SELECT {', '.join(columns)} FROM interviews ORDER BY id").fetchall()


def test_workers_spawned_as_on_macos_and_windows_import_and_export_what_forked_ones_do(tmp_path):
    """Spawned workers (a fresh interpreter that inherits nothing: the work pickled, export's
    output handed over as a descriptor) check the same records and write the same bytes as
    forked ones, to a file and to a pipe; and fork stays Linux's default."""
    data = tmp_path / "in.jsonl"
    records = list(realistic_records(load(), 400))
    records[123]["answers"]["learning_mode"] = "lisen"  # rejected in a worker's batch and explained by the main process
    write_jsonl(data, iter(records))
    dbs = {method: tmp_path / f"{method}.db" for method in ("fork", "spawn")}
    for method, db in dbs.items():
        assert _cli(tmp_path, method, db, "import", str(data), "--skip-invalid", code=1)[1] == [method]  # 1: one rejected
    assert len(_stored(dbs["fork"])) == 399 and _stored(dbs["spawn"]) == _stored(dbs["fork"])
    exported = {}
    for method in ("fork", "spawn"):
        out = tmp_path / f"out-{method}.jsonl"
        assert _cli(tmp_path, method, dbs["fork"], "export", "-o", str(out))[1] == [method]
        piped, started = _cli(tmp_path, method, dbs["fork"], "export", "--format", "json")
        assert started == [method]
        exported[method] = out.read_bytes(), piped
    assert exported["spawn"] == exported["fork"]
    assert exported["fork"][0].count(b"\n") == 399 and json.loads(exported["fork"][1])[-1]["customer"]["name"].endswith(" 399")
    assert parallel.start_method() == ("fork" if sys.platform.startswith("linux") else "spawn")
