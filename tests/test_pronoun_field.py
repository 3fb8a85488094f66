"""The customer's pronoun as a who/when field: given in an answers file or an import (its id, the
Dutch word or a salutation), stored, written by show and export, refused when it is none of them."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("given, stored", [("she", "she"), ("Zij", "she"), ("Mevrouw", "she"), ("dhr.", "he"), ("naam", "name"), ("", None)])
def test_an_answers_file_gives_the_pronoun(run, interviewed, given, stored):
    interviewed("Anna", {"pronoun": given, "learning_mode": "listen"})
    [record] = json.loads(run("show", "Anna", "--format", "json").stdout)
    assert record["customer"]["pronoun"] == stored


def test_a_pronoun_that_is_none_of_them_is_refused(run):
    result = run("interview", "Anna", "--answers", "-", input=json.dumps({"pronoun": "it"}))
    assert result.exit_code != 0 and "pronoun" in result.stderr and "he, she of name" in result.stderr


def test_a_csv_import_reads_the_pronoun_column_and_export_writes_it(run):
    csv = "customer,organisation,pronoun,learning_mode\nAnna Bos,Ziekenhuis,Mevrouw,listen\n"
    assert run("import", "-", "--format", "csv", input=csv).exit_code == 0
    out = run("export", "--format", "csv").stdout
    header, row = out.splitlines()[:2]
    assert row.split(",")[header.split(",").index("pronoun")] == "she"
    [record] = [json.loads(line) for line in run("export").stdout.splitlines()]
    assert record["customer"]["pronoun"] == "she"


def test_the_import_schema_and_the_map_know_the_pronoun(run):
    answers = json.loads(run("schema", "answers").stdout)
    assert "pronoun" in json.dumps(answers["$defs"]["ImportCustomer"]["properties"])
    profile = json.loads(run("schema", "profile").stdout)
    assert "name" in json.dumps(profile["$defs"]["StoredCustomer"]["properties"]["pronoun"])
    assert "pronoun" in json.loads(run("schema", "map").stdout)["$defs"]["CustomerMap"]["properties"]


def test_the_customer_keeps_the_newest_pronoun_given(run, interviewed):
    interviewed("Anna", {"pronoun": "she", "learning_mode": "listen"})
    interviewed("Anna", {"customer_role": "king"}, "--set", "relatie")  # gives none: she stays she
    assert json.loads(run("brief", "Anna", "--format", "json").stdout)["customer"]["pronoun"] == "she"
