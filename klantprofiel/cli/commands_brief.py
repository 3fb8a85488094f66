"""`brief`: the one screen to read in the car park before a meeting."""

from __future__ import annotations

from typing import Annotated

import typer

from klantprofiel.cli.options import (
    DbOption,
    FormatOption,
    Lang,
    LangOption,
    OrganisationOption,
    ShowFormat,
    open_store,
)
from klantprofiel.cli.terminal import Terminal


def brief(
    customer: Annotated[str, typer.Argument(show_default=False)],
    organisation: OrganisationOption = None,
    fmt: FormatOption = ShowFormat.rich,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """The one screen to read before a meeting, on screen, as Markdown or JSON. Its --help: `help_texts.HELP["brief"]`."""
    from klantprofiel.cli.render_brief import brief_view
    from klantprofiel.customer import CustomerReader
    from klantprofiel.io.customer_markdown import brief_markdown
    from klantprofiel.profile.brief import make_brief
    reader = CustomerReader(open_store(db), lang.value)
    who = reader.customer(customer, organisation, command="klantprofiel brief")
    b = make_brief(reader.tracks(who), reader.not_interviewed(who))
    term = Terminal()
    if fmt is ShowFormat.json:
        term.json(b.model_dump_json(indent=2))
    elif fmt is ShowFormat.markdown:
        term.data(brief_markdown(b))
    else:
        term.out.print(brief_view(b))


def register(app: typer.Typer) -> None:
    app.command()(brief)
