"""Work a thread does behind the caller's back, in order: export writes one batch while it
renders the next, import stores one batch while it reads and checks the next. Writing a file
and SQLite's own work let go of the GIL, so both cores are busy."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

Item = TypeVar("Item")


@contextmanager
def behind(work: Callable[[Item], object], ahead: int = 4, name: str = "klantprofiel-behind") -> Iterator[Callable[[Item], None]]:
    """A `work` that returns at once while a thread does it. At most `ahead` items wait, so
    memory stays flat; a failure is raised in the caller's thread, at its next call or on leaving."""
    items: queue.Queue[tuple[Item] | None] = queue.Queue(maxsize=ahead)
    failed: list[BaseException] = []

    def drain() -> None:
        while (item := items.get()) is not None:
            if not failed:
                try:
                    work(item[0])
                except BaseException as e:  # noqa: BLE001 - handed to the caller's thread
                    failed.append(e)

    def hand(item: Item) -> None:
        if failed:
            raise failed[0]
        items.put((item,))

    thread = threading.Thread(target=drain, name=name, daemon=True)
    thread.start()
    try:
        yield hand
    finally:
        items.put(None)
        thread.join()
    if failed:
        raise failed[0]
