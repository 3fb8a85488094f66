"""Output paths never destroy anything: no file klantprofiel writes replaces the store or a file the
run reads; files are written to a fresh private temporary file and renamed into place; a killed
export leaves nothing behind for good; --db on a link to nothing, a device, a FIFO is refused."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from klantprofiel.io import files

from helpers import MINI, failed_cleanly

EXAMPLES = Path(__file__).parent.parent / "examples"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def interviews(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return [row[0] for row in conn.execute("SELECT customer FROM interviews ORDER BY id")]


@pytest.fixture
def piet(interviewed, db):
    interviewed("Piet Jansen", {"learning_mode": "listen"})
    return db


# the store, named every way that reaches the same file
def _direct(db: Path, tmp_path: Path) -> str:
    return str(db)


def _link(db: Path, tmp_path: Path) -> str:
    (tmp_path / "link.db").symlink_to(db)
    return str(tmp_path / "link.db")


def _relative(db: Path, tmp_path: Path) -> str:
    return os.path.relpath(db)


def _hard_link(db: Path, tmp_path: Path) -> str:
    os.link(db, tmp_path / "second-name.db")
    return str(tmp_path / "second-name.db")


WAYS = [_direct, _link, _relative, _hard_link]
WRITERS = {
    "export -o": lambda target: ["export", "-o", target],
    "export -o csv": lambda target: ["export", "-f", "csv", "-o", target],
    "import --rejects": lambda target: ["import", str(EXAMPLES / "import-mistakes.jsonl"), "--skip-invalid", "--rejects", target],
}


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("way", WAYS, ids=lambda w: w.__name__.strip("_"))
def test_no_output_replaces_the_store_however_it_is_named(english, run, piet, tmp_path, monkeypatch, writer, way):
    monkeypatch.chdir(tmp_path)
    before = piet.read_bytes()
    stderr = failed_cleanly(run(*WRITERS[writer](way(piet, tmp_path))), 2)
    assert "is the store" in stderr and "nothing was written" in stderr
    assert piet.read_bytes() == before and interviews(piet) == ["Piet Jansen"]
    assert not list(tmp_path.glob(files.TEMP_PREFIX + "*"))


def test_export_onto_a_store_that_is_not_there_makes_neither(english, run, tmp_path):
    """--db names a new file and -o the same one: export reads, so it makes no store (it used to
    make one lazily, after the output was opened), and it writes no output either."""
    new = tmp_path / "new.db"
    stderr = failed_cleanly(run("export", "--db", str(new), "-o", str(new)), 1)
    assert "No store at" in stderr
    assert not new.exists()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_rejects_never_replace_the_file_being_imported(english, run, db, tmp_path, fmt):
    """`import d.jsonl --rejects d.jsonl` used to leave only the rejected line, and nothing stored."""
    data = tmp_path / f"d.{fmt}"
    shutil.copy(EXAMPLES / f"import-mistakes.{fmt}", data)
    before = data.read_bytes()
    stderr = failed_cleanly(run("import", str(data), "--skip-invalid", "--rejects", str(data)), 2)
    assert "is the file being imported" in stderr
    assert data.read_bytes() == before
    assert not db.exists() or interviews(db) == []


@pytest.mark.parametrize("rejects", ["/dev/stdin", "/dev/fd/0", "d.jsonl"])
def test_rejects_never_go_into_the_file_read_as_standard_input(db, tmp_path, monkeypatch, rejects):
    """`import - --rejects /dev/stdin < d.jsonl` appended the rejected records to d.jsonl, and
    `--rejects d.jsonl` replaced it with them."""
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "d.jsonl"
    shutil.copy(EXAMPLES / "import-mistakes.jsonl", data)
    before = data.read_bytes()
    with open(data, "rb") as stdin:
        done = subprocess.run([sys.executable, "-m", "klantprofiel", "import", "-", "--skip-invalid", "--rejects", rejects, "--lang", "en"],
                              stdin=stdin, capture_output=True, text=True, env={**os.environ, "KLANTPROFIEL_DB": str(db)}, timeout=60)
    assert done.returncode == 2 and f"{rejects} is the file being imported (standard input)" in done.stderr, done.stderr
    assert data.read_bytes() == before and (not db.exists() or interviews(db) == [])


def test_rejects_never_replace_the_question_set_being_used(english, run, db, tmp_path):
    qs = tmp_path / "mini.toml"
    shutil.copy(MINI, qs)
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"customer": {"name": "Piet"}, "answers": {"nope": 1}}) + "\n")
    stderr = failed_cleanly(run("import", str(data), "--set", str(qs), "--rejects", str(qs)), 2)
    assert "is the question set" in stderr and qs.read_bytes() == MINI.read_bytes()


def test_stdout_appended_to_the_store_is_refused(english, piet):
    with open(piet, "ab") as out:
        done = subprocess.run([sys.executable, "-m", "klantprofiel", "export"], stdout=out, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, "KLANTPROFIEL_DB": str(piet)}, timeout=60)
    assert done.returncode == 2 and "The standard output is the store" in done.stderr
    assert interviews(piet) == ["Piet Jansen"]


# --- temporary files -------------------------------------------------------------------------------------------------


def test_a_planted_part_file_decides_nothing(run, piet, tmp_path):
    """A stale or planted NAME.part (world-readable, or a link elsewhere) used to become the export."""
    out = tmp_path / "out.jsonl"
    planted = tmp_path / "out.jsonl.part"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("keep")
    planted.symlink_to(elsewhere)
    assert run("export", "-o", str(out)).exit_code == 0
    assert mode(out) == 0o600 and not out.is_symlink() and json.loads(out.read_text())["customer"]["name"] == "Piet Jansen"
    assert elsewhere.read_text() == "keep" and planted.is_symlink()


def test_a_long_but_valid_file_name_works(run, piet, tmp_path):
    out = tmp_path / ("x" * (os.pathconf(tmp_path, "PC_NAME_MAX") - len(".jsonl")) + ".jsonl")
    assert run("export", "-o", str(out)).exit_code == 0
    assert mode(out) == 0o600 and len(out.read_text().splitlines()) == 1


def test_a_name_too_long_is_one_clear_line(run, piet, tmp_path):
    out = tmp_path / ("x" * 300)
    assert "File name too long" in failed_cleanly(run("export", "-o", str(out)), 1)
    assert list(tmp_path.iterdir()) == [piet]


def test_a_world_readable_target_becomes_private_and_a_link_to_it_stays(run, piet, tmp_path):
    target = tmp_path / "shared.jsonl"
    target.write_text("old\n")
    target.chmod(0o644)
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    for name in (target, link):
        assert run("export", "-o", str(name)).exit_code == 0
        assert mode(target) == 0o600 and "Piet Jansen" in target.read_text()
    assert link.is_symlink() and link.resolve() == target


def test_what_a_device_keeps_is_its_own_permissions(run, piet):
    before = os.stat("/dev/null")
    assert run("export", "-o", "/dev/null").exit_code == 0
    after = os.stat("/dev/null")
    assert (after.st_mode, after.st_uid) == (before.st_mode, before.st_uid) and stat.S_ISCHR(after.st_mode)


def test_a_leftover_of_a_killed_export_is_removed_by_the_next_run_in_that_folder(piet, tmp_path):
    """kill -9 mid-export: the private temporary file stays; the next export into that folder removes it."""
    script = ("import sys, time; from klantprofiel.io import profile_json; render = profile_json.ProfileJson.render; "
              "profile_json.ProfileJson.render = lambda self, rows: (time.sleep(60), render(self, rows))[1]; "
              "from klantprofiel.cli.app import main; sys.argv = ['klantprofiel', 'export', '-o', sys.argv[1]]; main()")
    env = {**os.environ, "KLANTPROFIEL_DB": str(piet)}
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    p = subprocess.Popen([sys.executable, "-c", script, str(out_dir / "a.jsonl")], env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not list(out_dir.glob(files.TEMP_PREFIX + "*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=10)
    finally:
        p.kill()
    [leftover] = out_dir.iterdir()
    assert leftover.name.startswith(files.TEMP_PREFIX) and leftover.name.endswith(files.TEMP_SUFFIX) and mode(leftover) == 0o600
    subprocess.run([sys.executable, "-m", "klantprofiel", "export", "-o", str(out_dir / "b.jsonl")], env=env, check=True,
                   capture_output=True, timeout=60)
    assert sorted(p.name for p in out_dir.iterdir()) == ["b.jsonl"]


def test_a_temporary_file_being_written_is_not_taken_for_a_leftover(tmp_path):
    target = tmp_path / "a.jsonl"
    with files.private_file(target) as out:
        out.write(b"half")
        files.remove_leftovers(tmp_path)  # another klantprofiel writing into the same folder
        out.write(b" and the rest\n")
    assert target.read_bytes() == b"half and the rest\n"


def test_a_file_of_another_user_named_like_ours_is_left_alone(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to make a file of another user")
    theirs = tmp_path / (files.TEMP_PREFIX + "theirs" + files.TEMP_SUFFIX)
    theirs.write_text("not ours")
    os.chown(theirs, 12345, 12345)
    files.remove_leftovers(tmp_path)
    assert theirs.exists()


# --- --db on what is not a file -------------------------------------------------------------------------------------


def test_db_on_a_link_to_nothing_is_refused_and_makes_nothing(english, run, tmp_path):
    link = tmp_path / "store.db"
    link.symlink_to(tmp_path / "gone" / "real.db")
    stderr = failed_cleanly(run("list", "--db", str(link)), 1)
    assert "which does not exist" in stderr and not (tmp_path / "gone").exists()


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_db_on_a_device_is_refused_and_the_device_is_never_changed(english, run, device):
    before = os.stat(device)
    assert "is not a file" in failed_cleanly(run("list", "--db", device), 1)
    assert os.stat(device).st_mode == before.st_mode


def test_db_on_a_fifo_is_refused_at_once(english, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "klantprofiel", "list", "--db", str(fifo)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and "is not a file" in done.stderr and fifo.is_fifo()


def test_db_in_a_folder_that_exists_with_other_permissions_is_private_and_new_folders_are_0700(run, tmp_path):
    old = os.umask(0)
    try:
        shared = tmp_path / "shared"
        shared.mkdir(mode=0o755)
        assert run("interview", "Piet", "--answers", "-", "--db", str(shared / "store.db"), input="{}").exit_code == 0
        assert mode(shared / "store.db") == 0o600 and mode(shared) == 0o755
        assert run("interview", "Piet", "--answers", "-", "--db", str(tmp_path / "a" / "b" / "store.db"), input="{}").exit_code == 0
        assert (mode(tmp_path / "a"), mode(tmp_path / "a" / "b"), mode(tmp_path / "a" / "b" / "store.db")) == (0o700, 0o700, 0o600)
    finally:
        os.umask(old)


def test_dev_stdout_on_a_file_the_shell_opened_is_written_to_as_it_is(piet, tmp_path):
    """`export -o /dev/stdout >> log`: the shell's file gets the export after what it held."""
    log = tmp_path / "log"
    log.write_text("before\n")
    with open(log, "a") as out:
        subprocess.run([sys.executable, "-m", "klantprofiel", "export", "-o", "/dev/stdout"], stdout=out, check=True,
                       env={**os.environ, "KLANTPROFIEL_DB": str(piet)}, timeout=60, capture_output=False)
    first, second = log.read_text().splitlines()
    assert first == "before" and json.loads(second)["customer"]["name"] == "Piet Jansen"
