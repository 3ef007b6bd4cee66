"""Edit one note in place, saving as you type (debounced): no Save button to forget.

What the user types is never rewritten under them: the editor does not reload its own
saves, and a change made elsewhere is shown only while nothing typed here is unsaved.
A save that fails is said in the editor's message bar, with Retry; the text stays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.annotations import notes
from referentiel_desktop.annotations.conflicts import EditConflict
from referentiel_desktop.annotations.views import NoteView
from referentiel_desktop.gui.common import accessible
from referentiel_desktop.gui.common.annotation_editing import AnnotationEditing
from referentiel_desktop.gui.common.annotation_undo import (
    NOTES,
    AddCommand,
    DeleteCommand,
    EditCommand,
)
from referentiel_desktop.gui.common.autosave import AutosaveTimer
from referentiel_desktop.gui.common.conflict_dialog import BOTH, MINE, ConflictDialog
from referentiel_desktop.gui.common.field_undo import UndoGoesToTheStack
from referentiel_desktop.gui.common.message_bar import MessageBar
from referentiel_desktop.gui.common.tag_field import TagField
from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace


def stored_fields(view: NoteView) -> dict[str, Any]:
    return {"text": view.text, "tags": list(view.tags), "visibility": view.visibility}


def readable(fields: dict[str, Any]) -> str:
    """A note's fields as the conflict dialog shows them."""
    lines = [fields["text"], "", _("Tags: {tags}").format(tags=", ".join(fields["tags"]))]
    if fields["visibility"] == "private":
        lines.append(_("Private"))
    return "\n".join(lines)


class NoteEditor(QWidget, AnnotationEditing):
    """Bound to a note, or to a draft on a target that becomes a note at the first save."""

    saved = Signal(str)

    def __init__(self, undo_stack: SafeUndoStack, tag_names: Callable[[], list[str]]) -> None:
        super().__init__()
        self.setObjectName("note-editor")
        self.undo_stack = undo_stack
        self.workspace: Workspace | None = None
        self.note_id: str | None = None
        self.target: str | None = None
        self._saved: dict[str, Any] = {}  # the fields as typed, when last saved or loaded
        self._stored: dict[str, Any] | None = None  # the store's version of them then
        self._rev: str | None = None  # the revision this edit started from
        self.conflict_dialog: ConflictDialog | None = None
        self._writing = False
        self._tag_names = tag_names
        self.message_bar = MessageBar()
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
        UndoGoesToTheStack(undo_stack, self.flush, self).watch(self.text, self.tags)
        row = QHBoxLayout()
        row.addWidget(self.tags, 1)
        row.addWidget(self.private)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        self.retranslate()
        self._saved = self._fields()
        self.setEnabled(False)

    def retranslate(self) -> None:
        self.text.setPlaceholderText(_("Write a note: it is saved as you type."))
        self.tags.setPlaceholderText(_("Tags, separated by commas"))
        accessible.name(self.text, _("Note"))
        accessible.name(self.tags, _("Tags of the note"))
        self.private.setText(_("Private"))
        self.private.setToolTip(_("A private note is never exported nor printed."))
        self.delete_button.setText(_("Delete"))
        self.message_bar.retranslate()

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

    def _load(self, view: NoteView | None) -> None:
        """Show ``view`` (or an empty draft), moving no cursor in a field left as it was."""
        empty: dict[str, Any] = {"text": "", "tags": [], "visibility": "team"}
        fields = stored_fields(view) if view else empty
        for widget in (self.text, self.tags, self.private):
            widget.blockSignals(True)
        if self.text.toPlainText() != fields["text"]:
            position = self.text.textCursor().position()
            self.text.setPlainText(fields["text"])
            cursor = self.text.textCursor()
            cursor.setPosition(min(position, len(fields["text"])))
            self.text.setTextCursor(cursor)
        if not self.tags.holds(fields["tags"]):
            self.tags.set_tags(fields["tags"])
        self.private.setChecked(fields["visibility"] == "private")
        for widget in (self.text, self.tags, self.private):
            widget.blockSignals(False)
        self._saved = self._fields()
        self._stored = stored_fields(view) if view else None
        self._rev = view.rev if view else None
        self.tags.set_known_tags(self._tag_names())

    def has_unsaved_typing(self) -> bool:
        if self.workspace is None or self.target is None:
            return False
        return self._timer.isActive() or self.tags.unfinished() or self._fields() != self._saved

    def edit_note(self, workspace: Workspace, note_id: str) -> bool:
        """Show the note; False (and nothing changes) when what was typed here could not
        be saved: it stays on screen, with the reason, until it is."""
        if not self.flush():
            return False
        view = notes.get_note(workspace, note_id)
        self.workspace, self.note_id, self.target = workspace, note_id, view.target
        self.message_bar.dismiss()
        self._load(view)
        self.delete_button.setEnabled(True)
        self.setEnabled(True)
        return True

    def start_draft(self, workspace: Workspace, target: str) -> bool:
        if not self.flush():
            return False
        self.workspace, self.note_id, self.target = workspace, None, target
        self.message_bar.dismiss()
        self._load(None)
        self.delete_button.setEnabled(False)
        self.setEnabled(True)
        self.text.setFocus()
        return True

    def clear(self) -> bool:
        if not self.flush():
            return False
        self._unbind()
        return True

    def _unbind(self) -> None:
        self._timer.stop()
        self.workspace = self.note_id = self.target = None
        self.message_bar.dismiss()
        self._load(None)
        self.setEnabled(False)

    def refresh_from_store(self) -> None:
        """After an undo, another view's or another process's edit: show what the store
        holds, unless something typed here is not saved yet (that text wins)."""
        if self._writing or self.workspace is None or self.note_id is None:
            return
        view = notes.get_note(self.workspace, self.note_id)
        if view.rev == self._rev and stored_fields(view) == self._stored:
            return  # nothing new: this editor's own save, or a change to another note
        if self.has_unsaved_typing():
            return
        if view.deleted_at is not None:
            self._unbind()
            return
        self._load(view)

    # -- saving ---------------------------------------------------------------------------
    def _changed(self) -> None:
        self._timer.poke()

    def save(self) -> None:
        self._timer.stop()
        workspace, target, note_id = self.workspace, self.target, self.note_id
        if workspace is None or target is None or self.conflict_dialog is not None:
            return
        fields = self._fields()
        if fields == self._saved or not fields["text"].strip():
            return  # an emptied note is kept until text comes back, or deleted
        if note_id is None:
            view = self._write(lambda: _add_note(workspace, target, fields))
            if view is None:
                return
            self.undo_stack.push(AddCommand(NOTES, workspace, view.id))
            self.note_id = view.id
            self.delete_button.setEnabled(True)
        else:
            changed = {k: v for k, v in fields.items() if v != self._saved.get(k)}
            before = {k: self._saved[k] for k in changed}
            rev = self._rev
            try:
                view = self._write(
                    lambda: notes.edit_note(workspace, note_id, **changed, expected_rev=rev)
                )
            except EditConflict as conflict:
                self._ask_which_to_keep(str(conflict), conflict.stored)
                return
            if view is None:
                self._deleted_elsewhere(workspace, note_id)
                return
            self.undo_stack.push(
                EditCommand(NOTES, workspace, note_id, before, changed, view.rev, rev)
            )
        self._saved = fields
        self._stored, self._rev = stored_fields(view), view.rev
        self.saved.emit(view.id)

    # -- someone else saved this note meanwhile ---------------------------------------------
    def _deleted_elsewhere(self, workspace: Workspace, note_id: str) -> None:
        """A save refused because another process deleted the note: the same choice."""
        stored = notes.get_note(workspace, note_id)
        if stored.deleted_at is not None:
            self.message_bar.dismiss()
            message = _("This note was deleted elsewhere (another window or the command line).")
            self._ask_which_to_keep(message, stored)

    def _readable(self, fields: dict[str, Any]) -> str:
        return readable(fields)

    def _stored_fields(self, stored: NoteView) -> dict[str, Any]:
        return stored_fields(stored)

    def _keep(self, choice: str, stored: NoteView) -> None:
        self.conflict_dialog = None
        workspace = self.workspace
        if workspace is None or self.target is None:
            return
        if choice == MINE:  # saved over theirs; Undo brings theirs back
            if stored.deleted_at is not None:
                restored = self._write(lambda: notes.restore_note(workspace, stored.id))
                if restored is None:
                    return
                stored = restored
            self._saved, self._stored, self._rev = stored_fields(stored), None, stored.rev
            self.save()
        elif choice == BOTH:
            fields, target = self._fields(), self.target
            view = self._write(lambda: _add_note(workspace, target, fields))
            if view is None:
                return
            self.undo_stack.push(AddCommand(NOTES, workspace, view.id))
            self.note_id, self._saved, self._stored = view.id, fields, stored_fields(view)
            self._rev = view.rev
            self.saved.emit(view.id)
        else:  # theirs: what is stored now is shown, what was typed here is let go
            self._timer.stop()
            theirs = notes.get_note(workspace, stored.id)
            if theirs.deleted_at is None:
                self._load(theirs)
            else:
                self._unbind()

    def delete(self) -> None:
        workspace, note_id = self.workspace, self.note_id
        if workspace is None or note_id is None:
            return
        self._timer.stop()
        if self._write(lambda: notes.delete_note(workspace, note_id)) is None:
            return
        self.undo_stack.push(DeleteCommand(NOTES, workspace, note_id))
        self._unbind()


def _add_note(workspace: Workspace, target: str, fields: dict[str, Any]) -> NoteView:
    """A new note holding what the editor's fields hold."""
    return notes.add_note(
        workspace,
        target,
        fields["text"],
        tags=fields["tags"],
        private=fields["visibility"] == "private",
    )
