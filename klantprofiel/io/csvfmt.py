"""The CSV shape shared by export and import: its columns, and cells a spreadsheet will not run.

One row per interview, one column per question, each answer as its kind writes it
(`Kind.csv` in `klantprofiel.kinds`: a choice id, a scale number, the choice ids of a multi
answer joined with ";", free text, ...); an empty cell is "don't know yet". Plus the customer,
who/when and question-set columns.

A cell that starts with =, +, -, @, a tab or a carriage return is a formula to Excel and
LibreOffice (OWASP "CSV injection"), so export writes such a cell with a leading ' and import
takes exactly that ' off again. A cell that already starts with quotes before such a character
gets one more, so every text survives the round trip.
"""

from __future__ import annotations

from klantprofiel.who_when import CUSTOMER_FIELDS, MEETING_FIELDS, STORED_FIELDS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DELIMITERS = {";": ";", ",": ",", "tab": "\t", "\\t": "\t", "\t": "\t", "|": "|"}
"""What --delimiter accepts (tab can be written as a word)."""

EXPORT_COLUMNS = ("interview_id", "uid", "created_at", "source", "customer_id", "customer", *STORED_FIELDS, "external_id",
                  "question_set", "set_version", "known", "total")
IGNORED_COLUMNS = frozenset({"interview_id", "source", "known", "total", "rejected"})
"""Columns export (or --rejects) writes that import reads past: the store numbers and counts itself."""
INTERVIEW_COLUMNS = (*MEETING_FIELDS, "created_at", "uid")
CUSTOMER_COLUMNS = {"customer_id": "id", "external_id": "external_id"}
"""Columns of the customer beside his name and organisation -> their key in `customer`."""
REJECTED_COLUMN = "rejected"


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_START) else cell


def restore(cell: str) -> str:
    """The text `neutralise` was given."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START) else cell


def column_of(field: str) -> str:
    """The CSV column a record field (as problems name it) is read from."""
    head, _, rest = field.partition(".")
    if head in ("answers", "interview") and rest:
        return rest
    if head == "customer" and rest in CUSTOMER_FIELDS:
        return rest
    if field in ("customer.id", "customer.external_id"):
        return {v: k for k, v in CUSTOMER_COLUMNS.items()}[rest]
    if field == "question_set.version":
        return "set_version"
    return {"customer.name": "customer", "question_set.id": "question_set", "(record)": "(row)"}.get(field, field)


def sniff_delimiter(header_line: str) -> str:
    """Dutch Excel writes ';', most other tools ','; the header line (plain ids) tells which."""
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
