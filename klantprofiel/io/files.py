"""Writing output files that hold personal data: readable only by the user, never half-written."""

from __future__ import annotations

import codecs
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
