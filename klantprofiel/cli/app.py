"""The `klantprofiel` command: the Typer app, its one error handler, and the command groups.

Expected errors (`UserError`) are caught in `_Group.invoke`, which `CliRunner` passes through
too, and become one line on stderr plus an exit code. Anything else is a bug and shows a
traceback without local variables (they may hold personal data).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from klantprofiel import __version__, in_use
from klantprofiel.cli import commands_brief, commands_delete, commands_history, commands_profile, commands_questions, commands_transfer
from klantprofiel.cli.terminal import Terminal
from klantprofiel.errors import ExitCode, UserError
from klantprofiel.i18n import t
from klantprofiel.printable import printable

EPILOG = "Exit codes: 0 ok · 1 invalid input or not found · 2 usage error · 3 store busy · 130 stopped with Ctrl-C."


class _Group(TyperGroup):
    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _usage_errors_printable():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        in_use.forget()
        try:
            with _usage_errors_printable():
                return super().invoke(ctx)
        except UserError as e:
            Terminal().error(e)
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:  # as the exit codes promise; click would say "Aborted!" and exit 1
            Terminal().note(t("stopped", Terminal.lang), "yellow")
            raise typer.Exit(ExitCode.INTERRUPTED) from None


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
        typer.echo(f"klantprofiel {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True)] = False,
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
