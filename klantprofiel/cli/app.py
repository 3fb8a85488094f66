"""The `klantprofiel` command: the Typer app, its one error handler, and the command groups.

Expected errors (`UserError`) are caught in `_Group.invoke`, which `CliRunner` passes through
too, and become one line on stderr plus an exit code. Anything else is a bug: one line says so
and how to see the traceback (`--traceback` or KLANTPROFIEL_TRACEBACK=1), which is not shown by
default (it may hold personal data) and never shows local variables. `_Group.main`, around it
all, guards stdout for every command and for Typer's own help and errors.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from klantprofiel import __version__, in_use
from klantprofiel.cli import commands_brief, commands_delete, commands_history, commands_profile, commands_questions, commands_transfer
from klantprofiel.cli.terminal import Terminal, guarded_stdout
from klantprofiel.errors import ExitCode, UserError
from klantprofiel.i18n import t
from klantprofiel.printable import printable

EPILOG = ("Exit codes: 0 ok · 1 invalid input or not found · 2 usage error · 3 store busy · 70 a bug in klantprofiel · "
          "130 stopped with Ctrl-C.")
TRACEBACK_ENV = "KLANTPROFIEL_TRACEBACK"


class _Group(TyperGroup):
    def main(self, *args: Any, **kwargs: Any) -> Any:
        with guarded_stdout():
            try:
                return super().main(*args, **kwargs)
            except UserError as e:  # outside any command: --help or --version on a closed or full stdout
                Terminal().error(e)
                sys.exit(e.exit_code)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _usage_errors_printable():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        in_use.forget()
        try:
            with _usage_errors_printable():
                result = super().invoke(ctx)
            sys.stdout.flush()  # what the command wrote is out, or its failure is reported here
            return result
        except UserError as e:
            Terminal().error(e)
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:  # as the exit codes promise; click would say "Aborted!" and exit 1
            Terminal().note(t("stopped", Terminal.lang), "yellow")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except (typer.Exit, typer.Abort, typer.TyperException):  # Typer's own ways out: usage errors, exit codes
            raise
        except Exception as e:
            if ctx.params.get("traceback"):
                raise
            Terminal().error(UserError(f"klantprofiel ran into a bug ({type(e).__name__}); what you were doing was not finished.",
                                       hint=f"To report it, run the command again with --traceback (klantprofiel --traceback COMMAND …, "
                                            f"or {TRACEBACK_ENV}=1) and send what it prints; look through it for personal data first."))
            raise typer.Exit(ExitCode.BUG) from None


@contextlib.contextmanager
def _usage_errors_printable() -> Iterator[None]:
    """Click's usage errors ("No such option: …", "Invalid value …") quote what was typed, and
    Typer prints them on a console of its own: the quote is made `printable` before it gets there."""
    try:
        yield
    except typer.TyperException as e:  # the public base of click's exceptions in Typer's copy of click
        if isinstance(getattr(e, "message", None), str):
            e.message = printable(e.message)  # type: ignore[attr-defined]
        raise


app = typer.Typer(
    cls=_Group,
    name="klantprofiel",
    help="Get to know a customer, and read how to give him advice he understands, accepts and uses.",
    epilog=EPILOG,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        Terminal().data(f"klantprofiel {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True)] = False,
    traceback: Annotated[bool, typer.Option("--traceback", envvar=TRACEBACK_ENV, help="On a bug, show the traceback (for a bug report).")] = False,
) -> None:
    """Get to know a customer, and read how to give him advice he understands, accepts and uses."""


commands_profile.register(app)
commands_history.register(app)
commands_brief.register(app)
commands_questions.register(app)
commands_transfer.register(app)
commands_delete.register(app)


def main() -> None:
    app()
