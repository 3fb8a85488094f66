"""User text made harmless for a terminal, a document or a shell, whatever was typed or imported.

A name or a note may hold an ANSI escape sequence (clearing the screen, faking a line of output),
a carriage return or backspace that overwrites what was printed, a right-to-left override that
reverses what follows, or a lone surrogate from a wrongly decoded file. None of it may reach a
terminal or a brief as it is; tab and newline are kept. And a hint that suggests a command puts
a name in it as one shell word, so pasting the hint runs nothing the name holds.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""C0 and C1 control characters but tab and newline, bidirectional overrides, lone surrogates."""


def printable(text: str, replacement: str = "\N{REPLACEMENT CHARACTER}") -> str:
    return CONTROL.sub(replacement, text)


def shell_word(text: str) -> str:
    """A name or a path as one word of a command line a hint suggests: `Jan "$(touch x)" Vries`
    pasted from `klantprofiel delete 'Jan "$(touch x)" Vries' --yes` is a name, not a command."""
    import shlex  # only a hint that names a command needs it
    return shlex.quote(text)


def json_text(text: str) -> str:
    """JSON with those characters written as `\\uXXXX` escapes: the same data for a script,
    nothing a terminal would act on when the JSON is shown on it."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


CONTROL_UTF8 = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
"""What of CONTROL valid UTF-8 JSON can still hold as it is: DEL, C1 controls, bidirectional
overrides (JSON escapes C0 itself; lone surrogates are no UTF-8). Each byte pattern starts with
a lead byte, so it never matches inside another character."""


def json_bytes(data: bytes) -> bytes:
    """`json_text` for UTF-8 JSON as bytes (export's fast path), without decoding it."""
    return CONTROL_UTF8.sub(lambda m: b"\\u%04x" % ord(m.group().decode()), data) if holds_control(data) else data


def holds_control(data: bytes) -> bool:
    """Does UTF-8 JSON hold what `json_bytes` escapes (CONTROL_UTF8)? Asked of every column an
    export writes, so it must cost next to nothing: most text holds none of the lead bytes, and
    where it does (’ and € start with \\xe2) only the two bytes after each are looked at; the
    pattern itself scans at a tenth of the speed."""
    if b"\x7f" in data:
        return True
    if b"\xc2" in data and any(0x80 <= after[0] <= 0x9F for after in data.split(b"\xc2")[1:] if after):
        return True
    return b"\xe2" in data and any(after[:2] in _BIDI_TAILS for after in data.split(b"\xe2")[1:])


_BIDI_TAILS = frozenset([bytes([0x80, c]) for c in range(0xAA, 0xAF)] + [bytes([0x81, c]) for c in range(0xA6, 0xAA)])
"""The bytes after \\xe2 of U+202A..U+202E and U+2066..U+2069."""
