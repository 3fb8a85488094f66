"""`history` and `diff`: a customer's interviews over time, and what changed between two of them."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from klantprofiel.cli.options import DbOption, Lang, LangOption, OrganisationOption, open_store
from klantprofiel.cli.terminal import Terminal

JsonOption = Annotated[bool, typer.Option("--json")]


def history(
    customer: Annotated[str, typer.Argument(show_default=False)],
    organisation: OrganisationOption = None,
    as_json: JsonOption = False,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """A customer's interviews, then his drafts, as a table or JSON (its --help: `help_texts.HELP["history"]`)."""
    from klantprofiel.cli.render_customer import drafts_note, history_table
    from klantprofiel.customer import CustomerReader
    from klantprofiel.identity import argument
    reader = CustomerReader(open_store(db), lang.value)
    who = reader.customer(customer, organisation, command="klantprofiel history")
    rows = reader.history(who)
    term = Terminal()
    if note := drafts_note(reader.drafts(who), lang.value, argument(reader.store, who)):
        term.note(note, "yellow")
    if as_json:
        term.json(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=2))
    else:
        term.out.print(history_table(rows, lang.value, reader.draft_summaries(who)))


def diff(
    customer: Annotated[str, typer.Argument(show_default=False)],
    other: Annotated[str | None, typer.Argument(show_default=False)] = None,
    question_set: Annotated[str | None, typer.Option("--set", show_default=False)] = None,
    organisation: OrganisationOption = None,
    as_json: JsonOption = False,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """Two interviews of one set compared (its --help: `help_texts.HELP["diff"]`)."""
    from klantprofiel.cli.render_diff import diff_view
    from klantprofiel.customer import CustomerReader
    from klantprofiel.profile.diff import compare
    track = CustomerReader(open_store(db), lang.value).comparison(customer, other, question_set, organisation)
    changes = compare(track)
    term = Terminal()
    if as_json:
        term.json(changes.model_dump_json(indent=2))
    else:
        term.out.print(diff_view(changes, lang.value))


def register(app: typer.Typer) -> None:
    app.command()(history)
    app.command()(diff)
