"""Rich views over a customer's interviews: every set's latest profile together, and the history.

Set titles, names and levels go in as `Text`; nothing here is parsed as markup.
"""

from __future__ import annotations

import datetime as dt

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from klantprofiel.cli.layout import Fitting
from klantprofiel.cli.render import bullets, customer_title, headed, knownness_bar, plain, profile_view, why_line
from klantprofiel.i18n import t
from klantprofiel.printable import shell_word
from klantprofiel.profile.history import DraftSummary, InterviewSummary, SetName, SetTrack, customer_of, how_recent
from klantprofiel.profile.picture import KIND_WORDS, Picture, PictureLine
from klantprofiel.questionset import DEFAULT_SET
from klantprofiel.store.protocol import StoredDraft


def known_sets(summaries: list[InterviewSummary], missing: list[SetName], name: str, today: dt.date, lang: str) -> RenderableType:
    """Which sets are known and how recent, and which are not covered yet."""
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    table.add_column()
    for _ in range(3):
        table.add_column(no_wrap=True)
    for s in summaries:
        table.add_row(plain(s.set_title), Text(f"{s.date} · {how_recent(s.date, today, lang)}"),
                      knownness_bar(s.knownness, width=10, level=False), Text(f"{t('interview_no', lang)} {s.id}", style="dim"))
    parts: list[RenderableType] = [Text(t("known_sets", lang), style="bold"), Padding(Fitting(table), (0, 0, 0, 2))]
    if missing:
        parts.append(Padding(Text(f"{t('not_interviewed', lang)}: ", style="dim") + plain(", ".join(m.title for m in missing)), (0, 0, 0, 2)))
        parts.append(Padding(plain(t("interview_set_hint", lang, arg=shell_word(name))), (0, 0, 0, 2), style="dim"))
    return Group(*parts)


def picture_view(picture: Picture, *, why: bool = False, flagged: frozenset[str] = frozenset()) -> list[RenderableType]:
    """The approach ranked across all sets, with (under --why) each line's answers and id and the
    lines it overruled; then the lines of rules that look at more than one set. A line whose rule
    is in `flagged` is marked as called wrong."""
    lang = picture.language

    def text(line: PictureLine) -> Text:
        shown = plain(line.text)
        return shown + Text(f"  ⚑ {t('flagged_wrong', lang)}", style="bold red") if line.rule in flagged else shown

    def cell(line: PictureLine) -> RenderableType:
        reasons = why_line(line.why, lang) + Text(f" · {t('line_id', lang)} {line.rule}", style="dim")
        reasons.overflow = "fold"  # a long id on a narrow screen is folded, never cut
        return Group(text(line), reasons) if why else text(line)

    rows: list[tuple[Text, RenderableType]] = [(plain(item.title), cell(item)) for item in picture.approach]
    body: list[RenderableType] = [headed(rows) if rows else Text(t("nothing_decided", lang), style="dim")]
    if picture.approach_more:
        body.append(Text(t("more_approach", lang, n=len(picture.approach_more)), style="dim"))
    if why and picture.overruled:
        overruled: list[RenderableType] = [
            Group(plain(f"{o.title}: {o.text}"), Text(t("overruled_by", lang, rule=o.overruled_by), style="dim italic", overflow="fold"))
            for o in picture.overruled]
        body += [Text(t("overruled", lang), style="bold dim"), bullets(overruled, "✗", "dim")]
    parts: list[RenderableType] = [Padding(Text(t("ranked_approach", lang), style="bold cyan"), (0, 1)), Padding(Group(*body), (0, 1, 1, 3))]
    for kind, lines in picture.across.items():
        if lines:
            texts: list[RenderableType] = [cell(ln) for ln in lines]
            parts += [Padding(Text(f"{t(KIND_WORDS[kind], lang)} · {t('across', lang).lower()}", style="bold yellow"), (0, 1)),
                      Padding(bullets(texts, "!", "yellow"), (0, 1, 1, 3))]
    return parts


def customer_view(tracks: list[SetTrack], missing: list[SetName], picture: Picture, today: dt.date, *, why: bool = False,
                  flagged: frozenset[str] = frozenset()) -> RenderableType:
    """`show NAME`: the overview, the approach across all sets, then each set's latest profile under its own title."""
    customer, lang = customer_of(tracks), tracks[0].latest.profile.language
    parts: list[RenderableType] = [
        Padding(customer_title(customer), (0, 1)),
        Padding(known_sets([track.summary for track in tracks], missing, customer.name, today, lang), (0, 1, 1, 1)),
        *picture_view(picture, why=why, flagged=flagged),
    ]
    for track in tracks:
        parts += [profile_view(track.latest, why=why, title=track.summary.set_title, flagged=flagged), Text("")]
    return Group(*parts)


def history_table(rows: list[InterviewSummary], lang: str, drafts: list[DraftSummary] | None = None) -> Fitting:
    """The interviews oldest first, then the drafts (not finished), marked as such where the id would be."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    for key in ("meeting_date", "question_set", "salesperson", "known"):
        table.add_column(t(key, lang), no_wrap=key == "meeting_date")
    table.add_column(t("interview_no", lang).capitalize(), justify="right")
    imported = any(r.import_id is not None for r in rows)
    if imported:
        table.add_column(t("import_no", lang).capitalize(), justify="right")
    for r in rows:
        table.add_row(r.date, plain(r.set_title), plain(r.salesperson), knownness_bar(r.knownness, width=10, level=False), str(r.id),
                      *([str(r.import_id or "")] if imported else []))
    for d in drafts or []:
        table.add_row(d.date, plain(d.set_title), plain(d.salesperson), knownness_bar(d.knownness, width=10, level=False),
                      Text(t("draft_row", lang), style="yellow"), *([""] if imported else []))
    return Fitting(table, room=6)  # Rich shrinks every wrapping column alike: leave them room


def draft_arg(question_set: str, who: str) -> str:
    """How `interview ... --resume` names a draft: him, and its set (id or file) when it is not the default."""
    return who + ("" if question_set == DEFAULT_SET else f" --set {shell_word(question_set)}")


def drafts_note(drafts: list[StoredDraft], lang: str, who: str) -> str | None:
    """What `show` and `history` say beside the interviews when the customer has a draft too
    (`who`: how a command line names him)."""
    if not drafts:
        return None
    sets = ", ".join(f"{d.question_set}, {d.updated_at[:10]}" for d in drafts)
    return t("draft_exists", lang, sets=sets, arg=draft_arg(drafts[0].question_set, who))
