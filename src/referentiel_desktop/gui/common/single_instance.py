"""One window per data folder.

A ``QLockFile`` in the data folder says a window has it open; a second launch on the
same folder connects to the first one's ``QLocalServer``, which brings its window
forward (and, given a bundle, has it previewed there), and exits. A lock left by a
crashed window names a process that is gone: Qt sees it as stale and the next launch
takes it over. The lock never goes stale by age (``setStaleLockTime(0)``): a window
open for days keeps it.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCryptographicHash, QLockFile, QObject, Signal

if TYPE_CHECKING:  # QtNetwork loads after the first paint
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_NAME = ".window.lock"
_WAKE = b"show\n"
_OPEN = b"open "  # then the bundle's absolute path in UTF-8 and a newline


def server_name(data_dir: Path) -> str:
    # Qt's SHA-256, not hashlib's: the same digest, without loading OpenSSL at start-up.
    path = str(data_dir.resolve()).encode("utf-8")
    digest = QCryptographicHash.hash(path, QCryptographicHash.Algorithm.Sha256).toHex()
    return f"referentiel-desktop-{bytes(digest.data()).decode('ascii')[:20]}"


class SingleInstance(QObject):
    """Holds the data folder's window lock; ``activated`` when another launch asks."""

    activated = Signal()
    #: a later launch was given this bundle (a double-click on it while the window is open)
    bundle_requested = Signal(str)

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self._data_dir = data_dir
        self.lock = QLockFile(str(data_dir / LOCK_NAME))
        self.lock.setStaleLockTime(0)
        self.server: QLocalServer | None = None

    @cached_property
    def name(self) -> str:
        """The local server's name; hashed when first needed, after the first paint (Qt's
        hash and byte-array types are made then, a millisecond of the start)."""
        return server_name(self._data_dir)

    def acquire(self, *, serve: bool = True, bundle: Path | None = None) -> bool:
        """True when this process may open the window; False when one already has it
        (which was asked to come forward, and to preview ``bundle``). ``serve=False``
        leaves listening for later launches to :meth:`serve` (the window calls it after
        its first paint)."""
        if not self.lock.tryLock(200):
            if self.lock.error() != QLockFile.LockError.LockFailedError:
                return True  # a read-only folder: nothing can be written, nothing to guard
            self._wake_the_other(bundle)
            return False
        if serve:
            self.serve()
        return True

    def serve(self) -> None:
        """Listen for later launches on the same folder, which bring this window forward."""
        from PySide6.QtNetwork import QLocalServer  # loads after the window's first paint

        if self.server is not None or not self.lock.isLocked():
            return
        QLocalServer.removeServer(self.name)  # a socket left by a crash
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._on_connection)
        self.server.listen(self.name)

    def _wake_the_other(self, bundle: Path | None) -> None:
        from PySide6.QtNetwork import QLocalSocket

        message = _WAKE
        if bundle is not None and "\n" not in str(bundle):
            message = _OPEN + str(bundle).encode("utf-8", "surrogateescape") + b"\n"
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(2000):
            socket.write(message)
            socket.waitForBytesWritten(1000)
            socket.disconnectFromServer()

    def _on_connection(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.disconnected.connect(socket.deleteLater)
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            self.activated.emit()

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            line = bytes(socket.readLine().data()).rstrip(b"\n")
            if line.startswith(_OPEN):
                self.bundle_requested.emit(line[len(_OPEN) :].decode("utf-8", "replace"))

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()
