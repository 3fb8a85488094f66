"""The one object that owns the terminal: data goes to stdout, everything else to stderr.

Rich parses `[markup]` and `:emoji:` in every string it prints, so both consoles switch emoji
and highlighting off and user text is only ever printed as `rich.text.Text`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator

from rich.console import Console
from rich.text import Text

from klantprofiel.errors import UserError
from klantprofiel.printable import printable


def _width() -> int | None:
    """Rich wraps at 80 columns off a terminal; files and pipes get a roomier fixed width."""
    return None if sys.stdout is not None and sys.stdout.isatty() else int(os.environ.get("COLUMNS", "100"))


class Terminal:
    lang = "nl"

    def __init__(self) -> None:
        self.out = Console(emoji=False, highlight=False, width=_width(), soft_wrap=False)
        self.err = Console(stderr=True, emoji=False, highlight=False, soft_wrap=True)  # a message stays one line in a log

    @property
    def interactive(self) -> bool:
        return sys.stdin is not None and sys.stdout is not None and sys.stdin.isatty() and sys.stdout.isatty()

    def data(self, text: str) -> None:
        """Machine-readable output (JSON, Markdown): written as is, never parsed for markup."""
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()

    def note(self, text: str, style: str = "") -> None:
        with contextlib.suppress(OSError):  # the terminal may be gone (closed window, SIGHUP)
            self.err.print(Text(printable(text), style=style), soft_wrap=self._unwrapped)

    @property
    def _unwrapped(self) -> bool:
        """Off a terminal a message stays one line, so scripts can grep it."""
        return not self.err.is_terminal

    def error(self, e: UserError) -> None:
        label = "Error" if self.lang == "en" else "Fout"
        self.err.print(Text(f"{label}: ", style="bold red") + Text(printable(e.message)), soft_wrap=self._unwrapped)
        if e.hint:
            self.err.print(Text(printable(e.hint), style="dim"), soft_wrap=self._unwrapped)


@contextlib.contextmanager
def hangup_stops() -> Iterator[None]:
    """A closed terminal (SIGHUP) or a plain `kill` (SIGTERM) stops an interview the way Ctrl-C does:
    through KeyboardInterrupt, so the draft is saved and the terminal's settings are restored."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signals = [getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)]
    previous = {s: signal.signal(s, interrupt) for s in signals}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
