"""The tests' own PostgreSQL server (tests/pg_cluster.py): private, cleaned up, and never silently
missing where it counts: without server binaries its tests are skipped saying why, and under
CI (CI=true, as .ci/run runs) that is a failure, so a green CI run has run them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from pg_cluster import BINDIR_ENV, Cluster

ONE_PG_TEST = "tests/test_pg_cluster.py::test_the_server_listens_only_on_its_own_socket_and_is_gone_afterwards"
ROOT = Path(__file__).resolve().parents[1]


def pytest_run(tmp_path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:randomly", "-rs", ONE_PG_TEST], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, **env})


def test_without_server_binaries_the_tests_say_why_they_are_skipped(tmp_path):
    result = pytest_run(tmp_path, **{BINDIR_ENV: str(tmp_path), "CI": "false"})
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout and "no PostgreSQL server binaries" in result.stdout


def test_under_ci_missing_server_binaries_fail_the_run(tmp_path):
    result = pytest_run(tmp_path, **{BINDIR_ENV: str(tmp_path), "CI": "true"})
    assert result.returncode == 1, result.stdout
    assert "CI must run the PostgreSQL store tests" in result.stdout and "no PostgreSQL server binaries" in result.stdout


def test_the_server_listens_only_on_its_own_socket_and_is_gone_afterwards(pg_cluster):
    with pg_cluster.admin() as conn:
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == ""  # no TCP port at all
    assert stat.S_ISSOCK(os.stat(pg_cluster.socket_dir / ".s.PGSQL.5432").st_mode)
    with Cluster.running() as other:  # a second one beside it: its own folder, then nothing left of it
        root = other.root
        with other.admin() as conn:
            assert conn.execute("SHOW data_directory").fetchone()[0] == str(other.data)
    assert not root.exists()
