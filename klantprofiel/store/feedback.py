"""Feedback on profile lines in the store: one row per verdict, kept with its interview."""

from __future__ import annotations

from dataclasses import dataclass

from klantprofiel.store.identity import Customer, Records
from klantprofiel.store.interviews import Store, now_utc


@dataclass(frozen=True)
class StoredFeedback:
    interview_id: int
    line: str
    """`set.rule`: the rule that wrote the line."""
    verdict: str
    """"useful" or "wrong"."""
    note: str | None
    created_at: str


@dataclass(frozen=True)
class Tally:
    """How often the salespeople said a rule's line was wrong, or useful."""

    line: str
    wrong: int
    useful: int
    last_note: str | None


def add(store: Store, interview_id: int, line: str, verdict: str, note: str | None) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO feedback (interview_id, line, verdict, note, created_at) VALUES (?, ?, ?, ?, ?)",
                     (interview_id, line, verdict, note, now_utc()))


def of(store: Store, records: Records) -> list[StoredFeedback]:
    """The feedback on some customers' interviews (`identity.select`), oldest first."""
    rows = store.conn.execute(
        "SELECT f.interview_id, f.line, f.verdict, f.note, f.created_at FROM feedback f JOIN interviews ON interviews.id = f.interview_id"
        f" WHERE {records.where} ORDER BY f.id", records.params)
    return [StoredFeedback(*row) for row in rows]


def by_rule(store: Store) -> list[Tally]:
    """Per rule, its verdicts; the rules most often called wrong first."""
    rows = store.conn.execute(
        "SELECT line, sum(verdict = 'wrong'), sum(verdict = 'useful'),"
        " (SELECT note FROM feedback n WHERE n.line = f.line AND n.note IS NOT NULL ORDER BY n.id DESC LIMIT 1)"
        " FROM feedback f GROUP BY line ORDER BY 2 DESC, 3 ASC, line")
    return [Tally(*row) for row in rows]


def called_wrong(store: Store, customer: Customer) -> frozenset[str]:
    """The lines (`set.rule`) of a customer whose last verdict is "wrong"."""
    last = {f.line: f.verdict for f in of(store, customer.records)}
    return frozenset(line for line, verdict in last.items() if verdict == "wrong")
