"""The window's open case editors: one per case (two would overwrite each other), each
following changes made elsewhere, all closed (and saved) when the window quits."""

from __future__ import annotations

import shiboken6

from referentiel_desktop.annotations import cases
from referentiel_desktop.gui.cases.case_editor import CaseEditor
from referentiel_desktop.gui.common.annotation_undo import CASES, DeleteCommand
from referentiel_desktop.gui.common.change_relay import ChangeRelay
from referentiel_desktop.gui.common.failures import describe_failed_write
from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace


class CaseEditors:
    def __init__(
        self, shell: MainWindow, workspace: Workspace, stack: SafeUndoStack, changes: ChangeRelay
    ) -> None:
        self._shell = shell
        self._workspace = workspace
        self._stack = stack
        self._changes = changes
        self.opened: list[CaseEditor] = []

    def edit(self, case_id: str | None, node_id: str | None = None) -> None:
        """Open ``case_id`` (or a new case on ``node_id``), or raise its open editor."""
        for editor in self._open():
            if case_id and editor.case_id == case_id:
                editor.raise_()
                editor.activateWindow()
                return
        preset = node_id if node_id and ".b" in node_id else None
        shell = self._shell
        editor = CaseEditor(
            self._workspace, self._stack, shell.model.nodes(), shell.language, case_id, preset
        )
        editor.node_requested.connect(shell.open_node)
        editor.show()
        self.opened.append(editor)
        self._changes.changed.connect(editor.on_change)

    def delete(self, case_ids: list[str]) -> None:
        """Delete without asking: one undo step brings them all back."""
        if not case_ids:
            return
        workspace = self._workspace
        deleted: list[str] = []
        for case_id in case_ids:
            try:
                cases.delete_case(workspace, case_id)
            except Exception as error:  # noqa: BLE001 - said in the window, nothing lost
                self._shell.show_failure(
                    describe_failed_write(error),
                    lambda: self.delete([c for c in case_ids if c not in deleted]),
                )
                break
            deleted.append(case_id)
        if not deleted:
            return
        self._stack.beginMacro(_("Delete cases") if len(deleted) > 1 else _("Delete a case"))
        for case_id in deleted:  # done already: pushing records them for Undo
            self._stack.push(DeleteCommand(CASES, workspace, case_id))
        self._stack.endMacro()

    def close_all(self) -> bool:
        """Close (and save) every editor; False if one stays open with unsaved text."""
        for editor in self._open():
            editor.close()
        return not self._open()

    def _open(self) -> list[CaseEditor]:
        return [e for e in self.opened if shiboken6.isValid(e) and e.isVisible()]
