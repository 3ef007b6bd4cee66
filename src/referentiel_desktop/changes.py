"""Tell whoever listens which records a committed write changed.

Writes commit first, then publish a :class:`Change`; the search index and the open
views subscribe and refresh from the store. Listeners run in the publisher's thread;
the GUI adapter re-posts them to the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Listener = Callable[["Change"], None]


@dataclass(frozen=True)
class Change:
    """``kind`` of record (``note``, ``case``, ``territory``, ``author``, ``tag``,
    ``referential``), and the ids whose stored state changed."""

    kind: str
    ids: frozenset[str]


class ChangeBus:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener, *, first: bool = False) -> Callable[[], None]:
        """Add ``listener``; ``first`` puts it before the others (the index must be
        updated before views ask it). Returns a function that unsubscribes."""
        if first:
            self._listeners.insert(0, listener)
        else:
            self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def publish(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)
