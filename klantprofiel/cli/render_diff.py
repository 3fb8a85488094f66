"""Rich views of what changed between two interviews: in full for `diff`, in short for `brief`."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from klantprofiel.cli.render import plain
from klantprofiel.i18n import t
from klantprofiel.profile.diff import AnswerChange, LineChange, ProfileDiff
from klantprofiel.profile.model import Knownness


def _known(k: Knownness, *, level: bool = True) -> str:
    return f"{k.known}/{k.total} · {k.level}" if level else f"{k.known}/{k.total}"


def diff_heading(d: ProfileDiff, lang: str) -> Text:
    """"Twijfels en zwakke plekken: interview 3 (2024-05-12) → interview 7 (2024-06-03)"."""
    word = t("interview_no", lang)
    return (Text(d.set_title, style="bold") + Text(": ")
            + Text(f"{word} {d.before.id} ({d.before.date}) → {word} {d.after.id} ({d.after.date})"))


def knownness_change(d: ProfileDiff, lang: str) -> Text:
    """"5/14 → 8/14 · level", naming the level before only when it was another one."""
    before, after = d.before.knownness, d.after.knownness
    change = f"{_known(before, level=before.level != after.level)} → {_known(after)}"
    return Text(f"{t('knownness', lang)}: ", style="dim") + plain(change)


def line_changes(added: list[LineChange], dropped: list[LineChange]) -> Table:
    """Profile lines added (+) and dropped (−), each with the heading it stands under."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1)
    grid.add_column(ratio=1)
    for c in added:
        grid.add_row(Text("+", style="green"), Text(f"{c.heading}: ", style="dim") + plain(c.text))
    for c in dropped:
        line = plain(f"{c.heading}: {c.text}")
        line.stylize("dim")
        grid.add_row(Text("−", style="red"), line)
    return grid


def _answers(changes: list[AnswerChange]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1, style="dim")
    grid.add_column(ratio=1)
    for c in changes:
        grid.add_row("·", Group(plain(c.question_text), Text("  ") + plain(c.before_label) + Text(" → ", style="dim") + plain(c.after_label)))
    return grid


def diff_view(d: ProfileDiff, lang: str) -> RenderableType:
    """`diff`: the answers that changed, then the profile lines that came and went."""
    parts: list[RenderableType] = [Padding(plain(d.customer) + Text(" · ") + diff_heading(d, lang), (0, 1)),
                                   Padding(knownness_change(d, lang), (0, 1))]
    if d.unchanged:
        return Group(*parts, Padding(Text(t("no_changes", lang), style="dim"), (1, 1, 0, 1)))
    for key, changes in (("newly_known", d.newly_known), ("changed", d.changed)):
        if changes:
            parts += [Padding(Text(t(key, lang), style="bold"), (1, 1, 0, 1)), Padding(_answers(changes), (0, 1, 0, 3))]
    if d.added:
        parts += [Padding(Text(t("added", lang), style="bold"), (1, 1, 0, 1)), Padding(line_changes(d.added, []), (0, 1, 0, 3))]
    if d.dropped:
        parts += [Padding(Text(t("dropped", lang), style="bold"), (1, 1, 0, 1)), Padding(line_changes([], d.dropped), (0, 1, 0, 3))]
    return Group(*parts)
