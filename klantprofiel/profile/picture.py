"""One picture of a customer across his sets: a single ranked approach, and the lines of the rules
that look at more than one set.

Each set's profile is derived on its own (`derive`); a salesperson reading before a meeting wants
one approach, not eight lines from five sets. So every set's approach lines are ranked here on
the one scale all sets share (a rule's `weight`), and the five heaviest lead. A line that loses
keeps its place: to the heavier rule of its aspect, or to a rule that `covers` its aspect (a
line written for both sides of a conflict between sets), it is "overruled by" that rule.

A rule's `when` may name a question of another set as `set.question` (`keuze.criteria`): such a
rule fires only here, on the customer's latest answers of each set, since one interview alone
cannot say. Every text is written for the customer the tracks are read for (`SetTrack.person`).
Pure: tracks in, `Picture` out.
"""

from __future__ import annotations

from dataclasses import dataclass

from klantprofiel.answers import applicable
from klantprofiel.profile.derive import answer_label, label_of
from klantprofiel.profile.history import SetTrack
from klantprofiel.profile.model import Reason
from klantprofiel.pronouns import Person
from klantprofiel.questionset.conditions import Value, matches
from klantprofiel.questionset.model import Question, QuestionSet, Rule
from klantprofiel.shapes import Closed

MAX_APPROACH = 5
"""Approach lines that lead the brief and `show`: what a salesperson can keep in mind at once."""
KIND_WORDS = {"concern": "concerns", "do": "do", "dont": "dont", "tension": "tensions", "ask": "discover", "note": "sections"}
"""The kinds of line a rule across sets may write, and the heading (an i18n key) each stands under."""


class PictureLine(Closed):
    """A line a rule wrote, with where it comes from."""

    question_set: str
    rule: str
    """`set.rule`: the rule's id with its set's, as a trainer finds it."""
    text: str
    weight: int = 0
    why: list[Reason] = []


class ApproachItem(PictureLine):
    aspect: str
    title: str
    """The aspect's title ("Hoe sturend")."""


class Overruled(ApproachItem):
    overruled_by: str
    """The `set.rule` that won instead."""
    overruled_text: str
    """What the winning rule says."""


class Picture(Closed):
    language: str
    approach: list[ApproachItem]
    """At most `MAX_APPROACH` lines the answers decided, heaviest first."""
    approach_more: list[ApproachItem]
    """Decided lines beyond the first five (each set's profile still shows them)."""
    overruled: list[Overruled]
    across: dict[str, list[PictureLine]]
    """Per kind (concern, do, dont, tension, ask, note), the lines of rules that name another set."""


def qualified(set_id: str, name: str) -> str:
    """A question (or aspect) name as `set.name`; names already qualified stay as they are."""
    return name if "." in name else f"{set_id}.{name}"


@dataclass
class _Known:
    """Every set's latest answers under qualified names, and which questions were asked."""

    values: dict[str, Value]
    asked: set[str]
    questions: dict[str, tuple[QuestionSet, Question]]

    @classmethod
    def of(cls, tracks: list[SetTrack]) -> _Known:
        known = cls({}, set(), {})
        for track in tracks:
            qs, values = track.question_set, track.latest.answers
            for q in qs.questions:
                known.questions[f"{qs.id}.{q.id}"] = (qs, q)
                known.values[f"{qs.id}.{q.id}"] = values.get(q.id)
            known.asked |= {f"{qs.id}.{q.id}" for q in applicable(qs, values)}
        return known

    def fires(self, set_id: str, rule: Rule) -> bool:
        names = {qualified(set_id, qid): m for qid, m in rule.when.items()}
        return self.asked.issuperset(names) and all(matches(m, self.values[name]) for name, m in names.items())

    def why(self, set_id: str, rule: Rule, lang: str, person: Person) -> list[Reason]:
        reasons = []
        for qid in rule.when:
            name = qualified(set_id, qid)
            qs, q = self.questions[name]
            label = label_of(q, lang, person) if qs.id == set_id else f"{label_of(q, lang, person)} ({qs.title(lang, person)})"
            value = self.values[name]
            reasons.append(Reason(question=name if qs.id != set_id else qid, question_label=label, answer=value,
                                  label=answer_label(q, value, lang, person)))
        return reasons


def make_picture(tracks: list[SetTrack]) -> Picture:
    if not tracks:
        raise ValueError("a picture needs at least one interview")
    lang, person = tracks[0].latest.profile.language, tracks[0].person
    known = _Known.of(tracks)
    winners: list[tuple[Rule, ApproachItem]] = []
    overruled: list[Overruled] = []
    across: dict[str, list[PictureLine]] = {kind: [] for kind in KIND_WORDS}
    for track in tracks:
        qs = track.question_set
        fired = [r for r in qs.rules if known.fires(qs.id, r)]
        for aspect in qs.aspects:
            ranked = sorted((r for r in fired if r.aspect == aspect.id), key=lambda r: -r.weight)  # stable: equal weights keep file order
            items = [ApproachItem(question_set=qs.id, rule=f"{qs.id}.{r.id}", text=r.text(lang, person), weight=r.weight,
                                  why=known.why(qs.id, r, lang, person), aspect=f"{qs.id}.{aspect.id}", title=aspect.title(lang, person))
                     for r in ranked]
            if items:
                winners.append((ranked[0], items[0]))
                overruled += [_overrule(item, items[0]) for item in items[1:]]
        for r in fired:
            if r.kind != "approach" and r.across:
                across[r.kind].append(PictureLine(question_set=qs.id, rule=f"{qs.id}.{r.id}", text=r.text(lang, person),
                                                  weight=r.weight, why=known.why(qs.id, r, lang, person)))
    covered = {qualified(item.question_set, aspect): item for rule, item in winners for aspect in rule.covers}
    kept = []
    for _, item in winners:
        by = covered.get(item.aspect)
        if by is not None and by is not item:
            overruled.append(_overrule(item, by))
        else:
            kept.append(item)
    kept.sort(key=lambda item: -item.weight)  # stable: of equal weights, set order and then aspect order
    return Picture(language=lang, approach=kept[:MAX_APPROACH], approach_more=kept[MAX_APPROACH:], overruled=overruled, across=across)


def _overrule(item: ApproachItem, winner: ApproachItem) -> Overruled:
    return Overruled(**item.model_dump(), overruled_by=winner.rule, overruled_text=winner.text)
