"""Re-emit the core's change notices as a Qt signal on the UI thread.

Views connect to ``changed`` and refresh from the store, never by polling. A change
published on another thread is queued and handed over by the UI thread: worker threads
never call into Qt (see ``worker.py`` for why).
"""

from __future__ import annotations

import queue
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from referentiel_desktop.changes import Change
from referentiel_desktop.workspace import Workspace


class ChangeRelay(QObject):
    changed = Signal(object)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: queue.SimpleQueue[Change] = queue.SimpleQueue()
        self._timer = QTimer(self, interval=10)
        self._timer.timeout.connect(self._drain)
        self._timer.start()
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
