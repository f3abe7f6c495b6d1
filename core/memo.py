"""Values made from a few admin-edited rows, kept in each process's memory for a few seconds.

The request form reads the topics and the SLA policies on every new ticket; they change a few
times a year. A shared cache would still cost a round trip per request, so each process keeps
its own copy: an edit clears it at once in the process that saved it (a receiver calls
``clear``), and every other process reloads within ``seconds``.
"""

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
K = TypeVar("K")

_ALL: list = []  # everything with a clear(): ProcessMemo, core.person_pages' copies


class ProcessMemo(Generic[T]):
    def __init__(self, load: Callable[[], T], *, seconds: float = 10.0) -> None:
        self._load = load
        self.seconds = seconds
        # (expiry on the monotonic clock, value); replaced whole, so threads never see a half.
        self._entry: tuple[float, T] | None = None
        _ALL.append(self)

    def get(self) -> T:
        entry = self._entry
        now = time.monotonic()
        if entry is None or entry[0] <= now:
            entry = self._entry = (now + self.seconds, self._load())
        return entry[1]

    def clear(self) -> None:
        self._entry = None


class KeyedMemo(Generic[K, T]):
    """A ``ProcessMemo`` per key (e.g. per staff member), at most ``size`` keys (the oldest
    goes first); ``clear`` forgets every key."""

    def __init__(self, load: Callable[[K], T], *, seconds: float = 10.0, size: int = 1000) -> None:
        self._load = load
        self.seconds = seconds
        self.size = size
        self._entries: dict[K, tuple[float, T]] = {}
        self._lock = threading.Lock()
        _ALL.append(self)

    def get(self, key: K) -> T:
        entry = self._entries.get(key)
        now = time.monotonic()
        if entry is None or entry[0] <= now:
            entry = (now + self.seconds, self._load(key))
            with self._lock:  # no insert while the oldest key is looked for
                entries = self._entries
                if len(entries) >= self.size:
                    entries.pop(next(iter(entries)), None)
                entries[key] = entry
        return entry[1]

    def clear(self) -> None:
        self._entries = {}


def register(kept: object) -> None:
    """Have ``clear_all`` clear ``kept`` (an object with a ``clear()``) too."""
    _ALL.append(kept)


def clear_all() -> None:
    """Forget every memo of this process (tests: rows vanish when a test's transaction is
    rolled back, without the receivers that clear memos)."""
    for memo in _ALL:
        memo.clear()
