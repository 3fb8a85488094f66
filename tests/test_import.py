"""klantprofiel import: real-world files, all or nothing, rejects, stdin, exit codes."""

from __future__ import annotations

import codecs
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from klantprofiel.io import readers

from helpers import failed_cleanly

EXAMPLES = Path(__file__).parents[1] / "examples"


def stored(db: Path) -> list[tuple]:
    """(customer, answers) of every stored interview, oldest first; nothing when there is no store."""
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT customer, answers FROM interviews ORDER BY id").fetchall()


@pytest.mark.parametrize("name, count", [("import.jsonl", 3), ("import.json", 2), ("import.csv", 3)])
def test_example_files_import(english, run, db, name, count):
    result = run("import", str(EXAMPLES / name))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"Imported {count} interview(s)" in result.stderr
    rows = stored(db)
    assert [r[0] for r in rows][:2] == ["Jan de Vries", "Fatima El Amrani"]
    first = json.loads(rows[0][1])
    assert first["learning_mode"] == "think_along" and first["advisors_kind"][0] == "experts"


def test_imported_interviews_show_like_interviewed_ones(run):
    assert run("import", str(EXAMPLES / "import.jsonl")).exit_code == 0
    shown = run("show", "jan de vries", "--format", "json")
    assert shown.exit_code == 0
    [record] = json.loads(shown.stdout)
    assert record["interview"]["source"] == "import"
    assert record["interview"]["notes"] == "Belt liever dan dat hij mailt."
    assert record["profile"]["knownness"]["known"] == 9


def test_one_invalid_record_stores_nothing(english, run, db):
    result = run("import", str(EXAMPLES / "import-mistakes.jsonl"))
    assert result.exit_code == 1
    assert stored(db) == []
    assert "nothing was stored (all or nothing)" in result.stderr
    assert "Traceback" not in result.stderr


def test_skip_invalid_stores_the_valid_and_rejects_can_be_fixed_and_imported(english, run, db, tmp_path):
    rejects = tmp_path / "rejects.jsonl"
    result = run("import", str(EXAMPLES / "import-mistakes.jsonl"), "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 1
    assert [r[0] for r in stored(db)] == ["Goed Voorbeeld"]
    lines = rejects.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 11
    first = json.loads(lines[0])
    assert first["answers"] == {"learning_mode": "lisen"}
    assert "'lisen' is not a choice" in first["rejected"][0]

    fixed = rejects.read_text(encoding="utf-8").replace('"lisen"', '"listen"')
    fixed_file = tmp_path / "fixed.jsonl"
    fixed_file.write_text(fixed.splitlines()[0] + "\n", encoding="utf-8")
    again = run("import", str(fixed_file))
    assert again.exit_code == 0, again.stderr
    assert [r[0] for r in stored(db)] == ["Goed Voorbeeld", "Typfout In Keuze"]


def test_csv_rejects_keep_the_columns_and_add_the_reasons(run, db, tmp_path):
    rejects = tmp_path / "rejects.csv"
    result = run("import", str(EXAMPLES / "import-mistakes.csv"), "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 1
    text = rejects.read_bytes().decode("utf-8-sig")
    header, *rows = text.splitlines()
    assert header.split(";") == ["customer", "organisation", "meeting_date", "learning_mode", "advice_uptake", "other_advisors",
                                 "advisors_kind", "rejected"]
    assert len(rows) == 6 and rows[0].startswith("Typfout In Keuze;")
    fixed = tmp_path / "fixed.csv"
    fixed.write_text("\n".join([header, rows[0].replace("lisen", "listen")]), encoding="utf-8")
    assert run("import", str(fixed)).exit_code == 0
    assert [r[0] for r in stored(db)] == ["Goed Voorbeeld", "Typfout In Keuze"]


def test_json_array_rejects_are_a_json_array(run, db, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps([{"customer": {"name": "A"}, "answers": {"learning_mode": "x"}},
                                  {"customer": {"name": "B"}, "answers": {}}]), encoding="utf-8")
    rejects = tmp_path / "rejects.json"
    assert run("import", str(source), "--skip-invalid", "--rejects", str(rejects)).exit_code == 1
    assert [r["customer"]["name"] for r in json.loads(rejects.read_text(encoding="utf-8"))] == ["A"]
    assert [r[0] for r in stored(db)] == ["B"]


def test_dry_run_checks_and_stores_nothing(english, run, db):
    result = run("import", str(EXAMPLES / "import.jsonl"), "--dry-run")
    assert result.exit_code == 0
    assert "Dry run: all 3 records are valid" in result.stderr
    assert not db.exists()


def test_stdin(run, db):
    result = run("import", "-", input=(EXAMPLES / "import.jsonl").read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.stderr
    assert len(stored(db)) == 3


def test_stdin_csv_with_bom_and_semicolons(run, db):
    result = run("import", "-", input=(EXAMPLES / "import.csv").read_bytes())
    assert result.exit_code == 0, result.stderr
    assert len(stored(db)) == 3


def test_excel_csv_bom_semicolon_crlf_quoted_newline_empty_lines_trailing_delimiter(run, db, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"customer;notes;learning_mode;advice_uptake;\r\n"
                     b"\r\n"
                     b'"de Vries, Jan";"Eerste regel\r\ntweede regel";listen;3;\r\n'
                     b";;;;\r\n"
                     b"Piet;;both;;\r\n")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT customer, notes, answers FROM interviews ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["de Vries, Jan", "Piet"]
    assert rows[0][1] == "Eerste regel\r\ntweede regel"
    assert json.loads(rows[0][2])["advice_uptake"] == 3


def test_comma_csv_and_the_delimiter_option(run, db, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("customer,learning_mode\nJan,listen\n", encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    odd = tmp_path / "odd.csv"
    odd.write_text("customer|learning_mode\nPiet|both\n", encoding="utf-8")
    assert run("import", str(odd), "--delimiter", "|").exit_code == 0
    assert [r[0] for r in stored(db)] == ["Jan", "Piet"]


def test_csv_formula_quote_is_taken_off(run, db, tmp_path):
    path = tmp_path / "formula.csv"
    path.write_text("customer,notes\nJan,'=SOM(A1)\n", encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT notes FROM interviews").fetchone()[0] == "=SOM(A1)"


def test_json_lines_with_crlf_bom_and_empty_lines(run, db, tmp_path):
    path = tmp_path / "windows.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + b'{"customer": {"name": "A"}, "answers": {}}\r\n\r\n{"customer": {"name": "B"}, "answers": {}}\r\n')
    assert run("import", str(path)).exit_code == 0
    assert [r[0] for r in stored(db)] == ["A", "B"]


def test_json_lines_read_in_chunks_keep_their_line_numbers(english, run, db, tmp_path, monkeypatch):
    """Lines are read a chunk at a time; blank lines, CRLF and chunk edges must not shift the
    line a problem names, nor let a document spread over lines slip past the first-line check."""
    monkeypatch.setattr(readers, "_LINES", 50)  # a chunk is a line or two
    lines = []
    for i in range(1, 41):
        lines.append("" if i % 7 == 0 else json.dumps({"customer": {"name": f"Klant {i}"}, "answers": {"learning_mode": "x" if i in (23, 38) else "listen"}}))
    path = tmp_path / "chunks.jsonl"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert [line.split(": ")[0].rsplit("/", 1)[-1] for line in result.stderr.splitlines() if "answers.learning_mode" in line] == ["chunks.jsonl, line 23", "chunks.jsonl, line 38"]
    path.write_text("\n\n\n{\n" + json.dumps({"customer": {"name": "A"}, "answers": {}}) + "\n}\n", encoding="utf-8")
    assert "line 4 holds only '{'" in run("import", str(path)).stderr


def test_a_json_line_that_is_not_utf8_names_its_line_and_stores_nothing(english, run, db, tmp_path):
    """Lines travel as bytes to the checks; a bad byte still stops the whole import, with its line."""
    path = tmp_path / "latin1.jsonl"
    good = b'{"customer": {"name": "A"}, "answers": {}}\n'
    path.write_bytes(good * 2 + '{"customer": {"name": "Café"}, "answers": {}}\n'.encode("latin-1") + good)
    stderr = failed_cleanly(run("import", str(path), "--skip-invalid"), 1)
    assert "latin1.jsonl: line 3: not UTF-8 text (byte 0xe9)" in stderr and "CSV UTF-8" in stderr
    assert stored(db) == []


def test_json_array_is_read_in_pieces(run, db, tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_CHUNK", 7)  # every record spans several reads
    records = [{"customer": {"name": f"Klant {i}", "organisation": "é" * i}, "answers": {"knowledge": "x\n" * i}} for i in range(20)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert [r[0] for r in stored(db)] == [f"Klant {i}" for i in range(20)]


def test_json_array_problem_names_the_line_of_the_record(english, run, tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_CHUNK", 5)
    path = tmp_path / "lines.json"
    path.write_text('[\n  {"customer": {"name": "A"}, "answers": {}},\n\n  {"customer": {"name": "B"}, "answers": {"learning_mode": "x"}}\n]\n')
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "lines.json, line 4: answers.learning_mode" in result.stderr


def test_broken_json_array_is_one_error(english, run, db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"customer": {"name": "A"}, "answers": {}},\n {"customer": {"name": "B"} "answers": {}}]')
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "line 2: not valid JSON" in result.stderr and "Traceback" not in result.stderr
    assert stored(db) == []


def test_lone_surrogate_in_a_json_array_is_an_invalid_record(english, run, db, tmp_path):
    path = tmp_path / "surrogate.json"
    path.write_text('[{"customer": {"name": "A\\ud800"}, "answers": {}}, {"customer": {"name": "B"}, "answers": {}}]')
    result = run("import", str(path), "--skip-invalid")
    assert result.exit_code == 1
    assert "line 1: not valid JSON" in result.stderr
    assert [r[0] for r in stored(db)] == ["B"]


@pytest.mark.parametrize("fmt, content, says", [
    ("json", "customer;learning_mode\nJan;listen\n", "looks like CSV"),
    ("jsonl", '[{"customer": {"name": "A"}, "answers": {}}]', "looks like a JSON array"),
    ("csv", '{"customer": {"name": "A"}, "answers": {}}\n', "looks like JSON lines"),
])
def test_a_file_that_is_not_what_format_says_is_one_clear_error(english, run, db, tmp_path, fmt, content, says):
    path = tmp_path / "data.txt"
    path.write_text(content, encoding="utf-8")
    result = run("import", str(path), "--format", fmt)
    assert result.exit_code == 2
    assert says in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2  # the error and its hint


@pytest.mark.parametrize("content, says", [
    (codecs.BOM_UTF16_LE + "customer\n".encode("utf-16-le"), "UTF-16"),
    (b"PK\x03\x04rest of a workbook", "Excel workbook"),
    (b'{\n  "customer": {"name": "A"},\n  "answers": {}\n}\n', "spread over several lines"),
    (b"naam;leermodus\nJan;luisteren\n", "no 'customer' column"),
    (b'{"customer": {"name": "A"}, "answers": {}}\n\xff\xfe\n', "not UTF-8"),
])
def test_files_that_are_no_import_file_get_one_clear_error(english, run, db, tmp_path, content, says):
    path = tmp_path / "odd.jsonl"
    path.write_bytes(content)
    result = run("import", str(path))
    assert result.exit_code in (1, 2)
    assert says in result.stderr and "Traceback" not in result.stderr
    assert stored(db) == []


def test_missing_file(english, run):
    result = run("import", "no-such-file.jsonl")
    assert result.exit_code == 1
    assert "no-such-file.jsonl: no such file." in result.stderr


def test_usage_errors_exit_2(run, tmp_path):
    assert run("import", str(EXAMPLES / "import.csv"), "--delimiter", "x").exit_code == 2
    assert run("import", str(EXAMPLES / "import.jsonl"), "--delimiter", ";").exit_code == 2
    assert run("import", str(EXAMPLES / "import.jsonl"), "--format", "xml").exit_code == 2


def test_json_summary_and_problems_on_stderr(english, run, db):
    result = run("import", str(EXAMPLES / "import-mistakes.jsonl"), "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    events = [json.loads(line) for line in result.stderr.splitlines()]
    problems = [e for e in events if e["event"] == "problem"]
    assert problems[0] == {"event": "problem", "file": str(EXAMPLES / "import-mistakes.jsonl"), "line": 2,
                           "field": "answers.learning_mode", "value": "lisen",
                           "message": "'lisen' is not a choice (did you mean 'listen'?); allowed: listen, think_along, both, unknown"}
    summary = events[-1]
    assert summary["event"] == "summary"
    assert (summary["read"], summary["valid"], summary["rejected"], summary["stored"]) == (12, 1, 11, 0)
    assert isinstance(summary["seconds"], float)


def test_no_progress_bar_off_a_terminal(run, db):
    db.touch()  # a store that is there: import says nothing about making one
    result = run("import", str(EXAMPLES / "import.jsonl"))
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # the summary line only


def test_records_may_name_another_set_file_given_with_set(run, db):
    path = Path(__file__).parent / "fixtures" / "sets" / "mini.toml"
    result = run("import", "-", "--set", str(path), input='{"customer": {"name": "A"}, "answers": {"mode": "listen", "uptake": 2}}\n')
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT question_set, known, total FROM interviews").fetchone() == ("mini", 2, 5)


def test_record_naming_an_unknown_set_or_version(english, run):
    """An unknown set is a problem; another version of a known one is checked against the current
    version when the store keeps no copy of it (tests/test_question_set_identity.py)."""
    result = run("import", "-", input='{"customer": {"name": "A"}, "answers": {}, "question_set": "kenismaking"}\n'
                                      '{"customer": {"name": "B"}, "answers": {}, "question_set": {"id": "kennismaking", "version": "0.1"}}\n'
                                      '{"customer": {"name": "C"}, "answers": {}, "question_set": {"id": "kenismaking", "version": "0.1"}}\n')
    assert result.exit_code == 1
    assert "line 1: question_set = \"kenismaking\": no question set 'kenismaking' (did you mean 'kennismaking'?)" in result.stderr
    assert "line 2" not in result.stderr and "no copy of question set 'kennismaking' version 0.1" in result.stderr
    assert "line 3: question_set.version = \"0.1\": no question set 'kenismaking' version 0.1, built in or kept in this store" in result.stderr


def test_import_never_loads_questionary(tmp_path):
    code = ("import sys; from typer.testing import CliRunner; from klantprofiel.cli.app import app; "
            f"r = CliRunner().invoke(app, ['import', {str(EXAMPLES / 'import.jsonl')!r}, '--db', {str(tmp_path / 'x.db')!r}]); "
            f"r2 = CliRunner().invoke(app, ['export', '--db', {str(tmp_path / 'x.db')!r}]); "
            "assert r.exit_code == 0 and r2.exit_code == 0, (r.output, r2.output); assert 'questionary' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_rejects_that_cannot_be_written_stop_the_import_and_store_nothing(english, run, db, tmp_path):
    """A full disk under --rejects: the rejected records would be lost, so nothing is stored."""
    full = tmp_path / "rejects.jsonl"
    full.symlink_to("/dev/full")
    stderr = failed_cleanly(run("import", str(EXAMPLES / "import-mistakes.jsonl"), "--skip-invalid", "--rejects", str(full)), 1)
    assert f"Cannot write the rejected records to {full}: No space left on device." in stderr and "Nothing was stored." in stderr
    assert stored(db) == [] and full.is_symlink()
