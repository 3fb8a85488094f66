"""`delete`: erase a customer on request (the right to erasure), after a confirmation."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from klantprofiel.cli.options import DbOption, Lang, LangOption, open_store
from klantprofiel.cli.terminal import Terminal
from klantprofiel.errors import ExitCode, UsageError
from klantprofiel.i18n import t
from klantprofiel.printable import printable, shell_word

if TYPE_CHECKING:
    from klantprofiel.store.erase import Compaction, Erased


OrganisationOption = Annotated[
    str | None,
    typer.Option("--organisation", help="When the name is shared by people at different organisations: only his records at this "
                                        "one ('' for the records without an organisation).", show_default=False),
]


def delete(
    name: Annotated[str, typer.Argument(help="The customer's name (any case).", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Erase without asking (for scripts).")] = False,
    organisation: OrganisationOption = None,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """Erase a customer completely: every interview and draft, also from the store file's free space.

    Asks first; --yes skips the question. The question sets stay (they hold no personal data).
    A name whose records name more than one organisation may mean more than one person: it is
    refused, with who is stored under it, until --organisation says which one. Records without an
    organisation are then left as they are (they could be the other person's); --organisation ''
    erases those. Exit codes: 0 erased · 1 not found, refused or not compacted · 3 the erasure is
    not complete yet (another program holds the store open) · 130 stopped.
    """
    from klantprofiel.errors import NotFoundError
    from klantprofiel.store.erase import (
        CompactionInterrupted,
        compact,
        compaction_due,
        customer_records,
        erase_customer,
    )
    term = Terminal()
    store = open_store(db)
    try:
        found = customer_records(store, name, organisation)
    except NotFoundError:
        if not compaction_due(store):
            raise
        term.note(t("erase_nothing_left", lang.value, name=name))
        _finished(term, *compact(store), shell_word(name), lang.value)
        term.note(t("erase_finished", lang.value), "green")
        return
    who = found.name if organisation is None else f"{found.name} · {organisation or '-'}"
    if not yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise UsageError(t("erase_needs_yes", lang.value), hint=t("erase_needs_yes_hint", lang.value, arg=shell_word(name)))
        try:
            confirmed = typer.confirm(printable(t("erase_confirm", lang.value, name=who, interviews=found.interviews, drafts=found.drafts)),
                                      default=False, err=True)
        except typer.Abort:  # Ctrl-C or Ctrl-D at the question: stopped, as everywhere
            raise KeyboardInterrupt from None
        if not confirmed:
            term.note(t("erase_cancelled", lang.value))
            raise typer.Exit(ExitCode.INVALID_INPUT)
    try:
        erased = erase_customer(store, name, organisation)
    except CompactionInterrupted as stop:
        if stop.erased is not None:
            _erased(term, stop.erased, lang.value)
        term.note(t("erase_compaction_stopped", lang.value, arg=_finish_arg(name, organisation)), "yellow")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    _erased(term, erased, lang.value)
    if erased.left_out is not None:
        term.note(t("erase_left_out", lang.value, n=erased.left_out.interviews + erased.left_out.drafts, name=erased.name,
                    arg=shell_word(erased.name)), "yellow")
    _finished(term, erased.compaction, erased.problem, _finish_arg(name, organisation), lang.value)


def _finish_arg(name: str, organisation: str | None) -> str:
    return shell_word(name) + ("" if organisation is None else f" --organisation {shell_word(organisation)}")


def _erased(term: Terminal, erased: Erased, lang: str) -> None:
    """The erasure itself, committed: also from the free space once the compaction is done."""
    from klantprofiel.store.erase import Compaction
    words = {"name": erased.name, "interviews": erased.interviews, "drafts": erased.drafts}
    term.note(t("erased" if erased.compaction is Compaction.DONE else "erased_zeroed", lang, **words), "green")


def _finished(term: Terminal, compaction: Compaction, problem: str | None, arg: str, lang: str) -> None:
    """What the compaction came to, and the exit code that goes with it."""
    from klantprofiel.store.erase import Compaction
    if compaction is Compaction.BUSY:
        term.note(t("erased_not_compacted", lang), "yellow")
    elif compaction is Compaction.FAILED:
        term.note(t("erase_compaction_failed", lang, problem=problem, arg=arg), "red")
        raise typer.Exit(ExitCode.INVALID_INPUT)
    elif compaction is Compaction.WAL_KEPT:
        term.note(t("erase_wal_kept", lang, arg=arg), "red")
        raise typer.Exit(ExitCode.BUSY)


def register(app: typer.Typer) -> None:
    app.command()(delete)
