"""A column map: how the columns of a CRM's own export become klantprofiel's import records.

CRM import wizards (HubSpot, Salesforce, Pipedrive) let the user say which column is which
field; `import FILE --map MAP.toml` does the same. The map is checked against the question set
before a record is read (an unknown question, a value that maps to no choice), compiled once
against the file's header, and then turns every row into the record a JSON line would be. A
column the map does not name is never read into a record, so it cannot reach the store, a
draft or a report: what a CRM knows about a customer beyond the map stays in the CRM.

    [customer]
    name = ["First Name", "Last Name"]   # several columns are joined with a space
    organisation = "Company Name"
    external_id = "Record ID"

    [interview]
    salesperson = "Contact owner"
    meeting_date = { column = "Last Activity Date", format = "%d-%m-%Y" }

    [answers]
    learning_mode = "Leerstijl"
    other_advisors = { column = "Andere adviseurs", values = { "J" = "yes", "N" = "no" } }
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, ValidationError, create_model

from klantprofiel import in_use, kinds
from klantprofiel.errors import UserError
from klantprofiel.i18n import Msg
from klantprofiel.io.readers import CsvRows, Source, Unparsable
from klantprofiel.parser_words import parser_detail
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.shapes import Closed
from klantprofiel.validation import describe, did_you_mean, errors_of, known_keys, short
from klantprofiel.who_when import CUSTOMER_FIELDS, DATE_FIELD, MEETING_FIELDS

Columns = Annotated[str | list[str], Field(description="A column name, or a list of columns joined with a space.")]


class Column(Closed):
    """A column with instructions: how its dates are written, or what its values mean."""

    column: Columns
    format: str | None = Field(default=None, description="meeting_date only: how the column writes a date, e.g. \"%d-%m-%Y\".")
    values: dict[str, str | list[str]] | None = Field(
        default=None, description="Choice questions only: the column's value -> a choice id (a list for a multi question).")
    separator: str | None = Field(default=None, description="Multi questions only: what separates the values in one cell (default ';' or ',').")


Spec = Columns | Column


def _columns_for(fields: tuple[str, ...], described: dict[str, str] | None = None) -> dict[str, Any]:
    """A map section's fields: for each field of the record, the columns it is read from (optional)."""
    described = described or {}
    return {f: (Spec | None, Field(default=None, description=described[f]) if f in described else None) for f in fields}


_CUSTOMER_DESCRIBED = {
    "pronoun": "How the texts refer to the customer: he, she or name (also hij, zij, naam, and a salutation: dhr., mevrouw, Mr, Mrs, Ms).",
    "external_id": "The CRM's own id of the customer.",
}

# The sections take their fields from `who_when` (his name, then CUSTOMER_FIELDS, and his CRM's
# id; the meeting's MEETING_FIELDS), so a who/when field added there can be mapped at once. mypy
# sees them as a plain section (they are read field by field, never by attribute).
if TYPE_CHECKING:
    CustomerMap = Closed
    InterviewMap = Closed
else:
    CustomerMap = create_model("CustomerMap", __base__=Closed, name=(Spec, ...),
                               **_columns_for((*CUSTOMER_FIELDS[1:], "external_id"), _CUSTOMER_DESCRIBED))
    InterviewMap = create_model("InterviewMap", __base__=Closed, **_columns_for(MEETING_FIELDS))


class MapFile(Closed):
    """The shape of a column-map file (`klantprofiel schema map`)."""

    schema_: str | None = Field(default=None, alias="$schema")
    question_set: str | None = Field(default=None, description="The question set the answers belong to (default: --set).")
    customer: CustomerMap
    interview: InterviewMap = InterviewMap()
    answers: dict[str, Spec] = Field(default={}, description="Question id -> the column that holds its answer.")


def column_key(name: str) -> str:
    """How column names are compared: any case, any spacing ("Record ID" = "record  id")."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(frozen=True)
class Target:
    """One field of the record (e.g. answers.learning_mode) and where the map reads it."""

    key: str
    """The map's key for it, as problems name it: customer.name, answers.learning_mode."""
    columns: tuple[str, ...]
    convert: Callable[[str], Any]


class ColumnMap:
    """A checked map, ready to be compiled against a file's columns."""

    def __init__(self, path: str, targets: list[Target], question_set: str | None) -> None:
        self.path = path
        self.targets = targets
        self.question_set = question_set

    def columns(self) -> set[str]:
        return {column_key(c) for t in self.targets for c in t.columns}


def load_map(path: str | Path, qs_for: Callable[[str | None], QuestionSet]) -> ColumnMap:
    """The map file at `path`, checked against the question set it (or --set) names."""
    name = str(path)
    in_use.note(path, Msg("in_use_map"))
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError("map_no_file", hint="map_no_file_hint", name=name) from None
    except (OSError, UnicodeDecodeError) as e:
        raise UserError("map_unreadable", name=name, detail=parser_detail(e)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UserError("map_not_toml", hint="map_not_toml_hint", name=name, detail=parser_detail(e)) from None
    try:
        model = MapFile.model_validate(data)
    except ValidationError as e:
        err = errors_of(e)[0]
        err["loc"] = tuple(p for p in err["loc"] if p != "Column")
        field, message = describe(err, known_keys(MapFile))
        line = _line_of(text, field)
        raise UserError("map_problem", hint="map_shape_hint", name=name, line=Msg("map_line", line=line) if line else "",
                        field=field or Msg("top_level"), problem=message) from None
    qs = qs_for(model.question_set)
    try:
        return ColumnMap(name, _targets(model, qs), model.question_set)
    except _Problem as p:
        line = _line_of(text, p.key)
        raise UserError("map_problem", hint=p.hint, name=name, line=Msg("map_line", line=line) if line else "", field=p.key, problem=p.message) from None


class _Problem(Exception):
    """A mistake in the map, found while it is checked: its key, what is wrong, how to fix it."""

    def __init__(self, key: str, message: Msg, hint: str | Msg | None = None) -> None:
        self.key, self.message, self.hint = key, message, hint


def _line_of(text: str, key: str) -> int | None:
    """The line of `key` (customer.name, answers.x.values.J) in the map's text: under its
    [section] header, or written dotted on one line."""
    section, _, rest = key.partition(".")
    field = rest.split(".")[0]
    if not field:
        return None
    m = re.search(rf"^\s*\[\s*{re.escape(section)}\s*\]", text, re.MULTILINE)
    start = m.end() if m else 0
    end = text.find("\n[", start)
    k = re.compile(rf"^\s*[\"']?{re.escape(field)}[\"']?\s*=", re.MULTILINE).search(text, start, end if end > 0 else len(text))
    k = k or re.search(rf"^\s*{re.escape(section)}\.{re.escape(field)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, k.start()) + 1 if k else None


def _targets(model: MapFile, qs: QuestionSet) -> list[Target]:
    targets = [_target(f"customer.{k}", spec, None) for k, spec in model.customer if spec is not None]
    targets += [_target(f"interview.{k}", spec, None) for k, spec in model.interview if spec is not None]
    questions = {q.id: q for q in qs.questions}
    for qid, spec in model.answers.items():
        if qid not in questions:
            raise _Problem(f"answers.{qid}", Msg("map_no_question", set=qs.id, question=short(qid), close=did_you_mean(qid, questions)),
                           hint=Msg("see_set_questions_hint", set=qs.id))
        targets.append(_target(f"answers.{qid}", spec, questions[qid]))
    return targets


def _target(key: str, spec: Spec, question: Any) -> Target:
    column = spec if isinstance(spec, Column) else Column(column=spec)
    columns = (column.column,) if isinstance(column.column, str) else tuple(column.column)
    if not columns or not all(c.strip() for c in columns):
        raise _Problem(key, Msg("map_no_column"), hint="map_no_column_hint")
    kind = kinds.of(question) if question is not None else None
    picks, many = kind is not None and kind.picks, kind is not None and kind.many
    if column.format is not None and key != f"interview.{DATE_FIELD}":
        raise _Problem(f"{key}.format", Msg("map_format_only_date"))
    if column.values is not None and not picks:
        raise _Problem(f"{key}.values", Msg("map_values_only_choice"))
    if column.separator is not None and not many:
        raise _Problem(f"{key}.separator", Msg("map_separator_only_multi"))
    convert: Callable[[str], Any] = _same
    if column.format is not None:
        convert = _date_reader(key, column.format)
    elif picks:
        convert = _value_reader(key, question, column.values or {}, column.separator)
    return Target(key, columns, convert)


def _same(cell: str) -> Any:
    return cell


def _date_reader(key: str, fmt: str) -> Callable[[str], Any]:
    sample = dt.date(2026, 12, 31)
    try:
        understood = dt.datetime.strptime(sample.strftime(fmt), fmt).date() == sample
    except ValueError:
        understood = False
    if not understood:
        raise _Problem(f"{key}.format", Msg("map_format_unreadable", format=short(fmt)), hint="map_format_hint")

    def read(cell: str) -> Any:
        try:
            return dt.datetime.strptime(cell.strip(), fmt).date().isoformat()
        except ValueError:
            return cell  # left as it was: the record check reports it with what is allowed

    return read


def _value_reader(key: str, question: Any, values: dict[str, str | list[str]], separator: str | None) -> Callable[[str], Any]:
    ids = {c.id for c in question.choices} | {"unknown"}
    folded: dict[str, str | list[str]] = {}
    for given, meant in values.items():
        for choice in [meant] if isinstance(meant, str) else meant:
            if choice not in ids:
                raise _Problem(f"{key}.values.{given}", Msg("map_not_a_choice", choice=short(choice), question=question.id,
                                                             close=did_you_mean(choice, ids), allowed=", ".join(sorted(ids))))
        if isinstance(meant, list) and not kinds.of(question).many:
            raise _Problem(f"{key}.values.{given}", Msg("map_one_choice", question=question.id))
        folded[column_key(given)] = meant

    seen: dict[str, str | list[str]] = {}
    """Values met before: a choice column repeats a handful of values over every row."""

    def one(value: str) -> str | list[str]:
        meant = seen.get(value)
        if meant is None:
            meant = folded.get(column_key(value), value.strip())
            if len(seen) < 10_000:  # a free-text column mapped by mistake does not grow it for ever
                seen[value] = meant
        return meant

    if not kinds.of(question).many:
        return one

    def several(cell: str) -> list[str]:
        parts = cell.split(separator) if separator else cell.replace(";", ",").split(",")
        picked: list[str] = []
        for part in parts:
            if part.strip():
                meant = one(part)
                picked += [meant] if isinstance(meant, str) else meant
        return picked

    return several


_SECTIONS = ("customer", "interview", "answers")


class MappedSource(Source):
    """An import file read through a column map: each row (or JSON object) becomes the record
    the map describes, and nothing else of it. Problems name the file's own columns."""

    def __init__(self, inner: Source, column_map: ColumnMap) -> None:
        self.inner = inner
        self.map = column_map
        self.name, self.size, self.binary, self.text = inner.name, inner.size, inner.binary, inner.text
        self.unit, self.format, self.encoding = inner.unit, inner.format, inner.encoding
        self.by_key = {t.key: t for t in column_map.targets}
        self.left_out: dict[str, None] = {}
        """Columns of the file the map does not name (in the order met): the report lists them as not stored."""

    def file_source(self) -> Source:
        return self.inner

    def field(self, path: str) -> str:
        target = self.by_key.get(path)
        return " + ".join(target.columns) if target else path

    def records(self) -> Iterator[tuple[int, Any, Any]]:
        if isinstance(self.inner, CsvRows):
            yield from self._csv_records(self.inner)
            return
        for position, item, raw in self.inner.records():
            data = self.inner.decode(item)
            yield position, self._from_json(data), raw

    def _csv_records(self, inner: CsvRows) -> Iterator[tuple[int, Any, Any]]:
        """Rows become records by a plan made once from the header: per target the cells it
        reads and where it writes, so a row costs a few list look-ups, not a walk of the map."""
        header: list[str] | None = None
        plan: list[tuple[int, str, list[int], Callable[[str], Any] | None]] = []
        for position, cells in inner.rows():
            if header is None:
                header = inner.header
                plan = self._plan(header)
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                yield position, Unparsable(Msg("csv_too_many_cells", cells=len(cells), columns=len(header), delimiter=inner.delimiter)), cells
                continue
            customer: dict[str, Any] = {"name": ""}
            sections: list[dict[str, Any]] = [customer, {}, {}]
            count = len(cells)
            for section, field, where, convert in plan:
                if len(where) == 1:
                    cell = cells[where[0]].strip() if where[0] < count else ""
                else:
                    cell = " ".join(part for part in (cells[i].strip() for i in where if i < count) if part)
                if cell:
                    sections[section][field] = convert(cell) if convert else cell
            record = {"customer": customer, "answers": sections[2]}
            if sections[1]:
                record["interview"] = sections[1]
            yield position, record, cells

    def _plan(self, header: list[str]) -> list[tuple[int, str, list[int], Callable[[str], Any] | None]]:
        """Which cells each target reads, and into which section and field of the record, found
        once from the header: a missing column is an error now, and so is an ambiguous one."""
        where: dict[str, int] = {}
        for i, column in enumerate(header):
            if where.setdefault(column_key(column), i) != i and column_key(column) in self.map.columns():
                raise UserError("map_column_twice", hint="map_column_twice_hint", name=self.name, column=short(column), map=self.map.path)
        plan = []
        for target in self.map.targets:
            missing = [c for c in target.columns if column_key(c) not in where]
            if missing:
                raise UserError("map_column_missing", hint="map_column_missing_hint", map=self.map.path, key=target.key, column=short(missing[0]),
                                name=self.name, close=did_you_mean(missing[0], header), columns=_listed(header))
            section, _, field = target.key.partition(".")
            plan.append((_SECTIONS.index(section), field, [where[column_key(c)] for c in target.columns],
                         None if target.convert is _same else target.convert))
        named = self.map.columns()
        self.left_out = dict.fromkeys(c for c in header if column_key(c) not in named)
        return plan

    def _from_json(self, data: Any) -> Any:
        if not isinstance(data, dict):
            return data if isinstance(data, Unparsable) else Unparsable(Msg("not_a_json_object"))
        flat = dict(flatten(data))
        by_fold = {column_key(k): v for k, v in flat.items()}
        named = self.map.columns()
        for key in flat:
            if column_key(key) not in named:
                self.left_out.setdefault(key, None)
        values = {}
        for target in self.map.targets:
            parts = [_cell(by_fold[column_key(c)]) for c in target.columns if by_fold.get(column_key(c)) not in (None, "", [])]
            if parts:
                values[target.key] = target.convert(" ".join(parts)) if all(isinstance(p, str) for p in parts) else parts[0]
        return _record(values)

    def original(self, raw: Any) -> Any:
        return self.inner.original(raw)


def _listed(names: list[str]) -> str:
    text = ", ".join(names)
    return text if len(text) <= 200 else text[:200] + "…"


def _cell(value: Any) -> Any:
    """A JSON value as a cell: text stays text, a number becomes its text (an id, a scale), a list
    of texts the cell a multi question's values share (as in CSV); anything else stays as it is,
    for the record check to report."""
    if isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, list) and all(isinstance(v, str) and "," not in v and ";" not in v for v in value):
        return ";".join(value)
    return str(value) if isinstance(value, int | float) else value


def flatten(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Nested keys as the map names them: {"company": {"name": …}} -> "company.name"."""
    for key, value in data.items():
        if isinstance(value, dict):
            yield from flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _record(values: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {"customer": {"name": values.get("customer.name", "")}, "answers": {}}
    for key, value in values.items():
        section, _, field = key.partition(".")
        record.setdefault(section, {})[field] = value
    return record
