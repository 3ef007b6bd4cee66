"""Wake the UI thread from any thread, without calling into Qt there.

Worker threads must never call into Qt (emitting a signal from them crashed PySide6
6.12 under load; see ``worker.py``). They write one byte to a socket pair instead; a
``QSocketNotifier`` on the UI thread hears it and runs the callback there. Nothing
runs while nothing is written: no timer, no poll. A socket pair rather than a pipe,
because ``QSocketNotifier`` watches sockets on every platform (pipes not on Windows).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier

if TYPE_CHECKING:
    import socket


class Wakeup(QObject):
    def __init__(self, callback: Callable[[], None], parent: QObject | None = None) -> None:
        import socket  # here: made with the first background task, after the first paint

        super().__init__(parent)
        self._callback = callback
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        self.destroyed.connect(lambda *_args, r=self._reader, w=self._writer: _close(r, w))

    def poke(self) -> None:
        """Ask for the callback on the UI thread, soon (safe from any thread)."""
        # A full buffer means a wake-up is pending already; closed means the app is leaving.
        with contextlib.suppress(OSError):
            self._writer.send(b"\0")

    def _woken(self) -> None:
        try:
            while self._reader.recv(4096):
                pass
        except (BlockingIOError, OSError):
            pass
        self._callback()


def _close(*sockets: socket.socket) -> None:
    for each in sockets:
        each.close()
