"""File → Booklet… (Ctrl+P): the booklet dialog, opened on the item being read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace

if TYPE_CHECKING:  # ReportLab loads when a booklet is first asked for, not at start
    from referentiel_desktop.gui.booklet.booklet_dialog import BookletDialog


class BookletAction:
    def __init__(self, shell: MainWindow, workspace: Workspace) -> None:
        self._shell = shell
        self._workspace = workspace
        self.action = QAction(shell)
        self.action.setShortcut(QKeySequence.StandardKey.Print)
        shell.menus["file"].insertAction(shell.quit_action, self.action)
        shell.menus["file"].insertSeparator(shell.quit_action)
        self.action.triggered.connect(self.open_dialog)
        self.dialog: BookletDialog | None = None
        self.retranslate()
        shell.language_changed.connect(self.retranslate)

    def open_dialog(self) -> BookletDialog:
        from referentiel_desktop.gui.booklet.booklet_dialog import BookletDialog

        shell = self._shell
        dialog = BookletDialog(self._workspace, shell.model.nodes(), shell.language,
                               shell.current_node_id(), shell)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def retranslate(self, _lang: str = "") -> None:
        self.action.setText(_("Booklet…"))
