"""The meeting brief on screen: one line per heading, no boxes, no blank lines, so it fits the
lines `profile.brief` counted (at most 30 at 80 columns)."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from klantprofiel.cli.render import plain
from klantprofiel.i18n import t
from klantprofiel.profile.brief import PARTS, Brief, BriefLine, item_text

BRIEF_MARKS = {"own_words": ("·", "cyan"), "concerns": ("!", "red"), "do": ("✓", "green"), "dont": ("✗", "red"),
         "tensions": ("~", "yellow"), "questions": ("?", "magenta"), "homework": ("→", "blue")}
HEADING_STYLES = {"concerns": "bold red", "do": "bold green", "tensions": "bold yellow",
                  "questions": "bold magenta", "homework": "bold blue"}


def _items(lines: list[BriefLine], marks: list[str], style: str) -> Padding:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1, style=style)
    grid.add_column(ratio=1)
    for mark, line in zip(marks, lines):
        grid.add_row(mark, plain(item_text(line)))
    return Padding(grid, (0, 0, 0, 2))


class _WhoLine:
    """Who and what we know on one line when both fit the screen; else what we know on a line of
    its own, whole (`profile.brief.who_rows` counts it so)."""

    def __init__(self, who: Text, known: Text) -> None:
        self.who, self.known = who, known

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        together = self.who + Text(" · ", style="dim") + self.known
        if together.cell_len <= options.max_width:
            yield together
        else:
            yield self.who
            yield self.known


def brief_view(b: Brief) -> RenderableType:
    lang = b.language
    who = plain(b.customer.name)
    who.stylize("bold")
    if b.customer.organisation:
        who += Text(" · ") + plain(b.customer.organisation)
    parts: list[RenderableType] = [_WhoLine(who, Text(b.known_line, style="dim")), Text(t("approach", lang), style="bold cyan")]
    if b.approach:
        parts.append(_items(b.approach, [str(i) for i in range(1, len(b.approach) + 1)], "bold cyan"))
    else:
        parts.append(Padding(Text(t("nothing_decided", lang), style="dim"), (0, 0, 0, 2)))
    for part in PARTS:
        lines: list[BriefLine] = getattr(b, part)
        heading = b.heading(part)
        if heading:
            parts.append(Text(heading, style=HEADING_STYLES.get(part, "bold")))
        if lines:
            mark, style = BRIEF_MARKS[part]
            parts.append(_items(lines, [mark] * len(lines), style))
    parts.append(plain(b.since_last))
    return Group(*parts)
