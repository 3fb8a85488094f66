"""Errors a user can act on. The CLI catches `UserError` in one place; anything else is a bug."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from klantprofiel.i18n import Msg


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
    """Something the user can fix, shown as one line (and a hint) without a traceback.

    `message` and `hint` are keys of the message catalogue (klantprofiel/messages.py), both filled
    from the same `fields`, or ready `Msg`s: the core cannot know the run's language, so the CLI
    renders them in it (`text`, `hint_text`): `UserError("no_customer", name=name)`. A text that
    is no key is shown as it is (sentences not yet moved into the catalogue).
    """

    exit_code: int = ExitCode.INVALID_INPUT

    def __init__(self, message: str | Msg, *, hint: str | Msg | None = None, **fields: Any) -> None:
        self.msg = message if isinstance(message, Msg) else Msg(message, **fields)
        self.hint_msg = hint if isinstance(hint, Msg) or hint is None else Msg(hint, **fields)
        super().__init__(self.msg.key)

    def text(self, lang: str = "nl") -> str:
        return self.msg.text(lang)

    def hint_text(self, lang: str = "nl") -> str | None:
        return self.hint_msg.text(lang) if self.hint_msg is not None else None

    @property
    def message(self) -> str:
        """The message in Dutch, the default language (the CLI renders it in the run's language)."""
        return self.text()

    @property
    def hint(self) -> str | None:
        return self.hint_text()

    def __str__(self) -> str:
        return self.text("en")

    def __reduce__(self) -> Any:
        """Whole across a process boundary (a worker's error), whatever a subclass's __init__ takes."""
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(cls: type[UserError], args: tuple, state: dict) -> UserError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


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


class Invalid(ValueError):
    """What a model's own validator finds wrong, as a catalogue key: pydantic keeps the exception,
    so `validation.describe` says it in the run's language (`raise Invalid("scale_order", min=1, max=0)`)."""

    def __init__(self, key: str, /, **fields: object) -> None:
        self.msg = Msg(key, **fields)
        super().__init__(self.msg.text("en"))


@dataclass
class AnswerProblem(Exception):
    """One wrong answer or field of a record; raised while checking a value, collected per record
    (an import reports every one), so it is not a `UserError` by itself."""

    field: str
    message: str | Msg
    """What is wrong, for the CLI to render in the run's language (`i18n.rendered`)."""
    value: Any = None


_OS_REASONS = {errno.ENOENT: "os_no_such_file", errno.EACCES: "os_no_permission", errno.EPERM: "os_not_permitted",
               errno.EISDIR: "os_is_a_folder", errno.ENOTDIR: "os_not_a_folder", errno.ENOSPC: "os_disk_full",
               errno.EROFS: "os_read_only", errno.EDQUOT: "os_quota_full"}


def os_reason(e: OSError) -> Msg | str:
    """Why the system refused a file, for `detail` in a message: the usual reasons in the run's
    language (the system says them in English whatever --lang says), another as the system words it."""
    key = _OS_REASONS.get(e.errno) if e.errno is not None else None
    return Msg(key) if key else e.strerror or str(e)
