"""`store copy FROM TO`: a whole store moved between a file and a database server (`store/copy.py`)."""

from __future__ import annotations

from typing import Annotated

import typer

from klantprofiel.cli.options import Lang, LangOption, open_store
from klantprofiel.cli.terminal import Terminal
from klantprofiel.i18n import number, t

store_app = typer.Typer(no_args_is_help=True)


@store_app.command("copy")
def copy(
    source: Annotated[str, typer.Argument(show_default=False)],
    destination: Annotated[str, typer.Argument(show_default=False)],
    lang: LangOption = Lang.nl,
) -> None:
    """A whole store copied into an empty one, ids kept. Its --help: `help_texts.HELP["store copy"]`."""
    from klantprofiel.store.copy import copy_store
    term = Terminal()
    copied = copy_store(open_store(source), open_store(destination, writes=True))
    r = {table: number(n, lang.value) for table, n in copied.rows.items()}
    term.note(t("store_copied", lang.value, source=copied.source, destination=copied.destination, customers=r["people"],
                interviews=r["interviews"], drafts=r["drafts"], imports=r["imports"], feedback=r["feedback"], sets=r["question_sets"]), "green")


def register(app: typer.Typer) -> None:
    app.add_typer(store_app, name="store")
