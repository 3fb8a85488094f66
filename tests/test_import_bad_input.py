"""Bad import files never get a traceback: each is refused with readable lines that name the file,
exit code 1 (bad input) or 2 (not what --format says), and nothing stored; whatever JSON value a
line holds, or whatever text a CSV cell holds, import stores valid interviews or reports errors.

The corpus lives in tests/fixtures/bad/import/ (its README, one folder up, says what each file is);
files of 10 MB are made here rather than kept in the repository.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers import BAD, failed_cleanly

BAD_IMPORTS = sorted((BAD / "import").iterdir())
FORMAT_OF = {".jsonl": "jsonl", ".json": "json", ".csv": "csv"}
TEN_MB = 10 * 1024 * 1024


def interviews(db: Path) -> list[tuple]:
    """Every stored interview; none when there is no store."""
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT customer, answers FROM interviews").fetchall()


def test_the_corpus_has_every_kind_of_bad_import_file():
    names = [p.name for p in BAD_IMPORTS]
    for kind in ("truncated", "wrong_types", "unknown_ids", "huge_number", "binary", "latin1", "utf16", "deeply_nested"):
        assert {f"{kind}.{ext}" for ext in ("jsonl", "json")} <= set(names), kind
    assert {"wrong_header.csv", "mismatched_quotes.csv", "truncated.csv", "wrong_types.csv"} <= set(names)


def refused(result, path: Path) -> str:
    stderr = failed_cleanly(result, 1, 2)
    assert str(path) in stderr, stderr
    return stderr


@pytest.mark.parametrize("fmt", ["auto", "given"])
@pytest.mark.parametrize("path", BAD_IMPORTS, ids=lambda p: p.name)
def test_a_bad_import_file_is_refused_and_nothing_is_stored(run, db, path, fmt):
    args = [] if fmt == "auto" else ["--format", FORMAT_OF[path.suffix]]
    stderr = refused(run("import", str(path), *args), path)
    assert all(len(line) < 400 for line in stderr.splitlines()), "a problem line quotes too much of the file"
    assert interviews(db) == []


@pytest.mark.parametrize("path", [p for p in BAD_IMPORTS if p.suffix != ".csv"], ids=lambda p: p.name)
def test_a_bad_json_file_read_as_another_format_is_refused_too(run, db, path):
    other = "csv" if path.suffix == ".jsonl" else "jsonl"
    refused(run("import", str(path), "--format", other), path)
    assert interviews(db) == []


def test_a_quote_left_open_does_not_swallow_the_rows_after_it(english, run, db):
    """Python's csv module, left lenient, would read `"Jan de Vries,"Belt liever` as one cell and store it."""
    path = BAD / "import" / "mismatched_quotes.csv"
    stderr = refused(run("import", str(path)), path)
    assert "line 2: not readable as CSV" in stderr and "double quotes" in stderr


def test_a_csv_cut_off_inside_a_quoted_cell_is_refused(run, db):
    path = BAD / "import" / "truncated.csv"
    assert "unexpected end of data" in refused(run("import", str(path)), path)


def test_a_json_array_nested_too_deeply_or_with_a_huge_number_is_refused_without_a_traceback(english, run, db):
    nested, huge = BAD / "import" / "deeply_nested.json", BAD / "import" / "huge_number.json"
    assert "nested too deeply" in refused(run("import", str(nested)), nested)
    assert "advice_uptake" in refused(run("import", str(huge)), huge)


# --- 10 MB in one line, one value or one cell ---------------------------------------------------------


def _huge(tmp_path: Path, kind: str) -> Path:
    text = "x" * TEN_MB
    path = tmp_path / f"huge_line.{kind}"
    record = {"customer": {"name": "Jan"}, "interview": {"notes": text}, "answers": {}}
    content = {
        "jsonl": json.dumps(record) + "\n",
        "json": json.dumps([record]),
        "csv": f"customer,notes\nJan,{text}\n",
        "name": json.dumps({"customer": {"name": text}, "answers": {}}) + "\n",
        "garbage": text + "\n",
    }[kind]
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["jsonl", "json", "csv", "name", "garbage"])
def test_a_10_mb_line_is_refused_and_not_echoed(run, db, tmp_path, kind):
    path = _huge(tmp_path, kind)
    stderr = refused(run("import", str(path)), path)
    assert len(stderr) < 2000, "the message quotes the huge value"
    assert interviews(db) == []


# --- property-based: whatever a line or a cell holds ----------------------------------------------------

QUESTION_IDS = ["learning_mode", "advice_uptake", "advisors_kind", "preferences", "other_advisors", "advisors_role"]
TEXT = st.text(alphabet=st.characters() | st.sampled_from(string.punctuation + "\x00\x1b\u202e\ud800\udcfc\r\n\t\"';,"),
               max_size=20)
LIKELY = st.sampled_from(["listen", "think_along", "unknown", "", " ", "3", "0", "9" * 30, "yes", "experts", "experts;coaches",
                          "2024-02-30", "=1+1", "'=1", "lisen"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**20) | st.floats() | TEXT | LIKELY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT | st.sampled_from(QUESTION_IDS), inner, max_size=3),
    max_leaves=10,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "customer": st.fixed_dictionaries({"name": TEXT | LIKELY}, optional={"organisation": JSON_VALUES}) | JSON_VALUES,
        "answers": st.dictionaries(st.sampled_from(QUESTION_IDS) | TEXT, LIKELY | JSON_VALUES, max_size=4) | JSON_VALUES,
        "interview": st.dictionaries(st.sampled_from(["salesperson", "meeting_date", "notes", "created_at", "mood"]),
                                     LIKELY | JSON_VALUES, max_size=3) | JSON_VALUES,
        "question_set": st.sampled_from(["kennismaking", "keuze", "nope"]) | JSON_VALUES,
    },
)
STORED = {"customer": {"name": "0"}, "answers": {}}
"""A record that is stored: random ones seldom are, and the summary they would be held to must be read every run."""
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _stored_or_reported(run, db: Path, path: Path, n: int, *args: str) -> None:
    before = interviews(db)
    result = run("import", str(path), *args)
    if result.exit_code == 0:
        assert f"Imported {n} interview(s)" in result.stderr
        assert len(interviews(db)) == len(before) + n
        shown = run("export")
        assert shown.exit_code == 0, shown.stderr
        assert len(shown.stdout.splitlines()) == len(before) + n
    else:
        failed_cleanly(result, 1, 2)  # 2: --format jsonl, but the first line is a JSON array
        assert interviews(db) == before  # all or nothing


@SETTINGS
@given(lines=st.lists(RECORDS | JSON_VALUES, min_size=1, max_size=4))
@example(lines=[STORED])  # the stored branch, every run
def test_any_json_lines_are_stored_or_reported(english, run, db, tmp_path, lines):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(v) + "\n" for v in lines), encoding="utf-8")
    _stored_or_reported(run, db, path, len(lines), "--format", "jsonl")


@SETTINGS
@given(records=st.lists(RECORDS | JSON_VALUES, min_size=1, max_size=4))
@example(records=[STORED])
def test_any_json_array_is_stored_or_reported(english, run, db, tmp_path, records):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    _stored_or_reported(run, db, path, len(records))


CELL = LIKELY | TEXT
COLUMNS = ["customer", "organisation", "meeting_date", "notes", "question_set", *QUESTION_IDS, "unknown_column"]


@SETTINGS
@given(header=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6, unique=True),
       rows=st.lists(st.lists(CELL, min_size=1, max_size=7), min_size=1, max_size=3),
       delimiter=st.sampled_from([",", ";"]))
def test_any_csv_cells_are_stored_or_reported(english, run, db, tmp_path, header, rows, delimiter):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["customer", *[c for c in header if c != "customer"]])
    writer.writerows(rows)
    path = tmp_path / "in.csv"
    path.write_text(out.getvalue(), encoding="utf-8", errors="surrogatepass")
    written = [r for r in rows if any(c.strip() for c in r)]
    _stored_or_reported(run, db, path, len(written))
