"""Undo of a tag renamed (or merged into another) from Edit → Rename a tag…"""

from __future__ import annotations

from referentiel_desktop.annotations import tags
from referentiel_desktop.annotations.tags import TagSnapshot
from referentiel_desktop.gui.common.undo_stack import DoneCommand
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace


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
