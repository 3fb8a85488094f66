"""Per-batch work in worker processes, in order: import and export use every core.

Checking a batch of import records, or rendering a batch of export records, needs nothing from
the rest of the program, while the main process reads the file or the store. So large jobs hand
that work to workers. Import's results come back to the main process (`ordered`), which
stores them; export's are ten times larger than its input, so each worker writes its own to
the output, in turn (`written_in_turn`). Small jobs do the work in this process: the results
are the same either way.

Workers start the platform's way (`start_method`): forked on Linux (in milliseconds, with
everything already loaded), spawned elsewhere (a fresh interpreter: macOS and Windows cannot fork
safely). So nothing a worker needs may depend on being inherited: the work is a picklable object
(the question sets go along as data), and export's output is handed to each worker as it starts
(`_Output`). `tests/test_parallel.py` runs import and export both ways.

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
from multiprocessing import reduction
from typing import Any, BinaryIO, TypeVar

from klantprofiel.errors import UserError
from klantprofiel.io.behind import behind

In = TypeVar("In")
Out = TypeVar("Out")

LOCAL_BATCHES = 8
"""Batches done in this process before workers start: a small job never starts any."""
AHEAD = 3
"""Batches in flight per worker."""

START_METHOD = "KLANTPROFIEL_START_METHOD"
"""How workers start, if not the platform's way: `fork` or `spawn` (any of
`multiprocessing.get_all_start_methods()`); the tests run both here."""

_PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a process gets when its parent ends."""

_work: Callable[[Any], Any] | None = None


def _install(work: Callable[[Any], Any], parent: int) -> None:
    """In a worker: remember the work (inherited through fork, or unpickled once as it spawns)."""
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
    """Worker processes to use: one per core."""
    return os.cpu_count() or 1


def start_method() -> str:
    """`START_METHOD` if set to one this platform has; else fork on Linux, the fastest start
    (a copy of this process), and spawn elsewhere: macOS's system libraries are not safe to use
    in a forked process, and Windows has no fork."""
    asked = os.environ.get(START_METHOD, "")
    if asked in multiprocessing.get_all_start_methods():
        return asked
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _context() -> Any:
    """The context workers start from (`Any`: typeshed's `BaseContext` lacks the `Process` every real one has)."""
    return multiprocessing.get_context(start_method())


def ordered(work: Callable[[Any], Out], batches: Iterable[In], part: Callable[[In], Any] = lambda b: b) -> Iterator[tuple[In, Out]]:
    """(batch, work(part(batch))) for each batch, in order; the work may run in other processes."""
    batches = iter(batches)
    count = workers()
    for batch in islice(batches, LOCAL_BATCHES) if count else batches:
        yield batch, work(part(batch))
    first = next(batches, None)
    if first is None:
        return
    pool = ProcessPoolExecutor(count, mp_context=_context(), initializer=_install, initargs=(work, os.getpid()))
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
    runs in workers, each writing its results straight to out's file when the batch
    before has been written (a shared turn), so results never travel back. `prepare` runs
    before the workers start: what it loads into the work goes along to them."""
    batches = iter(batches)
    output = _Output.of(out) if workers() else None
    with behind(out.write) as write:
        for batch in islice(batches, LOCAL_BATCHES) if output is not None else batches:
            write(work(batch))
    first = next(batches, None)
    if first is None:
        return
    rest = chain([first], batches)
    assert output is not None  # without workers the loop above wrote every batch
    prepare()
    for stream in (sys.stdout, sys.stderr, out):  # a worker must not write what the main process still holds
        stream.flush()
    _Relay(work, output, workers()).run(rest, LOCAL_BATCHES)


class _Output:
    """The output's file descriptor as a worker gets it: inherited through fork; handed to a
    spawned worker as it starts (pickled, multiprocessing passes a duplicate along), so the
    results never travel back through the main process either way."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    @classmethod
    def of(cls, out: BinaryIO) -> _Output | None:
        """None where workers cannot share the output: in memory (tests), or a spawned worker
        on a platform without descriptor passing (Windows): the work is done in this process."""
        if start_method() != "fork" and not hasattr(reduction, "DupFd"):
            return None
        try:
            return cls(out.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            return None

    def __reduce__(self) -> tuple[Any, ...]:
        return _Output._received, (reduction.DupFd(self.fd),)

    @staticmethod
    def _received(duplicate: Any) -> _Output:
        return _Output(duplicate.detach())


class _Relay:
    """Workers that take batches round the table and write their results in batch order."""

    def __init__(self, work: Callable[[Any], bytes], output: _Output, count: int) -> None:
        context = _context()
        self.shared = _Shared(context)
        self.inboxes = [context.Queue(AHEAD) for _ in range(count)]
        parent = os.getpid()
        self.workers = [context.Process(target=_serve, args=(self.shared, work, output, inbox, parent), daemon=True, name="klantprofiel-export")
                        for inbox in self.inboxes]

    def run(self, batches: Iterable[Any], start: int) -> None:
        self.shared.turn.value = start
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
        if self.shared.failed.value or any(w.exitcode not in (None, 0) for w in self.workers):
            if not self.shared.errors.empty():
                raise self.shared.errors.get()
            raise UserError("export_worker_died", hint="export_worker_died_hint")

    def _stop(self) -> None:
        """Leaving early (Ctrl-C, a failed worker or write): stop the workers where they are."""
        changed = self.shared.changed
        if changed.acquire(timeout=1):  # a worker killed while holding it never lets go
            try:
                self.shared.failed.value = 1
                changed.notify_all()
            finally:
                changed.release()
        for worker in self.workers:
            if worker.pid is None:  # never started: its start was what failed
                continue
            if worker.is_alive():
                worker.terminate()
            worker.join()
        for inbox in self.inboxes:  # batches still on their way to a stopped worker: dropped, or this
            inbox.cancel_join_thread()  # process would wait for ever at exit to hand them over


class _Shared:
    """What the export workers share with the main process and each other: inherited through
    fork, or pickled into a spawned worker as it starts (multiprocessing's own objects travel so)."""

    def __init__(self, context: Any) -> None:
        self.turn = context.RawValue("q", 0)
        """The number of the batch whose results are written next."""
        self.failed = context.RawValue("b", 0)
        self.changed = context.Condition()
        self.errors: Any = context.SimpleQueue()


def _serve(shared: _Shared, work: Callable[[Any], bytes], output: _Output, inbox: Any, parent: int) -> None:
    """In a worker: render each batch handed to it, wait for its turn, write, pass the turn on."""
    _become_worker(parent)
    turn, failed, changed = shared.turn, shared.failed, shared.changed
    try:
        while (item := inbox.get()) is not None:
            number, batch = item
            data = memoryview(work(batch))
            with changed:
                changed.wait_for(lambda: turn.value == number or failed.value)  # noqa: B023 (called here, in this turn)
            if failed.value:
                return
            while data:
                data = data[os.write(output.fd, data):]
            with changed:
                turn.value = number + 1
                changed.notify_all()
    except BaseException as e:  # noqa: BLE001 - handed to the main process, which raises it
        try:
            shared.errors.put(e)
        except Exception:  # noqa: BLE001 - not picklable: its words will do
            shared.errors.put(RuntimeError(f"export worker: {e!r}"))
        with changed:
            failed.value = 1
            changed.notify_all()
        raise SystemExit(1) from None
