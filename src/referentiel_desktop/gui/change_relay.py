"""Re-emit the core's change notices as a Qt signal on the UI thread.

Writes may commit on a worker thread; views connect to ``changed`` and refresh from the
store, never by polling.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from referentiel_desktop.changes import Change
from referentiel_desktop.workspace import Workspace


class ChangeRelay(QObject):
    changed = Signal(object)
    _posted = Signal(object)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Queued: a change published from a worker thread reaches slots on the UI thread.
        self._posted.connect(self.changed.emit, Qt.ConnectionType.QueuedConnection)
        unsubscribe = workspace.changes.subscribe(self._posted.emit)
        self.destroyed.connect(lambda *_: unsubscribe())

    def publish_now(self, change: Change) -> None:
        self.changed.emit(change)
