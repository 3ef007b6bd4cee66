"""A line of comma-separated tags whose item under the cursor completes from the team's
tags. QLineEdit's own completer would complete (and replace) the whole line."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from referentiel_desktop.text import fold


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class TagField(QLineEdit):
    """Emits ``tags_edited`` when the user types or picks a completion, never when the
    program sets the text (as ``textEdited`` does for typing)."""

    tags_edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._known: list[str] = []
        self._model = QStringListModel(self)
        self.completer_popup = QCompleter(self._model, self)
        self.completer_popup.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_popup.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer_popup.setWidget(self)
        self.completer_popup.activated.connect(self._insert)  # the text overload
        self.textEdited.connect(self._on_text_edited)

    def set_known_tags(self, names: list[str]) -> None:
        self._known = sorted(names, key=fold)

    def tags(self) -> list[str]:
        return split_tags(self.text())

    def set_tags(self, names: list[str]) -> None:
        self.setText(", ".join(names))

    def _item_span(self) -> tuple[int, int]:
        """Where the item under the cursor starts and ends in the text."""
        text, cursor = self.text(), self.cursorPosition()
        start = text.rfind(",", 0, cursor) + 1
        end = text.find(",", cursor)
        return start, len(text) if end < 0 else end

    def _on_text_edited(self, _text: str) -> None:
        self.tags_edited.emit()
        start, _end = self._item_span()
        prefix = self.text()[start : self.cursorPosition()].strip()
        if not prefix:
            self._hide_popup()
            return
        # Suggest tags the line does not already hold, matching with or without accents.
        present = {fold(t) for t in self.tags()}
        wanted = fold(prefix)
        candidates = [
            name
            for name in self._known
            if fold(name).startswith(wanted) and fold(name) not in present
        ]
        if not candidates:
            self._hide_popup()
            return
        self._model.setStringList(candidates)
        self.completer_popup.setCompletionPrefix("")
        self.completer_popup.complete()

    def _hide_popup(self) -> None:
        popup = self.completer_popup.popup()
        if popup is not None:
            popup.hide()

    def _insert(self, name: str) -> None:
        start, end = self._item_span()
        text = self.text()
        head = text[:start].rstrip()
        tail = text[end:]
        separator = " " if head else ""
        new_head = f"{head}{separator}{name}, "
        self.setText(new_head + tail.lstrip(", "))
        self.setCursorPosition(len(new_head))
        self.tags_edited.emit()
