"""The interview flow, from opening a customer's interview to storing it, without a terminal.

The CLI only asks and renders. What happens between the questions is decided here, so a test
can hold a whole interview by calling `answer` and `back` as a prompt would: which draft is
resumed, what is kept after each answer (a draft, so a crash loses at most the answer being
typed), and what is stored at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from klantprofiel.answers import Answers
from klantprofiel.interview.last import Last, changed, from_last, last_interview
from klantprofiel.interview.state import InterviewState, Step
from klantprofiel.questionset.model import QuestionSet

if TYPE_CHECKING:
    from klantprofiel.store.protocol import Customer, Store, Watch


def _nowhere(state: InterviewState) -> None:
    """An interview whose drafts are kept nowhere (a test's)."""


@dataclass
class Interview:
    """One interview being held: where it stands, and where its draft goes after every answer."""

    state: InterviewState
    keep: Callable[[InterviewState], None] = field(default=_nowhere)
    touched: bool = False
    """Something was answered since it opened (what `--only-unknown` counts as answered was not)."""

    @property
    def qs(self) -> QuestionSet:
        return self.state.qs

    @property
    def customer(self) -> str:
        return self.state.customer

    def steps(self) -> list[Step]:
        return self.state.steps()

    def next_step(self) -> Step | None:
        """The first step not answered yet; None when the summary is next."""
        return self.state.next_step()

    def position(self, step: Step) -> tuple[int, int]:
        return self.state.position(step)

    def can_go_back(self, step: Step) -> bool:
        return self.state.previous_step(step) is not None

    def current(self, step: Step) -> Any:
        """The answer the step holds now: what Enter keeps when it is asked."""
        return self.state.current(step)

    def answer(self, step: Step, value: Any) -> None:
        """Record an answer (None: don't know yet) and keep the draft."""
        self.state.answer(step, value)
        self.touched = True
        self.keep(self.state)

    def back(self, step: Step) -> None:
        """Go back from `step` to the one before it, which is asked again next."""
        previous = self.state.previous_step(step)
        if previous is not None:
            self.state.reopen(previous)

    def change(self, step_id: str) -> None:
        """Ask this step again (chosen in the summary)."""
        self.state.reopen(next(s for s in self.steps() if s.id == step_id))

    def answers(self) -> Answers:
        return self.state.answers()

    @property
    def last(self) -> Last | None:
        return self.state.last

    def changes(self) -> list[str]:
        """What differs from the last interview of the set (empty for a first interview)."""
        return self.state.changes()

    def unchanged(self) -> bool:
        """A re-interview that says nothing new: it is not stored again."""
        return self.last is not None and not self.changes()


class Start:
    """Where an interview of a known customer starts (`interview --only-unknown`, `--fresh`)."""

    LAST = "last"
    """From his last interview of the set: every answer offered again, Enter keeps it."""
    ONLY_UNKNOWN = "only-unknown"
    """From the last interview, asking only what is still unknown (and the date and context)."""
    FRESH = "fresh"
    """From a blank page."""


@dataclass
class Session:
    """A customer's interview of one set, held against a store: the draft found when it opened,
    and what is kept and stored as it goes. Open it with `Session.open` once the name is known."""

    store: Store
    qs: QuestionSet
    who: Customer
    watch: Watch
    draft: dict[str, Any] | None
    last: Last | None = None
    """His last interview of the set, which a re-interview starts from (None: a first interview)."""

    @classmethod
    def open(cls, store: Store, qs: QuestionSet, who: Customer | str) -> Session:
        """`who`: the customer the interview is about, or his name or id (`identity.for_interview`)."""
        who = store.customer_of(who)
        watch = store.watch(who, qs.id)  # before the draft is read: an erasure from now on is seen
        return cls(store, qs, who, watch, store.draft(who, qs.id), last_interview(store, who, qs))

    @property
    def customer(self) -> str:
        """His name, as he is shown."""
        return self.who.name

    def resume(self) -> Interview:
        """Go on with the draft (there must be one)."""
        assert self.draft is not None
        return self._held(InterviewState.from_json(self.qs, self.customer, self.draft, self.last))

    def begin(self, start: str = Start.LAST) -> Interview:
        """A new interview, from his last one of the set unless `start` says otherwise (a first
        interview starts blank); a draft found is replaced by its first answer."""
        if self.last is None or start == Start.FRESH:
            return self._held(InterviewState(self.qs, self.customer, last=self.last))
        return self._held(InterviewState.again(self.qs, self.customer, self.last, only_unknown=start == Start.ONLY_UNKNOWN))

    def _held(self, state: InterviewState) -> Interview:
        return Interview(state, self._keep)

    def _keep(self, state: InterviewState) -> None:
        self.store.save_draft(self.who, self.qs.id, state.to_json(), self.watch)

    def stop(self, interview: Interview | None) -> bool:
        """Ctrl-C or a closed terminal: keep what was answered as the draft. False when there is
        nothing to keep (nothing answered, no draft before)."""
        if interview is None or not (interview.touched or self.store.draft(self.who, self.qs.id)):
            return False
        self._keep(interview.state)
        return True

    def finish(self, interview: Interview) -> int | None:
        """Store the interview (and drop its draft); returns its id. A re-interview that changes
        nothing is not stored (its draft is dropped): None."""
        if interview.unchanged():
            self.store.drop_draft(self.who, self.qs.id)
            return None
        return self.store.save_interview(self.qs, interview.answers(), watch=self.watch)


def save_answers(store: Store, qs: QuestionSet, answers: Answers, who: Customer | None = None, *, last: Last | None = None) -> int | None:
    """An interview answered without prompts (`--answers FILE`) of `who` (else whom its name means);
    returns its id. Stored as it is, or (`--from-last`: his `last` interview of the set, `last_interview`)
    with the last answers where the file says nothing; then one that changes nothing is not stored: None."""
    if last is not None:
        answers = from_last(qs, answers, last)
        if not changed(qs, last, answers):
            return None
    return store.save_interview(qs, answers, customer=who)
