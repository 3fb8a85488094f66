"""`text`: free text, stored as given (without the spaces around it), shown and written as is."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from klantprofiel.i18n import Msg, t
from klantprofiel.kinds.base import UNKNOWN, AnswerProblem, Heard, Kind, Typed, _ignore
from klantprofiel.pronouns import HE, Person
from klantprofiel.validation import short

if TYPE_CHECKING:
    from klantprofiel.kinds.parts import Asked, Value

MAX_TEXT = 5000
"""Longest free text we keep; a salesperson's note, not a document."""
NUL = "\x00"
"""The one character no text we keep may hold: a PostgreSQL text column cannot store it, so a
store of either kind refuses it where text comes in (nobody types one on purpose)."""


def clean_text(name: str, raw: Any) -> str:
    """Free text (an answer or a who/when field called `name`), without the spaces around it;
    raises AnswerProblem."""
    if not isinstance(raw, str):
        raise AnswerProblem(name, Msg("must_be_text"), raw)
    return kept_text(name, raw.strip())


def kept_text(name: str, text: str) -> str:
    """Text already stripped, as it is kept (`clean_text` without the strip, for a caller that
    has stripped it to see whether anything is left); raises AnswerProblem for one too long,
    holding a NUL, or not valid UTF-8. Every free text that is kept passes here: a text answer
    and each who/when field (organisation, salesperson, context, notes), however it came in."""
    if len(text) > MAX_TEXT:
        raise AnswerProblem(name, Msg("text_too_long_at_most", n=len(text), max=MAX_TEXT), short(text))
    if NUL in text:
        raise AnswerProblem(name, Msg("text_nul"), short(text))
    try:
        if not text.isascii():  # ASCII has no lone surrogate: nothing to encode to find out
            text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: "\ud800" in JSON, or bytes decoded with the wrong encoding
        raise AnswerProblem(name, Msg("text_not_valid"), short(text)) from None
    return text


def nul_mended(value: Any) -> Any:
    """A stored value as a new interview takes it over: text kept before a NUL was refused (by an
    SQLite store) with each NUL a space, as `names.repaired` reads an old name; anything else as it is."""
    return value.replace(NUL, " ") if isinstance(value, str) and NUL in value else value


def typed_text(value: str, lang: str) -> str | None:
    """Why a line typed in the interview is no text to keep (in the interview's language), or None."""
    if NUL in value:
        return t("typed_nul", lang)
    return None if len(value) <= MAX_TEXT else t("typed_too_long", lang, max=MAX_TEXT)


class TextKind(Kind):
    name = "text"
    listed = 3
    word = "kind_word_text"
    quotes = True
    noun = "noun_text"
    verbatim = True

    def answer(self, q: Asked, raw: Any, heard: Heard = _ignore) -> Value:
        """`Kind.answer` in one step (stripped once): batch import reads every text answer, none twice."""
        if isinstance(raw, str):
            text = raw.strip()
            return None if not text or raw == UNKNOWN else kept_text(q.id, text)
        return None if raw is None else clean_text(q.id, raw)

    def read(self, q: Asked, raw: Any, heard: Heard) -> Value:
        return clean_text(q.id, raw)

    def asking(self, q: Asked, lang: str, person: Person = HE) -> Typed:
        return self.typed(lang)

    def typed(self, lang: str) -> Typed:
        """As asked, also for a who/when field, which is free text too."""
        return Typed(problem=lambda typed: typed_text(typed, lang), answer=lambda typed: typed.strip() or None)

    def sample(self, q: Asked, rnd: random.Random, words: Callable[[], str]) -> Any:
        return words()


KIND = TextKind()
