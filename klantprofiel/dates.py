"""Dates as a salesperson types them: `1-12-2026`, `1 december 2026`, `vandaag`, `gisteren`, or ISO.

The interview reads these and stores ISO (`2026-12-01`); it says back the date it read, in words,
so a day and month read the wrong way round are seen at once.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
}
_WEEKDAYS = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTH_WORDS = {name.lower(): n for names in _MONTHS.values() for n, name in enumerate(names, 1)}
_MONTH_WORDS |= {name[:3].lower(): n for names in _MONTHS.values() for n, name in enumerate(names, 1)}
_MONTH_WORDS |= {"mrt": 3, "okt": 10, "sept": 9}
_RELATIVE = {"vandaag": 0, "today": 0, "gisteren": -1, "yesterday": -1, "eergisteren": -2}

_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_NUMERIC = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4}|[0-9]{2})")
_WORDS = re.compile(r"([0-9]{1,2})\.? ([a-z]+)\.?(?: ([0-9]{4}))?")


def read_date(text: str, today: dt.date | None) -> dt.date | None:
    """The date `text` names, or None when it names none (31-2-2026 names none). Without `today`
    (a file, read on some later day) only a date written in full counts: not `vandaag`, not
    `3 oktober`."""
    said = " ".join(text.lower().split())
    if said in _RELATIVE:
        return today + dt.timedelta(days=_RELATIVE[said]) if today else None
    try:
        if m := _ISO.fullmatch(said):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC.fullmatch(said):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return dt.date(year, int(m[2]), int(m[1]))
        if (m := _WORDS.fullmatch(said)) and m[2] in _MONTH_WORDS:
            said_year = int(m[3]) if m[3] else today.year if today else None
            return dt.date(said_year, _MONTH_WORDS[m[2]], int(m[1])) if said_year else None
    except ValueError:  # a day the month does not have
        return None
    return None


def in_words(day: dt.date, lang: str) -> str:
    """"dinsdag 1 december 2026" / "Tuesday 1 December 2026"."""
    lang = "en" if lang == "en" else "nl"
    return f"{_WEEKDAYS[lang][day.weekday()]} {day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def now_utc() -> str:
    """Now, as every record keeps when it was stored: UTC, ISO 8601, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
