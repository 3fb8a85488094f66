"""Where an interview stands: which steps are asked, what is answered, what comes next.

Kept apart from the prompts so that resuming a draft, skipping by `when` and changing answers
are plain Python a test can drive without a terminal. The state is saved as a draft after
every answer, so a crash loses at most the answer being typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from klantprofiel.answers import Answers, applicable, check_answers, is_known
from klantprofiel.interview.last import Last, changed
from klantprofiel.kinds.text import nul_mended
from klantprofiel.pronouns import Person
from klantprofiel.questionset.conditions import Value
from klantprofiel.questionset.model import Meta, Question, QuestionSet
from klantprofiel.who_when import ASKED_AGAIN, CARRIED_OVER


@dataclass(frozen=True)
class Step:
    """One prompt: a who/when field or a question."""

    id: str
    meta: Meta | None = None
    question: Question | None = None


@dataclass
class InterviewState:
    qs: QuestionSet
    customer: str
    values: dict[str, Value] = field(default_factory=dict)
    meta: dict[str, str | None] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)
    """Step ids answered so far (an answer of "don't know yet" counts as answered)."""
    last: Last | None = None
    """The last interview of the set, when this one is a re-interview: what the summary compares with."""

    @property
    def person(self) -> Person:
        """Whom the questions and the summary are written for: the pronoun given so far (step 2 of
        every set), else "hij" as texts read without one."""
        return Person.of(self.meta.get("pronoun"), self.customer)

    @classmethod
    def again(cls, qs: QuestionSet, customer: str, last: Last, *, only_unknown: bool = False) -> InterviewState:
        """A re-interview: every answer, his organisation and the salesperson start as they were
        `last` time, so Enter keeps them. `only_unknown`: what is known counts as answered, so only
        the unknown questions are asked, with the date and the context."""
        values: dict[str, Value] = {k: v for k, v in last.values.items() if v is not None}
        meta = {f: last.meta[f] for f in CARRIED_OVER if last.meta.get(f)}
        state = cls(qs, customer, values, meta, last=last)
        if only_unknown:
            state.done = [m.id for m in qs.meta if m.id not in ASKED_AGAIN]
            state.done += [q for q in values if is_known(values[q])]
        return state

    def steps(self) -> list[Step]:
        """The steps asked now, in order; questions whose `when` fails are left out."""
        meta = [Step(m.id, meta=m) for m in self.qs.meta if m.id != "customer"]
        return meta + [Step(q.id, question=q) for q in applicable(self.qs, self.values)]

    def next_step(self) -> Step | None:
        return next((s for s in self.steps() if s.id not in self.done), None)

    def position(self, step: Step) -> tuple[int, int]:
        steps = self.steps()
        return [s.id for s in steps].index(step.id) + 1, len(steps)

    def previous_step(self, step: Step) -> Step | None:
        steps = self.steps()
        i = [s.id for s in steps].index(step.id)
        return steps[i - 1] if i > 0 else None

    def current(self, step: Step) -> Any:
        return self.meta.get(step.id) if step.meta else self.values.get(step.id)

    def answer(self, step: Step, value: Any) -> None:
        if step.meta:
            self.meta[step.id] = value
        else:
            self.values[step.id] = value
        if step.id not in self.done:
            self.done.append(step.id)

    def reopen(self, step: Step) -> None:
        if step.id in self.done:
            self.done.remove(step.id)

    def answers(self) -> Answers:
        """The finished answers: every question present, unasked ones unknown."""
        asked = {q.id for q in applicable(self.qs, self.values)}
        values = {q.id: (self.values.get(q.id) if q.id in asked else None) for q in self.qs.questions}
        answers, problems = check_answers(self.qs, values, {**self.meta, "customer": self.customer})
        if problems:  # prompts only offer valid values; a failure here is a bug, not user input
            raise ValueError(f"interview produced invalid answers: {problems}")
        return answers

    def changes(self) -> list[str]:
        """The steps whose answer differs from the last interview's (none for a first interview)."""
        return changed(self.qs, self.last, self.answers()) if self.last is not None else []

    def to_json(self) -> dict[str, Any]:
        return {"values": self.values, "meta": self.meta, "done": self.done}

    @classmethod
    def from_json(cls, qs: QuestionSet, customer: str, data: dict[str, Any], last: Last | None = None) -> InterviewState:
        """A saved draft (of a re-interview from `last`); answers the set no longer knows are dropped
        rather than trusted, and a NUL kept before one was refused is a space (`nul_mended`)."""
        ids = {q.id for q in qs.questions}
        values, problems = check_answers(qs, {k: nul_mended(v) for k, v in data.get("values", {}).items() if k in ids})
        bad = {p.field for p in problems}
        meta = {k: nul_mended(v) for k, v in data.get("meta", {}).items() if k in {m.id for m in qs.meta}}
        done = [d for d in data.get("done", []) if d not in bad and (d in ids or d in meta)]
        return cls(qs, customer, {k: v for k, v in values.values.items() if k not in bad}, meta, done, last)
