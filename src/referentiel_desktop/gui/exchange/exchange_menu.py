"""File → Export…, Import…, Conflicts…, and a bundle dropped on the window: the team
exchange in the window. An import is previewed first (what it would add, update,
delete, and which records conflict), then applied; the report stays on screen."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

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
from referentiel_desktop.exchange.report import ImportReport
from referentiel_desktop.gui.common.worker import run_in_background
from referentiel_desktop.i18n import _


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
        self.text.setPlainText("\n".join(report.lines()))
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

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window

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
                    start_import(self.window, path)
                return True
        return False


def start_import(window: Any, path: Path) -> ImportDialog | None:
    """Preview the import of ``path`` in a dialog; its Import button applies it."""
    from referentiel_desktop.exchange.merge import import_bundle

    workspace = window.workspace
    if workspace is None:
        return None
    dialog = ImportDialog(path, window)
    window.import_dialog = dialog
    dialog.heading.setText(_("Checking {name}…").format(name=path.name))
    dialog.apply_button.setEnabled(False)

    def failed(error: BaseException) -> None:
        dialog.reject()
        warn(window, str(error))

    def applied(report: ImportReport) -> None:
        dialog.show_report(report)

    def apply() -> None:
        dialog.apply_button.setEnabled(False)
        dialog.heading.setText(_("Importing {name}…").format(name=path.name))
        run_in_background(
            partial(import_bundle, workspace, path), on_done=applied, on_error=failed, owner=dialog
        )

    dialog.apply_button.clicked.disconnect()
    dialog.apply_button.clicked.connect(apply)

    def to_conflicts() -> None:
        dialog.accept()
        show_conflicts(window)

    dialog.conflicts_button.clicked.connect(to_conflicts)
    run_in_background(
        partial(import_bundle, workspace, path, dry_run=True),
        on_done=dialog.show_report,
        on_error=failed,
        owner=dialog,
    )
    dialog.open()
    return dialog


def export_to(window: Any, path: Path) -> None:
    from referentiel_desktop.exchange.export import export

    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)

    def done(summary: Any) -> None:
        count = sum(summary.counts.values())
        window.statusBar().showMessage(
            _("Bundle written: {path} ({count} records).").format(path=path, count=count)
        )
        window.last_export = summary

    def failed(error: BaseException) -> None:
        warn(window, str(error))

    run_in_background(
        partial(export, window.workspace, path),
        on_done=done,
        on_error=failed,
        owner=window,
    )


def _file_dialog(window: Any, save: bool) -> QFileDialog:
    dialog = QFileDialog(window)
    dialog.setObjectName("exchange-file-dialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setNameFilter(_("Team bundles (*{suffix})").format(suffix=SUFFIX))
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(SUFFIX.lstrip("."))
        dialog.setWindowTitle(_("Export the team's records"))
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setWindowTitle(_("Import a teammate's bundle"))
    window.exchange_file_dialog = dialog
    return dialog


def show_conflicts(window: Any) -> QDialog | None:
    from referentiel_desktop.annotations import people
    from referentiel_desktop.gui.exchange.conflicts_view import ConflictsDialog

    workspace = window.workspace
    if workspace is None:
        return None

    def names() -> dict[str, str]:
        """What ids stand for: people, territories, and referential items by title."""
        from referentiel_desktop.gui.common.labels import display_title
        from referentiel_desktop.referential import repository

        found = {a.id: a.name for a in people.list_authors(workspace)}
        found.update({t.id: t.name for t in people.list_territories(workspace)})
        with workspace.reading() as session:
            node_ids = [node.id for node in repository.list_nodes(session)]
        for node_id in node_ids:
            node = window.model.node(node_id)
            if node is not None:
                found[node_id] = display_title(node, window.language)
        return found

    dialog = ConflictsDialog(workspace, names, window)
    window.conflicts_dialog = dialog
    dialog.open()
    return dialog


def install_exchange(window: Any) -> None:
    menu = window.menus["file"]
    export_action = menu.addAction("")
    import_action = menu.addAction("")
    conflicts_action = menu.addAction("")
    for action in (export_action, import_action, conflicts_action):
        menu.removeAction(action)
    menu.insertActions(window.quit_action, [export_action, import_action, conflicts_action])
    menu.insertSeparator(window.quit_action)

    def choose_export() -> None:
        if window.workspace is not None:
            dialog = _file_dialog(window, save=True)
            dialog.fileSelected.connect(lambda name: export_to(window, Path(name)))
            dialog.open()

    def choose_import() -> None:
        if window.workspace is not None:
            dialog = _file_dialog(window, save=False)
            dialog.fileSelected.connect(lambda name: start_import(window, Path(name)))
            dialog.open()

    export_action.triggered.connect(choose_export)
    import_action.triggered.connect(choose_import)
    conflicts_action.triggered.connect(lambda: show_conflicts(window))
    window.export_action = export_action
    window.import_action = import_action
    window.conflicts_action = conflicts_action
    window.setAcceptDrops(True)
    window.bundle_drop = _DropFilter(window)
    window.installEventFilter(window.bundle_drop)

    def retranslate(_lang: str = "") -> None:
        export_action.setText(_("Export…"))
        import_action.setText(_("Import…"))
        conflicts_action.setText(_("Conflicts…"))

    retranslate()
    window.language_changed.connect(retranslate)
