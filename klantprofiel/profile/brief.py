"""The meeting brief: what to read in the car park, at most `MAX_LINES` lines at `WIDTH` columns.

In this order: who; the approach (at most five lines, ranked across all sets); what was said in so
many words (his preferences, his worry, the meeting's context, then his wish, your own lesson);
the open doubts, the ones the deal is stuck on first; the top do's and don'ts; tensions; at most
three questions for him and, apart, your own homework; and what changed since last time, in one
line.

What does not fit is left out here and counted (`show` has everything). Lines are measured as the
screen wraps them, beside their mark, so the JSON holds exactly what the screen shows. Pure:
tracks in, `Brief` out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from klantprofiel.answers import is_known
from klantprofiel.i18n import t
from klantprofiel.profile.derive import label_of
from klantprofiel.profile.diff import LineChange, ProfileDiff, compare
from klantprofiel.profile.history import InterviewSummary, SetName, SetTrack, customer_of
from klantprofiel.profile.model import Line
from klantprofiel.profile.picture import Picture, PictureLine, make_picture
from klantprofiel.profile.record import StoredCustomer
from klantprofiel.shapes import Closed

WIDTH = 80
MAX_LINES = 30
MARK_WIDTH = 4
"""What stands before an item's text: two spaces, its mark ("!", "✓", "1"), a space."""
TURNS = ("own_words", "concerns", "do", "dont", "questions",
         "own_words", "concerns", "tensions", "do", "dont",
         "own_words", "concerns", "do", "dont", "questions", "tensions", "homework",
         "questions", "homework", "own_words")
"""The order in which the parts take the lines left after who, the approach and what changed:
each turn, the part's next item if it fits. So a part has at most as many items as turns here.
A tension has its turn before the second do and don't: it is the line that says how two of his
answers go together, which a list of do's does not. What he said has a last turn, for his wish
after his preferences, worry and the context, if room is left."""
PARTS = ("own_words", "concerns", "do", "dont", "tensions", "questions", "homework")
"""The order the parts are shown in, after the approach."""
SHARED_HEADING = {"dont": "do"}
"""Do's and don'ts stand under one heading."""
HEADLINE_KINDS = ("approach", "concerns")
CONTEXT_OWN_WORDS = 85
"""Where the meeting's context stands among the quoted answers (a question's `own_words`, higher
first): issue 13's order is his preferences, his worry, the context of the meeting, and after
them, if there is room, the rest (his wish); the shipped sets rank those above and below 85."""


class BriefLine(Closed):
    question_set: str | None = None
    """The set the line comes from (None: the who/when fields)."""
    heading: str | None = None
    """The aspect title (approach) or the question's short name (what was said)."""
    text: str
    rule: str | None = None


class Brief(Closed):
    customer: StoredCustomer
    language: str
    sets: list[InterviewSummary]
    """The latest interview of each set known, in set order."""
    not_interviewed: list[SetName]
    known_line: str
    """How much we know: how many sets, and the last meeting ("5 van 5 vragenlijsten · 2026-11-27")."""
    approach: list[BriefLine]
    """At most five lines the answers decided, ranked across all sets (`profile.picture`)."""
    own_words: list[BriefLine]
    concerns: list[BriefLine]
    do: list[BriefLine]
    dont: list[BriefLine]
    tensions: list[BriefLine]
    questions: list[BriefLine]
    """Questions for the customer in this meeting."""
    homework: list[BriefLine]
    """What the salesperson finds out himself: look it up, think it over, ask a colleague."""
    left_out: dict[str, int]
    """Per part, the items that did not fit (`show` lists them)."""
    since_last: str
    """What changed since last time, in one line."""
    changes: list[ProfileDiff]
    """Per set with an earlier interview, what changed since it (the detail behind `since_last`)."""

    def heading(self, part: str) -> str | None:
        """The heading shown before a part, with how many of its items were left out; None for a
        part without items, or one under another's heading (the don'ts, under the do's)."""
        if part in SHARED_HEADING:
            return None
        together = [part, *(p for p, h in SHARED_HEADING.items() if h == part)]
        if not any(getattr(self, p) for p in together):
            return None
        more = sum(self.left_out.get(p, 0) for p in together)
        heading = t("brief_do_dont" if len(together) > 1 else f"brief_{part}", self.language)
        return heading if not more else t("brief_more", self.language, heading=heading, n=more)


def rows(text: str, indent: int = MARK_WIDTH, width: int = WIDTH) -> int:
    """How many screen lines `text` takes at `width` columns, `indent` of them before it."""
    return max(1, len(textwrap.wrap(text, width - indent, break_on_hyphens=False)))


def who_rows(who: str, known_line: str, width: int = WIDTH) -> int:
    """The screen lines of who and what we know: one line when both fit, else what we know on a
    line of its own, so that a date is never wrapped away from its words ("laatst" / "2026-11-26")."""
    together = f"{who} · {known_line}"
    return 1 if len(together) <= width else rows(who, 0, width) + rows(known_line, 0, width)


def item_text(line: BriefLine) -> str:
    """An item as the brief shows it: what was said under its short name, the rest as it is."""
    return f"{line.heading}: {line.text}" if line.heading and line.rule is None else line.text


def _ranked(candidates: Iterable[tuple[int, int, int, BriefLine]]) -> list[BriefLine]:
    """Heaviest first; of equal weight, each set's first before any set's second (so five sets
    share the three places), then set order. Each text once."""
    seen: set[str] = set()
    out = []
    for *_, line in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if line.text not in seen:
            seen.add(line.text)
            out.append(line)
    return out


def _kind(tracks: list[SetTrack], picture: Picture, attr: str, across: str) -> list[BriefLine]:
    """One kind of line from every set's profile, and those of rules across sets before them."""
    candidates = [(ln.weight, -1, 0, _from_picture(ln)) for ln in picture.across[across]]
    for s, track in enumerate(tracks):
        weights = {r.id: r.weight for r in track.question_set.rules}
        lines: list[Line] = getattr(track.latest.profile, attr)
        candidates += [(weights.get(ln.rule or "", 0), i, s, BriefLine(question_set=track.question_set.id, text=ln.text, rule=ln.rule))
                       for i, ln in enumerate(lines)]
    return _ranked(candidates)


def _from_picture(line: PictureLine) -> BriefLine:
    return BriefLine(question_set=line.question_set, text=line.text, rule=line.rule)


def _own_words(tracks: list[SetTrack]) -> list[BriefLine]:
    """The free-text answers the sets quote (`own_words`) and the meeting's context (the newest
    interview that gives one), ranked together: the context as if its `own_words` were
    `CONTEXT_OWN_WORDS`, so that the sets decide what comes before it and what after."""
    meetings = sorted(tracks, key=lambda track: (track.summary.date, track.latest.interview.id), reverse=True)
    lang = tracks[0].latest.profile.language
    context = next((track.latest.interview.context for track in meetings if track.latest.interview.context), None)
    quoted = [(CONTEXT_OWN_WORDS, -1, 0, BriefLine(heading=t("brief_context", lang), text=context))] if context else []
    for s, track in enumerate(tracks):
        for q in track.question_set.questions:
            value = track.latest.answers.get(q.id)
            if q.own_words and is_known(value):  # own_words: a kind that `quotes` (the set's model checks)
                quoted.append((q.own_words, 0, s, BriefLine(question_set=track.question_set.id, heading=label_of(q, lang, track.person), text=str(value))))
    return _ranked(quoted)


def _questions(tracks: list[SetTrack], picture: Picture) -> tuple[list[BriefLine], list[BriefLine]]:
    """What to find out: questions for him (those a rule asks first, then unknowns), and apart
    what the salesperson finds out himself (a question marked `homework`)."""
    asks = [(ln.weight, -1, 0, _from_picture(ln)) for ln in picture.across["ask"]]
    unknowns, homework = [], []
    for s, track in enumerate(tracks):
        homework_ids = {q.id for q in track.question_set.questions if q.homework}
        for i, ln in enumerate(track.latest.profile.discover):
            line = BriefLine(question_set=track.question_set.id, text=ln.text, rule=ln.rule)
            if ln.rule:
                asks.append((0, i, s, line))
            elif ln.why and ln.why[0].question in homework_ids:
                homework.append((0, i, s, line))
            else:
                unknowns.append((0, i, s, line))
    return _ranked(asks) + _ranked(unknowns), _ranked(homework)


def since_last(changes: list[ProfileDiff], lang: str) -> str:
    """One line: how many answers are new or changed, and how many lines of the approach and the
    open doubts came or went, since each set's interview before; the sets named if they fit."""
    if not changes:
        return t("brief_first_time", lang)
    moved = [d for d in changes if not d.unchanged]
    if not moved:
        return t("brief_nothing_changed", lang)
    counts = dict(new=sum(len(d.newly_known) for d in moved), changed=sum(len(d.changed) for d in moved),
                  added=sum(len(headlines(d.added)) for d in moved), dropped=sum(len(headlines(d.dropped)) for d in moved))
    line = t("brief_since", lang, **counts)
    named = f"{line} ({', '.join(d.set_title for d in moved)})."
    return named if len(named) <= WIDTH else line + "."


def _known_line(sets: list[InterviewSummary], missing: list[SetName], lang: str) -> str:
    last = max(s.date for s in sets)
    return t("brief_known", lang, n=len(sets), total=len(sets) + len(missing), date=last)


def make_brief(tracks: list[SetTrack], not_interviewed: list[SetName]) -> Brief:
    if not tracks:
        raise ValueError("a brief needs at least one interview")
    picture = make_picture(tracks)
    lang = picture.language
    customer = customer_of(tracks)
    sets = [track.summary for track in tracks]
    approach = [BriefLine(question_set=a.question_set, heading=a.title, text=a.text, rule=a.rule) for a in picture.approach]
    changes = [compare(track) for track in tracks if track.previous is not None]
    questions, homework = _questions(tracks, picture)
    candidates = {
        "own_words": _own_words(tracks),
        "concerns": _kind(tracks, picture, "concerns", "concern"),
        "do": _kind(tracks, picture, "do", "do"),
        "dont": _kind(tracks, picture, "dont", "dont"),
        "tensions": _kind(tracks, picture, "tensions", "tension"),
        "questions": questions,
        "homework": homework,
    }
    known_line = _known_line(sets, not_interviewed, lang)
    who = f"{customer.name} · {customer.organisation}" if customer.organisation else customer.name
    used = who_rows(who, known_line) + 1 + 1  # who and what we know, "Aanpak", since last
    used += sum(rows(a.text) for a in approach) if approach else 1
    chosen = _fit(candidates, MAX_LINES - used)
    return Brief(
        customer=customer, language=lang, sets=sets, not_interviewed=not_interviewed, known_line=known_line,
        approach=approach, **chosen,
        left_out={part: len(candidates[part]) - len(chosen[part]) for part in PARTS if len(candidates[part]) > len(chosen[part])},
        since_last=since_last(changes, lang), changes=changes,
    )


def _fit(candidates: dict[str, list[BriefLine]], room: int) -> dict[str, list[BriefLine]]:
    """The parts take their turns (`TURNS`); an item that no longer fits ends its part's turns, so
    a later, shorter item never jumps ahead of it. A part's first item pays for its heading."""
    chosen: dict[str, list[BriefLine]] = {part: [] for part in PARTS}
    ended: set[str] = set()
    for part in TURNS:
        here = chosen[part]
        if part in ended or len(here) >= len(candidates[part]):
            continue
        line = candidates[part][len(here)]
        headed = here or chosen.get(SHARED_HEADING.get(part, part)) or any(chosen[p] for p, h in SHARED_HEADING.items() if h == part)
        cost = rows(item_text(line)) + (0 if headed else 1)
        if cost > room:
            ended.add(part)
            continue
        here.append(line)
        room -= cost
    return chosen


def headlines(changes: list[LineChange]) -> list[LineChange]:
    """The changed lines a brief counts: those of the approach and the open concerns (`diff`
    shows the rest)."""
    return [c for c in changes if c.kind in HEADLINE_KINDS]
