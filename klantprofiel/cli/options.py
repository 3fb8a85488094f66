"""Options several commands share, defined once."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from klantprofiel.cli.terminal import Terminal
from klantprofiel.i18n import LANGS, t

if TYPE_CHECKING:
    from klantprofiel.store.protocol import Store


NAME_ARGUMENTS = ("name", "customer")
"""The first argument of every command that takes a customer's name (interview, show, brief, …)."""


def default_db() -> Path:
    """klantprofiel.db in the user's application folder. On Windows that is the local one
    (%LOCALAPPDATA%), not the roaming %APPDATA% that company networks copy to their servers."""
    return Path(typer.get_app_dir("klantprofiel", roaming=False)) / "klantprofiel.db"


def db_target(db: str | None) -> Path | str:
    """--db as typed (a str: a Path would fold a URL's `//`), or the default store."""
    return db if db is not None else default_db()


def db_path(db: str | None) -> Path:
    """The store file --db names, or the default store (a URL is refused as one: `location.store_path`)."""
    from klantprofiel.store.location import store_path
    return store_path(db_target(db))


def open_store(db: str | None, *, writes: bool = False, say: Callable[[str], None] | None = None) -> Store:
    """The store a command works on (`factory.store_at`: a file, or a database by URL). Only a command
    that writes (`writes=True`) makes a store that is not there, and says where, once, through `say`
    (default: a line on stderr; import passes its reporter, so --json stays JSON); a reading command
    gets "No store at PATH"."""
    from klantprofiel.store import factory
    tell = say or Terminal().note
    return factory.store_at(db_target(db), create=writes,
                              on_create=(lambda path: tell(t("store_created", Terminal.lang, path=path))) if writes else None)


def existing_store(db: str | None) -> Store | None:
    """The store a command reads if there is one, else None (a dry run, a check): nothing is made."""
    from klantprofiel.store import factory
    return open_store(db) if factory.exists(db_target(db)) else None


DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="KLANTPROFIEL_DB", show_default=False),
]


class Lang(str, Enum):
    nl = "nl"
    en = "en"


assert tuple(lang.value for lang in Lang) == LANGS


def _remember_lang(value: Lang) -> Lang:
    """The error handler runs outside the command; it reads the language from here."""
    Terminal.lang = value.value
    return value


LANG_ENV = "KLANTPROFIEL_LANG"
LangOption = Annotated[Lang, typer.Option("--lang", envvar=LANG_ENV, callback=_remember_lang)]


class ShowFormat(str, Enum):
    rich = "rich"
    json = "json"
    markdown = "markdown"


OrganisationOption = Annotated[
    str | None,
    typer.Option("--organisation", show_default=False),
]

FormatOption = Annotated[ShowFormat, typer.Option("--format", "-f")]
