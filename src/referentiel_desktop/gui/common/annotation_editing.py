"""What the note editor and the case editor share: saving as one types, through the
message bar (a failed write says why, with Retry, and the text stays), flushing before
a switch or a close, and asking which version to keep when another window or process
saved the record first. Each editor says what differs: its fields, how they read in
the conflict dialog, and what keeping a version means for it (``_keep``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from PySide6.QtWidgets import QWidget

from referentiel_desktop.annotations.conflicts import EditConflict
from referentiel_desktop.annotations.views import CaseView, NoteView
from referentiel_desktop.gui.common.autosave import AutosaveTimer
from referentiel_desktop.gui.common.conflict_dialog import ConflictDialog
from referentiel_desktop.gui.common.message_bar import MessageBar
from referentiel_desktop.i18n import _

Stored = TypeVar("Stored", NoteView, CaseView)


class AnnotationEditing:
    """Mixed into a QWidget (the note editor) or a QDialog (the case editor)."""

    message_bar: MessageBar
    conflict_dialog: ConflictDialog | None
    _timer: AutosaveTimer
    _writing: bool

    def save(self) -> None:
        raise NotImplementedError

    def has_unsaved_typing(self) -> bool:
        raise NotImplementedError

    def _fields(self) -> dict[str, Any]:
        raise NotImplementedError

    def _readable(self, fields: dict[str, Any]) -> str:
        """The fields as the conflict dialog shows them."""
        raise NotImplementedError

    def _stored_fields(self, stored: Any) -> dict[str, Any]:
        raise NotImplementedError

    def _keep(self, choice: str, stored: Any) -> None:
        raise NotImplementedError

    def flush(self) -> bool:
        """Save now what is pending (before switching records, on focus out, on close);
        False if something typed here is still unsaved."""
        if self.has_unsaved_typing():
            self.save()
        return not self.has_unsaved_typing()

    def _write(self, write: Callable[[], Stored]) -> Stored | None:
        """One write through the message bar; None when it failed (said, with Retry).
        While it runs, changes it causes are this editor's own: not reloaded over it."""
        self._writing = True
        try:
            return self.message_bar.attempt(write, retry=self.save, handled=(EditConflict,))
        finally:
            self._writing = False

    def _ask_which_to_keep(self, message: str, stored: NoteView | CaseView) -> None:
        """Both versions side by side; the user keeps theirs, the other, or both."""
        alive = stored.deleted_at is None
        theirs = self._readable(self._stored_fields(stored)) if alive else _("Deleted")
        parent = cast(QWidget, self)
        dialog = ConflictDialog(message, self._readable(self._fields()), theirs, parent)
        dialog.chosen.connect(lambda choice: self._keep(choice, stored))
        dialog.finished.connect(self._conflict_closed)
        self.conflict_dialog = dialog
        dialog.open()

    def _conflict_closed(self) -> None:
        self.conflict_dialog = None
