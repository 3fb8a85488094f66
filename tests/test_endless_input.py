"""Endless and huge inputs: a character device as an import, answers or question-set file, a CSV
header of a million columns, a record that never ends; a BOM in a question set, a file holding
only a BOM. Each gets a clear message in bounded time and memory (the limits are in the README)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from klantprofiel.io import readers

from helpers import LEAKS, MINI, failed_cleanly

MEMORY = 1 << 30
"""What a run may take at most (address space): far less than reading an endless file would."""


def _bounded(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command in a real process with its memory capped, and a deadline."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    return subprocess.run([sys.executable, "-m", "klantprofiel", *args], capture_output=True, text=True, timeout=60, cwd=cwd,
                          preexec_fn=cap, env={**os.environ, "KLANTPROFIEL_DB": str(cwd / "store.db")})


def _clear(done: subprocess.CompletedProcess, code: int, says: str) -> None:
    assert done.returncode == code, done.stderr[-500:]
    assert says in done.stderr and not any(leak in done.stderr for leak in LEAKS), done.stderr[-500:]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero and /dev/urandom")
@pytest.mark.parametrize("args, says", [
    (["import", "/dev/zero"], "line 1 is longer than 1 MB; this is not an import file"),
    (["import", "/dev/urandom"], "not UTF-8 text"),
    (["interview", "Piet", "--answers", "/dev/zero"], "larger than 1 MB"),
    (["interview", "Piet", "--answers", "/dev/urandom"], "larger than 1 MB"),
    (["questions", "validate", "/dev/zero"], "larger than 1 MB; a question set is a few dozen kB"),
    (["interview", "Piet", "--set", "/dev/urandom", "--answers", "-"], "No question set '/dev/urandom'"),
])
def test_an_endless_device_is_refused_within_bounds(english, tmp_path, args, says):
    done = _bounded(*args, cwd=tmp_path)
    _clear(done, 1, says)


def test_a_header_of_a_million_columns_is_refused_within_bounds(english, tmp_path):
    (tmp_path / "wide.csv").write_text("customer," + ",".join(f"c{i}" for i in range(1_000_000)) + "\n")
    _clear(_bounded("import", "wide.csv", cwd=tmp_path), 1, "wide.csv: line 1 is longer than 1 MB")


def test_a_header_with_too_many_columns_is_refused_without_a_quadratic_check(english, run, tmp_path):
    """A header under the line limit but with 300,000 columns: once `header.count()` per column."""
    path = tmp_path / "wide.csv"
    path.write_text("customer," + ",".join(str(i % 10) * 2 for i in range(300_000)) + "\n")
    assert f"names 300001 columns; an import file has at most {readers.MAX_COLUMNS:,}" in failed_cleanly(run("import", str(path)), 1)


def test_a_duplicate_column_among_many_is_found(english, run, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("customer," + ",".join(f"c{i}" for i in range(9_000)) + ",c17\n")
    assert "the header names column 'c17' twice" in failed_cleanly(run("import", str(path)), 1)


@pytest.mark.parametrize("start, says", [
    ('["', "the record starting at line 1 is longer than 1 MB"),
    ('[{"customer": "', "the record starting at line 1 is longer than 1 MB"),
    ('{"customer": "', "line 1 is longer than 1 MB"),  # JSON lines
])
def test_a_record_that_never_ends_is_refused_within_bounds(english, tmp_path, start, says):
    (tmp_path / "open.json").write_text(start + "x" * (3 << 20))
    _clear(_bounded("import", "open.json", cwd=tmp_path), 1, says)


def test_a_question_set_with_a_bom_is_read(run, tmp_path):
    path = tmp_path / "mini.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.read_bytes())
    result = run("questions", "validate", str(path))
    assert result.exit_code == 0, result.stderr


def test_a_csv_holding_only_a_bom_is_empty(english, run, tmp_path, db):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf")
    result = run("import", str(path))
    assert result.exit_code == 0 and "Imported 0 interview(s)" in result.stderr
    assert "the file is empty: no header row, no records" in failed_cleanly(run("import", str(path), "-f", "csv"), 1)
