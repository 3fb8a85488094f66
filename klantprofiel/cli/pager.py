"""Long output on a terminal goes through the user's pager ($PAGER, else `less`), fed as it is made.

Rich's own pager collects everything first; here the lines stream into the pager's input, so
the first screen shows at once however many follow, and quitting the pager (q) ends the output.
While the pager runs it owns Ctrl-C (less uses it to stop a search), as git does.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterable

LESS_FLAGS = "FRX"
"""When $LESS is not set: quit at once if it fits one screen, keep colours, leave the screen as it was."""


def pager_command() -> str | None:
    """$PAGER, run by the shell as git and man do (it may hold options), else less; None when
    $PAGER is set empty (no pager wanted) or there is no less."""
    if "PAGER" not in os.environ:
        return "less" if shutil.which("less") else None
    return os.environ["PAGER"].strip() or None


def page(lines: Iterable[str]) -> bool:
    """Write `lines` through the pager; False (nothing written) when no pager can be started."""
    command = pager_command()
    if command is None:
        return False
    env = {**os.environ, "LESS": os.environ.get("LESS", LESS_FLAGS)}
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env, encoding=sys.stdout.encoding or "utf-8", errors="replace")
    except OSError:
        return False
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert proc.stdin is not None
        try:
            for line in lines:
                proc.stdin.write(line + "\n")
            proc.stdin.close()
        except BrokenPipeError:  # the user quit the pager: the rest is not wanted
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()
        proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True
