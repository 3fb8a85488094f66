"""The JSON, TOML and CSV parsers' own words in a bad file's error, in the run's language.

json, pydantic_core's from_json, tomllib and csv describe what they could not read in English
("Unterminated string starting at", "EOF while parsing a string at column 386"). Each phrase
they use is read back here into a catalogue key with its values (a column, a line), so a Dutch
run says "een tekst tussen aanhalingstekens wordt niet gesloten" around the file's own field
names and positions. A phrase not listed stays as the parser wrote it.
"""

from __future__ import annotations

import re

from klantprofiel.i18n import Joined, read_back

_PATTERNS = [
    (re.compile(r"EOF while parsing (?:a string|a value|an object|a list)"), "parse_eof"),
    (re.compile(r"Unterminated string(?: starting at)?"), "parse_unterminated"),
    (re.compile(r"number out of range"), "parse_number_range"),
    (re.compile(r"recursion limit exceeded|maximum recursion depth exceeded while decoding a JSON (?:array|object) from a unicode string"),
     "parse_too_deep"),
    (re.compile(r"lone (?:leading|trailing) surrogate in hex escape|invalid unicode code point|"
                r"Escaped character is not a Unicode scalar value"), "parse_surrogate"),
    (re.compile(r"key must be a string|Expecting property name enclosed in double quotes"), "parse_key"),
    (re.compile(r"expected value|Expecting value"), "parse_value"),
    (re.compile(r"Expecting ',' delimiter|expected `,` or `[\]}]`(?: after (?:list|object) value)?"), "parse_comma"),
    (re.compile(r"Expecting ':' delimiter|expected `:`"), "parse_colon"),
    (re.compile(r"trailing comma"), "parse_trailing_comma"),
    (re.compile(r"Invalid \\uXXXX escape|Invalid \\escape|invalid escape|unexpected end of hex escape|Unescaped '\\' in a string"),
     "parse_escape"),
    (re.compile(r"Invalid control character(?: at)?|control character \(\\u0000-\\u001F\) found while parsing a string"), "parse_control_char"),
    (re.compile(r"invalid number"), "parse_number"),
    (re.compile(r"expected ident"), "parse_word"),
    (re.compile(r"Unexpected UTF-8 BOM \(decode using utf-8-sig\)"), "parse_bom"),
    (re.compile(r"trailing characters|Extra data"), "parse_trailing"),
    (re.compile(r"Expected '=' after a key in a key/value pair"), "parse_toml_equals"),
    (re.compile(r"Unclosed array"), "parse_unclosed_list"),
    (re.compile(r"Unclosed inline table"), "parse_unclosed_table"),
    (re.compile(r"Cannot overwrite a value|Cannot declare \(.*?\) twice|Cannot mutate immutable namespace \(.*?\)"), "parse_toml_twice"),
    (re.compile(r"Expected newline or end of document after a statement"), "parse_toml_newline"),
    (re.compile(r"""(?:Illegal|Found invalid) character (?P<char>'(?:[^'\\]|\\.)*'|"'")"""), "parse_toml_char"),
    (re.compile(r"Invalid statement"), "parse_toml_statement"),
    (re.compile(r"Expected '\]' at the end of a table declaration"), "parse_toml_heading"),
    (re.compile(r"Invalid value"), "parse_bad_value"),
    (re.compile(r"'(?P<char>.)' expected after '\"'"), "parse_csv_after_quote"),
    (re.compile(r"\(at end of document\)"), "parse_at_end"),
    (re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)"), "parse_at_line"),
    (re.compile(r"at (?:line \d+ )?column (?P<column>\d+)"), "parse_at_column"),
]
"""Each phrase the parsers use, and its key in the catalogue."""


def parser_detail(detail: object) -> Joined:
    """`detail` (a parser's error, or its message) as pieces to render in the run's language."""
    return read_back(str(detail), _PATTERNS)
