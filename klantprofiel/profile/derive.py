"""Answers + the set's rules -> a profile. Pure and deterministic: no I/O, no clock, no randomness."""

from __future__ import annotations

from klantprofiel import kinds
from klantprofiel.answers import applicable, is_known
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
from klantprofiel.questionset.conditions import Value, all_match
from klantprofiel.questionset.model import Aspect, Question, QuestionSet, Rule

UNKNOWN_LABEL = {"nl": "weet ik nog niet", "en": "don't know yet"}


def answer_label(q: Question, value: Value, lang: str) -> str:
    """How an answer reads to a person (its kind says how), or "don't know yet"."""
    if not is_known(value):
        return UNKNOWN_LABEL.get(lang, UNKNOWN_LABEL["nl"])
    return kinds.of(q).shown(q, value, lang)


def fired_rules(qs: QuestionSet, values: dict[str, Value], asked: set[str]) -> list[Rule]:
    return [r for r in qs.own_rules if asked.issuperset(r.when) and all_match(r.when, values)]


def knownness(qs: QuestionSet, values: dict[str, Value], lang: str = "nl") -> Knownness:
    return knownness_of(qs, *tally(qs, values), lang)


def tally(qs: QuestionSet, values: dict[str, Value]) -> tuple[int, int]:
    """(known, total): of the questions that count and are asked, how many are answered.
    (Counted a list at a time: batch import counts this for every record.)"""
    always, conditional = qs.counted
    asked = always + [q.id for q in conditional if all_match(q.when, values)]
    given = list(map(values.get, asked))
    return len(given) - given.count(None) - given.count([]), len(given)


def knownness_of(qs: QuestionSet, known: int, total: int, lang: str = "nl") -> Knownness:
    """The scale for `known` of `total` counted questions (export renders it from these two)."""
    ratio = round(known / total, 2) if total else 0.0
    level = [lv for lv in qs.levels if lv.min <= ratio][-1]
    return Knownness(known=known, total=total, ratio=ratio, level=level.label(lang))


class Lines:
    """How answers and rules read as profile lines, in one language. `derive` writes a profile
    with them; export's fast path renders each kind of line once and reuses it."""

    def __init__(self, qs: QuestionSet, lang: str) -> None:
        self.qs = qs
        self.lang = lang
        self.by_id = {q.id: q for q in qs.questions}

    def why(self, values: dict[str, Value], qids: list[str]) -> list[Reason]:
        by_id, lang = self.by_id, self.lang
        return [Reason(question=i, question_label=label_of(by_id[i], lang), answer=values.get(i), label=answer_label(by_id[i], values.get(i), lang)) for i in qids]

    def rule(self, rule: Rule, values: dict[str, Value]) -> Line:
        return Line(text=rule.text(self.lang), rule=rule.id, why=self.why(values, list(rule.when)))

    def approach(self, aspect: Aspect, best: Rule | None, values: dict[str, Value]) -> ApproachLine:
        """The aspect's line: the heaviest rule that fired for it, or its fallback while none did."""
        if best is None:
            return ApproachLine(text=aspect.fallback(self.lang), aspect=aspect.id, title=aspect.title(self.lang), fallback=True,
                                default_why=self.default_why(aspect))
        return ApproachLine(**self.rule(best, values).model_dump(), aspect=aspect.id, title=aspect.title(self.lang))

    def default_why(self, aspect: Aspect) -> str:
        """"Nothing known yet that decides this (Advice means, Uses advice)": the questions the
        aspect's rules name, so the salesperson sees what to find out."""
        named = dict.fromkeys(qid for r in self.qs.own_rules if r.aspect == aspect.id for qid in r.when)
        leads = [label_of(self.by_id[qid], self.lang) for qid in named]
        shown = ", ".join(leads[:3]) + (", …" if len(leads) > 3 else "")
        return t("default_why", self.lang, questions=shown) if leads else t("default_why_none", self.lang)

    def answer(self, q: Question, values: dict[str, Value]) -> list[Line]:
        """What a known answer says, for its topic's section."""
        return [Line(text=text, why=self.why(values, [q.id])) for text in kinds.of(q).says(q, values.get(q.id), self.lang)]

    def discover(self, q: Question, values: dict[str, Value]) -> Line:
        return Line(text=q.discover(self.lang), why=self.why(values, [q.id]))

    def note_topic(self, rule: Rule) -> str:
        """The section a note rule belongs to: its own topic, else its first question's."""
        return rule.topic or self.by_id[next(iter(rule.when))].topic


def best_rule(candidates: list[Rule]) -> Rule | None:
    """The rule that writes an aspect: the heaviest; of equal weights, the first."""
    return max(candidates, key=lambda r: r.weight) if candidates else None


def derive(qs: QuestionSet, values: dict[str, Value], lang: str = "nl") -> Profile:
    lines = Lines(qs, lang)
    asked = applicable(qs, values)
    fired = fired_rules(qs, values, {q.id for q in asked})
    approach = [lines.approach(a, best_rule([r for r in fired if r.aspect == a.id]), values) for a in qs.aspects]
    sections = []
    for topic in qs.topics:
        said = [line for q in asked if q.topic == topic.id and is_known(values.get(q.id)) for line in lines.answer(q, values)]
        said += [lines.rule(r, values) for r in fired if r.kind == "note" and lines.note_topic(r) == topic.id]
        if said:
            sections.append(Section(topic=topic.id, title=topic.title(lang), lines=said))
    return Profile(
        language=lang,
        question_set=SetRef(id=qs.id, version=qs.version),
        approach=approach,
        concerns=[lines.rule(r, values) for r in fired if r.kind == "concern"],
        do=[lines.rule(r, values) for r in fired if r.kind == "do"],
        dont=[lines.rule(r, values) for r in fired if r.kind == "dont"],
        sections=sections,
        tensions=[lines.rule(r, values) for r in fired if r.kind == "tension"],
        discover=[lines.rule(r, values) for r in fired if r.kind == "ask"]
        + [lines.discover(q, values) for q in asked if not is_known(values.get(q.id))],
        knownness=knownness(qs, values, lang),
    )
