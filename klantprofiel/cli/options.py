"""Options several commands share, defined once."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from klantprofiel.cli.terminal import Terminal
from klantprofiel.i18n import LANGS


def default_db() -> Path:
    return Path(typer.get_app_dir("klantprofiel")) / "klantprofiel.db"


def db_path(db: Path | None) -> Path:
    return db if db is not None else default_db()


DbOption = Annotated[
    Path | None,
    typer.Option("--db", envvar="KLANTPROFIEL_DB", help="The store file. Default: klantprofiel.db in your application folder.", show_default=False),
]


class Lang(str, Enum):
    nl = "nl"
    en = "en"


assert tuple(lang.value for lang in Lang) == LANGS


def _remember_lang(value: Lang) -> Lang:
    """The error handler runs outside the command; it reads the language from here."""
    Terminal.lang = value.value
    return value


LangOption = Annotated[Lang, typer.Option("--lang", envvar="KLANTPROFIEL_LANG", help="Language of the texts: nl or en.", callback=_remember_lang)]


class ShowFormat(str, Enum):
    rich = "rich"
    json = "json"
    markdown = "markdown"


FormatOption = Annotated[ShowFormat, typer.Option("--format", "-f", help="rich (on screen), json (for scripts) or markdown (for a note).")]
