"""Undoable edits of notes, cases and tags: each command calls the core, which commits and
tells every view what changed. Deletions are markers, so undo is a restore."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from referentiel_desktop.annotations import cases, notes, tags
from referentiel_desktop.annotations.tags import TagSnapshot
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace

TEXT_EDIT_ID = 1001


class AddNoteCommand(QUndoCommand):
    def __init__(self, workspace: Workspace, target: str, text: str, **options: Any) -> None:
        super().__init__(_("Add a note"))
        self.workspace, self.target, self.text, self.options = workspace, target, text, options
        self.note_id: str | None = None

    def redo(self) -> None:
        if self.note_id is None:
            view = notes.add_note(self.workspace, self.target, self.text, **self.options)
            self.note_id = view.id
        else:
            notes.restore_note(self.workspace, self.note_id)

    def undo(self) -> None:
        assert self.note_id is not None
        notes.delete_note(self.workspace, self.note_id)


class EditNoteCommand(QUndoCommand):
    """One edit of a note; consecutive text edits of the same note merge into one step."""

    def __init__(
        self, workspace: Workspace, note_id: str, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        super().__init__(_("Edit a note"))
        self.workspace, self.note_id, self.before, self.after = workspace, note_id, before, after
        self._first = True

    def id(self) -> int:
        return TEXT_EDIT_ID if set(self.after) == {"text"} else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditNoteCommand) or other.note_id != self.note_id:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        notes.edit_note(self.workspace, self.note_id, **self.after)

    def undo(self) -> None:
        notes.edit_note(self.workspace, self.note_id, **self.before)


class DeleteNoteCommand(QUndoCommand):
    def __init__(self, workspace: Workspace, note_id: str) -> None:
        super().__init__(_("Delete a note"))
        self.workspace, self.note_id = workspace, note_id

    def redo(self) -> None:
        notes.delete_note(self.workspace, self.note_id)

    def undo(self) -> None:
        notes.restore_note(self.workspace, self.note_id)


class AddCaseCommand(QUndoCommand):
    def __init__(
        self,
        workspace: Workspace,
        title: str,
        territory: str,
        balises: Sequence[str],
        **fields: Any,
    ) -> None:
        super().__init__(_("Add a case"))
        self.workspace = workspace
        self.args = (title, territory, list(balises))
        self.fields = fields
        self.case_id: str | None = None

    def redo(self) -> None:
        if self.case_id is None:
            self.case_id = cases.add_case(self.workspace, *self.args, **self.fields).id
        else:
            cases.restore_case(self.workspace, self.case_id)

    def undo(self) -> None:
        assert self.case_id is not None
        cases.delete_case(self.workspace, self.case_id)


class EditCaseCommand(QUndoCommand):
    def __init__(
        self, workspace: Workspace, case_id: str, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        super().__init__(_("Edit a case"))
        self.workspace, self.case_id, self.before, self.after = workspace, case_id, before, after

    def id(self) -> int:
        return TEXT_EDIT_ID + 1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditCaseCommand) or other.case_id != self.case_id:
            return False
        if set(other.after) != set(self.after):
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        cases.edit_case(self.workspace, self.case_id, **self.after)

    def undo(self) -> None:
        cases.edit_case(self.workspace, self.case_id, **self.before)


class DeleteCaseCommand(QUndoCommand):
    def __init__(self, workspace: Workspace, case_id: str) -> None:
        super().__init__(_("Delete a case"))
        self.workspace, self.case_id = workspace, case_id

    def redo(self) -> None:
        cases.delete_case(self.workspace, self.case_id)

    def undo(self) -> None:
        cases.restore_case(self.workspace, self.case_id)


class RenameTagCommand(QUndoCommand):
    """Pushed after the rename succeeded (so that a refused name never reaches the stack):
    the first ``redo`` has nothing left to do. Undoing a plain rename renames back;
    undoing a merge gives each record its tags as they were."""

    def __init__(self, workspace: Workspace, old: str, new: str, before: TagSnapshot) -> None:
        super().__init__(_("Rename a tag"))
        self.workspace, self.old, self.new, self.before = workspace, old, new, before
        self.merged = False
        self._first = True

    @classmethod
    def rename(cls, workspace: Workspace, old: str, new: str) -> RenameTagCommand:
        """Rename now (raising UserError on bad input), and return the undoable step."""
        before = tags.tagged_with(workspace, [old, new])
        merges = tags.rename_merges(workspace, old, new)
        tags.rename_tag(workspace, old, new)
        command = cls(workspace, old, new, before)
        command.merged = merges
        return command

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        tags.rename_tag(self.workspace, self.old, self.new)

    def undo(self) -> None:
        if self.merged:
            tags.set_tags(self.workspace, self.before)
        else:
            tags.rename_tag(self.workspace, self.new, self.old)
