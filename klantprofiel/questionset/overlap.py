"""Can two rules fire for the same answers? The question behind "ties are an error".

Two approach rules of equal weight for one aspect would leave the file order to choose between
them, so `questions validate` refuses them, unless no answers can make both fire. That is so
when some question must, for the one rule, have an answer the other rule excludes. A rule that
names a question also needs that question asked, so the `when` of each question it names (and
of theirs) counts as its own condition too: a rule on "which advisors" holds only where he has
advisors at all.
"""

from __future__ import annotations

from collections.abc import Callable

from klantprofiel import kinds
from klantprofiel.questionset.model import UNKNOWN, Matcher, Question, Range, Rule

Lookup = Callable[[str], "Question | None"]
"""A question by the name a rule gives it (None: no such question; `check` reports that)."""


def conditions(when: dict[str, Matcher], question: Lookup) -> dict[str, list[Matcher]]:
    """Everything that must hold for `when` to hold: its own matchers and, for every question
    it names, that question's `when` (and so on)."""
    out: dict[str, list[Matcher]] = {}
    todo = list(when.items())
    seen: set[str] = set()
    while todo:
        qid, matcher = todo.pop()
        out.setdefault(qid, []).append(matcher)
        q = question(qid)
        if q is not None and qid not in seen:
            seen.add(qid)
            prefix = qid.rpartition(".")[0]
            todo += [(f"{prefix}.{k}" if prefix else k, m) for k, m in q.when.items()]
    return out


def _satisfiable(q: Question | None, matchers: list[Matcher]) -> bool:
    """Can one answer to `q` match every matcher at once?"""
    if q is None:
        return True
    ranges = [m for m in matchers if isinstance(m, Range)]
    named = [{m} if isinstance(m, str) else set(m) for m in matchers if not isinstance(m, Range)]
    if ranges:
        low = max((r.at_least for r in ranges if r.at_least is not None), default=None)
        high = min((r.at_most for r in ranges if r.at_most is not None), default=None)
        return low is None or high is None or low <= high
    if kinds.of(q).many:  # a list of choices matches each matcher it overlaps: only "unknown" excludes the rest
        return not (any(s <= {UNKNOWN} for s in named) and any(UNKNOWN not in s for s in named))
    return not named or bool(set.intersection(*named))


def can_fire_together(a: Rule, b: Rule, question: Lookup) -> bool:
    first, second = conditions(a.when, question), conditions(b.when, question)
    return all(_satisfiable(question(qid), first[qid] + second[qid]) for qid in first.keys() & second.keys())
