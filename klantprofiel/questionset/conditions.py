"""When does an answer match a condition? Shared by the interview (`when`) and the rules."""

from __future__ import annotations

from klantprofiel.kinds.base import UNKNOWN
from klantprofiel.kinds.parts import Matcher, Range
from klantprofiel.kinds.parts import Value as Value  # where the core has always found it


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
    """Does every condition hold? (A loop, not `all()` over a generator: batch import asks this
    for each conditional question of every record, twice.)"""
    for qid, m in conditions.items():  # noqa: SIM110 - see above
        if not matches(m, answers.get(qid)):
            return False
    return True
