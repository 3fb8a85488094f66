"""Find, read and validate question-set files; the built-in ones ship inside the package."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from klantprofiel import in_use
from klantprofiel.errors import NotFoundError, UserError, os_reason
from klantprofiel.i18n import Lines, Msg
from klantprofiel.parser_words import parser_detail
from klantprofiel.printable import shell_word
from klantprofiel.questionset import DEFAULT_SET, available
from klantprofiel.questionset.check import Problem, cross_check, entry, ranking_ties, strict_check, text_check
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.validation import describe, did_you_mean, errors_of, known_keys, short


class QuestionSetError(UserError):
    """A question-set file that cannot be used; lists every problem found."""

    def __init__(self, path: Path, problems: list[Msg]) -> None:
        super().__init__("set_problems", hint=Msg("set_problems_hint", path=shell_word(str(path))), path=path, n=len(problems),
                         lines=Lines(list(problems)))
        self.path = path
        self.problems = problems


def resolve(name_or_path: str | Path | None) -> Path:
    """A built-in set id, or a path to a TOML file."""
    if name_or_path is None:
        name_or_path = DEFAULT_SET
    sets = available()
    if isinstance(name_or_path, str) and name_or_path in sets:
        return sets[name_or_path]
    path = Path(name_or_path)
    if path.is_file():
        return path
    raise NotFoundError("no_question_set", hint="no_question_set_hint", name=name_or_path, close=did_you_mean(str(name_or_path), sets),
                        sets=", ".join(sets))


def _line_of(text: str, anchor: str | None, key: str, table: str | None = None) -> int | None:
    """The line of the entry's `id = "anchor"`, or of the offending key inside that entry. With
    `table`, the entry under a `[[table]]` header is preferred: a topic and a question may share
    an id."""
    if anchor is None:
        return None
    id_line = rf'^\s*id\s*=\s*["\']{re.escape(anchor)}["\']'
    m = None
    if table:
        m = re.search(rf"^\[\[{table}\]\]\s*\n(?={id_line[1:]})", text, re.MULTILINE)
        m = m and re.compile(id_line, re.MULTILINE).search(text, m.end())
    m = m or re.search(id_line, text, re.MULTILINE)
    if not m:
        return None
    entry_end = text.find("\n[", m.end())
    k = re.compile(rf"^\s*{re.escape(key)}\s*=", re.MULTILINE).search(text, m.end(), entry_end if entry_end > 0 else len(text))
    return text.count("\n", 0, (k or m).start()) + 1


def _format(path: Path, text: str, p: Problem) -> Msg:
    line = _line_of(text, p.anchor, str(p.field).split(".")[0].split("[")[0], p.table)
    return Msg("set_problem", at=Msg("set_problem_line", line=line) if line else "", where=p.where, field=p.field, message=p.message)


_KEYS = known_keys(QuestionSet)


def _pydantic_problems(exc: ValidationError, raw: dict) -> list[Problem]:
    problems = []
    for err in errors_of(exc):
        loc = list(err["loc"])
        where: Msg | str = Msg("where_set")
        anchor = None
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(raw.get(loc[0]), list):
            items = raw[loc[0]]
            item = items[loc[1]] if loc[1] < len(items) and isinstance(items[loc[1]], dict) else {}
            anchor = item.get("id") if isinstance(item.get("id"), str) else None
            table = str(loc[0])
            where = entry(table, short(anchor)) if anchor else Msg("where_numbered", table=table, n=loc[1] + 1)
            loc = loc[2:]
        field, message = describe({**err, "loc": loc}, _KEYS)
        problems.append(Problem(where, field or Msg("whole_entry"), message, anchor))
    return problems


MAX_SET_FILE = 1_000_000
"""A question set is a few dozen kB; reading stops here (`--set /dev/zero` must not fill the memory)."""


def check_file(path: Path, strict: bool = False, for_use: bool = False, ranked_with: Sequence[QuestionSet] = ()) -> tuple[QuestionSet | None, list[Msg]]:
    """Read and validate one file; returns the set (if usable) and every problem as a line of text.
    `strict` adds what a shipped set must also have (see `strict_check`); `for_use` (loading it to
    interview or derive with) leaves bare pronouns be, which `questions validate` refuses (`text_check`).
    `ranked_with`: the sets whose approach lines a customer's approach ranks with this one's
    (`ranked_together`), which must not share a weight with it (`ranking_ties`)."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_SET_FILE + 1)
        if len(data) > MAX_SET_FILE:
            return None, [Msg("set_too_large", mb=MAX_SET_FILE // 1_000_000)]
        text = data.decode("utf-8-sig")  # a BOM, as Windows editors write one, is no part of the TOML
    except UnicodeDecodeError as e:
        return None, [Msg("set_not_utf8", byte=e.start)]
    except OSError as e:
        return None, [Msg("set_unreadable", detail=os_reason(e))]
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        return None, [Msg("set_not_toml", detail=parser_detail(e))]
    except RecursionError:
        return None, [Msg("set_too_deep")]
    except ValueError:  # int() refuses a number of thousands of digits
        return None, [Msg("set_number_too_long")]
    try:
        qs = QuestionSet.model_validate(raw)
    except ValidationError as e:
        return None, [_format(path, text, p) for p in _pydantic_problems(e, raw)]
    found = cross_check(qs, builtin_shape) + ([] if for_use else text_check(qs)) + (strict_check(qs) if strict else [])
    found += ranking_ties(qs, [other for other in ranked_with if other.id != qs.id])
    problems = [_format(path, text, p) for p in found]
    if path.stem != qs.id:
        problems.append(Msg("set_id_not_file_name", id=qs.id, file=path.name))
    problems += _collision(path, qs)
    return (None if problems else qs), problems


def _collision(path: Path, qs: QuestionSet) -> list[Msg]:
    """A file that takes a built-in set's id and version but says something else would have its
    interviews derived by the built-in set's rules (and the built-in's by its own)."""
    builtin = available().get(qs.id)
    if builtin is None or builtin.resolve() == path.resolve():
        return []
    other = load(qs.id)
    if other.version != qs.version or other.content_hash == qs.content_hash:
        return []
    return [Msg("set_collides", id=qs.id, version=qs.version)]


@lru_cache(maxsize=16)
def builtin_shape(set_id: str) -> QuestionSet | None:
    """A built-in set as its file says, checked for shape only: what a rule of another set may
    name (`set.question`). Not cross-checked, so two sets that name each other load."""
    path = available().get(set_id)
    return None if path is None else _shape(path)


def ranked_together(files: list[Path]) -> list[list[QuestionSet]]:
    """Per file, the sets to hold its approach weights against (`check_file`'s `ranked_with`):
    the files before it, so that two files are compared once, and every built-in set that none of
    the files replaces: a trainer's edited set is ranked with the shipped ones at the customer."""
    shapes = [_shape(path) for path in files]
    given = {qs.id for qs in shapes if qs is not None}
    builtins = [qs for set_id in available() if set_id not in given and (qs := builtin_shape(set_id)) is not None]
    return [[qs for qs in shapes[:i] if qs is not None] + builtins for i in range(len(files))]


def _shape(path: Path) -> QuestionSet | None:
    """A set file checked for shape only; None if it cannot be read as one (its own check reports why)."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_SET_FILE + 1)
        return QuestionSet.model_validate(tomllib.loads(data.decode("utf-8-sig"))) if len(data) <= MAX_SET_FILE else None
    except (OSError, ValueError, RecursionError):
        return None


@lru_cache(maxsize=16)
def _load_path(path: Path) -> QuestionSet:
    qs, problems = check_file(path, for_use=True)
    if qs is None:
        raise QuestionSetError(path, problems)
    return qs


def load(name_or_path: str | Path | None = None) -> QuestionSet:
    path = resolve(name_or_path).resolve()
    in_use.note(path, Msg("in_use_set"))
    return _load_path(path)
