"""Rich views of profiles: the approach first, readable in ten seconds.

Every piece of user or question-set text goes in as `Text`, never as a markup string.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from klantprofiel.cli.layout import Fitting, SideBySide
from klantprofiel.i18n import t
from klantprofiel.printable import printable
from klantprofiel.profile.model import Knownness, Line, Reason
from klantprofiel.profile.record import InterviewRecord
from klantprofiel.who_when import BESIDE_THE_DATE, CustomerRef


def plain(text: str | None) -> Text:
    """User text, shown literally: no markup, no emoji codes, no escape sequences."""
    return Text(printable(text or ""))


def knownness_bar(k: Knownness, width: int = 20, *, level: bool = True) -> Text:
    filled = round(k.ratio * width)
    bar = Text("█" * filled, style="green") + Text("░" * (width - filled), style="dim") + Text(f" {k.known}/{k.total}")
    return bar + Text(" · ") + plain(k.level) if level else bar


def why_line(reasons: list[Reason], lang: str) -> Text:
    """"waarom: Advies betekent → zwakte; …": the answers behind a line."""
    parts = "; ".join(f"{r.question_label} → {r.label}" for r in reasons)
    return Text(f"{t('why', lang)}: ", style="dim italic") + Text(printable(parts), style="dim")


class _Lines:
    """How one interview's lines read: the text, marked when a salesperson called its rule wrong
    (`klantprofiel feedback`); under --why, the answers behind it and its id (`set.rule`)."""

    def __init__(self, lang: str, why: bool, set_id: str, flagged: frozenset[str]) -> None:
        self.lang, self.why, self.set_id, self.flagged = lang, why, set_id, flagged

    def text(self, line: Line) -> Text:
        text = plain(line.text)
        if line.rule and f"{self.set_id}.{line.rule}" in self.flagged:
            text += Text(f"  ⚑ {t('flagged_wrong', self.lang)}", style="bold red")
        return text

    def cell(self, line: Line) -> RenderableType:
        if not (self.why and line.rule):
            return Group(self.text(line), why_line(line.why, self.lang)) if self.why and line.why else self.text(line)
        reasons = why_line(line.why, self.lang) + Text(f" · {t('line_id', self.lang)} {self.set_id}.{line.rule}", style="dim")
        reasons.overflow = "fold"  # a long id on a narrow screen is folded, never cut
        return Group(self.text(line), reasons)


def bullets(cells: list[RenderableType], mark: str, style: str) -> Table:
    """Lines each behind a mark ("✓", "!"), wrapping under their own text, not under the mark."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1, style=style)
    grid.add_column(ratio=1)
    for cell in cells:
        grid.add_row(mark, cell)
    return grid


def _bullets(lines: list[Line], mark: str, style: str, view: _Lines) -> Table:
    return bullets([view.cell(line) for line in lines], mark, style)


def _heading(text: str, style: str = "bold") -> Text:
    return Text(text, style=style)


def customer_title(customer: CustomerRef) -> Text:
    title = plain(customer.name)
    title.stylize("bold")
    if customer.organisation:
        title += Text(" · ") + plain(customer.organisation)
    return title


def profile_view(record: InterviewRecord, *, why: bool = False, title: str | None = None, flagged: frozenset[str] = frozenset()) -> RenderableType:
    """One interview's profile; `title` (a set's title) replaces the customer's name as the heading;
    lines whose `set.rule` is in `flagged` are marked as called wrong."""
    p = record.profile
    lang = p.language
    view = _Lines(lang, why, record.question_set.id, flagged)
    heading = customer_title(record.customer) if title is None else Text(title, style="bold")
    subtitle = Text(f"{t('interview_no', lang)} {record.interview.id} · {record.interview.meeting_date or record.interview.created_at[:10]}")

    rows: list[tuple[Text, RenderableType]] = []
    for a in p.approach:
        if a.fallback:  # a default line looks like one, and says why it stands here
            cell: RenderableType = Text(f"{t('default', lang)} · ", style="dim") + Text(a.text, style="italic")
            rows.append((plain(a.title), Group(cell, Text(a.default_why or "", style="dim italic")) if why else cell))
            continue
        rows.append((plain(a.title), view.cell(a)))
    parts: list[RenderableType] = [
        Panel(headed(rows), title=heading, subtitle=subtitle, title_align="left", subtitle_align="right", border_style="cyan"),
    ]
    if p.concerns:
        parts += [Padding(_heading(t("concerns", lang), "bold red"), (1, 1, 0, 1)),
                  Padding(_bullets(p.concerns, "!", "red", view), (0, 1, 0, 3))]

    do = Group(_heading(t("do", lang), "bold green"),
               _bullets(p.do, "✓", "green", view) if p.do else Text(t("nothing_yet", lang), style="dim"))
    dont = Group(_heading(t("dont", lang), "bold red"),
                 _bullets(p.dont, "✗", "red", view) if p.dont else Text(t("nothing_yet", lang), style="dim"))
    parts.append(Padding(SideBySide(do, dont), (1, 1, 0, 1)))

    if p.tensions:
        parts += [Padding(_heading(t("tensions", lang), "bold yellow"), (1, 1, 0, 1)),
                  Padding(_bullets(p.tensions, "!", "yellow", view), (0, 1, 0, 3))]
    if p.sections:
        parts.append(Padding(_heading(t("sections", lang)), (1, 1, 0, 1)))
        for section in p.sections:
            parts += [Padding(plain(section.title), (0, 1, 0, 3), style="bold"),
                      Padding(_bullets(section.lines, "·", "dim", view), (0, 1, 0, 5))]
    if p.discover:
        parts += [Padding(_heading(t("discover", lang), "bold magenta"), (1, 1, 0, 1)),
                  Padding(_bullets(p.discover, "?", "magenta", view), (0, 1, 0, 3))]
    facts = [(k, getattr(record.interview, k)) for k in BESIDE_THE_DATE]  # the date is in the title
    facts_grid = Table.grid(padding=(0, 1))
    for key, value in facts:
        if value:
            facts_grid.add_row(Text(t(key, lang) + ":", style="dim"), plain(value))
    parts += [
        Padding(Text(t("knownness", lang) + ": ", style="bold") + knownness_bar(p.knownness), (1, 1, 0, 1)),
        Padding(facts_grid, (0, 1, 0, 1)),
    ]
    return Group(*parts)


def headed(rows: list[tuple[Text, RenderableType]]) -> Fitting:
    """Lines under a heading each ("Hoe sturend  Stuur met vragen…"): the heading beside its line
    where the line keeps room to read, above it where not."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(ratio=1)
    for heading, line in rows:
        grid.add_row(heading, line)
    return Fitting(grid, room=20)

