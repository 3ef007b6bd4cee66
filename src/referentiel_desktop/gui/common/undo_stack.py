"""The window's undo stack and the shape of its commands.

A command is pushed once its write has succeeded (a write that fails reaches the user,
never the stack), so its first ``redo`` has nothing left to do. An undo or redo that
fails (the data file locked by another process…) is said with a retry and leaves the
stack where the store is. Qt only: the window owns its stack before the workspace opens.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack


class DoneCommand(QUndoCommand):
    """A step already done when pushed: the stack's first ``redo`` is skipped.

    An undo or redo that fails keeps its error in ``failure`` (the store did not move)
    for :class:`SafeUndoStack`, which puts the stack back where the store is."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._skip_redo = True
        self._skip_undo = False
        self.failure: Exception | None = None

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
        elif self._failed(self.apply):
            self._skip_undo = True  # the stack will step back over what did not happen

    def undo(self) -> None:
        if self._skip_undo:
            self._skip_undo = False
        elif self._failed(self.revert):
            self._skip_redo = True

    def _failed(self, write: Callable[[], object]) -> bool:
        try:
            write()
        except Exception as error:  # noqa: BLE001 - handed to the stack, which says it
            self.failure = error
            return True
        return False

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class SafeUndoStack(QUndoStack):
    """Undo and redo that fail (the data file locked by another process…) are said
    through ``report`` with a retry, and leave the stack where the store is."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report: Callable[[Exception, Callable[[], None] | None], None] | None = None

    def undo_safely(self) -> None:
        self._step(self.index() - 1, self.undo, self.undo_safely)

    def redo_safely(self) -> None:
        self._step(self.index(), self.redo, self.redo_safely)

    def _step(self, position: int, step: Callable[[], None], retry: Callable[[], None]) -> None:
        command = self.command(position) if 0 <= position < self.count() else None
        if command is None:
            return
        before = self.index()
        step()
        failures = [c.failure for c in _with_children(command) if c.failure is not None]
        if not failures:
            return
        for done in _with_children(command):
            done.failure = None
        self.setIndex(before)  # the failed step is skipped, the others are done again
        if self.report is not None:  # retrying over a newer version would fail again
            from referentiel_desktop.annotations.conflicts import EditConflict  # no ORM at paint

            self.report(failures[0], None if isinstance(failures[0], EditConflict) else retry)
        else:
            raise failures[0]


def _with_children(command: QUndoCommand) -> list[DoneCommand]:
    found = [command] + [command.child(i) for i in range(command.childCount())]
    return [c for c in found if isinstance(c, DoneCommand)]
