"""Undoable steps on the team's annotations, notes and cases alike: add, edit, delete.

Each is pushed once its write has succeeded (a write that fails reaches the user, never
the stack), so its first ``redo`` has nothing left to do. Undo and redo call the core,
which commits and tells every view what changed; deletions are markers, so undoing one
is a restore. What differs between notes and cases is said once, in :data:`NOTES` and
:data:`CASES`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from referentiel_desktop.annotations import cases, notes
from referentiel_desktop.gui.common.undo_stack import DoneCommand
from referentiel_desktop.i18n import N_, _
from referentiel_desktop.workspace import Workspace


class Revised(Protocol):
    @property
    def rev(self) -> str: ...


@dataclass(frozen=True)
class Annotations:
    """One kind of annotation, as its undo steps see it."""

    edit: Callable[..., Revised]  # (workspace, id, **fields, expected_rev=…) → the record
    delete: Callable[[Workspace, str], object]
    restore: Callable[[Workspace, str], object]
    added: str
    edited: str
    deleted: str
    merge_id: int
    merges_only_text: bool
    """Notes merge their text edits (tags and privacy are steps of their own); a case
    merges consecutive edits of the same fields."""


NOTES = Annotations(
    notes.edit_note, notes.delete_note, notes.restore_note,
    N_("Add a note"), N_("Edit a note"), N_("Delete a note"), 1001, merges_only_text=True,
)  # fmt: skip
CASES = Annotations(
    cases.edit_case, cases.delete_case, cases.restore_case,
    N_("Add a case"), N_("Edit a case"), N_("Delete a case"), 1002, merges_only_text=False,
)  # fmt: skip


class AddCommand(DoneCommand):
    def __init__(self, kind: Annotations, workspace: Workspace, record_id: str) -> None:
        super().__init__(_(kind.added))
        self.kind, self.workspace, self.record_id = kind, workspace, record_id

    def apply(self) -> None:
        self.kind.restore(self.workspace, self.record_id)

    def revert(self) -> None:
        self.kind.delete(self.workspace, self.record_id)


class DeleteCommand(DoneCommand):
    def __init__(self, kind: Annotations, workspace: Workspace, record_id: str) -> None:
        super().__init__(_(kind.deleted))
        self.kind, self.workspace, self.record_id = kind, workspace, record_id

    def apply(self) -> None:
        self.kind.delete(self.workspace, self.record_id)

    def revert(self) -> None:
        self.kind.restore(self.workspace, self.record_id)


class EditCommand(DoneCommand):
    """One edit; consecutive edits of the same record merge into one step (see
    :attr:`Annotations.merges_only_text`), unless another version came in between."""

    def __init__(
        self,
        kind: Annotations,
        workspace: Workspace,
        record_id: str,
        before: dict[str, Any],
        after: dict[str, Any],
        rev: str,
        started_from: str | None = None,
    ) -> None:
        super().__init__(_(kind.edited))
        self.kind, self.workspace, self.record_id = kind, workspace, record_id
        self.before, self.after = before, after
        self.rev = rev  # the stored revision this step left: undo and redo start from it
        self.started_from = started_from  # steps merge only when one follows the other

    def id(self) -> int:
        if self.kind.merges_only_text and set(self.after) != {"text"}:
            return -1
        return self.kind.merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditCommand) or other.kind is not self.kind:
            return False
        if other.record_id != self.record_id or other.started_from != self.rev:
            return False  # another record, or someone else's version came in between
        if set(other.after) != set(self.after):
            return False
        self.after, self.rev = other.after, other.rev
        return True

    def apply(self) -> None:
        # A change made elsewhere since is never overwritten: EditConflict, said.
        self.rev = self.kind.edit(
            self.workspace, self.record_id, **self.after, expected_rev=self.rev
        ).rev

    def revert(self) -> None:
        self.rev = self.kind.edit(
            self.workspace, self.record_id, **self.before, expected_rev=self.rev
        ).rev
