"""The PostgreSQL store is an extra: without psycopg a PostgreSQL URL says how to install it, the
SQLite path never imports psycopg, and no message shows the password of a URL."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from klantprofiel.store.url import masked

PASSWORD = "geheim-Zx9"
URLS = (f"postgresql://sanne:{PASSWORD}@crm.example.nl/klanten", f"postgres://sanne:{PASSWORD}@crm.example.nl:5433/klanten?sslmode=require",
        f"postgresql:///klanten?host=/var/run/postgresql&password={PASSWORD}")

WITHOUT_PSYCOPG = textwrap.dedent("""
    import sys

    class NoPsycopg:
        '''As if psycopg were not installed: every import of it fails.'''
        def find_spec(self, name, path=None, target=None):
            if name == "psycopg" or name.startswith("psycopg."):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, NoPsycopg())
    from klantprofiel.cli.app import main
    sys.argv = ["klantprofiel", *sys.argv[1:]]
    main()
""")


def klantprofiel(*args: str, code: str = "from klantprofiel.cli.app import main; import sys; sys.argv[0] = 'klantprofiel'; main()",
                 **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
                          env={**os.environ, **env})


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("how", ["--db", "KLANTPROFIEL_DB"])
@pytest.mark.parametrize("command", [("list",), ("show", "Piet"), ("export", "-o", "-")])
def test_a_postgres_url_without_psycopg_says_how_to_install_it(url, how, command, tmp_path):
    args, env = ([*command, "--db", url], {}) if how == "--db" else (list(command), {"KLANTPROFIEL_DB": url})
    result = klantprofiel(*args, code=WITHOUT_PSYCOPG, **env, KLANTPROFIEL_LANG="en")
    assert result.returncode == 2, result.stderr
    assert 'pip install "klantprofiel[postgres]"' in result.stderr
    assert "PostgreSQL" in result.stderr and "Traceback" not in result.stderr
    assert PASSWORD not in result.stderr + result.stdout
    assert result.stderr.count("\n") <= 3  # one error line and its hint, wrapped at most once


def test_the_sqlite_store_never_imports_psycopg(tmp_path):
    """Interview, show, list and export on a file store, in one process: psycopg stays unloaded
    (it costs startup time on every command, and is not installed for most users)."""
    code = textwrap.dedent("""
        import json, sys
        from typer.testing import CliRunner
        from klantprofiel.cli.app import app
        runner = CliRunner()
        for args, given in ((["interview", "Piet", "--answers", "-"], "{}"), (["show", "Piet"], None), (["list"], None),
                            (["export", "-o", "-"], None), (["delete", "Piet", "--yes"], None)):
            result = runner.invoke(app, args, input=given)
            assert result.exit_code == 0, (args, result.stderr)
        print(sorted(m for m in sys.modules if m.split(".")[0] == "psycopg" or m.startswith("klantprofiel.store.postgres")))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "KLANTPROFIEL_DB": str(tmp_path / "s.db")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_psycopgs_own_warnings_are_not_printed():
    """Ctrl-C during an export from PostgreSQL now and then made psycopg warn that its rollback
    failed ("error ignored in rollback of <psycopg.Transaction …>"), a line beside ours."""
    pytest.importorskip("psycopg")
    code = ("import logging, klantprofiel.store.postgres.connection; "
            "logging.getLogger('psycopg.transaction').warning('error ignored in rollback of <psycopg.Transaction>')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr


@pytest.mark.parametrize("text, shown", [
    ("postgresql://sanne:geheim@crm/klanten", "postgresql://sanne:***@crm/klanten"),
    ("postgres://:geheim@/klanten?host=/tmp", "postgres://:***@/klanten?host=/tmp"),
    ("postgresql://crm/klanten?sslmode=require&password=geheim&user=x", "postgresql://crm/klanten?sslmode=require&password=***&user=x"),
    ("host=/tmp password=geheim dbname=k", "host=/tmp password=*** dbname=k"),
    ("host=/tmp password='ge heim' dbname=k", "host=/tmp password=*** dbname=k"),
    ("The store postgresql://a:b@h/d is busy; so is postgres://c:d@h/e.", "The store postgresql://a:***@h/d is busy; so is postgres://c:***@h/e."),
    ("postgresql://sanne:ge@heim@crm/klanten", "postgresql://sanne:***@crm/klanten"),  # not escaped: hidden whole
    ("postgresql://sanne:ge/heim@crm/klanten", "postgresql://sanne:***@crm/klanten"),
    ("postgresql:/sanne:geheim@crm/klanten", "postgresql:/sanne:***@crm/klanten"),  # one slash: mistyped, or a Path folded it
    ("postgresql://sanne@crm/klanten", "postgresql://sanne@crm/klanten"),
    ("/home/sanne/klantprofiel.db", "/home/sanne/klantprofiel.db"),
])
def test_masked_hides_every_password_and_nothing_else(text, shown):
    assert masked(text) == shown


@pytest.mark.parametrize("url", [f"postgresql:/sanne:{PASSWORD}@crm.example.nl/klanten", f" postgresql://sanne:{PASSWORD}@crm.example.nl/klanten"],
                         ids=["one slash", "a space before"])
def test_a_mistyped_url_does_not_show_its_password(run, url):
    """libpq cannot read the first (its message repeats it); the second is a file name to klantprofiel."""
    pytest.importorskip("psycopg")
    result = run("list", "--db", url)
    assert result.exit_code == 1 and "***" in result.stderr and PASSWORD not in result.stderr, result.stderr


@pytest.mark.parametrize(("url", "nl", "en", "code"), [
    ("postgresql://sanne@127.0.0.1:1/klanten", "de verbinding met server 127.0.0.1, poort 1 mislukte: de server weigert de verbinding",
     'connection to server at "127.0.0.1", port 1 failed: Connection refused', 3),
    ("postgresql://sanne@/klanten?host=/nergens", "de verbinding via socket /nergens/.s.PGSQL.5432 mislukte: dat bestand of die map bestaat niet",
     'on socket "/nergens/.s.PGSQL.5432" failed: No such file or directory', 3),
    ("postgresql://sanne@server.invalid/klanten", "de server 'server.invalid' is niet te vinden",
     "failed to resolve host 'server.invalid'", 1),
], ids=["refused", "no socket", "unknown host"])
def test_why_a_server_cannot_be_reached_is_said_in_the_runs_language(run, url, nl, en, code):
    """libpq says why in English whatever --lang says; its usual reasons are read back (`libpq_words`).
    A server that is not there now is exit 3, "try again", as a busy store; a name that is wrong
    stays wrong: 1."""
    pytest.importorskip("psycopg")
    dutch = run("list", "--db", url)
    assert dutch.exit_code == code and nl in dutch.stderr and en not in dutch.stderr, dutch.stderr
    assert en in run("list", "--db", url, "--lang", "en").stderr


@pytest.mark.parametrize("reason", [
    'index row size 2720 exceeds btree version 4 maximum 2704 for index "people_by_name"',
    'could not extend file "base/16384/16385": No space left on device', "out of memory",
    "permission denied for table interviews", "permission denied for sequence imports_id_seq", "permission denied for schema public",
    "permission denied for database klanten", "permission denied for function customer_lines",
    'FATAL:  role "niemand" does not exist', 'connection is bad: invalid sslmode value: "bla"',
])
def test_a_server_limit_or_a_missing_right_is_read_back_whole(reason):
    """What the server said a statement failed with: no English word of it is left in a Dutch run."""
    pytest.importorskip("psycopg")
    import re

    from klantprofiel.store.postgres.connection import libpq_words
    said = libpq_words(reason)
    assert [p for p in said.items if isinstance(p, str) and re.search("[A-Za-z]{2}", p)] == [], said.text("nl")
