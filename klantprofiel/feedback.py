"""Feedback on a read: did a line of a customer's profile help, or was it wrong?

A line is named by the rule that wrote it, as `set.rule` (`show --why` prints it under each
line). The feedback is kept with the interview whose profile holds the line, so it goes where
that interview goes: `export -c` hands it over, an erasure erases it. A trainer reads the tally
(`klantprofiel questions feedback`) to see which rules mislead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from klantprofiel.errors import NotFoundError, UsageError
from klantprofiel.profile.history import SetTrack
from klantprofiel.profile.picture import make_picture
from klantprofiel.validation import did_you_mean, short

if TYPE_CHECKING:
    from klantprofiel.store.protocol import Customer, Store

VERDICTS = ("useful", "wrong")
MAX_NOTE = 1000


@dataclass(frozen=True)
class ShownLine:
    """A line of the customer's profile as feedback names it."""

    line: str
    """`set.rule`"""
    text: str
    interview_id: int


def shown_lines(tracks: list[SetTrack]) -> dict[str, ShownLine]:
    """Every line a rule wrote in the customer's profile now (each set's latest interview, and the
    rules across sets), by `set.rule`."""
    out: dict[str, ShownLine] = {}
    by_set = {track.question_set.id: track.latest.interview.id for track in tracks}
    for track in tracks:
        p, set_id = track.latest.profile, track.question_set.id
        lines = [*p.approach, *p.concerns, *p.do, *p.dont, *p.tensions, *p.discover, *(ln for s in p.sections for ln in s.lines)]
        for ln in lines:
            if ln.rule:
                out.setdefault(f"{set_id}.{ln.rule}", ShownLine(f"{set_id}.{ln.rule}", ln.text, by_set[set_id]))
    for across in make_picture(tracks).across.values():
        for pl in across:
            out.setdefault(pl.rule, ShownLine(pl.rule, pl.text, by_set[pl.question_set]))
    return out


def find_line(tracks: list[SetTrack], line: str, verdict: str, note: str | None) -> ShownLine:
    """The line feedback is about; a clear error for a verdict, note or line that is not there."""
    if verdict not in VERDICTS:
        raise UsageError("no_verdict", verdict=short(verdict))
    if note is not None and len(note) > MAX_NOTE:
        raise UsageError("note_too_long", n=len(note), max=MAX_NOTE)
    lines = shown_lines(tracks)
    if line not in lines:
        name = tracks[0].latest.customer.name
        raise NotFoundError("no_profile_line", hint="no_profile_line_hint", line=short(line), name=name, close=did_you_mean(line, lines))
    return lines[line]


def called_wrong(store: Store, customer: Customer) -> frozenset[str]:
    """The lines (`set.rule`) of a customer whose last verdict is "wrong"."""
    last = {f.line: f.verdict for f in store.feedback(customer.records)}
    return frozenset(line for line, verdict in last.items() if verdict == "wrong")
