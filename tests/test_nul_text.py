"""A NUL (U+0000) in any free text the program keeps is refused where it comes in, the way a NUL in
a customer's name is: the file, its line and the field named, exit 1, nothing stored, on either
store. A PostgreSQL text column cannot hold one, so a store of either kind refusing it is what
keeps the two stores alike (an SQLite store used to keep it, a PostgreSQL one crashed with exit 70).

The free texts are every who/when field that is not a closed value (the organisation, salesperson,
context, notes: `who_when`) and a text answer; each way in is tried with each of them.
"""

from __future__ import annotations

import json
import os

import pexpect
import pytest

from klantprofiel import kinds
from klantprofiel.questionset.load import load
from klantprofiel.who_when import CUSTOMER_FIELDS, DATE_FIELD, STORED_FIELDS

from helpers import MINI, failed_cleanly, nul_let_in

FREE_TEXT = tuple(f for f in STORED_FIELDS if f not in ("pronoun", DATE_FIELD))
"""The who/when fields that are free text: a new one is tried here without a change."""
TEXT_ANSWER = next(q.id for q in load().questions if kinds.of(q).name == "text")
"""A text answer of the default set (`preferences`)."""
FIELDS = (*FREE_TEXT, TEXT_ANSWER)
NUL_TEXT = "Bakkerij\x00De Vries"
SAID = "U+0000"


def test_every_free_text_who_when_field_is_tried():
    assert set(FREE_TEXT) >= {"organisation", "salesperson", "context", "notes"}


def record_field(field: str) -> str:
    """Where a field sits in an import record, as its problems name it."""
    if field in FREE_TEXT:
        return f"{'customer' if field in CUSTOMER_FIELDS else 'interview'}.{field}"
    return f"answers.{field}"


def record(name: str, field: str | None = None) -> dict:
    """An import record of `name`, with NUL_TEXT in `field`."""
    rec: dict = {"customer": {"name": name}, "interview": {}, "answers": {}}
    if field is not None:
        part, key = record_field(field).split(".")
        rec[part][key] = NUL_TEXT
    return rec


@pytest.fixture
def seeded(run, backend):
    """The store holds one customer already; returns its rows, which a refusal leaves as they are."""
    assert run("interview", "Eerste", "--answers", "-", input="{}").exit_code == 0
    return backend.snapshot()


def write_import(tmp_path, form: str, field: str):
    """An import file of two records whose second holds NUL_TEXT in `field`; (path, where the problem is said)."""
    good, bad = record("Goed"), record("Fout", field)
    path = tmp_path / f"nul.{form}"
    if form == "jsonl":
        path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
        return path, f"nul.jsonl, regel 2: {record_field(field)} = "
    if form == "json":
        path.write_text("[\n" + json.dumps(good) + ",\n" + json.dumps(bad) + "\n]\n", encoding="utf-8")
        return path, f"nul.json, regel 3: {record_field(field)} = "
    path.write_bytes(f"customer,{field}\nGoed,\nFout,{NUL_TEXT}\n".encode())
    return path, f"nul.csv, rij 3: {field} = "


@pytest.mark.parametrize("form", ["jsonl", "json", "csv"])
@pytest.mark.parametrize("field", FIELDS)
def test_an_import_with_a_nul_in_a_free_text_is_refused_and_stores_nothing(run, backend, seeded, tmp_path, form, field):
    path, where = write_import(tmp_path, form, field)
    said = failed_cleanly(run("import", str(path)), 1)
    assert where in said and SAID in said, said
    assert "niets opgeslagen" in said
    assert backend.snapshot() == seeded


@pytest.mark.parametrize("field", FIELDS)
def test_skip_invalid_puts_a_record_with_a_nul_in_the_rejects(run, backend, tmp_path, field):
    path, where = write_import(tmp_path, "jsonl", field)
    rejects = tmp_path / "fout.jsonl"
    result = run("import", str(path), "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 1, result.stderr
    assert where in result.stderr
    assert [r[1] for r in backend.rows("interviews")] == ["Goed"]
    rejected = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [r["customer"]["name"] for r in rejected] == ["Fout"]


@pytest.mark.parametrize("form", ["json", "toml"])
@pytest.mark.parametrize("field", FIELDS)
def test_an_answers_file_with_a_nul_is_refused_and_stores_nothing(run, backend, seeded, tmp_path, form, field):
    path = tmp_path / f"antwoorden.{form}"
    if form == "json":
        path.write_text(json.dumps({field: NUL_TEXT}), encoding="utf-8")
    else:
        path.write_text(f'{field} = "Bakkerij\\u0000De Vries"\n', encoding="utf-8")
    said = failed_cleanly(run("interview", "Nieuw", "--answers", str(path)), 1)
    assert f"antwoorden.{form}" in said and f"veld '{field}'" in said and SAID in said, said
    assert backend.snapshot() == seeded
    said = failed_cleanly(run("interview", "Nieuw", "--answers", "-", input=json.dumps({field: NUL_TEXT})), 1)
    assert "<stdin>" in said and f"veld '{field}'" in said and SAID in said, said
    assert backend.snapshot() == seeded


def test_the_refusal_is_said_in_english_too(run, backend, tmp_path):
    path, _ = write_import(tmp_path, "jsonl", "organisation")
    said = failed_cleanly(run("import", str(path), "--lang", "en"), 1)
    assert "nul.jsonl, line 2: customer.organisation = " in said
    assert "holds a control character (U+0000, NUL), which cannot be stored" in said


def test_a_nul_typed_in_the_interview_is_refused_while_it_is_typed(spawn, run, backend):
    """The plain interview reads lines as typed, a NUL too (^@ in a terminal): it is refused with
    the words of the prompt and asked again, for a who/when field as for a text answer."""
    child = spawn("interview", "Jan", "--set", str(MINI), "--plain", KLANTPROFIEL_DB=backend.url)
    child.expect(r"1/6 Notities\?.*: ")
    child.sendline("eerste\x00gesprek")
    child.expect(r"een stuurteken \(U\+0000, NUL\) kan niet bewaard worden; typ de tekst opnieuw")
    child.sendline("eerste gesprek")
    for step, typed in ((2, "1"), (3, "1"), (4, "5"), (5, "2")):
        child.expect(rf"{step}/6")
        child.sendline(typed)
    child.expect(r"6/6 .*: ")
    child.sendline("weet\x00veel")
    child.expect(r"een stuurteken \(U\+0000, NUL\) kan niet bewaard worden")
    child.sendline("weet veel")
    child.expect(r"Wat wil je doen\?")
    child.sendline("1")
    child.expect("Opgeslagen als interview 1 van Jan")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [stored] = json.loads(run("show", "Jan", "-f", "json").stdout)
    assert (stored["interview"]["notes"], stored["answers"]["knows"]) == ("eerste gesprek", "weet veel")


# --- What a store holds from before a NUL was refused (an SQLite store kept it) ----------------------------------


def old_interview(run, field: str, *extra: str) -> None:
    """Piet's interview with NUL_TEXT in `field`, stored as earlier versions stored it."""
    with nul_let_in():
        result = run("interview", "Piet", "--answers", "-", *extra, input=json.dumps({field: NUL_TEXT, "learning_mode": "listen"}))
    assert result.exit_code == 0, result.stderr


def exported(run) -> list[dict]:
    return [json.loads(line) for line in run("export", "-o", "-").stdout.splitlines()]


def value_of(record: dict, field: str):
    if field in FREE_TEXT:
        return (record["customer"] if field in CUSTOMER_FIELDS else record["interview"])[field]
    return record["answers"][field]


@pytest.mark.parametrize("field", FIELDS)
def test_a_re_interview_takes_over_an_old_nul_as_a_space_and_the_old_interview_stays(run, field):
    old_interview(run, field)
    result = run("interview", "Piet", "--answers", "-", "--from-last", input=json.dumps({"learning_mode": "think_along"}))
    assert result.exit_code == 0, result.stderr
    old, new = exported(run)
    assert value_of(old, field) == NUL_TEXT  # kept as it was: shown, exported, erased like any other
    carried = field in (TEXT_ANSWER, "organisation", "salesperson")  # a meeting's own context and notes are not carried over
    assert value_of(new, field) == ("Bakkerij De Vries" if carried else None)


def test_what_a_re_interview_or_a_draft_takes_over_unasked_is_stored_with_a_space_for_the_nul(run):
    """Asking only the unknown takes his organisation and our salesperson over without asking,
    and a draft keeps what was typed: each is stored again with a space for an old NUL, not a
    crash (exit 70) over a value no prompt gave."""
    from klantprofiel.interview import InterviewState
    from klantprofiel.interview.last import Last
    from klantprofiel.store import Store

    qs = load()
    with nul_let_in():
        given = {"organisation": NUL_TEXT, "salesperson": NUL_TEXT, TEXT_ANSWER: NUL_TEXT}
        assert run("interview", "Piet", "--answers", "-", input=json.dumps(given)).exit_code == 0
    store = Store(os.environ["KLANTPROFIEL_DB"])
    [item] = store.history(store.customer("Piet"))
    answers = InterviewState.again(qs, "Piet", Last.of(qs, item), only_unknown=True).answers()
    mended = "Bakkerij De Vries"
    assert (answers.meta["organisation"], answers.meta["salesperson"], answers.values[TEXT_ANSWER]) == (mended, mended, mended)
    draft = InterviewState.from_json(qs, "Piet", {"values": {TEXT_ANSWER: NUL_TEXT}, "meta": {"notes": NUL_TEXT}, "done": ["notes", TEXT_ANSWER]})
    assert (draft.answers().meta["notes"], draft.answers().values[TEXT_ANSWER]) == (mended, mended)


@pytest.mark.parametrize("field", FREE_TEXT)
def test_a_copy_into_postgresql_names_each_row_with_an_old_nul_and_copies_nothing(run, pg_cluster, tmp_path, field):
    from backends import PostgresBackend

    assert run("interview", "Anna", "--answers", "-", input="{}").exit_code == 0
    old_interview(run, field)
    database = pg_cluster.new_database()
    target = PostgresBackend(pg_cluster.url(database), pg_cluster, database)
    source = os.environ["KLANTPROFIEL_DB"]
    said = " ".join(failed_cleanly(run("store", "copy", source, target.url), 1).split())
    [piet] = [r for r in exported(run) if r["customer"]["name"] == "Piet"]
    interview, customer = piet["interview"]["id"], piet["customer"]["id"]
    rows = 2 if field == "organisation" else 1  # his organisation is also the customer's own (people)
    assert f"{source} bevat {rows} rij(en) met een stuurteken NUL (U+0000) in een tekst" in said, said
    assert "er is niets gekopieerd" in said
    assert f"interview {interview} van Piet ({customer}): {field}" in said
    assert (f"klant Piet ({customer}): organisation" in said) == (field == "organisation")
    assert f"klantprofiel export -c ID -o klant.jsonl --db {source}" in said and "klantprofiel delete ID" in said
    assert "Anna" not in said
    assert all(rows == [] for rows in target.snapshot().values())
    copied = run("store", "copy", source, str(tmp_path / "kopie.db"))  # an SQLite store keeps it as it is
    assert copied.exit_code == 0, copied.stderr
    assert [value_of(r, field) for r in exported(run) if r["customer"]["name"] == "Piet"] == [NUL_TEXT]


def test_the_advice_of_a_refused_copy_gets_the_text_across(run, pg_cluster, tmp_path):
    """Following it: his interviews exported, he is erased, the copy goes through, and the file
    without the NUL is imported into the copy."""
    old_interview(run, "notes")
    source = os.environ["KLANTPROFIEL_DB"]
    target = pg_cluster.url(pg_cluster.new_database())
    customer = exported(run)[0]["customer"]["id"]
    saved = tmp_path / "klant.jsonl"
    assert run("export", "-c", customer, "-o", str(saved)).exit_code == 0
    assert run("delete", customer, "--yes").exit_code == 0
    assert run("store", "copy", source, target).exit_code == 0
    saved.write_text(saved.read_text(encoding="utf-8").replace("\\u0000", " "), encoding="utf-8")
    assert run("import", str(saved), "--db", target).exit_code == 0
    [record] = [json.loads(line) for line in run("export", "-o", "-", "--db", target).stdout.splitlines()]
    assert (record["customer"]["id"], record["interview"]["notes"]) == (customer, "Bakkerij De Vries")


def test_a_text_answer_with_an_old_nul_is_copied_as_it_is(run, pg_cluster):
    """Answers are one JSON text, where a NUL is written \\u0000: PostgreSQL keeps that."""
    old_interview(run, TEXT_ANSWER)
    target = pg_cluster.url(pg_cluster.new_database())
    copied = run("store", "copy", os.environ["KLANTPROFIEL_DB"], target)
    assert copied.exit_code == 0, copied.stderr
    [record] = [json.loads(line) for line in run("export", "-o", "-", "--db", target).stdout.splitlines()]
    assert record["answers"][TEXT_ANSWER] == NUL_TEXT


@pytest.mark.parametrize("field", FIELDS)
def test_a_crm_export_read_through_a_column_map_names_the_column_with_the_nul(run, backend, seeded, tmp_path, field):
    part = record_field(field).split(".")[0]
    (tmp_path / "crm.map.toml").write_text(f'customer.name = "Naam"\n{part}.{field} = "Tekst"\n', encoding="utf-8")
    (tmp_path / "crm.csv").write_bytes(f"Naam,Tekst\nGoed,goed\nFout,{NUL_TEXT}\n".encode())
    said = failed_cleanly(run("import", str(tmp_path / "crm.csv"), "--map", str(tmp_path / "crm.map.toml")), 1)
    assert "crm.csv, rij 3: Tekst = " in said and SAID in said, said
    assert backend.snapshot() == seeded


def test_a_refused_copy_lists_ten_rows_and_counts_the_rest(run, pg_cluster):
    with nul_let_in():
        for n in range(12):
            assert run("interview", f"Klant {n}", "--answers", "-", input=json.dumps({"notes": NUL_TEXT})).exit_code == 0
    said = failed_cleanly(run("store", "copy", os.environ["KLANTPROFIEL_DB"], pg_cluster.url(pg_cluster.new_database()), "--lang", "en"), 1)
    listed = [line.strip() for line in said.splitlines() if line.startswith("  ")]
    assert listed[:10] == [f"interview {n + 1} of Klant {n} ({r['customer']['id']}): notes" for n, r in enumerate(exported(run)[:10])]
    assert listed[10:] == ["and 2 more"]
    assert "holds 12 row(s) with a NUL control character (U+0000) in a text" in " ".join(said.split())
