"""The meeting brief on screen: who and what we know in a panel, then four short parts."""

from __future__ import annotations

import datetime as dt

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from klantprofiel.cli.render import customer_title, headed, plain
from klantprofiel.cli.render_customer import known_sets
from klantprofiel.cli.render_diff import diff_heading, knownness_change, line_changes
from klantprofiel.i18n import t
from klantprofiel.printable import shell_word
from klantprofiel.profile.brief import Brief, BriefLine, headlines
from klantprofiel.profile.diff import ProfileDiff


def _part(title: str, style: str, body: RenderableType) -> list[RenderableType]:
    return [Padding(Text(title, style=style), (1, 1, 0, 1)), Padding(body, (0, 1, 0, 3))]


def _marked(lines: list[BriefLine], mark: str, style: str) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1, style=style)
    grid.add_column(ratio=1)
    for line in lines:
        grid.add_row(mark, plain(line.text))
    return grid


def _change(d: ProfileDiff, lang: str) -> RenderableType:
    parts: list[RenderableType] = [diff_heading(d, lang), Padding(knownness_change(d, lang), (0, 0, 0, 2))]
    if d.unchanged:
        return Group(*parts, Padding(Text(t("no_changes", lang), style="dim"), (0, 0, 0, 2)))
    counts = t("answers_count", lang, new=len(d.newly_known), changed=len(d.changed))
    more = t("diff_hint", lang, arg=shell_word(d.customer), set=shell_word(d.question_set))
    return Group(*parts, Padding(Text(counts, style="dim"), (0, 0, 0, 2)),
                 Padding(line_changes(headlines(d.added), headlines(d.dropped)), (0, 0, 0, 2)),
                 Padding(plain(more), (0, 0, 0, 2), style="dim"))


def brief_view(b: Brief, today: dt.date) -> RenderableType:
    lang = b.language
    title = customer_title(b.customer) + Text(f" · {t('brief', lang)}")
    parts: list[RenderableType] = [
        Panel(known_sets(b.sets, b.not_interviewed, b.customer.name, today, lang), title=title, title_align="left", border_style="cyan"),
    ]
    approach = headed([(plain(line.heading), plain(line.text)) for line in b.approach])
    parts += _part(t("approach", lang), "bold cyan", approach if b.approach else Text(t("nothing_decided", lang), style="dim"))
    parts += _part(t("concerns", lang), "bold red", _marked(b.concerns, "!", "red") if b.concerns else Text(t("nothing_yet", lang), style="dim"))
    discover: list[RenderableType] = [_marked(b.discover, "?", "magenta")]
    if b.discover_more:
        discover.append(Text.assemble(plain(t("more_to_discover", lang, n=b.discover_more, arg=shell_word(b.customer.name))), style="dim"))
    parts += _part(t("discover_now", lang), "bold magenta", Group(*discover) if b.discover else Text(t("nothing_yet", lang), style="dim"))
    changes: RenderableType = Group(*[_change(d, lang) for d in b.changes]) if b.changes else Text(t("first_time", lang), style="dim")
    parts += _part(t("changes", lang), "bold", changes)
    return Group(*parts)
