"""Checking one import record thoroughly: pydantic for its shape, `check_answers` for the answers.

This is the path that explains: it collects every problem of a record (not only the first),
each with its field, the value given, what is allowed and a "did you mean". The fast path
(`fast_import.py`) hands every record it is not sure of to this one, so a record is accepted
or rejected by the same rules either way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from klantprofiel.answers import AnswerProblem, Answers, check_answers, check_meta
from klantprofiel.io.import_record import ImportCustomer, ImportInterview, ImportRecord, ImportSetRef
from klantprofiel.questionset.load import available, load
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.names import InvalidName, normalise
from klantprofiel.store.interviews import interview_row
from klantprofiel.validation import did_you_mean, dotted

IMPORT_SOURCE = "import"
"""The `source` of every interview a batch import stores."""

_MODELS: dict[str, type[BaseModel]] = {"": ImportRecord, "customer": ImportCustomer, "interview": ImportInterview, "question_set": ImportSetRef}
_TYPE_WORDS = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
}
_SHAPES = {
    "customer": 'must be an object, e.g. {"name": "…", "organisation": "…"}',
    "answers": 'must be an object of question ids and answers, e.g. {"learning_mode": "listen"}',
    "interview": 'must be an object, e.g. {"salesperson": "…", "meeting_date": "YYYY-MM-DD"}',
    "question_set": 'must be a question-set id such as "kennismaking", or {"id": "kennismaking", "version": "1.0"}',
}
_INTERVIEW_META = ("salesperson", "meeting_date", "context", "notes")


@dataclass(frozen=True)
class Checked:
    """A record's verdict: the row to store, or every problem found."""

    row: tuple | None
    problems: list[AnswerProblem]
    qs: QuestionSet | None = None


class SetChoice:
    """The question sets records may name: the import's own (--set) and the built-in ones."""

    def __init__(self, default: QuestionSet) -> None:
        self.default = default
        self._loaded = {default.id: default}

    def find(self, ref: ImportSetRef | None) -> QuestionSet:
        """The set a record names; raises AnswerProblem for an unknown id or another version."""
        if ref is None:
            return self.default
        qs = self._loaded.get(ref.id)
        if qs is None:
            ids = sorted({*available(), self.default.id})
            if ref.id not in available():
                raise AnswerProblem("question_set", f"no question set '{ref.id}'{did_you_mean(ref.id, ids)}; sets: {', '.join(ids)}", ref.id)
            qs = self._loaded[ref.id] = load(ref.id)
        if ref.version is not None and ref.version != qs.version:
            raise AnswerProblem("question_set.version", f"this klantprofiel has '{qs.id}' version {qs.version}; "
                                f"leave the version out to import against {qs.version}", ref.version)
        return qs


def check_created_at(raw: str | None) -> str | None:
    """An interview's original time (kept on re-import), checked as ISO 8601; raises AnswerProblem."""
    if raw is None or not raw.strip():
        return None
    try:
        dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise AnswerProblem("interview.created_at", "must be a date and time in ISO 8601, e.g. 2024-05-01T09:30:00+00:00", raw) from None
    return raw.strip()


def check_customer(raw: str) -> str:
    """The customer's name as stored (`names.normalise`); raises AnswerProblem."""
    try:
        name = normalise(check_meta("customer", raw) or "")
    except AnswerProblem as p:
        raise AnswerProblem("customer.name", p.message, p.value) from None
    except InvalidName as e:
        raise AnswerProblem("customer.name", e.reason, raw) from None
    if not name:
        raise AnswerProblem("customer.name", "is empty; every record needs the customer's name", raw)
    return name


def _shape_problems(exc: ValidationError) -> list[AnswerProblem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"]]
        field = dotted(loc) or "(record)"
        if err["type"] == "extra_forbidden":
            allowed = [f.alias or n for n, f in _MODELS[".".join(loc[:-1])].model_fields.items()]
            message = f"unknown key '{loc[-1]}'{did_you_mean(loc[-1], allowed)}; allowed: {', '.join(allowed)}"
        elif err["type"] == "missing":
            problems.append(AnswerProblem(field, "is missing; every record needs it"))
            continue
        else:
            message = _SHAPES.get(field) or _TYPE_WORDS.get(err["type"], err["msg"])
        problems.append(AnswerProblem(field, message, err.get("input")))
    return problems


def _answer_problems(qs: QuestionSet, raw: dict[str, Any]) -> tuple[Answers, list[AnswerProblem]]:
    answers, problems = check_answers(qs, raw)
    return answers, [AnswerProblem(f"answers.{p.field}", p.message, p.value) for p in problems]


def _meta(record: ImportRecord) -> tuple[dict[str, str | None], list[AnswerProblem]]:
    """The who/when fields, checked like an interview's, with the record's field names in problems."""
    interview = record.interview or ImportInterview()
    given = {"organisation": ("customer.organisation", record.customer.organisation),
             **{key: (f"interview.{key}", getattr(interview, key)) for key in _INTERVIEW_META}}
    meta: dict[str, str | None] = {}
    problems: list[AnswerProblem] = []
    try:
        meta["customer"] = check_customer(record.customer.name)
    except AnswerProblem as p:
        problems.append(p)
    for key, (field, raw) in given.items():
        try:
            meta[key] = check_meta(key, raw)
        except AnswerProblem as p:
            problems.append(AnswerProblem(field, p.message, p.value))
    return meta, problems


def check_record(data: Any, sets: SetChoice, now: str) -> Checked:
    """Validate one parsed record and build its row; collects every problem instead of stopping."""
    if not isinstance(data, dict):
        return Checked(None, [AnswerProblem("(record)", 'must be an object with "customer" and "answers", e.g. '
                                            '{"customer": {"name": "…"}, "answers": {"learning_mode": "listen"}}', data)])
    try:
        record = ImportRecord.model_validate(data)
    except ValidationError as e:
        problems = _shape_problems(e)
        if isinstance(data.get("answers"), dict) and "question_set" not in data:  # its answers' problems in the same round
            problems += _answer_problems(sets.default, data["answers"])[1]
        return Checked(None, problems)
    try:
        qs = sets.find(record.question_set)
    except AnswerProblem as p:
        return Checked(None, [p])
    answers, problems = _answer_problems(qs, record.answers)
    meta, meta_problems = _meta(record)
    problems += meta_problems
    created_at = now
    try:
        created_at = check_created_at(record.interview.created_at if record.interview else None) or now
    except AnswerProblem as p:
        problems.append(p)
    if problems:
        return Checked(None, problems, qs)
    answers.meta = meta
    return Checked(interview_row(qs, answers, IMPORT_SOURCE, created_at), [], qs)
