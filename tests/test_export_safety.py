"""What export hands out is safe to look at and to open, and complete for the person it is about.

- JSON lines and JSON arrays escape every control character, C1 control and bidirectional override
  (as `show -f json` does): JSON itself only escapes C0, so ESC is `\\u001b` anyway, but CSI (0x9b)
  or a right-to-left override would reach a terminal as they are. The data stays exact.
- CSV writes a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) as text.
- `export --customer NAME` is the right of access: every interview of every question set stored
  about that person, with every field and the derived profile. Drafts (an interview broken off,
  kept so it can be resumed) are not part of it: they are not a stored interview, and `delete`
  erases them with the rest.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klantprofiel.io import csvfmt
from klantprofiel.printable import CONTROL_UTF8, holds_control, json_bytes, json_text
from klantprofiel.store import Store

from helpers import nul_let_in
from test_injection import EVIL, assert_neutral, name_of


@pytest.fixture(params=list(EVIL), ids=list(EVIL))
def evil(request, run) -> str:
    """A customer whose organisation, notes and a free-text answer hold the same text, and his name
    as much of it as a name can hold, imported (so the text arrives the way a CRM sends it)."""
    text = EVIL[request.param]
    record = {"customer": {"name": name_of(text), "organisation": text}, "interview": {"notes": text, "salesperson": text},
              "answers": {"preferences": text, "learning_mode": "listen"}}
    with nul_let_in():  # the NUL of "control": a store may hold one from before it was refused
        result = run("import", "-", input=json.dumps(record))
    assert result.exit_code == 0, result.stderr
    return text


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_json_export_escapes_controls_and_keeps_the_exact_text(run, evil, fmt, tmp_path):
    out = run("export", "--format", fmt)
    assert out.exit_code == 0, out.stderr
    assert_neutral(out.stdout)
    [record] = [json.loads(line) for line in out.stdout.splitlines()] if fmt == "jsonl" else json.loads(out.stdout)
    assert record["customer"] == {"id": record["customer"]["id"], "external_id": None, "name": name_of(evil), "organisation": evil.strip(),
                                 "pronoun": None}
    assert record["interview"]["notes"] == evil.strip() and record["answers"]["preferences"] == evil.strip()
    assert [record] == json.loads(run("show", name_of(evil), "-f", "json").stdout)  # the same as show

    written = tmp_path / f"export.{fmt}"
    assert run("export", "--format", fmt, "-o", str(written)).exit_code == 0
    assert written.read_text(encoding="utf-8") == out.stdout  # a file gets what the terminal got


@given(st.text(st.characters(exclude_categories=["Cs"]) | st.sampled_from("\x1b\x7f\x85\x9b\u202e\u2066\u2069é…"), max_size=40))
def test_export_escapes_bytes_exactly_as_show_escapes_text(text):
    """Export's JSON (bytes) and show's (text) agree on every character."""
    data = json.dumps({"notes": text}, ensure_ascii=False)
    assert json_bytes(data.encode()) == json_text(data).encode()
    assert json.loads(json_bytes(data.encode())) == {"notes": text}


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_export_writes_every_formula_as_text_and_import_takes_it_back(run, tmp_path, start):
    text = f"{start}HYPERLINK(\"https://evil.example\";\"klik\")"
    record = {"customer": {"name": text, "organisation": text}, "interview": {"notes": text, "context": text, "salesperson": text},
              "answers": {"preferences": text, "knowledge": start}}
    assert run("import", "-", input=json.dumps(record)).exit_code == 0
    out = tmp_path / "export.csv"
    assert run("export", "--format", "csv", "-o", str(out)).exit_code == 0
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    for column in ("customer", "organisation", "notes", "context", "salesperson", "preferences"):
        assert row[column] == "'" + text, column
    assert row["knowledge"] == "'" + start
    assert not [cell for cell in row.values() if cell.startswith(csvfmt.FORMULA_START)]

    again = tmp_path / "again.db"
    assert run("import", str(out), "--db", str(again)).exit_code == 0
    with sqlite3.connect(again) as conn:
        assert conn.execute("SELECT customer, notes, context FROM interviews").fetchall() == [(text, text, text)]


@pytest.mark.parametrize("cell", ["\t=1+1", "\r=1+1", "\tcmd", "\r@SUM(A1)", "'=1", "''+1"])
def test_a_cell_starting_with_tab_or_cr_or_quotes_before_a_formula_is_written_as_text(cell):
    """Import and interviews strip text, so a stored value never starts with a tab or CR; the
    CSV writer guards against it all the same, and the round trip is exact."""
    written = csvfmt.neutralise(cell)
    assert written.startswith("'") and not written.startswith(csvfmt.FORMULA_START)
    assert csvfmt.restore(written) == cell


def test_export_customer_gives_everything_stored_about_that_person(run, db, interviewed):
    """The right of access: every interview of every set and his drafts, nobody else's."""
    interviewed("Ans de Wit", {"organisation": "Wit B.V.", "notes": "eerste gesprek", "learning_mode": "listen"})
    interviewed("Ans de Wit", {"notes": "tweede gesprek", "learning_mode": "both"})
    interviewed("Ans de Wit", {"notes": "keuze"}, "--set", "keuze")
    interviewed("Piet", {"notes": "niet van Ans"})
    Store(db).save_draft("Ans de Wit", "relatie", {"values": {}, "done": []})  # a broken-off interview: exported as a draft

    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT id, question_set, notes FROM interviews WHERE customer = 'Ans de Wit' ORDER BY id").fetchall()
    assert len(stored) == 3

    result = run("export", "--customer", "ans de wit")
    assert result.exit_code == 0, result.stderr
    *records, draft = [json.loads(line) for line in result.stdout.splitlines()]
    assert draft["draft"]["customer"]["name"] == "Ans de Wit" and draft["draft"]["question_set"] == {"id": "relatie"}
    assert [(r["interview"]["id"], r["question_set"]["id"], r["interview"]["notes"]) for r in records] == stored
    assert all(r["customer"]["name"] == "Ans de Wit" for r in records)
    assert "Piet" not in result.stdout and "niet van Ans" not in result.stdout
    assert all(set(r) == {"customer", "interview", "question_set", "answers", "profile"} for r in records)

    shown = json.loads(run("show", "Ans de Wit", "-f", "json").stdout)  # show: the latest per set
    assert all(s in records for s in shown)

    for fmt in ("csv", "markdown"):  # every format holds every interview
        out = run("export", "--customer", "Ans de Wit", "--format", fmt).stdout
        assert all(notes in out for _, _, notes in stored), fmt
        assert "niet van Ans" not in out


_EDGES = [c.encode() for c in "\x7f\x80\x9f\xa0\u2029\u202a\u202e\u202f\u2065\u2066\u2069\u206a’€é"]
"""Each control's UTF-8 and its neighbours' just outside the ranges."""


@given(st.binary(max_size=40) | st.lists(st.sampled_from([b"\xc2", b"\xe2", b"\x80", b"\x81", b"a", *_EDGES]), max_size=12).map(b"".join))
def test_the_quick_control_check_agrees_with_the_pattern(data):
    assert holds_control(data) == (CONTROL_UTF8.search(data) is not None)


def test_the_quick_control_check_at_each_edge():
    assert [c for c in _EDGES if holds_control(b"x" + c + b"y")] == [c.encode() for c in "\x7f\x80\x9f\u202a\u202e\u2066\u2069"]
