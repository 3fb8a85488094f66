"""A trainer's broken question set gets a message naming file, line, question and field."""

from __future__ import annotations

import json

import pytest

from klantprofiel.io.schemas import questionset_schema
from klantprofiel.questionset.load import QuestionSetError, load

from helpers import MINI


@pytest.fixture
def broken(tmp_path):
    """Write mini.toml with one edit applied, under the set's own name."""

    def make(old: str, new: str, count: int = 1):
        text = MINI.read_text(encoding="utf-8")
        assert old in text, old
        path = tmp_path / "mini.toml"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
        return path

    return make


def validate(run, path):
    result = run("questions", "validate", str(path))
    return result.exit_code, result.stderr


def test_builtin_sets_are_valid(english, run):
    result = run("questions", "validate")
    assert result.exit_code == 0, result.stderr
    assert "kennismaking.toml: 18 questions" in result.stderr


def test_typo_in_a_key_is_named_with_a_suggestion_and_line(english, run, broken):
    path = broken('discover = { nl = "Vraag hoe {hij} leert."', 'discovr = { nl = "Vraag hoe {hij} leert."')
    code, err = validate(run, path)
    assert code == 1
    assert "line 27: question 'mode', field 'discovr': unknown key 'discovr' (did you mean 'discover'?)" in err
    assert "line 23: question 'mode', field 'discover': missing (required)" in err
    assert "Traceback" not in err


def test_rule_pointing_at_a_missing_choice(english, run, broken):
    code, err = validate(run, broken('when = { meaning = "wisdom" }', 'when = { meaning = "wisdumb" }'))
    assert code == 1
    assert "rule 'straight', field 'when.meaning': no choice 'wisdumb' in 'meaning'" in err


@pytest.mark.parametrize(("unless", "message"), [
    ('{ meening = "wisdom" }', "field 'discover_unless.meening': no question 'meening' in this set"),
    ('{ meaning = "wisdumb" }', "field 'discover_unless.meaning': no choice 'wisdumb' in 'meaning'")])
def test_discover_unless_must_name_a_question_of_the_set_and_its_values(english, run, broken, unless, message):
    line = 'discover = { nl = "Vraag hoe {hij} leert.", en = "Ask how {he} learns." }\n'
    code, err = validate(run, broken(line, f"{line}discover_unless = {unless}\n"))
    assert code == 1
    assert f"question 'mode', {message}" in err


def test_rule_pointing_at_a_missing_question(english, run, broken):
    code, err = validate(run, broken('when = { meaning = "wisdom" }', 'when = { meening = "wisdom" }'))
    assert code == 1
    assert "rule 'straight', field 'when.meening': no question 'meening' in this set" in err


def test_when_must_point_at_an_earlier_question(english, run, broken):
    code, err = validate(run, broken('when = { advisors = "yes" }', 'when = { knows = "unknown" }'))
    assert code == 1
    assert "question 'advisors_kind', field 'when.knows': 'knows' is not a question asked before this one" in err


def test_unknown_topic_and_reserved_choice_id(english, run, broken):
    path = broken('topic = "learning"\nkind = "choice"', 'topic = "lerning"\nkind = "choice"')
    code, err = validate(run, path)
    assert "field 'topic': unknown topic 'lerning'" in err
    path = broken('{ id = "think", label', '{ id = "unknown", label')
    code, err = validate(run, path)
    assert code == 1 and "choice id 'unknown' is reserved" in err


def test_scale_condition_must_be_a_range(english, run, broken):
    code, err = validate(run, broken("uptake = { at_most = 2 }", 'uptake = "2"'))
    assert "'uptake' is a scale question: use { at_least = N }" in err


def test_toml_syntax_error_names_the_line(english, run, broken):
    code, err = validate(run, broken('version = "0.1"', 'version = "0.1'))
    assert code == 1
    assert "not valid TOML" in err and "line 3" in err


def test_loading_a_broken_set_raises_a_user_error(broken):
    with pytest.raises(QuestionSetError) as caught:
        load(broken('kind = "approach"', 'kind = "aproach"'))
    assert "rule 'straight'" in caught.value.text("en") and "regel 'straight'" in caught.value.text("nl")
    assert "field 'kind'" in caught.value.text("en") and "veld 'kind'" in caught.value.text("nl")


def test_file_name_must_match_the_id(english, run, tmp_path):
    path = tmp_path / "other.toml"
    path.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    code, err = validate(run, path)
    assert code == 1 and "name the file mini.toml" in err


def test_published_schema_is_current_and_accepts_the_default_set(run):
    from klantprofiel.questionset import builtin_dir

    published = json.loads((builtin_dir() / "questionset.schema.json").read_text(encoding="utf-8"))
    assert published == questionset_schema()
    result = run("schema", "questionset")
    assert json.loads(result.stdout)["title"] == "klantprofiel question set"


def test_questions_list_and_show(english, run):
    listed = run("questions", "list")
    assert listed.exit_code == 0
    assert "advisors_kind" in listed.stdout and "when other_advisors" in listed.stdout
    shown = run("questions", "show", "advice_meaning", "--lang", "en")
    assert shown.exit_code == 0
    assert "weakness" in shown.stdout and "to discover" in shown.stdout
    missing = run("questions", "show", "advice_meening")
    assert missing.exit_code == 1
    assert "did you mean 'advice_meaning'" in missing.stderr
