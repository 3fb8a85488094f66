"""Export records as JSON text, fast: exactly what `ExportRecord.model_dump_json()` writes, with
what `json_bytes` escapes escaped (as `show -f json` does) where it comes from.

Deriving one profile builds some sixty pydantic objects; export of 100,000 interviews must take
at most twice the time of reading the rows and writing them with `json.dumps`. But every line
a profile can hold depends on a few answers that take few values (a choice, a scale number,
a set of choices, "known" or not), so each line is rendered once, by the same `Lines` that
`derive` uses, and kept as JSON text (a "fragment"). A free-text answer's line is rendered
once with a placeholder that each answer's text replaces.

A profile is cut into parts that each depend on the answers to a few questions: one approach
line per aspect, each rule's line (or nothing, where it does not fire), each answer's lines.
Each part is rendered once per combination of its questions' answers (their "keys") and
remembered. A batch of rows is then rendered column by column: per question its keys down the
batch, per part one lookup per record; the lists (do, don't, tensions, a topic's section) are
joined from their parts' columns, and each record from all its pieces in one join. Those steps
are C-level maps over lookup tables, so the Python that runs per record is little. (A part of
many questions, say a list whose rules name nine, would have too many combinations to keep.)
`tests/test_profile_json.py` holds the output to `export_record(...).model_dump_json()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import repeat
from operator import getitem, is_not, itemgetter
from typing import Any

from pydantic_core import from_json, to_json

from klantprofiel import kinds
from klantprofiel.io.memo import Memo
from klantprofiel.printable import holds_control, json_bytes
from klantprofiel.profile.derive import Lines, knownness_of
from klantprofiel.questionset.conditions import Value, all_match, matches
from klantprofiel.questionset.model import Question, QuestionSet
from klantprofiel.store.connection import DamagedRow

_KNOWN = "\x00known"
"""The key of any free text that no condition names: conditions on text only tell known from not."""
_UNASKED = "\x00unasked"
_PLACEHOLDER = "\x00text\x00"
"""Stands for a free-text answer in a line rendered once; each question has its own (`_placeholder`)."""
_INSIDE_QUOTES = slice(1, -1)
_ENVELOPE = (b'{"customer":{"name":%s,"organisation":%s,"id":%s,"external_id":%s},"interview":{"salesperson":%s,"meeting_date":%s,'
             b'"context":%s,"notes":%s,"id":%s,"source":%s,"created_at":%s,"uid":%s,"import_id":%s},"question_set":{"id":%s,"version":%s},'
             b'"answers":%s,"profile":%s}')
"""InterviewRecord's fields in its order; each %s takes a value's JSON."""
_ENVELOPE_PIECES = _ENVELOPE.split(b"%s")
_ENVELOPE_COLUMNS = (1, 2, 15, 17, 3, 4, 5, 6, 0, 12, 13, 14, 16, 7, 8)
"""Which row column (store COLUMNS order) fills each %s before the answers."""
_ANSWERS = 9


class _Part:
    """A piece of a profile that depends on the answers to a few questions: rendered once per
    combination of their keys, looked up for every record after that."""

    def __init__(self, deps: list[int], render: Callable[..., bytes]) -> None:  # a lambda may bind its loop variables as defaults
        self.deps = deps
        if len(deps) == 1:  # keyed by the one key itself: a lookup straight down its column
            self.memo = Memo(lambda key: render({deps[0]: key}))
        else:
            self.memo = Memo(lambda keys: render(dict(zip(deps, keys))))

    def down(self, keys: list[list[Any]]) -> list[bytes]:
        """The piece for each record of the batch (`keys`: per question, down the batch)."""
        if not self.deps:
            return [self.memo[()]] * len(keys[0])
        if len(self.deps) == 1:
            return list(map(self.memo.__getitem__, keys[self.deps[0]]))
        return list(map(self.memo.__getitem__, zip(*(keys[j] for j in self.deps))))


def _placeholder(q: Question) -> str:
    return f"\x00{q.id}\x00"


def _json(model: Any) -> bytes:
    return json_bytes(model.model_dump_json().encode())


def _static(value: Any) -> bytes:
    """The JSON of a piece of the set (an id, a title) that every record repeats."""
    return json_bytes(to_json(value))


def _value(key: Any) -> Value:
    """The answer a key stands for (a free text no condition names becomes a placeholder)."""
    if key is _KNOWN:
        return _PLACEHOLDER
    return list(key) if isinstance(key, tuple) else key


def _answers(when: dict, keys: tuple) -> dict[str, Value]:
    return dict(zip(when, map(_value, keys)))


def _encode(column: Iterable[Any]) -> list[bytes]:
    """Each stored value's JSON, with what `json_bytes` escapes escaped (looked for once in the
    whole column: almost never there)."""
    encoded = list(map(to_json, column))
    return list(map(json_bytes, encoded)) if holds_control(b"".join(encoded)) else encoded


class ProfileJson:
    """Export records (JSON text) for stored interview rows answered against one set, in one language."""

    def __init__(self, qs: QuestionSet, lang: str) -> None:
        self.lines = Lines(qs, lang)
        self.questions = qs.questions
        self.position = {q.id: i for i, q in enumerate(qs.questions)}
        rules = qs.own_rules
        self.rules = rules
        self.deps = [[self.position[q] for q in r.when] for r in rules]
        """Per rule, the positions of the questions it names."""
        literals: dict[str, set[str]] = {q.id: set() for q in qs.questions}
        for condition in [q.when for q in qs.questions] + [r.when for r in rules]:
            for qid, matcher in condition.items():
                literals[qid] |= {matcher} if isinstance(matcher, str) else (set(matcher) if isinstance(matcher, list) else set())
        self.text_keys = {q.id: {None: None, **{lit: lit for lit in literals[q.id]}} for q in qs.questions if kinds.of(q).verbatim}
        self.compatible = [Memo(lambda key, q=q: self._compatible(q, key)) for q in qs.questions]
        """Per question: key -> bit mask of the rules that may fire with that answer."""
        self.asked = {q.id: Memo(lambda keys, when=q.when: all_match(when, _answers(when, keys))) for q in qs.questions if q.when}
        self.rule_lines = [Memo(lambda keys, r=r: _json(self.lines.rule(r, _answers(r.when, keys)))) for r in rules]
        aspects = {a.id: a for a in qs.aspects}
        self.approach_lines = [Memo(lambda keys, r=r: _json(self.lines.approach(aspects[r.aspect], r, _answers(r.when, keys))))
                               if r.aspect in aspects else None for r in rules]
        self.answer_lines = [Memo(lambda key, q=q: self._answer_lines(q, key)) for q in qs.questions]
        self.discover_lines = [Memo(lambda key, q=q: self._discover_line(q, key)) for q in qs.questions]
        self.placeholders = [to_json(_placeholder(q))[_INSIDE_QUOTES] for q in qs.questions]
        self.knownness = Memo(lambda kt: _json(knownness_of(qs, kt[0], kt[1], lang)))
        self.head = b'{"language":%s,"question_set":%s,"approach":[' % (_static(lang), _static({"id": qs.id, "version": qs.version}))
        self.aspects = [self._aspect(a) for a in qs.aspects]
        self.fired = [_Part(self.deps[i], lambda key, i=i: self._line(self.rule_lines, i, key) if self._fires(i, key) else b"")
                      for i in range(len(rules))]
        """Per rule, its line where it fires, else nothing: lists of many rules are joined from these."""
        self.kinds = {kind: [i for i, r in enumerate(rules) if r.kind == kind] for kind in ("concern", "do", "dont", "tension", "ask")}
        self.topics = [self._topic(t) for t in qs.topics]

    # --- fragments, each rendered once ---------------------------------------------------------

    def _compatible(self, q: Question, key: Any) -> int:
        mask = 0
        for i, rule in enumerate(self.rules):
            if q.id not in rule.when or (key is not _UNASKED and matches(rule.when[q.id], _value(key))):
                mask |= 1 << i
        return mask

    def _answer_lines(self, q: Question, key: Any) -> bytes:
        """The section lines a known answer writes; empty while it is unknown or not asked."""
        if key is None or key is _UNASKED or key == ():
            return b""
        value = _placeholder(q) if key is _KNOWN else _value(key)
        return b",".join(map(_json, self.lines.answer(q, {q.id: value})))

    def _discover_line(self, q: Question, key: Any) -> bytes:
        if key is _UNASKED or (key is not None and key != ()):
            return b""
        return _json(self.lines.discover(q, {q.id: _value(key)}))

    def _fires(self, rule: int, key: dict[int, Any]) -> bool:
        """Does the rule fire, given the keys of the questions it names?"""
        return all(self.compatible[j][key[j]] >> rule & 1 for j in self.deps[rule])

    def _line(self, memos: list[Memo] | list[Memo | None], rule: int, key: dict[int, Any]) -> bytes:
        memo = memos[rule]
        assert memo is not None, "an approach line is asked for only of a rule with an aspect"
        return memo[tuple(key[j] for j in self.deps[rule])]

    def _aspect(self, aspect: Any) -> _Part:
        """The aspect's approach line: its heaviest fired rule's (the first of equal weights, as
        `best_rule` picks), or its fallback."""
        ranked = sorted((i for i, r in enumerate(self.rules) if r.aspect == aspect.id), key=lambda i: (-self.rules[i].weight, i))
        fallback = _json(self.lines.approach(aspect, None, {}))

        def line(key: dict[int, Any]) -> bytes:
            best = next((i for i in ranked if self._fires(i, key)), None)
            return fallback if best is None else self._line(self.approach_lines, best, key)
        return _Part(self._deps_of(ranked), line)

    def _deps_of(self, rules: list[int]) -> list[int]:
        return list(dict.fromkeys(j for i in rules for j in self.deps[i]))

    def _topic(self, topic: Any) -> tuple[bytes, list[int], list[int]]:
        """How its section starts, the questions whose answers it lists, and its note rules."""
        start = b'{"topic":%s,"title":%s,"lines":[' % (_static(topic.id), _static(topic.title(self.lines.lang)))
        questions = [i for i, q in enumerate(self.questions) if q.topic == topic.id]
        notes = [r for r, rule in enumerate(self.rules) if rule.kind == "note" and self.lines.note_topic(rule) == topic.id]
        return start, questions, notes

    # --- a batch, column by column ---------------------------------------------------------------

    def render(self, rows: list[tuple]) -> list[bytes]:
        """The export record JSON (UTF-8) of each row (store COLUMNS order)."""
        try:
            values = list(map(from_json, map(itemgetter(_ANSWERS), rows)))
        except (TypeError, ValueError):
            values = []
        if len(values) < len(rows) or not all(isinstance(v, dict) for v in values):  # a row damaged by hand
            raise DamagedRow(next(row[0] for row in rows if not _an_object(row[_ANSWERS])))
        keys = self._keys(values)
        approach = _joined([part.down(keys) for part in self.aspects], len(rows))
        listed = {kind: _joined([self.fired[i].down(keys) for i in rules], len(rows))
                  for kind, rules in self.kinds.items()}
        sections = self._sections(keys, values)
        discover = _joined([listed["ask"], *(list(map(self.discover_lines[i].__getitem__, keys[i])) for i in range(len(self.questions)))], len(rows))
        known = self._knownness(keys)
        stored = [*(_encode(map(itemgetter(c), rows)) for c in _ENVELOPE_COLUMNS), _encode(values)]
        pieces = [column for before, values_json in zip(_ENVELOPE_PIECES, stored) for column in (repeat(before), values_json)]
        pieces += [repeat(_ENVELOPE_PIECES[len(stored)] + self.head), approach, repeat(b'],"concerns":['), listed["concern"],
                   repeat(b'],"do":['), listed["do"], repeat(b'],"dont":['), listed["dont"], repeat(b'],"sections":['), sections,
                   repeat(b'],"tensions":['), listed["tension"], repeat(b'],"discover":['), discover,
                   repeat(b'],"knownness":'), known, repeat(b"}" + _ENVELOPE_PIECES[-1])]
        return list(map(b"".join, zip(*pieces)))  # each record copied once, from all its pieces

    def _keys(self, values: list[dict]) -> list[list[Any]]:
        """Per question, its answer's key down the batch; _UNASKED where its `when` does not hold
        (judged on the answers as stored, as `applicable` does)."""
        stored: list[list[Any]] = []
        for q in self.questions:
            raw = list(map(dict.get, values, repeat(q.id)))
            if kinds.of(q).verbatim:
                raw = list(map(self.text_keys[q.id].get, raw, repeat(_KNOWN)))
            elif kinds.of(q).many:
                raw = [v if v is None else tuple(v) for v in raw]
            stored.append(raw)
        keys = []
        for q, raw in zip(self.questions, stored):
            if q.when:
                asked = map(self.asked[q.id].__getitem__, zip(*(stored[self.position[d]] for d in q.when)))
                raw = [k if a else _UNASKED for k, a in zip(raw, asked)]
            keys.append(raw)
        return keys

    def _sections(self, keys: list[list[Any]], values: list[dict]) -> list[bytes]:
        """Per record, its topics' sections: each the lines its answers write, then its notes."""
        said = [self._said(i, keys, values) for i in range(len(self.questions))]
        sections = []
        for start, questions, notes in self.topics:
            lines = _joined([*(said[i] for i in questions), *(self.fired[r].down(keys) for r in notes)], len(values))
            sections.append([b"%s%s]}" % (start, line) if line else b"" for line in lines])
        return _joined(sections, len(values))

    def _said(self, i: int, keys: list[list[Any]], values: list[dict]) -> list[bytes]:
        """The lines question i's answer writes, down the batch; a known free text is put in its
        placeholder's place (elsewhere there is none)."""
        said = list(map(self.answer_lines[i].__getitem__, keys[i]))
        q = self.questions[i]
        if kinds.of(q).verbatim:
            text = _encode(map(dict.get, values, repeat(q.id)))
            said = list(map(bytes.replace, said, repeat(self.placeholders[i]), map(getitem, text, repeat(_INSIDE_QUOTES))))  # type: ignore[arg-type]  # getitem's overloads lose that a slice of bytes is bytes
        return said

    def _knownness(self, keys: list[list[Any]]) -> list[bytes]:
        counted = [keys[i] for i, q in enumerate(self.questions) if q.counts]
        if not counted:
            return [self.knownness[(0, 0)]] * len(keys[0])
        known = map(sum, zip(*(map(_KNOWN_KEY.__getitem__, column) for column in counted)))
        total = map(sum, zip(*(map(is_not, column, repeat(_UNASKED)) for column in counted)))
        return list(map(self.knownness.__getitem__, zip(known, total)))


_KNOWN_KEY = Memo(lambda key: int(key is not None and key is not _UNASKED and key != ()))
"""key -> 1 when the answer is known (and asked), else 0."""


def _an_object(text: Any) -> bool:
    try:
        return isinstance(from_json(text), dict)
    except (TypeError, ValueError):
        return False


def _joined(columns: list[list[bytes]], n: int) -> list[bytes]:
    """Per record (of `n`), its non-empty fragments (one column each) joined with commas; no
    columns (a set without aspects, a topic without questions) join to nothing for each."""
    if not columns:
        return [b""] * n
    return list(map(b",".join, map(filter, repeat(None), zip(*columns))))
