"""The team's own lists from the Edit menu: rename a tag, the territories, and who is
writing (also asked on first start)."""

from __future__ import annotations

import getpass

from PySide6.QtWidgets import QInputDialog

from referentiel_desktop.annotations import people
from referentiel_desktop.gui.common.change_relay import ChangeRelay
from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
from referentiel_desktop.gui.team.tag_rename import RenameTagDialog
from referentiel_desktop.gui.team.territories_dialog import TerritoriesDialog
from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace


class TeamActions:
    def __init__(
        self, shell: MainWindow, workspace: Workspace, stack: SafeUndoStack, changes: ChangeRelay
    ) -> None:
        self._shell = shell
        self._workspace = workspace
        self._stack = stack
        self._changes = changes
        menu = shell.menus["edit"]
        self.rename_tag_action = menu.addAction("")
        self.territories_action = menu.addAction("")
        self.who_action = menu.addAction("")
        self.rename_tag_action.triggered.connect(self.open_rename_tag)
        self.territories_action.triggered.connect(self.open_territories)
        self.who_action.triggered.connect(lambda: self.ask_who_is_using(always=True))
        self.tag_dialog: RenameTagDialog | None = None
        self.territories_dialog: TerritoriesDialog | None = None
        self.who_dialog: QInputDialog | None = None
        self.retranslate()
        shell.language_changed.connect(self.retranslate)

    def retranslate(self, _lang: str = "") -> None:
        self.rename_tag_action.setText(_("Rename a tag…"))
        self.territories_action.setText(_("Territories…"))
        self.who_action.setText(_("Who is writing…"))

    def open_rename_tag(self) -> None:
        self.tag_dialog = RenameTagDialog(self._workspace, self._stack, self._shell)
        self.tag_dialog.open()

    def open_territories(self) -> None:
        dialog = TerritoriesDialog(self._workspace, self._shell)
        self._changes.changed.connect(dialog.on_change)
        self.territories_dialog = dialog
        dialog.open()

    def ask_who_is_using(self, always: bool = False) -> None:
        """On first start (or from Edit → Who is writing…), ask the user's name: it signs
        the notes and cases written from now on."""
        workspace = self._workspace
        current = people.default_author(workspace)
        if current is not None and not always:
            return
        dialog = QInputDialog(self._shell)
        dialog.setObjectName("who-dialog")
        dialog.setWindowTitle(_("Who is using Référentiel Desktop?"))
        dialog.setLabelText(_("Your name signs the notes and cases you write:"))
        dialog.setTextValue(current or getpass.getuser())

        def sign_as(name: str) -> None:
            if name.strip():
                self._shell.message_bar.attempt(
                    lambda: people.set_default_author(workspace, name), lambda: sign_as(name)
                )

        dialog.textValueSelected.connect(sign_as)
        self.who_dialog = dialog
        dialog.open()
