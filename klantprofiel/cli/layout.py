"""Layouts that fit the width they get: side by side where there is room, one under the other where not.

A Rich table squeezed below its minimum width cuts words ("Kenn…", "inter…") and drops a set's
title to nothing; these renderables choose, at render time, between the wide layout and a
narrow one that keeps every word, so the views read the same from 40 to 200+ columns.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text


class Fitting:
    """A table where its columns fit without cutting a word (and `room` columns spare for the
    wrapping ones); else each row as a block: its first cell, then the others indented below it,
    each after its column's header when the table has headers."""

    def __init__(self, table: Table, room: int = 0) -> None:
        self.table, self.room = table, room

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if _narrowest(console, options, self.table) + self.room <= options.max_width:
            yield self.table
            return
        columns = self.table.columns
        cells = [list(c.cells) for c in columns]
        if self.table.title:
            yield self.table.title
        for row in range(self.table.row_count):
            yield _strong(cells[0][row])
            for column, column_cells in zip(columns[1:], cells[1:]):
                cell = column_cells[row]
                if isinstance(cell, str):
                    cell = Text(cell)
                if isinstance(cell, Text) and not cell.plain.strip():
                    continue
                header = column.header if self.table.show_header else ""
                if header and isinstance(cell, Text):
                    cell = Text.assemble(Text(f"{header}: ", style="dim"), cell)
                yield Padding(cell, (0, 0, 0, 2))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """As wide as the table at most; as narrow as anything, the blocks wrap."""
        return Measurement(1, Measurement.get(console, options, self.table).maximum)


class SideBySide:
    """Two parts in columns of equal width where each gets `each` columns, and at most `widest`
    together (so they read as a pair on a wide screen too); else one under the other."""

    def __init__(self, left: RenderableType, right: RenderableType, *, each: int = 32, gap: int = 4, widest: int = 100) -> None:
        self.left, self.right, self.each, self.gap, self.widest = left, right, each, gap, widest

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= 2 * self.each + self.gap:
            grid = Table.grid(padding=(0, self.gap), expand=True)
            grid.add_column(ratio=1)
            grid.add_column(ratio=1)
            grid.add_row(self.left, self.right)
            yield from console.render(grid, options.update(width=min(options.max_width, self.widest)))
        else:
            yield Group(self.left, Text(""), self.right)


def _narrowest(console: Console, options: ConsoleOptions, table: Table) -> int:
    """The width below which `table` cuts words: each column as wide as its longest word (its
    longest cell where it may not wrap), with the padding between columns. (Rich's own measure
    of a table lets a no-wrap column shrink, and shrinks it by cutting.)"""
    _, right, _, left = table.padding
    total = 0
    for column in table.columns:
        cells = [column.header, *column.cells] if table.show_header else list(column.cells)
        measures = [Measurement.get(console, options, cell) for cell in cells]
        total += max((m.maximum if column.no_wrap else m.minimum for m in measures), default=0) + left + right
    return total - (0 if table.pad_edge else left + right)


def _strong(cell: RenderableType) -> RenderableType:
    if isinstance(cell, str):
        return Text(cell, style="bold")
    if isinstance(cell, Text):
        cell = cell.copy()
        cell.stylize("bold")
    return cell
