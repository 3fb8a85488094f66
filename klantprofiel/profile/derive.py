"""Answers + the set's rules -> a profile. Pure and deterministic: no I/O, no clock, no randomness."""

from __future__ import annotations

from klantprofiel.answers import applicable, is_known
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
from klantprofiel.questionset.model import Question, QuestionSet, Rule

UNKNOWN_LABEL = {"nl": "weet ik nog niet", "en": "don't know yet"}


def label_of(q: Question, lang: str) -> str:
    return q.lead(lang) if q.lead else q.text(lang)


def answer_label(q: Question, value: Value, lang: str) -> str:
    """How an answer reads to a person: choice labels, the number on a scale, or the text itself."""
    if not is_known(value):
        return UNKNOWN_LABEL.get(lang, UNKNOWN_LABEL["nl"])
    if q.kind in ("choice", "multi"):
        labels = {c.id: c.label(lang) for c in q.choices}
        picked = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in picked)
    if q.kind == "scale" and q.scale is not None:
        return f"{value} ({q.scale.low(lang)} {q.scale.min} … {q.scale.max} {q.scale.high(lang)})"
    return str(value)


def fired_rules(qs: QuestionSet, values: dict[str, Value], asked: set[str]) -> list[Rule]:
    return [r for r in qs.rules if asked.issuperset(r.when) and all_match(r.when, values)]


def knownness(qs: QuestionSet, values: dict[str, Value], lang: str = "nl") -> Knownness:
    counted = [q for q in applicable(qs, values) if q.counts]
    known = sum(1 for q in counted if is_known(values.get(q.id)))
    ratio = round(known / len(counted), 2) if counted else 0.0
    level = [lv for lv in qs.levels if lv.min <= ratio][-1]
    return Knownness(known=known, total=len(counted), ratio=ratio, level=level.label(lang))


def derive(qs: QuestionSet, values: dict[str, Value], lang: str = "nl") -> Profile:
    by_id = {q.id: q for q in qs.questions}

    def why(qids: list[str]) -> list[Reason]:
        return [Reason(question=i, question_label=label_of(by_id[i], lang), answer=values.get(i), label=answer_label(by_id[i], values.get(i), lang)) for i in qids]

    def line(rule: Rule) -> Line:
        return Line(text=rule.text(lang), rule=rule.id, why=why(list(rule.when)))

    asked = applicable(qs, values)
    fired = fired_rules(qs, values, {q.id for q in asked})
    approach = []
    for aspect in qs.aspects:
        candidates = [r for r in fired if r.aspect == aspect.id]
        if candidates:
            best = max(candidates, key=lambda r: r.weight)  # max keeps the first of equal weights
            approach.append(ApproachLine(**line(best).model_dump(), aspect=aspect.id, title=aspect.title(lang)))
        else:
            approach.append(ApproachLine(text=aspect.fallback(lang), aspect=aspect.id, title=aspect.title(lang), fallback=True))

    sections = []
    for topic in qs.topics:
        lines = []
        for q in asked:
            value = values.get(q.id)
            if q.topic != topic.id or not is_known(value):
                continue
            if q.kind in ("choice", "multi"):
                says = {c.id: c.says or c.label for c in q.choices}
                for v in value if isinstance(value, list) else [value]:
                    lines.append(Line(text=says[str(v)](lang), why=why([q.id])))
            else:
                lines.append(Line(text=f"{label_of(q, lang)}: {answer_label(q, value, lang)}", why=why([q.id])))
        lines += [line(r) for r in fired if r.kind == "note" and (r.topic or by_id[next(iter(r.when))].topic) == topic.id]
        if lines:
            sections.append(Section(topic=topic.id, title=topic.title(lang), lines=lines))

    discover = [line(r) for r in fired if r.kind == "ask"]
    discover += [Line(text=q.discover(lang), why=why([q.id])) for q in asked if not is_known(values.get(q.id))]
    return Profile(
        language=lang,
        question_set=SetRef(id=qs.id, version=qs.version),
        approach=approach,
        concerns=[line(r) for r in fired if r.kind == "concern"],
        do=[line(r) for r in fired if r.kind == "do"],
        dont=[line(r) for r in fired if r.kind == "dont"],
        sections=sections,
        tensions=[line(r) for r in fired if r.kind == "tension"],
        discover=discover,
        knownness=knownness(qs, values, lang),
    )
