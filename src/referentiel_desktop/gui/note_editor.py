"""Edit one note in place, saving as you type (debounced): no Save button to forget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.annotations import notes
from referentiel_desktop.gui.autosave import AutosaveTimer
from referentiel_desktop.gui.tag_field import TagField
from referentiel_desktop.gui.undo_commands import (
    AddNoteCommand,
    DeleteNoteCommand,
    EditNoteCommand,
)
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace


class NoteEditor(QWidget):
    """Bound to a note, or to a draft on a target that becomes a note at the first save."""

    saved = Signal(str)

    def __init__(self, undo_stack: QUndoStack, tag_names: Callable[[], list[str]]) -> None:
        super().__init__()
        self.setObjectName("note-editor")
        self.undo_stack = undo_stack
        self.workspace: Workspace | None = None
        self.note_id: str | None = None
        self.target: str | None = None
        self._saved: dict[str, Any] = {}
        self._tag_names = tag_names
        self.text = QPlainTextEdit()
        self.text.setObjectName("note-text")
        self.tags = TagField()
        self.tags.setObjectName("note-tags")
        self.private = QCheckBox()
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete)
        self._timer = AutosaveTimer(self)
        self._timer.due.connect(self.save)
        self.text.textChanged.connect(self._changed)
        self.tags.tags_edited.connect(self._changed)
        self.private.toggled.connect(lambda _c: self._changed())
        self.text.installEventFilter(self)
        row = QHBoxLayout()
        row.addWidget(self.tags, 1)
        row.addWidget(self.private)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        self.retranslate()
        self.setEnabled(False)

    def retranslate(self) -> None:
        self.text.setPlaceholderText(_("Write a note: it is saved as you type."))
        self.tags.setPlaceholderText(_("Tags, separated by commas"))
        self.private.setText(_("Private"))
        self.private.setToolTip(_("A private note is never exported nor printed."))
        self.delete_button.setText(_("Delete"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusOut and self._timer.isActive():
            self.save()
        return False

    # -- binding --------------------------------------------------------------------------
    def _fields(self) -> dict[str, Any]:
        return {
            "text": self.text.toPlainText(),
            "tags": self.tags.tags(),
            "visibility": "private" if self.private.isChecked() else "team",
        }

    def _load(self, text: str, tags: list[str], private: bool) -> None:
        for widget in (self.text, self.tags, self.private):
            widget.blockSignals(True)
        self.text.setPlainText(text)
        self.tags.set_tags(tags)
        self.private.setChecked(private)
        for widget in (self.text, self.tags, self.private):
            widget.blockSignals(False)
        self._saved = self._fields()
        self.tags.set_known_tags(self._tag_names())

    def edit_note(self, workspace: Workspace, note_id: str) -> None:
        self.flush()
        view = notes.get_note(workspace, note_id)
        self.workspace, self.note_id, self.target = workspace, note_id, view.target
        self._load(view.text, list(view.tags), view.visibility == "private")
        self.delete_button.setEnabled(True)
        self.setEnabled(True)

    def start_draft(self, workspace: Workspace, target: str) -> None:
        self.flush()
        self.workspace, self.note_id, self.target = workspace, None, target
        self._load("", [], False)
        self.delete_button.setEnabled(False)
        self.setEnabled(True)
        self.text.setFocus()

    def clear(self) -> None:
        self.flush()
        self.workspace = self.note_id = self.target = None
        self._load("", [], False)
        self.setEnabled(False)

    def refresh_from_store(self) -> None:
        """After an undo or another view's edit: show what the store holds, unless the
        user is in the middle of typing."""
        if self.workspace is None or self.note_id is None or self._timer.isActive():
            return
        view = notes.get_note(self.workspace, self.note_id)
        if view.deleted_at is not None:
            self.clear()
            return
        fields = {"text": view.text, "tags": list(view.tags), "visibility": view.visibility}
        if fields != self._fields():
            cursor = self.text.textCursor().position()
            self._load(view.text, list(view.tags), view.visibility == "private")
            cursor_after = self.text.textCursor()
            cursor_after.setPosition(min(cursor, len(view.text)))
            self.text.setTextCursor(cursor_after)

    # -- saving ---------------------------------------------------------------------------
    def _changed(self) -> None:
        self._timer.poke()

    def flush(self) -> None:
        """Save now what is pending (before switching notes, on focus out, on close)."""
        if self._timer.isActive():
            self._timer.stop()
            self.save()

    def save(self) -> None:
        self._timer.stop()
        if self.workspace is None or self.target is None:
            return
        fields = self._fields()
        if fields == self._saved:
            return
        if self.note_id is None:
            if not fields["text"].strip():
                return
            command = AddNoteCommand(
                self.workspace,
                self.target,
                fields["text"],
                tags=fields["tags"],
                private=fields["visibility"] == "private",
            )
            self.undo_stack.push(command)
            self.note_id = command.note_id
            self.delete_button.setEnabled(True)
        else:
            if not fields["text"].strip():
                return  # an emptied note is kept until text comes back, or deleted
            changed = {k: v for k, v in fields.items() if v != self._saved.get(k)}
            before = {k: self._saved[k] for k in changed}
            self.undo_stack.push(EditNoteCommand(self.workspace, self.note_id, before, changed))
        self._saved = fields
        if self.note_id:
            self.saved.emit(self.note_id)

    def delete(self) -> None:
        if self.workspace is None or self.note_id is None:
            return
        self._timer.stop()
        note_id = self.note_id
        self.undo_stack.push(DeleteNoteCommand(self.workspace, note_id))
        self.clear()
