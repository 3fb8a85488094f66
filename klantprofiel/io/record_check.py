"""Checking one import record thoroughly: pydantic for its shape, `check_answers` for the answers.

The one check of a record: it collects every problem (not only the first), each with its field,
the value given, what is allowed and a "did you mean". Batch import runs it on every record, in
worker processes for a large file; what makes that fast is `answers.check_answers` reading each
distinct raw answer once per question.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from klantprofiel.answers import MEMO_SIZE, AnswerProblem, Answers, check_answers, check_meta
from klantprofiel.i18n import Msg
from klantprofiel.identity import EXAMPLE_ID, customer_id
from klantprofiel.io.import_record import ImportCustomer, ImportInterview, ImportRecord, ImportSetRef
from klantprofiel.names import InvalidName, normalise
from klantprofiel.questionset.load import available, load
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.store.protocol import Store, row_maker
from klantprofiel.validation import did_you_mean, dotted
from klantprofiel.who_when import CUSTOMER_FIELDS, MEETING_FIELDS

IMPORT_SOURCE = "import"
"""The `source` of every interview a batch import stores."""

_MODELS: dict[str, type[BaseModel]] = {"": ImportRecord, "customer": ImportCustomer, "interview": ImportInterview, "question_set": ImportSetRef}
_TYPE_WORDS = {
    "string_type": Msg("must_be_text"),
    "int_type": Msg("must_be_whole_number"),
    "list_type": Msg("must_be_list"),
    "dict_type": Msg("must_be_object"),
    "model_type": Msg("must_be_object"),
}
_SHAPES = {
    "customer": Msg("shape_customer"),
    "answers": Msg("shape_answers"),
    "interview": Msg("shape_interview"),
    "question_set": Msg("shape_question_set"),
}


class Checked(NamedTuple):
    """A record's verdict: the row to store, or every problem found. (A named tuple, not a frozen
    dataclass: batch import makes one per record, and a tuple is built in one step where a frozen
    dataclass sets each field through `object.__setattr__`.)"""

    row: tuple | None
    """`checked_row`'s columns, then the record's customer id, external id and uid (or None each)."""
    problems: list[AnswerProblem]
    qs: QuestionSet | None = None
    labels: tuple[tuple[str, str, str], ...] = ()
    """The choices its answers named by a label (`Answers.labels`), for the import's report."""


class SetChoice:
    """The question sets records may name: the import's own (--set), the built-in ones, and the
    copies the store keeps of the versions its interviews were answered against.

    What export writes imports again after a set moved to a newer version: a record of an older
    version is checked against the store's copy of that version and stored as answered to it; where
    the store keeps no such copy, against the current version. Either way `on_note` says so, once
    per set and version; a record whose answers do not fit gets the usual problems."""

    def __init__(self, default: QuestionSet, store: Store | None = None, on_note: Callable[[Msg], None] = lambda text: None) -> None:
        self.default = default
        self.store = store
        self.on_note = on_note
        self._loaded = {default.id: default}
        self._versions: dict[tuple[str, str], QuestionSet] = {}
        self._rows: dict[int, tuple[QuestionSet, Callable[[Answers, str], tuple]]] = {}

    def row_of(self, qs: QuestionSet) -> Callable[[Answers, str], tuple]:
        """`checked_row` of an imported interview of this set (`protocol.row_maker`), made once per set."""
        found = self._rows.get(id(qs))
        if found is None or found[0] is not qs:
            found = self._rows[id(qs)] = (qs, row_maker(qs, IMPORT_SOURCE))
        return found[1]

    def find(self, ref: ImportSetRef | None) -> QuestionSet:
        """The set a record names; raises AnswerProblem for a set that is neither known nor kept."""
        if ref is None:
            return self.default
        current = self._current(ref.id)
        if ref.version is None or (current is not None and ref.version == current.version):
            if current is None:
                ids = sorted({*available(), self.default.id})
                raise AnswerProblem("question_set", Msg("record_no_set", set=ref.id, close=did_you_mean(ref.id, ids), sets=", ".join(ids)), ref.id)
            return current
        key = (ref.id, ref.version)
        if key not in self._versions:
            self._versions[key] = self._other_version(ref.id, ref.version, current)
        return self._versions[key]

    def _current(self, set_id: str) -> QuestionSet | None:
        if set_id not in self._loaded and set_id in available():
            self._loaded[set_id] = load(set_id)
        return self._loaded.get(set_id)

    def _other_version(self, set_id: str, version: str, current: QuestionSet | None) -> QuestionSet:
        kept = self.store.kept_set(set_id, version) if self.store is not None else None
        if kept is not None:
            now = Msg("record_set_current", version=current.version) if current is not None else ""
            self.on_note(Msg("record_set_copy", set=set_id, version=version, now=now))
            return kept
        if current is None:
            raise AnswerProblem("question_set.version", Msg("record_no_set_version", set=set_id, version=version), version)
        self.on_note(Msg("record_set_no_copy", set=set_id, version=version, current=current.version))
        return current


class OwnSet(SetChoice):
    """Only the import's own set, in its own version: what a worker process checks against. It
    has no store to read copies from, so a record naming another set or version is refused here
    and goes to the main process, whose `SetChoice` knows them."""

    def __init__(self, default: QuestionSet) -> None:
        super().__init__(default)

    def find(self, ref: ImportSetRef | None) -> QuestionSet:
        if ref is None or (ref.id == self.default.id and ref.version in (None, self.default.version)):
            return self.default
        raise AnswerProblem("question_set", "another set or version: checked by the main process", ref.id)


def check_created_at(raw: str | None) -> str | None:
    """An interview's original time (kept on re-import), checked as ISO 8601; raises AnswerProblem."""
    if raw is None or not raw.strip():
        return None
    try:
        dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise AnswerProblem("interview.created_at", Msg("record_created_at"), raw) from None
    return raw.strip()


_UID = re.compile(r"[0-9A-Za-z._:-]{1,64}")


def check_customer_id(raw: str | None) -> str | None:
    """`customer.id`: a customer id as export writes it, or none; raises AnswerProblem."""
    if raw is None or not raw.strip():
        return None
    found = customer_id(raw)
    if found is None:
        raise AnswerProblem("customer.id", Msg("record_customer_id", example=EXAMPLE_ID), raw)
    return found


def check_external_id(raw: str | None) -> str | None:
    """`customer.external_id`: his id in the user's CRM, text of at most 200 characters."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if len(text) > 200 or not text.isprintable():
        raise AnswerProblem("customer.external_id", Msg("record_external_id"), raw)
    return text


def check_uid(raw: str | None) -> str | None:
    """`interview.uid`: the interview's own id, as export writes it."""
    if raw is None or not raw.strip():
        return None
    if not _UID.fullmatch(raw.strip()):
        raise AnswerProblem("interview.uid", Msg("record_uid"), raw)
    return raw.strip()


def _identity(record: ImportRecord) -> tuple[tuple[str | None, str | None, str | None], list[AnswerProblem]]:
    """(customer id, external id, uid) of a record, each checked."""
    checks = ((check_customer_id, record.customer.id), (check_external_id, record.customer.external_id),
              (check_uid, record.interview.uid if record.interview else None))
    found: list[str | None] = []
    problems = []
    for check, raw in checks:
        try:
            found.append(check(raw))
        except AnswerProblem as p:
            problems.append(p)
            found.append(None)
    return (found[0], found[1], found[2]), problems


def check_customer(raw: str) -> str:
    """The customer's name as stored (`names.normalise`); raises AnswerProblem."""
    try:
        name = normalise(check_meta("customer", raw) or "")
    except AnswerProblem as p:
        raise AnswerProblem("customer.name", p.message, p.value) from None
    except InvalidName as e:
        raise AnswerProblem("customer.name", e.reason, raw) from None
    if not name:
        raise AnswerProblem("customer.name", Msg("record_name_empty"), raw)
    return name


def _shape_problems(exc: ValidationError) -> list[AnswerProblem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"]]
        field = dotted(loc) or "(record)"
        if err["type"] == "extra_forbidden":
            allowed = [f.alias or n for n, f in _MODELS[".".join(loc[:-1])].model_fields.items()]
            message: Msg | str = Msg("record_unknown_key", key=loc[-1], close=did_you_mean(loc[-1], allowed), allowed=", ".join(allowed))
        elif err["type"] == "missing":
            problems.append(AnswerProblem(field, Msg("record_missing")))
            continue
        else:
            message = _SHAPES[field] if field in _SHAPES else _TYPE_WORDS.get(err["type"], err["msg"])
        problems.append(AnswerProblem(field, message, err.get("input")))
    return problems


def _answer_problems(qs: QuestionSet, raw: dict[str, Any]) -> tuple[Answers, list[AnswerProblem]]:
    answers, problems = check_answers(qs, raw)
    return answers, [AnswerProblem(f"answers.{p.field}", p.message, p.value) for p in problems]


_FEW_VALUES = frozenset({"pronoun", "salesperson", "meeting_date"})
"""The who/when fields a file gives one of the same few values on every record."""
_remembered_meta = lru_cache(maxsize=MEMO_SIZE)(check_meta)
"""`check_meta` remembered by field and value as given (spaces and all), for `_FEW_VALUES`; a value
it refuses raises and is not remembered. (A record's fields are text or None: each can be a key.)"""
_WHO_WHEN = [(key, f"{name}.{key}", part, _remembered_meta if key in _FEW_VALUES else check_meta)
             for part, (name, keys) in enumerate((("customer", CUSTOMER_FIELDS[1:]), ("interview", MEETING_FIELDS))) for key in keys]
"""Each who/when field of a record: its name, its field in the record, the part that holds it
(0 the customer, 1 the interview) and its check."""
_NO_INTERVIEW = ImportInterview()


def _meta(record: ImportRecord) -> tuple[dict[str, str | None], list[AnswerProblem]]:
    """The who/when fields, checked like an interview's, with the record's field names in problems."""
    parts = (record.customer, record.interview or _NO_INTERVIEW)
    meta: dict[str, str | None] = {}
    problems: list[AnswerProblem] = []
    try:
        meta["customer"] = check_customer(record.customer.name)
    except AnswerProblem as p:
        problems.append(p)
    for key, field, part, check in _WHO_WHEN:
        try:
            meta[key] = check(key, getattr(parts[part], key))
        except AnswerProblem as p:
            problems.append(AnswerProblem(field, p.message, p.value))
    return meta, problems


def check_record(data: Any, sets: SetChoice, now: str) -> Checked:
    """Validate one parsed record and build its row; collects every problem instead of stopping."""
    if not isinstance(data, dict):
        return Checked(None, [AnswerProblem("(record)", Msg("shape_record"), data)])
    try:
        record = ImportRecord.model_validate(data)
    except ValidationError as e:
        problems = _shape_problems(e)
        if isinstance(data.get("answers"), dict) and "question_set" not in data:  # its answers' problems in the same round
            problems += _answer_problems(sets.default, data["answers"])[1]
        return Checked(None, problems)
    return check_valid_record(record, sets, now)


def check_valid_record(record: ImportRecord, sets: SetChoice, now: str) -> Checked:
    """`check_record` for a record of the right shape (batch import's workers validate the JSON
    text itself into one, in one step)."""
    try:
        qs = sets.find(record.question_set)
    except AnswerProblem as p:
        return Checked(None, [p])
    answers, problems = _answer_problems(qs, record.answers)
    meta, meta_problems = _meta(record)
    who, who_problems = _identity(record)
    problems += meta_problems + who_problems
    created_at = now
    try:
        created_at = check_created_at(record.interview.created_at if record.interview else None) or now
    except AnswerProblem as p:
        problems.append(p)
    if problems:
        return Checked(None, problems, qs)
    answers.meta = meta
    return Checked((*sets.row_of(qs)(answers, created_at), *who), [], qs, tuple(answers.labels))
