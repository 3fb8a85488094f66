"""`feedback`: say whether a line of a customer's profile helped, or was wrong."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from klantprofiel.cli.options import DbOption, Lang, LangOption, OrganisationOption, open_store
from klantprofiel.cli.terminal import Terminal
from klantprofiel.i18n import t


class Verdict(str, Enum):
    useful = "useful"
    wrong = "wrong"


def feedback(
    customer: Annotated[str, typer.Argument(show_default=False)],
    line: Annotated[str, typer.Argument(show_default=False)],
    verdict: Annotated[Verdict, typer.Argument(show_default=False)],
    note: Annotated[str | None, typer.Option("--note", show_default=False)] = None,
    organisation: OrganisationOption = None,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """A salesperson's verdict on one profile line, stored with his latest interview of that set. Its --help: `help_texts.HELP["feedback"]`."""
    from klantprofiel.customer import CustomerReader
    from klantprofiel.feedback import find_line

    said = (note.strip() or None) if note else None
    store = open_store(db)
    reader = CustomerReader(store, lang.value)
    shown = find_line(reader.tracks(reader.customer(customer, organisation, command="klantprofiel feedback")), line, verdict.value, said)
    store.add_feedback(shown.interview_id, shown.line, verdict.value, said)
    Terminal().note(t(f"feedback_{verdict.value}", lang.value, line=shown.line, id=shown.interview_id), "green")


def register(app: typer.Typer) -> None:
    app.command()(feedback)
