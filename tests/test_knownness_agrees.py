"""How well we know a customer is one number wherever it is read: `list`, `history`, the CSV
and JSON exports and `show` say the same known/total, also after the set his interview is read with grew a
question (a new klantprofiel, a trainer's edit) or when it was answered against an older version."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import klantprofiel.questionset as set_finding
from klantprofiel.questionset import builtin_dir
from klantprofiel.questionset.load import load
from klantprofiel.questionset.model import QuestionSet

FIXTURES = Path(__file__).parent / "fixtures"

GROWN = '''
[[questions]]
id = "grown"
topic = "preferences"
kind = "choice"
text = { nl = "Nieuw?", en = "New?" }
discover = { nl = "Vraag het.", en = "Ask it." }
choices = [{ id = "ja", label = { nl = "Ja", en = "Yes" } }, { id = "nee", label = { nl = "Nee", en = "No" } }]
'''


def said(run, db=None) -> dict[str, dict[str, tuple[int, int]]]:
    """Per customer name, the known/total that each way of reading him says."""
    at = ["--db", str(db)] if db else []
    listed = [json.loads(line) for line in run("list", "--format", "jsonl", *at).stdout.splitlines()]
    exported = list(csv.DictReader(io.StringIO(run("export", "--format", "csv", "-o", "-", *at).stdout)))
    records = [json.loads(line) for line in run("export", "--format", "jsonl", "-o", "-", *at).stdout.splitlines()]
    found: dict[str, dict[str, tuple[int, int]]] = {}
    for c in listed:
        if not c["interviews"]:
            continue
        shown = json.loads(run("show", c["id"], "--format", "json", *at).stdout)
        history = json.loads(run("history", c["id"], "--json", *at).stdout)
        found[c["name"]] = {
            "list": (c["known"], c["total"]),
            "csv": next((int(r["known"]), int(r["total"])) for r in reversed(exported) if r["customer_id"] == c["id"]),
            "jsonl": next((r["profile"]["knownness"]["known"], r["profile"]["knownness"]["total"])
                          for r in reversed(records) if r["customer"]["id"] == c["id"]),
            "show": (shown[0]["profile"]["knownness"]["known"], shown[0]["profile"]["knownness"]["total"]),
            "history": (history[-1]["knownness"]["known"], history[-1]["knownness"]["total"]),
        }
    return found


def agree(found: dict[str, dict[str, tuple[int, int]]]) -> dict[str, tuple[int, int]]:
    """Each customer's one known/total (fails, naming the ways that differ, when they do not agree)."""
    assert found
    for name, ways in found.items():
        assert len(set(ways.values())) == 1, (name, ways)
    return {name: next(iter(ways.values())) for name, ways in found.items()}


def grown_builtin(tmp_path, monkeypatch) -> QuestionSet:
    """The built-in sets as a later klantprofiel ships them: kennismaking one question longer, at a
    new version."""
    folder = tmp_path / "builtin"
    shutil.copytree(builtin_dir(), folder)
    path = folder / "kennismaking.toml"
    text = path.read_text(encoding="utf-8").replace(f'version = "{load().version}"', 'version = "99.0"', 1)
    path.write_text(text + GROWN, encoding="utf-8")
    monkeypatch.setattr(set_finding, "builtin_dir", lambda: folder)
    grown = load()
    assert grown.version == "99.0" and "grown" in {q.id for q in grown.questions}
    return grown


def test_an_interview_answered_against_an_older_version_reads_the_same_everywhere(run, tmp_path):
    """Ëlla's interview was answered against kennismaking 1.1, before `preferences` was asked; it is
    read with today's set, which counts that question too (a store written by an older klantprofiel)."""
    store = tmp_path / "grown.db"
    shutil.copyfile(FIXTURES / "stores" / "v5-grown-set.db", store)
    counted = agree(said(run, store))
    assert counted["Ëlla van Dijk"][1] == counted["Piet Jansen"][1]  # one set, one number of questions, whichever version answered it
    assert agree(said(run, store)) == counted  # read again: the same, and nothing counted twice


def test_when_the_set_gains_a_question_list_csv_and_show_say_the_same(backend, run, interviewed, tmp_path, monkeypatch):
    """On either store: PostgreSQL kept the stored numbers as they were, and listed 2/16 where
    `show` said 2/17."""
    interviewed("Ans", {"learning_mode": "listen"})
    interviewed("Piet", {"learning_mode": "both", "advice_meaning": "wisdom"})
    before = agree(said(run))
    grown_builtin(tmp_path, monkeypatch)
    after = agree(said(run))
    assert {name: (known, total + 1) for name, (known, total) in before.items()} == after
    interviewed("Ans", {"learning_mode": "listen", "grown": "ja"})  # answered with the grown set itself
    assert agree(said(run))["Ans"] == (before["Ans"][0] + 1, before["Ans"][1] + 1)


def test_list_sorts_by_the_knownness_it_shows(backend, run, interviewed, tmp_path, monkeypatch):
    """`list --sort known` orders by the recounted numbers, not by the ones stored before the set grew."""
    interviewed("Ans", {"learning_mode": "listen"})
    interviewed("Piet", {"learning_mode": "both", "advice_meaning": "wisdom"})
    grown_builtin(tmp_path, monkeypatch)
    listed = [json.loads(line) for line in run("list", "--format", "jsonl", "--sort", "known").stdout.splitlines()]
    ratios = [c["known"] / c["total"] for c in listed]
    assert ratios == sorted(ratios, reverse=True) and [c["name"] for c in listed] == ["Piet", "Ans"]
