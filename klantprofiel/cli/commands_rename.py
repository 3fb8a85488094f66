"""`rename`: the name a customer is shown by, changed when the user says so."""

from __future__ import annotations

from typing import Annotated

import typer

from klantprofiel.cli.options import DbOption, Lang, LangOption, OrganisationOption, open_store
from klantprofiel.cli.terminal import Terminal
from klantprofiel.i18n import t


def rename(
    customer: Annotated[str, typer.Argument(show_default=False)],
    new_name: Annotated[str, typer.Argument(show_default=False)],
    organisation: OrganisationOption = None,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """A customer's display name changed; his id and data stay. Its --help: `help_texts.HELP["rename"]`."""
    store = open_store(db)
    who = store.customer(customer, organisation, command="klantprofiel rename")
    renamed = store.rename(who, new_name)
    Terminal().note(t("renamed", lang.value, old=who.name, name=renamed.name, id=renamed.id), "green")


def register(app: typer.Typer) -> None:
    app.command()(rename)
