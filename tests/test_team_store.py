"""The team store on a real PostgreSQL server (tests/pg_cluster.py): its schema and migrations,
the user's own credentials, what a message shows of the URL, waiting writers, erasure from the
table files, and an import killed halfway."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from pg_cluster import ROLE

from klantprofiel.answers import Answers
from klantprofiel.errors import StoreBusyError, UserError
from klantprofiel.questionset.load import load
from klantprofiel.store.factory import store_at
from klantprofiel.store.postgres.connection import WRITE_LOCK
from klantprofiel.store.postgres.migrations import KNOWN, STORE_COLUMNS

from test_one_language import other_language


@pytest.fixture
def database(pg_cluster, monkeypatch):
    from conftest import PG_ENVIRONMENT
    for name in PG_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    return pg_cluster.new_database()


@pytest.fixture
def url(pg_cluster, database):
    return pg_cluster.url(database)


def interview(store, name: str, **meta: str):
    qs = load("kennismaking")
    return store.save_interview(qs, Answers({"learning_mode": "listen"}, {"customer": name, **meta}))


def tables(pg_cluster, database) -> dict[str, int]:
    """Every table of the database and its number of rows: what "left untouched" compares."""
    with pg_cluster.admin(database) as conn:
        names = [n for (n,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


# --- schema and migrations ---------------------------------------------------------------------------------------------

def test_the_first_client_makes_the_schema_and_records_each_change(pg_cluster, database, url):
    store = store_at(url)
    interview(store, "Piet")
    store.close()
    with pg_cluster.admin(database) as conn:
        assert [n for (n,) in conn.execute("SELECT name FROM migrations ORDER BY name")] == sorted(KNOWN)
    assert tables(pg_cluster, database)["interviews"] == 1


def test_the_tables_a_store_is_checked_for_on_opening_are_those_the_steps_make(pg_cluster, database, url):
    """`STORE_COLUMNS` (what every opening checks is there) is no list of its own: it is what the steps made."""
    store_at(url).kept_sets()
    with pg_cluster.admin(database) as conn:
        made: dict[str, set[str]] = {}
        for table, column in conn.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"):
            made.setdefault(table, set()).add(column)
    assert made == STORE_COLUMNS


def test_clients_that_start_at_once_make_one_schema(pg_cluster, database, url):
    """Six klantprofiels open a new database at the same moment: one creates the schema, the
    others wait on the advisory lock and find it made; every one of them stores its interview."""
    code = textwrap.dedent("""
        import sys, time
        from klantprofiel.answers import Answers
        from klantprofiel.questionset.load import load
        from klantprofiel.store.factory import store_at
        qs = load("kennismaking")
        start = float(sys.argv[2])
        time.sleep(max(0, start - time.time()))
        store = store_at(sys.argv[1])
        store.save_interview(qs, Answers({}, {"customer": "Klant " + sys.argv[3]}))
    """)
    start = time.time() + 2
    procs = [subprocess.Popen([sys.executable, "-c", code, url, str(start), str(n)], stderr=subprocess.PIPE, text=True) for n in range(6)]
    errors = [p.communicate(timeout=90)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errors
    counts = tables(pg_cluster, database)
    assert counts["migrations"] == len(KNOWN) and counts["interviews"] == 6 and counts["people"] == 6


def test_a_role_that_may_not_make_the_schema_is_told_so_and_nothing_is_made(pg_cluster, database):
    with pg_cluster.admin() as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'gast'").fetchone() is None:
            conn.execute("CREATE ROLE gast LOGIN")
    with pytest.raises(UserError) as refused:
        store_at(pg_cluster.url(database, "gast")).customer("Piet")
    assert refused.value.msg.key == "pg_no_permission" and "gast" in refused.value.text("en") + (refused.value.hint_text("en") or "")
    assert "The first klantprofiel creates the tables" in refused.value.hint_text("en")
    assert tables(pg_cluster, database) == {}
    interview(store_at(pg_cluster.url(database)), "Piet")  # the owner may, later
    assert tables(pg_cluster, database)["interviews"] == 1


def test_a_role_that_may_only_read_is_told_which_rights_it_lacks_in_a_store_that_is_there(pg_cluster, database, url, run):
    interview(store_at(url), "Piet")
    with pg_cluster.admin() as conn:
        conn.execute("CREATE ROLE lezer LOGIN")
    with pg_cluster.admin(database) as conn:
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO lezer")
    reader = pg_cluster.url(database, "lezer")
    assert run("show", "Piet", "--db", reader).exit_code == 0
    refused = run("interview", "Ans", "--answers", "-", "--db", reader, "--lang", "en", input="{}")
    said = " ".join(refused.stderr.split())
    assert refused.exit_code == 1 and "Your database role may not do this" in said, said
    assert "The tables are there" in said and "member of the role that owns the database" in said and "creates the tables" not in said


def test_a_schema_from_a_newer_klantprofiel_is_refused_and_left_untouched(pg_cluster, database, url):
    interview(store_at(url), "Piet")
    with pg_cluster.admin(database) as conn:
        conn.execute("INSERT INTO migrations (name, applied_at) VALUES ('v99_from_the_future', '2030-01-01')")
    before = tables(pg_cluster, database)
    with pytest.raises(UserError) as refused:
        store_at(url).customer("Piet")
    text = refused.value.text("en")
    assert "newer klantprofiel" in text and "v99_from_the_future" in text and "left untouched" in text
    assert "pip install --upgrade" in (refused.value.hint_text("en") or "")
    assert tables(pg_cluster, database) == before


def test_a_database_where_another_program_has_a_table_of_our_names_is_refused_and_left_untouched(pg_cluster, database, url):
    with pg_cluster.admin(database) as conn:
        conn.execute("CREATE TABLE people (id integer, email text)")
        conn.execute("INSERT INTO people VALUES (1, 'piet@example.nl')")
    with pytest.raises(UserError) as refused:
        store_at(url).customer("Piet")
    text = refused.value.text("en")
    assert "not a usable klantprofiel store" in text and '"people" already exists' in text and "left untouched" in text
    assert tables(pg_cluster, database) == {"people": 1}


def test_an_interview_names_only_an_import_that_is_there(pg_cluster, database, url):
    """What the foreign key of interviews.import_id held, the triggers of v5 hold once per
    statement: an interview may not name an import that is not there, by INSERT or UPDATE, and
    an import that interviews name may not go."""
    import psycopg
    interview(store_at(url), "Piet")
    with pg_cluster.admin(database) as conn:
        conn.execute("INSERT INTO imports (id, file, created_at) VALUES (7, 'klanten.jsonl', '2024-01-01')")
        conn.execute("UPDATE interviews SET import_id = 7")
        copied = ("INSERT INTO interviews (customer, customer_key, question_set, set_version, answers, known, total, source, created_at, uid, import_id)"
                  " SELECT customer, customer_key, question_set, set_version, answers, known, total, source, created_at, %s, %s FROM interviews LIMIT 1")
        conn.execute(copied, ("b" * 32, 7))
        for refused, params in ((copied, ("c" * 32, 8)), ("UPDATE interviews SET import_id = %s", (8,)),
                                ("DELETE FROM imports WHERE id = %s", (7,)), ("UPDATE imports SET id = %s", (8,))):
            with pytest.raises(psycopg.errors.ForeignKeyViolation):
                conn.execute(refused, params)
        conn.execute("DELETE FROM interviews")
        conn.execute("DELETE FROM imports WHERE id = 7")
    assert (tables(pg_cluster, database)["interviews"], tables(pg_cluster, database)["imports"]) == (0, 0)


# --- credentials ---------------------------------------------------------------------------------------------------------

def test_what_the_url_leaves_out_comes_from_the_postgres_environment(pg_cluster, database, monkeypatch):
    monkeypatch.setenv("PGHOST", str(pg_cluster.socket_dir))
    monkeypatch.setenv("PGUSER", "sanne")
    monkeypatch.setenv("PGDATABASE", database)
    store = store_at("postgresql://")
    interview(store, "Piet")
    assert [i.customer for i in store.history("Piet")] == ["Piet"]


def test_a_password_comes_from_pgpass_and_is_never_kept(pg_cluster, database, tmp_path, monkeypatch):
    role, password = pg_cluster.password_role(database)
    pgpass = tmp_path / ".pgpass"
    pgpass.write_text(f"*:*:*:{role}:{password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    store = store_at(pg_cluster.url(database, role))
    interview(store, "Piet")
    assert store.history("Piet")[0].salesperson == role
    with pg_cluster.admin(database) as conn:  # nothing of the password in the rows
        dump = repr(conn.execute("SELECT * FROM interviews, people, migrations").fetchall())
    assert password not in dump


def test_a_password_comes_from_pgpassword_and_a_service_from_pgservice(pg_cluster, database, tmp_path, monkeypatch):
    role, password = pg_cluster.password_role(database)
    services = tmp_path / "pg_service.conf"
    services.write_text(f"[team]\nhost={pg_cluster.socket_dir}\ndbname={database}\nuser={role}\n")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    monkeypatch.setenv("PGSERVICE", "team")
    monkeypatch.setenv("PGPASSWORD", password)
    store = store_at("postgresql://")
    interview(store, "Piet")
    assert store.history("Piet")[0].salesperson == role
    store.close()
    monkeypatch.delenv("PGPASSWORD")
    with pytest.raises(UserError) as refused:  # the password was the environment's, not kept anywhere
        store_at("postgresql://").customer("Piet")
    assert password not in refused.value.text("en")


def test_a_wrong_password_is_said_in_the_runs_language_and_not_shown(pg_cluster, database, run):
    role, password = pg_cluster.password_role(database)
    url = pg_cluster.url(database, role, "niet-" + password)
    dutch = run("list", "--db", url)
    assert dutch.exit_code == 1, dutch.stderr
    said = " ".join(dutch.stderr.split())
    assert f"het wachtwoord van gebruiker {role} klopt niet" in said and "password authentication" not in said, said
    assert password not in said
    assert f'password authentication failed for user "{role}"' in " ".join(run("list", "--db", url, "--lang", "en").stderr.split())


@pytest.mark.parametrize(("change", "nl", "en"), [
    ({"role": "niemand"}, "mislukte: de databasegebruiker niemand bestaat niet op de server", "the database role niemand does not exist on the server"),
    ({"database": "nergens"}, "mislukte: de database nergens bestaat niet op de server", "the database nergens does not exist on the server"),
    ({"role": "password"}, "mislukte: de server vraagt om een wachtwoord, maar er is geen wachtwoord opgegeven", "the server asks for a password and none was given"),
    ({"query": "&sslmode=bla"}, "niet bereiken: sslmode=bla bestaat niet (kies uit: disable,", "sslmode=bla does not exist (these do: disable,"),
    ({"query": "&port=abc"}, "niet bereiken: port=abc is geen getal", "port=abc is not a number"),
    ({"query": "&foo=bar"}, "klopt niet: PostgreSQL kent de parameter foo niet", "PostgreSQL knows no parameter foo"),
], ids=["no such role", "no such database", "no password", "no such sslmode", "port not a number", "no such parameter"])
def test_why_the_server_or_libpq_refused_is_said_in_the_runs_language(pg_cluster, database, run, change, nl, en):
    """The server's and libpq's reasons are English whatever --lang says: each is read back
    (`libpq_words`), and its severity ("FATAL:") is left out."""
    role = pg_cluster.password_role(database)[0] if change.get("role") == "password" else change.get("role", ROLE)
    url = pg_cluster.url(change.get("database", database), role) + change.get("query", "")
    dutch = run("list", "--db", url)
    assert dutch.exit_code == 1, dutch.stderr
    said = " ".join(dutch.stderr.split())
    assert nl in said and "FATAL" not in said, said
    assert other_language(said, "nl") == [], said
    english = " ".join(run("list", "--db", url, "--lang", "en").stderr.split())
    assert en in english and other_language(english, "en") == [], english


def test_sslmode_in_the_url_goes_to_the_server_connection_as_given(url):
    """libpq ignores sslmode on a Unix socket (the tests' server), so what is checked is that the
    connection was made with it, not overridden by klantprofiel."""
    store = store_at(url + "&sslmode=disable")
    assert store.conn.info.get_parameters().get("sslmode") == "disable"
    store.close()
    store = store_at(url + "&sslmode=require")
    assert store.conn.info.get_parameters().get("sslmode") == "require"
    store.close()


def test_the_salesperson_is_the_connected_role_unless_the_interview_says(url):
    store = store_at(url)
    interview(store, "Piet")
    interview(store, "Ans", salesperson="Joop")
    assert store.history("Piet")[0].salesperson == "sanne"
    assert store.history("Ans")[0].salesperson == "Joop"


@pytest.mark.parametrize("case", ["wrong password", "no server", "no database", "newer schema", "busy", "bad option", "unknown option",
                                  "unclosed bracket", "a % not escaped", "a % not escaped as a parameter", "%00"])
def test_no_message_shows_the_password(pg_cluster, database, tmp_path, case):
    """Every message that can name the store: the URL in it has its password masked."""
    role, _ = pg_cluster.password_role(database)
    wrong = "Niet-Dit-W8woord"
    url = pg_cluster.url(database, role, wrong)
    if case == "no server":
        url = f"postgresql://{role}:{wrong}@/{database}?host={tmp_path}"
    elif case == "no database":
        url = pg_cluster.url("bestaat_niet", "sanne", wrong)
    elif case in ("newer schema", "busy"):
        url = pg_cluster.url(database, "sanne", wrong)  # trust: the password is not asked for
        store_at(url).keep_set(load("kennismaking"))
        with pg_cluster.admin(database) as conn:
            conn.execute("INSERT INTO migrations (name, applied_at) VALUES ('v99_from_the_future', NULL)" if case == "newer schema" else
                         "SELECT 1")
    elif case == "bad option":
        url = pg_cluster.url(database, "sanne", wrong) + "&sslmode=sometimes"
    elif case == "unknown option":
        url = pg_cluster.url(database, "sanne", wrong) + "&ssl_mode=require"
    elif case == "unclosed bracket":
        url = f"postgresql://sanne:{wrong}@[::1/{database}"
    elif case.startswith("a % not escaped"):  # libpq quotes what it cannot decode: the password, outside the URL
        wrong = "Ge%heim-W8woord"
        url = pg_cluster.url(database, role) + f"&password={wrong}" if "parameter" in case else pg_cluster.url(database, role, "x").replace(":x@", f":{wrong}@")
    elif case == "%00":
        wrong = "Geheim%00W8woord"
        url = pg_cluster.url(database, role, "x").replace(":x@", f":{wrong}@")
    if case == "busy":
        holder = pg_cluster.admin(database)
        holder.execute("BEGIN")
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        os.environ["KLANTPROFIEL_BUSY_TIMEOUT"] = "0.2"
    try:
        with pytest.raises(UserError) as refused:
            interview(store_at(url), "Piet")
    finally:
        os.environ.pop("KLANTPROFIEL_BUSY_TIMEOUT", None)
        if case == "busy":
            holder.close()
    shown = refused.value.text("en") + (refused.value.hint_text("en") or "") + refused.value.text("nl")
    assert wrong not in shown
    assert "Traceback" not in shown and "***" in shown, shown
    if case == "busy":
        assert isinstance(refused.value, StoreBusyError)
    if case == "bad option":
        assert "sslmode" in shown  # the URL's sslmode goes to libpq as it is
    if case == "unknown option":
        assert "ssl_mode" in shown and "URL" in shown  # libpq could not read the URL: said so, not a bug


@pytest.mark.parametrize("db", ["host=/tmp dbname=klanten password=Niet-Dit-W8woord", " user = sanne  password='Niet-Dit-W8woord'",
                                "postgresql://sanne:Niet-Dit@W8woord@localhost/klanten", "postgres://sanne:Niet@Dit@W8woord@localhost"])
def test_a_db_that_is_not_what_it_seems_is_refused_before_anything_is_made_or_shown(run, tmp_path, monkeypatch, db):
    """A libpq connection string was taken for a file name: its folders made, and the password
    shown in "Created a new store". A password with an unescaped @ was masked up to that @ only,
    and libpq took the rest for the server's name."""
    monkeypatch.chdir(tmp_path)
    result = run("interview", "Piet", "--answers", "-", "--db", db, "--lang", "en", input="{}")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert not any(part in result.stderr for part in ("Niet-Dit-W8woord", "W8woord", "Dit@")), result.stderr
    assert "***" in result.stderr and ("connection string" in result.stderr or "more than one @" in result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_a_reading_command_makes_nothing_in_a_database_that_holds_no_store(run, pg_cluster, database, url, tmp_path):
    """`list` on a database of another program's tables made klantprofiel's eleven beside them; a
    reading command now says there is no store there, as it does for a file, and a dry run checks
    without one. The first interview or import makes the store."""
    with pg_cluster.admin(database) as conn:
        conn.execute("CREATE TABLE orders (id int)")

    def tables() -> list[str]:
        with pg_cluster.admin(database) as conn:
            return [t for (t,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]

    for command in (["list"], ["show", "Piet"], ["export"], ["history", "Piet"]):
        result = run(*command, "--db", url, "--lang", "en")
        assert result.exit_code == 1 and "No store at postgresql://" in result.stderr and "Traceback" not in result.stderr, result.stderr
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"customer": {"name": "Piet"}, "answers": {}}) + "\n")
    dry = run("import", str(data), "--dry-run", "--db", url)
    assert dry.exit_code == 0, dry.stderr
    assert tables() == ["orders"]
    assert run("interview", "Piet", "--answers", "-", "--db", url, input="{}").exit_code == 0
    assert "people" in tables() and "orders" in tables()


# --- waiting, erasing, stopping ----------------------------------------------------------------------------------------

def test_a_writer_waits_for_another_then_is_told_busy_and_readers_never_wait(pg_cluster, database, url, monkeypatch):
    monkeypatch.setenv("KLANTPROFIEL_BUSY_TIMEOUT", "0.3")
    store = store_at(url)
    interview(store, "Piet")
    with pg_cluster.admin(database) as holder:
        holder.execute("BEGIN")
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        holder.execute("UPDATE people SET name = name")  # a writer that holds rows too
        started = time.perf_counter()
        with pytest.raises(StoreBusyError):
            interview(store, "Ans")
        assert 0.25 < time.perf_counter() - started < 5
        assert [c.name for c in store.customers()] == ["Piet"]  # reading goes on meanwhile
        holder.execute("ROLLBACK")
    interview(store, "Ans")
    assert sorted(c.name for c in store.customers()) == ["Ans", "Piet"]


SERIALISATION_FAILURE = "DO $$ BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; END $$"
"""What the server answers when it rolled a transaction back as a serialisation failure (SQLSTATE 40001)."""


def test_a_serialisation_failure_runs_the_whole_transaction_again_and_one_that_stays_is_busy(pg_cluster, database, url, monkeypatch):
    from klantprofiel.store.postgres.connection import RETRIES, retried
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    store = store_at(url)
    store.keep_set(load("kennismaking"))
    tries = []

    def body(conn, fails: int):
        tries.append(1)
        conn.execute("INSERT INTO imports (file, created_at) VALUES ('poging', 'nu')")
        if len(tries) <= fails:
            conn.execute(SERIALISATION_FAILURE)
        return len(tries)

    assert retried(store.conn, store.path, lambda conn: body(conn, 2)) == 3
    assert tables(pg_cluster, database)["imports"] == 1  # the two rolled back left nothing
    tries.clear()
    with pytest.raises(StoreBusyError):
        retried(store.conn, store.path, lambda conn: body(conn, RETRIES + 1))
    assert len(tries) == RETRIES + 1 and tables(pg_cluster, database)["imports"] == 1


def test_a_reader_that_keeps_the_rewrite_waiting_leaves_the_erasure_to_be_finished_by_the_next_delete(pg_cluster, database, url, run,
                                                                                                      monkeypatch):
    monkeypatch.setenv("KLANTPROFIEL_BUSY_TIMEOUT", "0.3")
    interview(store_at(url), "Zwaantje Oosterbroek", notes="geheim-7731")
    with pg_cluster.admin(database) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM interviews")  # holds a lock VACUUM FULL must wait for
        result = run("delete", "Zwaantje Oosterbroek", "--yes", "--lang", "en", "--db", url)
        reader.execute("ROLLBACK")
    said = " ".join(result.stderr.split())
    assert result.exit_code == 0, said
    assert "the rows are removed, the tables are not rewritten yet" in said and "were not rewritten" in said
    assert "klantprofiel delete 'Zwaantje Oosterbroek' --yes" in said and "zeros" not in said and "free space" not in said
    finished = run("delete", "Zwaantje Oosterbroek", "--yes", "--lang", "en", "--db", url)
    assert finished.exit_code == 0 and "the tables are rewritten" in " ".join(finished.stderr.split())
    assert not any(b"geheim-7731" in p.read_bytes() for p in pg_cluster.relation_files(database))


def test_an_erased_customer_is_gone_from_the_table_files(pg_cluster, database, url):
    store = store_at(url)
    for n in range(3):
        interview(store, "Zwaantje Oosterbroek", organisation="Vishandel Oosterbroek", notes=f"gesprek {n} met Oosterbroek")
    interview(store, "Piet Jansen", organisation="Bakkerij")
    store.save_draft("Zwaantje Oosterbroek", "kennismaking", {"meta": {"customer": "Zwaantje Oosterbroek"}, "answers": {}})
    assert any(b"Oosterbroek" in p.read_bytes() for p in pg_cluster.relation_files(database))  # the check can see it
    erased = store.erase_customer("Zwaantje Oosterbroek")
    assert (erased.interviews, erased.drafts) == (3, 1)
    holding = [p.name for p in pg_cluster.relation_files(database) if b"Oosterbroek" in p.read_bytes()]
    assert holding == []
    assert [c.name for c in store.customers()] == ["Piet Jansen"]


def test_an_import_killed_halfway_stores_nothing(pg_cluster, database, url, tmp_path):
    """kill -9 while an import has written thousands of rows inside its transaction: the server
    rolls all of them back; the store is as before, and the next import works."""
    interview(store_at(url), "Piet")
    code = textwrap.dedent("""
        import sys, time
        from klantprofiel.io.readers import source
        from klantprofiel.io.importer import import_records
        from klantprofiel.questionset.load import load
        from klantprofiel.store.factory import store_at
        store = store_at(sys.argv[1])
        qs = load("kennismaking")
        src = source(sys.argv[2], None, "jsonl")
        def progress(n):
            if n >= 3000:
                print("halfway", flush=True)
                time.sleep(60)
        import_records(src, store, qs, on_progress=progress)
    """)
    records = tmp_path / "klanten.jsonl"
    records.write_text("".join(f'{{"customer": {{"name": "Klant {n}"}}, "answers": {{}}}}\n' for n in range(6000)))
    proc = subprocess.Popen([sys.executable, "-c", code, url, str(records)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "halfway\n", proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        proc.kill()
    deadline = time.monotonic() + 20
    while tables(pg_cluster, database)["interviews"] != 1 and time.monotonic() < deadline:
        time.sleep(0.1)  # the server rolls back once it sees the client gone
    counts = tables(pg_cluster, database)
    assert (counts["interviews"], counts["people"], counts["imports"]) == (1, 1, 0)


def test_a_team_role_owns_the_tables_so_every_member_can_erase(pg_cluster):
    """The database belongs to a team role; Sanne's klantprofiel happens to make the tables, Joop
    erases a customer she interviewed, and the rewrite of the tables (owners only) works for him."""
    with pg_cluster.admin() as conn:
        conn.execute("CREATE ROLE team_noord NOLOGIN")
        conn.execute("CREATE ROLE joop LOGIN IN ROLE team_noord")
        conn.execute("CREATE ROLE fenna LOGIN IN ROLE team_noord")
        conn.execute("CREATE DATABASE team_noord OWNER team_noord TEMPLATE template0")
    fenna = store_at(pg_cluster.url("team_noord", "fenna"))
    for _ in range(2):  # her name twice: a most common value in the statistics
        interview(fenna, "Zwaantje Oosterbroek", notes="Oosterbroek")
    interview(fenna, "Piet")
    with pg_cluster.admin("team_noord") as conn:
        assert {o for (o,) in conn.execute("SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")} == {"team_noord"}
    joop = store_at(pg_cluster.url("team_noord", "joop"))
    assert joop.history("Zwaantje Oosterbroek")[0].salesperson == "fenna"
    with pg_cluster.admin("team_noord") as conn:
        conn.execute("ANALYZE")  # as autovacuum does: the planner's statistics hold samples of her name
    erased = joop.erase_customer("Zwaantje Oosterbroek")
    assert erased.compaction.value == "done"
    assert [p.name for p in pg_cluster.relation_files("team_noord") if b"Oosterbroek" in p.read_bytes()] == []


def test_a_role_that_may_delete_but_not_rewrite_is_told_the_erasure_is_not_complete(pg_cluster, database, url):
    interview(store_at(url), "Zwaantje Oosterbroek")
    with pg_cluster.admin(database) as conn:
        conn.execute("CREATE ROLE stagiair LOGIN")
        conn.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO stagiair")
        conn.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO stagiair")
    store = store_at(pg_cluster.url(database, "stagiair"))
    erased = store.erase_customer("Zwaantje Oosterbroek")
    assert erased.compaction.value == "failed" and erased.problem is not None
    assert "does not own the table(s) customer_lines, drafts, feedback, import_renames, import_replaced, imports, interviews, people" in erased.problem.text("en")
    assert "geen eigenaar" in erased.problem.text("nl") and store.compaction_due()
    owner = store_at(url)
    assert owner.compact()[0].value == "done" and not owner.compaction_due()


def test_a_role_that_owns_the_tables_but_not_the_database_is_told_its_statistics_keep_him(pg_cluster):
    """Rewriting the planner's statistics (`pg_statistic`, samples of every column) takes owning
    the database: without, VACUUM skips it with a mere warning, so the erasure says it is not complete."""
    with pg_cluster.admin() as conn:
        conn.execute("CREATE ROLE bouwer LOGIN")
        conn.execute("CREATE DATABASE niet_van_bouwer TEMPLATE template0")
    with pg_cluster.admin("niet_van_bouwer") as conn:
        conn.execute("GRANT CREATE ON SCHEMA public TO bouwer")
    store = store_at(pg_cluster.url("niet_van_bouwer", "bouwer"))
    interview(store, "Zwaantje Oosterbroek")
    erased = store.erase_customer("Zwaantje Oosterbroek")
    assert erased.compaction.value == "failed" and erased.problem is not None
    assert "does not own the table(s) pg_statistic in" in erased.problem.text("en") and store.compaction_due()


def test_show_needs_the_same_round_trips_for_a_long_history_as_for_one_interview(url):
    """Over a network each statement costs a round trip: `show` sends no query per interview or line."""
    from klantprofiel.bench import pg_show_round_trips
    trips = pg_show_round_trips(url, (1, 12))
    assert trips[1] == trips[12] and trips[1] < 40, trips


@pytest.mark.parametrize("spelled", ["POSTGRES", "PostgreSQL", "Postgres"])
def test_a_url_s_scheme_may_be_written_in_any_case(run, url, spelled):
    """A scheme is the same in any case (RFC 3986); libpq read `POSTGRES://…` as a connection
    string it could not parse."""
    assert run("interview", "Piet", "--answers", "-", "--db", url, input="{}").exit_code == 0
    listed = run("list", "--json", "--db", spelled + url[url.index(":"):])
    assert listed.exit_code == 0, listed.stderr
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Piet"]


def test_a_limit_of_the_server_is_said_as_its_refusal_not_as_a_server_out_of_reach(pg_cluster, database):
    """DiskFull, OutOfMemory and ProgramLimitExceeded are psycopg OperationalErrors, as a lost
    connection is: they were told "cannot reach the store, check the server, user and password"."""
    from klantprofiel.store.postgres.connection import translated
    with pg_cluster.admin(database) as conn, pytest.raises(UserError) as refused, translated("de opslag"):
        conn.execute("SELECT repeat('x', 2000000000)")  # over 1 GB: refused before any is made: ProgramLimitExceeded
    assert refused.value.msg.key == "pg_server_refused", refused.value.text("en")
    assert "The server of de opslag refused: requested length too large" in refused.value.text("en")


def test_a_server_that_goes_away_mid_use_is_try_again_exit_3(pg_cluster, database, url):
    """A script cannot tell "fix your file" (1) from "later" unless the code says: a server
    restarted under a connection is "try again", as a busy store."""
    store = store_at(url)
    interview(store, "Piet")
    with pg_cluster.admin(database) as conn:
        assert conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'klantprofiel'").fetchall() == [(True,)]
    with pytest.raises(UserError) as gone:
        interview(store, "Ans")
    assert gone.value.exit_code == 3 and "Cannot reach the store" in gone.value.text("en"), gone.value.text("en")
    assert [i.customer for i in store_at(url).history("Piet")] == ["Piet"]
