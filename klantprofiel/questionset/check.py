"""Cross-reference checks a schema cannot express: do topics, `when` and rules point at real things?"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from klantprofiel import kinds, pronouns
from klantprofiel.i18n import Msg
from klantprofiel.questionset.model import (
    LANGUAGES,
    META_FIELDS,
    RESERVED_IDS,
    Matcher,
    Question,
    QuestionSet,
    Range,
    Rule,
    Text,
)
from klantprofiel.questionset.overlap import can_fire_together


@dataclass(frozen=True)
class Problem:
    where: Msg | str
    """e.g. "question 'learning_mode'" (`entry`) or a table of the file ("levels")."""
    field: Msg | str
    message: Msg | str
    anchor: str | None = None
    """The id whose `id = "..."` line the report points at."""

    @property
    def table(self) -> str | None:
        """The [[table]] of the entry the problem is in (questions, rules, …), if it is in one."""
        key = self.where.key if isinstance(self.where, Msg) else ""
        return key.removeprefix("where_") if key.startswith("where_") and key not in ("where_set", "where_numbered") else None


def entry(table: str, entry_id: str) -> Msg | str:
    """An entry of the file by its table and id, as a report names it: "question 'learning_mode'"."""
    return Msg(f"where_{table}", id=entry_id) if table in _ENTRIES else f"{table} '{entry_id}'"


def _check_matcher(where: Msg | str, field: str, anchor: str, q: Question, m: Matcher) -> list[Problem]:
    problem = kinds.of(q).condition_problem(q, m)
    return [Problem(where, field, problem, anchor)] if problem else []


def _check_when(where: Msg | str, anchor: str, when: dict[str, Matcher], questions: dict[str, Question]) -> list[Problem]:
    """Each condition must name a known question (asked before this one) and values that question can have."""
    problems = []
    for qid, m in when.items():
        if qid not in questions:
            problems.append(Problem(where, f"when.{qid}", Msg("not_asked_before", id=qid), anchor))
        else:
            problems += _check_matcher(where, f"when.{qid}", anchor, questions[qid], m)
    return problems


OtherSet = Callable[[str], "QuestionSet | None"]
"""A built-in set by its id, for rules that name another set's questions (None: no such set)."""


@dataclass
class _Elsewhere:
    """What rules may name in other sets: their questions and aspects as `set.id`."""

    questions: dict[str, Question]
    aspects: set[str]
    missing: dict[str, Msg]
    """`set` -> why a rule cannot name it."""

    def blocked(self, name: str) -> Msg | None:
        """Why `name` cannot be looked up (its set is this one or none), else None."""
        return self.missing.get(name.split(".")[0]) if "." in name else None

    @classmethod
    def of(cls, qs: QuestionSet, names: set[str], other_set: OtherSet) -> _Elsewhere:
        found = cls({}, set(), {})
        for set_id in sorted({name.split(".")[0] for name in names if "." in name}):
            other = other_set(set_id) if set_id != qs.id else None
            if set_id == qs.id:
                found.missing[set_id] = Msg("set_own_names")
            elif other is None:
                found.missing[set_id] = Msg("no_builtin_set", set=set_id)
            else:
                found.questions.update({f"{set_id}.{q.id}": q for q in other.questions})
                found.aspects.update(f"{set_id}.{a.id}" for a in other.aspects)
        return found


def cross_check(qs: QuestionSet, other_set: OtherSet = lambda _: None) -> list[Problem]:
    problems: list[Problem] = []
    topics = {t.id for t in qs.topics}
    aspects = {a.id for a in qs.aspects}
    seen: dict[str, Question] = {}
    for q in qs.questions:
        where = entry("questions", q.id)
        if q.id in seen:
            problems.append(Problem(where, "id", Msg("id_used_twice_question"), q.id))
        if q.id in RESERVED_IDS:
            problems.append(Problem(where, "id", Msg("reserved_meta" if q.id in META_FIELDS else "reserved_column", id=q.id), q.id))
        if q.topic not in topics:
            problems.append(Problem(where, "topic", Msg("unknown_topic_of", topic=q.topic, topics=", ".join(sorted(topics))), q.id))
        problems += _check_when(where, q.id, q.when, seen)
        seen[q.id] = q
    for q in qs.questions:  # discover_unless may name a question asked after this one
        for qid, m in q.discover_unless.items():
            where, field = entry("questions", q.id), f"discover_unless.{qid}"
            if qid not in seen:
                problems.append(Problem(where, field, Msg("no_question_in", question=qid, where=Msg("in_this_set")), q.id))
            else:
                problems += _check_matcher(where, field, q.id, seen[qid], m)
    elsewhere = _Elsewhere.of(qs, {name for r in qs.rules for name in [*r.when, *r.covers]}, other_set)
    known = {**seen, **elsewhere.questions}
    rule_ids: set[str] = set()
    for r in qs.rules:
        where = entry("rules", r.id)
        if r.id in rule_ids:
            problems.append(Problem(where, "id", Msg("id_used_twice_rule"), r.id))
        rule_ids.add(r.id)
        if r.aspect is not None and r.aspect not in aspects:
            problems.append(Problem(where, "aspect", Msg("unknown_aspect_of", aspect=r.aspect, aspects=", ".join(sorted(aspects)) or Msg("none_defined")),
                                    r.id))
        if r.topic is not None and r.topic not in topics:
            problems.append(Problem(where, "topic", Msg("unknown_topic", topic=r.topic), r.id))
        problems += _check_rule_names(where, r, known, elsewhere, aspects)
    problems += _ties(qs, known)
    mins = [lv.min for lv in qs.levels]
    if mins != sorted(mins) or mins[0] != 0:
        problems.append(Problem("levels", "min", Msg("levels_order")))
    problems += text_check(qs, bare=False)
    meta_ids = [m.id for m in qs.meta]
    if "customer" not in meta_ids:
        problems.append(Problem("meta", "id", Msg("set_needs_customer")))
    return problems


def _check_rule_names(where: Msg | str, r: Rule, known: dict[str, Question], elsewhere: _Elsewhere, aspects: set[str]) -> list[Problem]:
    """A rule's `when` and `covers` must name questions and aspects that exist, here or in the
    built-in set a `set.` prefix names, and values those questions can have."""
    problems = []
    for name, m in r.when.items():
        where_set = Msg("in_set", set=name.split(".")[0]) if "." in name else Msg("in_this_set")
        if (blocked := elsewhere.blocked(name)) is not None:
            problems.append(Problem(where, f"when.{name}", blocked, r.id))
        elif name not in known:
            problems.append(Problem(where, f"when.{name}", Msg("no_question_in", question=name.split(".")[-1], where=where_set), r.id))
        else:
            problems += _check_matcher(where, f"when.{name}", r.id, known[name], m)
    for name in r.covers:
        if (blocked := elsewhere.blocked(name)) is not None:
            problems.append(Problem(where, "covers", blocked, r.id))
        elif name not in (elsewhere.aspects if "." in name else aspects):
            problems.append(Problem(where, "covers", Msg("no_aspect_to_cover", aspect=name), r.id))
    return problems


def _ties(qs: QuestionSet, questions: dict[str, Question]) -> list[Problem]:
    """Two approach rules of one aspect with one weight that some answers make fire together:
    which of them writes the line must not be left to their order in the file."""
    problems = []
    approach = _approach(qs)
    for i, a in enumerate(approach):
        for b in approach[i + 1:]:
            if a.aspect == b.aspect and a.weight == b.weight and can_fire_together(a, b, questions.get):
                problems.append(Problem(entry("rules", b.id), "weight", Msg("weight_tie", other=a.id, aspect=a.aspect, weight=a.weight), b.id))
    return problems


def ranking_ties(qs: QuestionSet, others: Iterable[QuestionSet]) -> list[Problem]:
    """Approach rules of this set and another with one weight: a customer's approach ranks the
    winning lines of all his sets on that one scale (`profile.picture`), whatever their aspect,
    so of equal weights the order of the sets would decide which leads and which falls past the
    fifth line. A rule that `covers` the other's aspect overrules it, so those two never meet."""
    problems = []
    for other in others:
        for r in _approach(qs):
            for o in _approach(other):
                if r.weight == o.weight and not _covers(qs.id, r, other.id, o) and not _covers(other.id, o, qs.id, r):
                    problems.append(Problem(entry("rules", r.id), "weight", Msg("weight_tie_across", other=f"{other.id}.{o.id}", weight=r.weight),
                                            r.id))
    return problems


def _approach(qs: QuestionSet) -> list[Rule]:
    return [r for r in qs.rules if r.kind == "approach"]


def _covers(set_id: str, rule: Rule, other_id: str, other: Rule) -> bool:
    """Whether `rule` settles `other`'s aspect too (`covers`, as `aspect` or `set.aspect`)."""
    return f"{other_id}.{other.aspect}" in {name if "." in name else f"{set_id}.{name}" for name in rule.covers}


def strict_check(qs: QuestionSet) -> list[Problem]:
    """What a shipped set must also have: every choice feeds a rule or is marked `informational`
    (an answer that changes nothing is a question not worth asking), and every question says why
    we ask it."""
    named: dict[str, set[str]] = {}
    for r in qs.rules:
        for qid, m in r.when.items():
            if not isinstance(m, Range):
                named.setdefault(qid, set()).update([m] if isinstance(m, str) else m)
    problems = []
    for q in qs.questions:
        where = entry("questions", q.id)
        unused = [c.id for c in q.choices if not c.informational and c.id not in named.get(q.id, set())]
        if unused:
            problems.append(Problem(where, "choices", Msg("choices_unused", choices=", ".join(map(repr, unused))), q.id))
        if q.why is None:
            problems.append(Problem(where, "why", Msg("no_why"), q.id))
    return problems


_ENTRIES = ("meta", "topics", "questions", "aspects", "levels", "rules")
"""The tables of a set file whose entries hold texts."""


def all_texts(qs: QuestionSet) -> Iterator[tuple[str, Text]]:
    """Every text of the set, with where it is ("questions[learning_mode].choices[listen].says")."""
    return _texts(qs, "")


def _texts(model: BaseModel, path: str) -> Iterator[tuple[str, Text]]:
    """Every `Text` below `model`, with its field path ("choices[listen].says")."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            at = f"{path}{name}" + (f"[{getattr(item, 'id', i)}]" if isinstance(value, list) else "")
            if isinstance(item, Text):
                yield at, item
            elif isinstance(item, BaseModel):
                yield from _texts(item, at + ".")


def text_check(qs: QuestionSet, bare: bool = True) -> list[Problem]:
    """Every text must read right for every customer (`klantprofiel.pronouns`): placeholders it
    knows, and (with `bare`, what `questions validate` asks) no bare "hij" or "his", which would
    read wrong for her or by name. Loading a set for use leaves bare pronouns be: a trainer's set
    from before pronouns keeps working, reading as written."""
    problems = []
    for field in QuestionSet.model_fields:
        value = getattr(qs, field)
        if field in _ENTRIES:
            for i, item in enumerate(value):
                anchor = getattr(item, "id", None)
                where = entry(field, anchor) if anchor else Msg("where_numbered", table=field, n=i + 1)
                problems += _text_problems(where, anchor, _texts(item, ""), bare)
        elif isinstance(value, Text):
            problems += _text_problems(Msg("where_set"), None, iter([(field, value)]), bare)
    return problems


def _text_problems(where: Msg | str, anchor: str | None, texts: Iterator[tuple[str, Text]], bare: bool) -> list[Problem]:
    return [Problem(where, f"{path}.{lang}", message, anchor)
            for path, text in texts for lang in LANGUAGES for message in pronouns.problems(getattr(text, lang), lang, bare)]
