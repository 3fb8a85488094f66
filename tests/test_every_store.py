"""The same commands, the same results, on either store: every test here runs once on an SQLite
file and once on a PostgreSQL database (the `backend` fixture), through the real command line.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from klantprofiel.bench import realistic_records, write_jsonl
from klantprofiel.questionset.load import DEFAULT_SET, load

from helpers import failed_cleanly
from test_concurrency import BUSY

EXAMPLES = Path(__file__).parents[1] / "examples"
NAME = "Zwanette Zeldenrust"
NOTE = "vertrouwelijk-kwartaalcijfers-7731"


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def summary(result, exit_code: int = 0) -> dict:
    """The summary of `import --json` (its last line on stderr)."""
    assert result.exit_code == exit_code, result.stderr
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_interview_show_history_diff_and_brief(run, interviewed, backend):
    interviewed("Piet Jansen", {"learning_mode": "listen", "organisation": "Bakkerij Jansen"})
    interviewed("Piet Jansen", {"learning_mode": "think_along", "advice_form": "short_talk"})
    shown = json.loads(ok(run("show", "piet jansen", "-f", "json")).stdout)
    assert shown[0]["customer"]["name"] == "Piet Jansen" and shown[0]["answers"]["learning_mode"] == "think_along"
    history = json.loads(ok(run("history", "Piet Jansen", "--json")).stdout)
    assert [h["knownness"]["known"] for h in history] == [1, 2]
    diff = " ".join(ok(run("diff", "Piet Jansen", "--lang", "en")).stdout.split())
    assert "Newly known" in diff and "don't know yet → Short talk" in diff
    assert "Piet Jansen" in ok(run("brief", "Piet Jansen")).stdout


def test_list_finds_by_part_of_a_name_without_accents_and_sorts(run, interviewed, backend):
    interviewed("José Müller", {"organisation": "Café 't Hoekje"})
    interviewed("Ans de Wit", {"learning_mode": "listen"})
    listed = json.loads(ok(run("list", "--json")).stdout)
    assert [c["name"] for c in listed] == ["Ans de Wit", "José Müller"]  # most recently met first, then the id
    assert [c["name"] for c in json.loads(ok(run("list", "--search", "muller", "--json")).stdout)] == ["José Müller"]
    assert [c["name"] for c in json.loads(ok(run("list", "--sort", "name", "--json")).stdout)] == ["Ans de Wit", "José Müller"]


def test_list_shows_and_filters_on_the_organisation_he_is_at_whatever_his_latest_interview_left_out(run, interviewed, backend):
    """A customer is at the organisation his interviews last named: an interview that names none
    leaves him there, one that names another moves him (`identity`; what `--organisation` of show,
    history and delete finds him by). `list` shows that one, and --organisation and --search find
    him by it, by a long part (the trigram index) or a short one, and not by the one he left."""
    interviewed("Lea Leeg", {"organisation": "Bakkerij Oud"})
    interviewed("Lea Leeg", {})
    interviewed("Jan Wissel", {"organisation": "Aannemer Appel"})
    interviewed("Jan Wissel", {"organisation": "Bouwbedrijf Boom"})  # he moved (the answers' organisation; --organisation would pick)
    interviewed("Jan Wissel", {})
    lea, wissel = ("Lea Leeg", "Bakkerij Oud"), ("Jan Wissel", "Bouwbedrijf Boom")

    def listed(*args: str) -> list[tuple[str, str]]:
        """(name, organisation) of each line of the table, and the same in JSON."""
        result = ok(run("list", *args))
        table = result.stdout.splitlines() or ["Organisatie Laatste"]
        assert result.stdout or "Geen klanten gevonden" in result.stderr
        org, last = table[0].index("Organisatie"), table[0].index("Laatste")
        rows = [(line[:org].strip(), line[org:last].strip()) for line in table[1:] if "Leeg" in line or "Wissel" in line]
        as_json = [(c["name"], c["organisation"] or "") for c in json.loads(ok(run("list", *args, "--json")).stdout)]
        assert rows == as_json, table
        return rows

    assert listed() == [wissel, lea]
    assert listed("--organisation", "bakkerij") == listed("--search", "BAKKERIJ") == listed("--search", "ak") == [lea]
    assert listed("--organisation", "bouw") == listed("--search", "boom") == listed("--organisation", "oo") == [wissel]
    assert listed("--organisation", "aannemer") == listed("--search", "appel") == []
    assert ok(run("history", "Lea Leeg", "--organisation", "Bakkerij Oud")).stdout.count("Kennismaking") == 2
    failed_cleanly(run("history", "Jan Wissel", "--organisation", "Aannemer Appel"), 1)


def test_a_name_two_customers_share_is_never_guessed(run, interviewed, backend):
    interviewed("Jan de Vries", {"organisation": "Bakkerij"})
    interviewed("Jan de Vries", {"organisation": "Garage"}, "--organisation", "Garage")
    err = failed_cleanly(run("show", "Jan de Vries"), 1)
    assert "2" in err and "Bakkerij" in err and "Garage" in err
    assert json.loads(ok(run("show", "Jan de Vries", "--organisation", "Garage", "-f", "json")).stdout)[0]["customer"]["organisation"] == "Garage"


def test_export_and_import_of_the_export_change_nothing(run, backend, tmp_path):
    ok(run("import", str(EXAMPLES / "import.jsonl")))
    before = backend.snapshot()["interviews"]
    exported = tmp_path / "export.jsonl"
    ok(run("export", "-o", str(exported)))
    assert len(exported.read_text().splitlines()) == len(before)
    assert summary(run("import", str(exported), "--json"))["already_there"] == len(before)
    assert backend.snapshot()["interviews"] == before


def test_import_options_and_undo(run, backend, tmp_path):
    mistakes = EXAMPLES / "import-mistakes.jsonl"
    assert failed_cleanly(run("import", str(mistakes)), 1)
    assert backend.rows() == []  # all or nothing
    dry = summary(run("import", str(EXAMPLES / "import.jsonl"), "--dry-run", "--json"))
    assert (dry["valid"], dry["stored"]) == (3, 0) and backend.rows() == []
    rejects = tmp_path / "fout.jsonl"
    skipped = summary(run("import", str(mistakes), "--skip-invalid", "--rejects", str(rejects), "--json"), 1)
    assert skipped["stored"] == len(backend.rows()) > 0 and rejects.read_text().count("\n") == skipped["rejected"] > 0
    before = backend.rows()
    undone = summary(run("import", str(EXAMPLES / "import.jsonl"), "--json"))
    ok(run("import", "--undo", str(undone["import_id"]), "--yes"))
    assert backend.rows() == before and undone["stored"] == 3
    first = summary(run("import", str(EXAMPLES / "import.jsonl"), "--json"))
    again = summary(run("import", str(EXAMPLES / "import.jsonl"), "--existing", "skip", "--json"))
    assert again["stored"] == 0 and again["skipped"] == 3
    replaced = summary(run("import", str(EXAMPLES / "import.jsonl"), "--existing", "replace", "--json"))
    assert replaced["stored"] == first["stored"] and replaced["replaced"] == first["stored"]


def test_undo_of_a_replace_import_puts_back_what_it_replaced(run, backend):
    ok(run("import", str(EXAMPLES / "import.jsonl")))
    before = [row[1:] for row in backend.rows()]
    replaced = summary(run("import", str(EXAMPLES / "import.jsonl"), "--existing", "replace", "--json"))
    undone = ok(run("import", "--undo", str(replaced["import_id"]), "--yes", "--lang", "en"))
    assert "3 interview(s), and 0 customer(s) it made" in " ".join(undone.stderr.split())  # they keep what is put back
    assert sorted(row[1:] for row in backend.rows()) == sorted(before)


def test_undo_gives_back_the_name_a_crm_record_changed(run, backend):
    def imported(record: dict) -> dict:
        return summary(run("import", "-", "--json", input=json.dumps(record) + "\n"))

    imported({"customer": {"name": "Jan de Vries", "external_id": "CRM-17"}, "answers": {}})
    second = imported({"customer": {"name": "J. de Vries", "external_id": "CRM-17"}, "interview": {"notes": "crm"}, "answers": {}})
    assert [c["name"] for c in json.loads(ok(run("list", "--json")).stdout)] == ["J. de Vries"]
    undone = ok(run("import", "--undo", str(second["import_id"]), "--yes", "--lang", "en"))
    assert "giving 1 customer(s) back the name it changed" in " ".join(undone.stderr.split())
    assert [c["name"] for c in json.loads(ok(run("list", "--json")).stdout)] == ["Jan de Vries"]


def test_what_an_import_kept_to_undo_it_is_erased_with_the_customer(run, interviewed, backend):
    interviewed(NAME, {"organisation": "Zeldenrust BV", "notes": NOTE})
    record = {"customer": {"name": NAME, "organisation": "Zeldenrust BV"}, "interview": {"notes": "nieuw"}, "answers": {}}
    assert summary(run("import", "-", "--json", "--existing", "replace", input=json.dumps(record) + "\n"))["replaced"] == 1
    assert any(NOTE.encode() in data for data in backend.files().values())  # kept beside the import, for undo
    ok(run("delete", NAME, "--yes"))
    assert backend.rows("import_replaced") == [] and backend.rows("import_renames") == []
    assert not any(NOTE.encode() in data for data in backend.files().values())


def test_feedback_is_kept_with_the_interview_and_goes_with_it(run, interviewed, backend):
    interviewed(NAME, {"learning_mode": "listen"})
    ok(run("feedback", NAME, "kennismaking.do_clear_story", "wrong", "--note", "klopte niet"))
    assert "wrong" in json.dumps(json.loads(ok(run("export", "-c", NAME, "-o", "-")).stdout.splitlines()[-1]))
    assert len(backend.rows("feedback")) == 1
    ok(run("delete", NAME, "--yes"))
    assert backend.rows("feedback") == []


def test_undo_of_a_replace_import_gives_back_the_feedback_on_what_it_replaced(run, interviewed, backend):
    interviewed(NAME, {"learning_mode": "listen"})
    ok(run("feedback", NAME, "kennismaking.do_clear_story", "wrong", "--note", "klopte niet"))
    before = [r for r in ok(run("export", "-c", NAME, "-o", "-")).stdout.splitlines() if "klopte niet" in r]
    record = {"customer": {"name": NAME}, "answers": {"learning_mode": "think_along"}}
    replaced = summary(run("import", "-", "--existing", "replace", "--json", input=json.dumps(record) + "\n"))
    assert replaced["replaced"] == 1 and backend.rows("feedback") == []
    ok(run("import", "--undo", str(replaced["import_id"]), "--yes"))
    after = [r for r in ok(run("export", "-c", NAME, "-o", "-")).stdout.splitlines() if "klopte niet" in r]
    assert len(before) == len(after) == 1 and len(backend.rows("feedback")) == 1
    assert {k: v for k, v in json.loads(after[0]).items() if k != "feedback_id"} == {k: v for k, v in json.loads(before[0]).items() if k != "feedback_id"}


def test_rename_and_drafts(run, interviewed, backend):
    from klantprofiel.store import factory
    interviewed("Piet", {})
    ok(run("rename", "Piet", "Pieter Post"))
    assert json.loads(ok(run("list", "--json")).stdout)[0]["name"] == "Pieter Post"
    store = factory.store_at(backend.url)
    store.save_draft("Ans", DEFAULT_SET, {"values": {"knowledge": "veel"}, "meta": {}, "done": ["knowledge"]})
    assert store.draft("Ans", DEFAULT_SET)["values"] == {"knowledge": "veel"}
    store.close()
    assert {c["name"]: c["drafts"] for c in json.loads(ok(run("list", "--json")).stdout)} == {"Pieter Post": 0, "Ans": 1}


# --- the hard cases: erasure, waiting writers, many writers, kill -9 ---------------------------------------------------

def test_delete_erases_every_row_and_every_byte_of_him(run, interviewed, backend):
    interviewed(NAME, {"preferences": "belt liever", "notes": NOTE, "organisation": "Zeldenrust BV"})
    interviewed(NAME, {"learning_mode": "listen", "context": NOTE})
    interviewed("Piet", {"notes": "blijft bewaard"})
    from klantprofiel.store.factory import store_at
    drafts = store_at(backend.url)
    for set_id in ("kennismaking", "twijfels"):  # the only drafts: a table the erasure leaves empty
        drafts.save_draft(NAME, set_id, {"answers": {}, "meta": {"notes": NOTE}})
    drafts.close()

    def traces() -> list[str]:
        return [name for name, data in backend.files().items() if any(w in data.lower() for w in (b"zwanette", b"zeldenrust", NOTE.encode()))]

    assert traces()  # the check can see him before
    backend.analysed()  # the planner's statistics: samples of his name too
    result = ok(run("delete", "zwanette zeldenrust", "--yes"))
    assert "Gewist: Zwanette Zeldenrust (2 interview(s), 2 concept(en))" in result.stderr
    assert traces() == []
    assert [row[1] for row in backend.rows("people")] == ["Piet"] or [row[2] for row in backend.rows("people")] == ["Piet"]
    assert json.loads(ok(run("show", "Piet", "-f", "json")).stdout)[0]["interview"]["notes"] == "blijft bewaard"


SAID = {  # what a complete erasure is said to do, per store and language: a server has no file with free space
    ("sqlite", "nl"): ("ook uit de vrije ruimte van het bestand", "tabellen"),
    ("sqlite", "en"): ("also from the file's free space", "tables"),
    ("postgresql", "nl"): ("de rijen zijn verwijderd en de tabellen herschreven", "vrije ruimte"),
    ("postgresql", "en"): ("the rows are removed and the tables rewritten", "free space"),
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_delete_says_what_it_did_to_this_store(run, interviewed, backend, lang):
    interviewed(NAME, {"notes": NOTE})
    said, not_said = SAID[backend.kind, lang]
    err = " ".join(ok(run("delete", NAME, "--yes", "--lang", lang)).stderr.split())
    assert said in err and not_said not in err and "nullen" not in err and "zeros" not in err
    interviewed("Piet", {})
    err = " ".join(ok(run("delete", "--interview", str(backend.rows()[-1][0]), "--yes", "--lang", lang)).stderr.split())
    assert ("bestand" in err or "file" in err) == (backend.kind == "sqlite")


def test_a_writer_that_waits_too_long_is_told_busy_and_stores_nothing(run, interviewed, backend, monkeypatch):
    interviewed("Piet", {})
    monkeypatch.setenv("KLANTPROFIEL_BUSY_TIMEOUT", "0.2")
    with backend.writing():
        err = failed_cleanly(run("interview", "Ans", "--answers", "-", input="{}"), 3)
        assert BUSY in err
        assert [c["name"] for c in json.loads(ok(run("list", "--json")).stdout)] == ["Piet"]  # readers go on
    assert len(backend.rows()) == 1
    ok(run("interview", "Ans", "--answers", "-", input="{}"))


def test_many_writers_at_once_all_land_once(run, backend):
    """Eight interviews and two imports from ten processes at the same moment: every record
    stored once, none lost."""
    env = {**os.environ, "KLANTPROFIEL_DB": backend.url}
    env.pop("KLANTPROFIEL_BUSY_TIMEOUT", None)
    commands = [[sys.executable, "-m", "klantprofiel", "interview", f"Klant {i}", "--answers", "-"] for i in range(8)]
    commands += [[sys.executable, "-m", "klantprofiel", "import", str(EXAMPLES / "import.jsonl")]] * 2
    procs = [subprocess.Popen(c, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    results = [p.communicate(input="{}", timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * len(procs), [err for _, err in results]
    names = sorted(json.loads(ok(run("list", "--json")).stdout), key=lambda c: c["name"])
    assert [c["name"] for c in names if c["name"].startswith("Klant ")] == [f"Klant {i}" for i in range(8)]
    assert len(backend.rows()) == 8 + 2 * 3


def test_an_import_that_waited_for_another_finds_what_that_one_stored(run, backend, tmp_path, monkeypatch):
    """Two imports of one export at once into a store without customers: the one that waited
    finds the other's customers and interviews ("already there"), as if it had run after it,
    instead of making the same customers again (a bug's exit, 70). The other import runs while
    this one has started but has not yet taken its turn to write."""
    ok(run("import", str(EXAMPLES / "import.jsonl")))
    exported = tmp_path / "export.jsonl"
    ok(run("export", "-o", str(exported)))
    ok(run("import", "--undo", "1", "--yes"))  # nobody left; the export keeps their ids and uids
    from klantprofiel.io import importer
    choice = importer.SetChoice

    def meanwhile(*args, **kwargs):
        other = subprocess.run([sys.executable, "-m", "klantprofiel", "import", str(exported)], capture_output=True, text=True, timeout=120)
        assert other.returncode == 0, other.stderr
        return choice(*args, **kwargs)

    monkeypatch.setattr(importer, "SetChoice", meanwhile)
    done = summary(run("import", str(exported), "--json"))
    assert (done["stored"], done["already_there"], done["new_customers"]) == (0, 3, 0)
    assert len(backend.rows()) == 3 and len(backend.rows("people")) == 3


def test_an_import_whose_rows_wait_for_a_later_write_finds_them_as_if_stored(run, backend, tmp_path, monkeypatch):
    """The PostgreSQL store writes an import's interviews a few batches at a time (`COPY_ROWS`):
    a uid given again in a later batch is still "already there", and a CRM record that spells a
    customer anew renames his interviews of the batches before too. The SQLite store writes each
    batch at once; both give the same."""
    monkeypatch.setattr("klantprofiel.store.postgres.store.COPY_ROWS", 1200)  # batches of 500: three wait, then one write
    records = list(realistic_records(load(DEFAULT_SET), 1600))
    records[10]["interview"]["uid"] = records[700]["interview"]["uid"] = "u-held"
    records[810]["interview"]["uid"] = records[1100]["interview"]["uid"] = "u-of-the-batch-that-renames"
    records[20]["customer"].update(name="Jan de Vries", external_id="CRM-1")
    records[800]["customer"].update(name="J. de Vries", external_id="CRM-1")
    path = tmp_path / "records.jsonl"
    write_jsonl(path, iter(records))
    done = summary(run("import", str(path), "--json"))
    assert (done["stored"], done["already_there"], done["renamed"]) == (1598, 2, [["Jan de Vries", "J. de Vries"]])
    exported = [json.loads(line) for line in ok(run("export", "--format", "jsonl")).stdout.splitlines()]
    uids = [r["interview"]["uid"] for r in exported]
    assert len(exported) == 1598 and uids.count("u-held") == uids.count("u-of-the-batch-that-renames") == 1
    assert [r["customer"]["name"] for r in exported if r["customer"].get("external_id") == "CRM-1"] == ["J. de Vries"] * 2
    lines = json.loads(ok(run("list", "--all", "--json")).stdout)
    assert sum(c["interviews"] for c in lines) == 1598


def test_two_salespeople_who_start_on_the_same_new_customer_at_once_get_one_customer(run, backend):
    """Each klantprofiel finds no customer of the name when it starts, and makes him up; the one
    that stores second finds him there, under the write lock, as an interview started then
    would: one customer with both interviews and the draft, not two of the same name. One at
    another organisation is another person, as always."""
    from klantprofiel.answers import Answers
    from klantprofiel.store.factory import store_at
    qs = load(DEFAULT_SET)
    first, second, third = (store_at(backend.url) for _ in range(3))
    made = [store.customer_of("Dubbel Nieuw", org) for store, org in ((first, "Org"), (second, "Org"), (third, "Ander BV"))]
    assert not any(c.stored for c in made) and len({c.id for c in made}) == 3
    watch = second.watch(made[1], qs.id)
    first.save_interview(qs, Answers({}, {"customer": "Dubbel Nieuw", "organisation": "Org"}), customer=made[0])
    second.save_draft(made[1], qs.id, {"answers": {}}, watch=watch)
    assert watch.customer.id == made[0].id
    second.save_interview(qs, Answers({}, {"customer": "Dubbel Nieuw", "organisation": "Org"}), watch=watch)
    third.save_interview(qs, Answers({}, {"customer": "Dubbel Nieuw", "organisation": "Ander BV"}), customer=made[2])
    people = sorted((c["id"], c["organisation"], c["interviews"]) for c in json.loads(ok(run("list", "--json")).stdout))
    assert people == sorted([(made[0].id, "Org", 2), (made[2].id, "Ander BV", 1)])
    assert backend.rows("drafts") == []  # the interview took the place of his draft
    for store in (first, second, third):
        store.close()


BIG = 60_000


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    write_jsonl(path, realistic_records(load(DEFAULT_SET), BIG))
    return path


def test_kill_9_in_the_middle_of_a_large_import_leaves_the_store_as_it_was(run, backend, big_file):
    ok(run("import", str(EXAMPLES / "import.jsonl")))
    before = backend.snapshot()
    env = {**os.environ, "KLANTPROFIEL_DB": backend.url}
    p = subprocess.Popen([sys.executable, "-m", "klantprofiel", "import", str(big_file)], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while p.poll() is None and not backend.import_is_writing():
            assert time.monotonic() < deadline, "the import never got to writing"
            time.sleep(0.02)
        assert p.poll() is None, "the import finished before it could be killed"
        os.killpg(p.pid, signal.SIGKILL)  # it and its workers
        p.wait(timeout=30)
    finally:
        p.kill()
        p.stderr.close()
    deadline = time.monotonic() + 30
    while backend.snapshot() != before and time.monotonic() < deadline:
        time.sleep(0.1)  # a server rolls back once it sees its client gone
    assert backend.snapshot() == before
    ok(run("import", str(EXAMPLES / "import.jsonl"), "--existing", "new-interview"))


def test_a_customer_keeps_the_newest_pronoun_given_in_every_view(run, interviewed, backend):
    """`Store.pronouns`: an interview that gives none (a file, an import) leaves her written as her."""
    interviewed("Anna Bos", {"pronoun": "she", "learning_mode": "listen"})
    interviewed("Anna Bos", {"learning_mode": "think_along"})
    interviewed("Joris Pel", {"pronoun": "name", "learning_mode": "listen"})
    for args in (["brief", "Anna Bos"], ["show", "Anna Bos"], ["export", "-f", "markdown", "-c", "Anna Bos"]):
        assert " ze " in " ".join(ok(run(*args)).stdout.split()), args
    exported = ok(run("export")).stdout.splitlines()
    joris = json.dumps(json.loads(exported[-1])["profile"], ensure_ascii=False)
    assert "Joris Pel" in joris and not re.search(r"\b(hij|hem|zijn)\b", joris, re.IGNORECASE)
    assert json.loads(exported[1]) == json.loads(ok(run("show", "2", "-f", "json")).stdout)
