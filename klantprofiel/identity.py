"""Who a customer is: a person with an id klantprofiel gave him, not his name.

Two people called "Jan de Vries" (one at a bakery, one at a garage) are two customers, each
with an id of his own (`k-` and eight letters and digits, never all digits, so it cannot be
taken for an interview number). A store keeps each one's name as first typed (shown everywhere;
`rename` changes it), his name compared the one way (`names.customer_key`), his organisation and,
optionally, the id his CRM gives him (`external_id`).

A command given a NAME finds the people of that name (`find`); one that matches more than one
person is refused with the candidates (name, organisation, id, last meeting) until
`--organisation` or the id says which one, so nothing ever shows, hands over or erases two
people's records at once. A record arriving with its own who (an import, an answers file) is
matched by the store's importer: its customer id, then its external id, then its name and
organisation (`chosen_for`). These rules hold for every store: they ask it only through
`protocol.Store`.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from klantprofiel.errors import NotFoundError, UserError
from klantprofiel.i18n import Lines, Msg
from klantprofiel.names import loose_key, normalise, repaired
from klantprofiel.printable import shell_word
from klantprofiel.store.protocol import Customer, CustomerCounts

if TYPE_CHECKING:
    from klantprofiel.store.protocol import Store

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
"""Crockford's base 32, lower case: no i, l, o or u to misread or mistype."""
ID_LENGTH = 8
"""40 random bits: a store's own ids are checked for clashes, and one from another store's
export meets a different person of this one about once in a trillion."""
_ID = re.compile(rf"k-[{ALPHABET}]{{{ID_LENGTH}}}")
EXAMPLE_ID = "k-7f3a9c2d"


def new_customer_id() -> str:
    number = int.from_bytes(secrets.token_bytes(5), "big")
    return "k-" + "".join(ALPHABET[(number >> shift) & 31] for shift in range(5 * (ID_LENGTH - 1), -1, -5))


def customer_id(text: str) -> str | None:
    """The customer id `text` is written as (any case, spaces around), or None."""
    folded = text.strip().lower()
    return folded if _ID.fullmatch(folded) else None


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


def chosen_for(people: list[Customer], organisation: str | None) -> list[Customer]:
    """Which of the people of a name a record at `organisation` is about: those at it, else the
    only one of the name if he has no organisation yet; all of them when it gives none."""
    if organisation is None or not people:  # nobody of the name (every new customer of an import): nobody to choose
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
    found = _the_one_of_name(store, text, organisation)
    if found is not None:
        return found
    return Customer(new_customer_id(), normalise(text), repaired(organisation) or None if organisation else None, stored=False)


def _the_one_of_name(store: Store, name: str, organisation: str | None) -> Customer | None:
    """The stored customer an interview of `name` (at `organisation`) is about, None if nobody;
    raises AmbiguousName for a name that is more than one person's there."""
    people = chosen_for(store.of_name(name), organisation)
    if len(people) > 1:
        raise AmbiguousName(people[0].name, [candidate(store, c) for c in people], "klantprofiel interview")
    return people[0] if people else None


def made_meanwhile(store: Store, customer: Customer, organisation: str | None = None) -> Customer:
    """A customer `for_interview` made up (not stored), looked for again by the write that
    stores him, under its lock: another klantprofiel may have stored one of his name (at his
    organisation) since, whom an interview started now would find, so he is that one (two
    salespeople who start on the same new customer at once get one customer, not two);
    otherwise he stays new. A stored customer is himself."""
    if customer.stored:
        return customer
    return _the_one_of_name(store, customer.name, organisation or customer.organisation) or customer
