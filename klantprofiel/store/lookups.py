"""Finding interviews: one by id or uid, a customer's history and his latest; and whether a
question set's copy is kept. Every backend answers these the same way from its own `_select`
(a WHERE clause written with its own placeholder, `MARK`) and `_kept_hash`, so they are
written once, here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from klantprofiel import identity
from klantprofiel.errors import NotFoundError, UserError
from klantprofiel.printable import shell_word
from klantprofiel.questionset import DEFAULT_SET

if TYPE_CHECKING:
    from klantprofiel.questionset.model import QuestionSet
    from klantprofiel.store.protocol import Customer, Records, Store, StoredDraft, StoredInterview

PRONOUNS_SQL = "SELECT customer_key, pronoun FROM interviews WHERE pronoun IS NOT NULL AND pronoun <> ''"
"""The pronouns given, for `Store.pronouns` (ordered by id, the last of each customer is kept): one statement for every backend."""


class Lookups:
    MARK: ClassVar[str]
    """The backend's placeholder for a parameter: `?` (sqlite3) or `%s` (psycopg)."""

    if TYPE_CHECKING:
        def _select(self, where: str, params: Any, order: str = "id") -> list[StoredInterview]: ...
        def customer(self, text: str, organisation: str | None = None, *, command: str = "klantprofiel show") -> Customer: ...
        def drafts(self, records: Records) -> list[StoredDraft]: ...
        def _kept_hash(self, qs: QuestionSet) -> tuple[str | None] | None:
            """(content hash,) of the copy kept of its id and version (None in a store from before
            hashes), or None when no copy is kept."""

    def interview(self, interview_id: int) -> StoredInterview:
        found = self._select(f"id = {self.MARK}", (interview_id,))
        if not found:
            raise NotFoundError("no_interview_id", hint="see_interview_ids_hint", id=interview_id)
        return found[0]

    def history(self, who: Customer | str) -> list[StoredInterview]:
        """Every interview of one customer (or of the one customer a name means), oldest first;
        NotFoundError when he has none (naming his draft, if he has one)."""
        customer = who if not isinstance(who, str) else self.customer(who)
        found = self._select(f"customer_key = {self.MARK}", (customer.id,))
        if not found:
            raise self._only_drafts(customer)
        return found

    def latest(self, who: Customer | str, question_set: str | None = None) -> StoredInterview:
        found = self.history(who)
        if question_set is not None:
            found = [i for i in found if i.question_set == question_set] or found
        return found[-1]

    def check_set(self, qs: QuestionSet) -> bool:
        """Is this very set kept already (True), or no set of its id and version (False)? One that
        says something else under the same id and version raises: its interviews would be derived
        by the other's rules, and answers to its own new questions dropped."""
        kept = self._kept_hash(qs)
        if kept is None:
            return False
        if kept[0] != qs.content_hash:
            raise UserError("set_copy_differs", hint="set_copy_differs_hint", set=qs.id, version=qs.version)
        return True

    def _only_drafts(self, customer: Customer) -> NotFoundError:
        drafts = self.drafts(customer.records)
        if not drafts:
            return NotFoundError("no_interviews", name=customer.name, id=customer.id)
        sets = ", ".join(f"{d.question_set}, {d.updated_at[:10]}" for d in drafts)
        command = f"klantprofiel interview {identity.argument(cast('Store', self), customer)} --resume" \
            + ("" if drafts[0].question_set == DEFAULT_SET else f" --set {shell_word(drafts[0].question_set)}")
        return NotFoundError("only_a_draft", hint="continue_draft_hint", name=customer.name, sets=sets, command=command)
