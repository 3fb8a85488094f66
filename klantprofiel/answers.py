"""An interview's answers: checked against a question set the same way, however they arrive.

The interview, `--answers FILE` and batch import all end here, so a value that is wrong in one
is wrong in all, with the same message. Unknown is explicit: every question of the set gets a
key, and `None` means "don't know yet" (or "not asked", when its `when` does not hold).
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, BinaryIO

from klantprofiel import in_use, kinds
from klantprofiel.errors import AnswerProblem, UsageError, UserError, os_reason
from klantprofiel.i18n import Lines, Msg
from klantprofiel.kinds.base import Heard
from klantprofiel.kinds.text import NUL, clean_text, kept_text
from klantprofiel.names import control_char, normalise
from klantprofiel.parser_words import parser_detail
from klantprofiel.pronouns import SAID_AS
from klantprofiel.questionset import available
from klantprofiel.questionset.conditions import Value, all_match
from klantprofiel.questionset.model import META_FIELDS, Question, QuestionSet
from klantprofiel.validation import did_you_mean, short

MAX_ANSWERS_FILE = 1_000_000
"""An answers file is a few kB; reading stops here (`--answers /dev/zero` must not fill the memory)."""


@dataclass
class Answers:
    values: dict[str, Value]
    meta: dict[str, str | None] = field(default_factory=dict)
    labels: list[tuple[str, str, str]] = field(default_factory=list)
    """(question id, text given, choice id) for each answer that named a choice by a label, not its id."""
    given: frozenset[str] = frozenset()
    """The question ids and who/when fields an answers file named (`--from-last` keeps the others)."""

    @property
    def customer(self) -> str | None:
        return self.meta.get("customer")


def applicable(qs: QuestionSet, values: dict[str, Value]) -> list[Question]:
    """The questions that are asked, given the answers so far (their `when` holds)."""
    return [q for q in qs.questions if all_match(q.when, values)]


def is_known(value: Value) -> bool:
    return value is not None and value != []


MEMO_SIZE = 20_000
"""Raw answers a question remembers the reading of; past that, one is read again each time, so memory stays flat."""


def same(old: Value, new: Value) -> bool:
    """Two answers that say the same: equal, or both "don't know yet" (None, or nothing ticked)."""
    return (not is_known(old) and not is_known(new)) or old == new


_Read = dict[Hashable, tuple[Value, tuple[tuple[str, str, str], ...]]]
"""What a question remembers: raw answer (`check_answers` makes the key) -> the stored answer and the labels heard."""


class _Checker:
    """Per-set lookup tables, built once, so checking a record is a few dict lookups.

    A batch import reads the same few raw answers ("listen", 3, ["experts"]) a hundred thousand
    times: each question remembers what its kind read for each (the stored answer and the labels
    heard), so the kind reads each distinct one once. Free text, which is seldom the same twice
    (`Kind.verbatim`), is read every time, as is a raw answer the kind refuses."""

    def __init__(self, qs: QuestionSet) -> None:
        self.qs = qs
        self.by_id = {q.id: q for q in qs.questions}
        self.conditional = [q for q in qs.questions if q.when]
        self.questions: list[tuple[Question, str, Callable[[Question, Any, Heard], Value], _Read | None]] = [
            (q, q.id, kinds.of(q).answer, None if kinds.of(q).verbatim else {}) for q in qs.questions]
        """Each question with its id, its kind's `answer` and what it remembers (None for free text), looked up once."""
        self.ids = frozenset(self.by_id)


_CHECKERS: dict[int, _Checker] = {}


def checker(qs: QuestionSet) -> _Checker:
    """The lookup tables of a set, built on first use (each checker keeps its set alive, so ids stay unique)."""
    found = _CHECKERS.get(id(qs))
    if found is None or found.qs is not qs:
        found = _CHECKERS[id(qs)] = _Checker(qs)
    return found


def check_meta(name: str, raw: Any) -> str | None:
    """One who/when field; raises AnswerProblem. (Stripped once: batch import checks six of them per record.)"""
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        if name == "customer" and NUL in text:  # refused as every control character in a name is, in the name's words (`names`)
            raise AnswerProblem(name, control_char(NUL), raw)
        text = kept_text(name, text)
    elif raw is None:
        return None
    elif name == "meeting_date" and type(raw) is dt.date:  # TOML has dates: meeting_date = 2025-03-04
        return raw.isoformat()
    else:
        text = clean_text(name, raw)
    if name == "pronoun":
        said = SAID_AS.get(text.casefold())  # stripped above
        if said is None:
            raise AnswerProblem(name, Msg("must_be_pronoun"), raw)
        return said
    if name == "meeting_date":
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise AnswerProblem(name, Msg("must_be_iso_date"), raw) from None
    return text


_NOT_KEPT = object()
"""The memo key of a raw answer that is read every time: free text, or a value of no type remembered."""


def check_answers(qs: QuestionSet, raw: dict[str, Any], meta: dict[str, Any] | None = None) -> tuple[Answers, list[AnswerProblem]]:
    """Validate raw answers (question id -> value) and who/when fields; collect every problem."""
    c = checker(qs)
    problems: list[AnswerProblem] = []
    values: dict[str, Value] = {}
    labels: list[tuple[str, str, str]] = []
    for key in () if c.ids.issuperset(raw) else raw:
        if key not in c.by_id:
            problems.append(AnswerProblem(short(key), Msg("answers_no_question", question=short(key), set=qs.id,
                                                          close=did_you_mean(key, [*c.by_id, *META_FIELDS]))))

    def heard(given: str, read_as: str) -> None:
        """A choice named by its label, in an answer to the question being read: the loop's `qid`
        as it is when a kind calls this (one function for every answer, not one made for each)."""
        labels.append((qid, given, read_as))

    for q, qid, answer, read in c.questions:
        given = raw.get(qid)
        kind = type(given)
        if read is None:  # free text
            memo_key: Hashable = _NOT_KEPT
        elif kind is str or kind is int or given is None:  # as itself: never a bool or a float, which 1 would be equal to
            memo_key = given
        else:  # a list of texts as a tuple of them
            memo_key = tuple(given) if kind is list and all(type(item) is str for item in given) else _NOT_KEPT
        found = read.get(memo_key) if read is not None else None
        if found is None:
            first = len(labels)
            try:
                value = answer(q, given, heard)
            except AnswerProblem as p:
                problems.append(p)
                values[qid] = None
                del labels[first:]  # a refused answer names no choice
                continue
            if read is not None and memo_key is not _NOT_KEPT and len(read) < MEMO_SIZE:
                read[memo_key] = (value, tuple(labels[first:]))
                value = list(value) if isinstance(value, list) else value  # the interview's own list, not the one remembered
            values[qid] = value
            continue
        value, heard_then = found  # read before: the answer and the labels heard then
        values[qid] = list(value) if isinstance(value, list) else value  # each interview its own list
        if heard_then:
            labels.extend(heard_then)
    for q in c.conditional:
        if values[q.id] is not None and not all_match(q.when, values):
            cond = ", ".join(f"{k} = {v}" for k, v in q.when.items())
            problems.append(AnswerProblem(q.id, Msg("answers_only_when", condition=cond), raw.get(q.id)))
    checked_meta: dict[str, str | None] = {}
    for key, value in (meta or {}).items():
        if key not in META_FIELDS:
            problems.append(AnswerProblem(short(key), Msg("answers_no_field", field=short(key), close=did_you_mean(key, META_FIELDS))))
            continue
        try:
            checked_meta[key] = check_meta(key, value)
        except AnswerProblem as p:
            problems.append(p)
    return Answers(values, checked_meta, labels), problems


def unknown_question(p: AnswerProblem) -> tuple[str, str] | None:
    """(set id, field) of a problem that is an answer no question of its set has (`check_answers`), else None."""
    message = p.message
    if isinstance(message, Msg) and message.key == "answers_no_question":
        return str(message.fields["set"]), str(message.fields["question"])
    return None


def wrong_set_hint(unknown: Iterable[tuple[str, str]]) -> Msg | None:
    """'these fields are questions of set X: give --set X', when most fields no question of the set
    given has (`unknown_question`) are questions of one other shipped set: `--answers keuze.json`
    or an import of keuze's records without `--set keuze` would otherwise list a dozen
    "no question" lines and leave the cause to be guessed. Said once, however many lines."""
    by_set: dict[str, set[str]] = {}
    for set_id, name in unknown:
        by_set.setdefault(set_id, set()).add(name)
    for set_id, names in by_set.items():
        other = _set_of(set_id, frozenset(names))
        if other is not None:
            return Msg("answers_other_set", set=other)
    return None


@lru_cache(maxsize=64)
def _set_of(given: str, names: frozenset[str]) -> str | None:
    """The shipped set other than `given` that has more than half of `names` as questions (the most of them), or None."""
    from klantprofiel.questionset.load import builtin_shape  # pydantic: only once a file had unknown fields
    best, most = None, 0
    for set_id in available():
        shape = builtin_shape(set_id) if set_id != given else None
        found = len(names & {q.id for q in shape.questions}) if shape is not None else 0
        if found > most:
            best, most = set_id, found
    return best if 2 * most > len(names) else None


def customer_name(raw: str | None) -> str:
    """The customer's name as it is stored and looked up (`names.normalise`), checked like any text."""
    try:
        name = normalise(check_meta("customer", raw) or "")
    except AnswerProblem as p:
        raise UserError("customer_name_problem", problem=p.message) from None
    if not name:
        raise UsageError("no_customer_name")
    return name


def _read_stdin(stdin: BinaryIO | None) -> bytes:
    """`--answers -`: standard input (noted, so no output of the run can go into it), or nothing without one."""
    if stdin is None:
        return b""
    in_use.note_stdin(stdin, Msg("in_use_answers"))
    return stdin.read(MAX_ANSWERS_FILE + 1)


def read_answers_file(path: str, qs: QuestionSet, stdin: BinaryIO | None = None) -> Answers:
    """`--answers FILE`: a JSON object (or TOML, by extension) of question ids and who/when fields."""
    source = "<stdin>" if path == "-" else path
    kind = "TOML" if path.lower().endswith(".toml") else "JSON"
    try:
        if path == "-":
            data = _read_stdin(stdin)
        else:
            in_use.note(path, Msg("in_use_answers"))
            with open(path, "rb") as f:
                data = f.read(MAX_ANSWERS_FILE + 1)
        if len(data) > MAX_ANSWERS_FILE:
            raise UserError("answers_too_large", source=source, mb=MAX_ANSWERS_FILE // 1_000_000)
        text = data.decode("utf-8-sig")
        raw = tomllib.loads(text) if kind == "TOML" else json.loads(text)
    except FileNotFoundError:
        raise UserError("answers_no_file", source=source) from None
    except OSError as e:
        raise UserError("answers_unreadable", source=source, detail=os_reason(e)) from None
    except UnicodeDecodeError as e:
        raise UserError("answers_not_utf8", source=source, byte=e.start) from None
    except json.JSONDecodeError as e:
        raise UserError("answers_bad_json", source=source, line=e.lineno, column=e.colno, detail=parser_detail(e.msg)) from None
    except tomllib.TOMLDecodeError as e:
        raise UserError("answers_bad_toml", source=source, detail=parser_detail(e)) from None
    except RecursionError:
        raise UserError("answers_too_deep", source=source) from None
    except ValueError:  # int() refuses a number of thousands of digits
        raise UserError("answers_number_too_long", source=source, kind=kind) from None
    if not isinstance(raw, dict):
        raise UserError("answers_not_an_object", source=source)
    meta = {k: raw[k] for k in raw if k in META_FIELDS}
    answers, problems = check_answers(qs, {k: v for k, v in raw.items() if k not in META_FIELDS}, meta)
    if problems:
        lines = Lines([Msg("answers_problem_line", field=p.field, message=p.message) for p in problems])
        hint = wrong_set_hint(found for found in map(unknown_question, problems) if found is not None) or "fix_file_hint"
        raise UserError("answers_problems", hint=hint, source=source, n=len(problems), lines=lines)
    answers.given = frozenset(raw)
    return answers
