"""Writing output files that hold personal data: readable only by the user, never half-written,
never in the place of a file the run reads or keeps.

Every file klantprofiel writes (export -o, import --rejects) goes through `private_file`. A file
is written to a fresh temporary file beside it (`tempfile.mkstemp`: a new name, 0600, O_EXCL),
fsynced and renamed into place, so a stale or planted file decides nothing about the result, and
a name as long as the file system allows works. The temporary file is locked while it is
written; one that nobody holds any more (its writer was killed) is removed by the next run that
writes into that folder, so a `kill -9` leaves no personal data behind for good.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from klantprofiel.errors import UserError, os_reason
from klantprofiel.in_use import refuse_if_in_use

try:
    import fcntl
except ImportError:  # Windows: no locks, so no leftovers are removed either
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")

TEMP_PREFIX = ".klantprofiel-"
TEMP_SUFFIX = ".tmp"
"""How our temporary files are named (`.klantprofiel-k3j9x_a.tmp`), so a later run recognises them."""


@contextmanager
def private_file(path: Path, *, bom: bool = False) -> Iterator[BinaryIO]:
    """A new file (mode 0600) that appears under its name only when writing it succeeded.

    With `bom`, it starts with UTF-8's byte-order mark: the only way Excel reads a CSV as UTF-8.
    A link to a file is followed: the file it names is replaced, the link stays. A device or a
    pipe (`-o /dev/stdout`, a FIFO) is written to as it is, and keeps its permissions.
    """
    path = Path(path)
    refuse_if_in_use(path)
    if path.is_dir():
        raise UserError("cannot_write_folder", hint="cannot_write_folder_hint", path=path)
    if _written_as_it_is(path):
        with _stream(_at(path, os.open, path, os.O_WRONLY | os.O_APPEND), path) as out:
            yield _started(out, bom)
        return
    final = Path(os.path.realpath(path))
    remove_leftovers(final.parent)
    fd, temporary = _at(path, _locked_temporary, final.parent)
    try:
        with _stream(fd, path) as out:
            yield _started(out, bom)
            _at(path, out.flush)
            _at(path, os.fsync, fd)  # on disk before the name points at it: a crash just after leaves the whole file
        refuse_if_in_use(final, str(path))  # the store may have come into being while we wrote
        _at(path, os.replace, temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _written_as_it_is(path: Path) -> bool:
    """A device, a pipe or a socket, or a link under /dev or /proc (`/dev/stdout` on a file the
    shell opened): what the user pointed at is written to, never replaced by a file of ours."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) or (path.is_symlink() and str(path.absolute()).startswith(("/dev/", "/proc/")))


def _locked_temporary(folder: Path) -> tuple[int, Path]:
    """A new temporary file in `folder`, locked (so no other run takes it for a leftover)."""
    while True:
        fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
        if fcntl is None:
            return fd, Path(name)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.stat(name).st_ino == os.fstat(fd).st_ino:
                return fd, Path(name)
        except FileNotFoundError:  # another run took it for a leftover between mkstemp and flock
            pass
        os.close(fd)


def remove_leftovers(folder: Path) -> None:
    """Remove temporary files of ours in `folder` that no running klantprofiel holds."""
    if fcntl is None:
        return
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(TEMP_PREFIX) and e.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return
    for entry in entries:
        with contextlib.suppress(OSError):
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            try:
                st = os.fstat(fd)
                if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
                    continue
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while its writer lives
                if os.stat(entry.path, follow_symlinks=False).st_ino == st.st_ino:
                    os.unlink(entry.path)
            finally:
                os.close(fd)


@contextmanager
def _stream(fd: int, path: Path) -> Iterator[BinaryIO]:
    """The open file as a binary stream: closed when done, a failure to write what is left
    raised; after a failure already on its way (a full disk), closed quietly, so that failure is
    the one reported."""
    out = open(fd, "wb")  # noqa: SIM115 - closed below
    try:
        yield out
    except BaseException:
        with contextlib.suppress(OSError):
            out.close()
        raise
    _at(path, out.close)


def _started(out: BinaryIO, bom: bool) -> BinaryIO:
    if bom:
        out.write(codecs.BOM_UTF8)
    return out


def _at(path: Path, action: Callable[..., T], *args: Any) -> T:
    """`action(*args)`; a failure of the file system is a `UserError` naming `path`."""
    try:
        return action(*args)
    except OSError as e:
        raise UserError("cannot_write", hint="nothing_written_hint", path=path, detail=os_reason(e)) from None
