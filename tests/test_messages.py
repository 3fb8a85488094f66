"""One language per run: every message has a Dutch and an English text, an error is rendered in
the run's language, and a Dutch yes/no question takes j and ja."""

from __future__ import annotations

import string

import pexpect
import pytest

from klantprofiel.cli.help_texts import HELP
from klantprofiel.errors import UserError
from klantprofiel.i18n import WORDS, Msg
from klantprofiel.messages import MESSAGES


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("table", [WORDS, MESSAGES, HELP], ids=["words", "messages", "help"])
def test_every_key_has_both_languages_with_the_same_placeholders(table):
    for key, texts in table.items():
        assert isinstance(texts, tuple) and len(texts) == 2, key
        nl, en = texts
        assert nl.strip() and en.strip(), key
        assert placeholders(nl) == placeholders(en), key


def test_a_key_means_one_text():
    assert set(WORDS) & set(MESSAGES) == set()


def test_an_error_is_rendered_in_the_language_asked_for():
    e = UserError("bug", hint=Msg("erase_needs_yes"), kind="KeyError", env="X")
    assert e.text("nl").startswith("klantprofiel liep tegen een fout in zichzelf aan (KeyError)")
    assert e.text("en").startswith("klantprofiel ran into a bug (KeyError)")
    assert (e.hint_text("nl"), e.hint_text("en")) == WORDS["erase_needs_yes"]


def test_the_error_label_follows_the_language_from_the_option_or_the_environment(run, monkeypatch):
    assert run("show", "Kees").stderr.startswith("Fout: ")
    assert run("show", "Kees", "--lang", "en").stderr.startswith("Error: ")
    monkeypatch.setenv("KLANTPROFIEL_LANG", "en")
    assert run("show", "Kees").stderr.startswith("Error: ")


@pytest.mark.parametrize("typed, erased", [(["j"], True), (["ja"], True), (["J"], True), (["nee"], False), ([""], False),
                                           (["misschien", "j"], True)])
def test_a_dutch_confirmation_takes_j_and_ja(spawn, interviewed, run, typed, erased):
    interviewed("Piet", {})
    child = spawn("delete", "Piet")
    for answer in typed:
        child.expect(r"\[j/N\]")
        child.sendline(answer)
        if answer == "misschien":
            child.expect(r"Typ j \(ja\) of n \(nee\)\.")
    child.expect("Gewist" if erased else "Niets gewist")
    child.expect(pexpect.EOF)
    child.close()
    assert (child.exitstatus == 0) is erased
    assert (run("history", "Piet").exit_code == 1) is erased


def test_an_english_confirmation_takes_y(spawn, interviewed):
    interviewed("Piet", {})
    child = spawn("delete", "Piet", "--lang", "en")
    child.expect(r"\[y/N\]")
    child.sendline("y")
    child.expect("Erased")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
