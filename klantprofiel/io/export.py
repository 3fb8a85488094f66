"""Export: stored interviews, with their profiles, as JSON lines, a JSON array, CSV or Markdown.

Rows are read from the store while they are written, a batch at a time, so an export of any
size runs in flat memory. JSON is rendered by `ProfileJson` (the derivation's pieces, each rendered
once per combination of answers: byte for byte what `InterviewRecord.model_dump_json()` writes for
the derived profile, controls escaped), a large export by a worker per core
that writes its batches straight to the output in turn; Markdown goes through the profile
models, as `show` does; CSV holds the answers, not the profile (a profile does not fit in a row).
"""

from __future__ import annotations

import csv
import io
import json
import marshal
from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter
from typing import BinaryIO

from klantprofiel import kinds
from klantprofiel.io import csvfmt
from klantprofiel.io.markdown import to_markdown
from klantprofiel.io.parallel import written_in_turn
from klantprofiel.io.profile_json import ProfileJson
from klantprofiel.io.records import draft_record, feedback_record
from klantprofiel.printable import json_bytes, printable
from klantprofiel.pronouns import Person
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.store.protocol import (
    EVERYONE,
    INTERVIEW_FIELDS,
    DamagedRow,
    InterviewRow,
    Records,
    Store,
    StoredInterview,
)

EXPORT_BATCH = 500


def export(store: Store, out: BinaryIO, fmt: str, *, records: Records = EVERYONE, lang: str = "nl", delimiter: str = ",") -> int:
    """Write the interviews (all, or some customers': `identity.select`), oldest first; returns how many."""
    try:
        if fmt == "csv":
            return _csv(store, out, records, delimiter)
        if fmt == "markdown":
            return _markdown(store, out, records, lang)
        return _json(store, out, records, lang, fmt)
    except DamagedRow as e:  # found in this process or in a worker
        raise store.damaged(e) from None


def _batches(store: Store, records: Records) -> Iterator[list[InterviewRow]]:
    return store.interview_rows(records, EXPORT_BATCH)


_SET = itemgetter(INTERVIEW_FIELDS.index("question_set"), INTERVIEW_FIELDS.index("set_version"))
"""A row's question set and version."""


def _json(store: Store, out: BinaryIO, records: Records, lang: str, fmt: str) -> int:
    """JSON lines or a JSON array, rendered batch by batch, by workers on every core when large."""
    sets: dict[tuple[str, str], QuestionSet] = {}
    """The sets every process has (workers get what is here when they start)."""
    count = 0

    def payloads() -> Iterator[tuple[bool, bytes | list[tuple], dict]]:
        nonlocal count
        for rows in _batches(store, records):
            sets_new = {key: store.question_set(*key) for key in set(map(_SET, rows)) if key not in sets}
            yield count == 0, _packed(rows), sets_new
            count += len(rows)

    def prepare() -> None:
        sets.update({key: store.question_set(*key) for key in store.kept_sets()})

    written_in_turn(_JsonWork(sets, lang, fmt, store.pronouns(records)), payloads(), out, prepare)
    # a customer's export (the right of access) holds his drafts too; the whole store's stays interviews, as import reads them
    # and what was said about his profile's lines
    extras = [] if records is EVERYONE else [*map(draft_record, reversed(store.drafts(records))), *map(feedback_record, store.feedback(records))]
    drafts = [json_bytes(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()) for record in extras]
    if fmt == "jsonl":
        out.write(b"".join(d + b"\n" for d in drafts))
    elif drafts:
        out.write((b",\n" if count else b"[\n") + b",\n".join(drafts) + b"\n]\n")
    else:
        out.write(b"\n]\n" if count else b"[]\n")
    return count


def _packed(rows: list[InterviewRow]) -> bytes | list[tuple]:
    """A batch's rows as they travel to a worker: marshalled, at a seventh of what pickling them
    costs the main process (which reads the store meanwhile, on one of the same two cores); as
    plain tuples if a store ever hands a value marshal cannot write."""
    plain = list(map(tuple, rows))  # marshal writes tuples, not named rows
    try:
        return marshal.dumps(plain)
    except ValueError:
        return plain


class _JsonWork:
    """Renders a batch of stored rows as export JSON, in this process or in a worker: (is it the
    first batch, the rows, sets this process may not have yet) -> the batch's bytes. Each
    customer is written by the pronoun the store keeps for him (`Store.pronouns`), as `show` writes him."""

    def __init__(self, sets: dict[tuple[str, str], QuestionSet], lang: str, fmt: str, pronouns: dict[str, str]) -> None:
        self.sets, self.lang, self.fmt, self.pronouns = sets, lang, fmt, pronouns
        self.renderers: dict[tuple[str, str], ProfileJson] = {}

    def __reduce__(self) -> tuple[type[_JsonWork], tuple[dict[tuple[str, str], QuestionSet], str, str, dict[str, str]]]:
        """What a spawned worker gets: the sets and the pronouns as data; it makes its own renderers (their lookup tables hold closures)."""
        return _JsonWork, (self.sets, self.lang, self.fmt, self.pronouns)

    def __call__(self, payload: tuple[bool, bytes | list[tuple], dict]) -> bytes:
        first, packed, new_sets = payload
        rows: list[tuple] = marshal.loads(packed) if isinstance(packed, bytes) else packed
        self.sets.update(new_sets)
        records: list[bytes] = []
        for key, run in groupby(rows, key=_SET):  # runs of one set and version, in order
            if key not in self.renderers:
                self.renderers[key] = ProfileJson(self.sets[key], self.lang, self.pronouns)
            records += self.renderers[key].render(list(run))
        if self.fmt == "jsonl":
            return b"\n".join([*records, b""])
        return b"[\n" + b",\n".join(records) if first else b",\n".join([b"", *records])


def _csv(store: Store, out: BinaryIO, records: Records, delimiter: str) -> int:
    """One row per interview: who/when columns, then one column per question of every set used,
    each answer written as its kind writes it (`Kind.csv`)."""
    sets = {key: store.question_set(*key) for key in store.sets_used(records)}
    questions = list(dict.fromkeys(q.id for qs in sets.values() for q in qs.questions))
    writers = {key: {q.id: kinds.of(q).csv for q in qs.questions} for key, qs in sets.items()}
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow([*csvfmt.EXPORT_COLUMNS, *questions])
    count = 0
    for batch in _batches(store, records):
        for row in batch:
            item = StoredInterview.from_row(row)
            meta = [item.id, item.uid, item.created_at, item.source, item.customer_key, *item.meta.values(), item.external_id,
                    item.question_set, item.set_version, item.known, item.total]
            cell_of = writers.get((item.question_set, item.set_version), {})
            answers = [None if item.answers.get(q) is None else cell_of.get(q, str)(item.answers[q]) for q in questions]
            writer.writerow([_cell(v) for v in meta + answers])
        count += len(batch)
    text.detach()
    return count


def _cell(value: object) -> str:
    """A cell a spreadsheet will not run and a terminal will not act on: CSV cannot escape a
    control character, so it is written as `printable` shows it (JSON keeps the exact text)."""
    return "" if value is None else csvfmt.neutralise(printable(str(value)))


def _markdown(store: Store, out: BinaryIO, records: Records, lang: str) -> int:
    count, pronouns = 0, store.pronouns(records)
    for batch in _batches(store, records):
        for row in batch:
            item = StoredInterview.from_row(row)
            qs = store.question_set(item.question_set, item.set_version)
            person = Person.of(pronouns.get(item.customer_key), item.customer)
            out.write((b"\n---\n\n" if count else b"") + to_markdown(item.record(qs, lang, person)).encode())
            count += 1
    return count
