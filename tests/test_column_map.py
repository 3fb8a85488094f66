"""import --map: a CRM's own export read through a column map, and --suggest-map to start one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import failed_cleanly

EXAMPLES = Path(__file__).parents[1] / "examples"

HUBSPOT = (
    "Record ID;First Name;Last Name;Company Name;Contact owner;Email;Phone Number;Last Activity Date;Leerstijl;Andere adviseurs;Soort\r\n"
    "1001;Jan;de Vries;Bakkerij De Vries;Anne Bakker;jan@bakkerij.example;06-12345678;12-03-2024;Denkt liever mee;J;Deskundigen\r\n"
    "1002;Fatima;El Amrani;Zorggroep Oost;Bas Smit;fatima@zorg.example;030-1234567;14-03-2024;Rather listens;n;\r\n"
    '1003;Piet;Jansen;;Anne Bakker;piet@jansen.example;;;;J;"Deskundigen;coaches"\r\n'
)
"""What Dutch Excel saves: BOM, ';', CRLF; labels in both languages and any case, J/N for yes/no."""

MAP = """\
[customer]
name = ["first name", "LAST  NAME"]   # any case, any spacing
organisation = "Company Name"

[interview]
salesperson = "Contact owner"
meeting_date = { column = "Last Activity Date", format = "%d-%m-%Y" }

[answers]
learning_mode = { column = "Leerstijl", values = { "Denkt liever mee" = "think_along", "Rather listens" = "listen" } }
other_advisors = { column = "Andere adviseurs", values = { "J" = "yes", "N" = "no" } }
advisors_kind = { column = "Soort", values = { "Deskundigen" = "experts", "coaches" = "coaches" } }
"""


@pytest.fixture
def hubspot(tmp_path) -> tuple[Path, Path]:
    csv = tmp_path / "contacts.csv"
    csv.write_bytes(b"\xef\xbb\xbf" + HUBSPOT.encode())
    cmap = tmp_path / "map.toml"
    cmap.write_text(MAP)
    return csv, cmap


def exported(run) -> list[dict]:
    result = run("export", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_crm_export_imports_through_its_map(run, hubspot):
    csv, cmap = hubspot
    result = run("import", str(csv), "--map", str(cmap))
    assert result.exit_code == 0, result.stderr
    records = exported(run)
    assert [r["customer"]["name"] for r in records] == ["Jan de Vries", "Fatima El Amrani", "Piet Jansen"]
    jan, fatima, piet = records
    assert jan["customer"]["organisation"] == "Bakkerij De Vries"
    assert jan["interview"]["salesperson"] == "Anne Bakker"
    assert jan["interview"]["meeting_date"] == "2024-03-12"  # 12-03-2024 read with the map's format
    assert jan["answers"]["learning_mode"] == "think_along"
    assert jan["answers"]["other_advisors"] == "yes"
    assert fatima["answers"]["learning_mode"] == "listen" and fatima["answers"]["other_advisors"] == "no"  # "n": any case
    assert piet["answers"]["advisors_kind"] == ["experts", "coaches"]
    assert piet["customer"].get("organisation") is None and piet["interview"].get("meeting_date") is None


def test_columns_the_map_does_not_name_are_never_stored(english, run, hubspot, db):
    csv, cmap = hubspot
    result = run("import", str(csv), "--map", str(cmap))
    assert result.exit_code == 0, result.stderr
    assert "Record ID, Email, Phone Number: not in the map, so not stored." in result.stderr
    stored = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    assert b"Jan" in stored  # the store is readable as bytes at all
    for secret in (b"bakkerij.example", b"12345678", b"1001", b"jan@"):
        assert secret not in stored, secret
    assert "bakkerij.example" not in json.dumps(exported(run))


def test_a_json_export_with_nested_keys(english, run, tmp_path):
    source = tmp_path / "crm.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in [
        {"id": 7, "properties": {"firstname": "Jan", "lastname": "de Vries", "learning": "Luistert liever", "email": "jan@x.example"},
         "company": {"name": "Bakkerij De Vries"}},
        {"id": 8, "properties": {"firstname": "Ada", "lastname": "Smit", "learning": "think_along", "other": "yes", "advisors": ["Deskundigen"]}},
    ]) + "\n")
    cmap = tmp_path / "map.toml"
    cmap.write_text('[customer]\nname = ["properties.firstname", "properties.lastname"]\norganisation = "company.name"\n'
                    '[answers]\nlearning_mode = { column = "properties.learning", values = { "luistert liever" = "listen" } }\n'
                    'other_advisors = "properties.other"\n'
                    'advisors_kind = { column = "Properties.Advisors", values = { "Deskundigen" = "experts" } }\n')
    result = run("import", str(source), "--map", str(cmap))
    assert result.exit_code == 0, result.stderr
    jan, ada = exported(run)
    assert (jan["customer"]["name"], jan["customer"]["organisation"]) == ("Jan de Vries", "Bakkerij De Vries")
    assert jan["answers"]["learning_mode"] == "listen" and ada["answers"]["learning_mode"] == "think_along"
    assert ada["answers"]["advisors_kind"] == ["experts"]
    assert "properties.email" in result.stderr and "not stored" in result.stderr
    assert "x.example" not in json.dumps([jan, ada])


def test_a_bad_row_is_reported_by_its_row_and_the_crms_column(english, run, tmp_path, hubspot):
    csv, cmap = hubspot
    csv.write_text(HUBSPOT.replace("Denkt liever mee", "Weet niet wat"))
    result = run("import", str(csv), "--map", str(cmap))
    err = failed_cleanly(result, 1)
    assert "row 2: Leerstijl = \"Weet niet wat\"" in err
    assert "allowed: listen, think_along, both" in err


@pytest.mark.parametrize("mistake, said", [
    ('[customer]\nname = "First Name"\n[answers]\nleerstijl = "Leerstijl"\n',
     "line 4: answers.leerstijl: set 'kennismaking' has no question 'leerstijl'"),
    ('[customer]\nname = "First Name"\n[answers]\nlearning_mode = { column = "Leerstijl", values = { "J" = "ja" } }\n',
     "line 4: answers.learning_mode.values.J: 'ja' is not a choice of learning_mode"),
    ('[customer]\nname = "First Name"\nphone = "Phone Number"\n', "line 3: customer.phone: unknown key 'phone'"),
    ('[customer]\norganisation = "Company Name"\n', "customer.name: missing (required)"),
    ('[customer]\nname = "First Name"\n[answers]\npreferences = { column = "Leerstijl", values = { "a" = "b" } }\n',
     "line 4: answers.preferences.values: only a choice question's values can be mapped"),
    ('[customer]\nname = "First Name"\n[interview]\nmeeting_date = { column = "Last Activity Date", format = "%H:%M" }\n',
     "line 4: interview.meeting_date.format: '%H:%M' does not read back a day, month and year"),
    ('[customer]\nname = { column = "First Name", format = "%d" }\n', "line 2: customer.name.format: only meeting_date has a date format"),
    ('[customer]\nname = First Name\n', "not valid TOML"),
    ('[customer]\nname = ["Voornaam", "Last Name"]\n', "customer.name: column 'Voornaam' is not in"),
    ('[customer]\nname = "Frist Name"\n', "(did you mean 'First Name'?)"),
])
def test_every_map_mistake_names_the_map_its_key_and_what_is_allowed(english, run, hubspot, mistake, said):
    csv, cmap = hubspot
    cmap.write_text(mistake)
    err = failed_cleanly(run("import", str(csv), "--map", str(cmap)), 1, 2)
    assert str(cmap) in err
    assert said in err, err


def test_a_missing_map_says_how_to_make_one(english, run, hubspot, tmp_path):
    csv, _ = hubspot
    err = failed_cleanly(run("import", str(csv), "--map", str(tmp_path / "nope.toml")), 1, 2)
    assert "no such map file" in err and "--suggest-map" in err


def test_rejects_cannot_overwrite_the_map(english, run, hubspot):
    csv, cmap = hubspot
    before = cmap.read_bytes()
    csv.write_text(HUBSPOT.replace("Denkt liever mee", "Weet niet wat"))
    err = failed_cleanly(run("import", str(csv), "--map", str(cmap), "--skip-invalid", "--rejects", str(cmap)), 1, 2)
    assert "column map" in err
    assert cmap.read_bytes() == before


def test_suggest_map_guesses_the_usual_columns_and_lists_the_rest(run, hubspot):
    csv, _ = hubspot
    result = run("import", str(csv), "--suggest-map")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert 'name = ["First Name", "Last Name"]' in text
    assert 'organisation = "Company Name"' in text and 'external_id = "Record ID"' in text
    assert 'meeting_date = { column = "Last Activity Date", format = "%d-%m-%Y" }' in text
    assert '"Denkt liever mee" = "think_along"' in text and '"Rather listens" = "listen"' in text
    assert '"J" = "yes"' in text
    assert '#   "Email"' in text and '#   "Phone Number"' in text
    assert run("list").exit_code == 1  # no store was made


@pytest.mark.parametrize(("lang", "said"), [("nl", ["# Een kolomkaart voor", "--map DIT_BESTAND", "# Niet in de kaart, dus niet opgeslagen:"]),
                                            ("en", ["# A column map for", "--map THIS_FILE", "# Not mapped, so not stored:"])])
def test_the_suggested_maps_comments_are_in_the_runs_language(run, hubspot, lang, said):
    result = run("import", str(hubspot[0]), "--suggest-map", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    assert all(part in result.stdout for part in said), result.stdout


def test_the_map_has_a_json_schema(run):
    result = run("schema", "map")
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["title"].startswith("klantprofiel column map")
    assert {"customer", "interview", "answers"} <= set(schema["properties"])


def test_the_suggested_map_imports_the_example_as_its_own_map_does(run, tmp_path):
    suggested = run("import", str(EXAMPLES / "crm-export.csv"), "--suggest-map", "--lang", "en")
    assert suggested.exit_code == 0, suggested.stderr
    (tmp_path / "suggested.toml").write_text(suggested.stdout)
    assert suggested.stdout == (EXAMPLES / "crm-export.map.toml").read_text().replace("examples/crm-export.csv", str(EXAMPLES / "crm-export.csv"))
    result = run("import", str(EXAMPLES / "crm-export.csv"), "--map", str(tmp_path / "suggested.toml"))
    assert result.exit_code == 0, result.stderr
    assert [r["customer"]["name"] for r in exported(run)] == ["Jan de Vries", "Fatima El Amrani", "Jan de Vries"]


def test_a_newer_export_finds_its_customers_by_the_crms_id_and_takes_their_new_spelling(english, run, tmp_path):
    cmap = EXAMPLES / "crm-export.map.toml"
    first = run("import", str(EXAMPLES / "crm-export.csv"), "--map", str(cmap))
    assert first.exit_code == 0, first.stderr
    assert "3 new customer(s)" in first.stderr
    newer = tmp_path / "newer.csv"
    newer.write_bytes((EXAMPLES / "crm-export.csv").read_bytes().replace(b"Fatima;El Amrani", b"Fatima;El-Amrani"))
    again = run("import", str(newer), "--map", str(cmap), "--existing", "skip", "--json")
    assert again.exit_code == 0, again.stderr
    summary = json.loads(again.stderr.splitlines()[-1])
    assert (summary["new_customers"], summary["matched_customers"], summary["skipped"], summary["stored"]) == (0, 3, 3, 0)
    assert summary["renamed"] == [["Fatima El Amrani", "Fatima El-Amrani"]]
    listed = json.loads(run("list", "--json").stdout)
    assert sorted(c["name"] for c in listed) == ["Fatima El-Amrani", "Jan de Vries", "Jan de Vries"]
    assert len({c["id"] for c in listed}) == 3  # two people called Jan de Vries stay two customers
    third = run("import", str(newer), "--map", str(cmap))
    assert "0 new customer(s), 3 known customer(s) found" in third.stderr and "renamed" not in third.stderr
    assert len(exported(run)) == 6  # the first import's three and the third's, each of his customer
