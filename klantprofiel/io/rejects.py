"""--rejects FILE: the records an import refused, in the input's own format, each with its reasons.

Someone fixes them in the tool they came from and imports the file again. The reasons travel
along in a "rejected" key (JSON) or column (CSV), which import reads past; a record that was
not even JSON is written as it was.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from klantprofiel.io import csvfmt
from klantprofiel.io.readers import CsvRows, JsonArray, Source


def _with_reasons(data: Any, raw: str, reasons: list[str]) -> str:
    if isinstance(data, dict):
        return json.dumps({**data, csvfmt.REJECTED_COLUMN: reasons}, ensure_ascii=False)
    return raw.strip()


class JsonLinesRejects:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, data: Any, raw: Any, reasons: list[str]) -> None:
        self.out.write(_with_reasons(data, raw, reasons) + "\n")

    def close(self) -> None:
        """Nothing to finish: every line stands on its own."""


class JsonArrayRejects:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.separator = "[\n"

    def write(self, data: Any, raw: Any, reasons: list[str]) -> None:
        self.out.write(self.separator + _with_reasons(data, raw, reasons))
        self.separator = ",\n"

    def close(self) -> None:
        self.out.write(("[" if self.separator == "[\n" else "") + "\n]\n")


class CsvRejects:
    """The input's columns plus "rejected"; the header is written once the input's is known."""

    def __init__(self, out: TextIO, source: CsvRows) -> None:
        self.out = out
        self.source = source
        self.writer: Any = None

    def write(self, data: Any, raw: Any, reasons: list[str]) -> None:
        header = self._start()
        cells = [*raw[: len(self.source.header)], *[""] * (len(self.source.header) - len(raw))]
        reason = csvfmt.neutralise("; ".join(reasons))
        if csvfmt.REJECTED_COLUMN in self.source.header:  # a rejects file imported again
            cells[header.index(csvfmt.REJECTED_COLUMN)] = reason
        else:
            cells.append(reason)
        self.writer.writerow(cells)

    def close(self) -> None:
        self._start()

    def _start(self) -> list[str]:
        header = self.source.header
        if csvfmt.REJECTED_COLUMN not in header:
            header = [*header, csvfmt.REJECTED_COLUMN]
        if self.writer is None:
            self.writer = csv.writer(self.out, delimiter=self.source.delimiter or ",")
            self.writer.writerow(header)
        return header


def rejects_writer(out: TextIO, source: Source) -> JsonLinesRejects | JsonArrayRejects | CsvRejects:
    if isinstance(source, CsvRows):
        return CsvRejects(out, source)
    return JsonArrayRejects(out) if isinstance(source, JsonArray) else JsonLinesRejects(out)
