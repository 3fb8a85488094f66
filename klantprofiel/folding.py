"""Text as searching compares it: lower case and without accents, so "ella" finds "Ëlla" and "jose" "José".

The store keeps each customer's name and organisation folded (SQLite's own lower() knows only
ASCII), and a search folds what was typed the same way; one function does both.
"""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str | None:
    """`text` casefolded, its accents and other combining marks dropped, its spaces single."""
    if text is None:
        return None
    if text.isascii():  # nearly every name: the quick way gives the same
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())
