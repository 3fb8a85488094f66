"""A customer is written as "hij", "zij" or by name: every text of every shipped set reads right for
each, in both languages, and `questions validate` refuses a text that would not."""

from __future__ import annotations

import json
import re

import pytest

from klantprofiel.pronouns import Person, possessive, speak
from klantprofiel.questionset.check import all_texts
from klantprofiel.questionset.load import available, load

from helpers import MINI, failed_cleanly

HIS = {"nl": {"hij", "hem", "zijn", "zijne"}, "en": {"he", "him", "his", "himself"}}
HERS = {"nl": {"zij", "haar", "hare"}, "en": {"she", "her", "hers", "herself"}}
SHE, BY_NAME = Person("she", "Anna Smit"), Person("name", "Jan de Vries")


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)}


@pytest.mark.parametrize("set_id", sorted(available()))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_text_of_every_set_reads_right_for_him_for_her_and_by_name(set_id, lang):
    texts = list(all_texts(load(set_id)))
    assert len(texts) > 50
    for where, text in texts:
        he, she, named = text(lang), text(lang, SHE), text(lang, BY_NAME)
        assert "{" not in he + she + named, (where, he)
        assert not words(he) & HERS[lang], (where, he)
        assert not words(she) & HIS[lang], (where, she)
        assert not words(named) & (HIS[lang] | HERS[lang]), (where, named)
        if "{" in getattr(text, lang) and she != he:
            assert "Jan de Vries" in named, (where, named)


def test_the_forms_of_each_placeholder():
    text = "{Hij} wil het zelf doen; geef {hem} tijd en neem {zijn} twijfel serieus. {Zijn} vraag is voor {naam}."
    assert speak(text, "nl") == "Hij wil het zelf doen; geef hem tijd en neem zijn twijfel serieus. Zijn vraag is voor de klant."
    assert speak(text, "nl", SHE) == "Ze wil het zelf doen; geef haar tijd en neem haar twijfel serieus. Haar vraag is voor Anna Smit."
    assert speak(text, "nl", Person("name", "Jan")) == "Jan wil het zelf doen; geef Jan tijd en neem Jans twijfel serieus. Jans vraag is voor Jan."
    text = "{He} would rather listen; give {him} time, {his} doubt matters. {His} call, {name}."
    assert speak(text, "en", SHE) == "She would rather listen; give her time, her doubt matters. Her call, Anna Smit."
    assert speak(text, "en", Person("name", "Jan")) == "Jan would rather listen; give Jan time, Jan's doubt matters. Jan's call, Jan."
    three = "{Hij doet het zelf|Ze doet het zelf|{naam} doet alles zelf}"
    assert [speak(three, "nl", p) for p in (Person(), SHE, BY_NAME)] == ["Hij doet het zelf", "Ze doet het zelf", "Jan de Vries doet alles zelf"]


@pytest.mark.parametrize(("name", "nl", "en"), [("Jan", "Jans", "Jan's"), ("Anna", "Anna's", "Anna's"), ("Joris", "Joris'", "Joris'"),
                                                 ("Mieke", "Miekes", "Mieke's"), ("Max", "Max'", "Max's"), ("Josh", "Josh'", "Josh's"),
                                                 ("Alice", "Alice'", "Alice's"), ("Jan de Vries", "Jan de Vries'", "Jan de Vries'")])
def test_a_name_as_owner(name, nl, en):
    assert (possessive(name, "nl"), possessive(name, "en")) == (nl, en)


def test_without_a_stated_pronoun_or_without_a_name_he_is_written_as_before():
    assert Person.of(None, "Jan") == Person("he", "Jan")
    assert Person.of("name", "  ") == Person("he", "")
    assert Person.of("she", "Anna").pronoun == "she"


@pytest.mark.parametrize(("text", "said"), [
    ('Laat hem het zelf ontdekken.', "'hem' in the nl text refers to the customer as he or she only; write {hij}, {hem} or {zijn}"),
    ('Zij wil het zelf.', "'Zij' in the nl text"),
    ('Jouw houding telt net zo zwaar als de zijne.', "'zijne' in the nl text"),
    ('Vraag {hen} het.', "unknown placeholder '{hen}' in the nl text; known: {hij}, {hem}, {zijn}, {naam} (or {a|b|c})"),
    ('Vraag {hij|zij} het.', "'{hij|zij}' has 2 forms; give three: {he form|she form|name form}"),
    ('{Hij wil|Ze wil|{naam} wil zijn} het.', "'zijn' in the nl text"),
    ('Vraag het {hij.', "a '{' or '}' that opens or closes no placeholder"),
])
def test_validate_refuses_a_text_that_reads_wrong_for_someone(english, run, tmp_path, text, said):
    source = MINI.read_text(encoding="utf-8")
    old = 'text = { nl = "Laat {hem} het zelf ontdekken."'
    assert old in source
    path = tmp_path / "mini.toml"
    path.write_text(source.replace(old, f'text = {{ nl = "{text}"'), encoding="utf-8")
    stderr = failed_cleanly(run("questions", "validate", str(path)), 1)
    assert "rule 'discover_himself', field 'text.nl': " + said in stderr
    assert "line 96:" in stderr


def test_a_set_with_bare_pronouns_still_serves_an_interview_as_written(run, tmp_path):
    """A trainer's set from before pronouns keeps working: validate says what to change."""
    path = tmp_path / "mini.toml"
    path.write_text(MINI.read_text(encoding="utf-8").replace("{hem}", "hem").replace("{hij}", "hij"), encoding="utf-8")
    assert run("questions", "validate", str(path)).exit_code == 1
    assert run("interview", "Ans", "--set", str(path), "--answers", "-", input='{"uptake": 1}').exit_code == 0


def test_an_import_may_name_a_choice_by_its_label_as_written_for_her(english, run, tmp_path):
    record = {"customer": {"name": "Anna"}, "answers": {"wish_fits_need": "Ja, het past bij wat ze nodig heeft"}}
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert 'wish_fits_need: "Ja, het past bij wat ze nodig heeft" read as fits' in result.stderr
