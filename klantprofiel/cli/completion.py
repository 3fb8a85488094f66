"""Shell completion of what is stored: customers' names and ids for every NAME argument, the
built-in set ids for `--set`, interview ids for `diff`, question ids for `questions explain`;
from a store file or a PostgreSQL database alike (`store/completion.py`).

Completion is attached by parameter name (`attach`), to every command as it is built, so a new
command with a `name`/`customer` argument or a `--set` option completes without a line here.
The shell runs klantprofiel on every Tab: what a completer imports is light (no Rich, no
pydantic, no store machinery) and it never prints an error into the command line.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from typer._click.shell_completion import CompletionItem

from klantprofiel.cli.options import NAME_ARGUMENTS, db_path, db_target

SHELL_VARIABLE = "_KLANTPROFIEL_COMPLETE"
"""Set by the shell's completion script (`klantprofiel --install-completion`) to complete_bash, complete_zsh, …"""


def _store(ctx: Any) -> Path | str | None:
    """The store the command line being completed points at (--db, KLANTPROFIEL_DB, the default):
    a file's path, or a PostgreSQL URL as typed."""
    from klantprofiel.store.url import is_postgres
    target = db_target(ctx.params.get("db"))
    if is_postgres(str(target)):
        return str(target)
    try:
        return db_path(str(target))
    except Exception:  # another URL, or a --db this version cannot open: nothing to complete from
        return None


def _items(candidates: Sequence[tuple[str, str]]) -> list[CompletionItem]:
    """bash inserts a candidate as it is: a name with a space goes in quoted, as one word."""
    bash = os.environ.get(SHELL_VARIABLE, "").endswith("bash")
    if bash:
        from klantprofiel.printable import shell_word
        return [CompletionItem(shell_word(value), help=about) for value, about in candidates]
    return [CompletionItem(value, help=about) for value, about in candidates]


def complete_customers(ctx: Any, param: Any, incomplete: str) -> list[CompletionItem]:
    from klantprofiel.store import completion
    path = _store(ctx)
    return _items(completion.customers(path, incomplete)) if path else []


def complete_interviews(ctx: Any, param: Any, incomplete: str) -> list[CompletionItem]:
    from klantprofiel.store import completion
    path, customer = _store(ctx), next((ctx.params.get(n) for n in NAME_ARGUMENTS if ctx.params.get(n)), None)
    return _items(completion.interviews(path, customer, incomplete)) if path and customer else []


def complete_sets(ctx: Any, param: Any, incomplete: str) -> list[CompletionItem]:
    from klantprofiel.questionset import available
    return [CompletionItem(set_id) for set_id in available() if set_id.startswith(incomplete)]


def complete_questions(ctx: Any, param: Any, incomplete: str) -> list[CompletionItem]:
    """The question ids of the set on the command line (--set; the default set), read as plain TOML."""
    import tomllib

    from klantprofiel.questionset import DEFAULT_SET, available
    chosen = ctx.params.get("question_set") or DEFAULT_SET
    path = available().get(chosen) or Path(chosen)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = [q for q in data.get("questions", []) if isinstance(q, dict) and isinstance(q.get("id"), str)]
    return [CompletionItem(q["id"], help=_text(q)) for q in found if q["id"].startswith(incomplete)]


def _text(question: dict[str, Any]) -> str:
    from klantprofiel.cli.terminal import Terminal
    text = question.get("text")
    return str(text.get(Terminal.lang) or "") if isinstance(text, dict) else str(text or "")


BY_NAME = {**dict.fromkeys(NAME_ARGUMENTS, complete_customers), "question_set": complete_sets, "other": complete_interviews,
           "question_id": complete_questions}
"""The completer of each parameter, by the parameter's name in the command's function."""


def attach(command: Any) -> None:
    """Give each parameter of `command` (and of its subcommands) the completer its name calls for;
    one with fixed choices (`schema NAME`) keeps completing those."""
    for param in command.params:
        completer = BY_NAME.get(param.name or "")
        choices = getattr(getattr(param, "type_descriptor", None), "is_choice", False)
        if completer is not None and not choices and getattr(param, "_custom_shell_complete", None) is None:
            param._custom_shell_complete = completer
    for sub in getattr(command, "commands", {}).values():
        attach(sub)
