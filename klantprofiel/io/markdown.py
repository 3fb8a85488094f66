"""A profile as a Markdown brief to paste into a note or a CRM.

User text is escaped so a customer's notes cannot turn into links, headings or HTML.
"""

from __future__ import annotations

import re

from klantprofiel.i18n import t
from klantprofiel.interview.state import InterviewState
from klantprofiel.printable import printable
from klantprofiel.profile.derive import answer_label, label_of
from klantprofiel.profile.model import ApproachLine, Line
from klantprofiel.profile.record import InterviewRecord
from klantprofiel.who_when import BESIDE_THE_DATE, DATE_FIELD, CustomerRef

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_LEADING = re.compile(r"^(\s*)([#+\-=]|\d+[.)])")


def escape(text: str) -> str:
    """Literal text in Markdown: no markup, no raw HTML, no control characters, one line."""
    text = printable(text, "").replace("\n", " ")
    text = _SPECIAL.sub(r"\\\1", text)
    return _LEADING.sub(r"\1\\\2", text)


def _why(line: Line, lang: str) -> str:
    if not line.why:
        return ""
    return f" _({t('why', lang)}: " + "; ".join(f"{escape(r.question_label)} → {escape(r.label)}" for r in line.why) + ")_"


def _approach_line(a: ApproachLine, lang: str, why: bool) -> str:
    """An aspect's line; a default line says so, and under --why why it stands here."""
    if a.fallback:
        reason = f" _({escape(a.default_why or '')})_" if why else ""
        return f"- **{escape(a.title)}:** _({t('default', lang)})_ {escape(a.text)}{reason}"
    return f"- **{escape(a.title)}:** {escape(a.text)}{_why(a, lang) if why else ''}"


def customer_heading(customer: CustomerRef) -> str:
    title = escape(customer.name)
    return title + (f" · {escape(customer.organisation)}" if customer.organisation else "")


def to_markdown(record: InterviewRecord, *, why: bool = False, title: str | None = None, level: int = 1) -> str:
    """One interview's profile; `title` (a set's title) and a deeper `level` nest it in a larger note."""
    p = record.profile
    lang = p.language
    h = "#" * level
    out = [f"{h} {customer_heading(record.customer) if title is None else escape(title)}", ""]
    facts = [(k, getattr(record.interview, k)) for k in (DATE_FIELD, *BESIDE_THE_DATE)]
    out += [f"- **{t(k, lang)}:** {escape(v)}" for k, v in facts if v]
    out += [f"- **{t('knownness', lang)}:** {p.knownness.known}/{p.knownness.total} · {escape(p.knownness.level)}", ""]

    def bullets(heading: str, lines: list[Line]) -> None:
        if lines:
            out.extend([f"{h}# {heading}", ""] + [f"- {escape(ln.text)}{_why(ln, lang) if why else ''}" for ln in lines] + [""])

    out += [f"{h}# {t('approach', lang)}", ""]
    out += [_approach_line(a, lang, why) for a in p.approach] + [""]
    bullets(t("concerns", lang), p.concerns)
    bullets(t("do", lang), p.do)
    bullets(t("dont", lang), p.dont)
    bullets(t("tensions", lang), p.tensions)
    for section in p.sections:
        bullets(escape(section.title), section.lines)
    bullets(t("discover", lang), p.discover)
    return "\n".join(out).rstrip() + "\n"


def draft_markdown(title: str, state: InterviewState, lang: str) -> str:
    """A draft (an interview not finished) as a note: its title, then each step's answer so far."""
    lines = [f"## {escape(title)}", ""]
    person = state.person
    for step in state.steps():
        value = state.current(step)
        label = t(step.id, lang) if step.question is None else label_of(step.question, lang, person)
        shown = (t("unknown", lang) if value is None or value == [] else answer_label(step.question, value, lang, person) if step.question
                 else str(value))
        lines.append(f"- **{escape(label)}:** {escape(shown)}")
    return "\n".join(lines) + "\n"
