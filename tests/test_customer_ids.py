"""Every customer has an id of his own: taken by every command that takes a name, kept in every
export record, found again by import (customer id, then external id, then name and
organisation), and given to the customers of stores written before there were ids."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from contextlib import closing

import pytest

from klantprofiel.store import Store

from helpers import FIXTURES, failed_cleanly

ID = re.compile(r"k-[0-9a-hjkmnp-tv-z]{8}")


def customers(run, *db: str) -> list[dict]:
    return json.loads(run("list", "--json", *db).stdout)


def imported(run, *records: dict) -> dict:
    result = run("import", "-", "--json", input="".join(json.dumps(r) + "\n" for r in records))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stderr.splitlines()[-1])


@pytest.mark.parametrize("command", [["show"], ["brief"], ["history"], ["diff"], ["export", "-c"]])
def test_every_command_that_takes_a_name_takes_the_id(run, interviewed, command):
    interviewed("Piet Jansen", {"notes": "eerste"})
    interviewed("Piet Jansen", {"notes": "tweede"})
    [piet] = customers(run)
    assert ID.fullmatch(piet["id"])
    by_name, by_id = run(*command, "Piet Jansen"), run(*command, piet["id"].upper())
    assert by_id.exit_code == 0, by_id.stderr
    assert by_id.stdout == by_name.stdout


def test_an_id_nobody_has_is_not_found_and_a_number_stays_an_interview(run, interviewed):
    interviewed("Piet Jansen", {})
    assert "Geen klant met id k-00000000" in failed_cleanly(run("show", "k-00000000"), 1)
    assert json.loads(run("show", "1", "-f", "json").stdout)["interview"]["id"] == 1


def test_a_new_customers_id_is_said_once_he_is_stored_as_the_store_gave_it(run, backend, monkeypatch):
    """Another klantprofiel makes the same new customer while this interview runs: this one's
    interview joins him, and the id it says is his, not the one it would have given him."""
    from klantprofiel.answers import Answers
    from klantprofiel.cli import commands_profile
    from klantprofiel.questionset.load import load
    from klantprofiel.store.factory import store_at
    said = commands_profile._new_customer

    def and_meanwhile(term, who, lang):
        said(term, who, lang)
        other = store_at(backend.url)
        other.save_interview(load(), Answers({}, {"customer": "Sem de Wit"}))
        other.close()

    monkeypatch.setattr(commands_profile, "_new_customer", and_meanwhile)
    result = run("interview", "Sem de Wit", "--answers", "-", input="{}")
    assert result.exit_code == 0, result.stderr
    [sem] = customers(run)
    assert sem["interviews"] == 2
    assert "Nieuwe klant: Sem de Wit.\n" in result.stderr
    assert f"Opgeslagen als interview 2 van Sem de Wit ({sem['id']}).\n" in result.stderr


def test_a_customer_a_draft_made_hears_his_id_with_his_first_interview_and_not_after(run, backend):
    """A draft stores the customer, but its "stopped" line names no id: his first interview says it."""
    from klantprofiel.store.factory import store_at
    store = store_at(backend.url)
    store.save_draft("Sem de Wit", "kennismaking", {"values": {}, "meta": {}, "done": []})
    store.close()
    first, second = (run("interview", "Sem de Wit", "--answers", "-", input="{}") for _ in range(2))
    assert first.exit_code == second.exit_code == 0, first.stderr + second.stderr
    [sem] = customers(run)
    assert f"Opgeslagen als interview 1 van Sem de Wit ({sem['id']}).\n" in first.stderr
    assert "Opgeslagen als interview 2 van Sem de Wit.\n" in second.stderr
    assert "Nieuwe klant" not in first.stderr


def test_interview_by_id_adds_to_that_customer(run, interviewed):
    interviewed("Piet Jansen", {"organisation": "Bakkerij Jansen"})
    [piet] = customers(run)
    result = interviewed(piet["id"], {"organisation": "Bakkerij Jansen", "notes": "tweede"})
    assert "Nieuwe klant" not in result.stderr and "van Piet Jansen" in result.stderr
    assert [c["interviews"] for c in customers(run)] == [2]


def test_a_known_external_id_finds_him_under_another_spelling_and_organisation(run):
    first = imported(run, {"customer": {"name": "Jan de Vries", "organisation": "Bakkerij A", "external_id": "CRM-17"}, "answers": {}})
    second = imported(run, {"customer": {"name": "J. de Vries", "organisation": "Bakkerij A B.V.", "external_id": "CRM-17"},
                            "interview": {"notes": "tweede"}, "answers": {}})
    assert (first["new_customers"], second["new_customers"], second["stored"]) == (1, 0, 1)
    [jan] = customers(run)
    assert jan["interviews"] == 2  # one customer (which spelling he is shown by: the CRM's, since the column-map work)
    record = json.loads(run("export").stdout.splitlines()[-1])
    assert record["customer"]["external_id"] == "CRM-17" and record["customer"]["id"] == jan["id"]


def test_a_record_gives_a_known_customer_his_external_id_and_another_external_id_is_another_person(run):
    imported(run, {"customer": {"name": "Jan de Vries", "organisation": "Bakkerij A"}, "answers": {}})
    imported(run, {"customer": {"name": "jan de vries", "organisation": "bakkerij a", "external_id": "CRM-17"}, "answers": {}})
    [jan] = customers(run)
    assert json.loads(run("export").stdout.splitlines()[-1])["customer"]["external_id"] == "CRM-17"
    other = imported(run, {"customer": {"name": "Jan de Vries", "organisation": "Bakkerij A", "external_id": "CRM-99"}, "answers": {}})
    assert other["new_customers"] == 1 and len(customers(run)) == 2


def test_the_customer_id_comes_before_the_external_id_and_the_name(run):
    imported(run, {"customer": {"name": "Piet", "external_id": "CRM-1"}, "answers": {}})
    [piet] = customers(run)
    summary = imported(run, {"customer": {"name": "Pieter Jansen", "organisation": "Elders", "id": piet["id"]}, "answers": {}})
    assert summary["new_customers"] == 0 and customers(run)[0]["interviews"] == 2


def test_an_external_id_that_belongs_to_another_customer_is_a_rejected_record(english, run, tmp_path):
    imported(run, {"customer": {"name": "Piet", "external_id": "CRM-1"}, "answers": {}},
             {"customer": {"name": "Els", "external_id": "CRM-2"}, "answers": {}})
    piet = next(c for c in customers(run) if c["name"] == "Piet")
    result = run("import", "-", input=json.dumps({"customer": {"name": "Piet", "id": piet["id"], "external_id": "CRM-2"}, "answers": {}}))
    stderr = failed_cleanly(result, 1)
    assert "customer.external_id" in stderr and "it is the external id of Els" in stderr


def test_a_name_of_two_customers_without_organisation_is_a_rejected_record(english, run):
    imported(run, {"customer": {"name": "Jan de Vries", "organisation": "Bakkerij A"}, "answers": {}},
             {"customer": {"name": "Jan de Vries", "organisation": "Garage B"}, "answers": {}})
    assert len(customers(run)) == 2
    stderr = failed_cleanly(run("import", "-", input=json.dumps({"customer": {"name": "Jan de Vries"}, "answers": {}})), 1)
    assert "line 1: customer.name" in stderr and "is the name of 2 customers" in stderr


@pytest.mark.parametrize("bad, field", [({"id": "12"}, "customer.id"), ({"external_id": "a\x07b"}, "customer.external_id")])
def test_ids_that_cannot_be_are_reported_with_their_field(run, bad, field):
    stderr = failed_cleanly(run("import", "-", input=json.dumps({"customer": {"name": "Piet", **bad}, "answers": {}})), 1)
    assert field in stderr


def test_csv_carries_the_ids_in_columns(run, tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text("customer;organisation;external_id;learning_mode\nJan de Vries;Bakkerij A;CRM-17;listen\n", encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    path.write_text("customer;external_id;learning_mode\nJ. de Vries;CRM-17;both\n", encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    [jan] = customers(run)
    assert jan["interviews"] == 2
    exported = run("export", "-f", "csv").stdout.splitlines()
    header = exported[0].split(",")
    assert {"customer_id", "external_id", "uid"} <= set(header)
    assert exported[1].split(",")[header.index("customer_id")] == jan["id"]


def test_rename_changes_the_name_he_is_shown_by_and_nothing_else(run, interviewed):
    interviewed("Jan de Vris", {"organisation": "Bakkerij A"})
    [before] = customers(run)
    result = run("rename", "jan de vris", "Jan de Vries")
    assert result.exit_code == 0, result.stderr
    assert f"Jan de Vris heet nu Jan de Vries ({before['id']})" in result.stderr
    [after] = customers(run)
    assert (after["id"], after["name"], after["interviews"]) == (before["id"], "Jan de Vries", 1)
    assert json.loads(run("show", "jan de vries", "-f", "json").stdout)[0]["customer"]["name"] == "Jan de Vries"
    assert "Geen klant met de naam 'jan de vris'" in failed_cleanly(run("show", "jan de vris"), 1)
    assert run("list", "--search", "vries").stdout.count(before["id"]) == 1


def test_a_later_spelling_does_not_rename_him(run, interviewed):
    interviewed("Jan de Vries", {})
    interviewed("JAN DE VRIES", {})
    assert [c["name"] for c in customers(run)] == ["Jan de Vries"]


# --- stores written before customers had ids ------------------------------------------------------


@pytest.fixture
def v5(tmp_path):
    """A store written by schema 5, names only (tests/fixtures/stores/README.md says how)."""
    store = tmp_path / "v5.db"
    shutil.copyfile(FIXTURES / "stores" / "v5.db", store)
    return str(store)


def test_a_store_of_names_gets_an_id_per_customer_and_two_jans_at_two_organisations_are_two(english, run, v5):
    listed = customers(run, "--db", v5)
    assert all(ID.fullmatch(c["id"]) for c in listed) and len({c["id"] for c in listed}) == len(listed)
    jans = sorted((c["organisation"] or "", c["interviews"], c["drafts"]) for c in listed if c["name"] == "Jan de Vries")
    assert jans == [("", 1, 0), ("Garage B", 1, 1), ("bakkerij a", 2, 0)]  # and the one without an organisation apart
    names = sorted(c["name"] for c in listed if c["name"] != "Jan de Vries")
    assert names == ["Ans de Wit", "Fatima El Amrani", "Ëlla van Dijk"]
    bakery = json.loads(run("show", "Jan de Vries", "--organisation", "Bakkerij A", "-f", "json", "--db", v5).stdout)[0]
    assert bakery["interview"]["notes"] == "Tweede gesprek bij de bakkerij." and bakery["customer"]["name"] == "Jan de Vries"
    history = json.loads(run("history", "Jan de Vries", "--organisation", "Garage B", "--json", "--db", v5).stdout)
    assert [h["id"] for h in history] == [4]
    assert "is the name of 3 customers" in failed_cleanly(run("show", "Jan de Vries", "--db", v5), 1)
    garage = Store(v5).customer("Jan de Vries", "Garage B")
    assert Store(v5).draft(garage, "keuze")["meta"]["notes"] == "concept bij de garage"


def test_an_upgraded_store_gives_every_interview_a_uid_and_its_export_imports_as_already_there(run, v5):
    with closing(sqlite3.connect(v5)) as conn:
        conn.execute("PRAGMA user_version")  # not upgraded yet: nothing to see
    export = run("export", "--db", v5).stdout
    uids = [json.loads(line)["interview"]["uid"] for line in export.splitlines()]
    assert len(uids) == 6 and len(set(uids)) == 6
    result = run("import", "-", "--json", "--db", v5, input=export)
    summary = json.loads(result.stderr.splitlines()[-1])
    assert (summary["stored"], summary["already_there"]) == (0, 6)


def test_the_v1_store_upgrades_to_one_customer_per_name(run, tmp_path):
    store = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "stores" / "v1.db", store)
    listed = customers(run, "--db", str(store))
    assert sorted((c["name"], c["interviews"], c["drafts"]) for c in listed) == [("Ans de Wit", 0, 1), ("Piet Jansen", 2, 0), ("Ëlla van Dijk", 1, 0)]
    assert all(ID.fullmatch(c["id"]) for c in listed)
