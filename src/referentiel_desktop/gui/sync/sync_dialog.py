"""The Synchronise dialog: through a shared folder or with a CouchDB server, the report
of the last run, and the way to the conflicts view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.exchange.sync_choice import SyncChoice
from referentiel_desktop.i18n import _


class SyncDialog(QDialog):
    def __init__(self, choice: SyncChoice, synced_by: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("sync-dialog")
        self.setWindowTitle(_("Synchronise with the team"))
        self.resize(680, 460)
        self.offer = QLabel()
        self.offer.setWordWrap(True)
        self.offer.setTextFormat(Qt.TextFormat.PlainText)
        if synced_by:
            self.offer.setText(
                _(
                    "The data folder is inside a folder that {client} synchronises. Keep the "
                    "data folder out of it, and let {client} carry the team's work instead: "
                    "sync through a shared folder there (only bundle files go in it)."
                ).format(client=synced_by)
            )
        self.offer.setVisible(bool(synced_by))
        self.by_folder = QRadioButton(
            _("Through a shared folder (Nextcloud, OneDrive, Syncthing…)")
        )
        self.folder = QLineEdit(choice.folder)
        self.folder.setPlaceholderText(_("the folder the team shares"))
        self.browse = QPushButton(_("Choose…"))
        self.by_server = QRadioButton(_("With a CouchDB server"))
        self.url = QLineEdit(choice.url)
        self.url.setPlaceholderText("https://user@couch.example.org/equipe")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("password (asked once, kept in the system keyring)"))
        self.insecure = QCheckBox(_("Allow plain http:// (only on a network that is yours)"))
        self.insecure.setChecked(choice.insecure)
        self.automatic = QCheckBox(_("Synchronise when the window opens and every 10 minutes"))
        self.automatic.setChecked(choice.automatic)
        (self.by_server if choice.mode == "server" else self.by_folder).setChecked(True)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.report = QPlainTextEdit()
        self.report.setObjectName("sync-report")
        self.report.setReadOnly(True)
        self.buttons = QDialogButtonBox()
        self.sync_button = self.buttons.addButton(
            _("Synchronise"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.conflicts_button = self.buttons.addButton(
            _("Show conflicts…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)
        self.conflicts_button.hide()
        self.browse.clicked.connect(self._choose_folder)
        self.folder_chooser: QFileDialog | None = None

        grid = QGridLayout()
        grid.addWidget(self.by_folder, 0, 0, 1, 2)
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(self.browse)
        grid.addLayout(row, 1, 1)
        grid.addWidget(self.by_server, 2, 0, 1, 2)
        grid.addWidget(self.url, 3, 1)
        grid.addWidget(self.password, 4, 1)
        grid.addWidget(self.insecure, 5, 1)
        grid.setColumnMinimumWidth(0, 16)
        layout = QVBoxLayout(self)
        layout.addWidget(self.offer)
        layout.addLayout(grid)
        layout.addWidget(self.automatic)
        layout.addWidget(self.heading)
        layout.addWidget(self.report)
        layout.addWidget(self.buttons)

    def choice(self) -> SyncChoice:
        return SyncChoice(
            mode="server" if self.by_server.isChecked() else "folder",
            folder=self.folder.text().strip(),
            url=self.url.text().strip(),
            insecure=self.insecure.isChecked(),
            automatic=self.automatic.isChecked(),
        )

    def busy(self) -> None:
        self.sync_button.setEnabled(False)
        self.conflicts_button.hide()
        self.heading.setText(_("Synchronising…"))

    def show_report(self, lines: list[str], conflicts: int) -> None:
        self.sync_button.setEnabled(True)
        self.heading.setText(_("Synchronised."))
        self.report.setPlainText("\n".join(lines))
        self.conflicts_button.setVisible(conflicts > 0)

    def show_failure(self, message: str) -> None:
        self.sync_button.setEnabled(True)
        self.heading.setText(_("The sync did not go through; nothing was half-merged."))
        self.report.setPlainText(message)

    def _choose_folder(self) -> None:
        chooser = QFileDialog(self, _("The folder the team shares"), self.folder.text())
        chooser.setObjectName("sync-folder-chooser")
        chooser.setOption(QFileDialog.Option.DontUseNativeDialog)
        chooser.setFileMode(QFileDialog.FileMode.Directory)
        chooser.setOption(QFileDialog.Option.ShowDirsOnly)
        chooser.fileSelected.connect(self._folder_chosen)
        self.folder_chooser = chooser
        chooser.open()

    def _folder_chosen(self, name: str) -> None:
        self.folder.setText(name)
        self.by_folder.setChecked(True)
