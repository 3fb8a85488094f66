"""Shell completion of what is stored, through the protocol the shells' scripts use
(`klantprofiel --install-completion` installs them): customers' names and ids for every NAME
argument, set ids for --set, interview ids for diff, question ids for `questions show`; for
bash, zsh and fish. Completion runs the program on every Tab: it must stay light."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from klantprofiel.cli.app import every_command, takes_a_name
from klantprofiel.cli.completion import BY_NAME
from klantprofiel.questionset import available

SHELLS = ("bash", "zsh", "fish")


def complete(line: str, shell: str = "bash", **env: str) -> list[str]:
    """What the shell's completion script gets back when Tab is pressed at the end of `line`."""
    words = line.split(" ")
    protocol = {"_KLANTPROFIEL_COMPLETE": f"complete_{shell}", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1),
                "_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    out = subprocess.run([sys.executable, "-m", "klantprofiel"], env={**os.environ, **protocol, **env},
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    return [line for line in out.stdout.splitlines() if line]


@pytest.fixture
def customers(interviewed, backend):
    """Three customers, in an SQLite file or a PostgreSQL database (each test runs on both)."""
    interviewed("Piet Jansen", {})
    interviewed("Pieter de Boer", {"organisation": "Garage B"})
    interviewed("Anna Bakker", {})


def ids(run) -> dict[str, str]:
    return {c["name"]: c["id"] for c in json.loads(run("list", "--json").stdout)}


def test_bash_completes_names_any_case_quoted_as_one_word(customers):
    assert complete("klantprofiel show pi") == ["'Piet Jansen'", "'Pieter de Boer'"]
    assert complete("klantprofiel brief An") == ["'Anna Bakker'"]
    assert complete("klantprofiel show Zz") == []


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_get_the_name_with_its_id_as_the_description(customers, run, shell):
    out = "\n".join(complete("klantprofiel history Piet", shell))
    known = ids(run)
    for name in ("Piet Jansen", "Pieter de Boer"):
        assert name in out and known[name] in out
    assert "Anna" not in out
    assert "Garage B" in out


def test_an_id_completes_to_ids(customers, run):
    known = ids(run)
    typed = known["Anna Bakker"][:4]
    assert known["Anna Bakker"] in complete(f"klantprofiel show {typed}")


def test_every_command_that_takes_a_name_completes_customers(customers):
    """The class: every command whose first argument is a customer's name, however many there
    are, completes names; a new one does too (completion is attached by the parameter's name)."""
    named = []
    for command in every_command().values():
        for sub in getattr(command, "commands", {None: command}).values():
            if takes_a_name(sub):
                named.append(sub.name)
    assert {"interview", "show", "brief", "history", "diff", "delete", "rename", "feedback"} <= set(named)
    for command in named:
        assert complete(f"klantprofiel {command} Anna") == ["'Anna Bakker'"], command


def test_set_ids_complete_after_set_on_every_command_that_takes_one():
    for line in ("klantprofiel interview --set ", "klantprofiel import --set k", "klantprofiel questions list --set "):
        typed = line.rsplit(" ", 1)[1]
        assert complete(line) == [s for s in available() if s.startswith(typed)], line


def test_diff_completes_the_customers_interview_ids(interviewed, backend):
    interviewed("Piet Jansen", {})
    interviewed("Piet Jansen", {"context": "tweede gesprek"})
    interviewed("Anna Bakker", {})
    assert complete("klantprofiel diff 'Piet Jansen' ") == ["2", "1"]
    assert complete("klantprofiel diff 'Anna Bakker' ") == ["3"]


def test_question_ids_complete_for_the_set_named(customers):
    out = complete("klantprofiel questions show --set keuze ", "zsh")
    assert out and "criteria" in "\n".join(out)
    assert "learning_mode" in "\n".join(complete("klantprofiel questions show lear", "fish"))


def test_completion_never_makes_a_store_nor_prints_an_error(tmp_path):
    missing = tmp_path / "nowhere" / "s.db"
    assert complete("klantprofiel show Pi", KLANTPROFIEL_DB=str(missing)) == []
    assert not missing.parent.exists()
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a store")
    assert complete("klantprofiel show Pi", KLANTPROFIEL_DB=str(damaged)) == []
    assert damaged.read_bytes() == b"not a store"
    assert complete("klantprofiel show Pi", KLANTPROFIEL_DB="postgresql://u:secret@host/db") == []


def test_a_server_that_does_not_answer_completes_nothing_within_seconds():
    """A Tab against a PostgreSQL server that takes the connection and never answers (a host
    behind a dead VPN) gives up after the short connect timeout, silently."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        started = time.monotonic()
        assert complete("klantprofiel show Pi", KLANTPROFIEL_DB=f"postgresql://u:geheim@127.0.0.1:{silent.getsockname()[1]}/db") == []
        assert time.monotonic() - started < 10


def test_a_database_without_the_schema_yet_completes_nothing(pg_cluster, monkeypatch):
    from conftest import PG_ENVIRONMENT
    for name in PG_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    database = pg_cluster.new_database()
    assert complete("klantprofiel show Pi", KLANTPROFIEL_DB=pg_cluster.url(database)) == []
    with pg_cluster.admin(database) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0  # nothing made


def test_completion_reads_the_store_named_by_db_on_the_command_line(tmp_path, run, customers):
    other = tmp_path / "other.db"
    assert run("interview", "Zeger Zwart", "--answers", "-", "--db", str(other), input="{}").exit_code == 0
    assert complete(f"klantprofiel show --db {other} Ze") == ["'Zeger Zwart'"]
    assert complete("klantprofiel show Ze") == []


def test_every_completer_is_attached_somewhere():
    """No completer without a parameter that uses it (a renamed option would silently lose it)."""
    names = set()
    for command in every_command().values():
        for sub in getattr(command, "commands", {None: command}).values():
            names |= {p.name for p in sub.params}
    assert set(BY_NAME) <= names


PROBE = """
import sys
from klantprofiel.cli.app import app
try:
    app(prog_name="klantprofiel")
except SystemExit:
    pass
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in ("rich", "questionary", "prompt_toolkit")
                      or m.startswith(("klantprofiel.profile", "klantprofiel.io", "klantprofiel.interview")))), file=sys.stderr)
"""


@pytest.mark.parametrize("line", ["klantprofiel show Pi", "klantprofiel interview --set ", "klantprofiel diff Piet "])
def test_completion_loads_neither_rich_nor_the_core(line, customers, backend):
    """Nor, on a file store, the PostgreSQL driver."""
    env = {**os.environ, "_KLANTPROFIEL_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(line.split(" ")) - 1)}
    probe = PROBE if backend.kind == "postgresql" else PROBE.replace('"prompt_toolkit")', '"prompt_toolkit", "psycopg")')
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=30)
    assert out.stderr.strip() == ""


def test_version_loads_no_command_and_neither_rich_nor_pydantic():
    """`--version` and a Tab cost about what a bare Typer app costs (`python -m klantprofiel.bench
    --startup`: at most 1.2x) because they load none of the commands, Rich or the models; timed
    here, a shared machine's load would decide, so what is loaded is checked instead."""
    probe = PROBE.replace('("rich", "questionary", "prompt_toolkit")', '("rich", "questionary", "prompt_toolkit", "pydantic")')
    probe = probe.replace('m.startswith((', 'm.startswith(("klantprofiel.cli.commands_", ')
    out = subprocess.run([sys.executable, "-c", probe, "--version"], capture_output=True, text=True, timeout=30)
    assert out.stdout.startswith("klantprofiel ")
    assert out.stderr.strip() == ""
