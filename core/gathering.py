"""Rows written together at the end of a block instead of one statement each.

A service that announces many changes in one transaction (the SLA sweep: one signal for each
reminder) wraps the announcements in ``gathering()``. A receiver that writes rows for each
announcement (a staff notification) hands them to ``gather`` with the function that writes a
list of them: inside the block they are kept, and written with one call per kind when the block
ends, still inside the service's transaction; outside a block they are written at once. Either
way the same function writes them, so a gathered row is the row written alone.

If the block raises, nothing gathered is written (its transaction is being rolled back).
"""

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

Write = Callable[[list[Any]], object]

_local = threading.local()


@contextmanager
def gathering() -> Iterator[None]:
    """Keep what ``gather`` is given until the block ends, then write it (a block inside
    another leaves the writing to the outer one)."""
    if getattr(_local, "kept", None) is not None:
        yield
        return
    kept: dict[Write, list[Any]] = {}
    _local.kept = kept
    try:
        yield
    finally:
        _local.kept = None
    for write, items in kept.items():
        write(items)


def gather(items: Sequence[Any], write: Write) -> None:
    """``write(items)`` now, or with everything else given the same ``write`` when the
    enclosing ``gathering()`` block ends."""
    kept = getattr(_local, "kept", None)
    if kept is None:
        write(list(items))
    else:
        kept.setdefault(write, []).extend(items)
