"""`list`: a page of the customers (the most recently met first), filters, and every one of them
for scripts (`--format json|jsonl`), read from the customer index as it is written out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum
from itertools import chain, islice
from typing import Annotated

import typer

from klantprofiel.cli.options import DbOption, Lang, LangOption, open_store
from klantprofiel.cli.terminal import Terminal
from klantprofiel.errors import UsageError
from klantprofiel.i18n import number, t

PAGE = 30
"""Customers shown on screen without --limit or --all."""
JSON_CHUNK = 500
"""JSON objects written at a time."""


class ListFormat(str, Enum):
    rich = "rich"
    json = "json"
    jsonl = "jsonl"


class ListSort(str, Enum):
    last = "last"
    name = "name"
    known = "known"


def _date(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", value):
        raise UsageError("since_not_a_date", hint="since_not_a_date_hint", value=value)
    return value


def list_customers(
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, show_default=False)] = None,
    show_all: Annotated[bool, typer.Option("--all")] = False,
    since: Annotated[str | None, typer.Option("--since", show_default=False)] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", show_default=False)] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", show_default=False)] = None,
    sort: Annotated[ListSort, typer.Option("--sort")] = ListSort.last,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.rich,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    lang: LangOption = Lang.nl,
    db: DbOption = None,
) -> None:
    """A page of the customers, or all of them as JSON (its --help: `help_texts.HELP["list"]`)."""
    from klantprofiel.store.protocol import CustomerFilter
    if show_all and limit is not None:
        raise UsageError("limit_or_all")
    fmt = ListFormat.json if as_json else fmt
    which = CustomerFilter(since=_date(since), organisation=organisation, search=search)
    store = open_store(db)
    term = Terminal()
    if fmt is not ListFormat.rich:
        _write_json(term, store.customers(which, sort.value, limit), fmt)
        return
    page = None if show_all else limit or PAGE
    shown = _print_table(term, store.customers(which, sort.value, page), lang.value, paged=show_all)
    if shown == 0:
        filtered = which != CustomerFilter()
        term.note(t("no_match" if filtered else "no_customers", lang.value))
        return
    total = shown if page is None or shown < page else store.count_customers(which)
    if shown < total:
        term.note(t("list_page", lang.value, shown=number(shown, lang.value), total=number(total, lang.value), more=number(min(total, 2 * shown), lang.value)), "dim")
    else:
        term.note(t("list_all", lang.value, total=number(total, lang.value)), "dim")


def _print_table(term: Terminal, rows: Iterator, lang: str, *, paged: bool) -> int:
    """Write the customers (through the pager if `paged` and on a terminal); returns how many."""
    from klantprofiel.cli.pager import page
    from klantprofiel.cli.render_list import customer_lines
    counted = 0

    def counting() -> Iterator:
        nonlocal counted
        for row in rows:
            counted += 1
            yield row

    header, lines = customer_lines(counting(), lang, term.out.width)
    if counted == 0:
        return 0
    if paged and term.out.is_terminal and page(term.view_lines(chain([header] if header else [], lines))):
        return counted
    if header:
        term.out.print(header, style="bold", markup=False, highlight=False, overflow="ignore", crop=False)
    term.lines(lines)
    return counted


def _write_json(term: Terminal, rows: Iterator, fmt: ListFormat) -> None:
    """Every row as JSON, JSON_CHUNK objects at a time: an array as `json.dumps(..., indent=2)`
    writes it, or one compact object per line."""
    from pydantic_core import to_json

    def chunks() -> Iterator[bytes]:
        if fmt is ListFormat.jsonl:
            while chunk := list(islice(rows, JSON_CHUNK)):
                yield b"".join(to_json(r) + b"\n" for r in chunk)
            return
        first = True
        yield b"["
        while chunk := list(islice(rows, JSON_CHUNK)):
            yield (b"" if first else b",") + b",".join(b"\n  " + to_json(r, indent=2).replace(b"\n", b"\n  ") for r in chunk)
            first = False
        yield b"]\n" if first else b"\n]\n"

    term.json_chunks(chunks())


def register(app: typer.Typer) -> None:
    app.command("list")(list_customers)
