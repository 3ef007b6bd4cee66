"""Rename a tag everywhere from the window (Edit → Rename a tag…), undoably."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.annotations import tags
from referentiel_desktop.gui.common.failures import describe_failed_write
from referentiel_desktop.gui.common.plain import plain_label
from referentiel_desktop.gui.team.tag_undo import RenameTagCommand
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace


class RenameTagDialog(QDialog):
    """Bad input leaves the dialog open with the reason, and changes nothing."""

    def __init__(
        self, workspace: Workspace, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rename-tag")
        self.setWindowTitle(_("Rename a tag"))
        self.workspace = workspace
        self.undo_stack = undo_stack
        self.tag = QComboBox()
        for name, count in tags.list_tags(workspace):
            self.tag.addItem(f"{name} ({count})", name)
        self.new_name = QLineEdit()
        self.tag.currentIndexChanged.connect(
            lambda _i: self.new_name.setText(self.tag.currentData() or "")
        )
        self.new_name.setText(self.tag.currentData() or "")
        self.status = plain_label(_("If the new name is already a tag, the two are merged."))
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(self.tag.count() > 0)
        form = QFormLayout()
        form.addRow(_("Tag"), self.tag)
        form.addRow(_("New name"), self.new_name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def accept(self) -> None:
        old = self.tag.currentData()
        if not old:
            return
        try:
            command = RenameTagCommand.rename(self.workspace, old, self.new_name.text())
        except Exception as error:  # noqa: BLE001 - said here; the dialog stays open
            self.status.setText(describe_failed_write(error))
            return
        self.undo_stack.push(command)
        super().accept()
