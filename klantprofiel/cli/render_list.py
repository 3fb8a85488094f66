"""`list` on screen: customers written line by line, so a hundred thousand of them stream to a
file or a pager as fast as thirty reach the screen.

A Rich `Table` measures every cell before it prints the first row (86 s for 100,000 customers).
Here the column widths come from the first rows (all of them for a page). Where they do not fit
the width, each customer is a block instead (his name, then the other columns below it after
their headers), as `layout.Fitting` does for the other views; so is a later customer whose name
or organisation is wider than its column. No word is cut. User text goes through `printable`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from rich.cells import cell_len

from klantprofiel.i18n import t
from klantprofiel.printable import printable
from klantprofiel.store.protocol import CustomerSummary

MEASURED = 200
"""Rows whose names and organisations set the column widths."""
GAP = "  "
INDENT = "  "


def _cells(r: CustomerSummary, lang: str) -> tuple[str, str, str, str, str, str]:
    interviews = f"{r.interviews} + {r.drafts} {t('draft_mark', lang)}" if r.drafts else str(r.interviews)
    return (printable(r.name), printable(r.organisation or ""), r.last_met, interviews, f"{r.known / r.total:.0%}" if r.total else "–",
            r.id)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def customer_lines(rows: Iterable[CustomerSummary], lang: str, width: int) -> tuple[str | None, Iterator[str]]:
    """The header line (None when each customer is a block) and the lines of `rows`, at most
    `width` columns wide (but for a word longer than that); the rows are read as the lines are used."""
    rows = iter(rows)
    first = [_cells(r, lang) for r in islice(rows, MEASURED)]
    header = tuple(t(key, lang) for key in ("customer", "organisation", "last", "interviews", "known", "customer_id"))
    widths = [max([cell_len(h), *(cell_len(c[i]) for c in first)]) for i, h in enumerate(header)]
    table = sum(widths) + len(GAP) * (len(widths) - 1) <= width

    def block(cells: tuple[str, ...]) -> str:
        lines = textwrap.wrap(cells[0], width, break_on_hyphens=False) or [""]
        for h, c in zip(header[1:], cells[1:]):
            if c:
                lines += textwrap.wrap(f"{h}: {c}", width, initial_indent=INDENT, subsequent_indent=INDENT * 2, break_on_hyphens=False)
        return "\n".join(lines)

    def line(cells: tuple[str, ...]) -> str:
        if not table or any(cell_len(c) > w for c, w in zip(cells[:2], widths)):
            return block(cells)
        left = [_pad(c, w) for c, w in zip(cells[:3], widths)]
        right = [c.rjust(w) for c, w in zip(cells[3:5], widths[3:5])]
        return GAP.join([*left, *right, cells[5]]).rstrip()

    return (line(header) if table else None), (line(c) for c in chain(first, (_cells(r, lang) for r in rows)))
