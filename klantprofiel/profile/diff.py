"""What changed between two interviews of one set: answers, profile lines and how well we know him.

Pure: two exported records in, a `ProfileDiff` out. Profile lines are compared by what a rule
wrote (approach, concerns, do, don't, tensions, notes, questions a rule asks); lines that only
repeat an answer or an unknown are covered by the answer changes instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from klantprofiel.answers import is_known, same
from klantprofiel.i18n import t
from klantprofiel.profile.derive import answer_label
from klantprofiel.profile.history import InterviewSummary, SetTrack, summarize
from klantprofiel.profile.model import Profile
from klantprofiel.questionset.conditions import Value
from klantprofiel.shapes import Closed


class AnswerChange(Closed):
    question: str
    question_text: str
    before: Value
    before_label: str
    after: Value
    after_label: str


class LineChange(Closed):
    """A profile line that appeared or disappeared, with the heading it stands under."""

    kind: str
    """approach, concerns, do, dont, tensions, notes or discover"""
    heading: str
    text: str
    rule: str


class ProfileDiff(Closed):
    customer: str
    question_set: str
    set_title: str
    before: InterviewSummary
    after: InterviewSummary
    newly_known: list[AnswerChange]
    """Unknown before, answered now."""
    changed: list[AnswerChange]
    """Answered differently, or no longer known."""
    added: list[LineChange]
    dropped: list[LineChange]

    @property
    def unchanged(self) -> bool:
        return not (self.newly_known or self.changed or self.added or self.dropped)


def rule_lines(profile: Profile) -> Iterator[LineChange]:
    """Every line of the profile that a rule wrote, with the heading it is shown under."""
    lang = profile.language
    for a in profile.approach:
        if a.rule:
            yield LineChange(kind="approach", heading=f"{t('approach', lang)} · {a.title}", text=a.text, rule=a.rule)
    for kind in ("concerns", "do", "dont", "tensions", "discover"):
        for line in getattr(profile, kind):
            if line.rule:
                yield LineChange(kind=kind, heading=t(kind, lang), text=line.text, rule=line.rule)
    for section in profile.sections:
        for line in section.lines:
            if line.rule:
                yield LineChange(kind="notes", heading=section.title, text=line.text, rule=line.rule)


def compare(track: SetTrack) -> ProfileDiff:
    """From `track.previous` to `track.latest`; texts in the language the records were derived in,
    written for the customer they were derived for (`SetTrack.person`)."""
    before, after, qs = track.previous, track.latest, track.question_set
    if before is None:
        raise ValueError("compare() needs a track with a previous interview")
    lang, person = after.profile.language, track.person
    newly_known: list[AnswerChange] = []
    changed: list[AnswerChange] = []
    for q in qs.questions:
        old, new = before.answers.get(q.id), after.answers.get(q.id)
        if same(old, new):
            continue
        change = AnswerChange(question=q.id, question_text=q.text(lang, person), before=old, before_label=answer_label(q, old, lang, person),
                              after=new, after_label=answer_label(q, new, lang, person))
        (newly_known if not is_known(old) else changed).append(change)
    old_lines = {(c.heading, c.text): c for c in rule_lines(before.profile)}
    new_lines = {(c.heading, c.text): c for c in rule_lines(after.profile)}
    title = qs.title(lang, person)
    return ProfileDiff(
        customer=after.customer.name, question_set=qs.id, set_title=title,
        before=summarize(before, title), after=summarize(after, title),
        newly_known=newly_known, changed=changed,
        added=[c for key, c in new_lines.items() if key not in old_lines],
        dropped=[c for key, c in old_lines.items() if key not in new_lines],
    )
