"""A customer across sets as Markdown: every set's profile in one note, and the meeting brief.

All user and question-set text goes through `escape`, as in the single-interview note.
"""

from __future__ import annotations

import datetime as dt

from klantprofiel.i18n import t
from klantprofiel.io.markdown import customer_heading, escape, to_markdown
from klantprofiel.printable import shell_word
from klantprofiel.profile.brief import Brief, headlines
from klantprofiel.profile.diff import ProfileDiff
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


def _change(d: ProfileDiff, lang: str) -> list[str]:
    word = t("interview_no", lang)
    out = [f"- **{escape(d.set_title)}:** {word} {d.before.id} ({d.before.date}) → {word} {d.after.id} ({d.after.date}); "
           f"{t('knownness', lang).lower()} {d.before.knownness.known}/{d.before.knownness.total} → "
           f"{d.after.knownness.known}/{d.after.knownness.total}"]
    if d.unchanged:
        return out + [f"  - {t('no_changes', lang)}"]
    out.append(f"  - {t('answers_count', lang, new=len(d.newly_known), changed=len(d.changed))}")
    out += [f"  - \\+ {escape(c.heading)}: {escape(c.text)}" for c in headlines(d.added)]
    out += [f"  - − {escape(c.heading)}: ~~{escape(c.text)}~~" for c in headlines(d.dropped)]
    return out


def brief_markdown(b: Brief, today: dt.date) -> str:
    """`brief --format markdown`: the same four parts as on screen, to paste into a note."""
    lang = b.language
    out = [f"# {customer_heading(b.customer)} · {t('brief', lang)}", ""]
    out += _known_sets(b.sets, b.not_interviewed, today, lang)

    def part(heading: str, lines: list[str], empty: str) -> None:
        out.extend([f"## {heading}", ""] + (lines or [f"_{empty}_"]) + [""])

    part(t("approach", lang), [f"- **{escape(a.heading or '')}:** {escape(a.text)}" for a in b.approach], t("nothing_decided", lang))
    part(t("concerns", lang), [f"- {escape(c.text)}" for c in b.concerns], t("nothing_yet", lang))
    more = [f"- _{escape(t('more_to_discover', lang, n=b.discover_more, arg=shell_word(b.customer.name)))}_"] if b.discover_more else []
    part(t("discover_now", lang), [f"- {escape(d.text)}" for d in b.discover] + more, t("nothing_yet", lang))
    part(t("changes", lang), [line for d in b.changes for line in _change(d, lang)], t("first_time", lang))
    return "\n".join(out).rstrip() + "\n"
