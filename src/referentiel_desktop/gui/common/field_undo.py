"""Ctrl+Z and Ctrl+Y in a field that saves as one types act on the window's undo stack.

Qt's text fields keep an undo of their own, and claim Ctrl+Z before the window's Edit →
Undo can see it: Ctrl+Z in the note box emptied the box while the store kept the note,
and the next key typed replaced it. Here the field's own undo is off, and the keys go
to the application's stack, after what is typed is saved, so the box and the store
never disagree: one undo, meaning one thing, wherever the keyboard is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from referentiel_desktop.gui.common.undo_stack import SafeUndoStack

REDO_EXTRA = QKeySequence("Ctrl+Y")


def _step_of(event: QKeyEvent) -> str | None:
    if event.matches(QKeySequence.StandardKey.Undo):
        return "undo"
    combination = QKeySequence(event.keyCombination())
    if event.matches(QKeySequence.StandardKey.Redo) or combination == REDO_EXTRA:
        return "redo"
    return None


class UndoGoesToTheStack(QObject):
    """Watches fields; ``flush`` saves what they hold before the stack steps (False when
    it could not: the step is not taken, the text stays)."""

    def __init__(self, stack: SafeUndoStack, flush: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._stack = stack
        self._flush = flush

    def watch(self, *fields: QWidget) -> None:
        for field in fields:
            if isinstance(field, QPlainTextEdit | QTextEdit):
                field.setUndoRedoEnabled(False)
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent):
            return False
        step = _step_of(event)
        if step is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key comes here as a key press, not to another shortcut
            return True
        if self._flush() is False:
            return True
        if step == "undo":
            self._stack.undo_safely()
        else:
            self._stack.redo_safely()
        return True
