"""The window's open case editors: one per case (two would overwrite each other), each
following changes made elsewhere, all closed (and saved) when the window quits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtGui import QUndoStack

from referentiel_desktop.annotations import cases
from referentiel_desktop.gui.cases.case_editor import CaseEditor
from referentiel_desktop.gui.common.failures import describe_failed_write
from referentiel_desktop.gui.notes.undo_commands import DeleteCaseCommand
from referentiel_desktop.i18n import _


class CaseEditors:
    def __init__(self, window: Any, stack: QUndoStack) -> None:
        self.window = window
        self.stack = stack
        self.editors: list[CaseEditor] = []

    def edit(self, case_id: str | None, node_id: str | None = None) -> None:
        """Open ``case_id`` (or a new case on ``node_id``), or raise its open editor."""
        for editor in self._open():
            if case_id and editor.case_id == case_id:
                editor.raise_()
                editor.activateWindow()
                return
        opened = open_case_editor(self.window, case_id, node_id, self.window.open_node)
        if opened is not None:
            self.editors.append(opened)
            relay = getattr(self.window, "change_relay", None)
            if relay is not None:
                relay.changed.connect(opened.on_change)

    def delete(self, case_ids: list[str]) -> None:
        """Delete without asking: one undo step brings them all back."""
        if self.window.workspace is None or not case_ids:
            return
        workspace = self.window.workspace
        deleted: list[str] = []
        for case_id in case_ids:
            try:
                cases.delete_case(workspace, case_id)
            except Exception as error:  # noqa: BLE001 - said in the window, nothing lost
                self.window.show_failure(
                    describe_failed_write(error),
                    lambda: self.delete([c for c in case_ids if c not in deleted]),
                )
                break
            deleted.append(case_id)
        if not deleted:
            return
        self.stack.beginMacro(_("Delete cases") if len(deleted) > 1 else _("Delete a case"))
        for case_id in deleted:  # done already: pushing records them for Undo
            self.stack.push(DeleteCaseCommand(workspace, case_id))
        self.stack.endMacro()

    def close_all(self) -> bool:
        """Close (and save) every editor; False if one stays open with unsaved text."""
        for editor in self._open():
            editor.close()
        return not self._open()

    def _open(self) -> list[CaseEditor]:
        return [e for e in self.editors if shiboken6.isValid(e) and e.isVisible()]


def open_case_editor(
    window: Any, case_id: str | None, node_id: str | None, on_node: Callable[[str], None]
) -> CaseEditor | None:
    if window.workspace is None:
        return None
    preset = node_id if node_id and ".b" in node_id else None
    editor = CaseEditor(
        window.workspace, window.undo_stack, window.model.nodes(), window.language, case_id, preset
    )
    editor.node_requested.connect(on_node)
    editor.show()
    return editor
