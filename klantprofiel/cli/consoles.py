"""Rich's consoles as every view gets them: emoji and highlighting off, and a render hook that
passes each piece of text through `printable` (and look-alikes where the output's encoding has
no room for a character) on its way out.

Apart from `cli/terminal.py` so that Rich is imported only by a command that prints a view:
`--version`, JSON output and shell completion start without it.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderHook, RenderResult
from rich.segment import Segment

from klantprofiel.cli.terminal import shown
from klantprofiel.printable import printable


class _Printable:
    """A renderable as Rich renders it, with `printable` applied to its text; the escape sequences
    of Rich's own styles and cursor moves are not text and pass as they are."""

    def __init__(self, renderable: ConsoleRenderable) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        encoding = None if console.encoding.startswith("utf") else console.encoding  # Rich draws ASCII boxes there itself
        for segment in console.render(self.renderable, options):
            if segment.control:
                yield segment
            else:
                text = printable(segment.text)
                yield Segment(shown(text, encoding) if encoding else text, segment.style)


class _EveryRenderable(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Printable(r) for r in renderables]


def console(**options: Any) -> Console:
    made = Console(emoji=False, highlight=False, **options)
    made.push_render_hook(_EveryRenderable())
    return made


class _TypersConsole:
    """Typer's console for help and usage errors (`own`), with the render hook every view's has."""

    def __init__(self, own: Any) -> None:
        self.own = own

    def __call__(self, stderr: bool = False) -> Console:
        made: Console = self.own(stderr=stderr)
        made.push_render_hook(_EveryRenderable())
        return made


def typers_consoles() -> None:
    """Typer's help and usage errors pass through `printable` and the look-alikes too: on an ascii or
    cp1252 stdout (a redirect on Windows) its own console crashed on the `•` of a list, an `é`."""
    from typer import rich_utils
    if not isinstance(rich_utils._get_rich_console, _TypersConsole):
        rich_utils._get_rich_console = _TypersConsole(rich_utils._get_rich_console)
