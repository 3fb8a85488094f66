"""`delete`: erase a customer on request (the right to erasure), after a confirmation."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from klantprofiel.cli.options import DbOption, Lang, LangOption, db_path
from klantprofiel.cli.terminal import Terminal
from klantprofiel.errors import ExitCode, UsageError
from klantprofiel.i18n import t
from klantprofiel.printable import printable, shell_word


def delete(
    name: Annotated[str, typer.Argument(help="The customer's name (any case).", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Erase without asking (for scripts).")] = False,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """Erase a customer completely: every interview and draft, also from the store file's free space.

    Asks first; --yes skips the question. The question sets stay (they hold no personal data).
    """
    from klantprofiel.store import Store
    from klantprofiel.store.erase import customer_records, erase_customer
    term = Terminal()
    store = Store(db_path(db))
    found = customer_records(store, name)
    counts = {"name": found.name, "interviews": found.interviews, "drafts": found.drafts}
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(t("erase_needs_yes", lang.value), hint=t("erase_needs_yes_hint", lang.value, arg=shell_word(name)))
        if not typer.confirm(printable(t("erase_confirm", lang.value, **counts)), default=False, err=True):
            term.note(t("erase_cancelled", lang.value))
            raise typer.Exit(ExitCode.INVALID_INPUT)
    erased = erase_customer(store, name)
    term.note(t("erased", lang.value, name=erased.name, interviews=erased.interviews, drafts=erased.drafts), "green")
    if not erased.compacted:
        term.note(t("erased_not_compacted", lang.value), "yellow")


def register(app: typer.Typer) -> None:
    app.command()(delete)
