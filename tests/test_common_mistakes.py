"""Hints for the mistakes a new user makes: a name in pieces, a store path that is not there, a
database URL, an Excel file or a CSV in another encoding. Each gets a message that says what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from klantprofiel.cli.app import every_command, takes_a_name
from klantprofiel.questionset.model import META_FIELDS

from helpers import failed_cleanly

NAME_COMMANDS = ("interview", "show", "brief", "history", "diff", "delete")
RENAME = "rename"
"""Takes a name and then another: which words of a name in pieces are the new name it cannot tell."""
FEEDBACK = "feedback"
"""Takes a name and then a line id and a verdict: likewise."""

def test_every_command_taking_a_name_is_tested():
    taking_a_name = {name for name, command in every_command().items() if takes_a_name(command)}
    assert taking_a_name == {*NAME_COMMANDS, RENAME, FEEDBACK}

@pytest.mark.parametrize("command", NAME_COMMANDS)
def test_a_name_in_pieces_gets_the_quoted_name_suggested(english, run, command):
    err = failed_cleanly(run(command, "Piet", "van", "der", "Berg"), 2)
    flat = " ".join(err.replace("│", " ").split())
    assert "unexpected extra argument" in flat
    assert f"did you mean `{command} 'Piet van der Berg'`?" in flat

def test_the_suggestion_keeps_the_options_and_quotes_what_the_shell_would_run(english, run):
    err = failed_cleanly(run("show", "Piet", "$(touch", "x)", "--why"), 2)
    flat = " ".join(err.replace("│", " ").split())
    assert "did you mean `show 'Piet $(touch x)' --why`?" in flat

def test_extra_arguments_to_a_command_without_a_name_get_no_name_hint(run):
    err = failed_cleanly(run("list", "Piet"), 2)
    assert "Te veel argumenten (Piet)" in err
    assert "bedoel je" not in err and "did you mean" not in err


# --- reading commands never create a store ------------------------------------------------------------------------

READING = {
    "show": ("show", "Piet"),
    "list": ("list",),
    "history": ("history", "Piet"),
    "diff": ("diff", "Piet"),
    "brief": ("brief", "Piet"),
    "export": ("export",),
    "delete": ("delete", "Piet", "--yes"),
    "import --dry-run": ("import", "IMPORT", "--dry-run"),
}


def _import_file(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"customer": {"name": "Piet"}, "answers": {}}\n', encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("how", ["--db", "KLANTPROFIEL_DB"])
@pytest.mark.parametrize("command", READING)
def test_a_reading_command_on_a_store_that_is_not_there_says_so_and_makes_nothing(english, run, tmp_path, monkeypatch, command, how):
    missing = tmp_path / "typo" / "folder" / "store.db"
    args = [_import_file(tmp_path) if a == "IMPORT" else a for a in READING[command]]
    if how == "--db":
        args += ["--db", str(missing)]
    else:
        monkeypatch.setenv("KLANTPROFIEL_DB", str(missing))
    result = run(*args)
    if command == "import --dry-run":  # a dry run checks against the built-in sets and stores nothing
        assert result.exit_code == 0, result.stderr
    else:
        err = " ".join(failed_cleanly(result, 1).split())
        assert f"No store at {missing}" in err
    assert not (tmp_path / "typo").exists()


@pytest.mark.parametrize("command", ["interview", "import"])
def test_a_writing_command_creates_the_store_and_says_where_once(run, tmp_path, command):
    store = tmp_path / "new" / "store.db"
    if command == "interview":
        args = ("interview", "Piet", "--answers", "-", "--db", str(store))
        first, again = run(*args, input="{}"), run(*args, input="{}")
    else:
        args = ("import", _import_file(tmp_path), "--db", str(store))
        first, again = run(*args), run(*args)
    assert first.exit_code == 0 and again.exit_code == 0, (first.stderr, again.stderr)
    said = [line for line in first.stderr.splitlines() if str(store) in line]
    assert len(said) == 1 and "Nieuwe opslag" in said[0], first.stderr
    assert str(store) not in again.stderr
    assert store.is_file()


# --- a database URL in --db -----------------------------------------------------------------------------------------

URLS = ("sqlite:///klanten.db", "mysql+pymysql://crm/k", "SQLite:/klanten.db")
"""URLs of databases klantprofiel does not open (a PostgreSQL URL opens the team store: tests/test_team_store.py)."""


@pytest.mark.parametrize("how", ["--db", "KLANTPROFIEL_DB"])
@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("command", [("list",), ("show", "Piet"), ("interview", "Piet", "--answers", "-"), ("import", "IMPORT")])
def test_a_database_url_is_refused_as_a_url_and_makes_no_folders(english, run, tmp_path, monkeypatch, command, url, how):
    monkeypatch.chdir(tmp_path)
    args = [_import_file(tmp_path) if a == "IMPORT" else a for a in command]
    before = sorted(tmp_path.iterdir())
    if how == "--db":
        args += ["--db", url]
    else:
        monkeypatch.setenv("KLANTPROFIEL_DB", url)
    err = " ".join(failed_cleanly(run(*args, input="{}"), 2).split())
    assert "is a URL" in err and "or a PostgreSQL database (postgresql:// or postgres://), no other kind of URL" in err
    assert "geheim" not in err
    assert sorted(tmp_path.iterdir()) == before


# --- an Excel workbook, a CSV in Windows-1252 -----------------------------------------------------------------------

DUTCH_EXCEL_CSV = "customer;organisation;notes\r\nJosé Müller;Café 't Hoekje;één keer per maand\r\n".encode("cp1252")


@pytest.mark.parametrize("name, content", [
    ("klanten.xlsx", b"PK\x03\x04 the rest of a workbook"),
    ("klanten.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old workbook"),
    ("klanten.xls", b"customer;organisation\r\nJos\xe9;X\r\n"),  # Excel also saves text as .xls
    ("klanten.XLSX", b""),
])
def test_an_excel_workbook_is_told_to_be_saved_as_csv_first(english, run, db, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    err = " ".join(failed_cleanly(run("import", str(path)), 1).split())
    assert "workbook" in err and "Save it as CSV UTF-8 first" in err
    assert "not UTF-8" not in err and not db.exists()


def test_a_csv_from_dutch_excel_says_how_to_name_its_encoding(english, run, tmp_path):
    path = tmp_path / "klanten.csv"
    path.write_bytes(DUTCH_EXCEL_CSV)
    err = " ".join(failed_cleanly(run("import", str(path)), 1).split())
    assert "not UTF-8 text (byte 0xe9)" in err and "--encoding" in err and "cp1252" in err


def test_a_csv_from_dutch_excel_imports_with_its_encoding(run, tmp_path):
    path = tmp_path / "klanten.csv"
    path.write_bytes(DUTCH_EXCEL_CSV)
    result = run("import", str(path), "--encoding", "cp1252")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(run("show", "José Müller", "-f", "json").stdout)
    assert shown[0]["customer"]["organisation"] == "Café 't Hoekje"
    assert shown[0]["interview"]["notes"] == "één keer per maand"


def test_json_lines_in_a_wrong_encoding_get_no_encoding_hint(english, run, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes('{"customer": {"name": "José"}, "answers": {}}\n'.encode("cp1252"))
    err = failed_cleanly(run("import", str(path)), 1)
    assert "not UTF-8" in err and "--encoding" not in err


@pytest.mark.parametrize("encoding, said", [("klingon", "not an encoding klantprofiel knows"), ("rot13", "not a character encoding")])
def test_an_unknown_encoding_is_a_usage_error(english, run, tmp_path, encoding, said):
    path = tmp_path / "klanten.csv"
    path.write_bytes(DUTCH_EXCEL_CSV)
    assert said in failed_cleanly(run("import", str(path), "--encoding", encoding), 2)


def test_encoding_is_for_csv(english, run, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"customer": {"name": "Piet"}, "answers": {}}\n', encoding="utf-8")
    assert "--encoding is for CSV" in failed_cleanly(run("import", str(path), "--encoding", "cp1252"), 2)


def test_bytes_the_given_encoding_cannot_read_are_named_with_it(english, run, tmp_path):
    path = tmp_path / "klanten.csv"
    path.write_bytes(b"customer\r\nJos\x81\r\n")  # 0x81 is no character in cp1252
    err = " ".join(failed_cleanly(run("import", str(path), "--encoding", "cp1252"), 1).split())
    assert "not cp1252 text (byte 0x81)" in err and "--encoding" in err


def test_import_json_says_it_made_the_store_as_json(run, tmp_path):
    store = tmp_path / "new" / "store.db"
    result = run("import", _import_file(tmp_path), "--json", "--db", str(store))
    assert result.exit_code == 0, result.stderr
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert [e["event"] for e in events if str(store) in e.get("message", "")] == ["note"]


# --- answers of another set without --set -------------------------------------------------------------------------

KEUZE = Path(__file__).parents[1] / "examples" / "customers" / "bakker" / "keuze.json"


@pytest.mark.parametrize(("lang", "said"), [("nl", "Deze velden zijn vragen van vragenlijst 'keuze': geef --set keuze."),
                                            ("en", "These fields are questions of set 'keuze': give --set keuze.")])
def test_an_answers_file_of_another_set_names_that_set_once(run, lang, said):
    err = failed_cleanly(run("interview", "Bakker", "--answers", str(KEUZE), "--lang", lang), 1)
    assert err.count(said) == 1, err
    assert "Verbeter het bestand" not in err and "Fix the file" not in err


def test_an_answers_file_with_a_stray_field_gets_no_set_named(english, run, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"criteria": ["price"], "role_kind": "buyer"}), encoding="utf-8")
    err = failed_cleanly(run("interview", "Bakker", "--answers", str(path)), 1)
    assert "give --set" not in err and "Fix the file and run the command again." in err


def test_an_import_of_another_sets_records_names_that_set_once(english, run, tmp_path):
    answers = {k: v for k, v in json.loads(KEUZE.read_text(encoding="utf-8")).items() if k not in META_FIELDS}
    records = tmp_path / "keuze.jsonl"
    records.write_text("".join(json.dumps({"customer": {"name": name}, "answers": answers}) + "\n" for name in ("Bakker", "Smit")),
                       encoding="utf-8")
    csv = tmp_path / "keuze.csv"
    csv.write_text("customer," + ",".join(answers) + "\nBakker" + ",x" * len(answers) + "\n", encoding="utf-8")
    for path in (records, csv):
        err = failed_cleanly(run("import", str(path)), 1)
        assert err.count("These fields are questions of set 'keuze': give --set keuze.") == 1, err
    assert run("import", str(records), "--set", "keuze").exit_code == 0
