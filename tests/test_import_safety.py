"""An import is one transaction: `kill -9` in the middle of a large one leaves the store exactly as
it was, and imports running alongside other imports or interviews each land or say "busy" (exit 3,
one line), never a damaged store. Real `klantprofiel import` processes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from klantprofiel.bench import realistic_records, write_jsonl
from klantprofiel.io import parallel
from klantprofiel.questionset.load import DEFAULT_SET, load

from helpers import children
from test_concurrency import BUSY, count, finished, start_together

EXAMPLES = Path(__file__).parents[1] / "examples"
BIG = 200_000
LINUX = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="watches processes through /proc (Linux)")


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    """200,000 valid records (some 150 MB): an import that takes seconds, not milliseconds."""
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    write_jsonl(path, realistic_records(load(DEFAULT_SET), BIG))
    return path


def snapshot(db: Path) -> tuple[str, list[tuple], list[tuple]]:
    """The store as a user would check it: sound, and every row of every table."""
    with closing(sqlite3.connect(db)) as conn:
        [(check,)] = conn.execute("PRAGMA integrity_check").fetchall()
        interviews = conn.execute("SELECT * FROM interviews ORDER BY id").fetchall()
        sets = conn.execute("SELECT * FROM question_sets ORDER BY 1, 2").fetchall()
    return check, interviews, sets


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition, what: str, limit: float = 60) -> None:
    """Poll for something the test waits on; the limit only stops a hang, it is not what is tested."""
    end = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < end, f"gave up waiting for {what}"
        time.sleep(0.01)


def writing_import(db: Path, big_file: Path) -> subprocess.Popen:
    """`klantprofiel import BIG_FILE` on the store, once it is really writing: the transaction's
    journal is there, pages have gone into the store file itself, and its workers have started."""
    size = db.stat().st_size
    env = {**os.environ, "KLANTPROFIEL_DB": str(db)}
    p = subprocess.Popen([sys.executable, "-m", "klantprofiel", "import", str(big_file)], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    journal = Path(str(db) + "-journal")
    try:
        wait_until(lambda: p.poll() is not None or (journal.exists() and db.stat().st_size > size + (1 << 20)
                                                     and (parallel.workers() < 1 or children(p.pid))), "the import to write")
    except BaseException:
        p.kill()
        raise
    assert p.poll() is None, "the import finished before it could be stopped"
    return p


@LINUX
def test_ctrl_c_in_the_middle_of_a_large_import_stores_nothing_and_exits_130(run, db, big_file):
    assert run("import", str(EXAMPLES / "import.jsonl")).exit_code == 0
    before = snapshot(db)
    p = writing_import(db, big_file)
    p.send_signal(signal.SIGINT)
    try:
        _, stderr = p.communicate(timeout=60)
    finally:
        p.kill()
    assert p.returncode == 130
    assert stderr.decode().strip() == "Gestopt (Ctrl-C)."
    assert snapshot(db) == before


@LINUX
def test_kill_9_in_the_middle_of_a_large_import_leaves_the_store_as_it_was(run, db, big_file):
    assert run("import", str(EXAMPLES / "import.jsonl")).exit_code == 0
    before = snapshot(db)
    assert before[0] == "ok" and len(before[1]) == 3
    p = writing_import(db, big_file)
    try:
        workers = children(p.pid)
        p.kill()
        p.wait()
    finally:
        p.kill()
        p.stderr.close()
    assert p.returncode == -signal.SIGKILL
    assert Path(str(db) + "-journal").exists(), "killed in the middle: the journal to roll back with is left"

    # the workers go with it: none is left hanging on (holding the store file open)
    try:
        wait_until(lambda: not any(map(alive, workers)), "the import's workers to end", limit=20)
    finally:
        for pid in filter(alive, workers):
            os.kill(pid, signal.SIGKILL)

    assert snapshot(db) == before  # opening it rolls the half-written transaction back
    listed = run("list")
    assert listed.exit_code == 0, listed.stderr
    assert all(name in listed.stdout for name in ("Jan de Vries", "Fatima El Amrani"))
    assert run("import", str(EXAMPLES / "import.jsonl")).exit_code == 0  # the store is usable as ever
    assert count(db) == 6


def records(first: int, n: int) -> str:
    """Records first .. first + n - 1 of the benchmark's realistic ones, as JSON lines."""
    made = realistic_records(load(DEFAULT_SET), first + n)
    return "".join(json.dumps(r) + "\n" for i, r in enumerate(made) if i >= first)


def outcome(results: list[tuple[int, str]]) -> None:
    """Each one landed, or said busy in one line (exit 3), its last; what it said before that
    (the store made, the new customer it is about) are notes, not a second error."""
    for code, stderr in results:
        assert code in (0, 3), stderr
        if code == 3:
            lines = stderr.strip().splitlines()
            assert BUSY in lines[-1], stderr
            assert not any(BUSY in line or line.startswith(("Fout", "Error")) for line in lines[:-1]), stderr


@pytest.mark.parametrize("timeout", ["0", None], ids=["no patience", "default patience"])
def test_two_imports_at_once_each_land_whole_or_say_busy(tmp_path, timeout):
    db = tmp_path / "store.db"
    inputs = [records(0, 2000), records(2000, 3000)]
    results = [finished(p) for p in start_together(db, 2, timeout, commands=[["import", "-"]] * 2, inputs=inputs)]
    outcome(results)
    if timeout is None:
        assert [code for code, _ in results] == [0, 0], results
    assert count(db) == sum(n for (code, _), n in zip(results, (2000, 3000)) if code == 0)


@pytest.mark.parametrize("timeout", ["0", None], ids=["no patience", "default patience"])
def test_an_import_and_an_interview_at_once_each_land_whole_or_say_busy(tmp_path, timeout):
    db = tmp_path / "store.db"
    commands = [["import", "-"], ["interview", "Ans", "--answers", "-"]]
    inputs = [records(0, 3000), json.dumps({"learning_mode": "listen", "notes": "tegelijk"})]
    results = [finished(p) for p in start_together(db, 2, timeout, commands=commands, inputs=inputs)]
    outcome(results)
    if timeout is None:
        assert [code for code, _ in results] == [0, 0], results
    assert count(db) == sum(n for (code, _), n in zip(results, (3000, 1)) if code == 0)
    with closing(sqlite3.connect(db)) as conn:
        ans = conn.execute("SELECT count(*) FROM interviews WHERE customer = 'Ans'").fetchone()[0] if count(db) else 0
    assert ans == (results[1][0] == 0)

