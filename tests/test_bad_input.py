"""Bad input never gets a traceback: every file the program reads, and every argument, is refused
with one readable message and exit code 1 (bad input, not found) or 2 (bad usage).

The corpus lives in tests/fixtures/bad/ (its README says what each file is).
"""

from __future__ import annotations

import json
import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantprofiel.answers import read_answers_file
from klantprofiel.errors import UserError
from klantprofiel.questionset.model import META_FIELDS
from klantprofiel.store import Store

from helpers import BAD, MINI, failed_cleanly

BAD_SETS = sorted((BAD / "sets").iterdir())
BAD_ANSWERS = sorted((BAD / "answers").iterdir())


def test_the_corpus_has_every_kind_of_bad_file():
    kinds = ("truncated", "wrong_types", "unknown_ids", "huge_", "binary", "latin1", "utf16", "deeply_nested", "empty")
    for corpus in (BAD_SETS, [p for p in BAD_ANSWERS if p.suffix == ".json"], [p for p in BAD_ANSWERS if p.suffix == ".toml"]):
        names = [p.name for p in corpus]
        assert all(any(n.startswith(kind) for n in names) for kind in kinds if kind != "empty" or corpus is BAD_SETS), names


@pytest.mark.parametrize("path", BAD_SETS, ids=lambda p: p.name)
@pytest.mark.parametrize("command", [["questions", "validate"], ["questions", "list", "--set"], ["interview", "Piet", "--answers", "-", "--set"]],
                         ids=["validate", "list", "interview"])
def test_a_bad_question_set_is_refused_with_its_problems(run, path, command):
    stderr = failed_cleanly(run(*command, str(path), input="{}"), 1)
    assert path.name in stderr
    assert all(len(line) < 300 for line in stderr.splitlines()), "a problem line quotes too much of the file"


@pytest.mark.parametrize("path", BAD_ANSWERS, ids=lambda p: p.name)
def test_a_bad_answers_file_is_refused_and_nothing_is_stored(run, path, db):
    stderr = failed_cleanly(run("interview", "Piet", "--answers", str(path)), 1)
    assert stderr.startswith(f"Fout: {path}")
    assert all(len(line) < 300 for line in stderr.splitlines())
    assert list(Store(db).customers()) == []


@pytest.mark.parametrize("path", [p for p in BAD_ANSWERS if p.suffix == ".json"], ids=lambda p: p.name)
def test_bad_answers_on_stdin_are_refused_too(run, path):
    stderr = failed_cleanly(run("interview", "Piet", "--answers", "-", input=path.read_bytes()), 1)
    assert stderr.startswith("Fout: <stdin>")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_answers_file_is_refused_without_filling_the_memory(english, run):
    assert "larger than 1 MB" in failed_cleanly(run("interview", "Piet", "--answers", "/dev/zero"), 1)


# --- bad arguments: one readable line each ---------------------------------------------------------


@pytest.fixture
def piet(interviewed):
    interviewed("Piet Jansen", {"learning_mode": "listen"})


@pytest.mark.parametrize("args, says", [
    (["show", "Kees"], "No customer named 'Kees'"),
    (["show", "piet jansn"], "Did you mean: Piet Jansen?"),
    (["show", "999"], "No customer named '999'"),
    (["delete", "Kees", "--yes"], "No customer named 'Kees'"),
    (["interview", "Piet", "--set", "kennismakin", "--answers", "-"], "did you mean 'kennismaking'"),
    (["interview", "Piet", "--set", "missing.toml", "--answers", "-"], "No question set 'missing.toml'"),
    (["interview", "Piet", "--answers", "missing.json"], "missing.json: no such file"),
    (["interview", "Piet", "--answers", "."], ".: cannot read it"),
    (["interview", "   ", "--answers", "-"], "No customer name"),
    (["interview", "P" * 6000, "--answers", "-"], "The customer's name is 6000 characters long"),
    (["questions", "validate", "missing.toml"], "cannot read the file"),
    (["questions", "show", "learnig_mode"], "did you mean 'learning_mode'"),
    (["questions", "list", "--set", "nope"], "No question set 'nope'"),
])
def test_a_bad_argument_gets_one_readable_line(english, run, piet, args, says):
    stderr = failed_cleanly(run(*args, input="{}"), 1, 2)
    assert says in stderr
    assert stderr.startswith("Error: ") or stderr.startswith("✗ ")


@pytest.mark.parametrize("args, says", [
    (["show", "Piet", "--format", "xml"], "'xml' is niet een van"),
    (["show", "Piet", "--lang", "fr"], "'fr' is niet een van"),
    (["schema", "nothing"], "'nothing' is niet een van"),
    (["list", "--colour"], "Onbekende optie"),
    (["bestaat-niet"], "Onbekende opdracht"),
])
def test_a_usage_error_exits_2_with_typers_message(run, piet, args, says):
    assert says in failed_cleanly(run(*args), 2)


@pytest.mark.parametrize("where", ["folder", "under_a_file", "unreadable"])
def test_a_db_that_cannot_be_used_is_named_in_one_line(run, tmp_path, where):
    target = {"folder": tmp_path, "under_a_file": tmp_path / "a-file" / "store.db", "unreadable": tmp_path / "locked.db"}[where]
    (tmp_path / "a-file").write_text("not a folder")
    if where == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root reads every file")
        target.write_bytes(b"")
        target.chmod(0)
    for args in (["list"], ["show", "Piet"], ["delete", "Piet", "--yes"], ["interview", "Piet", "--answers", "-"]):
        stderr = failed_cleanly(run(*args, "--db", str(target), input="{}"), 1)
        assert stderr.startswith("Fout: ") and str(target) in stderr
        assert len(stderr.strip().splitlines()) <= 2  # the message and a hint


def test_a_bad_busy_timeout_is_a_usage_error(english, run, monkeypatch):
    monkeypatch.setenv("KLANTPROFIEL_BUSY_TIMEOUT", "soon")
    assert "KLANTPROFIEL_BUSY_TIMEOUT must be a number of seconds" in failed_cleanly(run("list"), 2)


def test_a_name_in_a_broken_encoding_is_refused_not_crashed_on(english, run, piet):
    """What a terminal in latin-1 sends for "Müller": Python decodes the byte 0xfc to a lone surrogate."""
    assert "not valid UTF-8" in failed_cleanly(run("show", "M\udcfcller"), 1)
    assert "not valid text" in failed_cleanly(run("interview", "M\udcfcller", "--answers", "-", input="{}"), 1)


# --- property-based: whatever an answers file holds, it is stored or refused -----------------------

QUESTION_IDS = ["mode", "meaning", "uptake", "advisors", "advisors_kind", "knows"]
CHOICE_IDS = ["listen", "think", "weakness", "wisdom", "yes", "no", "experts", "coaches", "unknown"]
TRICKY = ["²", "٣", " 4 ", "9" * 50, "-1", "1.5", "listen,think", "experts; coaches", " ", "2025-02-30", "2025-03-04"]
TEXT = st.text(alphabet=st.characters() | st.sampled_from(string.punctuation + "\x00\x1b\u202e\ud800\udcfc"), max_size=30)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**12) | st.floats() | TEXT | st.sampled_from(CHOICE_IDS + TRICKY),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
LIKELY = st.sampled_from(CHOICE_IDS + TRICKY)
VALUES = st.sampled_from(TRICKY) | LIKELY | st.lists(LIKELY, max_size=3) | JSON_VALUES
ANSWERS = st.builds(lambda known, other: {**other, **known},
                    st.fixed_dictionaries({}, optional={key: VALUES for key in QUESTION_IDS + list(META_FIELDS)}),
                    st.dictionaries(TEXT, JSON_VALUES, max_size=2))
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@settings(SETTINGS, max_examples=250)
@given(raw=JSON_VALUES | ANSWERS)
def test_any_json_is_read_as_answers_or_refused(raw, mini, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    try:
        answers = read_answers_file(str(path), mini)
    except UserError as e:
        assert e.message.startswith(str(path))
        return
    assert set(answers.values) == {q.id for q in mini.questions}


@SETTINGS
@given(raw=ANSWERS)
def test_any_answers_through_the_cli_are_stored_and_shown_or_refused(raw, run):
    result = run("interview", "Piet", "--set", str(MINI), "--answers", "-", input=json.dumps(raw))
    if result.exit_code != 0:
        failed_cleanly(result, 1)
        return
    shown = run("show", "Piet", "-f", "json")
    assert shown.exit_code == 0, shown.output
    stored = json.loads(shown.stdout)[-1]  # the latest interview of that set
    assert stored["customer"]["name"] == "Piet"
    assert set(stored["answers"]) == set(QUESTION_IDS)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_any_bytes_are_read_as_answers_or_refused(data, run):
    result = run("interview", "Piet", "--set", str(MINI), "--answers", "-", input=data)
    if result.exit_code != 0:
        failed_cleanly(result, 1)
