"""Text typed on a page goes into the note box, not to the tree.

A consultant who has just opened a balise and starts typing means to write a note: the
tree's type-to-search would jump to another page, and the page's text cannot be typed
into. Arrows, Page Up/Down, Tab, Enter and shortcuts keep their usual meaning."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

_COMMAND_KEYS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class NoteBox(Protocol):
    def take_typing(self) -> bool: ...

    @property
    def typing_target(self) -> QWidget: ...


def is_text(event: QKeyEvent) -> bool:
    text = event.text()
    return (
        bool(text)
        and text.isprintable()
        and not text.isspace()
        and not (event.modifiers() & _COMMAND_KEYS)
    )


class TypingToNote(QObject):
    """Installed on the widgets of a page (the tree, the text): printable keys typed
    there are sent to the note box, which takes the focus for what follows."""

    def __init__(self, box: NoteBox, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._box = box

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not is_text(event) or not self._box.take_typing():
            return False
        copy = QKeyEvent(
            QEvent.Type.KeyPress, event.key(), event.modifiers(), event.text(),
            event.isAutoRepeat(), event.count(),
        )  # fmt: skip
        QApplication.sendEvent(self._box.typing_target, copy)
        return True
