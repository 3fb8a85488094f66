"""Writing output files that hold personal data: readable only by the user, never half-written."""

from __future__ import annotations

import codecs
import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from klantprofiel.errors import UserError


@contextmanager
def private_file(path: Path, *, bom: bool = False) -> Iterator[BinaryIO]:
    """A new file (mode 0600) that appears under its name only when writing it succeeded.

    With `bom`, it starts with UTF-8's byte-order mark: the only way Excel reads a CSV as UTF-8.
    A device, a pipe or a link that is already there (`-o /dev/stdout`, a FIFO) is written to as
    it is: never replaced by a file of ours.
    """
    if path.is_dir():
        raise UserError(f"Cannot write {path}: it is a folder.", hint="Name a file in it.")
    as_it_is = path.is_symlink() or (path.exists() and not path.is_file())
    written = path if as_it_is else path.with_name(path.name + ".part")
    try:
        out = open(os.open(written, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600), "wb")
    except OSError as e:
        raise UserError(f"Cannot write {path}: {e.strerror}.") from None
    try:
        with _closed(out):
            if bom:
                out.write(codecs.BOM_UTF8)
            yield out
        if not as_it_is:
            os.replace(written, path)
    except BaseException:
        if not as_it_is:
            written.unlink(missing_ok=True)
        raise


@contextmanager
def _closed(out: BinaryIO) -> Iterator[BinaryIO]:
    """Closed when done, a failure to write what is left raised; after a failure already on its
    way (a full disk), closed quietly, so that failure is the one reported."""
    try:
        yield out
    except BaseException:
        with contextlib.suppress(OSError):
            out.close()
        raise
    out.close()
