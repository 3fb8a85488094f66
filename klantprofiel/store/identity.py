"""Who a customer is: a person with an id klantprofiel gave him, not his name.

Two people called "Jan de Vries" (one at a bakery, one at a garage) are two customers, each
with an id of his own (`k-` and eight letters and digits, never all digits, so it cannot be
taken for an interview number). Interviews and drafts name the id (`customer_key`); the
`people` table holds each one's name as first typed (shown everywhere; `rename` changes it),
his name compared the one way (`names.customer_key`), his organisation and, optionally, the id
his CRM gives him (`external_id`).

A command given a NAME finds the people of that name; one that matches more than one person is
refused with the candidates (name, organisation, id, last meeting) until `--organisation` or
the id says which one, so nothing ever shows, hands over or erases two people's records at once.
A record arriving with its own who (an import, an answers file) is matched by `match`: its
customer id, then its external id, then its name and organisation.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from klantprofiel.answers import AnswerProblem
from klantprofiel.errors import NotFoundError, UserError
from klantprofiel.i18n import Joined, Lines, Msg
from klantprofiel.names import customer_key, loose_key, normalise, repaired
from klantprofiel.printable import shell_word
from klantprofiel.store.protocol import EVERYONE as EVERYONE
from klantprofiel.store.protocol import Customer, CustomerCounts, Records
from klantprofiel.store.protocol import records_of as records_of

if TYPE_CHECKING:
    from klantprofiel.store.protocol import Store

ORGANISATION_OF_DRAFT = "json_extract(state, '$.meta.organisation')"

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
"""Crockford's base 32, lower case: no i, l, o or u to misread or mistype."""
ID_LENGTH = 8
"""40 random bits: a store's own ids are checked for clashes, and one from another store's
export meets a different person of this one about once in a trillion."""
_ID = re.compile(rf"k-[{_ALPHABET}]{{{ID_LENGTH}}}")
EXAMPLE_ID = "k-7f3a9c2d"


def new_customer_id() -> str:
    number = int.from_bytes(secrets.token_bytes(5), "big")
    return "k-" + "".join(_ALPHABET[(number >> shift) & 31] for shift in range(5 * (ID_LENGTH - 1), -1, -5))


def customer_id(text: str) -> str | None:
    """The customer id `text` is written as (any case, spaces around), or None."""
    folded = text.strip().lower()
    return folded if _ID.fullmatch(folded) else None


def whose(records: Records, column: str = "customer_key") -> tuple[str, tuple]:
    """The SQL condition (and its parameters) that picks these customers' rows by `column`."""
    if records.ids is None:
        return "1", ()
    return f"{column} IN ({', '.join('?' * len(records.ids))})", records.ids


_PEOPLE = "SELECT id, name, organisation, external_id FROM people"


def _customers(conn: sqlite3.Connection, where: str, params: tuple) -> list[Customer]:
    return [Customer(*row) for row in conn.execute(f"{_PEOPLE} WHERE {where} ORDER BY rowid", params)]


def by_id(conn: sqlite3.Connection, cid: str) -> Customer | None:
    found = _customers(conn, "id = ?", (cid,))
    return found[0] if found else None


def by_external_id(conn: sqlite3.Connection, external_id: str) -> Customer | None:
    found = _customers(conn, "external_id = ?", (external_id,))
    return found[0] if found else None


def of_name(conn: sqlite3.Connection, name: str) -> list[Customer]:
    """Everyone stored under this name (compared as `customer_key` does), first stored first."""
    try:
        key = customer_key(name)
    except UserError:
        return []
    return _customers(conn, "name_key = ?", (key,))


def argument(store: Store, customer: Customer) -> str:
    """How a hint names him on a command line: his name (quoted for the shell), or his id where
    another customer has that name too."""
    return customer.id if len(store.of_name(customer.name)) > 1 else shell_word(customer.name)


@dataclass(frozen=True)
class Candidate(CustomerCounts):
    """One of the people a name may mean, as the refusal lists him."""

    def line(self) -> Msg:
        c = self.customer
        return Msg("candidate", name=c.name, organisation=c.organisation or Msg("no_organisation"), id=c.id, interviews=self.interviews,
                   drafts=Msg("candidate_drafts", n=self.drafts) if self.drafts else "",
                   last=Msg("candidate_last", date=self.last_meeting) if self.last_meeting else "")


def counts(conn: sqlite3.Connection, customer: Customer) -> CustomerCounts:
    interviews, last, drafts = conn.execute(
        "SELECT count(*), max(coalesce(meeting_date, substr(created_at, 1, 10))),"
        " (SELECT count(*) FROM drafts WHERE customer_key = :id) FROM interviews WHERE customer_key = :id", {"id": customer.id}).fetchone()
    return CustomerCounts(customer, interviews, drafts, last)


def candidate(store: Store, customer: Customer) -> Candidate:
    """He, as a refusal lists him."""
    found = store.counts(customer)
    return Candidate(found.customer, found.interviews, found.drafts, found.last_meeting)


class AmbiguousName(UserError):
    """A name that means more than one person; nothing is done with it."""

    def __init__(self, name: str, candidates: list[Candidate], command: str) -> None:
        with_organisation = next((c.customer for c in candidates if c.customer.organisation), candidates[0].customer)
        example = f"{command} {shell_word(name)} --organisation {shell_word(with_organisation.organisation or '')}"
        super().__init__("ambiguous_name", hint="ambiguous_name_hint", name=name, n=len(candidates), lines=Lines([c.line() for c in candidates]),
                         example=example, by_id=f"{command} {candidates[0].customer.id}")
        self.candidates = candidates


def _at(people: list[Customer], organisation: str) -> list[Customer]:
    """Those at this organisation, compared loosely ("" or spaces: those without one)."""
    org = loose_key(organisation)
    return [c for c in people if loose_key(c.organisation) == org]


def find(store: Store, text: str, organisation: str | None = None, *, command: str = "klantprofiel show") -> Customer:
    """The one customer `text` (a customer id or a name) means, at `organisation` if given.

    Raises NotFoundError (with close names) when nobody is, AmbiguousName when the name is more
    than one person's and no organisation picks one. `command` is quoted in the hint."""
    cid = customer_id(text)
    if cid is not None:
        found = store.by_id(cid)
        if found is None:
            raise NotFoundError("no_customer_id", hint="see_ids_hint", id=cid)
        if organisation is not None and not _at([found], organisation):
            raise NotFoundError("not_at_organisation", name=found.name, id=cid, organisation=organisation)
        return found
    people = store.of_name(text)
    if not people:
        raise store.not_found(text)
    if organisation is not None:
        chosen = _at(people, organisation)
        if not chosen:
            raise NotFoundError("no_customer_at" if loose_key(organisation) else "no_customer_without", hint="stored_people_hint",
                                name=people[0].name, organisation=organisation, lines=Lines([candidate(store, c).line() for c in people]))
        people = chosen
    if len(people) > 1:
        raise AmbiguousName(people[0].name, [candidate(store, c) for c in people], command)
    return people[0]


def _chosen(people: list[Customer], organisation: str | None) -> list[Customer]:
    """Which of the people of a name a record at `organisation` is about: those at it, else the
    only one of the name if he has no organisation yet; all of them when it gives none."""
    if organisation is None:
        return list(people)
    at = _at(people, organisation)
    if at or loose_key(organisation) is None:
        return at
    return [c for c in people if c.organisation is None and len(people) == 1]


def for_interview(store: Store, text: str, organisation: str | None = None) -> Customer:
    """Whom `interview NAME|ID` (or its answers file) is about: the customer of that id, or the
    one of that name (at `organisation`, if given: `_chosen`), or a new customer of that name
    when there is none."""
    if customer_id(text) is not None:
        return find(store, text, command="klantprofiel interview")
    people = _chosen(store.of_name(text), organisation)
    if len(people) > 1:
        raise AmbiguousName(people[0].name, [candidate(store, c) for c in people], "klantprofiel interview")
    if people:
        return people[0]
    return Customer(new_customer_id(), normalise(text), repaired(organisation) or None if organisation else None, stored=False)


class Matcher:
    """Matches records arriving with their own who (import, answers file) to customers: by
    customer id, then by external id, then by name and organisation (`_chosen`).

    A customer with another external id than the record's is another person. Nobody: a new
    customer, remembered so that the next record of him finds him. The caller looks a batch of
    records up at once (`look_up`), stores the customers the batch made and then `forget`s
    them, so that memory stays flat however many customers an import makes: a later batch
    finds them in the store. A store without customers is not asked at all."""

    def __init__(self, conn: sqlite3.Connection, ids: Iterator[str] | None = None) -> None:
        self.conn = conn
        self._before = conn.execute("SELECT coalesce(max(rowid), 0) FROM people").fetchone()[0]
        """Customers up to this row were stored before this run (`known_before`)."""
        self.empty = self._before == 0
        """Nobody stored yet: nobody to find, no id to clash with."""
        self.created: dict[str, Customer] = {}
        """Customers made up since the last `forget`, by id: not stored yet."""
        self.given_external_id: dict[str, Customer] = {}
        """Stored customers a record gave an external id since the last `forget`, by id."""
        self.renamed: dict[str, tuple[str, Customer]] = {}
        """Stored customers whose CRM (their external id) now spells them otherwise: by id, the
        name they had and the customer under his new name. The CRM's spelling is his name now."""
        self._fresh = ids or iter(new_customer_id, None)
        self._names: dict[str, list[Customer]] = {}
        self._external: dict[str, Customer | None] = {}
        self._ids: dict[str, Customer | None] = {}
        self._old: set[str] = set()

    def known_before(self, customer: Customer) -> bool:
        """Was he stored before this run began (not made by one of its records)?"""
        return customer.id in self._old

    def forget(self) -> None:
        """After the caller stored what `created` and `given_external_id` hold."""
        self.empty = self.empty and not self.created
        for kept in (self._names, self._external, self._ids, self.created, self.given_external_id):
            kept.clear()
        self._old.clear()

    def _load(self, where: str, params: tuple) -> list[Customer]:
        found = []
        for row in self.conn.execute(f"SELECT id, name, organisation, external_id, rowid FROM people WHERE {where} ORDER BY rowid", params):
            found.append(Customer(*row[:4]))
            if row[4] <= self._before:
                self._old.add(row[0])
        return found

    def look_up(self, keys: set[str], ids: set[str], external_ids: set[str]) -> None:
        """Fetch the customers of these name keys, customer ids and external ids, a query each."""
        if self.empty:
            return
        for values, cache, column in ((keys, self._names, "name_key"), (ids, self._ids, "id"), (external_ids, self._external, "external_id")):
            wanted = [v for v in values if v not in cache]
            for start in range(0, len(wanted), 500):
                part = wanted[start:start + 500]
                found = self._load(f"{column} IN ({', '.join('?' * len(part))})", tuple(part))
                for value in part:
                    cache[value] = [] if column == "name_key" else None  # type: ignore[assignment]
                for c in found:
                    self._remember(c)
                    if column == "name_key":
                        self._names[customer_key(c.name)].append(c)

    def clashes(self) -> list[str]:
        """The ids of customers made since the last `forget` that a stored customer has already:
        drawn at random, that happens about once in a trillion; one query per batch."""
        made = list(self.created)
        if self.empty or not made:
            return []
        taken = []
        for start in range(0, len(made), 500):
            part = made[start:start + 500]
            taken += [cid for (cid,) in self.conn.execute(f"SELECT id FROM people WHERE id IN ({', '.join('?' * len(part))})", part)]
        return taken

    def redraw(self, cid: str) -> Customer:
        """A new id for the customer made up under `cid`, which is taken."""
        old = self.created.pop(cid)
        new = replace(old, id=self._new_id())
        self.created[new.id] = new
        self._ids[new.id] = new
        people = self._names.get(customer_key(old.name), [])
        people[:] = [new if c.id == cid else c for c in people]
        return new

    def match(self, name: str, organisation: str | None, cid: str | None = None, external_id: str | None = None) -> Customer:
        """The customer of this record. Raises AnswerProblem for a name without organisation that is
        more than one person's, or an id and external id that belong to two different customers."""
        found = self._by_id(cid) if cid is not None else None
        if found is not None:
            return self._give(found, external_id)
        if external_id is not None and (found := self._by_external(external_id)) is not None:
            return self._spelt(found, name) if found.stored else found
        people = self._of_name(customer_key(name))
        chosen = _chosen(people, organisation)
        if external_id is not None:
            chosen = [c for c in chosen if c.external_id is None]
        if len(chosen) > 1:
            names = Joined([Msg("organisation_id", organisation=c.organisation or Msg("no_organisation"), id=c.id) for c in chosen], "; ")
            raise AnswerProblem("customer.name", Msg("record_name_ambiguous", n=len(chosen), names=names), name)
        if chosen:
            return self._give(chosen[0], external_id)
        new = Customer(cid or self._new_id(), name, organisation, external_id, stored=False)
        self._remember(new)
        self.created[new.id] = new
        people.append(new)
        return new

    def _new_id(self) -> str:
        while True:
            cid = next(self._fresh)
            if cid not in self._ids:
                return cid

    def _spelt(self, found: Customer, name: str) -> Customer:
        """`found`, under the name his CRM record gives him if it is another name, not another spelling of case or spaces."""
        if customer_key(name) == customer_key(found.name):
            return found
        respelt = replace(found, name=name)
        self._remember(respelt)
        before = self.renamed.get(found.id, (found.name, found))[0]
        self.renamed[found.id] = (before, respelt)
        return respelt

    def _give(self, found: Customer, external_id: str | None) -> Customer:
        """`found`, with the record's external id if he has none yet."""
        if external_id is None or found.external_id == external_id:
            return found
        other = self._by_external(external_id)
        if found.external_id is not None or other is not None:
            holder = Msg("external_id_taken_by", name=found.name, id=found.id, external_id=found.external_id) if other is None else \
                Msg("external_id_of", name=other.name, id=other.id)
            raise AnswerProblem("customer.external_id", Msg("external_id_misfit", holder=holder), external_id)
        given = replace(found, external_id=external_id)
        self._remember(given)
        people = self._names.get(customer_key(found.name), [])
        people[:] = [given if c.id == found.id else c for c in people]
        (self.created if found.id in self.created else self.given_external_id)[found.id] = given
        return given

    def _remember(self, customer: Customer) -> None:
        self._ids[customer.id] = customer
        if customer.external_id is not None:
            self._external[customer.external_id] = customer

    def _by_id(self, cid: str) -> Customer | None:
        if cid not in self._ids:
            found = [] if self.empty else self._load("id = ?", (cid,))
            self._ids[cid] = found[0] if found else None
        return self._ids[cid]

    def _by_external(self, external_id: str) -> Customer | None:
        if external_id not in self._external:
            found = [] if self.empty else self._load("external_id = ?", (external_id,))
            self._external[external_id] = found[0] if found else None
        return self._external[external_id]

    def _of_name(self, key: str) -> list[Customer]:
        if key not in self._names:
            self._names[key] = [] if self.empty else self._load("name_key = ?", (key,))
        return self._names[key]
