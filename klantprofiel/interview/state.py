"""Where an interview stands: which steps are asked, what is answered, what comes next.

Kept apart from the prompts so that resuming a draft, skipping by `when` and changing answers
are plain Python a test can drive without a terminal. The state is saved as a draft after
every answer, so a crash loses at most the answer being typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from klantprofiel.answers import Answers, applicable, check_answers
from klantprofiel.questionset.conditions import Value
from klantprofiel.questionset.model import Meta, Question, QuestionSet


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

    def to_json(self) -> dict[str, Any]:
        return {"values": self.values, "meta": self.meta, "done": self.done}

    @classmethod
    def from_json(cls, qs: QuestionSet, customer: str, data: dict[str, Any]) -> InterviewState:
        """A saved draft; answers the set no longer knows are dropped rather than trusted."""
        ids = {q.id for q in qs.questions}
        values, problems = check_answers(qs, {k: v for k, v in data.get("values", {}).items() if k in ids})
        bad = {p.field for p in problems}
        meta = {k: v for k, v in data.get("meta", {}).items() if k in {m.id for m in qs.meta}}
        done = [d for d in data.get("done", []) if d not in bad and (d in ids or d in meta)]
        return cls(qs, customer, {k: v for k, v in values.values.items() if k not in bad}, meta, done)
