"""`delete`: erase a customer on request (the right to erasure), after a confirmation."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from klantprofiel.cli.options import DbOption, Lang, LangOption, OrganisationOption, open_store
from klantprofiel.cli.terminal import Terminal
from klantprofiel.errors import ExitCode, UsageError
from klantprofiel.i18n import Msg, t
from klantprofiel.printable import shell_word

if TYPE_CHECKING:
    from klantprofiel.store.protocol import Compaction, Erased


SAYS = {
    "file": {"erased": "erased", "not_complete": "erased_zeroed", "interview": "erased_interview", "busy": "erased_not_compacted",
             "failed": "erase_compaction_failed", "stopped": "erase_compaction_stopped", "finished": "erase_finished"},
    "server": {"erased": "erased_rewritten", "not_complete": "erased_rows_only", "interview": "erased_interview_removed",
               "busy": "erased_not_rewritten", "failed": "erase_rewrite_failed", "stopped": "erase_rewrite_stopped",
               "finished": "erase_rewrite_finished"},
}
"""What each step of an erasure is called, by how the store makes it complete (`Store.erasure`): a
file's free space is not a server's, and a server's rows are removed, not overwritten with zeros."""


def delete(
    name: Annotated[str | None, typer.Argument(show_default=False)] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y")] = False,
    organisation: OrganisationOption = None,
    interview: Annotated[int | None, typer.Option("--interview", show_default=False)] = None,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """A customer (or one interview) erased, after a confirmation, also from the file's free space. Its --help: `help_texts.HELP["delete"]`."""
    from klantprofiel.errors import NotFoundError
    from klantprofiel.store.protocol import CompactionInterrupted
    term = Terminal()
    if (name is None) == (interview is None):
        raise UsageError("delete_one_of_two", hint="delete_one_of_two_hint")
    if interview is not None and organisation is not None:
        raise UsageError("--organisation is for a customer's name, not for --interview.")
    store = open_store(db)
    says = SAYS[store.erasure]
    if interview is not None:
        item = store.interview(interview)
        _confirm(yes, t("erase_interview_confirm", lang.value, id=interview, name=item.customer, date=item.meeting_date or item.created_at[:10]),
                 f"--interview {interview}", lang.value, term)
        try:
            erased = store.erase_interview(interview)
        except CompactionInterrupted:
            term.note(t(says["stopped"], lang.value, arg=f"--interview {interview}"), "yellow")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        term.note(t(says["interview"], lang.value, id=interview, name=erased.name), "green")
        _finished(term, says, erased.compaction, erased.problem, f"--interview {interview}", lang.value)
        return
    assert name is not None  # one of the two, checked above
    try:
        found = store.customer_records(name, organisation)
    except NotFoundError:
        if not store.compaction_due():
            raise
        term.note(t("erase_nothing_left", lang.value, name=name))
        _finished(term, says, *store.compact(), shell_word(name), lang.value)
        term.note(t(says["finished"], lang.value), "green")
        return
    who = f"{found.name} ({found.id})"
    _confirm(yes, t("erase_confirm", lang.value, name=who, interviews=found.interviews, drafts=found.drafts), shell_word(name), lang.value, term)
    try:
        erased = store.erase_customer(name, organisation)
    except CompactionInterrupted as stop:
        if stop.erased is not None:
            _erased(term, says, stop.erased, lang.value)
        term.note(t(says["stopped"], lang.value, arg=_finish_arg(name, organisation)), "yellow")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    _erased(term, says, erased, lang.value)
    _finished(term, says, erased.compaction, erased.problem, _finish_arg(name, organisation), lang.value)


def _confirm(yes: bool, question: str, arg: str, lang: str, term: Terminal) -> None:
    """Asks before anything is erased (unless --yes); no terminal to ask on is a usage error."""
    if yes:
        return
    if sys.stdin is None or not sys.stdin.isatty():
        raise UsageError("erase_needs_yes", hint="erase_needs_yes_hint", arg=arg)
    if not term.confirm(question):
        term.note(t("erase_cancelled", lang))
        raise typer.Exit(ExitCode.INVALID_INPUT)


def _finish_arg(name: str, organisation: str | None) -> str:
    return shell_word(name) + ("" if organisation is None else f" --organisation {shell_word(organisation)}")


def _erased(term: Terminal, says: dict[str, str], erased: Erased, lang: str) -> None:
    """The erasure itself, committed: complete (free space, table files) once the compaction is done."""
    from klantprofiel.store.protocol import Compaction
    words = {"name": erased.name, "interviews": erased.interviews, "drafts": erased.drafts}
    term.note(t(says["erased"] if erased.compaction is Compaction.DONE else says["not_complete"], lang, **words), "green")


def _finished(term: Terminal, says: dict[str, str], compaction: Compaction, problem: Msg | None, arg: str, lang: str) -> None:
    """What the compaction came to, and the exit code that goes with it."""
    from klantprofiel.store.protocol import Compaction
    if compaction is Compaction.BUSY:
        term.note(t(says["busy"], lang, arg=arg), "yellow")
    elif compaction is Compaction.FAILED:
        term.note(t(says["failed"], lang, problem=problem, arg=arg), "red")
        raise typer.Exit(ExitCode.INVALID_INPUT)
    elif compaction is Compaction.WAL_KEPT:
        term.note(t("erase_wal_kept", lang, arg=arg), "red")
        raise typer.Exit(ExitCode.BUSY)


def register(app: typer.Typer) -> None:
    app.command()(delete)
