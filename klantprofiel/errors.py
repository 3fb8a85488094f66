"""Errors a user can act on. The CLI catches `UserError` in one place; anything else is a bug."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Exit codes scripts can rely on (documented in `klantprofiel --help`)."""

    OK = 0
    INVALID_INPUT = 1
    USAGE = 2
    BUSY = 3
    BUG = 70
    """sysexits' EX_SOFTWARE: something klantprofiel did wrong, not the user."""
    INTERRUPTED = 130


class UserError(Exception):
    """Something the user can fix; `message` is shown as it is, without a traceback."""

    exit_code: int = ExitCode.INVALID_INPUT

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(UserError):
    """The command was called wrongly (bad option value, missing terminal)."""

    exit_code = ExitCode.USAGE


class NotFoundError(UserError):
    """A customer, interview or question set that does not exist."""


class StoreBusyError(UserError):
    """Another klantprofiel holds the store for longer than we wait."""

    exit_code = ExitCode.BUSY


class InterviewInterrupted(KeyboardInterrupt):
    """Ctrl-C or EOF during an interview; carries the answers given so far so they can be kept."""

    def __init__(self, state: object) -> None:
        super().__init__()
        self.state = state


@dataclass
class AnswerProblem(Exception):
    """One wrong answer or field of a record; raised while checking a value, collected per record
    (an import reports every one), so it is not a `UserError` by itself."""

    field: str
    message: str
    value: Any = None
