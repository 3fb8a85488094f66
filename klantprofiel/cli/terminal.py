"""The one object that owns the terminal: data goes to stdout, everything else to stderr.

Rich parses `[markup]` and `:emoji:` in every string it prints, so both consoles switch emoji
and highlighting off and user text is only ever printed as `rich.text.Text`.

Whatever a view prints passes `printable` on its way out (JSON: `json_text`): a control character,
escape sequence or bidirectional override in a name, a note, a file name or a question set's text
never reaches the terminal, also where a view forgot to clean it. Views still clean user text
where it enters (`render.plain`) so that Rich measures the text as it is shown.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from typing import TextIO

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderHook, RenderResult
from rich.segment import Segment
from rich.text import Text

from klantprofiel.errors import UserError
from klantprofiel.printable import json_text, printable


def _width() -> int | None:
    """Rich wraps at 80 columns off a terminal; files and pipes get a roomier fixed width."""
    return None if sys.stdout is not None and sys.stdout.isatty() else int(os.environ.get("COLUMNS", "100"))


class _Printable:
    """A renderable as Rich renders it, with `printable` applied to its text; the escape sequences
    of Rich's own styles and cursor moves are not text and pass as they are."""

    def __init__(self, renderable: ConsoleRenderable) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            yield segment if segment.control else Segment(printable(segment.text), segment.style)


class _EveryRenderable(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Printable(r) for r in renderables]


def _console(**options: object) -> Console:
    console = Console(emoji=False, highlight=False, **options)  # type: ignore[arg-type]
    console.push_render_hook(_EveryRenderable())
    return console


def plain_terminal() -> bool:
    """A terminal that cannot move its cursor: TERM is dumb or unknown, or (off Windows, whose
    consoles set no TERM) not set at all. The interview asks plainly there."""
    term = os.environ.get("TERM", "").strip().lower()
    return term in ("dumb", "unknown") or (not term and os.name != "nt")


class Terminal:
    lang = "nl"

    def __init__(self, *, plain: bool = False) -> None:
        """`plain`: no colour or other styling at all (the plain interview)."""
        colour = {"color_system": None} if plain else {}
        self.out = _console(width=_width(), soft_wrap=False, **colour)
        self.err = _console(stderr=True, soft_wrap=True, **colour)  # a message stays one line in a log

    @property
    def interactive(self) -> bool:
        return sys.stdin is not None and sys.stdout is not None and sys.stdin.isatty() and sys.stdout.isatty()

    def data(self, text: str) -> None:
        """A document (Markdown): written as it is, never parsed for markup, with `printable` applied."""
        self._write(sys.stdout, printable(text))

    def json(self, text: str, *, err: bool = False) -> None:
        """JSON (on stdout, or a report line on stderr) with every control written as a `\\uXXXX`
        escape: the same data for a script, nothing a terminal acts on."""
        self._write(sys.stderr if err else sys.stdout, json_text(text))

    @staticmethod
    def _write(stream: TextIO, text: str) -> None:
        stream.write(text if text.endswith("\n") else text + "\n")
        stream.flush()

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
