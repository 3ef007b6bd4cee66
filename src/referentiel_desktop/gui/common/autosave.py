"""When to save what is being typed: half a second after the last key, and never more
than a second after the first unsaved one. A debounce alone would wait for as long as
the typing goes on, and a crash would take all of it."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

AUTOSAVE_MS = 500
MAX_UNSAVED_MS = 1000


class AutosaveTimer(QObject):
    """``due`` fires when the pending edits should be saved."""

    due = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._quiet = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._longest = QTimer(self, singleShot=True, interval=MAX_UNSAVED_MS)
        self._quiet.timeout.connect(self._fire)
        self._longest.timeout.connect(self._fire)

    def poke(self) -> None:
        """Something changed: restart the quiet delay, keep the longest one running."""
        self._quiet.start()
        if not self._longest.isActive():
            self._longest.start()

    def isActive(self) -> bool:  # noqa: N802 - reads like QTimer's, which it replaces
        return self._quiet.isActive()

    def stop(self) -> None:
        self._quiet.stop()
        self._longest.stop()

    def _fire(self) -> None:
        self.stop()
        self.due.emit()
