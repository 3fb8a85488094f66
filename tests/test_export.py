"""klantprofiel export: formats, customers, files readable only by the user, spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from klantprofiel.questionset.load import load

from helpers import failed_cleanly

EXAMPLES = Path(__file__).parents[1] / "examples"


@pytest.fixture
def three(run):
    assert run("import", str(EXAMPLES / "import.jsonl")).exit_code == 0


def test_jsonl_is_one_export_record_per_line(run, three):
    result = run("export")
    assert result.exit_code == 0 and result.stderr == ""
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["customer"]["name"] for r in records] == ["Jan de Vries", "Fatima El Amrani", "Piet Jansen"]
    assert set(records[0]) == {"customer", "interview", "question_set", "answers", "profile"}
    assert records[0]["question_set"] == {"id": "kennismaking", "version": load("kennismaking").version}


def test_json_export_equals_show(run, three):
    records = json.loads(run("export", "--format", "json", "--lang", "en").stdout)
    shown = json.loads(run("show", "Fatima El Amrani", "--format", "json", "--lang", "en").stdout)
    assert [records[1]] == shown  # a name shows one record per question set answered


def test_empty_store_exports_nothing(run, db):
    db.touch()  # an empty file becomes a store; export does not make one
    assert run("export").stdout == ""
    assert json.loads(run("export", "--format", "json").stdout) == []


def test_customer_option_is_repeatable_and_ignores_case(run, three):
    result = run("export", "-c", "piet jansen", "--customer", "JAN DE VRIES")
    assert [json.loads(line)["customer"]["name"] for line in result.stdout.splitlines()] == ["Jan de Vries", "Piet Jansen"]


def test_unknown_customer_is_an_error_with_suggestions(english, run, three):
    result = run("export", "-c", "Jan de Vris")
    assert result.exit_code == 1
    assert "No customer named 'Jan de Vris'" in result.stderr and "Jan de Vries" in result.stderr
    assert result.stdout == ""


def test_output_file_is_private_and_reported(english, run, three, tmp_path):
    out = tmp_path / "profiles.jsonl"
    result = run("export", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert "Exported 3 interview(s)" in result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert not (tmp_path / "profiles.jsonl.part").exists()


def test_csv_has_a_column_per_question_and_neutralises_formulas(run, tmp_path):
    record = {"customer": {"name": "=HYPERLINK(\"x\")", "organisation": "+31 20 123"},
              "interview": {"notes": "@home", "context": "-"},
              "answers": {"knowledge": "=1+1", "other_advisors": "yes", "advisors_kind": ["experts", "coaches"], "advice_uptake": 3}}
    assert run("import", "-", input=json.dumps(record)).exit_code == 0
    out = tmp_path / "export.csv"
    assert run("export", "--format", "csv", "-o", str(out), "--delimiter", ";").exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert row["customer"] == "'=HYPERLINK(\"x\")" and row["organisation"] == "'+31 20 123"
    assert row["notes"] == "'@home" and row["context"] == "'-" and row["knowledge"] == "'=1+1"
    assert row["advisors_kind"] == "experts;coaches" and row["advice_uptake"] == "3" and row["learning_mode"] == ""
    assert (row["known"], row["total"]) == ("4", "18")


def test_markdown_brief_per_interview(run, three):
    result = run("export", "--format", "markdown", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.count("\n---\n") == 2
    assert "# Jan de Vries · Bakkerij De Vries" in result.stdout
    assert "## Approach" in result.stdout


def test_delimiter_only_for_csv(run):
    assert run("export", "--delimiter", ";").exit_code == 2


def test_schema_answers_is_the_import_record(run):
    result = run("schema", "answers")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "klantprofiel import record"
    assert schema["required"] == ["customer", "answers"]
    assert schema["additionalProperties"] is False


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("in_workers", [False, True], ids=["one process", "workers"])
def test_a_full_disk_is_a_clear_error_not_a_traceback(run, three, db, in_workers):
    setup = "from klantprofiel.io import export, parallel; export.EXPORT_BATCH = 1; parallel.LOCAL_BATCHES = 0; parallel.workers = lambda: 2; " if in_workers else ""
    script = f"import sys; {setup}from klantprofiel.cli.app import main; sys.argv = ['klantprofiel', 'export']; main()"
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-c", script], stdout=full, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "KLANTPROFIEL_DB": str(db)}, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == "Fout: Naar de standaarduitvoer schrijven lukt niet: de schijf is vol."  # the system said "No space left on device"


def test_a_closed_stdout_is_a_usage_error(three, db):
    done = subprocess.run([sys.executable, "-m", "klantprofiel", "export"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "KLANTPROFIEL_DB": str(db)}, timeout=60, preexec_fn=lambda: os.close(1))
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["Fout: Er is geen standaarduitvoer om naar te schrijven (hij is gesloten).",
                                        "Stuur het naar een bestand (> BESTAND), of laat export met -o BESTAND naar een bestand schrijven."]


def test_output_through_a_link_or_a_pipe_is_written_to_not_replaced(english, run, three, tmp_path):
    """`-o /dev/stdout`, a FIFO, a link to a file: written to as they are (a file of ours put in
    their place would cut the link, or, run as root, replace a device)."""
    target = tmp_path / "real.jsonl"
    target.write_text("")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert run("export", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and len(target.read_text(encoding="utf-8").splitlines()) == 3
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    assert run("export", "-o", str(fifo)).exit_code == 0
    assert len(reader.communicate(timeout=30)[0].splitlines()) == 3 and fifo.is_fifo()
    assert "it is a folder" in failed_cleanly(run("export", "-o", str(tmp_path)), 1)


def test_a_batch_travels_to_a_worker_marshalled_or_as_plain_tuples_if_it_cannot_be(db):
    """Workers get a batch marshalled (cheap for the main process); a row holding a value
    marshal cannot write (a store handing a datetime, say) still gets there, as tuples."""
    import datetime
    import marshal

    from klantprofiel.io.export import _packed
    from klantprofiel.store.protocol import INTERVIEW_FIELDS, InterviewRow

    plain = tuple(range(len(INTERVIEW_FIELDS)))
    assert marshal.loads(_packed([InterviewRow._make(plain)])) == [plain]
    odd = (datetime.date(2024, 5, 1), *plain[1:])
    assert _packed([InterviewRow._make(odd)]) == [odd]
