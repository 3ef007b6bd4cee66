"""A line of comma-separated tags whose item under the cursor completes from the team's
tags. QLineEdit's own completer would complete (and replace) the whole line.

A tag counts once the user has finished it: a comma after it, Enter, a completion
picked, or leaving the field. A pause in the middle of a word makes no tag, and the
field never rewrites (or re-sorts) what the user is typing."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from referentiel_desktop.text import fold


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class TagField(QLineEdit):
    """Emits ``tags_edited`` when the finished tags change through the user, never when
    the program sets the text."""

    tags_edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._known: list[str] = []
        self._finished: list[str] = []
        self._model = QStringListModel(self)
        self.completer_popup = QCompleter(self._model, self)
        self.completer_popup.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_popup.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer_popup.setWidget(self)
        self.completer_popup.activated.connect(self._insert)  # the text overload
        self.textEdited.connect(self._on_text_edited)
        self.editingFinished.connect(self._finish_all)

    def set_known_tags(self, names: list[str]) -> None:
        self._known = sorted(names, key=fold)

    def tags(self) -> list[str]:
        """The finished tags (an item still being typed is not one yet)."""
        return list(self._finished)

    def set_tags(self, names: list[str]) -> None:
        self._finished = list(names)
        self.setText(", ".join(names))

    def holds(self, names: list[str]) -> bool:
        """True when the line shows exactly these tags, finished, in whatever order (the
        store sorts them; the line keeps the order the user typed)."""
        return not self.unfinished() and sorted(map(fold, self._finished)) == sorted(
            map(fold, names)
        )

    def unfinished(self) -> bool:
        """True while the line holds an item the user has not finished."""
        return split_tags(self.text()) != self._finished

    def _item_span(self) -> tuple[int, int]:
        """Where the item under the cursor starts and ends in the text."""
        text, cursor = self.text(), self.cursorPosition()
        start = text.rfind(",", 0, cursor) + 1
        end = text.find(",", cursor)
        return start, len(text) if end < 0 else end

    def _finish(self, tags: list[str]) -> None:
        if tags != self._finished:
            self._finished = tags
            self.tags_edited.emit()

    def _finish_all(self) -> None:
        self._finish(split_tags(self.text()))

    def _on_text_edited(self, text: str) -> None:
        start, end = self._item_span()
        cursor = self.cursorPosition()
        if cursor > 0 and text[cursor - 1] == ",":
            # A comma just typed finishes the item before it; the one under the cursor
            # (empty, or a word the comma split) is still being typed.
            self._finish(split_tags(text[:start]) + split_tags(text[end:]))
        self._complete(text[start:cursor].strip())

    def _complete(self, prefix: str) -> None:
        if not prefix:
            self._hide_popup()
            return
        # Suggest tags the line does not already hold, matching with or without accents.
        present = {fold(t) for t in split_tags(self.text())}
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
        self._finish_all()
