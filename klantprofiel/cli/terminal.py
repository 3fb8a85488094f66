"""The one object that owns the terminal: data goes to stdout, everything else to stderr.

Rich parses `[markup]` and `:emoji:` in every string it prints, so both consoles switch emoji
and highlighting off and user text is only ever printed as `rich.text.Text`.

Whatever a view prints passes `printable` on its way out (JSON: `json_text`): a control character,
escape sequence or bidirectional override in a name, a note, a file name or a question set's text
never reaches the terminal, also where a view forgot to clean it. Views still clean user text
where it enters (`render.plain`) so that Rich measures the text as it is shown.

On the same way out, a character the output's encoding cannot write (cp1252, ascii: a redirect
on Windows) becomes its one-column ASCII look-alike (`shown`): bars, arrows and ticks stay in
place, and no view ends in a UnicodeEncodeError. On a terminal the views are at most
MAX_WIDTH wide; how they fit narrower widths is `cli/layout.py`.

While the program runs, sys.stdout is guarded (`guarded_stdout`): a standard output that is
closed (`>&-`), full (`> /dev/full`) or a pipe closed early (`| head`) is one `UserError` for
every command, and a command whose output was not written never exits 0. A closed stdin, where
a command needs it, is one as well (`stdin_binary`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from klantprofiel.errors import UsageError, UserError, os_reason
from klantprofiel.i18n import t
from klantprofiel.printable import json_bytes, json_text, printable

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

MAX_WIDTH = 100
"""The views' widest: on a wider terminal lines stay readable and "Doen" sits beside "Niet doen", not 110 columns away."""


def _width() -> int | None:
    """Rich wraps at 80 columns off a terminal; files and pipes get a roomier fixed width."""
    return None if sys.stdout is not None and sys.stdout.isatty() else int(os.environ.get("COLUMNS", "100"))


LOOKALIKES = {"█": "#", "░": ".", "→": ">", "←": "<", "✓": "+", "✗": "x", "−": "-", "–": "-", "—": "-", "·": "-",
              "…": ".", "«": "<", "»": ">", "●": "*", "○": "o", "•": "*", "‘": "'", "’": "'", "“": '"', "”": '"'}
"""What a view shows where the output's encoding (cp1252, ascii) has no room for its own symbol:
one column each, so tables and boxes keep their shape."""


def _writable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False
    except LookupError:  # an encoding Python does not know: ASCII is safe
        return text.isascii()


def shown(text: str, encoding: str) -> str:
    """`text` as `encoding` can write it: each character it cannot, as its look-alike, its letter
    without accent (é: e), or as many '?' as it is wide."""
    return text if _writable(text, encoding) else "".join(c if _writable(c, encoding) else _lookalike(c, encoding) for c in text)


def _lookalike(char: str, encoding: str) -> str:
    from rich.cells import cell_len
    base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    for candidate in (LOOKALIKES.get(char, ""), base):
        if candidate and cell_len(candidate) == cell_len(char) and _writable(candidate, encoding):
            return candidate
    return "?" * cell_len(char)


def _json_escaped(text: str, encoding: str) -> str:
    """JSON text as `encoding` can write it: what it cannot, as `\\uXXXX` escapes (the same data;
    JSON outside its strings is ASCII)."""
    import json
    return text if _writable(text, encoding) else "".join(c if _writable(c, encoding) else json.dumps(c)[1:-1] for c in text)


def plain_terminal() -> bool:
    """A terminal that cannot move its cursor: TERM is dumb or unknown, or (off Windows, whose
    consoles set no TERM) not set at all. The interview asks plainly there."""
    term = os.environ.get("TERM", "").strip().lower()
    return term in ("dumb", "unknown") or (not term and os.name != "nt")


def output_failed(e: OSError) -> UserError:
    """What a failed write to stdout tells the user. stdout is pointed at /dev/null from here on,
    so what is still buffered cannot fail again (with a traceback of its own) when Python exits."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    if isinstance(e, BrokenPipeError):
        return UserError("output_closed_early")
    return UserError("output_failed", detail=os_reason(e))


def no_stdout() -> UsageError:
    return UsageError("no_stdout", hint="no_stdout_hint")


def stdin_binary() -> BinaryIO:
    """Standard input for '-' as a file name; a closed one (`<&-`) is a clear error."""
    if sys.stdin is None:
        raise UsageError("no_stdin", hint="no_stdin_hint")
    return sys.stdin.buffer


class _GuardedOutput:
    """sys.stdout while the program runs: every write to it (ours, Rich's, Typer's help) that
    fails becomes one `UserError`; a closed stdout (`>&-`, where Python leaves None) is one too."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:
            raise no_stdout()
        try:
            return int(self._stream.write(text))
        except OSError as e:
            raise output_failed(e) from None

    def flush(self) -> None:
        if self._stream is None:
            return  # nothing was written to it
        try:
            self._stream.flush()
        except OSError as e:
            raise output_failed(e) from None

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def __getattr__(self, name: str) -> Any:
        if self._stream is not None:
            return getattr(self._stream, name)
        if name in ("buffer", "fileno"):  # asked for only by what is about to write
            raise no_stdout()
        raise AttributeError(name)  # what Rich looks up with a default (`rich_proxied_file`, `encoding`)


@contextlib.contextmanager
def guarded_stdout() -> Iterator[None]:
    """sys.stdout guarded for as long as the program runs (put back for Python's exit)."""
    original = sys.stdout
    sys.stdout = _GuardedOutput(original)
    try:
        yield
    finally:
        sys.stdout = original


class Terminal:
    lang = "nl"

    def __init__(self, *, plain: bool = False) -> None:
        """`plain`: no colour or other styling at all (the plain interview)."""
        self._colour: dict[str, Any] = {"color_system": None} if plain else {}

    @cached_property
    def out(self) -> Console:
        """Rich's console on stdout, made (and Rich imported) when a view is first printed: what
        writes only text (`--version`, JSON, shell completion) starts without Rich."""
        from klantprofiel.cli.consoles import console
        out = console(width=_width(), soft_wrap=False, **self._colour)
        if out.is_terminal:  # a file or pipe gets the width asked for (COLUMNS), a terminal at most MAX_WIDTH
            out.width = min(out.width, MAX_WIDTH)
        return out

    @cached_property
    def err(self) -> Console:
        from klantprofiel.cli.consoles import console
        return console(stderr=True, soft_wrap=True, **self._colour)  # a message stays one line in a log

    @property
    def interactive(self) -> bool:
        return sys.stdin is not None and sys.stdout is not None and sys.stdin.isatty() and sys.stdout.isatty()

    def data(self, text: str) -> None:
        """A document (Markdown): written as it is, never parsed for markup, with `printable` applied
        (and look-alikes where the output's encoding has no room for a character)."""
        self._write(sys.stdout, printable(text), shown)

    def json(self, text: str, *, err: bool = False) -> None:
        """JSON (on stdout, or a report line on stderr) with every control written as a `\\uXXXX`
        escape: the same data for a script, nothing a terminal acts on; so is every character the
        output's encoding cannot write (JSON outside its strings is ASCII)."""
        self._write(sys.stderr if err else sys.stdout, json_text(text), _json_escaped)

    def view_lines(self, lines: Iterable[str]) -> Iterator[str]:
        """The lines of a streamed view (a long `list`) as the terminal or pager gets them: with
        `printable` applied, and look-alikes where stdout's encoding has no room for a character."""
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        utf = encoding.lower().startswith("utf")
        return (printable(line) if utf else shown(printable(line), encoding) for line in lines)

    def lines(self, lines: Iterable[str]) -> None:
        """Write a streamed view's lines (`view_lines`) as they come."""
        out = sys.stdout
        for line in self.view_lines(lines):
            out.write(line + "\n")
        out.flush()

    def paged(self, renderable: RenderableType) -> None:
        """A view on stdout; on a terminal through the pager ($PAGER, else less) when it is longer
        than the screen, as git does. Off a terminal (a pipe, a file) it is printed as it is."""
        if not self.out.is_terminal:
            self.out.print(renderable)
            return
        with self.out.capture() as captured:
            self.out.print(renderable)
        text = captured.get()  # styled already, and every piece of text made printable by the render hook
        from klantprofiel.cli.pager import page
        if text.count("\n") <= self.out.height or not page(text.splitlines()):
            sys.stdout.write(text)
            sys.stdout.flush()

    def json_chunks(self, chunks: Iterable[bytes]) -> None:
        """UTF-8 JSON written a piece at a time (a long `list`), escaped as `json` escapes it."""
        sys.stdout.flush()
        out, encoding = sys.stdout.buffer, getattr(sys.stdout, "encoding", None) or "utf-8"
        utf = encoding.lower().startswith("utf")
        try:
            for chunk in chunks:
                chunk = json_bytes(chunk)
                out.write(chunk if utf or chunk.isascii() else _json_escaped(chunk.decode(), encoding).encode(encoding))
            out.flush()
        except OSError as e:  # the buffer is not guarded as sys.stdout is: the same one error
            raise output_failed(e) from None

    @staticmethod
    def _write(stream: TextIO, text: str, unwritable: Callable[[str, str], str]) -> None:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        text = text if encoding.lower().startswith("utf") else unwritable(text, encoding)
        stream.write(text if text.endswith("\n") else text + "\n")
        stream.flush()

    def note(self, text: str, style: str = "") -> None:
        from rich.text import Text
        with contextlib.suppress(OSError):  # the terminal may be gone (closed window, SIGHUP)
            self.err.print(Text(printable(text), style=style), soft_wrap=self._unwrapped)

    @property
    def _unwrapped(self) -> bool:
        """Off a terminal a message stays one line, so scripts can grep it."""
        return not self.err.is_terminal

    def error(self, e: UserError) -> None:
        """The one error line (and its hint), in the run's language."""
        from rich.text import Text
        self.err.print(Text(f"{t('error_label', self.lang)}: ", style="bold red") + Text(printable(e.text(self.lang))),
                       soft_wrap=self._unwrapped)
        hint = e.hint_text(self.lang)
        if hint:
            self.err.print(Text(printable(hint), style="dim"), soft_wrap=self._unwrapped)

    def confirm(self, question: str) -> bool:
        """A yes/no question on stderr, No by default: j/ja (and y/yes) in Dutch, y/yes in English.
        Ctrl-C or Ctrl-D at it raises KeyboardInterrupt, the way every command stops."""
        from rich.text import Text
        yes, no = ({"y", "yes"}, {"n", "no"}) if self.lang == "en" else ({"j", "ja", "y", "yes"}, {"n", "nee", "no"})
        while True:
            self.err.print(Text(printable(question) + t("confirm_suffix", self.lang)), end="")
            try:
                answer = input().strip().lower()
            except EOFError:
                raise KeyboardInterrupt from None
            if answer in yes or answer in no or not answer:
                return answer in yes
            self.note(t("confirm_again", self.lang))


SIGNAL_AGAIN = 2.0
"""Seconds after which a hangup or kill that has not stopped the interview yet comes again."""


@contextlib.contextmanager
def hangup_stops() -> Iterator[None]:
    """A closed terminal (SIGHUP) or a plain `kill` (SIGTERM) stops an interview the way Ctrl-C does:
    through KeyboardInterrupt, so the draft is saved and the terminal's settings are restored.

    A signal that lands while Python runs a finaliser (a `__del__`, a garbage collection) raises
    there, where Python prints "Exception ignored" and goes on: the interview would wait for its
    answer as if nobody had asked it to stop. So until it has stopped, the same signal comes again
    every `SIGNAL_AGAIN` seconds; once it has, a late one is ignored."""
    import threading

    stopped = threading.Event()
    again: list[threading.Timer] = []

    def send(signum: int) -> None:
        if not stopped.is_set():
            os.kill(os.getpid(), signum)

    def interrupt(signum: int, frame: object) -> None:
        if stopped.is_set():
            return
        timer = threading.Timer(SIGNAL_AGAIN, send, (signum,))
        timer.daemon = True
        again.append(timer)
        timer.start()
        raise KeyboardInterrupt

    signals = [getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)]
    previous = {s: signal.signal(s, interrupt) for s in signals}
    try:
        yield
    finally:
        stopped.set()
        for timer in again:
            timer.cancel()
            timer.join()
        for s, handler in previous.items():
            signal.signal(s, handler)
