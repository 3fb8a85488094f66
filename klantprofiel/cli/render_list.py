"""`list` on screen: a table of customers written line by line, so a hundred thousand of them
stream to a file or a pager as fast as thirty reach the screen.

A Rich `Table` measures every cell before it prints the first row (86 s for 100,000 customers).
Here the column widths come from the first rows (all of them for a page); a later, longer name
is cut with "…". User text goes through `printable`, as in every view.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice

from rich.cells import cell_len, set_cell_size

from klantprofiel.i18n import t
from klantprofiel.printable import printable
from klantprofiel.store.customers import CustomerSummary

MEASURED = 200
"""Rows whose names and organisations set the column widths."""
GAP = "  "


def _fit(text: str, width: int) -> str:
    """`text` padded or cut to `width` terminal cells."""
    return set_cell_size(text, width) if cell_len(text) <= width else set_cell_size(text, width - 1) + "…"


def _cells(r: CustomerSummary) -> tuple[str, str, str, str, str]:
    ratio = r.known / r.total if r.total else 0.0
    return printable(r.name), printable(r.organisation or ""), r.last_met, str(r.interviews), f"{ratio:.0%}"


def customer_lines(rows: Iterable[CustomerSummary], lang: str, width: int) -> tuple[str, Iterator[str]]:
    """The header line and the lines of `rows`, at most `width` cells wide; the rows are read
    as the lines are used."""
    rows = iter(rows)
    first = [_cells(r) for r in islice(rows, MEASURED)]
    header = tuple(t(key, lang) for key in ("customer", "organisation", "last", "interviews", "known"))
    widths = [max([cell_len(h), *(cell_len(c[i]) for c in first)]) for i, h in enumerate(header)]
    widths[2] = max(widths[2], len("YYYY-MM-DD"))
    room = width - sum(widths[2:]) - len(GAP) * 4
    while widths[0] + widths[1] > room and max(widths[:2]) > 8:  # the wider text column gives way first
        widths[0 if widths[0] >= widths[1] else 1] -= 1

    def line(cells: tuple[str, ...]) -> str:
        left = [_fit(c, w) for c, w in zip(cells[:3], widths)]
        right = [c.rjust(w) for c, w in zip(cells[3:], widths[3:])]
        return GAP.join(left + right).rstrip()

    return line(header), (line(c) for c in chain(first, map(_cells, rows)))
