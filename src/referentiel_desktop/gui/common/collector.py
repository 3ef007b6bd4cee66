"""Python's garbage collector, run on the UI thread only, when work has ended.

The collector runs wherever an allocation trips it, on any thread, and freeing Qt
wrappers while a worker thread runs Python crashed the test suite now and then
(segfault in "Garbage-collecting"). As Anki does, automatic collection is off and the
UI thread collects, a moment after work ends (a background task, a change shown),
when no background task is in flight. No timer runs while nothing happens.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtCore import QTimer

COLLECT_AFTER_MS = 2000
"""Long enough to collect once for a burst of work (typing, a search as one types)."""

_state = {"pending": False}
_is_idle: list[Callable[[], bool]] = []


def take_over_collection(is_idle: Callable[[], bool]) -> None:
    """Turn automatic collection off; ``is_idle`` says when no background task runs."""
    gc.disable()
    _is_idle[:] = [is_idle]


def collect_soon() -> None:
    """Collect a moment from now, on the UI thread (once, however often asked)."""
    if _state["pending"] or not _is_idle:
        return  # already asked, or the application has not taken collection over
    _state["pending"] = True
    QTimer.singleShot(COLLECT_AFTER_MS, _collect)


def _collect() -> None:
    _state["pending"] = False
    if all(idle() for idle in _is_idle):
        gc.collect()
    else:
        collect_soon()  # a task is in flight: after it
