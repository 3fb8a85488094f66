"""User text made harmless for a terminal or a document, whatever was typed or imported.

A name or a note may hold an ANSI escape sequence (clearing the screen, faking a line of output),
a carriage return or backspace that overwrites what was printed, a right-to-left override that
reverses what follows, or a lone surrogate from a wrongly decoded file. None of it may reach a
terminal or a brief as it is; tab and newline are kept.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""C0 and C1 control characters but tab and newline, bidirectional overrides, lone surrogates."""


def printable(text: str, replacement: str = "\N{REPLACEMENT CHARACTER}") -> str:
    return CONTROL.sub(replacement, text)


def json_text(text: str) -> str:
    """JSON with those characters written as `\\uXXXX` escapes: the same data for a script,
    nothing a terminal would act on when the JSON is shown on it."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
