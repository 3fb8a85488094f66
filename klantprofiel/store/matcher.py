"""Matching records that arrive with their own who (import, answers file) to stored customers.

Both stores match alike: the statements below are portable SQL with `?` placeholders, which the
SQLite store runs as they are and the PostgreSQL store through its `Qmark` (store/postgres/store.py),
on the `people` table both keep with the same columns (a customer's id, his name, the key it is
looked up by, his organisation, his CRM's external id, and the row number it was stored as).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace

from klantprofiel.answers import AnswerProblem
from klantprofiel.i18n import Joined, Msg
from klantprofiel.identity import chosen_for, new_customer_id
from klantprofiel.names import customer_key
from klantprofiel.store.protocol import Customer

LOOK_UP_CHUNK = 900
"""Values asked for in one `IN (...)`: under the 999 parameters of the oldest SQLite we run on, and
above the few hundred records of an import's batch (which runs a few lines past `IMPORT_BATCH`
where a block of the file ends), so a batch's look-up is one query, not two."""


class CustomerMatcher:
    """Matches records arriving with their own who (import, answers file) to customers: by
    customer id, then by external id, then by name and organisation (`chosen_for`).

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
            for start in range(0, len(wanted), LOOK_UP_CHUNK):
                part = wanted[start:start + LOOK_UP_CHUNK]
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
        for start in range(0, len(made), LOOK_UP_CHUNK):
            part = made[start:start + LOOK_UP_CHUNK]
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

    def match(self, name: str, key: str, organisation: str | None, cid: str | None = None, external_id: str | None = None) -> Customer:
        """The customer of this record (`key`: his name's `customer_key`, which the record's check
        worked out). Raises AnswerProblem for a name without organisation that is more than one
        person's, or an id and external id that belong to two different customers."""
        found = self._by_id(cid) if cid is not None else None
        if found is not None:
            return self._give(found, external_id)
        if external_id is not None and (found := self._by_external(external_id)) is not None:
            return self._spelt(found, name) if found.stored else found
        people = self._of_name(key)
        chosen = chosen_for(people, organisation)
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
