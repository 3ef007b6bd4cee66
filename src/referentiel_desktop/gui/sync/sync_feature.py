"""File → Synchronise…: sync in the background, the report in the dialog (or, for an
automatic sync, in the status bar), and the offer to sync through the folder when the
data folder lies inside a synced one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from referentiel_desktop.exchange.sync_choice import (
    SyncChoice,
    SyncOutcome,
    load_choice,
    run_choice,
    save_choice,
    synced_client,
)
from referentiel_desktop.failures import describe
from referentiel_desktop.gui.common.worker import run_in_background
from referentiel_desktop.gui.sync.sync_dialog import SyncDialog
from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace

AUTOMATIC_EVERY_MS = 10 * 60 * 1000


class SyncActions:
    def __init__(
        self, shell: MainWindow, workspace: Workspace, show_conflicts: Callable[[], QDialog]
    ) -> None:
        self._shell = shell
        self._workspace = workspace
        self._show_conflicts = show_conflicts
        menu = shell.menus["file"]
        self.sync_action = menu.addAction("")
        menu.removeAction(self.sync_action)
        menu.insertAction(shell.quit_action, self.sync_action)
        menu.insertSeparator(shell.quit_action)
        self.sync_action.triggered.connect(self.open_dialog)
        self.dialog: SyncDialog | None = None
        self.running = False
        self._password = ""
        self.last_lines: list[str] = []
        self.timer = QTimer(shell)
        self.timer.setInterval(AUTOMATIC_EVERY_MS)
        self.timer.timeout.connect(self.sync_automatically)
        self.retranslate()
        shell.language_changed.connect(self.retranslate)
        self.synced_by = synced_client(workspace)
        choice = load_choice(workspace)
        if choice.automatic and not workspace.read_only:
            self.timer.start()
            QTimer.singleShot(0, shell, self.sync_automatically)
        elif self.synced_by and not workspace.read_only:
            message = _(
                "The data folder is inside a folder that {client} synchronises: "
                "File → Synchronise… can share the team's work through it instead."
            )
            shell.statusBar().showMessage(message.format(client=self.synced_by))

    def retranslate(self, _lang: str = "") -> None:
        self.sync_action.setText(_("Synchronise…"))

    def open_dialog(self) -> SyncDialog:
        dialog = SyncDialog(load_choice(self._workspace), self.synced_by, self._shell)
        dialog.sync_button.clicked.connect(lambda: self.sync_now(dialog))
        dialog.conflicts_button.clicked.connect(lambda: self._to_conflicts(dialog))
        if self.last_lines:
            dialog.report.setPlainText("\n".join(self.last_lines))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _to_conflicts(self, dialog: SyncDialog) -> None:
        dialog.accept()
        self._show_conflicts()

    def sync_now(self, dialog: SyncDialog) -> None:
        choice = dialog.choice()
        # Kept by the keyring; in memory too for this session's automatic syncs, when
        # the system has no keyring (never written anywhere).
        self._password = dialog.password.text() or self._password
        password = self._password
        dialog.password.clear()
        dialog.busy()

        def done(outcome: SyncOutcome) -> None:
            self.last_lines = outcome.lines
            dialog.show_report(outcome.lines, outcome.conflicts_pending)

        def failed(error: BaseException) -> None:
            dialog.show_failure(describe(error))

        self._run(choice, password, done, failed, remember=True)

    def sync_automatically(self) -> None:
        choice = load_choice(self._workspace)
        if not choice.automatic or self.running:
            return
        bar = self._shell.statusBar()

        def done(outcome: SyncOutcome) -> None:
            self.last_lines = outcome.lines
            bar.showMessage(outcome.lines[0] if outcome.lines else "")

        def failed(error: BaseException) -> None:
            bar.showMessage(describe(error))

        self._run(choice, self._password, done, failed, remember=False)

    def _run(
        self,
        choice: SyncChoice,
        password: str,
        done: Callable[[SyncOutcome], None],
        failed: Callable[[BaseException], None],
        *,
        remember: bool,
    ) -> None:
        workspace = self._workspace
        self.running = True

        def job() -> SyncOutcome:
            if remember:
                save_choice(workspace, choice)
            return run_choice(workspace, choice, password)

        def finished(outcome: SyncOutcome) -> None:
            self.running = False
            self._follow(choice)
            done(outcome)

        def broken(error: BaseException) -> None:
            self.running = False
            failed(error)

        run_in_background(partial(job), on_done=finished, on_error=broken, owner=self._shell)

    def _follow(self, choice: SyncChoice) -> None:
        if choice.automatic and not self.timer.isActive():
            self.timer.start()
        elif not choice.automatic:
            self.timer.stop()
