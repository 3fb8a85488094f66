"""Export: stored interviews, with their profiles, as JSON lines, a JSON array, CSV or Markdown.

Rows are read from the store while they are written, a batch at a time, so an export of any
size runs in flat memory; a thread writes one batch while the next is rendered. JSON is
rendered by `ProfileJson` (the fast path: byte for byte what `ExportRecord.model_dump_json()`
writes); Markdown goes through the profile models, as `show` does; CSV holds the answers, not
the profile (a profile does not fit in a row).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter
from typing import BinaryIO

from klantprofiel.io import csvfmt
from klantprofiel.io.files import write_behind
from klantprofiel.io.markdown import to_markdown
from klantprofiel.io.profile_json import ProfileJson
from klantprofiel.io.records import export_record
from klantprofiel.store import Store, StoredInterview

BATCH = 500


def export(store: Store, out: BinaryIO, fmt: str, *, names: list[str] | None = None, lang: str = "nl", delimiter: str = ",") -> int:
    """Write the interviews (all, or the named customers'), oldest first; returns how many."""
    writer = {"jsonl": _jsonl, "json": _json_array, "csv": _csv, "markdown": _markdown}[fmt]
    return writer(store, out, names, lang, delimiter)


def _batches(store: Store, names: list[str] | None) -> Iterator[list[tuple]]:
    rows = store.export_rows(names)
    while batch := rows.fetchmany(BATCH):  # type: ignore[attr-defined]
        yield batch


def _json_batches(store: Store, names: list[str] | None, lang: str, separator: bytes) -> Iterator[tuple[int, bytes]]:
    """(how many, their JSON joined by `separator`) per batch of records."""
    renderers: dict[tuple[str, str], ProfileJson] = {}
    for rows in _batches(store, names):
        records = []
        for key, run in groupby(rows, key=itemgetter(7, 8)):  # runs of one set and version, in order
            if key not in renderers:
                renderers[key] = ProfileJson(store.question_set(*key), lang)
            records += renderers[key].render(list(run))
        yield len(rows), separator.join(records)


def _jsonl(store: Store, out: BinaryIO, names: list[str] | None, lang: str, delimiter: str) -> int:
    count = 0
    with write_behind(out) as write:
        for n, records in _json_batches(store, names, lang, b"\n"):
            write(records + b"\n")
            count += n
    return count


def _json_array(store: Store, out: BinaryIO, names: list[str] | None, lang: str, delimiter: str) -> int:
    count = 0
    with write_behind(out) as write:
        for n, records in _json_batches(store, names, lang, b",\n"):
            write((b",\n" if count else b"[\n") + records)
            count += n
        write(b"\n]\n" if count else b"[]\n")
    return count


def _csv(store: Store, out: BinaryIO, names: list[str] | None, lang: str, delimiter: str) -> int:
    """One row per interview: who/when columns, then one column per question of every set used."""
    questions = list(dict.fromkeys(q.id for key in store.sets_used(names) for q in store.question_set(*key).questions))
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow([*csvfmt.EXPORT_COLUMNS, *questions])
    count = 0
    for batch in _batches(store, names):
        for row in batch:
            item = StoredInterview.from_row(row)
            meta = [item.id, item.created_at, item.source, item.customer, item.organisation, item.salesperson, item.meeting_date,
                    item.context, item.notes, item.question_set, item.set_version, item.known, item.total]
            writer.writerow([_cell(v) for v in meta] + [_cell(item.answers.get(q)) for q in questions])
        count += len(batch)
    text.detach()
    return count


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return csvfmt.neutralise(csvfmt.MULTI_SEPARATOR.join(value))
    return csvfmt.neutralise(str(value))


def _markdown(store: Store, out: BinaryIO, names: list[str] | None, lang: str, delimiter: str) -> int:
    count = 0
    for batch in _batches(store, names):
        for row in batch:
            item = StoredInterview.from_row(row)
            qs = store.question_set(item.question_set, item.set_version)
            out.write((b"\n---\n\n" if count else b"") + to_markdown(export_record(item, qs, lang)).encode())
            count += 1
    return count
