"""Which stored records a name means, for the commands that hand a person's data over or erase
it (`export -c`, `delete`): never two people's at once.

Customers are told apart by name only (a stable customer id is still to come), so two "Jan de
Vries" at different organisations share one name. A name whose interviews and drafts carry more
than one organisation may therefore mean more than one person: it is refused, with the
candidates, until an organisation is chosen. Once one is chosen, only the records of that
organisation are meant; records without an organisation could be either person's and are left
out (the safe side for both erasing and handing over), unless the organisation chosen is "" —
the records without one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from klantprofiel.errors import NotFoundError, UserError
from klantprofiel.names import customer_key, loose_key, repaired
from klantprofiel.printable import shell_word

if TYPE_CHECKING:
    from klantprofiel.store.interviews import Store

ORGANISATION_OF_DRAFT = "json_extract(state, '$.meta.organisation')"


@dataclass(frozen=True)
class Candidate:
    """The records of one name at one organisation (None: those without an organisation)."""

    name: str
    organisation: str | None
    interviews: int
    drafts: int
    last_meeting: str | None

    def line(self) -> str:
        counts = f"{self.interviews} interview(s)" + (f", {self.drafts} draft(s)" if self.drafts else "")
        last = f", last meeting {self.last_meeting}" if self.last_meeting else ""
        return f"{self.name} · {self.organisation or '(no organisation)'} · {counts}{last}"


@dataclass(frozen=True)
class Records:
    """Some customers' records: `where` fits the interviews table and `where_drafts` the drafts
    table, each with `params`."""

    where: str
    where_drafts: str
    params: tuple


EVERYONE = Records("1", "1", ())


def named(name: str) -> Records:
    """Every record of a name, whoever it means (for showing him, never for handing over or erasing)."""
    return Records("customer_key = ?", "customer_key = ?", (customer_key(name),))


@dataclass(frozen=True)
class Selection(Records):
    """The records one name (and organisation, if chosen) means."""

    name: str = ""
    """The name as it was last stored."""
    interviews: int = 0
    drafts: int = 0
    left_out: Candidate | None = None
    """Records without an organisation that an organisation chosen left out."""


def records_of(selections: list[Selection]) -> Records:
    """The records of all these selections together (of everyone for none)."""
    if not selections:
        return EVERYONE
    return Records(" OR ".join(f"({s.where})" for s in selections), " OR ".join(f"({s.where_drafts})" for s in selections),
                   tuple(p for s in selections for p in s.params))


class AmbiguousName(UserError):
    """A name that may mean more than one person; nothing is done with it."""

    def __init__(self, name: str, candidates: list[Candidate], command: str) -> None:
        known = [c for c in candidates if c.organisation is not None]
        lines = "\n".join(f"  {c.line()}" for c in candidates)
        example = f"{command} {shell_word(name)} --organisation {shell_word(known[0].organisation or '')}"
        super().__init__(f"'{name}' may be more than one person: the records name {len(known)} organisations. "
                         f"klantprofiel does not guess which one is meant, so nothing was done.\n{lines}",
                         hint=f"Choose one with --organisation, e.g.: {example} (--organisation '' chooses the records without one).")
        self.candidates = candidates


def candidates(store: Store, name: str) -> list[Candidate]:
    """The records of a name per organisation, the organisation last interviewed first; [] if none."""
    key = customer_key(name)
    groups: dict[str | None, dict] = {}
    interviews = store.conn.execute("SELECT customer, organisation, coalesce(meeting_date, substr(created_at, 1, 10)) FROM interviews"
                                    " WHERE customer_key = ? ORDER BY id DESC", (key,))
    drafts = store.conn.execute(f"SELECT customer, {ORGANISATION_OF_DRAFT}, NULL FROM drafts WHERE customer_key = ? ORDER BY updated_at DESC", (key,))
    for kind, rows in (("interviews", interviews), ("drafts", drafts)):
        for stored_name, organisation, meeting in rows:
            org = loose_key(organisation)
            group = groups.setdefault(org, {"name": stored_name, "organisation": repaired(organisation) if org else None,
                                            "interviews": 0, "drafts": 0, "last_meeting": None})
            group[kind] += 1
            group["last_meeting"] = max(filter(None, (group["last_meeting"], meeting)), default=None)
    return [Candidate(**g) for g in groups.values()]


def select(store: Store, name: str, organisation: str | None = None, *, command: str) -> Selection:
    """The records `name` means (at `organisation`, if given; "" for those without one).

    Raises NotFoundError when there are none, AmbiguousName when the name may mean more than one
    person and no organisation was chosen. `command` is quoted in the hint ("klantprofiel delete")."""
    found = candidates(store, name)
    if not found:
        raise store.not_found(name)
    key = customer_key(name)
    if organisation is None:
        if sum(c.organisation is not None for c in found) > 1:
            raise AmbiguousName(found[0].name, found, command)
        return Selection("customer_key = ?", "customer_key = ?", (key,),
                         found[0].name, sum(c.interviews for c in found), sum(c.drafts for c in found))
    org = loose_key(organisation)
    chosen = [c for c in found if loose_key(c.organisation) == org]
    if not chosen:
        at = f"at organisation '{organisation}'" if org else "without an organisation"
        raise NotFoundError(f"No records of '{found[0].name}' {at}.", hint="Stored:\n" + "\n".join(f"  {c.line()}" for c in found))
    left_out = next((c for c in found if c.organisation is None), None) if org else None
    return Selection("customer_key = ? AND organisation_key(organisation) IS ?", f"customer_key = ? AND organisation_key({ORGANISATION_OF_DRAFT}) IS ?",
                     (key, org), chosen[0].name, chosen[0].interviews, chosen[0].drafts, left_out)
