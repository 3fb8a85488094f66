"""The advice-approach profile as data: what `show --format json` and `export` write.

Keys are English and stable; the texts are in the language the profile was derived in.
"""

from __future__ import annotations

from klantprofiel.questionset.conditions import Value
from klantprofiel.shapes import Closed


class Reason(Closed):
    """One answer behind a line: the question, the stored answer and how it reads."""

    question: str
    question_label: str
    answer: Value
    label: str


class Line(Closed):
    text: str
    rule: str | None = None
    """The rule in the question set that wrote this line; None for lines taken from answers."""
    why: list[Reason] = []


class ApproachLine(Line):
    aspect: str
    title: str
    fallback: bool = False
    """True while nothing known decides this aspect yet: a default line, not advice for him."""
    default_why: str | None = None
    """For a default line: why it stands here (nothing known yet that decides it, and on what)."""


class Section(Closed):
    topic: str
    title: str
    lines: list[Line]


class Knownness(Closed):
    """The king-to-person scale: how much of the checklist is known."""

    known: int
    total: int
    ratio: float
    level: str


class SetRef(Closed):
    id: str
    version: str


class Profile(Closed):
    language: str
    question_set: SetRef
    approach: list[ApproachLine]
    concerns: list[Line]
    """What stands between him and a yes: open doubts, a deal stuck on something."""
    do: list[Line]
    dont: list[Line]
    sections: list[Section]
    tensions: list[Line]
    discover: list[Line]
    """Questions to ask in the next meeting: first those a rule asks for (`rule` set), then
    each unknown turned into a question."""
    knownness: Knownness
