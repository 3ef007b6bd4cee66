"""File → Export…, Import…, Conflicts…, and a bundle dropped on the window: the team
exchange in the window. An import is previewed first (what it would add, update,
delete, and which records conflict), then applied; the report stays on screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.exchange.bundle import SUFFIX
from referentiel_desktop.exchange.export import ExportSummary, export
from referentiel_desktop.exchange.merge import import_bundle
from referentiel_desktop.exchange.report import ImportReport
from referentiel_desktop.gui.common.file_places import bundle_name, remember, start_folder
from referentiel_desktop.gui.common.qt_gaps import fill_gaps
from referentiel_desktop.gui.common.recent_files import remember_recent
from referentiel_desktop.gui.common.worker import run_in_background
from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace


def warn(parent: QWidget, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, _("Team exchange"), text, parent=parent)
    box.setObjectName("exchange-message")
    box.setTextFormat(Qt.TextFormat.PlainText)  # file names and errors are not markup
    box.open()
    return box


class ImportDialog(QDialog):
    """The preview of an import, then its report."""

    def __init__(self, path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("import-dialog")
        self.path = path
        self.setWindowTitle(_("Import {name}").format(name=path.name))
        self.resize(640, 360)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.conflicts_button = self.buttons.addButton(
            _("Show conflicts…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.clicked.connect(self.reject)
        self.conflicts_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self.report: ImportReport | None = None

    def show_report(self, report: ImportReport) -> None:
        self.report = report
        self.text.setPlainText("\n".join(report.lines(with_ids=False)))
        if report.dry_run:
            self.heading.setText(
                _("Nothing has changed yet. Import {name} into your data?").format(
                    name=self.path.name
                )
            )
            self.apply_button.setEnabled(report.changes > 0)
        else:
            self.heading.setText(_("{name} is imported.").format(name=self.path.name))
            self.apply_button.hide()
            self.close_button.setText(_("Close"))
            self.conflicts_button.setVisible(report.counts["conflicts"] > 0)


class _DropFilter(QObject):
    """Accepts a bundle file dragged onto the window and imports it."""

    def __init__(self, shell: MainWindow, exchange: ExchangeActions) -> None:
        super().__init__(shell)
        self._exchange = exchange

    @staticmethod
    def bundle_of(event: QDragEnterEvent | QDropEvent) -> Path | None:
        for url in event.mimeData().urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(SUFFIX):
                return Path(url.toLocalFile())
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if isinstance(event, QDragEnterEvent | QDropEvent) and event.mimeData().hasUrls():
            path = self.bundle_of(event)
            if path is not None:
                event.acceptProposedAction()
                if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
                    self._exchange.start_import(path)
                return True
        return False


class ExchangeActions:
    """File → Export…, Import…, Conflicts…, and a bundle dropped on the window."""

    def __init__(self, shell: MainWindow, workspace: Workspace) -> None:
        self._shell = shell
        self._workspace = workspace
        menu = shell.menus["file"]
        self.export_action = menu.addAction("")
        self.import_action = menu.addAction("")
        self.conflicts_action = menu.addAction("")
        actions = [self.export_action, self.import_action, self.conflicts_action]
        for action in actions:
            menu.removeAction(action)
        menu.insertActions(shell.quit_action, actions)
        menu.insertSeparator(shell.quit_action)
        self.export_action.triggered.connect(self.choose_export)
        self.import_action.triggered.connect(self.choose_import)
        self.conflicts_action.triggered.connect(self.show_conflicts)
        self.import_dialog: ImportDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.conflicts_dialog: QDialog | None = None
        self.last_export: ExportSummary | None = None
        shell.setAcceptDrops(True)
        self.bundle_drop = _DropFilter(shell, self)
        shell.installEventFilter(self.bundle_drop)
        self.retranslate()
        shell.language_changed.connect(self.retranslate)

    def retranslate(self, _lang: str = "") -> None:
        self.export_action.setText(_("Export…"))
        self.import_action.setText(_("Import…"))
        self.conflicts_action.setText(_("Conflicts…"))

    def choose_export(self) -> None:
        dialog = self._file_dialog(save=True)
        dialog.selectFile(bundle_name())
        dialog.fileSelected.connect(lambda name: self._chosen(name, self.export_to))
        dialog.open()
        fill_gaps(dialog)  # once its widgets are built

    def choose_import(self) -> None:
        dialog = self._file_dialog(save=False)
        dialog.fileSelected.connect(lambda name: self._chosen(name, self.start_import))
        dialog.open()
        fill_gaps(dialog)

    def _chosen(self, name: str, then: Callable[[Path], object]) -> None:
        remember(self._shell.settings, "bundle", name)
        then(Path(name))

    def start_import(self, path: Path) -> ImportDialog:
        """Preview the import of ``path`` in a dialog; its Import button applies it."""
        shell, workspace = self._shell, self._workspace
        remember_recent(shell.settings, "bundle", path)
        dialog = ImportDialog(path, shell)
        self.import_dialog = dialog
        dialog.heading.setText(_("Checking {name}…").format(name=path.name))
        dialog.apply_button.setEnabled(False)

        def failed(error: BaseException) -> None:
            dialog.reject()
            warn(shell, str(error))

        def applied(report: ImportReport) -> None:
            dialog.show_report(report)

        def apply() -> None:
            dialog.apply_button.setEnabled(False)
            dialog.heading.setText(_("Importing {name}…").format(name=path.name))
            run_in_background(
                partial(import_bundle, workspace, path),
                on_done=applied,
                on_error=failed,
                owner=dialog,
            )

        dialog.apply_button.clicked.disconnect()
        dialog.apply_button.clicked.connect(apply)

        def to_conflicts() -> None:
            dialog.accept()
            self.show_conflicts()

        dialog.conflicts_button.clicked.connect(to_conflicts)
        run_in_background(
            partial(import_bundle, workspace, path, dry_run=True),
            on_done=dialog.show_report,
            on_error=failed,
            owner=dialog,
        )
        dialog.open()
        return dialog

    def export_to(self, path: Path) -> None:
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        shell = self._shell

        def done(summary: ExportSummary) -> None:
            count = sum(summary.counts.values())
            shell.statusBar().showMessage(
                _("Bundle written: {path} ({count} records).").format(path=path, count=count)
            )
            self.last_export = summary

        def failed(error: BaseException) -> None:
            warn(shell, str(error))

        run_in_background(
            partial(export, self._workspace, path), on_done=done, on_error=failed, owner=shell
        )

    def _file_dialog(self, save: bool) -> QFileDialog:
        dialog = QFileDialog(self._shell)
        dialog.setObjectName("exchange-file-dialog")
        dialog.setDirectory(str(start_folder(self._shell.settings, "bundle")))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setNameFilter(_("Team bundles (*{suffix})").format(suffix=SUFFIX))
        if save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix(SUFFIX.lstrip("."))
            dialog.setWindowTitle(_("Export the team's records"))
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            dialog.setWindowTitle(_("Import a teammate's bundle"))
        self.file_dialog = dialog
        return dialog

    def show_conflicts(self) -> QDialog:
        from referentiel_desktop.annotations import people
        from referentiel_desktop.gui.common.labels import display_title
        from referentiel_desktop.gui.exchange.conflicts_view import ConflictsDialog
        from referentiel_desktop.referential import repository

        shell, workspace = self._shell, self._workspace

        def names() -> dict[str, str]:
            """What ids stand for: people, territories, and referential items by title."""
            found = {a.id: a.name for a in people.list_authors(workspace)}
            found.update({t.id: t.name for t in people.list_territories(workspace)})
            with workspace.reading() as session:
                node_ids = [node.id for node in repository.list_nodes(session)]
            for node_id in node_ids:
                node = shell.model.node(node_id)
                if node is not None:
                    found[node_id] = display_title(node, shell.language)
            return found

        dialog = ConflictsDialog(workspace, names, shell)
        self.conflicts_dialog = dialog
        dialog.open()
        return dialog
