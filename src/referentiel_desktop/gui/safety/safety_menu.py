"""File → Back up now / Restore a backup…, Help → Check the data, and what the user must
be told when the data folder opens (a recovery, a read-only folder).

The work is the core's (:mod:`referentiel_desktop.store.backups`,
:mod:`referentiel_desktop.doctor`); this module only asks and shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from referentiel_desktop.failures import describe
from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.i18n import _

if TYPE_CHECKING:  # the window paints before SQLAlchemy is imported
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from referentiel_desktop.workspace import Workspace


DAILY_CHECK_MS = 60 * 60 * 1000


Icon = Literal["Information", "Warning", "Question"]


def _box(parent: QWidget, icon: Icon, text: str, name: str) -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox  # made with the first box, not at start-up

    box = QMessageBox(QMessageBox.Icon[icon], "Référentiel Desktop", text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # paths and reasons are never markup
    box.setObjectName(name)
    return box


class SafetyActions(QObject):
    """The window's backup, restore and check actions, and the opening notices."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.backup_action = QAction(window)
        self.restore_action = QAction(window)
        self.check_action = QAction(window)
        self.backup_action.triggered.connect(self.back_up)
        self.restore_action.triggered.connect(self.choose_backup)
        self.check_action.triggered.connect(self.check_data)
        file_menu = window.menus["file"]
        quit_action = window.quit_action
        file_menu.insertActions(quit_action, [self.backup_action, self.restore_action])
        file_menu.insertSeparator(quit_action)
        window.menus["help"].insertAction(window.about_action, self.check_action)
        self.last_box: QMessageBox | None = None
        # A window left open for days still makes its day's backup.
        self.daily_timer = QTimer(self, interval=DAILY_CHECK_MS)
        self.daily_timer.timeout.connect(self.daily_backup)
        self.retranslate()
        window.language_changed.connect(self.retranslate)
        window.workspace_ready.connect(self.on_workspace)
        self._set_enabled(window.workspace)

    def retranslate(self, _lang: str = "") -> None:
        self.backup_action.setText(_("Back up now"))
        self.restore_action.setText(_("Restore a backup…"))
        self.check_action.setText(_("Check the data"))

    def _set_enabled(self, workspace: Workspace | None) -> None:
        writable = workspace is not None and not workspace.read_only
        self.backup_action.setEnabled(writable)
        self.restore_action.setEnabled(writable)
        self.check_action.setEnabled(workspace is not None)

    def _show(self, icon: Icon, text: str, name: str) -> QMessageBox:
        box = _box(self.window, icon, text, name)
        self.last_box = box
        box.open()
        return box

    def on_workspace(self, workspace: Workspace) -> None:
        self._set_enabled(workspace)
        if not workspace.read_only:
            self.daily_timer.start()
        if workspace.read_only:
            self.window.statusBar().showMessage(_("Read-only: nothing can be saved."))
        if workspace.notices:
            icon: Icon = "Information" if workspace.read_only else "Warning"
            self._show(icon, "\n\n".join(workspace.notices), "opening-notice")

    def daily_backup(self) -> None:
        workspace = self.window.workspace
        if workspace is None or workspace.read_only:
            return
        from referentiel_desktop.store import backups  # with the workspace, after the paint

        if not backups.daily_backup_due(workspace.data_dir, workspace.db_path):
            return
        try:
            workspace.backup("daily")
        except Exception as error:  # noqa: BLE001 - told in the status bar, tried again later
            self.window.statusBar().showMessage(describe(error))

    # -- the actions -----------------------------------------------------------------------
    def back_up(self) -> None:
        workspace = self.window.workspace
        if workspace is None:
            return
        try:
            made = workspace.backup("manual")
        except Exception as error:  # noqa: BLE001 - shown, never raised into Qt
            self._show("Warning", describe(error), "backup-failed")
            return
        self.window.statusBar().showMessage(_("Backed up to {path}.").format(path=made.path))

    def choose_backup(self) -> QFileDialog | None:
        workspace = self.window.workspace
        if workspace is None:
            return None
        from referentiel_desktop.store import backups

        folder = backups.backup_dir(workspace.data_dir)
        start = folder if folder.is_dir() else workspace.data_dir
        from PySide6.QtWidgets import QFileDialog  # built when first asked for

        from referentiel_desktop.gui.common.qt_gaps import fill_gaps

        dialog = QFileDialog(self.window, _("Restore a backup"), str(start))
        dialog.setObjectName("restore-dialog")
        dialog.setNameFilter(_("Backups (*.sqlite3)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.fileSelected.connect(lambda name: self.confirm_restore(Path(name)))
        dialog.open()
        fill_gaps(dialog)
        return dialog

    def confirm_restore(self, source: Path) -> QMessageBox:
        text = _(
            "Put back the backup {path}? What is in the data now is backed up first, so "
            "this can be undone by restoring that backup."
        ).format(path=source)
        from PySide6.QtWidgets import QMessageBox

        box = _box(self.window, "Question", text, "confirm-restore")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self.restore(source))
        self.last_box = box
        box.open()
        return box

    def restore(self, source: Path) -> None:
        workspace = self.window.workspace
        if workspace is None:
            return
        try:
            safety = workspace.restore(source)
        except Exception as error:  # noqa: BLE001 - shown, never raised into Qt
            self._show("Warning", describe(error), "restore-failed")
            return
        self.window.reload_nodes()
        text = _("Restored {path}.").format(path=source)
        if safety is not None:
            text += "\n" + _("The data as it was before is backed up in {path}.").format(
                path=safety.path
            )
        self._show("Information", text, "restored")

    def check_data(self, repair: bool = False) -> None:
        from referentiel_desktop.doctor import run_doctor

        workspace = self.window.workspace
        if workspace is None:
            return
        try:
            report = run_doctor(workspace, repair=repair)
        except Exception as error:  # noqa: BLE001 - shown, never raised into Qt
            self._show("Warning", describe(error), "check-failed")
            return
        lines = [_("The data is sound.") if report.ok else _("Problems were found:")]
        for check in report.checks:
            lines += [f"• {check.name}: {line}" for line in check.repaired]
            lines += [f"• {check.name}: {line}" for line in check.problems[:10]]
        icon: Icon = "Information" if report.ok else "Warning"
        box = _box(self.window, icon, "\n".join(lines), "check-report")
        if not report.ok and not repair and not workspace.read_only:
            from PySide6.QtWidgets import QMessageBox

            repair_button = box.addButton(_("Repair"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Close)
            repair_button.clicked.connect(lambda: self.check_data(repair=True))
        self.last_box = box
        box.open()
