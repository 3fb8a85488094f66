"""A customer across sets as Markdown: every set's profile in one note, and the meeting brief.

All user and question-set text goes through `escape`, as in the single-interview note.
"""

from __future__ import annotations

import datetime as dt

from klantprofiel.i18n import t
from klantprofiel.io.markdown import customer_heading, escape, to_markdown
from klantprofiel.profile.brief import PARTS, Brief, BriefLine, item_text
from klantprofiel.profile.history import InterviewSummary, SetName, SetTrack, customer_of, how_recent
from klantprofiel.profile.model import Reason
from klantprofiel.profile.picture import KIND_WORDS, Picture


def _known_sets(summaries: list[InterviewSummary], missing: list[SetName], today: dt.date, lang: str) -> list[str]:
    out = [f"- **{escape(s.set_title)}:** {s.date} ({how_recent(s.date, today, lang)}) · "
           f"{s.knownness.known}/{s.knownness.total} · {escape(s.knownness.level)} · {t('interview_no', lang)} {s.id}"
           for s in summaries]
    if missing:
        out.append(f"- **{t('not_interviewed', lang)}:** {escape(', '.join(m.title for m in missing))}")
    return out + [""]


def _why(reasons: list[Reason], lang: str) -> str:
    return f" _({t('why', lang)}: " + "; ".join(f"{escape(r.question_label)} → {escape(r.label)}" for r in reasons) + ")_" if reasons else ""


def _picture(picture: Picture, why: bool) -> list[str]:
    """The approach across all sets (under --why with what each line overruled), then the lines
    of rules across sets."""
    lang = picture.language
    out = [f"## {t('ranked_approach', lang)}", ""]
    out += [f"- **{escape(a.title)}:** {escape(a.text)}{_why(a.why, lang) if why else ''}" for a in picture.approach] or [f"_{t('nothing_decided', lang)}_"]
    if picture.approach_more:
        out.append(f"- _{t('more_approach', lang, n=len(picture.approach_more))}_")
    if why and picture.overruled:
        out += ["", f"### {t('overruled', lang)}", ""]
        out += [f"- ~~{escape(o.title)}: {escape(o.text)}~~ _({escape(t('overruled_by', lang, rule=o.overruled_by))})_" for o in picture.overruled]
    for kind, lines in picture.across.items():
        if lines:
            out += ["", f"## {t(KIND_WORDS[kind], lang)} · {t('across', lang).lower()}", ""]
            out += [f"- {escape(ln.text)}{_why(ln.why, lang) if why else ''}" for ln in lines]
    return out + [""]


def profiles_markdown(tracks: list[SetTrack], missing: list[SetName], picture: Picture, today: dt.date, *, why: bool = False) -> str:
    """`show NAME --format markdown`: which sets are known, the approach across them, then each
    set's profile under its title."""
    lang = tracks[0].latest.profile.language
    out = [f"# {customer_heading(customer_of(tracks))}", "", f"## {t('known_sets', lang)}", ""]
    out += _known_sets([track.summary for track in tracks], missing, today, lang)
    out += _picture(picture, why)
    out += [to_markdown(track.latest, why=why, title=track.summary.set_title, level=2) for track in tracks]
    return "\n".join(out).rstrip() + "\n"


MARKDOWN_MARKS = {"do": "✓ ", "dont": "✗ "}
"""Do's and don'ts share a heading; their marks tell them apart."""


def brief_markdown(b: Brief) -> str:
    """`brief --format markdown`: the same parts as on screen, to paste into a note."""
    lang = b.language
    out = [f"# {customer_heading(b.customer)} · {t('brief', lang)}", "", escape(b.known_line), "", f"## {t('approach', lang)}", ""]
    out += [f"{i}. {escape(a.text)}" for i, a in enumerate(b.approach, 1)] or [f"_{t('nothing_decided', lang)}_"]
    for part in PARTS:
        lines: list[BriefLine] = getattr(b, part)
        if heading := b.heading(part):
            out += ["", f"## {escape(heading)}", ""]
        out += [f"- {MARKDOWN_MARKS.get(part, '')}{escape(item_text(line))}" for line in lines]
    return "\n".join([*out, "", escape(b.since_last)]) + "\n"
