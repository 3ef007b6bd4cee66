"""Re-emit changes as a Qt signal on the UI thread: those this window makes (the core's
change notices) and those other processes make (read from the change log).

Views connect to ``changed`` and refresh from the store. A change published on another
thread is queued and handed over by the UI thread: worker threads never call into Qt
(see ``worker.py`` for why). Other processes are heard by polling SQLite's
``data_version`` (one cheap pragma) and, when it moves, reading the change log from
the last sequence seen. This window's own writes come back that way too: every
listener tells a change it has already shown from a new one (editors by revision).
"""

from __future__ import annotations

import queue
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from referentiel_desktop.changes import Change
from referentiel_desktop.workspace import Workspace

POLL_MS = 400


class ChangeRelay(QObject):
    changed = Signal(object)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._pending: queue.SimpleQueue[Change] = queue.SimpleQueue()
        self._timer = QTimer(self, interval=10)
        self._timer.timeout.connect(self._drain)
        self._timer.start()
        self._seq = workspace.latest_seq()
        self._version = workspace.data_version()
        self._poll_timer = QTimer(self, interval=POLL_MS)
        self._poll_timer.timeout.connect(self.poll)
        self._poll_timer.start()
        unsubscribe = workspace.changes.subscribe(self._receive)
        self.destroyed.connect(lambda *_: unsubscribe())

    def _receive(self, change: Change) -> None:
        if threading.current_thread() is threading.main_thread():
            self.changed.emit(change)
        else:
            self._pending.put(change)

    def _drain(self) -> None:
        while True:
            try:
                change = self._pending.get_nowait()
            except queue.Empty:
                return
            self.changed.emit(change)

    def stop(self) -> None:
        """Stop hearing: the window is closing and its workspace with it."""
        self._timer.stop()
        self._poll_timer.stop()

    def poll(self) -> None:
        """Hear what was committed since the last poll, by any process."""
        version = self.workspace.data_version()
        if version == self._version:
            return
        self._version = version
        self._seq, changes = self.workspace.changes_since(self._seq)
        for change in changes:
            self.changed.emit(change)
