"""Feedback on profile lines in the store: one row per verdict, kept with its interview."""

from __future__ import annotations

from klantprofiel.dates import now_utc
from klantprofiel.store.identity import Records, whose
from klantprofiel.store.interviews import SQLiteStore
from klantprofiel.store.protocol import StoredFeedback, Tally


def add(store: SQLiteStore, interview_id: int, line: str, verdict: str, note: str | None) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO feedback (interview_id, line, verdict, note, created_at) VALUES (?, ?, ?, ?, ?)",
                     (interview_id, line, verdict, note, now_utc()))


def on_interviews(store: SQLiteStore, records: Records) -> list[StoredFeedback]:
    """The feedback on some customers' interviews (`identity.select`), oldest first."""
    where, params = whose(records, "interviews.customer_key")
    rows = store.conn.execute(
        "SELECT f.interview_id, f.line, f.verdict, f.note, f.created_at FROM feedback f JOIN interviews ON interviews.id = f.interview_id"
        f" WHERE {where} ORDER BY f.id", params)
    return [StoredFeedback(*row) for row in rows]


def by_rule(store: SQLiteStore) -> list[Tally]:
    """Per rule, its verdicts; the rules most often called wrong first."""
    rows = store.conn.execute(
        "SELECT line, sum(verdict = 'wrong'), sum(verdict = 'useful'),"
        " (SELECT note FROM feedback n WHERE n.line = f.line AND n.note IS NOT NULL ORDER BY n.id DESC LIMIT 1)"
        " FROM feedback f GROUP BY line ORDER BY 2 DESC, 3 ASC, line")
    return [Tally(*row) for row in rows]
