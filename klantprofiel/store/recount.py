"""Known/total of the stored interviews, kept equal to what reading them derives.

An interview stores how well it knows the customer (known of total counted questions) so that
`list` can sort and page by it and CSV can hold it without deriving every profile. But it is read
with the set `questionset.read_with` picks, which can differ from the one it was counted with: an
interview imported against an older version is read with the built-in set it still fits, and the
built-in set itself changes with a new klantprofiel or a trainer's edit. `show` derives, so `list`
and CSV would say 1/13 where `show` says 1/14.

So each kept set records what its interviews were counted with (`question_sets.counted_with`, a
`reading_fingerprint`). Before the customer index or an export is read, `stale` finds the sets
whose fingerprint moved (a query and a few file reads, whatever the store's size), and `recount`
counts their interviews again with the set they are read with, in one transaction, and mends the
customer index's copy for the customers whose latest interview changed (SQLite's; PostgreSQL
derives its list from the interviews themselves). Both stores run these statements, written with
`?` (PostgreSQL through its `Qmark`): a store that kept the stored numbers as they were would
list 1/13 where `show` says 1/14.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any, Protocol

from klantprofiel.errors import UserError
from klantprofiel.profile.derive import tally
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.questionset.read_with import reading_fingerprint

RECOUNT_CHUNK = 2000


class Statements(Protocol):
    """A connection that takes `?` statements: sqlite3's, or PostgreSQL's `Qmark`."""

    def execute(self, sql: str, params: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, rows: Iterable[Any], /) -> Any: ...


def stale(conn: Statements) -> list[tuple[str, str, str]]:
    """(set id, version, fingerprint now) of each kept set whose interviews were counted with something else."""
    kept = conn.execute("SELECT id, version, counted_with FROM question_sets").fetchall()
    now = {set_id: reading_fingerprint(set_id) for set_id in {row[0] for row in kept}}
    return [(set_id, version, now[set_id]) for set_id, version, counted in kept if counted != now[set_id]]


def mark(conn: Statements, set_id: str, version: str, fingerprint: str | None) -> None:
    """Its interviews are counted as `fingerprint` reads them (None: not known to be; counted again on the next read)."""
    conn.execute("UPDATE question_sets SET counted_with = ? WHERE id = ? AND version = ?", (fingerprint, set_id, version))


def recount(conn: Statements, set_id: str, version: str, qs: QuestionSet, *, index: bool = True) -> int:
    """Inside a write transaction: count the interviews of `set_id` `version` again as `qs` reads
    them; returns how many changed. A row whose answers cannot be read is left as it is (reading it
    says it is damaged)."""
    rows = conn.execute("SELECT id, answers, known, total FROM interviews WHERE question_set = ? AND set_version = ?", (set_id, version))
    changed: list[tuple[int, int, int]] = []
    while chunk := rows.fetchmany(RECOUNT_CHUNK):
        for interview_id, answers, known, total in chunk:
            try:
                values = json.loads(answers)
            except (TypeError, ValueError):
                continue
            if not isinstance(values, dict):
                continue
            counted = tally(qs, values)
            if counted != (known, total):
                changed.append((*counted, interview_id))
    conn.executemany("UPDATE interviews SET known = ?, total = ? WHERE id = ?", changed)
    if index:  # SQLite's customer index: his latest interview's, as catch_up copies it
        conn.executemany("UPDATE customers SET known = ?, total = ? WHERE last_id = ?", changed)
    return len(changed)


def counted(conn: Statements, qs: QuestionSet, read_with: QuestionSet, new: bool) -> None:
    """An interview of `qs` was just counted with it (`checked_row`), inside the caller's
    transaction: `new`, the first of its set and version, records what they are counted with;
    one read with another set (`read_with`, `questionset.read_with`) has them counted again."""
    if read_with.content_hash != qs.content_hash:
        mark(conn, qs.id, qs.version, None)
    elif new:
        mark(conn, qs.id, qs.version, reading_fingerprint(qs.id))


def counts_current(reading: Statements, transaction: Callable[[], AbstractContextManager[Statements]],
                   question_set: Callable[[str, str], QuestionSet], *, index: bool = True) -> None:
    """Count again the interviews whose set reads them otherwise now: once after the set changed,
    before anything reads their known/total (a store's list, its export)."""
    if not stale(reading):
        return
    with transaction() as conn:
        for set_id, version, now in stale(conn):  # again, under the lock
            try:
                qs = question_set(set_id, version)
            except UserError:  # a copy that cannot be read: its interviews say so when they are read
                continue
            recount(conn, set_id, version, qs, index=index)
            mark(conn, set_id, version, now)
