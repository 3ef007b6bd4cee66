"""Undoable edits of notes, cases and tags. Each command is pushed once its write has
succeeded (a write that fails reaches the user, never the undo stack), so its first
``redo`` has nothing left to do. Undo and redo call the core, which commits and tells
every view what changed. Deletions are markers, so undo is a restore."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from referentiel_desktop.annotations import cases, notes, tags
from referentiel_desktop.annotations.conflicts import EditConflict
from referentiel_desktop.annotations.tags import TagSnapshot
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace

TEXT_EDIT_ID = 1001


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
            self.report(failures[0], None if isinstance(failures[0], EditConflict) else retry)
        else:
            raise failures[0]


def _with_children(command: QUndoCommand) -> list[DoneCommand]:
    found = [command] + [command.child(i) for i in range(command.childCount())]
    return [c for c in found if isinstance(c, DoneCommand)]


class AddNoteCommand(DoneCommand):
    def __init__(self, workspace: Workspace, note_id: str) -> None:
        super().__init__(_("Add a note"))
        self.workspace, self.note_id = workspace, note_id

    def apply(self) -> None:
        notes.restore_note(self.workspace, self.note_id)

    def revert(self) -> None:
        notes.delete_note(self.workspace, self.note_id)


class EditNoteCommand(DoneCommand):
    """One edit of a note; consecutive text edits of the same note merge into one step."""

    def __init__(
        self,
        workspace: Workspace,
        note_id: str,
        before: dict[str, Any],
        after: dict[str, Any],
        rev: str,
        started_from: str | None = None,
    ) -> None:
        super().__init__(_("Edit a note"))
        self.workspace, self.note_id, self.before, self.after = workspace, note_id, before, after
        self.rev = rev  # the stored revision this step left: undo and redo start from it
        self.started_from = started_from  # steps merge only when one follows the other

    def id(self) -> int:
        return TEXT_EDIT_ID if set(self.after) == {"text"} else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditNoteCommand) or other.note_id != self.note_id:
            return False
        if other.started_from != self.rev:  # someone else's version came in between
            return False
        self.after, self.rev = other.after, other.rev
        return True

    def apply(self) -> None:
        # A change made elsewhere since is never overwritten: EditConflict, said.
        self.rev = notes.edit_note(
            self.workspace, self.note_id, **self.after, expected_rev=self.rev
        ).rev

    def revert(self) -> None:
        self.rev = notes.edit_note(
            self.workspace, self.note_id, **self.before, expected_rev=self.rev
        ).rev


class DeleteNoteCommand(DoneCommand):
    def __init__(self, workspace: Workspace, note_id: str) -> None:
        super().__init__(_("Delete a note"))
        self.workspace, self.note_id = workspace, note_id

    def apply(self) -> None:
        notes.delete_note(self.workspace, self.note_id)

    def revert(self) -> None:
        notes.restore_note(self.workspace, self.note_id)


class AddCaseCommand(DoneCommand):
    def __init__(self, workspace: Workspace, case_id: str) -> None:
        super().__init__(_("Add a case"))
        self.workspace, self.case_id = workspace, case_id

    def apply(self) -> None:
        cases.restore_case(self.workspace, self.case_id)

    def revert(self) -> None:
        cases.delete_case(self.workspace, self.case_id)


class EditCaseCommand(DoneCommand):
    def __init__(
        self,
        workspace: Workspace,
        case_id: str,
        before: dict[str, Any],
        after: dict[str, Any],
        rev: str,
        started_from: str | None = None,
    ) -> None:
        super().__init__(_("Edit a case"))
        self.workspace, self.case_id, self.before, self.after = workspace, case_id, before, after
        self.rev = rev  # the stored revision this step left: undo and redo start from it
        self.started_from = started_from  # steps merge only when one follows the other

    def id(self) -> int:
        return TEXT_EDIT_ID + 1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditCaseCommand) or other.case_id != self.case_id:
            return False
        if other.started_from != self.rev:  # someone else's version came in between
            return False
        if set(other.after) != set(self.after):
            return False
        self.after, self.rev = other.after, other.rev
        return True

    def apply(self) -> None:
        # A change made elsewhere since is never overwritten: EditConflict, said.
        self.rev = cases.edit_case(
            self.workspace, self.case_id, **self.after, expected_rev=self.rev
        ).rev

    def revert(self) -> None:
        self.rev = cases.edit_case(
            self.workspace, self.case_id, **self.before, expected_rev=self.rev
        ).rev


class DeleteCaseCommand(DoneCommand):
    def __init__(self, workspace: Workspace, case_id: str) -> None:
        super().__init__(_("Delete a case"))
        self.workspace, self.case_id = workspace, case_id

    def apply(self) -> None:
        cases.delete_case(self.workspace, self.case_id)

    def revert(self) -> None:
        cases.restore_case(self.workspace, self.case_id)


class RenameTagCommand(DoneCommand):
    """Undoing a plain rename renames back; undoing a merge gives each record its tags
    as they were."""

    def __init__(self, workspace: Workspace, old: str, new: str, before: TagSnapshot) -> None:
        super().__init__(_("Rename a tag"))
        self.workspace, self.old, self.new, self.before = workspace, old, new, before
        self.merged = False

    @classmethod
    def rename(cls, workspace: Workspace, old: str, new: str) -> RenameTagCommand:
        """Rename now (raising UserError on bad input), and return the undoable step."""
        before = tags.tagged_with(workspace, [old, new])
        merges = tags.rename_merges(workspace, old, new)
        tags.rename_tag(workspace, old, new)
        command = cls(workspace, old, new, before)
        command.merged = merges
        return command

    def apply(self) -> None:
        tags.rename_tag(self.workspace, self.old, self.new)

    def revert(self) -> None:
        if self.merged:
            tags.set_tags(self.workspace, self.before)
        else:
            tags.rename_tag(self.workspace, self.new, self.old)
