"""Turn pydantic's errors into lines a trainer or an ops person can act on.

`str(ValidationError)` shows model names, URLs and input values; we want "field X: what is wrong,
did you mean Y".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails


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


def did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def describe(err: Mapping[str, Any], keys: set[str]) -> tuple[str, str]:
    """(field path, message) for one pydantic error dict."""
    loc = [p for p in err["loc"] if p not in ("str", "list[str]", "Range", "int", "function-after[_ordered(), Scale]")]
    field = dotted(loc)
    if err["type"] == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        return field, f"unknown key '{key}'{did_you_mean(key, keys)}"
    if err["type"] == "missing":
        return field, "missing (required)"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return field, msg


def errors_of(exc: ValidationError) -> list[ErrorDetails]:
    return exc.errors(include_url=False, include_input=False)
