"""An interview's answers as a table: the summary before saving, and a draft in `show`.

Kept apart from the prompts so that reading a draft does not load the interview's prompt library.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from klantprofiel.cli.render import plain
from klantprofiel.i18n import t
from klantprofiel.interview import InterviewState, Step
from klantprofiel.profile.derive import answer_label, label_of
from klantprofiel.pronouns import Person


def _shown(step: Step, value: Any, lang: str, person: Person) -> Text:
    """An answer of a step as the summary shows it."""
    if value is None or value == []:
        return Text(t("unknown", lang), style="italic dim")
    if step.id == "pronoun":
        return plain(t(f"pronoun_{value}", lang))
    return plain(answer_label(step.question, value, lang, person) if step.question else value)


def summary(state: InterviewState, lang: str, title: str | None = None) -> Table:
    """The answers before saving; in a re-interview, what changed since last time is marked with
    what it was, under a line that counts it."""
    changes, person = state.changes(), state.person
    caption = None
    if state.last is not None:
        key = "changed_since" if changes else "unchanged_since"
        caption = t(key, lang, count=len(changes), id=state.last.id, date=state.last.date)
    table = Table(title=t("summary", lang) if title is None else title or None, title_justify="left", caption=caption, caption_justify="left", box=None, pad_edge=False,
                  show_header=False)
    table.add_column(style="dim", max_width=50)
    table.add_column()
    table.add_row(Text(t("customer", lang)), plain(state.customer))
    for step in state.steps():
        label = Text(t(step.id, lang)) if step.meta else plain(label_of(step.question, lang, person)) if step.question else Text(step.id)
        cell = _shown(step, state.current(step), lang, person)
        if step.id in changes and state.last is not None:
            cell = Text.assemble("* ", cell, "  (", (t("was", lang, answer=_shown(step, state.last.answer(step.id), lang, person).plain), "dim"), ")")
        table.add_row(label, cell)
    return table
