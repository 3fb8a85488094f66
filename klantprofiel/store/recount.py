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
customer index's copy for the customers whose latest interview changed.
"""

from __future__ import annotations

import json
import sqlite3

from klantprofiel.profile.derive import tally
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.questionset.read_with import reading_fingerprint

RECOUNT_CHUNK = 2000


def stale(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(set id, version, fingerprint now) of each kept set whose interviews were counted with something else."""
    kept = conn.execute("SELECT id, version, counted_with FROM question_sets").fetchall()
    now = {set_id: reading_fingerprint(set_id) for set_id in {row[0] for row in kept}}
    return [(set_id, version, now[set_id]) for set_id, version, counted in kept if counted != now[set_id]]


def mark(conn: sqlite3.Connection, set_id: str, version: str, fingerprint: str | None) -> None:
    """Its interviews are counted as `fingerprint` reads them (None: not known to be; counted again on the next read)."""
    conn.execute("UPDATE question_sets SET counted_with = ? WHERE id = ? AND version = ?", (fingerprint, set_id, version))


def recount(conn: sqlite3.Connection, set_id: str, version: str, qs: QuestionSet) -> int:
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
    conn.executemany("UPDATE customers SET known = ?, total = ? WHERE last_id = ?", changed)  # his latest interview's, as catch_up copies it
    return len(changed)
