"""Writing output files that hold personal data: readable only by the user, never half-written."""

from __future__ import annotations

import codecs
import os
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from klantprofiel.errors import UserError


@contextmanager
def private_file(path: Path, *, bom: bool = False) -> Iterator[BinaryIO]:
    """A new file (mode 0600) that appears under its name only when writing it succeeded.

    With `bom`, it starts with UTF-8's byte-order mark: the only way Excel reads a CSV as UTF-8.
    """
    part = path.with_name(path.name + ".part")
    try:
        fd = os.open(part, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    except OSError as e:
        raise UserError(f"Cannot write {path}: {e.strerror}.") from None
    try:
        with open(fd, "wb") as out:
            if bom:
                out.write(codecs.BOM_UTF8)
            yield out
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


@contextmanager
def write_behind(out: BinaryIO, ahead: int = 4) -> Iterator[Callable[[bytes], None]]:
    """A `write` that returns at once while a thread writes: export renders the next batch on one
    core while the last one goes to disk or a pipe on the other (a write lets go of the GIL).
    At most `ahead` pieces wait, so memory stays flat; a failed write is raised here."""
    pieces: queue.Queue[bytes | None] = queue.Queue(maxsize=ahead)
    failed: list[BaseException] = []

    def drain() -> None:
        while (piece := pieces.get()) is not None:
            if not failed:
                try:
                    out.write(piece)
                except BaseException as e:  # noqa: BLE001 - handed to the caller's thread
                    failed.append(e)

    def write(piece: bytes) -> None:
        if failed:
            raise failed[0]
        pieces.put(piece)

    writer = threading.Thread(target=drain, name="klantprofiel-writer", daemon=True)
    writer.start()
    try:
        yield write
    finally:
        pieces.put(None)
        writer.join()
    if failed:
        raise failed[0]
