"""The meeting brief: one screen to read in the car park, made from every set's latest interview.

Four parts, shortest first: the approach lines the answers decided, the open doubts and concerns,
what to find out in this meeting (questions a rule asks first, then unknowns; at most
`DISCOVER_LIMIT`), and what changed since the interview before. Pure: tracks in, `Brief` out.
"""

from __future__ import annotations

from klantprofiel.profile.diff import LineChange, ProfileDiff, compare
from klantprofiel.profile.history import InterviewSummary, SetName, SetTrack, customer_of
from klantprofiel.profile.model import Strict
from klantprofiel.profile.picture import make_picture
from klantprofiel.profile.record import StoredCustomer

DISCOVER_LIMIT = 5
"""Questions for one meeting; the rest waits (and `show` lists them all)."""
HEADLINE_KINDS = ("approach", "concerns")


class BriefLine(Strict):
    question_set: str
    heading: str | None = None
    """The aspect title, for approach lines."""
    text: str


class Brief(Strict):
    customer: StoredCustomer
    language: str
    sets: list[InterviewSummary]
    """The latest interview of each set known, in set order."""
    not_interviewed: list[SetName]
    approach: list[BriefLine]
    """At most five lines the answers decided, ranked across all sets (`profile.picture`)."""
    concerns: list[BriefLine]
    discover: list[BriefLine]
    discover_more: int
    """How many more questions to discover there are beyond `discover`."""
    changes: list[ProfileDiff]
    """Per set with an earlier interview, what changed since it (possibly nothing)."""


def make_brief(tracks: list[SetTrack], not_interviewed: list[SetName]) -> Brief:
    if not tracks:
        raise ValueError("a brief needs at least one interview")
    latest = [track.latest for track in tracks]
    asked = [BriefLine(question_set=r.question_set.id, text=d.text) for r in latest for d in r.profile.discover if d.rule]
    unknown = [BriefLine(question_set=r.question_set.id, text=d.text) for r in latest for d in r.profile.discover if not d.rule]
    discover = asked + unknown
    return Brief(
        customer=customer_of(tracks),
        language=latest[0].profile.language,
        sets=[track.summary for track in tracks],
        not_interviewed=not_interviewed,
        approach=[BriefLine(question_set=a.question_set, heading=a.title, text=a.text) for a in make_picture(tracks).approach],
        concerns=[BriefLine(question_set=r.question_set.id, text=c.text) for r in latest for c in r.profile.concerns],
        discover=discover[:DISCOVER_LIMIT],
        discover_more=max(0, len(discover) - DISCOVER_LIMIT),
        changes=[compare(track) for track in tracks if track.previous is not None],
    )


def headlines(changes: list[LineChange]) -> list[LineChange]:
    """The changed lines a brief shows: those of its own parts, the approach and the open concerns
    (`diff` shows the rest)."""
    return [c for c in changes if c.kind in HEADLINE_KINDS]
