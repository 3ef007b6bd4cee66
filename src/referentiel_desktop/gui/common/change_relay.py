"""The window's end of the one road for change: the workspace's change feed, as a Qt
signal on the UI thread, once per change.

``changed`` carries a :class:`~referentiel_desktop.changes.Change` (a kind of record,
its ids and records) read from the change log: after a commit of this process (the
feed pulls in ``Workspace.transaction``), and when another process commits. Those are
heard by watching the database files (inotify and its kin: nothing runs while nothing
is written); a write seen there is checked with one ``PRAGMA data_version`` and the log
read from the last sequence handed out, so a change never comes twice. A pull made on
a worker thread (an import) is queued and handed over on the UI thread through a
:class:`~referentiel_desktop.gui.common.wakeup.Wakeup`: workers never call into Qt.
Only if no file can be watched does a poll run, every few seconds.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from referentiel_desktop.changes import Change
from referentiel_desktop.gui.common.collector import collect_soon
from referentiel_desktop.gui.common.wakeup import Wakeup
from referentiel_desktop.workspace import Workspace

SETTLE_MS = 50
"""A commit touches the files several times: look once they are quiet."""
FALLBACK_POLL_MS = 3000


class ChangeRelay(QObject):
    changed = Signal(object)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._pending: queue.SimpleQueue[Change] = queue.SimpleQueue()
        self._wakeup = Wakeup(self._drain, self)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.poll)
        self._fallback = QTimer(self, interval=FALLBACK_POLL_MS)
        self._fallback.timeout.connect(self.poll)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._touched)
        self._watcher.directoryChanged.connect(self._touched)
        self._stopped = False
        self._watch()
        workspace.changes.pull_if_moved()  # from here on, a move of data_version is news
        self._unsubscribe = workspace.changes.subscribe(self._receive)
        self.destroyed.connect(lambda *_args, stop=self._unsubscribe: stop())

    def _paths(self) -> list[Path]:
        db = self.workspace.db_path
        return [db, Path(f"{db}-wal"), db.parent]

    def _watch(self) -> None:
        """Watch the database, its write-ahead log and their folder (where a log that
        was deleted comes back); poll only when none of them can be watched."""
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        missing = [str(p) for p in self._paths() if str(p) not in watched and p.exists()]
        if missing:
            self._watcher.addPaths(missing)
        if self._watcher.files() or self._watcher.directories():
            self._fallback.stop()
        elif not self._stopped:
            self._fallback.start()

    def _touched(self, _path: str) -> None:
        if self._stopped:
            return
        self._watch()  # a file replaced or deleted is dropped by the watcher: add it again
        self._settle.start()

    def _receive(self, change: Change) -> None:
        if self._stopped:
            return
        if threading.current_thread() is threading.main_thread():
            self.changed.emit(change)
            collect_soon()
        else:
            self._pending.put(change)
            self._wakeup.poke()

    def _drain(self) -> None:
        while True:
            try:
                change = self._pending.get_nowait()
            except queue.Empty:
                return
            if not self._stopped:
                self.changed.emit(change)
                collect_soon()

    def stop(self) -> None:
        """Stop hearing: the window is closing and its workspace with it."""
        self._stopped = True
        self._unsubscribe()
        self._settle.stop()
        self._fallback.stop()
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)

    def poll(self) -> None:
        """Hear what any process committed since the last look (after our own pull,
        nothing: the log is read from the last sequence handed out)."""
        if not self._stopped:
            self.workspace.changes.pull_if_moved()
