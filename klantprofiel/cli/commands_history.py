"""`history` and `diff`: a customer's interviews over time, and what changed between two of them."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from klantprofiel.cli.options import DbOption, Lang, LangOption, OrganisationOption, open_store
from klantprofiel.cli.terminal import Terminal

JsonOption = Annotated[bool, typer.Option("--json", help="JSON for scripts instead of the table.")]


def history(
    customer: Annotated[str, typer.Argument(help="The customer's name or id.", show_default=False)],
    organisation: OrganisationOption = None,
    as_json: JsonOption = False,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """List a customer's interviews, oldest first: date, question set, salesperson, how well known, id;
    then his drafts (interviews not finished), marked as such.

    --json prints an array of objects with the keys id, question_set, set_title, set_version,
    date (the meeting date, else the day stored), created_at, salesperson, knownness
    (known, total, ratio, level) and import_id (the import that stored it, else null).
    """
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
    customer: Annotated[str, typer.Argument(help="Customer name or id, or an interview id.", show_default=False)],
    other: Annotated[str | None, typer.Argument(help="A second interview id: compare CUSTOMER (then an id) with this one.", show_default=False)] = None,
    question_set: Annotated[str | None, typer.Option("--set", help="Compare the last two interviews of this set (default: the set of the latest interview).", show_default=False)] = None,
    organisation: OrganisationOption = None,
    as_json: JsonOption = False,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """Show what changed between two interviews of one set: answers, profile lines, how well known.

    By default the customer's latest interview is compared with the one of the same set before it.
    Give an interview id to start from that interview, or two ids to compare exactly those.
    --json prints before/after summaries, newly_known and changed answers, added and dropped lines.
    """
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
