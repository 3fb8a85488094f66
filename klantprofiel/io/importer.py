"""Batch import: a stream of records checked and stored as interviews, all or nothing.

The records flow from the reader, a batch of a few hundred at a time, through the check
(`record_check.check_record`, in worker processes for a large file; here for what a worker
cannot decide alone) into SQLite, all in one transaction, so memory stays flat however long the file is. Each invalid record is handed to
`on_reject` as soon as it is found (the CLI prints it, --rejects writes it); nothing collects
them. By default one invalid record rolls the whole import back, after every record has been
checked, so the report is complete; with `skip_invalid` the valid ones are committed.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from itertools import repeat
from typing import Any, cast

from klantprofiel.answers import AnswerProblem
from klantprofiel.dates import now_utc
from klantprofiel.i18n import Msg, rendered
from klantprofiel.io import parallel
from klantprofiel.io.import_record import ImportRecord
from klantprofiel.io.readers import Source, Unparsable
from klantprofiel.io.record_check import Checked, OwnSet, SetChoice, check_record, check_valid_record
from klantprofiel.io.records import is_draft_record, is_feedback_record
from klantprofiel.printable import json_text
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.store.protocol import Arrivals, Store

IMPORT_BATCH = 500
"""Records checked and stored together: enough to keep Python out of the way, few enough for flat memory."""


@dataclass
class ImportSummary:
    """What an import did, for the closing line (and --json)."""

    file: str
    format: str
    read: int = 0
    valid: int = 0
    rejected: int = 0
    stored: int = 0
    """New interviews (with --dry-run: that would be stored)."""
    new_customers: int = 0
    skipped: int = 0
    """Records not stored: their interview is stored already (`already_there`), or their customer
    was known and --existing is skip."""
    already_there: int = 0
    replaced: int = 0
    """Interviews from before the import that its records took the place of (--existing replace)."""
    matched_customers: int = 0
    """Customers stored before that the records found (by id, external id, or name and organisation)."""
    renamed: list[tuple[str, str]] = field(default_factory=list)
    """(old name, new name): customers found by their external id whose CRM now spells them otherwise."""
    import_id: int | None = None
    """The number `import --undo` takes; None when nothing was stored."""
    existing: str = "new-interview"
    dry_run: bool = False
    skip_invalid: bool = False
    seconds: float = 0.0
    labels: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """How often a valid record named a choice by a label: (question id, text given, choice id) -> records."""

    def to_json(self) -> dict[str, Any]:
        labels = [{"question": q, "label": given, "read_as": read_as, "count": n} for (q, given, read_as), n in self._labels()]
        return {**{f.name: getattr(self, f.name) for f in fields(self)}, "seconds": round(self.seconds, 3), "labels": labels}

    def label_lines(self) -> list[Msg]:
        """`learning_mode: "Luistert liever" read as listen (12×)`, one per label."""
        return [Msg("label_read_as", question=q, given=json_text(json.dumps(given, ensure_ascii=False)), read_as=read_as, n=n)
                for (q, given, read_as), n in self._labels()]

    def _labels(self) -> list[tuple[tuple[str, str, str], int]]:
        """The labels read, a question's together, questions and labels in the order first read."""
        first = {q: i for i, (q, _, _) in reversed(list(enumerate(self.labels)))}
        return sorted(self.labels.items(), key=lambda item: first[item[0][0]])

    def count(self, arrivals: Arrivals) -> None:
        self.stored, self.new_customers, self.replaced = arrivals.new_interviews, arrivals.new_customers, arrivals.replaced
        self.already_there, self.skipped = arrivals.already_there, arrivals.skipped + arrivals.already_there
        self.import_id = arrivals.import_id
        self.matched_customers, self.renamed = arrivals.matched_customers, arrivals.renamed


@dataclass(frozen=True)
class Rejection:
    """One invalid record: where it starts, what is wrong, and the record itself (for --rejects)."""

    where: Msg
    position: int
    problems: list[AnswerProblem]
    data: Any
    raw: Any

    def reasons(self, lang: str = "nl") -> list[str]:
        return [problem_line(p, lang) for p in self.problems]


def problem_line(p: AnswerProblem, lang: str = "nl") -> str:
    """`field = value: what is wrong, what is allowed`, one line, in `lang`."""
    message = rendered(p.message, lang)
    if not p.field:
        return message
    if p.value is None:
        return f"{p.field}: {message}"
    given = json_text(json.dumps(p.value, ensure_ascii=False, default=str))
    return f"{p.field} = {given if len(given) <= 60 else given[:57] + '…'}: {message}"


def _items(batch: list[tuple[int, Any, Any]]) -> list[Any]:
    return [item for _, item, _ in batch]


Labels = tuple[tuple[str, str, str], ...]
"""The choices a record's answers named by a label: (question id, text given, choice id)."""


class _BatchCheck:
    """The check of a batch in a worker (or here): the row of each record of the import's own set
    that `check_record` takes, and the labels those named choices by. Anything else is None and
    is looked at again in the main process, which can say why: a record that is refused, not
    JSON or not UTF-8, a draft, one of another set or version (the store keeps those), so both
    decide every record alike."""

    def __init__(self, qs: QuestionSet, now: str, json_text: bool) -> None:
        self.sets = OwnSet(qs)
        self.now = now
        self.json_text = json_text
        ImportRecord.model_rebuild()  # its schema is built on first use: now, so that its validator exists
        validator = ImportRecord.__pydantic_validator__
        self.validate: Callable[[Any], ImportRecord] = validator.validate_json if json_text else validator.validate_python
        """`ImportRecord.model_validate_json` (or `model_validate`) without the classmethod around
        the model's validator, which passes it five keyword arguments (all None) for every record."""

    def __reduce__(self) -> tuple[type[_BatchCheck], tuple[QuestionSet, str, bool]]:
        """What a spawned worker gets: the set as data, from which it makes its own `OwnSet` (which holds a callback)."""
        return _BatchCheck, (self.sets.default, self.now, self.json_text)

    def __call__(self, items: list[Any]) -> tuple[list[tuple | None], list[Labels]]:
        """The rows, and per record the labels it named choices by (no list at all where none did)."""
        done = list(map(self._one, items))
        rows = [row for row, _ in done]
        return rows, [labels for _, labels in done] if any(labels for _, labels in done) else []

    def _one(self, item: Any) -> tuple[tuple | None, Labels]:
        try:
            record = self.validate(item)
        except ValueError:  # not JSON, not UTF-8, not of the right shape: the main process says what
            return None, ()
        checked = check_valid_record(record, self.sets, self.now)
        if checked.row is None or checked.qs is not self.sets.default:
            return None, ()
        return checked.row, checked.labels


def _check(data: Any, sets: SetChoice, now: str) -> Checked:
    if isinstance(data, Unparsable):
        return Checked(None, [AnswerProblem("", data.message)])
    return check_record(data, sets, now)


class _RollBack(Exception):
    """An invalid record in an all-or-nothing import: undo the transaction."""


def import_records(source: Source, store: Store | None, qs: QuestionSet, *, dry_run: bool = False, skip_invalid: bool = False,
                   existing: str = "new-interview",
                   on_reject: Callable[[Rejection], None] = lambda r: None,
                   on_progress: Callable[[int], None] | None = None,
                   on_note: Callable[[Msg], None] = lambda text: None) -> ImportSummary:
    """Check every record of `source` and store the valid ones in `store` (`store/imports.py`:
    which customer, already there, `existing`). A dry run (or no store) stores nothing, but
    checks against the sets and customers the store keeps as the real run would.
    `on_note` hears what the report should say beside the problems (records of an older set version)."""
    dry_run = dry_run or store is None
    summary = ImportSummary(source.name, source.format, existing=existing, dry_run=dry_run, skip_invalid=skip_invalid)
    writer = store.import_writer(source.name, existing, dry_run) if store is not None and dry_run else None  # a real run's: below, under its lock
    started = time.perf_counter()
    now = now_utc()
    check = _BatchCheck(qs, now, source.json_text)
    sets = SetChoice(qs, store, on_note)
    used = {(qs.id, qs.version): qs}
    """The sets the stored interviews were answered against; the store keeps a copy of each."""

    def reject(position: int, raw: Any, data: Any, problems: list[AnswerProblem]) -> None:
        summary.rejected += 1
        named = [AnswerProblem(source.field(p.field) if p.field else "", p.message, p.value) for p in problems]
        on_reject(Rejection(source.at(position), position, named, data, source.original(raw)))

    def decoded(position: int, item: Any) -> Any:
        try:
            return source.decode(item)
        except UnicodeDecodeError as e:  # one bad byte means a file in another encoding: say so once
            raise source.not_utf8(e, Msg("where_prefix", where=source.at(position))) from None

    def settle(batch: list[tuple[int, Any, Any]], rows: list[tuple | None], heard: list[Labels]) -> list[tuple[tuple[int, Any, Any], tuple]]:
        """The rows the batch's check took, with the records it left decided here (labels counted in record order)."""
        settled = []
        for entry, row, labels in zip(batch, rows, heard or repeat(())):
            summary.labels.update(labels)
            if row is None:
                position, item, raw = entry
                data = decoded(position, item)
                if is_draft_record(data):  # `export -c` writes his drafts too; they are not interviews
                    on_note(Msg("record_draft_skipped", where=source.at(position)))
                    continue
                if is_feedback_record(data):  # and what was said about his lines, which belongs to interviews stored here
                    on_note(Msg("record_feedback_skipped", where=source.at(position)))
                    continue
                checked = _check(data, sets, now)
                if checked.row is None:
                    reject(position, raw, data, checked.problems)
                    continue
                row = checked.row
                summary.labels.update(checked.labels)
                if checked.qs is not None:
                    used.setdefault((checked.qs.id, checked.qs.version), checked.qs)
            settled.append((entry, row))
        return settled

    def placed(settled: list[tuple[tuple[int, Any, Any], tuple]]) -> list[tuple]:
        """The rows to insert: each record's customer found (or a record that fits nobody rejected),
        those already there or skipped left out."""
        if writer is None:
            return [row for _, row in settled]
        rows = []
        for ((position, item, raw), _), outcome in zip(settled, writer.place([row for _, row in settled])):
            if isinstance(outcome, AnswerProblem):
                reject(position, raw, decoded(position, item), [outcome])
            elif outcome is not None:
                rows.append(outcome)
        return rows

    def batches() -> Iterator[list[tuple]]:
        read = source.batches(IMPORT_BATCH)
        for batch, (rows, heard) in parallel.ordered(check, read, part=_items):
            settled = settle(batch, rows, heard) if None in rows or heard else list(zip(batch, cast(list[tuple], rows)))
            summary.read += len(batch)
            rejected = summary.rejected
            to_store = placed(settled)
            summary.valid += len(settled) - (summary.rejected - rejected)
            if on_progress is not None:
                on_progress(summary.read)
            if not summary.rejected or skip_invalid:  # else all or nothing is lost: only check on, for the report
                if writer is not None:
                    writer.write(to_store)
                else:
                    summary.stored += len(to_store)
                yield to_store
            elif writer is not None:
                writer.pass_over()

    try:
        if dry_run:
            if store is not None:
                store.check_set(qs)
            for _ in batches():
                pass
            summary.stored = 0
        else:
            assert store is not None, "only a dry run goes without a store"
            with store.transaction():
                # under the write lock: who is stored and the last interview id, as the writer reads
                # them, include what another import stored while this one waited for its turn
                writer = store.import_writer(source.name, existing, dry_run)
                store.keep_set(qs)  # refused before a record is read if it differs from the copy kept of its version
                writer.begin()
                for _ in batches():
                    pass
                for used_set in used.values():
                    store.keep_set(used_set)
                if summary.rejected and not skip_invalid:
                    raise _RollBack
                writer.end()
            summary.count(writer.arrivals)
    except _RollBack:
        summary.stored = 0
    summary.seconds = time.perf_counter() - started
    return summary
