"""`store copy FROM TO`: a whole store moved between a file and a database server (`store/copy.py`)."""

from __future__ import annotations

from typing import Annotated

import typer

from klantprofiel.cli.options import Lang, LangOption, open_store
from klantprofiel.cli.terminal import Terminal
from klantprofiel.i18n import t

store_app = typer.Typer(help="Work on a store as a whole: copy it to another (SQLite and PostgreSQL, either way).", no_args_is_help=True)


@store_app.command("copy")
def copy(
    source: Annotated[str, typer.Argument(metavar="FROM", help="The store to copy: a file, or postgresql://… .", show_default=False)],
    destination: Annotated[str, typer.Argument(metavar="TO", help="An empty store to copy into (made if it is not there): a file, or "
                                                                  "postgresql://… .", show_default=False)],
    lang: LangOption = Lang.nl,
) -> None:
    """Copy a whole store into an empty one (a file or PostgreSQL, either way), every id kept.

    Every customer, interview, draft, import record, feedback and question-set copy, with their
    ids and uids: how a team moves its store to a PostgreSQL server, or back into a file. All of
    it lands, or nothing; FROM is only read.

    Example: klantprofiel store copy ~/.config/klantprofiel/klantprofiel.db postgresql://sanne@db.example.nl/klantprofiel
    """
    from klantprofiel.store.copy import copy_store
    term = Terminal()
    copied = copy_store(open_store(source), open_store(destination, writes=True))
    r = copied.rows
    term.note(t("store_copied", lang.value, source=copied.source, destination=copied.destination, customers=r["people"],
                interviews=r["interviews"], drafts=r["drafts"], imports=r["imports"], feedback=r["feedback"], sets=r["question_sets"]), "green")


def register(app: typer.Typer) -> None:
    app.add_typer(store_app, name="store")
