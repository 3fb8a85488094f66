"""How a text refers to the customer: as "hij", as "zij", or by his or her name.

A text in a question-set file names the customer through placeholders, so one text reads right
for every customer. The vocabulary is small and fixed, per language:

    nl: {hij} {Hij} {hem} {Hem} {zijn} {Zijn}   en: {he} {He} {him} {Him} {his} {His}
    both: {naam} / {name} (and {Naam} / {Name}): the customer's name in every form

`{hij}` is "hij", "ze" or the name; `{hem}` "hem", "haar" or the name; `{zijn}` "zijn", "haar"
or the name as a possessive ("Jans", "Anna's", "Joris'"; "Jan's", "James'"). A capital first
letter is for the start of a sentence. Where a sentence must be built differently per form, a
text gives all three: `{he text|she text|name text}` (the name text may hold `{naam}`).

Without a stated pronoun a customer is written as "hij" / "he", as klantprofiel always wrote
him: `Person()` is that reader. `problems` is what `questions validate` reports: a bare pronoun
outside a placeholder (it would read wrong for someone), an unknown placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_args

from klantprofiel.i18n import Msg
from klantprofiel.who_when import Pronoun

PRONOUNS: tuple[str, ...] = get_args(Pronoun)
"""What a customer is written as: `he`, `she`, or `name` (by his or her name, no pronoun)."""
SAID_AS: dict[str, str] = {"hij": "he", "zij": "she", "ze": "she", "naam": "name", **{p: p for p in PRONOUNS},
                           **dict.fromkeys(("dhr", "dhr.", "de heer", "meneer", "mr", "mr."), "he"),
                           **dict.fromkeys(("mevrouw", "mevr", "mevr.", "mw", "mw.", "mrs", "mrs.", "ms", "ms."), "she")}
"""How an answers file, an import or a typed answer may give the pronoun (any case): its id, the
Dutch word, or a CRM's salutation."""
DEFAULT = "he"
"""What a customer without a stated pronoun is written as: as every customer was before pronouns."""

_NO_NAME = {"nl": "de klant", "en": "the customer"}
"""The name of a customer who has none yet (a question read before anyone is named)."""

_FORMS: dict[str, dict[str, tuple[str, str, str]]] = {
    # placeholder -> (he, she, how the name is written: "name" or "possessive")
    "nl": {"hij": ("hij", "ze", "name"), "hem": ("hem", "haar", "name"), "zijn": ("zijn", "haar", "possessive"),
           "naam": ("", "", "name")},
    "en": {"he": ("he", "she", "name"), "him": ("him", "her", "name"), "his": ("his", "her", "possessive"),
           "name": ("", "", "name")},
}

BARE: dict[str, frozenset[str]] = {
    "nl": frozenset({"hij", "hem", "zijn", "zijne", "zij", "haar", "hare"}),
    "en": frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"}),
}
"""Words that refer to one person as he or she: written outside a placeholder, they read wrong for
someone ("de zijne" too, for her "de hare"). (Dutch "zijn" is also the verb: a shipped text says it another way, "er staan", "is".)"""

_PLACEHOLDER = re.compile(r"\{((?:[^{}]|\{[^{}|]*\})*)\}")
"""`{word}`, or `{a|b|c}` whose parts may hold `{word}` placeholders themselves."""
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Person:
    """The customer a text is written for: how to refer to him or her, and the name for `name`."""

    pronoun: str = DEFAULT
    name: str = ""

    @classmethod
    def of(cls, pronoun: str | None, name: str | None) -> Person:
        """A customer as stored: no (or an unknown) pronoun is `DEFAULT`; the name form needs a name."""
        chosen = pronoun if pronoun in PRONOUNS else DEFAULT
        return cls(DEFAULT if chosen == "name" and not (name or "").strip() else chosen, (name or "").strip())

    @property
    def key(self) -> tuple[str, str]:
        """What a rendered text depends on: the name only counts for the name form ({naam} aside)."""
        return (self.pronoun, self.name)


HE = Person()
SHE = Person("she")

_NAMED = re.compile(r"\{[Nn]a(?:am|me)\}")
"""`{naam}` / `{name}` (or capitalised): a text that writes the name whatever the pronoun."""


def writes_name(text: str) -> bool:
    """Does `text` (or a set's texts, as one string) write the customer's name even for him or her?
    If not, a text for "hij" or "ze" is the same for every name, and is rendered once for all."""
    return _NAMED.search(text) is not None


def possessive(name: str, lang: str) -> str:
    """A name as an owner: Dutch "Jans", "Anna's", "Joris'", and an apostrophe alone after any s-sound ("Max'",
    "Bosch'", "Josh'", "Alice'"); English "Jan's", "James'"."""
    last = name[-1:].lower()
    if lang == "en":
        return name + ("'" if last == "s" else "'s")
    if last in "sxz" or name.lower().endswith(("sch", "sh", "ce")):
        return name + "'"
    return name + ("'s" if last in "aiouyéè" else "s")


def _form(word: str, lang: str, person: Person) -> str | None:
    """A simple placeholder's text for `person`, or None for a word not in the vocabulary."""
    forms = _FORMS.get(lang, _FORMS["nl"]).get(word.lower())
    if forms is None or not (word.islower() or word[:1].isupper() and word[1:].islower()):
        return None
    he, she, name_as = forms
    capital = word[:1].isupper()
    if not he or person.pronoun == "name" and person.name:  # {naam}: the name, whichever the pronoun
        return _named(person.name or _NO_NAME.get(lang, _NO_NAME["nl"]), name_as, capital, lang)
    text = she if person.pronoun == "she" else he
    return text[:1].upper() + text[1:] if capital else text


NAME_SLOT = "\x00N\x00"
"""A name that stands for any: a text written for `Person(pronoun, NAME_SLOT)` holds a slot
(`name_forms`) wherever the name goes, so export renders one text for every customer written by
name and puts each one's name in."""


def _named(name: str, name_as: str, capital: bool, lang: str) -> str:
    """The name as a placeholder writes it: as it is or as an owner, with a capital first letter
    at the start of a sentence; for `NAME_SLOT`, the slot of that form."""
    if name == NAME_SLOT:
        return f"\x00N:{'N' if capital else 'n'}{'s' if name_as == 'possessive' else ''}\x00"
    text = possessive(name, lang) if name_as == "possessive" else name
    return text[:1].upper() + text[1:] if capital else text


def name_forms(name: str, lang: str) -> dict[str, str]:
    """Each slot a text written for `NAME_SLOT` may hold, and what it is for `name`."""
    return {_named(NAME_SLOT, name_as, capital, lang): _named(name, name_as, capital, lang)
            for name_as in ("name", "possessive") for capital in (False, True)}


def _expand(match: re.Match[str], lang: str, person: Person) -> str:
    inner = match.group(1)
    parts = _split(inner)
    if len(parts) == 3:
        chosen = parts[PRONOUNS.index(person.pronoun)] if person.name or person.pronoun != "name" else parts[0]
        return _PLACEHOLDER.sub(lambda m: _expand(m, lang, person), chosen)
    text = _form(inner, lang, person)
    return match.group(0) if text is None else text


def _split(inner: str) -> list[str]:
    """The parts of `a|b|c` (a nested `{naam}` holds no `|`)."""
    return inner.split("|")


def speak(text: str, lang: str, person: Person = HE) -> str:
    """`text` (one language's text of a set) written for `person`."""
    if "{" not in text:
        return text
    return _PLACEHOLDER.sub(lambda m: _expand(m, lang, person), text)


def problems(text: str, lang: str, bare: bool = True) -> list[Msg]:
    """Why `text` would read wrong for some customer: unknown placeholders, alternatives that are
    not three, and (with `bare`) bare pronouns. Empty for a text fit for all three forms."""
    return _problems(text, lang, pronouns_said=not bare)


def _problems(text: str, lang: str, pronouns_said: bool) -> list[Msg]:
    """`problems`; with `pronouns_said`, a text of the he or she form, which may say "hij" or "ze"."""
    found: list[Msg] = []
    for m in _PLACEHOLDER.finditer(text):
        parts = _split(m.group(1))
        if len(parts) == 3:  # the he and she forms may say "hij" and "ze"; the name form says neither
            found += [p for i, part in enumerate(parts) for p in _problems(part, lang, pronouns_said or i < 2)]
        elif len(parts) != 1:
            found.append(Msg("pronoun_forms", placeholder=m.group(0), n=len(parts)))
        elif _form(m.group(1), lang, HE) is None:
            words = ", ".join("{" + w + "}" for w in _FORMS.get(lang, _FORMS["nl"]))
            found.append(Msg("pronoun_unknown", placeholder=m.group(0), lang=lang, words=words))
    outside = _PLACEHOLDER.sub(" ", text)
    if "{" in outside or "}" in outside:
        found.append(Msg("pronoun_brace"))
    bare = [] if pronouns_said else sorted({w for w in _WORD.findall(outside) if w.lower() in BARE.get(lang, BARE["nl"])}, key=str.lower)
    if bare:
        place = ", ".join(f"'{w}'" for w in bare)
        forms = ("{hij}", "{hem}", "{zijn}") if lang == "nl" else ("{he}", "{him}", "{his}")
        found.append(Msg("pronoun_bare", place=place, lang=lang, a=forms[0], b=forms[1], c=forms[2]))
    return found
