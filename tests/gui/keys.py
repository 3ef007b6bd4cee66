"""Typing helpers: QtTest's keyClicks aborts on non-ASCII text (FIELD-NOTES), so accented
text goes in as key events carrying the text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


AUTOSAVE_PAUSE_MS = 700  # longer than the 500 ms autosave delay


def type_with_pauses(qtbot: Any, widget: QWidget, text: str, *, every_ms: int = 25) -> None:
    """Type ``text`` as a person does: steadily (so that the editor saves every second
    while the typing goes on), with a pause longer than the autosave delay in the middle."""
    middle = len(text) // 2
    for position, char in enumerate(text):
        type_text(widget, char)
        qtbot.wait(AUTOSAVE_PAUSE_MS if position == middle else every_ms)
