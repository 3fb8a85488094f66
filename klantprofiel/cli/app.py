"""The `klantprofiel` command: the Typer app, its one error handler, and the command groups.

Expected errors (`UserError`) are caught in `_Group.invoke`, which `CliRunner` passes through
too, and become one line on stderr plus an exit code. Anything else is a bug: one line says so
and how to see the traceback (`--traceback` or KLANTPROFIEL_TRACEBACK=1), which is not shown by
default (it may hold personal data) and never shows local variables. `_Group.main`, around it
all, guards stdout for every command and for Typer's own help and errors.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import importlib
import os
import sys
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from klantprofiel import __version__, in_use
from klantprofiel.cli.completion import SHELL_VARIABLE
from klantprofiel.cli.options import LANG_ENV, NAME_ARGUMENTS
from klantprofiel.cli.terminal import Terminal, guarded_stdout
from klantprofiel.errors import ExitCode, UserError
from klantprofiel.i18n import LANGS, t
from klantprofiel.printable import printable, shell_word

TRACEBACK_ENV = "KLANTPROFIEL_TRACEBACK"


_COMMAND_ARGS = "klantprofiel.command_args"


def run_language(args: list[str]) -> str:
    """The run's language, known before Click parses anything, so that its errors and ours about
    the options themselves speak it too: `--lang X` (the last one), else KLANTPROFIEL_LANG."""
    lang = os.environ.get(LANG_ENV, "")
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.removeprefix("--lang=")
    return lang if lang in LANGS else LANGS[0]


COMMANDS = {
    "interview": "commands_profile", "show": "commands_profile", "list": "commands_list",
    "history": "commands_history", "diff": "commands_history", "brief": "commands_brief",
    "questions": "commands_questions", "schema": "commands_questions",
    "export": "commands_transfer", "import": "commands_transfer",
    "delete": "commands_delete", "rename": "commands_rename", "feedback": "commands_feedback",
    "store": "commands_store",
}
"""Each command, in the order `--help` lists them, and the module in cli/ whose `register` makes it.

A command's module is imported (and its parameters built) only when that command runs, is
completed or is listed in help: shell completion runs the program on every Tab, and `--version`
or `show <Tab>` should not pay for thirteen commands' worth of imports and signatures."""

MARKUP: Literal["rich", "markdown"] = "markdown"
"""How help texts are marked up, the same for the root and for every command: Markdown, so a
paragraph is wrapped as a whole (never broken where the source line ended) and `code` reads as code."""


@functools.cache
def _commands_of(module: str, lang: str) -> dict[str, Any]:
    """The click commands that `klantprofiel.cli.<module>.register` makes, with completion attached
    and their help's examples in `lang` (a test process asks in both languages)."""
    from klantprofiel.cli.completion import attach
    from klantprofiel.cli.help import readable
    sub = typer.Typer(rich_markup_mode=MARKUP)
    importlib.import_module(f"klantprofiel.cli.{module}").register(sub)
    commands = dict(typer.main.get_group(sub).commands)
    for name, command in commands.items():
        attach(command)
        readable(command, name, lang)
    return commands


def every_command() -> dict[str, Any]:
    """Every top-level command by name, in help's order, each module imported: for checks over all of them."""
    return {name: _commands_of(module, Terminal.lang)[name] for name, module in COMMANDS.items()}


class _Group(TyperGroup):
    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *COMMANDS]

    def get_command(self, ctx: Any, name: str) -> Any:
        found = super().get_command(ctx, name)
        if found is None and name in COMMANDS:
            found = _commands_of(COMMANDS[name], Terminal.lang).get(name)
        return found

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        Terminal.lang = run_language(given)
        for param in self.params:  # Typer's own completion options, saying what they do in the run's language
            if param.name == "install_completion":
                param.callback = _install_completion
            elif param.name == "show_completion":
                param.callback = _show_completion
        if "-h" in given or "--help" in given or not (given or os.environ.get(SHELL_VARIABLE)):  # help, not a Tab's completion
            from klantprofiel.cli.help import closing, spoken
            spoken(self, "klantprofiel", Terminal.lang)
            self.epilog = closing("klantprofiel", Terminal.lang)
        with guarded_stdout():
            try:
                return super().main(args, *rest, **kwargs)
            except UserError as e:  # outside any command: --help or --version on a closed or full stdout
                Terminal().error(e)
                sys.exit(e.exit_code)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _usage_errors_printable():
            return super().make_context(*args, **kwargs)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            name, command, rest = super().resolve_command(ctx, args)
        except typer.TyperException as e:  # Typer's "Did you mean" knows only the commands already imported
            close = difflib.get_close_matches(args[0], COMMANDS) if args and "Did you mean" not in e.message else []
            if close:
                e.message = f"{e.message.rstrip('.')}. Did you mean {', '.join(repr(c) for c in close)}?"
            raise
        ctx.meta[_COMMAND_ARGS] = list(rest)  # a copy: parsing uses up `rest`; for `_name_in_pieces`
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:
        in_use.forget()
        try:
            with _usage_errors_printable():
                try:
                    result = super().invoke(ctx)
                except typer.TyperException as e:
                    _name_in_pieces(e, self)
                    raise
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
            Terminal().error(UserError("bug", hint="bug_hint", kind=type(e).__name__, env=TRACEBACK_ENV))
            raise typer.Exit(ExitCode.BUG) from None


@contextlib.contextmanager
def _usage_errors_printable() -> Iterator[None]:
    """Click's usage errors ("No such option: …", "Invalid value …") quote what was typed, and
    Typer prints them on a console of its own: the quote is made `printable` before it gets there."""
    try:
        yield
    except typer.TyperException as e:  # the public base of click's exceptions in Typer's copy of click
        if isinstance(getattr(e, "message", None), str):
            e.message = printable(e.message)
        if hasattr(e, "format_message"):
            from klantprofiel.cli.click_words import translate
            translate(e, Terminal.lang)
        ctx = getattr(e, "ctx", None)
        if ctx is not None and ctx.parent is None:  # the root's usage line under its error (`klantprofiel shw`)
            from klantprofiel.cli.help import spoken
            spoken(ctx.command, "klantprofiel", Terminal.lang)
        raise


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """Typer's --install-completion, which says what it did in the run's language (Typer's own says it in English)."""
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install
    shell, path = install(shell=_completion_shell(value))
    Terminal().note(t("completion_installed", Terminal.lang, shell=shell, path=path), "green")
    raise typer.Exit()


def _show_completion(ctx: Any, param: Any, value: Any) -> Any:
    """Typer's --show-completion, for a shell it has a script for; another is refused in the run's language."""
    from typer.completion import show_callback
    if value and not ctx.resilient_parsing:
        _completion_shell(value)
    return show_callback(ctx, param, value)


def _completion_shell(value: Any) -> str:
    """The shell a completion option is for: the one named (`--install-completion zsh`, where Typer takes a
    name) or this one; refused when Typer has no completion for it (it would say so in English)."""
    from typer._completion_shared import Shells, _get_shell_name
    shell = value if isinstance(value, str) else _get_shell_name()
    if shell not in {s.value for s in Shells}:
        raise UserError("completion_shell_unsupported", shell=shell or "?", shells=", ".join(s.value for s in Shells))
    return shell


def takes_a_name(command: Any) -> bool:
    """Is the command's first argument a customer's name (text, called name or customer)?"""
    first = next((p for p in command.params if p.param_type_name == "argument"), None)
    return first is not None and first.name in NAME_ARGUMENTS and first.type_descriptor.annotation is str


def _name_in_pieces(e: Any, group: TyperGroup) -> None:
    """`show Piet Jansen` without quotes gives the command more arguments than it takes: a name
    in pieces. The usage error then says how to type it as one (as one shell word)."""
    sub = getattr(e, "ctx", None)
    if sub is None or sub.parent is None or sub.parent.command is not group or _COMMAND_ARGS not in sub.meta:
        return
    if not takes_a_name(sub.command):
        return
    arguments = [p for p in sub.command.params if p.param_type_name == "argument"]
    given, extra, _ = sub.command.make_parser(sub).parse_args(list(sub.meta[_COMMAND_ARGS]))
    if not extra:
        return
    pieces = [given[p.name] for p in arguments if isinstance(given.get(p.name), str)] + extra
    words = list(sub.meta[_COMMAND_ARGS])
    if pieces[0] not in words:  # the name came in some other way: no suggestion rather than a wrong one
        return
    at = words.index(pieces[0])
    for piece in pieces:
        words.remove(piece)
    words.insert(at, " ".join(pieces))
    suggestion = " ".join(shell_word(word) for word in words)
    e.message = t("name_in_pieces", Terminal.lang, message=e.message.rstrip("."), suggestion=f"{sub.info_name} {suggestion}")


app = typer.Typer(
    cls=_Group,
    name="klantprofiel",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=MARKUP,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        Terminal().data(f"klantprofiel {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True)] = False,
    traceback: Annotated[bool, typer.Option("--traceback", envvar=TRACEBACK_ENV)] = False,
) -> None:
    """The options before any command; its help (as every command's) is in cli/help_texts.py."""


def main() -> None:
    app(prog_name="klantprofiel")  # also under `python -m klantprofiel`: the same usage lines and completion variable
