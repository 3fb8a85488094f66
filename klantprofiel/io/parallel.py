"""Per-batch work in worker processes, in order: import and export use every core.

Checking a batch of import records, or rendering a batch of export records, needs nothing from
the rest of the program, while the main process reads the file or the store. So large jobs hand
that work to forked workers (Linux: they start in milliseconds with everything already loaded;
only the batches travel). Import's results come back to the main process (`ordered`), which
stores them; export's are ten times larger than its input, so each worker writes its own to
the output, in turn (`written_in_turn`). Small jobs, and platforms without a safe fork, do the
work in this process: the results are the same either way.

At most a few batches per worker are in flight, so memory stays flat however long the input.
"""

from __future__ import annotations

import ctypes
import gc
import io
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any, BinaryIO, TypeVar

from klantprofiel.errors import UserError
from klantprofiel.io.behind import behind

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
    """In a worker: remember the work (inherited through fork, never pickled)."""
    global _work
    _work = work
    _become_worker(parent)


def _become_worker(parent: int) -> None:
    """Ctrl-C is the main process's. The work makes no reference cycles, so the cycle collector
    only costs time."""
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


@contextmanager
def _ctrl_c_after_forking() -> Iterator[None]:
    """Ctrl-C held back while workers are forked, and raised once they exist.

    One that arrives in the middle of a fork is raised inside the fork's own after-fork hooks
    (logging's), which swallow it: the job went on as if nothing was pressed. Held back by a
    handler that only notes it, it becomes a KeyboardInterrupt where the job can stop cleanly."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: pressed.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt


def workers() -> int:
    """Worker processes to use: one per core where fork is safe (Linux), else none."""
    return (os.cpu_count() or 1) if sys.platform.startswith("linux") else 0


def ordered(work: Callable[[Any], Out], batches: Iterable[In], part: Callable[[In], Any] = lambda b: b) -> Iterator[tuple[In, Out]]:
    """(batch, work(part(batch))) for each batch, in order; the work may run in other processes."""
    batches = iter(batches)
    count = workers()
    for batch in islice(batches, LOCAL_BATCHES) if count else batches:
        yield batch, work(part(batch))
    first = next(batches, None)
    if first is None:
        return
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(count, mp_context=context, initializer=_install, initargs=(work, os.getpid()))
    try:
        with _ctrl_c_after_forking():  # the first submit forks every worker
            pending: deque[tuple[In, Future]] = deque([(first, pool.submit(_run, part(first)))])
        for batch in batches:
            pending.append((batch, pool.submit(_run, part(batch))))
            while len(pending) > count * AHEAD:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    except BrokenProcessPool:  # the out-of-memory killer (or a `kill -9`) took a worker
        raise UserError("import_worker_died", hint="run_again_hint") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def written_in_turn(work: Callable[[Any], bytes], batches: Iterable[Any], out: BinaryIO, prepare: Callable[[], None] = lambda: None) -> None:
    """Write work(batch) for each batch to `out`, in order. Past the first few batches the work
    runs in forked workers, each writing its results straight to out's file when the batch
    before has been written (a shared turn), so results never travel back. `prepare` runs
    before the workers start: what it loads they inherit."""
    batches = iter(batches)
    fd = _fileno(out) if workers() else None
    with behind(out.write) as write:
        for batch in islice(batches, LOCAL_BATCHES) if fd is not None else batches:
            write(work(batch))
    first = next(batches, None)
    if first is None:
        return
    rest = chain([first], batches)
    assert fd is not None  # without workers the loop above wrote every batch
    prepare()
    for stream in (sys.stdout, sys.stderr, out):  # a worker must not write what the main process still holds
        stream.flush()
    _Relay(work, fd, workers()).run(rest, LOCAL_BATCHES)


def _fileno(out: BinaryIO) -> int | None:
    try:
        return out.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):  # in memory (tests): no file to share
        return None


class _Relay:
    """Workers that take batches round the table and write their results in batch order."""

    def __init__(self, work: Callable[[Any], bytes], fd: int, count: int) -> None:
        context = multiprocessing.get_context("fork")
        self.work, self.fd = work, fd
        self.turn = context.RawValue("q", 0)
        """The number of the batch whose results are written next."""
        self.failed = context.RawValue("b", 0)
        self.changed = context.Condition()
        self.errors: Any = context.SimpleQueue()
        self.inboxes = [context.Queue(AHEAD) for _ in range(count)]
        parent = os.getpid()
        self.workers = [context.Process(target=self._serve, args=(inbox, parent), daemon=True, name="klantprofiel-export")
                        for inbox in self.inboxes]

    def run(self, batches: Iterable[Any], start: int) -> None:
        self.turn.value = start
        try:
            with _ctrl_c_after_forking():
                for worker in self.workers:
                    worker.start()
            for number, batch in enumerate(batches, start):
                self._hand(self.inboxes[number % len(self.inboxes)], (number, batch))
            for inbox in self.inboxes:
                self._hand(inbox, None)
            for worker in self.workers:
                while worker.is_alive():  # a worker killed from outside leaves the next one waiting for its turn
                    worker.join(0.2)
                    self._raise_failure()
            self._raise_failure()
        except BaseException:
            self._stop()
            raise

    def _hand(self, inbox: Any, item: Any) -> None:
        """Give a worker its next batch, waiting while it has enough; stop if one has failed."""
        while True:
            try:
                inbox.put(item, timeout=0.2)
                return
            except queue.Full:
                self._raise_failure()

    def _raise_failure(self) -> None:
        if self.failed.value or any(w.exitcode not in (None, 0) for w in self.workers):
            if not self.errors.empty():
                raise self.errors.get()
            raise UserError("export_worker_died", hint="export_worker_died_hint")

    def _stop(self) -> None:
        """Leaving early (Ctrl-C, a failed worker or write): stop the workers where they are."""
        if self.changed.acquire(timeout=1):  # a worker killed while holding it never lets go
            try:
                self.failed.value = 1
                self.changed.notify_all()
            finally:
                self.changed.release()
        for worker in self.workers:
            if worker.pid is None:  # never started: its start was what failed
                continue
            if worker.is_alive():
                worker.terminate()
            worker.join()
        for inbox in self.inboxes:  # batches still on their way to a stopped worker: dropped, or this
            inbox.cancel_join_thread()  # process would wait for ever at exit to hand them over

    def _serve(self, inbox: Any, parent: int) -> None:
        """In a worker: render each batch handed to it, wait for its turn, write, pass the turn on."""
        _become_worker(parent)
        try:
            while (item := inbox.get()) is not None:
                number, batch = item
                data = memoryview(self.work(batch))
                with self.changed:
                    self.changed.wait_for(lambda: self.turn.value == number or self.failed.value)  # noqa: B023 (called here, in this turn)
                if self.failed.value:
                    return
                while data:
                    data = data[os.write(self.fd, data):]
                with self.changed:
                    self.turn.value = number + 1
                    self.changed.notify_all()
        except BaseException as e:  # noqa: BLE001 - handed to the main process, which raises it
            try:
                self.errors.put(e)
            except Exception:  # noqa: BLE001 - not picklable: its words will do
                self.errors.put(RuntimeError(f"export worker: {e!r}"))
            with self.changed:
                self.failed.value = 1
                self.changed.notify_all()
            raise SystemExit(1) from None
