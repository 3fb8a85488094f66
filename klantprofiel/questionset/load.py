"""Find, read and validate question-set files; the built-in ones ship inside the package."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from klantprofiel import in_use
from klantprofiel.errors import NotFoundError, UserError
from klantprofiel.i18n import Msg
from klantprofiel.printable import shell_word
from klantprofiel.questionset import DEFAULT_SET, available
from klantprofiel.questionset.check import Problem, cross_check, strict_check, text_check
from klantprofiel.questionset.model import QuestionSet
from klantprofiel.validation import describe, did_you_mean, errors_of, known_keys, short


class QuestionSetError(UserError):
    """A question-set file that cannot be used; lists every problem found."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(
            f"{path}: {len(problems)} problem(s) in this question set:\n{lines}",
            hint="Fix the file and check it again with: klantprofiel questions validate " + shell_word(str(path)),
        )
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
    raise NotFoundError(
        f"No question set '{name_or_path}'{did_you_mean(str(name_or_path), sets)}.",
        hint=f"Built-in sets: {', '.join(sets)}; or give the path of a .toml file.",
    )


_TABLES = {"question": "questions", "rule": "rules", "topic": "topics", "aspect": "aspects"}


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


def _format(path: Path, text: str, p: Problem) -> str:
    line = _line_of(text, p.anchor, p.field.split(".")[0].split("[")[0], _TABLES.get(p.where.split(" ")[0]))
    at = f"line {line}: " if line else ""
    return f"{at}{p.where}, field '{p.field}': {p.message}"


_KEYS = known_keys(QuestionSet)


def _pydantic_problems(exc: ValidationError, raw: dict) -> list[Problem]:
    problems = []
    for err in errors_of(exc):
        loc = list(err["loc"])
        where, anchor = "the set", None
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(raw.get(loc[0]), list):
            items = raw[loc[0]]
            item = items[loc[1]] if loc[1] < len(items) and isinstance(items[loc[1]], dict) else {}
            anchor = item.get("id") if isinstance(item.get("id"), str) else None
            kind = {"questions": "question", "rules": "rule", "topics": "topic", "aspects": "aspect", "meta": "meta"}.get(str(loc[0]), str(loc[0]))
            where = f"{kind} '{short(anchor)}'" if anchor else f"{kind} #{loc[1] + 1}"
            loc = loc[2:]
        field, message = describe({**err, "loc": loc}, _KEYS)
        problems.append(Problem(where, field or "(whole entry)", message, anchor))
    return problems


MAX_SET_FILE = 1_000_000
"""A question set is a few dozen kB; reading stops here (`--set /dev/zero` must not fill the memory)."""


def check_file(path: Path, strict: bool = False, for_use: bool = False) -> tuple[QuestionSet | None, list[str]]:
    """Read and validate one file; returns the set (if usable) and every problem as a line of text.
    `strict` adds what a shipped set must also have (see `strict_check`); `for_use` (loading it to
    interview or derive with) leaves bare pronouns be, which `questions validate` refuses (`text_check`)."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_SET_FILE + 1)
        if len(data) > MAX_SET_FILE:
            return None, [f"larger than {MAX_SET_FILE // 1_000_000} MB; a question set is a few dozen kB (is this the right file?)"]
        text = data.decode("utf-8-sig")  # a BOM, as Windows editors write one, is no part of the TOML
    except UnicodeDecodeError as e:
        return None, [f"not UTF-8 text (byte {e.start}); save the file as UTF-8"]
    except OSError as e:
        return None, [f"cannot read the file: {e.strerror}"]
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        return None, [f"not valid TOML: {e}"]
    except RecursionError:
        return None, ["nested too deeply to be a question set"]
    except ValueError:  # int() refuses a number of thousands of digits
        return None, ["not valid TOML: a number is far too long"]
    try:
        qs = QuestionSet.model_validate(raw)
    except ValidationError as e:
        return None, [_format(path, text, p) for p in _pydantic_problems(e, raw)]
    found = cross_check(qs, builtin_shape) + ([] if for_use else text_check(qs)) + (strict_check(qs) if strict else [])
    problems = [_format(path, text, p) for p in found]
    if path.stem != qs.id:
        problems.append(f"id '{qs.id}' differs from the file name '{path.name}'; name the file {qs.id}.toml")
    problems += _collision(path, qs)
    return (None if problems else qs), problems


def _collision(path: Path, qs: QuestionSet) -> list[str]:
    """A file that takes a built-in set's id and version but says something else would have its
    interviews derived by the built-in set's rules (and the built-in's by its own)."""
    builtin = available().get(qs.id)
    if builtin is None or builtin.resolve() == path.resolve():
        return []
    other = load(qs.id)
    if other.version != qs.version or other.content_hash == qs.content_hash:
        return []
    return [f"id '{qs.id}' and version '{qs.version}' are those of a built-in set, but this file differs from it; "
            f"change the version (e.g. version = \"{qs.version}-1\") or the id"]


@lru_cache(maxsize=16)
def builtin_shape(set_id: str) -> QuestionSet | None:
    """A built-in set as its file says, checked for shape only: what a rule of another set may
    name (`set.question`). Not cross-checked, so two sets that name each other load."""
    path = available().get(set_id)
    if path is None:
        return None
    try:
        return QuestionSet.model_validate(tomllib.loads(path.read_text(encoding="utf-8-sig")))
    except (OSError, ValueError):  # its own check reports it
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
