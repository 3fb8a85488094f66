"""Turn pydantic's errors into lines a trainer or an ops person can act on.

`str(ValidationError)` shows model names, URLs and input values; we want "field X: what is wrong,
did you mean Y".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from klantprofiel.errors import Invalid
from klantprofiel.i18n import Msg


def dotted(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def known_keys(*models: type[BaseModel]) -> set[str]:
    """Every field name (and alias) of the models and the models nested in them."""
    keys: set[str] = set()
    todo = list(models)
    while todo:
        model = todo.pop()
        for name, field in model.model_fields.items():
            keys.add(field.alias or name)
            for arg in _types_in(field.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel) and arg not in models:
                    todo.append(arg)
    return keys


def _types_in(annotation: object) -> Iterator[object]:
    yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _types_in(arg)


def short(text: str) -> str:
    """User text quoted in a message: one readable line, however long the text was."""
    return text if len(text) <= 40 else text[:40] + "…"


def did_you_mean(word: str, options: Iterable[str]) -> Msg | str:
    """" (did you mean 'x'?)" for the closest of `options`, in the message's language; "" for none close."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return Msg("did_you_mean", word=close[0]) if close else ""


_PLAIN = {"string_type": "must_be_text", "int_type": "must_be_whole_number", "int_parsing": "must_be_whole_number",
          "int_from_float": "must_be_whole_number", "float_type": "must_be_number", "float_parsing": "must_be_number",
          "bool_type": "must_be_bool", "bool_parsing": "must_be_bool", "list_type": "must_be_list", "dict_type": "must_be_object",
          "model_type": "must_be_object", "model_attributes_type": "must_be_object", "missing": "missing_required"}
"""pydantic's error types whose sentence has no values, and the key of ours that says it."""
_COUNTED = {"string_too_short": ("text_too_short", "min_length"), "string_too_long": ("text_too_long", "max_length"),
            "too_short": ("list_too_short", "min_length"), "too_long": ("list_too_long", "max_length"),
            "greater_than_equal": ("number_at_least", "ge"), "less_than_equal": ("number_at_most", "le"),
            "greater_than": ("number_above", "gt"), "less_than": ("number_below", "lt")}
"""pydantic's error types with one number in their sentence: our key, and where pydantic keeps the number."""


def describe(err: Mapping[str, Any], keys: set[str]) -> tuple[str, Msg | str]:
    """(field path, message) for one pydantic error dict; the message a `Msg` where we have words of our own."""
    loc = [p for p in err["loc"] if p not in ("str", "list[str]", "Range", "int", "function-after[_ordered(), Scale]")]
    field = dotted(loc)
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        return field, Msg("unknown_key", key=key, close=did_you_mean(key, keys))
    if kind in _PLAIN:
        return field, Msg(_PLAIN[kind])
    if kind in _COUNTED and _COUNTED[kind][1] in ctx:
        return field, Msg(_COUNTED[kind][0], n=ctx[_COUNTED[kind][1]])
    if kind in ("literal_error", "enum") and "expected" in ctx:
        return field, Msg("must_be_one_of", expected=", ".join(re.findall(r"'[^']*'", str(ctx["expected"]))) or ctx["expected"])
    if isinstance(ctx.get("error"), Invalid):
        return field, ctx["error"].msg
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return field, msg


def errors_of(exc: ValidationError) -> list[ErrorDetails]:
    return exc.errors(include_url=False, include_input=False)
