"""A customer's name, the same however it arrives: typed in the interview, given on the command
line, read from an answers file or imported.

Two spellings of "José Müller" must be one customer, not two that look identical: é typed as
one character or as e plus a combining accent (Unicode NFC makes them one), a zero-width space,
a byte-order mark or a right-to-left mark pasted from a web page (invisible, so removed), a
double or a non-breaking space (collapsed to one space). A name holding a control character
(NUL, an escape sequence, a backspace) is refused: nobody types one on purpose, and such a name
could not be shown, looked up or erased reliably. Tab and line breaks count as spaces.

Every way in calls `normalise` (or `customer_key`, to look a customer up); nothing else changes a name.
"""

from __future__ import annotations

import unicodedata

from klantprofiel.errors import UserError
from klantprofiel.i18n import Msg

_SPACES = "\t\n\r"
"""Control characters that are only white space: collapsed like a space, not refused."""


class InvalidName(UserError):
    """A name that cannot be stored or looked up; `reason` completes "The customer's name …"."""

    def __init__(self, name: str, reason: Msg) -> None:
        from klantprofiel.validation import short  # validation loads pydantic; a name that is fine never gets here
        super().__init__("name_invalid", name=short(name), reason=reason)
        self.reason = reason


def control_char(c: str) -> Msg:
    """Why a name holding the control character `c` is refused (completes "The customer's name …")."""
    return Msg("name_control_char", code=f"{ord(c):04X}")


def normalise(raw: str) -> str:
    """The name as it is stored: NFC, invisible characters removed, white space collapsed to
    single spaces, trimmed. Raises InvalidName for a control character or a lone surrogate.
    May return "" (a name of only spaces): the caller says that a name is needed."""
    if raw.isascii() and raw.isprintable():  # nearly every name: nothing to remove or compose
        return " ".join(raw.split())
    kept = []
    for c in raw:
        kind = unicodedata.category(c)
        if kind == "Cf":  # format characters: zero-width, bidi controls, BOM, soft hyphen
            continue
        if kind == "Cc" and c not in _SPACES:
            raise InvalidName(raw, control_char(c))
        if kind == "Cs":
            raise InvalidName(raw, Msg("name_not_utf8"))
        kept.append(c)
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())


def customer_key(raw: str) -> str:
    """How a customer is looked up: the normalised name, casefolded ("piet" finds "Piet")."""
    return normalise(raw).casefold()


def repaired(text: str) -> str:
    """`normalise` for text that was never refused: an organisation, or a name stored before
    names were normalised. Control characters count as spaces here instead of being refused."""
    if not (text.isascii() and text.isprintable()):
        text = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)
    return normalise(text)


def loose_key(text: str | None) -> str | None:
    """`customer_key` of such text; None for none or only spaces (how organisations are compared)."""
    return None if text is None else repaired(text).casefold() or None
