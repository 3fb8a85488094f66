"""Reading import files as a stream of records: JSON lines, a JSON array, or CSV.

Files come from CRMs, web forms and spreadsheets, so the readers take what those write: UTF-8
with or without a BOM, CRLF, Excel's ';' as well as ',', quoted cells with newlines, empty
lines, a trailing delimiter in the header. Nothing reads the whole file: each reader yields
`(position, data, raw)` one record at a time, where position is the line (or spreadsheet row)
the record starts on, data the parsed record (or `Unparsable`), and raw its original text, for
--rejects. A file that is not what --format says is one `UserError`, never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, TextIO

from pydantic_core import from_json

from klantprofiel import in_use
from klantprofiel.errors import UsageError, UserError, os_reason
from klantprofiel.i18n import Count, Msg
from klantprofiel.io import csvfmt
from klantprofiel.parser_words import parser_detail
from klantprofiel.validation import short
from klantprofiel.who_when import CUSTOMER_FIELDS

UTF8 = "utf-8-sig"
"""Import files are UTF-8, with or without a BOM (Excel's 'CSV UTF-8' writes one)."""
_CHUNK = 1 << 20
_LINES = 1 << 16
"""How much of a JSON lines file is read at a time: a "not UTF-8" error names a line at most this far before it."""
MAX_RECORD = 1 << 20
"""The longest record (a JSON line, a CSV line, one item of a JSON array) read, in bytes or
characters: a record is a few kB, so this is only ever reached by a file that is no import
file (a device such as /dev/zero, a line that never ends), which must not fill the memory."""
MAX_COLUMNS = 10_000
"""The most columns a CSV header may name (an interview has a few dozen)."""


@dataclass(frozen=True)
class Unparsable:
    """A record that is not even JSON (or a CSV row that does not fit the header)."""

    message: str | Msg


class Source:
    """One input file or stdin, read once, as records of one format."""

    unit = "line"
    """What a position counts: "line" (JSON) or "row" (CSV, as a spreadsheet numbers them)."""

    format = ""
    encoding = UTF8

    def at(self, position: int) -> Msg:
        """Where a record is, in the message's language: "line 3" (JSON) or "row 3" (CSV)."""
        return Msg(f"unit_{self.unit}", n=position)

    def __init__(self, binary: BinaryIO, name: str, size: int | None) -> None:
        self.binary = binary
        self.name = name
        self.size = size
        self.text: TextIO = io.TextIOWrapper(binary, encoding=self.encoding, newline="")

    def bytes_read(self) -> int:
        """How far into the file reading is (for a progress bar; runs a little ahead)."""
        try:
            return self.binary.tell()
        except (OSError, ValueError):
            return 0

    def field(self, path: str) -> str:
        """How a problem names a field of the record: its path in the JSON."""
        return path

    json_text = False
    """Whether records come as JSON text still to parse (JSON lines) or parsed already."""

    def records(self) -> Iterator[tuple[int, Any, Any]]:
        raise NotImplementedError

    def decode(self, item: Any) -> Any:
        """The parsed record (or Unparsable) of what `records` yielded."""
        return item

    def __iter__(self) -> Iterator[tuple[int, Any, Any]]:
        position = 0
        try:
            for position, data, raw in self.records():
                yield position, data, raw
        except UnicodeDecodeError as e:
            raise self.not_utf8(e, Msg("after_unit", where=self.at(position)) if position else "") from None

    def batches(self, size: int) -> Iterator[list[tuple[int, Any, Any]]]:
        """The records in lists of about `size` (batch import's unit of work)."""
        records = iter(self)
        return iter(lambda: list(itertools.islice(records, size)), [])

    def not_utf8(self, e: UnicodeDecodeError, where: Msg | str) -> UserError:
        """A byte the encoding cannot read: the file is in another one. CSV can say which (--encoding)."""
        byte = f"{e.object[e.start]:02x}"
        if self.encoding != UTF8:
            return UserError("not_in_encoding", hint="not_in_encoding_hint", name=self.name, where=where, encoding=self.encoding, byte=byte)
        hint = "save_as_utf8_csv_hint" if self.format == "csv" else "save_as_utf8_hint"
        return UserError("not_in_encoding", hint=hint, name=self.name, where=where, encoding="UTF-8", byte=byte)

    def original(self, raw: Any) -> Any:
        """A rejected record as the file had it, for --rejects."""
        return raw

    def file_source(self) -> Source:
        """The source that reads the file itself (a column map wraps one): --rejects writes in its format."""
        return self


class JsonLines(Source):
    """One record per line. Lines are handed on as the bytes they are, unparsed and not even
    decoded: the batch check (in a worker, for a large file) parses them, and finds bad UTF-8 as it does."""

    format = "jsonl"
    json_text = True

    def records(self) -> Iterator[tuple[int, Any, Any]]:
        for batch in self._chunks():
            yield from batch

    def batches(self, size: int) -> Iterator[list[tuple[int, Any, Any]]]:
        """Lines read and numbered a chunk at a time (one list comprehension, not a Python step
        per line, which a large import would feel), handed on in lists of about `size`."""
        pending: list[tuple[int, Any, Any]] = []
        for chunk in self._chunks():
            pending += chunk
            if len(pending) >= size:
                yield pending
                pending = []
        if pending:
            yield pending

    def _chunks(self) -> Iterator[list[tuple[int, Any, Any]]]:
        number = 0
        checked = False
        for lines in self._lines():
            if number == 0:
                lines[0] = lines[0].removeprefix(codecs.BOM_UTF8)
            chunk = [(n, line, line) for n, line in enumerate(lines, number + 1) if line and not line.isspace()]
            if chunk and not checked:
                self._check_first(*chunk[0][:2])
                checked = True
            number += len(lines)
            yield chunk

    def _lines(self) -> Iterator[list[bytes]]:
        """The file's lines, a block at a time; a line longer than MAX_RECORD is an error, not
        a line read for ever (`import /dev/zero`)."""
        number = 0
        rest = b""
        while block := self.binary.read(_LINES):
            lines = io.BytesIO(rest + block).readlines()
            rest = b"" if lines[-1].endswith(b"\n") else lines.pop()
            number += len(lines)
            if len(rest) > MAX_RECORD:
                raise too_long(self.name, Msg("unit_line", n=number + 1))
            if lines:
                yield lines
        if rest:
            yield [rest]

    def _check_first(self, number: int, line: bytes) -> None:
        if line.strip() in (b"{", b"["):
            start = line.strip().decode()
            raise UserError("json_spread_over_lines", hint="json_spread_over_lines_hint", name=self.name, line=number, start=start)

    def decode(self, item: Any) -> Any:
        """The parsed line, or Unparsable; raises UnicodeDecodeError for bytes that are no UTF-8."""
        text = item.decode("utf-8")
        try:
            return from_json(text)
        except ValueError as e:
            return Unparsable(Msg("not_valid_json", detail=parser_detail(e)))

    def original(self, raw: Any) -> Any:
        return raw.decode("utf-8")  # it was decoded once already: a rejected line is UTF-8


class JsonArray(Source):
    """A JSON array, decoded one item at a time from a sliding window, so it is never held whole."""

    format = "json"

    def records(self) -> Iterator[tuple[int, Any, Any]]:
        decoder = json.JSONDecoder()
        window = _Window(self.text, self.name)
        pos = window.skip(0)
        if window.char(pos) != "[":
            raise UserError("not_a_json_array", hint="not_a_json_array_hint", name=self.name, start=repr(window.peek(pos)))
        pos = window.skip(pos + 1)
        if window.char(pos) == "]":
            self._end(window, pos)
            return
        while True:
            pos = window.compact(pos)
            line = window.line_at(pos)
            try:
                data, end = _decode(decoder, window, pos)
            except json.JSONDecodeError as e:
                raise UserError("json_array_broken", hint="json_array_broken_hint", name=self.name, line=window.line_at(e.pos), detail=parser_detail(e.msg)) from None
            except RecursionError:
                raise UserError("json_too_deep", name=self.name, line=line) from None
            except ValueError:  # an integer of thousands of digits: Python's int() refuses it
                data, end = _decode(json.JSONDecoder(parse_int=_int_or_huge), window, pos)
            raw = window.buf[pos:end]
            if "\\ud" in raw.lower():  # lone surrogates: json accepts them, UTF-8 (and the store) cannot
                try:
                    from_json(raw)
                except ValueError as e:
                    data = Unparsable(Msg("not_valid_json", detail=parser_detail(e)))
            yield line, data, raw
            pos = window.skip(end)
            if window.char(pos) == "]":
                self._end(window, pos)
                return
            if window.char(pos) != ",":
                raise UserError("json_array_expected_comma", name=self.name, line=window.line_at(pos), found=repr(window.peek(pos)))
            pos = window.skip(pos + 1)

    def _end(self, window: _Window, pos: int) -> None:
        rest = window.skip(pos + 1)
        if window.char(rest):
            raise UserError("json_after_array", name=self.name, line=window.line_at(rest))


def _int_or_huge(digits: str) -> int | float:
    """An integer as JSON writes it; one too long for int() is infinitely large, which the record
    checks refuse as they refuse any number out of range (JSON lines get the same from pydantic)."""
    try:
        return int(digits)
    except ValueError:
        return float(digits)


def _decode(decoder: json.JSONDecoder, window: _Window, pos: int) -> tuple[Any, int]:
    """One JSON value at pos; reads more of the file while the value may just be cut off, up to MAX_RECORD."""
    while True:
        try:
            return decoder.raw_decode(window.buf, pos)
        except json.JSONDecodeError as e:
            cut_off = e.pos >= len(window.buf) - 8 or e.msg.startswith("Unterminated string")
            if cut_off and len(window.buf) - pos > MAX_RECORD:
                raise too_long(window.name, Msg("record_starting_at", line=window.line_at(pos))) from None
            if not (cut_off and window.more()):
                raise


def too_long(name: str, what: Msg) -> UserError:
    return UserError("record_too_long", hint="record_too_long_hint", name=name, what=what, mb=MAX_RECORD // (1 << 20))


class _Window:
    """The part of a text stream being decoded; drops what is done, counts lines as it goes."""

    def __init__(self, text: TextIO, name: str) -> None:
        self.text = text
        self.name = name
        self.buf = ""
        self.eof = False
        self.line = 1
        self.counted = 0
        """Lines are counted up to this position of buf; `line` is the line there."""
        self.more()

    def more(self) -> bool:
        if self.eof:
            return False
        chunk = self.text.read(_CHUNK)
        self.eof = not chunk
        self.buf += chunk
        return bool(chunk)

    def skip(self, pos: int) -> int:
        """The first non-whitespace position from pos (reading on as needed)."""
        while True:
            while pos < len(self.buf) and self.buf[pos] in " \t\r\n":
                pos += 1
            if pos < len(self.buf) or not self.more():
                return pos

    def char(self, pos: int) -> str:
        return self.buf[pos] if pos < len(self.buf) else ""

    def peek(self, pos: int) -> str:
        return self.buf[pos:pos + 30] or "nothing"

    def line_at(self, pos: int) -> int:
        if pos < self.counted:
            return self.line - self.buf.count("\n", pos, self.counted)
        self.line += self.buf.count("\n", self.counted, pos)
        self.counted = pos
        return self.line

    def compact(self, pos: int) -> int:
        """Forget the text before pos once it is large; returns pos in the shortened buffer."""
        if pos < _CHUNK:
            return pos
        self.line_at(pos)
        self.buf = self.buf[pos:]
        self.counted = 0
        return 0


class CsvRows(Source):
    """CSV with a header row; each row becomes the same record a JSON line would be."""

    format = "csv"
    unit = "row"

    def __init__(self, binary: BinaryIO, name: str, size: int | None, delimiter: str | None = None, encoding: str | None = None) -> None:
        self.encoding = encoding or UTF8
        super().__init__(binary, name, size)
        self.delimiter = delimiter
        self.header: list[str] = []

    def field(self, path: str) -> str:
        return csvfmt.column_of(path)

    def records(self) -> Iterator[tuple[int, Any, Any]]:
        for row, cells in self.rows(own_layout=True):
            yield row, self._record(cells), cells

    def rows(self, *, own_layout: bool = False) -> Iterator[tuple[int, list[str]]]:
        """The header (kept in `header`) and each row that is not empty, as its cells. In our own
        layout the header must name 'customer'; a column map (`--map`) names its own columns."""
        lines = self._lines()
        first = next(lines, "")
        self.delimiter = self.delimiter or csvfmt.sniff_delimiter(first)
        # strict: a quote opened and never closed (or text right after a closing quote) is an error,
        # not a cell that silently swallows the delimiters and rows after it
        reader = csv.reader(itertools.chain([first], lines), delimiter=self.delimiter, strict=True)
        try:
            cells = next(reader, [])
            self.header = _header(self.name, cells, self.delimiter, own_layout)
            for row, cells in enumerate(reader, 2):
                if any(c.strip() for c in cells):
                    yield row, cells
        except csv.Error as e:
            raise UserError("csv_unreadable", hint="csv_unreadable_hint", name=self.name, line=reader.line_num, detail=parser_detail(e),
                            delimiter=self.delimiter) from None

    def _lines(self) -> Iterator[str]:
        """The file's lines; one longer than MAX_RECORD is an error, not a line read for ever."""
        for number, line in enumerate(iter(lambda: self.text.readline(MAX_RECORD + 1), ""), 1):
            if len(line) > MAX_RECORD:
                raise too_long(self.name, Msg("unit_line", n=number))
            yield line

    def _record(self, cells: list[str]) -> Any:
        if len(cells) > len(self.header) and any(c.strip() for c in cells[len(self.header):]):
            return Unparsable(Msg("csv_too_many_cells", cells=len(cells), columns=len(self.header), delimiter=self.delimiter))
        given = {col: csvfmt.restore(cell.strip()) for col, cell in zip(self.header, cells) if cell.strip()}
        record: dict[str, Any] = {"customer": {"name": given.pop("customer", ""), **{f: given.pop(f, None) for f in CUSTOMER_FIELDS[1:]}}}
        record["customer"].update({key: given.pop(col) for col, key in csvfmt.CUSTOMER_COLUMNS.items() if col in given})
        interview = {col: given.pop(col) for col in csvfmt.INTERVIEW_COLUMNS if col in given}
        if interview:
            record["interview"] = interview
        if "question_set" in given or "set_version" in given:
            record["question_set"] = {k: v for k, v in (("id", given.pop("question_set", None)), ("version", given.pop("set_version", None))) if v}
        record["answers"] = {col: cell for col, cell in given.items() if col not in csvfmt.IGNORED_COLUMNS}
        return record


def _header(name: str, cells: list[str], delimiter: str, own_layout: bool) -> list[str]:
    header = [c.strip() for c in cells]
    while header and not header[-1]:  # a trailing delimiter: Excel writes one now and then
        header.pop()
    if not header:
        raise UserError("csv_empty", hint="csv_header_hint", name=name)
    if own_layout and "customer" not in header:
        shown = short(", ".join(f"'{c}'" for c in header[:6]))
        hint = "csv_header_hint"
        if len(header) == 1 and any(d in header[0] for d in ";,\t" if d != delimiter):
            hint = "csv_one_column_hint"
        raise UserError("csv_no_customer_column", hint=hint, name=name, found=shown)
    if len(header) > MAX_COLUMNS:
        raise UserError("csv_too_many_columns", name=name, n=len(header), max=Count(MAX_COLUMNS))
    seen: set[str] = set()
    for number, column in enumerate(header, 1):
        if not column:
            raise UserError("csv_column_unnamed", hint="csv_column_unnamed_hint", name=name, n=number)
        if column in seen:
            raise UserError("csv_column_twice", name=name, column=short(column))
        seen.add(column)
    return header


def open_input(path: str, stdin: BinaryIO | None) -> tuple[BinaryIO, str, int | None]:
    """The file (or stdin for '-') as a buffered binary stream that can be peeked into."""
    if path == "-":
        assert stdin is not None, "'-' needs the caller's stdin"
        stream = stdin if hasattr(stdin, "peek") else io.BufferedReader(stdin)  # type: ignore[type-var]
        in_use.note_stdin(stream, Msg("in_use_import"))
        return stream, "<stdin>", None
    try:
        stream = open(path, "rb")  # noqa: SIM115 - handed to the caller, who closes it
    except FileNotFoundError:
        raise UserError("no_such_file", path=path) from None
    except IsADirectoryError:
        raise UserError("is_a_folder_import", path=path) from None
    except OSError as e:
        raise UserError("cannot_be_read", path=path, detail=os_reason(e)) from None
    in_use.note(path, Msg("in_use_import"))
    return stream, path, os.fstat(stream.fileno()).st_size


def _check_encoding(encoding: str) -> None:
    try:
        found = codecs.lookup(encoding)
    except LookupError:
        raise UsageError("encoding_unknown", hint="encoding_unknown_hint", encoding=repr(encoding)) from None
    if not found._is_text_encoding:  # base64, zlib, rot13: bytes to bytes
        raise UsageError("encoding_not_text", hint="encoding_not_text_hint", encoding=repr(encoding))


WORKBOOKS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""How an old Excel workbook (.xls) starts; a new one (.xlsx) is a zip file (PK)."""


def sniff(head: bytes, name: str) -> str | None:
    """The format the first bytes look like; None for an empty file. Raises for files that are no text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError("file_is_utf16", hint="save_as_utf8_hint", name=name)
    if head.startswith(b"PK\x03\x04"):
        raise UserError("file_is_zip", hint="save_as_csv_hint", name=name)
    if head.startswith(OLE2):
        raise UserError("file_is_xls", hint="save_as_csv_hint", name=name)
    text = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if not text:
        return None
    return {b"[": "json", b"{": "jsonl"}.get(text[:1], "csv")


def choose_format(wanted: str, head: bytes, name: str) -> str:
    """--format, checked against the content: the wrong format is one clear error."""
    if name.lower().endswith(WORKBOOKS):  # whatever is inside: Excel also saves HTML or text as .xls
        raise UserError("file_is_workbook", hint="save_as_csv_hint", name=name)
    found = sniff(head, name)
    if wanted == "auto":
        return found or "jsonl"
    if found is None or found == wanted:
        return wanted
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()[:30].decode("utf-8", "replace")
    raise UsageError("format_mismatch", hint="format_mismatch_hint", name=name, wanted=wanted, looks=Msg(f"format_{found}"), start=repr(start),
                     found=found)


def source(path: str, stdin: BinaryIO | None, wanted: str = "auto", delimiter: str | None = None, encoding: str | None = None) -> Source:
    """The records of an import file, in the format asked for or found; a CSV file in `encoding`
    (any name Python knows, e.g. cp1252) when it is not UTF-8."""
    if encoding is not None:
        _check_encoding(encoding)
    stream, name, size = open_input(path, stdin)
    try:
        fmt = choose_format(wanted, stream.peek(1 << 16)[: 1 << 16], name)  # type: ignore[attr-defined]
    except BaseException:
        if path != "-":
            stream.close()
        raise
    if delimiter is not None and fmt != "csv":
        raise UsageError("delimiter_not_csv", name=name, format=fmt)
    if encoding is not None and fmt != "csv":
        raise UsageError("encoding_not_csv", name=name, format=fmt)
    if fmt == "csv":
        return CsvRows(stream, name, size, delimiter, encoding)
    return JsonArray(stream, name, size) if fmt == "json" else JsonLines(stream, name, size)
