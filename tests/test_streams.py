"""No traceback, whatever the streams: stdout closed (`>&-`), on a full disk (`> /dev/full`) or a pipe
closed early, stdin closed (`<&-`). Every command, in a real process: one clear line and a non-zero
exit when its output could not be written; never exit 0 with output lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from klantprofiel.questionset import builtin_dir

from helpers import LEAKS

EXAMPLES = Path(__file__).parent.parent / "examples"

COMMANDS = {
    "interview": ["interview", "Kees", "--answers", "ANSWERS"],
    "show": ["show", "Piet Jansen"],
    "show json": ["show", "Piet Jansen", "-f", "json"],
    "list": ["list"],
    "history": ["history", "Piet Jansen"],
    "diff": ["diff", "Piet Jansen"],
    "brief": ["brief", "Piet Jansen"],
    "schema": ["schema", "profile"],
    "export": ["export"],
    "import": ["import", str(EXAMPLES / "import.jsonl")],
    "delete": ["delete", "Piet Jansen", "--yes"],
    "questions list": ["questions", "list"],
    "questions show": ["questions", "show", "learning_mode"],
    "questions validate": ["questions", "validate"],
    "help": ["--help"],
    "version": ["--version"],
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """One customer with two interviews (for diff), made once: each run gets a copy."""
    db = tmp_path_factory.mktemp("streams") / "store.db"
    env = {**os.environ, "KLANTPROFIEL_DB": str(db)}
    for answers in ({"learning_mode": "listen"}, {"learning_mode": "think_along"}):
        subprocess.run([sys.executable, "-m", "klantprofiel", "interview", "Piet Jansen", "--answers", "-"], input=json.dumps(answers),
                       env=env, capture_output=True, text=True, check=True)
    return db


def _start(args: list[str], store: Path, tmp_path: Path, name: str, **streams) -> subprocess.Popen:
    """The command on a fresh copy of the store, so each run starts from the same data."""
    copy = tmp_path / f"{name}.db"
    copy.write_bytes(store.read_bytes())
    (tmp_path / "answers.json").write_text('{"learning_mode": "listen"}')
    args = [str(tmp_path / "answers.json") if a == "ANSWERS" else a for a in args]
    return subprocess.Popen([sys.executable, "-m", "klantprofiel", *args], env={**os.environ, "KLANTPROFIEL_DB": str(copy), "COLUMNS": "100"},
                            cwd=tmp_path, stderr=subprocess.PIPE, text=True, **streams)


def _finished(p: subprocess.Popen) -> tuple[int, str | None, str]:
    out, err = p.communicate(timeout=60)
    return p.returncode, out, err


def _pipe_closed_early() -> int:
    """The write end of a pipe whose reader has gone: every write fails with EPIPE."""
    read, write = os.pipe()
    os.close(read)
    return write


def _closing(fd: int):
    def close() -> None:
        os.close(fd)
    return close


def _leaks(stderr: str) -> bool:
    """Anything of a traceback or the program's inside in what the user read, but for the folder of
    the built-in question sets, which `questions validate` names (in site-packages when installed)."""
    shown = stderr.replace(str(builtin_dir()), "QUESTIONS")
    return any(leak in shown for leak in LEAKS)


def _one_clear_line(stderr: str) -> None:
    """One error, at the end (perhaps with a hint), after what the command said it did ("saved as …")."""
    lines = stderr.strip().splitlines()
    errors = [n for n, line in enumerate(lines) if line.startswith("Fout: ")]
    assert len(errors) == 1 and errors[0] >= len(lines) - 2, stderr
    assert not _leaks(stderr), stderr


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_on_a_closed_full_or_broken_stdout_or_a_closed_stdin(store, tmp_path, name):
    """All at once, each in its own process: as it runs normally, with stdout closed (`>&-`), on a
    full disk, into a pipe closed early, and with stdin closed (`<&-`)."""
    args = COMMANDS[name]
    full, broken = os.open("/dev/full", os.O_WRONLY), _pipe_closed_early()
    try:
        runs = {
            "normal": _start(args, store, tmp_path, "normal", stdout=subprocess.PIPE, stdin=subprocess.DEVNULL),
            "closed": _start(args, store, tmp_path, "closed", stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, preexec_fn=_closing(1)),
            "full disk": _start(args, store, tmp_path, "full", stdout=full, stdin=subprocess.DEVNULL),
            "pipe closed early": _start(args, store, tmp_path, "broken", stdout=broken, stdin=subprocess.DEVNULL),
            "stdin closed": _start(args, store, tmp_path, "stdin", stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, preexec_fn=_closing(0)),
        }
    finally:
        os.close(full)
        os.close(broken)
    done = {how: _finished(p) for how, p in runs.items()}
    code, stdout, _ = done.pop("normal")
    assert done.pop("stdin closed")[:2] == (code, stdout)  # stdin is not read by these commands
    for how, (failed, _, stderr) in done.items():
        if stdout:
            assert failed != 0, how
            _one_clear_line(stderr)
        else:  # nothing to write: the command does what it always does
            assert failed == code, how
            assert not _leaks(stderr), stderr


@pytest.mark.parametrize("args", [["import", "-"], ["interview", "Kees", "--answers", "-"], ["interview", "Kees"], ["delete", "Piet Jansen"]])
def test_a_command_that_needs_stdin_says_it_is_closed(store, tmp_path, args):
    code, stdout, stderr = _finished(_start(args, store, tmp_path, "stdin", stdout=subprocess.PIPE, preexec_fn=_closing(0)))
    assert code == 2 and stdout == ""
    _one_clear_line(stderr)
