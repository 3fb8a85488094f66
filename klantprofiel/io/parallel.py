"""Per-batch work in worker processes, results in order: batch import uses every core.

Checking a batch of import records needs nothing from the rest of the program, while the
main process reads the file and talks to SQLite. So a large import hands the checking to
forked workers (Linux: they start in milliseconds with everything already loaded; only the
batches and their rows travel). Small jobs, and platforms without a safe fork, do the work in
this process: the results are the same either way.

At most a few batches per worker are in flight, so memory stays flat however long the input.
(Export does not use this: its results are ten times larger than its input, and handing them
back costs more than rendering them; it overlaps writing with rendering instead.)
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

LOCAL_BATCHES = 8
"""Batches done in this process before workers start: a small job never starts any."""
AHEAD = 3
"""Batches in flight per worker."""

_PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a process gets when its parent ends."""

_work: Callable[[Any], Any] | None = None


def _install(work: Callable[[Any], Any], parent: int) -> None:
    """In a worker: remember the work (inherited through fork, never pickled); Ctrl-C is the
    main process's. The work makes no reference cycles, so the cycle collector only costs time."""
    global _work
    _work = work
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with(parent)
    gc.disable()


def _end_with(parent: int) -> None:
    """Linux: have the kernel end this worker when the main process ends, however it ends.

    A `kill -9` of the import gives the main process no chance to stop its workers, and they
    would wait for work forever (each holding the store file open). A worker only checks
    records, so ending it at once loses nothing."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: nothing more to do than on other platforms
        pass
    if os.getppid() != parent:  # the main process ended before the line above took effect
        os._exit(1)


def _run(part: Any) -> Any:
    assert _work is not None
    return _work(part)


def workers() -> int:
    """Worker processes to use: one per core where fork is safe (Linux), else none."""
    return (os.cpu_count() or 1) if sys.platform.startswith("linux") else 0


def ordered(work: Callable[[Any], Out], batches: Iterable[In], part: Callable[[In], Any] = lambda b: b) -> Iterator[tuple[In, Out]]:
    """(batch, work(part(batch))) for each batch, in order; the work may run in other processes."""
    batches = iter(batches)
    for batch in islice(batches, LOCAL_BATCHES):
        yield batch, work(part(batch))
    count = workers()
    if count < 1:
        for batch in batches:
            yield batch, work(part(batch))
        return
    first = next(batches, None)
    if first is None:
        return
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(count, mp_context=context, initializer=_install, initargs=(work, os.getpid()))
    try:
        pending: deque[tuple[In, Future]] = deque([(first, pool.submit(_run, part(first)))])
        for batch in batches:
            pending.append((batch, pool.submit(_run, part(batch))))
            while len(pending) > count * AHEAD:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
