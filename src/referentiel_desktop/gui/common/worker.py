"""Run core work off the UI thread and hear about it on the UI thread.

Core tasks report progress through a plain ``progress(done, total)`` callback; this
adapter delivers results, errors and progress as queued Qt signals, so callbacks always
run on the main thread and the window never freezes.

Worker threads never call into Qt. Emitting a Qt signal from them (or running a
QRunnable) crashed PySide6 6.12 under load ("deallocating True", a refcount race), so
workers put messages on a thread-safe queue and wake the UI thread through a socket
(``wakeup.py``), which drains it: nothing runs while no work is queued or done. When
the last task in flight ends, the garbage collector is asked to run (``collector.py``).
"""

from __future__ import annotations

import inspect
import itertools
import queue
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject

from referentiel_desktop.gui.common.collector import collect_soon
from referentiel_desktop.gui.common.wakeup import Wakeup

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor


class Callbacks(NamedTuple):
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[int, int], None] | None
    owner: QObject | None = None


class _Dispatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.callbacks: dict[int, Callbacks] = {}
        self.messages: queue.SimpleQueue[tuple[int, str, Any]] = queue.SimpleQueue()
        self.wakeup = Wakeup(self.drain, self)

    def post(self, message: tuple[int, str, Any]) -> None:
        """From any thread: queue ``message`` and wake the UI thread to deliver it."""
        self.messages.put(message)
        self.wakeup.poke()

    def drain(self) -> None:
        while True:
            try:
                message = self.messages.get_nowait()
            except queue.Empty:
                break
            self._deliver(message)
        if not self.callbacks:
            collect_soon()  # the work has ended: its garbage goes, on this thread

    def _deliver(self, message: tuple[int, str, Any]) -> None:
        task_id, what, value = message
        callbacks = self.callbacks.get(task_id)
        if callbacks is None:
            return
        if callbacks.owner is not None and not shiboken6.isValid(callbacks.owner):
            del self.callbacks[task_id]  # the widget that asked has been closed since
            return
        if what == "progress":
            if callbacks.on_progress:
                callbacks.on_progress(*value)
            return
        del self.callbacks[task_id]
        if what == "done" and callbacks.on_done:
            callbacks.on_done(value)
        elif what == "error" and callbacks.on_error:
            callbacks.on_error(value)


_ids = itertools.count(1)
_dispatcher: _Dispatcher | None = None
_pool: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    # Made at the first task, not at import: the window's first paint runs none, and
    # concurrent.futures (with the threads it starts) is not part of what it waits for.
    global _pool
    if _pool is None:
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="background")
    return _pool


def _get_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
        app = QCoreApplication.instance()
        if app is not None:
            _dispatcher.setParent(app)  # lives as long as the application
    return _dispatcher


def run_in_background(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    owner: QObject | None = None,
) -> Future[Any]:
    """Run ``fn(*args)`` on a worker thread; callbacks run on the UI thread.

    ``fn`` receives a ``progress`` keyword callback when ``on_progress`` is given and
    ``fn`` accepts it. When ``owner`` is deleted first, the callbacks are dropped."""
    dispatcher = _get_dispatcher()
    task_id = next(_ids)
    dispatcher.callbacks[task_id] = Callbacks(on_done, on_error, on_progress, owner)
    emit = dispatcher.post
    with_progress = on_progress is not None and "progress" in inspect.signature(fn).parameters

    def run() -> None:
        try:
            if with_progress:
                result = fn(*args, progress=lambda d, t: emit((task_id, "progress", (d, t))))
            else:
                result = fn(*args)
        except BaseException as error:  # noqa: BLE001 - delivered to on_error, never lost
            emit((task_id, "error", error))
        else:
            emit((task_id, "done", result))

    return _executor().submit(run)


def background_idle() -> bool:
    """True when no task is in flight."""
    return _dispatcher is None or not _dispatcher.callbacks


def wait_for_background(timeout: float = 30.0) -> None:
    """Block until every task submitted so far has run (tests, shutdown)."""
    if _pool is None:
        return  # nothing was ever submitted
    marker = _pool.submit(lambda: None)
    marker.result(timeout=timeout)
    # With two workers, a second marker makes sure both have drained their work.
    _pool.submit(lambda: None).result(timeout=timeout)
