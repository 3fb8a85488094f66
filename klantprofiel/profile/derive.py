"""Answers + the set's rules -> a profile. Pure and deterministic: no I/O, no clock, no randomness."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from klantprofiel import kinds
from klantprofiel.answers import is_known
from klantprofiel.i18n import t
from klantprofiel.kinds.base import label_of
from klantprofiel.profile.model import (
    ApproachLine,
    Knownness,
    Line,
    Profile,
    Reason,
    Section,
    SetRef,
)
from klantprofiel.pronouns import HE, Person
from klantprofiel.questionset.conditions import Value, all_match
from klantprofiel.questionset.model import Aspect, Question, QuestionSet, Rule, Topic

UNKNOWN_LABEL = {"nl": "weet ik nog niet", "en": "don't know yet"}


def answer_label(q: Question, value: Value, lang: str, person: Person = HE) -> str:
    """How an answer reads to a person (its kind says how), or "don't know yet"."""
    if not is_known(value):
        return UNKNOWN_LABEL.get(lang, UNKNOWN_LABEL["nl"])
    return kinds.of(q).shown(q, value, lang, person)


def knownness(qs: QuestionSet, values: dict[str, Value], lang: str = "nl", person: Person = HE) -> Knownness:
    return knownness_of(qs, *tally(qs, values), lang, person)


def tally(qs: QuestionSet, values: dict[str, Value]) -> tuple[int, int]:
    """(known, total): of the questions that count and are asked, how many are answered.
    (Counted a list at a time: batch import counts this for every record.)"""
    always, conditional = qs.counted
    given = list(map(values.get, always))
    for when, ids in conditional:
        if all_match(when, values):
            given += map(values.get, ids)
    return len(given) - given.count(None) - given.count([]), len(given)


def knownness_of(qs: QuestionSet, known: int, total: int, lang: str = "nl", person: Person = HE) -> Knownness:
    """The scale for `known` of `total` counted questions (export renders it from these two)."""
    ratio = round(known / total, 2) if total else 0.0
    level = [lv for lv in qs.levels if lv.min <= ratio][-1]
    return Knownness(known=known, total=total, ratio=ratio, level=level.label(lang, person))


class LineWriter:
    """How answers and rules read as profile lines, in one language, written for one customer
    (the pieces of a `Derivation` write them)."""

    def __init__(self, qs: QuestionSet, lang: str, person: Person) -> None:
        self.qs = qs
        self.lang = lang
        self.person = person
        self.by_id = {q.id: q for q in qs.questions}

    def why(self, values: dict[str, Value], qids: list[str]) -> list[Reason]:
        by_id, lang, person = self.by_id, self.lang, self.person
        return [Reason(question=i, question_label=label_of(by_id[i], lang, person), answer=values.get(i),
                       label=answer_label(by_id[i], values.get(i), lang, person)) for i in qids]

    def rule(self, rule: Rule, values: dict[str, Value]) -> Line:
        return Line(text=rule.text(self.lang, self.person), rule=rule.id, why=self.why(values, list(rule.when)))

    def approach(self, aspect: Aspect, best: Rule | None, values: dict[str, Value]) -> ApproachLine:
        """The aspect's line: the heaviest rule that fired for it, or its fallback while none did."""
        title = aspect.title(self.lang, self.person)
        if best is None:
            return ApproachLine(text=aspect.fallback(self.lang, self.person), aspect=aspect.id, title=title, fallback=True,
                                default_why=self.default_why(aspect))
        return ApproachLine(**self.rule(best, values).model_dump(), aspect=aspect.id, title=title)

    def default_why(self, aspect: Aspect) -> str:
        """"Nothing known yet that decides this (Advice means, Uses advice)": the questions the
        aspect's rules name, so the salesperson sees what to find out."""
        named = dict.fromkeys(qid for r in self.qs.own_rules if r.aspect == aspect.id for qid in r.when)
        leads = [label_of(self.by_id[qid], self.lang, self.person) for qid in named]
        shown = ", ".join(leads[:3]) + (", …" if len(leads) > 3 else "")
        return t("default_why", self.lang, questions=shown) if leads else t("default_why_none", self.lang)

    def answer(self, q: Question, values: dict[str, Value]) -> list[Line]:
        """What a known answer says, for its topic's section."""
        return [Line(text=text, why=self.why(values, [q.id])) for text in kinds.of(q).says(q, values.get(q.id), self.lang, self.person)]

    def discover(self, q: Question, values: dict[str, Value]) -> Line:
        return Line(text=q.discover(self.lang, self.person), why=self.why(values, [q.id]))

    def note_topic(self, rule: Rule) -> str:
        """The section a note rule belongs to: its own topic, else its first question's."""
        return rule.topic or self.by_id[next(iter(rule.when))].topic


def best_rule(candidates: list[Rule]) -> Rule | None:
    """The rule that writes an aspect: the heaviest; of equal weights, the first."""
    return max(candidates, key=lambda r: r.weight) if candidates else None


@dataclass(frozen=True)
class Piece:
    """Some lines of a profile, decided by the answers to a few questions: `reads` names every
    answer `lines` looks at (those named by a `when` it depends on too). Export renders each
    piece once per combination of those answers (`io/profile_json.py`)."""

    reads: tuple[str, ...]
    lines: Callable[[dict[str, Value]], list[Any]]
    quotes: str | None = None
    """The question whose answer the lines show as it is (free text: `Kind.verbatim`), if any."""


LISTS = ("approach", "concerns", "do", "dont", "tensions", "discover")
"""The profile's lists of lines other than the sections, each made of pieces."""
_RULE_LISTS = {"concern": "concerns", "do": "do", "dont": "dont", "tension": "tensions"}


class Derivation:
    """How answers to one set become a profile, in one language, written for one customer
    (`person`: him, her, or by name): the profile as pieces, in the order it lists them. `derive`
    runs every piece on one interview's answers; export runs each piece once per combination of
    the answers it reads, and puts the lines together the same way."""

    def __init__(self, qs: QuestionSet, lang: str, person: Person = HE) -> None:
        self.qs = qs
        self.lang = lang
        self.person = person
        self.lines = lines = LineWriter(qs, lang, person)
        self.by_id = lines.by_id
        rules = qs.own_rules
        self.lists: dict[str, list[Piece]] = {name: [] for name in LISTS}
        for aspect in qs.aspects:
            own = [r for r in rules if r.aspect == aspect.id]
            self.lists["approach"].append(Piece(self._reads(own), partial(self._approach, aspect, own)))
        for r in rules:
            if r.kind in _RULE_LISTS:
                self.lists[_RULE_LISTS[r.kind]].append(self._rule(r))
        self.lists["discover"] += [self._rule(r) for r in rules if r.kind == "ask"]
        self.lists["discover"] += [Piece((q.id, *q.when, *q.discover_unless), partial(self._discover, q)) for q in qs.questions]
        self.sections: list[tuple[Topic, list[Piece]]] = []
        for topic in qs.topics:
            said = [Piece((q.id, *q.when), partial(self._said, q), quotes=q.id if kinds.of(q).verbatim else None)
                    for q in qs.questions if q.topic == topic.id]
            said += [self._rule(r) for r in rules if r.kind == "note" and lines.note_topic(r) == topic.id]
            self.sections.append((topic, said))

    def asked(self, q: Question, values: dict[str, Value]) -> bool:
        """Is the question asked, given these answers (its `when` holds)?"""
        return all_match(q.when, values)

    def fires(self, rule: Rule, values: dict[str, Value]) -> bool:
        """Does the rule fire: every question it names asked, and every condition met?"""
        return all(qid in self.by_id and self.asked(self.by_id[qid], values) for qid in rule.when) and all_match(rule.when, values)

    def _reads(self, rules: list[Rule]) -> tuple[str, ...]:
        """The answers that decide whether these rules fire: those they name, and those the
        named questions' `when` names."""
        return tuple(dict.fromkeys(name for r in rules for qid in r.when
                                   for name in (qid, *(self.by_id[qid].when if qid in self.by_id else ()))))

    def _rule(self, rule: Rule) -> Piece:
        return Piece(self._reads([rule]), partial(self._fired, rule))

    # --- what each piece writes ---------------------------------------------------------------

    def _fired(self, rule: Rule, values: dict[str, Value]) -> list[Line]:
        return [self.lines.rule(rule, values)] if self.fires(rule, values) else []

    def _approach(self, aspect: Aspect, own: list[Rule], values: dict[str, Value]) -> list[ApproachLine]:
        return [self.lines.approach(aspect, best_rule([r for r in own if self.fires(r, values)]), values)]

    def _said(self, q: Question, values: dict[str, Value]) -> list[Line]:
        """What a known answer says in its topic's section."""
        return self.lines.answer(q, values) if self.asked(q, values) and is_known(values.get(q.id)) else []

    def _discover(self, q: Question, values: dict[str, Value]) -> list[Line]:
        """An unknown answer as something to find out, unless other answers say not to ask it so
        (`discover_unless`: he is not to be quizzed, and the question would quiz him)."""
        withheld = bool(q.discover_unless) and all_match(q.discover_unless, values)
        return [self.lines.discover(q, values)] if self.asked(q, values) and not is_known(values.get(q.id)) and not withheld else []

    def profile(self, values: dict[str, Value]) -> Profile:
        def run(pieces: list[Piece]) -> list[Any]:
            return [line for piece in pieces for line in piece.lines(values)]

        lists = {name: run(pieces) for name, pieces in self.lists.items()}
        sections = [Section(topic=topic.id, title=topic.title(self.lang, self.person), lines=said)
                    for topic, pieces in self.sections if (said := run(pieces))]
        return Profile(language=self.lang, question_set=SetRef(id=self.qs.id, version=self.qs.version), **lists, sections=sections,
                       knownness=knownness(self.qs, values, self.lang, self.person))


_DERIVATIONS: dict[tuple[int, str, tuple[str, str]], Derivation] = {}
_KEPT = 64
"""Derivations kept at most (a program uses a few sets; a long one that reads many copies, or
many customers written by name, must not grow)."""


def derivation(qs: QuestionSet, lang: str = "nl", person: Person = HE) -> Derivation:
    """The derivation of a set in a language for a customer, built on first use (each keeps its
    set alive, so ids stay unique). Kept by `qs.voice(person)`: one for every "ze" the set's
    texts cannot tell apart."""
    voice = qs.voice(person)
    key = (id(qs), lang, voice.key)
    found = _DERIVATIONS.get(key)
    if found is None or found.qs is not qs:
        if len(_DERIVATIONS) >= _KEPT:
            _DERIVATIONS.clear()
        found = _DERIVATIONS[key] = Derivation(qs, lang, voice)
    return found


def derive(qs: QuestionSet, values: dict[str, Value], lang: str = "nl", person: Person = HE) -> Profile:
    """The profile of these answers, its texts written for `person` (without one: as "hij" / "he")."""
    return derivation(qs, lang, person).profile(values)
