"""A question set is known by its id and version, and a store keeps a copy (with its content hash)
of every set its interviews were answered against. So:

- a file that reuses a built-in or kept id and version but says something else, or a set edited
  without changing its version, is refused (change the version or the id); no interview is ever
  derived from another set's copy while answers to its own questions are dropped;
- no question may take the id of a who/when field (or of another CSV column);
- what export writes imports again after the set moved to a newer version: checked against the
  store's copy of the old version, or the current version where the store keeps none, with a note.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import pexpect
import pytest

from klantprofiel import questionset
from klantprofiel.questionset import builtin_dir
from klantprofiel.questionset import load as set_loading
from klantprofiel.questionset.load import load
from klantprofiel.questionset.model import META_FIELDS, RESERVED_IDS
from klantprofiel.store import Store

from helpers import MINI, failed_cleanly

REFUSAL = "change the version"
"""What every refusal of a colliding set tells the user to do (or to change the id)."""


def stored(db) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT customer, question_set, set_version, answers FROM interviews ORDER BY id").fetchall()


def edited(tmp_path, source: str, *changes: tuple[str, str], name: str | None = None):
    """A copy of a set file (in its own folder, under its id's name) with `changes` made."""
    text = source
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    folder = tmp_path / f"set{len(list(tmp_path.glob('set*')))}"
    folder.mkdir()
    path = folder / (name or "mini.toml")
    path.write_text(text, encoding="utf-8")
    return path


MINI_TEXT = MINI.read_text(encoding="utf-8")
NEW_QUESTION = '''
[[questions]]
id = "extra"
topic = "advice"
kind = "choice"
text = { nl = "Nieuw?", en = "New?" }
discover = { nl = "Vraag het.", en = "Ask it." }
choices = [{ id = "ja", label = { nl = "Ja", en = "Yes" } }, { id = "nee", label = { nl = "Nee", en = "No" } }]
'''


# --- a set that reuses an id and version for other content -------------------------------------

def test_a_file_that_takes_a_built_in_id_and_version_but_differs_is_refused(english, run, db, tmp_path):
    builtin = (builtin_dir() / "kennismaking.toml").read_text(encoding="utf-8")
    changed = edited(tmp_path, builtin, ('nl = "Wil {hij} liever luisteren, of liever meedenken?"', 'nl = "Luistert {hij}?"'),
                     name="kennismaking.toml")
    stderr = failed_cleanly(run("questions", "validate", str(changed)), 1)
    assert "are those of a built-in set, but this file differs from it; change the version" in stderr
    for command in (["interview", "Ans", "--set", str(changed), "--answers", "-"], ["import", "-", "--set", str(changed)],
                    ["import", "-", "--set", str(changed), "--dry-run"]):
        stderr = failed_cleanly(run(*command, input='{"customer": {"name": "Ans"}, "answers": {}}'), 1)
        assert REFUSAL in stderr.lower() and "or the id" in stderr
    assert not db.exists() or stored(db) == []


def test_a_copy_of_a_built_in_set_that_says_the_same_is_that_set(run, db, tmp_path):
    """Layout and comments are not content: a reformatted copy is accepted, and is the built-in set."""
    builtin = (builtin_dir() / "kennismaking.toml").read_text(encoding="utf-8")
    copy = edited(tmp_path, "# my own copy\n" + builtin.replace('"$schema" = "./questionset.schema.json"\n', ""), name="kennismaking.toml")
    assert run("questions", "validate", str(copy)).exit_code == 0
    assert load(copy).content_hash == load("kennismaking").content_hash
    assert run("interview", "Ans", "--set", str(copy), "--answers", "-", input="{}").exit_code == 0
    assert run("interview", "Ans", "--answers", "-", input="{}").exit_code == 0
    assert Store(db).kept_sets() == [("kennismaking", load().version)]


@pytest.mark.parametrize("change", [
    ('nl = "Houd het kort."', 'nl = "Houd het heel kort."'),  # a rule's text
    ("[[rules]]\nid = \"straight\"", NEW_QUESTION + "\n[[rules]]\nid = \"straight\""),  # a question added
], ids=["rule text", "new question"])
def test_a_set_edited_without_a_new_version_is_refused_and_the_store_keeps_its_interviews(run, db, tmp_path, change):
    first = edited(tmp_path, MINI_TEXT)
    assert run("interview", "Ans", "--set", str(first), "--answers", "-", input='{"uptake": 1}').exit_code == 0
    before = run("show", "Ans", "-f", "json").stdout
    again = edited(tmp_path, MINI_TEXT, change)
    record = '{"customer": {"name": "Piet"}, "answers": {"uptake": 1}}'
    for command, given in ((["interview", "Piet", "--set", str(again), "--answers", "-"], '{"uptake": 1}'),
                           (["import", "-", "--set", str(again)], record), (["import", "-", "--set", str(again), "--dry-run"], record)):
        stderr = failed_cleanly(run(*command, input=given), 1)
        assert "Vragenlijst 'mini' versie 0.1 wijkt af van de kopie van die versie in deze opslag" in stderr
        assert "verander de versie" in stderr.lower() and "of zijn id" in stderr
    assert [row[0] for row in stored(db)] == ["Ans"]
    assert run("show", "Ans", "-f", "json").stdout == before  # still derived from the copy it was answered against
    stderr = failed_cleanly(run("questions", "validate", str(again)), 1)  # a trainer hears it before anyone interviews
    assert "wijkt af van de kopie van die versie in deze opslag" in stderr and "verander de versie" in stderr.lower()
    assert run("questions", "validate", str(first)).exit_code == 0

    renewed = edited(tmp_path, MINI_TEXT, change, ('version = "0.1"', 'version = "0.2"'))
    assert run("interview", "Piet", "--set", str(renewed), "--answers", "-", input='{"uptake": 1}').exit_code == 0
    assert Store(db).kept_sets() == [("mini", "0.1"), ("mini", "0.2")]


def test_the_interview_refuses_such_a_set_before_the_first_question(spawn, db, tmp_path):
    first = edited(tmp_path, MINI_TEXT)
    store = Store(db)
    with store.transaction():
        store.keep_set(load(first))
    store.close()
    again = edited(tmp_path, MINI_TEXT, ('nl = "Houd het kort."', 'nl = "Kort!"'))
    child = spawn("interview", "Ans", "--set", str(again))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "wijkt af van de kopie van die versie in deze opslag" in child.before and "Naam?" not in child.before


def test_an_old_store_with_another_set_under_a_built_in_id_derives_from_that_copy(run, db, tmp_path):
    """Before content hashes, a changed copy of a built-in set could be kept under the built-in id and
    version. Its interviews are derived from that copy, answers to its own questions and all."""
    qs = load()  # such a file is refused now, so the copy is written as an older klantprofiel kept it
    raw = json.loads(qs.model_dump_json(by_alias=True))
    extra = {"id": "extra", "topic": raw["questions"][0]["topic"], "kind": "choice", "text": {"nl": "Nieuw?", "en": "New?"},
             "discover": {"nl": "Vraag het.", "en": "Ask it."},
             "choices": [{"id": "ja", "label": {"nl": "Ja", "en": "Yes"}}, {"id": "nee", "label": {"nl": "Nee", "en": "No"}}]}
    raw["questions"].append(extra)
    raw["rules"].append({"id": "extra_yes", "when": {"extra": "ja"}, "kind": "do", "text": {"nl": "Doe het nieuwe.", "en": "Do the new thing."}})
    Store(db).kept_sets()  # creates the store
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO question_sets (id, version, definition, content_hash) VALUES (?, ?, ?, NULL)",
                     (qs.id, qs.version, json.dumps(raw)))
        answers = {q.id: None for q in qs.questions} | {"extra": "ja"}
        conn.execute("INSERT INTO people (id, name, name_key, created_at) VALUES ('k-00000000', 'Ans', 'ans', '2024-01-01T00:00:00+00:00')")
        conn.execute("INSERT INTO interviews (customer, customer_key, question_set, set_version, answers, known, total, source, created_at, uid)"
                     " VALUES ('Ans', 'k-00000000', ?, ?, ?, 1, 1, 'interview', '2024-01-01T00:00:00+00:00', 'u1')",
                     (qs.id, qs.version, json.dumps(answers)))
    [record] = json.loads(run("show", "Ans", "-f", "json").stdout)
    assert record["answers"]["extra"] == "ja"
    assert "Doe het nieuwe." in json.dumps(record["profile"])
    stderr = failed_cleanly(run("interview", "Piet", "--answers", "-", input="{}"), 1)  # and the built-in set is not kept over it
    assert "wijkt af van de kopie van die versie in deze opslag" in stderr


def test_opening_an_old_store_gives_each_kept_set_its_hash(tmp_path):
    old = tmp_path / "v1.db"
    shutil.copy(MINI.parents[1] / "stores" / "v1.db", old)
    store = Store(old)
    assert store.kept_sets() == [("kennismaking", "1.0")]
    recorded = json.loads((MINI.parent / "builtin-hashes.json").read_text(encoding="utf-8"))
    with sqlite3.connect(old) as conn:  # the built-in set it was answered against is that very set
        assert conn.execute("SELECT content_hash FROM question_sets").fetchall() == [(recorded["kennismaking"]["1.0"],)]
    store.check_set(load("kennismaking"))


# --- question ids that would be taken for something else ----------------------------------------

@pytest.mark.parametrize("reserved", sorted(RESERVED_IDS))
def test_a_question_may_not_take_the_id_of_a_who_when_field_or_a_csv_column(english, run, tmp_path, reserved):
    path = edited(tmp_path, MINI_TEXT, ('id = "knows"', f'id = "{reserved}"'))
    stderr = failed_cleanly(run("questions", "validate", str(path)), 1)
    kind = "a who/when field" if reserved in META_FIELDS else "a column of CSV import and export"
    assert f"question '{reserved}', field 'id': '{reserved}' is {kind}, so its answers would be taken for that; give the question another id" in stderr
    stderr = failed_cleanly(run("interview", "Ans", "--set", str(path), "--answers", "-", input="{}"), 1)
    assert f"'{reserved}' is {kind}" in stderr


def test_every_csv_column_beside_the_questions_is_reserved():
    from klantprofiel.io import csvfmt

    assert {*META_FIELDS, *csvfmt.EXPORT_COLUMNS, csvfmt.REJECTED_COLUMN} == RESERVED_IDS


# --- export, then the set moves on, then import ---------------------------------------------------

NEWER = "99.0"


def newer_builtin(tmp_path, monkeypatch) -> None:
    """The built-in sets as a later klantprofiel ships them: kennismaking at version 99.0, with a
    question added and the choice 'both' of learning_mode gone (and the rule that named it)."""
    folder = tmp_path / "builtin"
    shutil.copytree(builtin_dir(), folder)
    path = folder / "kennismaking.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(f'version = "{load().version}"', f'version = "{NEWER}"', 1)
    start = text.index('id = "both"\nlabel = { nl = "Allebei / hangt ervan af"')
    text = text[:text.rindex("[[questions.choices]]", 0, start)] + text[text.index("[[questions]]", start):]
    text = re.sub(r'\[\[rules\]\]\n(?:(?!\n\n).)*learning_mode = "both"(?:(?!\n\n).)*\n\n', "", text, flags=re.DOTALL)
    path.write_text(text + NEW_QUESTION.replace('topic = "advice"', 'topic = "learning"'), encoding="utf-8")
    monkeypatch.setattr(questionset, "builtin_dir", lambda: folder)
    assert load().version == NEWER and "both" not in {c.id for c in load().questions[1].choices}


def _exported(run, interviewed, tmp_path):
    interviewed("Ans", {"learning_mode": "listen", "notes": "eerste"})
    interviewed("Piet", {"learning_mode": "both"})
    out = tmp_path / "export.jsonl"
    assert run("export", "-o", str(out)).exit_code == 0
    return out


def test_an_export_imports_again_into_a_store_that_keeps_the_old_version(english, run, interviewed, db, tmp_path, monkeypatch):
    exported = _exported(run, interviewed, tmp_path)
    old = load().version
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM interviews")  # a restore: the store still keeps the old version's copy
    newer_builtin(tmp_path, monkeypatch)
    note = (f"Records of question set 'kennismaking' version {old} are checked against the copy of that version this store keeps "
            f"(the current version is {NEWER}), and stored as answered to it.")
    dry = run("import", str(exported), "--dry-run")  # says what the import will do
    assert dry.exit_code == 0 and note in dry.stderr and stored(db) == []
    result = run("import", str(exported))
    assert result.exit_code == 0, result.stderr
    assert note in result.stderr
    assert [(name, version) for name, _, version, _ in stored(db)] == [("Ans", old), ("Piet", old)]
    assert json.loads(stored(db)[1][3])["learning_mode"] == "both"  # a choice of that version


def test_an_export_imports_into_a_new_store_against_the_current_version_where_it_fits(english, run, interviewed, tmp_path, monkeypatch):
    exported = _exported(run, interviewed, tmp_path)
    old = load().version
    newer_builtin(tmp_path, monkeypatch)
    fresh = tmp_path / "fresh.db"
    result = run("import", str(exported), "--db", str(fresh), "--skip-invalid", "--json")
    assert result.exit_code == 1
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert events.pop(0) == {"event": "note", "message": f"Created a new store: {fresh}"}
    assert events[0] == {"event": "note", "message": f"This store keeps no copy of question set 'kennismaking' version {old}: its records "
                         f"are checked against version {NEWER}, and those whose answers fit it are stored as answered to {NEWER}."}
    [problem] = [e for e in events if e["event"] == "problem"]  # Piet's 'both' is no choice any more: the usual report
    assert (problem["line"], problem["field"], problem["value"]) == (2, "answers.learning_mode", "both")
    assert "'both' is not a choice" in problem["message"]
    assert [(name, version) for name, _, version, _ in stored(fresh)] == [("Ans", NEWER)]


def test_a_built_in_set_that_changes_gets_a_new_version():
    """Stores keep a copy of each built-in set their interviews used, and refuse a set that differs
    from it under the same version: a built-in set changed without a new version would stop every
    user's next interview. Each version's hash is recorded here; a new version adds a line."""
    recorded = json.loads((MINI.parent / "builtin-hashes.json").read_text(encoding="utf-8"))
    for set_id in set_loading.available():
        qs = load(set_id)
        assert recorded.get(set_id, {}).get(qs.version) == qs.content_hash, (
            f"{set_id} {qs.version}: changed without a new version, or a new version not yet recorded in builtin-hashes.json")
