"""Run core work off the UI thread and hear about it on the UI thread.

Core tasks report progress through a plain ``progress(done, total)`` callback; this
adapter turns results, errors and progress into queued Qt signals, so slots always run
on the main thread and the window never freezes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], with_progress: bool) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self._fn = fn
        self._args = args
        self._with_progress = with_progress

    def run(self) -> None:
        try:
            if self._with_progress:
                result = self._fn(*self._args, progress=self.signals.progress.emit)
            else:
                result = self._fn(*self._args)
        except BaseException as error:  # noqa: BLE001 - delivered to on_error, never lost
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


_running: set[Task] = set()


def run_in_background(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Task:
    """Run ``fn(*args)`` on the shared thread pool.

    ``fn`` receives a ``progress`` keyword callback when ``on_progress`` is given and
    ``fn`` accepts it. Callbacks run on the UI thread.
    """
    with_progress = on_progress is not None and "progress" in inspect.signature(fn).parameters
    task = Task(fn, args, with_progress)
    _running.add(task)

    def finish() -> None:
        _running.discard(task)

    if on_done is not None:
        task.signals.done.connect(on_done)
    if on_error is not None:
        task.signals.failed.connect(on_error)
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    task.signals.done.connect(finish)
    task.signals.failed.connect(finish)
    QThreadPool.globalInstance().start(task)
    return task
