"""The one road by which changes reach whoever follows the store: the change log.

Every write appends its change-log rows in its own transaction (``store/change_log.py``).
The :class:`ChangeFeed` reads the log after the sequence it last handed out and gives
its listeners the records, once, grouped by kind: after each commit of this process
(``Workspace.transaction``), and when another process commits (the window's watcher
calls :meth:`ChangeFeed.pull_if_moved`). A process with no listener reads nothing.

Listeners run in the thread that pulled; the GUI adapter re-posts to the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChangeRecord:
    """One change-log row: the ``op`` SQL did (``insert``, ``update``, ``delete``) to the
    record ``record_id`` of ``kind``, at ``seq``."""

    seq: int
    kind: str
    record_id: str
    op: str


@dataclass(frozen=True)
class Change:
    """``kind`` of record (``note``, ``case``, ``territory``, ``author``, ``tag``,
    ``referential``…) and the ids whose stored state changed, with their records.
    ``referential`` with no ids means: reload everything (an edition, a restore)."""

    kind: str
    ids: frozenset[str]
    records: tuple[ChangeRecord, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class ChangeBatch:
    """What the log holds after ``since`` up to ``upto`` (both change-log sequences)."""

    since: int
    upto: int
    changes: tuple[Change, ...]


def group(records: list[ChangeRecord]) -> list[Change]:
    """Records grouped by kind, in the order kinds first changed."""
    by_kind: dict[str, list[ChangeRecord]] = {}
    for record in records:
        by_kind.setdefault(record.kind, []).append(record)
    return [
        Change(kind, frozenset(r.record_id for r in found), tuple(found))
        for kind, found in by_kind.items()
    ]


Listener = Callable[[Change], None]
BatchListener = Callable[[ChangeBatch], None]
ReadSince = Callable[[int], tuple[int, list[ChangeRecord]]]


class ChangeFeed:
    def __init__(
        self, read_since: ReadSince, latest: Callable[[], int], version: Callable[[], int]
    ) -> None:
        self._read_since = read_since
        self._latest = latest
        self._version = version
        self._listeners: list[BatchListener] = []
        self._lock = threading.Lock()
        self._seq: int | None = None  # read at the first subscription
        self._seen_version: int | None = None

    def subscribe_batches(
        self, listener: BatchListener, *, first: bool = False
    ) -> Callable[[], None]:
        """Hear every batch from now on; ``first`` puts it before the others (the index
        must be updated before views ask it). Returns a function that unsubscribes."""
        with self._lock:
            if self._seq is None:
                self._seq = self._latest()
            if first:
                self._listeners.insert(0, listener)
            else:
                self._listeners.append(listener)
        return lambda: self._remove(listener)

    def subscribe(self, listener: Listener, *, first: bool = False) -> Callable[[], None]:
        """Hear each :class:`Change` (one per kind of record) from now on."""

        def each(batch: ChangeBatch) -> None:
            for change in batch.changes:
                listener(change)

        return self.subscribe_batches(each, first=first)

    def _remove(self, listener: BatchListener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)
            if not self._listeners:
                self._seq = None  # a later listener starts from the log as it is then

    def pull(self) -> ChangeBatch | None:
        """Read the log after the last sequence handed out and hand out what it holds."""
        with self._lock:
            if not self._listeners or self._seq is None:
                return None
            since = self._seq
            newest, records = self._read_since(since)
            if newest < since:  # another database was put in place (a restore)
                newest, records = self._latest(), []
            self._seq = newest
            listeners = list(self._listeners)
        if newest == since and records == []:
            return None
        batch = ChangeBatch(since, newest, tuple(group(records)))
        if not batch.changes:  # the log moved back: everything is to be read again
            batch = ChangeBatch(since, newest, (Change("referential", frozenset()),))
        for listener in listeners:
            listener(batch)
        return batch

    def pull_if_moved(self) -> ChangeBatch | None:
        """:meth:`pull`, when SQLite's ``data_version`` says a commit happened since the
        last look (one cheap pragma when nothing did)."""
        version = self._version()
        if version == self._seen_version:
            return None
        self._seen_version = version
        return self.pull()

    def reset(self) -> None:
        """The database was replaced (a restore): listeners reload everything."""
        with self._lock:
            if self._seq is None:
                return
            since, self._seq = self._seq, self._latest()
            listeners = list(self._listeners)
            upto = self._seq
        batch = ChangeBatch(since, upto, (Change("referential", frozenset()),))
        for listener in listeners:
            listener(batch)

    def publish(self, _change: Change | None = None) -> None:
        """Say that something was committed outside :meth:`Workspace.transaction`: what
        the log holds is handed out (the argument is not needed; it reads the log)."""
        self.pull()
