"""`import FILE --suggest-map`: a first column map for a CRM's export, for the user to finish.

It reads the header and the first rows, and guesses: the usual CRM names for the customer's
name, organisation and id and for the salesperson and meeting date; a column named after a
question (its id or its text); a column whose values are all choices of one question (ids or
labels, either language, any case), with a `values` table where they are labels. Every other
column is listed as a comment, so the user sees what will not be stored. The comments are in
the run's language. A guess is a start,
not a decision: the map is printed, never used, until the user imports with `--map`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable

from klantprofiel import kinds
from klantprofiel.i18n import t
from klantprofiel.io.column_map import column_key, flatten
from klantprofiel.io.import_record import ImportCustomer
from klantprofiel.io.readers import CsvRows, Source
from klantprofiel.questionset.model import Question, QuestionSet
from klantprofiel.who_when import CUSTOMER_FIELDS, DATE_FIELD, MEETING_FIELDS

SAMPLE = 500
"""Rows read to guess from: enough to see every value a choice column uses."""

_USUAL = {
    "customer.name": ["name", "full name", "contact name", "contact", "customer", "customer name", "naam", "klant", "klantnaam",
                      "volledige naam"],
    "customer.organisation": ["company", "company name", "organisation", "organization", "account", "account name", "bedrijf",
                              "bedrijfsnaam", "organisatie"],
    "customer.pronoun": ["pronoun", "pronouns", "salutation", "aanspreekvorm", "aanhef", "voornaamwoord"],
    "customer.external_id": ["record id", "id", "contact id", "external id", "crm id", "customer id", "klantnummer", "relatienummer"],
    "interview.salesperson": ["contact owner", "owner", "account owner", "salesperson", "sales rep", "eigenaar", "verkoper",
                              "accountmanager", "account manager"],
    "interview.meeting_date": ["meeting date", "last meeting", "last activity date", "last contacted", "datum", "gespreksdatum",
                               "laatste contact"],
    "interview.context": ["context", "deal name", "subject", "onderwerp", "aanleiding"],
    "interview.notes": ["notes", "note", "description", "notities", "opmerkingen", "omschrijving"],
}
_NAME_PARTS = [("first name", "last name"), ("firstname", "lastname"), ("voornaam", "achternaam")]
_DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%dT%H:%M:%S"]


def suggest(src: Source, qs: QuestionSet, lang: str) -> str:
    """The map as TOML text, its comments in `lang`."""
    columns = _sample(src)
    used: set[str] = set()
    found: dict[str, str] = {}
    lines = [*(f"# {line}" for line in t("suggest_map_head", lang, file=src.name).splitlines()), "",
             f'question_set = {_quote(qs.id)}', ""]
    for key, names in _USUAL.items():
        column = _named(columns, names, used)
        if column is not None:
            found[key] = column
            used.add(column)
    name = _name_columns(columns, used, found)
    lines.append("[customer]")
    lines.append(f"name = {name}" if name else f'# name = "…"   ({t("suggest_map_name", lang)})')
    for key in (*CUSTOMER_FIELDS[1:], "external_id"):
        if f"customer.{key}" in found and key in ImportCustomer.model_fields:  # an import record that can carry it
            lines.append(f"{key} = {_quote(found[f'customer.{key}'])}")
    lines += ["", "[interview]"]
    for key in MEETING_FIELDS:
        column = found.get(f"interview.{key}")
        if column is None:
            continue
        fmt = _date_format(columns[column]) if key == DATE_FIELD else None
        if fmt and fmt != "%Y-%m-%d":
            lines.append(f"{key} = {{ column = {_quote(column)}, format = {_quote(fmt)} }}")
        else:
            lines.append(f"{key} = {_quote(column)}")
    lines += ["", "[answers]"]
    for q in qs.questions:
        column, values = _answer_column(q, columns, used)
        if column is None:
            continue
        used.add(column)
        if values:
            table = ", ".join(f"{_quote(given)} = {_quote(meant)}" for given, meant in values.items())
            lines.append(f"{q.id} = {{ column = {_quote(column)}, values = {{ {table} }} }}")
        else:
            lines.append(f"{q.id} = {_quote(column)}")
    rest = [c for c in columns if c not in used]
    if rest:
        lines += ["", f"# {t('suggest_map_rest', lang)}"] + [f"#   {_quote(c)}" for c in rest]
    return "\n".join(lines) + "\n"


def _sample(src: Source) -> dict[str, list[str]]:
    """Column -> the values of the first rows (a JSON source: its keys, nested ones dotted)."""
    columns: dict[str, list[str]] = {}
    if isinstance(src, CsvRows):
        for _, cells in itertools.islice(src.rows(), SAMPLE):
            for column, cell in zip(src.header, cells):
                columns.setdefault(column, []).append(cell.strip())
        for column in src.header:
            columns.setdefault(column, [])
        return columns
    for _, item, _ in itertools.islice(src.records(), SAMPLE):
        data = src.decode(item)
        if isinstance(data, dict):
            for key, value in flatten(data):
                columns.setdefault(key, []).append(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    return columns


def _named(columns: dict[str, list[str]], names: Iterable[str], used: set[str]) -> str | None:
    by_fold = {column_key(c): c for c in columns if c not in used}
    return next((by_fold[n] for n in names if n in by_fold), None)


def _name_columns(columns: dict[str, list[str]], used: set[str], found: dict[str, str]) -> str | None:
    by_fold = {column_key(c): c for c in columns if c not in used}
    for first, last in _NAME_PARTS:
        if first in by_fold and last in by_fold:
            used.update((by_fold[first], by_fold[last]))
            return f"[{_quote(by_fold[first])}, {_quote(by_fold[last])}]"
    return _quote(found["customer.name"]) if "customer.name" in found else None


def _answer_column(q: Question, columns: dict[str, list[str]], used: set[str]) -> tuple[str | None, dict[str, str]]:
    """The column that answers `q`: named after it, or (a choice question) holding only its choices."""
    names = {column_key(q.id), *map(column_key, q.text.readings())}
    free = [c for c in columns if c not in used]
    for column in free:
        if column_key(column) in names or column_key(column).replace(" ", "_") == q.id:
            return column, _labels(q, columns[column]) if kinds.of(q).picks else {}
    if not kinds.of(q).picks:
        return None, {}
    for column in free:
        values = {v for v in _parts(q, columns[column])}
        if values and all(_choice_of(q, v) for v in values):
            return column, _labels(q, columns[column])
    return None, {}


def _parts(q: Question, values: list[str]) -> list[str]:
    """The values of a column, a multi question's cells split as the map splits them."""
    if not kinds.of(q).many:
        return [v for v in values if v]
    return [p.strip() for v in values for p in v.replace(";", ",").split(",") if p.strip()]


def _choice_of(q: Question, value: str) -> str | None:
    """The choice a value names: its id or a label, or the start of the labels of one choice only
    (a CRM's "J"/"N" for Ja/Nee)."""
    folded = column_key(value)
    for c in q.choices:
        if folded == column_key(c.id) or folded in map(column_key, c.label.readings()):
            return c.id
    starts = {c.id for c in q.choices for label in c.label.readings() if column_key(label).startswith(folded)}
    return starts.pop() if len(starts) == 1 else None


def _labels(q: Question, values: list[str]) -> dict[str, str]:
    """A `values` table for the distinct values that are labels rather than ids."""
    table = {}
    for value in dict.fromkeys(_parts(q, values)):
        meant = _choice_of(q, value)
        if meant is not None and value != meant:
            table[value] = meant
    return table


def _date_format(values: list[str]) -> str | None:
    given = [v for v in values if v][:50]
    for fmt in _DATE_FORMATS:
        try:
            for v in given:
                dt.datetime.strptime(v, fmt)
        except ValueError:
            continue
        return fmt if given else None
    return None


def _quote(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's too)."""
    return json.dumps(text, ensure_ascii=False)
