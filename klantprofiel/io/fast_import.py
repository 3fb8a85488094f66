"""The fast path of batch import: clean records checked a batch at a time, mostly outside Python.

100,000 records must import in at most twice the time it takes to parse them and write them
to SQLite, so running the thorough checks (pydantic models, then `check_answers`) on every
record is far too slow, and so is any per-record Python that can be avoided. Here:

- pydantic-core parses each record and checks its shape and every choice id in Rust, against
  a strict TypedDict built once per question set;
- everything else (unknown -> null, multi answers in set order, text as stored, what is known,
  who/when fields) runs column by column over the batch, as C-level maps over lookup tables.

A record the schema refuses, or with any value that would need explaining or changing beyond
that (padding, "unknown" as text, an empty string, a date to rewrite), gets None: it goes the
thorough way (`record_check.check_record`), which accepts or rejects it with every reason.
Both build the same row; `tests/test_fast_import.py` holds them to that.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import repeat
from operator import add, is_, itemgetter, methodcaller, mul, sub
from typing import Annotated, Any, Literal, Optional

from pydantic import ConfigDict, Field, TypeAdapter, with_config
from pydantic_core import from_json
from typing_extensions import NotRequired, TypedDict  # pydantic needs these on Python < 3.12

from klantprofiel.answers import AnswerProblem, check_meta
from klantprofiel.io.memo import Memo
from klantprofiel.io.record_check import (
    IMPORT_SOURCE,
    check_created_at,
    check_customer,
    check_customer_id,
    check_external_id,
    check_uid,
)
from klantprofiel.kinds.text import MAX_TEXT
from klantprofiel.names import InvalidName, customer_key, normalise
from klantprofiel.questionset.conditions import all_match
from klantprofiel.questionset.model import UNKNOWN, Question, QuestionSet
from klantprofiel.store.interviews import answers_template, encode_value

_STRICT = ConfigDict(extra="forbid", strict=True)
_NO = object()
"""Not decided here: the thorough path takes the record."""
_UNKNOWNS = {UNKNOWN: None, "": None, None: None}
_NULL = "null"
_count_null = methodcaller("count", _NULL)


class _Table(dict):
    """Accepted raw value -> stored value; a value that is not in it looks up as _NO."""

    def __missing__(self, key: Any) -> Any:
        return _NO


class FastRows:
    """Rows for the clean records of one question set; None for each record it is unsure of.

    Answers are handled as their stored JSON from the start ("fragments": '"listen"', 'null',
    '3'), looked up in tables built once; a record's answers JSON is then one string template
    filled in, and "known" is a count of 'null's.
    """

    def __init__(self, qs: QuestionSet, now: str) -> None:
        self.qs = qs
        self.now = now
        validator = TypeAdapter(_record_type(qs)).validator  # pydantic-core's own: no Python layer per call
        self.validate_json, self.validate_python = validator.validate_json, validator.validate_python
        self.questions = qs.questions
        self.tables = {q.id: _table(q) for q in qs.questions if q.kind in ("choice", "scale")}
        self.multi = {q.id: Memo(lambda raw, order=[c.id for c in q.choices]: _fragment(_in_order(raw, order)))
                      for q in qs.questions if q.kind == "multi"}
        self.template = answers_template([q.id for q in qs.questions])
        self.counted = [q.id for q in qs.questions if q.counts and not q.when]
        self.whens = [(when, given, counted, Memo(_holds(when))) for when, given, counted in _by_when(qs)]
        """Per condition: the questions it asks, those of them that count, whether it holds (per answers)."""
        self.dates = Memo(lambda raw: _or_no(lambda v: check_meta("meeting_date", v), raw))

    def rows(self, items: list[Any], *, json_text: bool) -> list[tuple | None]:
        """A row for each item (a JSON text, or a parsed record) in order; None where unsure."""
        parsed = list(map(self._parse_json if json_text else self._parse, items))
        records = [r for r in parsed if r is not None]
        if not records:
            return [None] * len(items)
        bad: set[int] = set()
        columns = self._answers(records, bad)
        known, total = self._knownness(columns, len(records), bad)
        names, keys, organisations, salespeople, dates, contexts, notes, created, ids, external_ids, uids = self._who(records, bad)
        answers = map(self.template.__mod__, zip(*(columns[q.id] for q in self.questions)))
        rows = list(zip(names, keys, organisations, salespeople, dates, contexts, notes, repeat(self.qs.id), repeat(self.qs.version),
                        answers, known, total, repeat(IMPORT_SOURCE), created, ids, external_ids, uids))
        done = iter([None if i in bad else row for i, row in enumerate(rows)] if bad else rows)
        return [None if r is None else next(done) for r in parsed]

    def _parse_json(self, text: Any) -> dict | None:
        try:
            return self.validate_json(text)
        except ValueError:  # not JSON, or a ValidationError: the thorough check explains
            return None

    def _parse(self, data: Any) -> dict | None:
        try:
            return self.validate_python(data)
        except ValueError:
            return None

    def _answers(self, records: list[dict], bad: set[int]) -> dict[str, list[str]]:
        """Each question's stored JSON down the batch; _NO where a value needs the thorough check."""
        answers = list(map(itemgetter("answers"), records))
        columns = {}
        for q in self.questions:
            raw = list(map(dict.get, answers, repeat(q.id)))
            if q.kind in ("choice", "scale"):
                column = list(map(self.tables[q.id].__getitem__, raw))  # the schema let only table values through
            elif q.kind == "multi":
                memo = self.multi[q.id]
                column = [_NULL if v is None else memo[tuple(v) if type(v) is list else v] for v in raw]
            elif _clean(raw):
                column = list(map(encode_value, raw))
            else:
                column = [_fragment(_free_text(v)) for v in raw]
            if _NO in column:
                bad.update(i for i, v in enumerate(column) if v is _NO)
            columns[q.id] = column
        return columns

    def _knownness(self, columns: dict[str, list[str]], n: int, bad: set[int]) -> tuple[list[int], list[int]]:
        """(known, total) per record, as `knownness` counts them; marks answers given though not asked."""
        unknown = list(map(_count_null, zip(*(columns[q] for q in self.counted)))) if self.counted else [0] * n
        known = list(map(sub, repeat(len(self.counted)), unknown))
        total = [len(self.counted)] * n
        for when, given, counted, holds in self.whens:
            asked = list(map(holds.__getitem__, zip(*(columns[d] for d in when))))
            given_unknown = list(map(_count_null, zip(*(columns[q] for q in given))))
            bad.update(i for i, (a, g) in enumerate(zip(asked, given_unknown)) if not a and g != len(given))
            if counted:
                counted_known = map(sub, repeat(len(counted)), map(_count_null, zip(*(columns[q] for q in counted))))
                known = list(map(add, known, map(mul, asked, counted_known)))
                total = list(map(add, total, map(mul, asked, repeat(len(counted)))))
        return known, total

    def _who(self, records: list[dict], bad: set[int]) -> list[list]:
        """Columns: name, its key, organisation, salesperson, meeting date, context, notes, created_at,
        customer id, external id, uid."""
        customers = list(map(itemgetter("customer"), records))
        interviews = [r.get("interview") or {} for r in records]
        names = list(map(itemgetter("name"), customers))
        names = list(map(_name, names)) if _clean(names) else [_or_no(check_customer, v) for v in names]
        texts = [_text_column("organisation", list(map(dict.get, customers, repeat("organisation"))))]
        texts += [_text_column(k, list(map(dict.get, interviews, repeat(k)))) for k in ("salesperson", "context", "notes")]
        dates = list(map(self.dates.__getitem__, map(dict.get, interviews, repeat("meeting_date"))))
        created = list(map(dict.get, interviews, repeat("created_at")))
        if created.count(None) == len(created):
            created = [self.now] * len(created)
        else:
            created = [self.now if v is None else _or_no(check_created_at, v) or self.now for v in created]
        keys = [None if v is _NO else customer_key(v) for v in names] if _NO in names else list(map(customer_key, names))
        who = [_checked(check, list(map(dict.get, part, repeat(key))))
               for check, part, key in ((check_customer_id, customers, "id"), (check_external_id, customers, "external_id"), (check_uid, interviews, "uid"))]
        columns = [names, keys, texts[0], texts[1], dates, texts[2], texts[3], created, *who]
        for column in columns:
            if _NO in column:
                bad.update(i for i, v in enumerate(column) if v is _NO)
        return columns


def _record_type(qs: QuestionSet) -> Any:
    """The strict shape of a clean import record of this set, for pydantic-core to check."""

    def shape(name: str, fields: dict[str, Any], total: bool = True) -> Any:
        return with_config(_STRICT)(TypedDict(name, fields, total=total))  # type: ignore[operator]

    text = Optional[str]
    customer = shape("Customer", {"name": str, "organisation": NotRequired[text], "id": NotRequired[text], "external_id": NotRequired[text]})
    interview = shape("Interview", {"salesperson": text, "meeting_date": text, "context": text, "notes": text,
                                    "created_at": text, "id": Optional[int], "source": text, "uid": text, "import_id": Optional[int]}, total=False)
    set_ref = shape("SetRef", {"id": Literal[qs.id], "version": NotRequired[Optional[Literal[qs.version]]]})
    answers = shape("Answers", {q.id: _answer_type(q) for q in qs.questions}, total=False)
    return shape("Record", {
        "customer": customer,
        "answers": answers,
        "interview": NotRequired[Optional[interview]],
        "question_set": NotRequired[Optional[Literal[qs.id] | set_ref]],
        "profile": NotRequired[Any],
    })


def _answer_type(q: Question) -> Any:
    ids = tuple(c.id for c in q.choices)
    if q.kind == "choice":
        return Optional[Literal[ids + (UNKNOWN, "")]]
    if q.kind == "scale":
        assert q.scale is not None
        numbers = tuple(str(i) for i in range(q.scale.min, q.scale.max + 1))
        return Optional[Annotated[int, Field(ge=q.scale.min, le=q.scale.max)] | Literal[numbers + (UNKNOWN, "")]]
    if q.kind == "multi":
        return Optional[list[Literal[ids]] | str]  # type: ignore[valid-type]  # a Literal built at run time
    if q.kind == "text":
        return Optional[str]
    return type(None)  # a kind this path has no table for: an answer to it goes the thorough way


def _table(q: Question) -> _Table:
    """Every raw value the schema lets through for a choice or scale question -> its stored JSON."""
    stored: dict[Any, Any]
    if q.kind == "choice":
        stored = {c.id: c.id for c in q.choices} | _UNKNOWNS
    else:
        assert q.scale is not None
        numbers = range(q.scale.min, q.scale.max + 1)
        stored = {i: i for i in numbers} | {str(i): i for i in numbers} | _UNKNOWNS
    return _Table({raw: encode_value(value) for raw, value in stored.items()})


def _fragment(value: Any) -> Any:
    return value if value is _NO else encode_value(value)


def _by_when(qs: QuestionSet) -> list[tuple[dict, list[str], list[str]]]:
    """The questions asked only under a condition, grouped by it: (condition, their ids, those that count)."""
    groups: dict[str, tuple[dict, list[Question]]] = {}
    for q in qs.questions:
        if q.when:
            groups.setdefault(repr(q.when), (q.when, []))[1].append(q)
    return [(when, [q.id for q in group], [q.id for q in group if q.counts]) for when, group in groups.values()]


def _holds(when: dict) -> Callable[[tuple], bool]:
    """Does `when` hold for these answers (as stored JSON, in the order `when` names them)?"""
    def holds(deps: tuple) -> bool:
        return _NO not in deps and all_match(when, dict(zip(when, map(from_json, deps))))
    return holds


def _in_order(raw: Any, order: list[str]) -> Any:
    """A multi answer as stored: its choice ids in set order. `raw` is a tuple of ids the schema
    checked, or a text of ids separated by ';' or ',' (CSV), which is checked here."""
    if type(raw) is str:
        if raw in _UNKNOWNS:
            return None
        raw = [item.strip() for item in raw.replace(";", ",").split(",") if item.strip()]
        if not set(raw) <= set(order):
            return _NO
    return [c for c in order if c in raw] or None


def _free_text(raw: Any) -> Any:
    if raw is None or raw == UNKNOWN:
        return None
    text = raw.strip()
    return _NO if len(text) > MAX_TEXT else (text or None)


def _clean(column: list) -> bool:
    """Is every text in the column stored exactly as given? (No padding, not empty, not
    "unknown", not too long.) Then the checks would keep each unchanged."""
    given = [t for t in column if t is not None]
    return not given or (all(given) and UNKNOWN not in given and max(map(len, given)) <= MAX_TEXT
                         and all(map(is_, map(str.strip, given), given)))


def _text_column(key: str, column: list) -> list:
    return column if _clean(column) else [_or_no(lambda v: check_meta(key, v), v) for v in column]


def _checked(check: Callable[[Any], Any], column: list) -> list:
    """A column of optional values `check` keeps or refuses (_NO); all None costs one count."""
    if column.count(None) == len(column):
        return column
    return [None if v is None else _or_no(check, v) for v in column]


def _name(clean: str) -> Any:
    """A name from a clean column as stored: `check_customer` without the checks `_clean` made."""
    try:
        return normalise(clean) or _NO  # only invisible characters: no name left, as check_customer finds
    except InvalidName:
        return _NO


def _or_no(f: Callable[[Any], Any], value: Any) -> Any:
    try:
        return f(value)
    except AnswerProblem:
        return _NO
