"""`list`: a page of the most recently met customers, filters, sorting, JSON for scripts, the pager."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pexpect
import pytest

from helpers import failed_cleanly

PEOPLE = [  # name, organisation, meeting date
    ("Piet Jansen", "Bakkerij Jansen", "2026-03-01"),
    ("Ëlla van Dijk", "Café Ëlla", "2026-05-20"),
    ("José Müller", "Müller & Zn", "2025-11-02"),
    ("Anna de Boer", None, "2026-01-15"),
    ("dirk Visser", "Visserij Urk", "2026-02-28"),
]


@pytest.fixture
def people(run, tmp_path):
    """Five customers imported in one batch; Piet has a second, later interview (more known)."""
    records = [{"customer": {"name": n, **({"organisation": o} if o else {})}, "interview": {"meeting_date": d}, "answers": {}}
               for n, o, d in PEOPLE]
    records.append({"customer": {"name": "Piet Jansen", "organisation": "Bakkerij Jansen"}, "interview": {"meeting_date": "2026-01-10"},
                    "answers": {"learning_mode": "listen", "advice_meaning": "wisdom"}})
    path = tmp_path / "people.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert run("import", str(path)).exit_code == 0


def names(out: str) -> list[str]:
    """The customers of a `list` table, in order (the first column, up to two spaces)."""
    return [line.split("  ")[0] for line in out.splitlines()[1:]]


def many(run, tmp_path, n: int) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"customer": {"name": f"Klant {i:03d}"}, "interview": {"meeting_date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"},
                                        "answers": {}}) + "\n" for i in range(n)), encoding="utf-8")
    assert run("import", str(path)).exit_code == 0


def test_the_most_recently_met_come_first_with_their_last_meeting(run, people):
    result = run("list")
    assert result.exit_code == 0
    assert names(result.stdout) == ["Ëlla van Dijk", "Piet Jansen", "dirk Visser", "Anna de Boer", "José Müller"]
    assert result.stdout.splitlines()[0].split() == ["Klant", "Organisatie", "Laatste", "Interviews", "Bekend", "Id"]
    piet = result.stdout.splitlines()[2].split()
    total = json.loads(run("list", "--json", "--search", "piet").stdout)[0]["total"]  # the questions his set counts
    assert piet[-4:-1] == ["2026-03-01", "2", f"{2 / total:.0%}"]  # his latest meeting, though the later interview was of an earlier one
    assert re.fullmatch(r"k-[0-9a-z]{8}", piet[-1])  # his customer id
    assert result.stderr.strip() == "5 klant(en)."


def test_a_page_of_thirty_then_how_many_and_how_to_see_more(run, tmp_path):
    many(run, tmp_path, 75)
    result = run("list")
    assert len(names(result.stdout)) == 30
    assert result.stderr.strip() == "30 van 75 klanten getoond. Meer: --limit 60, of alles met --all."
    assert len(names(run("list", "--limit", "70").stdout)) == 70
    everyone = run("list", "--all")
    assert sorted(names(everyone.stdout)) == [f"Klant {i:03d}" for i in range(75)]
    assert everyone.stderr.strip() == "75 klant(en)."
    english = run("list", "--limit", "5", "--lang", "en")
    assert english.stderr.strip() == "Showing 5 of 75 customers. More: --limit 10, or all of them with --all."


@pytest.mark.parametrize("text", ["ELLA", "ëlla", "café", "cafe", "van dijk"])
def test_search_finds_a_part_of_the_name_or_organisation_whatever_the_case_or_accents(run, people, text):
    assert names(run("list", "--search", text).stdout) == ["Ëlla van Dijk"]


@pytest.mark.parametrize("text, found", [("mull", ["José Müller"]), ("JOSE", ["José Müller"]), ("jansen", ["Piet Jansen"]),
                                         ("er", ["Piet Jansen", "dirk Visser", "Anna de Boer", "José Müller"])])
def test_search_matches_names_and_organisations(run, people, text, found):
    assert names(run("list", "-s", text).stdout) == found


def test_organisation_filters_on_the_organisation_only(run, people):
    assert names(run("list", "--organisation", "MÜLLER").stdout) == ["José Müller"]
    assert names(run("list", "--organisation", "muller").stdout) == ["José Müller"]
    assert names(run("list", "--organisation", "visser").stdout) == ["dirk Visser"]
    assert names(run("list", "--organisation", "van dijk").stdout) == []


def test_since_keeps_those_met_on_or_after_the_date(run, people):
    assert names(run("list", "--since", "2026-02-28").stdout) == ["Ëlla van Dijk", "Piet Jansen", "dirk Visser"]


def test_filters_combine_and_a_filter_that_matches_nobody_says_so(run, people):
    assert names(run("list", "--since", "2026-01-01", "--search", "an").stdout) == ["Ëlla van Dijk", "Piet Jansen", "Anna de Boer"]
    nobody = run("list", "--search", "zzz")
    assert nobody.exit_code == 0 and nobody.stdout == ""
    assert nobody.stderr.strip() == "Geen klanten gevonden die hierbij passen."


@pytest.mark.parametrize("sort, order", [
    ("name", ["Anna de Boer", "dirk Visser", "Ëlla van Dijk", "José Müller", "Piet Jansen"]),  # without regard to case or accents
    ("known", ["Piet Jansen", "Ëlla van Dijk", "dirk Visser", "Anna de Boer", "José Müller"]),  # best known, then most recent
    ("last", ["Ëlla van Dijk", "Piet Jansen", "dirk Visser", "Anna de Boer", "José Müller"]),
])
def test_sort(run, people, sort, order):
    assert names(run("list", "--sort", sort).stdout) == order
    assert [c["name"] for c in json.loads(run("list", "--sort", sort, "--json").stdout)] == order


@pytest.mark.parametrize("args, message", [
    (["--since", "1-3-2026"], "--since needs a date written as YYYY-MM-DD, not '1-3-2026'."),
    (["--since", "2026-02-30x"], "--since needs a date written as YYYY-MM-DD"),
    (["--limit", "0"], "Invalid value for '--limit'"),
    (["--limit", "3", "--all"], "Give --limit N or --all, not both."),
    (["--sort", "age"], "Invalid value for '--sort'"),
    (["--format", "csv"], "Invalid value for '--format'"),
])
def test_bad_options_are_usage_errors(english, run, people, args, message):
    assert message in failed_cleanly(run("list", *args), 2)


KEYS = ["id", "name", "organisation", "interviews", "last_interview", "known", "total", "last_met", "drafts"]


def test_json_is_one_array_of_every_customer_with_the_keys_it_had_and_last_met(run, tmp_path):
    many(run, tmp_path, 40)
    out = run("list", "--json").stdout
    data = json.loads(out)
    assert len(data) == 40 and [list(c) for c in data] == [KEYS] * 40  # all of them, not a page
    assert out == json.dumps(data, ensure_ascii=False, indent=2) + "\n"  # the layout it always had
    assert run("list", "--format", "json").stdout == out
    assert len(json.loads(run("list", "--json", "--limit", "3").stdout)) == 3


def test_jsonl_is_one_customer_per_line_with_the_same_objects_and_filters(run, people):
    lines = run("list", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == json.loads(run("list", "--json").stdout)
    assert all(" " not in line.split('"name"')[0] for line in lines)  # compact, one line each
    piet = json.loads(run("list", "-f", "jsonl", "--search", "piet").stdout)
    assert {k: piet[k] for k in ("name", "organisation", "interviews", "known", "last_met")} == {
        "name": "Piet Jansen", "organisation": "Bakkerij Jansen", "interviews": 2, "known": 2, "last_met": "2026-03-01"}
    assert piet["total"] > 2 and piet["last_interview"].endswith("+00:00")


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_every_format_writes_through_an_encoding_without_its_letters(people, tmp_path, encoding):
    env = {**os.environ, "PYTHONIOENCODING": encoding, "KLANTPROFIEL_DB": str(tmp_path / "store.db")}
    out = {fmt: subprocess.run([sys.executable, "-m", "klantprofiel", "list", "-f", fmt], env=env, capture_output=True, check=True)
           .stdout.decode(encoding) for fmt in ("rich", "json", "jsonl")}  # strict: every byte is in the encoding
    assert ("Ëlla van Dijk" if encoding == "cp1252" else "Ella van Dijk") in out["rich"]
    assert [c["name"] for c in json.loads(out["json"])] == [json.loads(line)["name"] for line in out["jsonl"].splitlines()]
    assert "Ëlla van Dijk" in [c["name"] for c in json.loads(out["json"])]


def test_drafts_are_marked_and_a_customer_with_only_a_draft_comes_after_the_others(run, people, db):
    from klantprofiel.store import Store
    Store(db).save_draft("Ans de Wit", "kennismaking", {"values": {}, "meta": {"organisation": "De Wit BV"}, "done": []})
    Store(db).save_draft("Piet Jansen", "twijfels", {"values": {}, "meta": {}, "done": []})
    lines = run("list").stdout.splitlines()
    assert lines[2].split()[-6:-1] == ["2", "+", "1", "concept", lines[2].split()[-2]]  # Piet
    assert lines[-1].split()[:4] == ["Ans", "de", "Wit", "De"] and lines[-1].split()[-6:-2] == ["0", "+", "1", "concept"]
    assert lines[-1].split()[-2] == "–"
    ans = json.loads(run("list", "-f", "jsonl", "--search", "wit").stdout)
    assert (ans["name"], ans["organisation"], ans["interviews"], ans["drafts"], ans["total"]) == ("Ans de Wit", "De Wit BV", 0, 1, 0)
    assert run("list", "--limit", "1").stderr.startswith("1 van 6 klanten getoond")


def test_json_of_an_empty_store_or_filter_is_empty(run, people):
    assert run("list", "--json", "--search", "zzz").stdout == "[]\n"
    assert run("list", "-f", "jsonl", "--search", "zzz").stdout == ""


@pytest.mark.parametrize("columns", [40, 60, 140])
def test_a_customer_too_wide_for_the_table_is_a_block_and_no_word_is_cut(run, people, interviewed, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    interviewed("Johannes Wilhelmus Maria van den Heuvel-Oosterhout", {"organisation": "Coöperatieve Zuivelfabriek De Eendracht"})
    lines = run("list").stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert "…" not in "".join(lines)
    words = set(" ".join(lines).replace(":", " ").split())
    assert {"Johannes", "Heuvel-Oosterhout", "Coöperatieve", "Eendracht", "Piet", "Müller", "Bakkerij"} <= words
    if columns == 140:
        assert lines[0].split() == ["Klant", "Organisatie", "Laatste", "Interviews", "Bekend", "Id"]
        assert len(lines) == 7  # the header and a line per customer
    else:  # each customer his name, then the other columns indented after their headers
        assert lines[0].startswith("Johannes Wilhelmus") and "Klant" not in words
        assert "  Organisatie: Bakkerij Jansen" in lines and "  Interviews: 2" in lines


def test_a_later_customer_wider_than_the_columns_gets_a_block_of_his_own(run, monkeypatch):
    from klantprofiel.cli.render_list import MEASURED, customer_lines
    from klantprofiel.store.customers import CustomerSummary
    rows = [CustomerSummary(f"k-{i:08d}", f"Klant {i}", "Firma", 1, "2026-01-01T00:00:00+00:00", 1, 2, "2026-01-01") for i in range(MEASURED)]
    rows.append(CustomerSummary("k-zzzzzzzz", "Een veel langere naam dan de rest", None, 1, "2026-01-01T00:00:00+00:00", 1, 2, "2025-01-01"))
    header, lines = customer_lines(rows, "nl", 80)
    lines = list(lines)
    assert header.split() == ["Klant", "Organisatie", "Laatste", "Interviews", "Bekend", "Id"]
    assert lines[0].split() == ["Klant", "0", "Firma", "2026-01-01", "1", "50%", "k-00000000"]
    assert lines[-1] == "Een veel langere naam dan de rest\n  Laatste: 2025-01-01\n  Interviews: 1\n  Bekend: 50%\n  Id: k-zzzzzzzz"


@pytest.fixture
def pager(tmp_path, run, monkeypatch):
    """40 customers, and $PAGER a script that marks each line it shows (ask for it before `spawn`)."""
    many(run, tmp_path, 40)
    script = tmp_path / "pager.sh"
    script.write_text("#!/bin/sh\nsed 's/^/PAGED /'\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PAGER", str(script))


def test_all_on_a_terminal_goes_through_the_pager(pager, spawn):
    child = spawn("list", "--all")
    child.expect(r"PAGED Klant +Organisatie")
    child.expect("PAGED Klant 0")
    child.expect(r"40 klant\(en\)\.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_page_on_a_terminal_is_printed_without_the_pager(pager, spawn):
    child = spawn("list")
    child.expect("Klant 0")
    child.expect(r"30 van 40 klanten getoond")
    child.expect(pexpect.EOF)
    assert "PAGED" not in child.before
