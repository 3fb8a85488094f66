"""When does an answer match a condition? Shared by the interview (`when`) and the rules."""

from __future__ import annotations

from klantprofiel.questionset.model import UNKNOWN, Matcher, Range

Value = str | int | list[str] | None
"""An answer: a choice id, a scale number, a list of choice ids, free text, or None for unknown."""


def matches(matcher: Matcher, value: Value) -> bool:
    if isinstance(matcher, Range):
        return (
            isinstance(value, int)
            and (matcher.at_least is None or value >= matcher.at_least)
            and (matcher.at_most is None or value <= matcher.at_most)
        )
    wanted = (matcher,) if isinstance(matcher, str) else matcher
    if value is None:
        return UNKNOWN in wanted
    if isinstance(value, list):
        return any(v in wanted for v in value)
    return value in wanted


def all_match(conditions: dict[str, Matcher], answers: dict[str, Value]) -> bool:
    return all(matches(m, answers.get(qid)) for qid, m in conditions.items())
