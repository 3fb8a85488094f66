"""The files a run reads or keeps (the store, the file being imported, a question set, an answers
file): no file klantprofiel writes may replace one of them.

`klantprofiel import d.jsonl --rejects d.jsonl` or `export -o` onto the store (also through a link,
a relative path or a second hard link) would destroy what the command is working on. Paths are
noted as they are named and compared by device and inode when an output is about to be written,
so a store that only comes into being during the run (it opens lazily) counts too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO, Any

from klantprofiel.errors import UsageError
from klantprofiel.i18n import Msg

_noted: dict[Path | int, Msg] = {}
"""What this run reads or keeps: by path, or (standard input) by its open file descriptor."""


def note(path: Path | str, what: Msg) -> None:
    """`path` is read or kept in this run; `what` says what it is ("the store", "the file being imported")."""
    _noted[Path(path)] = what


def note_stdin(stdin: IO[Any], what: Msg) -> None:
    """What a run reads as `-` is its standard input: where that is a file (`< d.jsonl`), it is
    noted too, so `--rejects /dev/stdin` cannot write into it. A pipe or a terminal is no file
    an output could replace."""
    try:
        fd = stdin.fileno()
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except (OSError, ValueError):  # no descriptor of its own (a test's input in memory)
        return
    if regular:
        _noted[fd] = what


def forget() -> None:
    """A new command starts: what earlier ones in this process used is no concern of it."""
    _noted.clear()


def _identity(target: Path | str | int | IO[Any]) -> tuple[int, int] | None:
    try:
        st = os.stat(target if isinstance(target, (Path, str, int)) else target.fileno())
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def refuse_if_in_use(target: Path | str | IO[Any], name: str | Msg | None = None) -> None:
    """A `UsageError` if `target` (a path, or an open file such as stdout) is one of the noted files."""
    found = _identity(target)
    if found is None:
        return
    for path, what in _noted.items():
        if _identity(path) == found:
            shown = name or str(target)
            raise UsageError("in_use_refused", hint="in_use_refused_hint", shown=shown, what=what,
                             path=Msg("in_use_stdin") if isinstance(path, int) else path)
