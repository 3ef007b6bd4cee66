"""File → Booklet… (Ctrl+P): choose items and options, watch the real PDF take shape,
export it or print it. Every build runs on a worker thread; a newer one supersedes it.
The options' widgets are the form's (``booklet_form.py``); this adds the preview, the
builds and what leaves the dialog."""

from __future__ import annotations

import io
import itertools
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.booklet import BookletCancelled, BookletOptions, build_pdf, gather
from referentiel_desktop.errors import UserError
from referentiel_desktop.gui.booklet.booklet_form import BookletForm
from referentiel_desktop.gui.booklet.booklet_preview import BookletPreview
from referentiel_desktop.gui.common import accessible
from referentiel_desktop.gui.common.recent_files import open_file, remember_recent, show_in_folder
from referentiel_desktop.gui.common.worker import run_in_background
from referentiel_desktop.i18n import _, ngettext
from referentiel_desktop.referential.snapshot import NodeView
from referentiel_desktop.workspace import Workspace

REBUILD_DELAY_MS = 300


class BookletDialog(BookletForm):
    def __init__(self, workspace: Workspace, nodes: list[NodeView], language: str,
                 current: str | None, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(workspace, nodes, language, parent)
        self.setObjectName("booklet-dialog")
        self.setWindowTitle(_("Booklet"))
        self._generation = itertools.count(1)
        self._wanted = 0
        self.file_dialog: QFileDialog | None = None
        self.preview = BookletPreview(self)
        self._build_actions()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.questions_label)
        left_layout.addWidget(self.questions)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(self.form)
        middle_layout.addStretch(1)
        middle_layout.addWidget(self.pages_label)
        middle_layout.addWidget(self.progress)
        middle_layout.addLayout(self.buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (left, middle, self.preview):
            splitter.addWidget(widget)
        splitter.setSizes([330, 300, 460])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.resize(1180, 760)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REBUILD_DELAY_MS)
        self.timer.timeout.connect(self.rebuild)
        self.tree.selection_changed.connect(self.options_changed)
        self.tree.currentItemChanged.connect(lambda *_: self._show_questions())
        self.questions.textChanged.connect(self._questions_edited)
        if current:
            self.tree.set_selected([current])
            item = self.tree.items.get(current)
            if item is not None:
                self.tree.setCurrentItem(item)
        self._show_questions()
        self._name_for_screen_readers()
        self.options_changed()

    def _name_for_screen_readers(self) -> None:
        accessible.name_form_fields(self.form)
        accessible.name(self.presets, _("Preset"))
        accessible.name(self.tree, _("What the booklet holds"))
        accessible.name(self.questions, _("Questions for discussion"), self.questions_label)
        accessible.name(self.inventory, _("Inventory"))
        accessible.name(self.preview, _("Preview of the booklet"))

    def _build_actions(self) -> None:
        self.pages_label = QLabel()
        self.pages_label.setObjectName("booklet-pages")
        self.pages_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button = QPushButton(_("Export PDF…"))
        self.export_button.clicked.connect(self.ask_export_path)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_booklet)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)
        # Once a booklet is written: open it, or show it in its folder, as the system does.
        self.open_button = QPushButton(_("Open"))
        self.open_button.setObjectName("booklet-open")
        self.reveal_button = QPushButton(_("Show in folder"))
        self.reveal_button.setObjectName("booklet-show-in-folder")
        self.exported: str = ""
        self.open_button.clicked.connect(lambda: open_file(self.exported))
        self.reveal_button.clicked.connect(lambda: show_in_folder(self.exported))
        self.open_button.hide()
        self.reveal_button.hide()
        self.buttons = QHBoxLayout()
        for button in (self.open_button, self.reveal_button, self.cancel_button,
                       self.export_button, self.print_button, self.close_button):  # fmt: skip
            self.buttons.addWidget(button)

    # -- building ------------------------------------------------------------------------
    def options_changed(self) -> None:
        # What is shown no longer matches the options: nothing leaves until it does.
        self.export_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self.timer.start()

    def rebuild(self) -> None:
        """Build the booklet in memory on a worker; the newest build wins."""
        generation = next(self._generation)
        self._wanted = generation
        try:
            options = self.options()
        except UserError as error:
            self.status.setText(str(error))
            return
        if not options.selection and not options.inventory:
            self.pages_label.setText(
                _(
                    "Nothing is selected yet: tick items in the tree (a theme brings its "
                    "balises), or choose an inventory."
                )
            )
            self.export_button.setEnabled(False)
            self.print_button.setEnabled(False)
            return
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        workspace = self.workspace

        def build(progress: Any) -> tuple[bytes, int, int]:
            def report(done: int, total: int) -> None:
                if self._wanted != generation:
                    raise BookletCancelled
                progress(done, total)

            content = gather(workspace, options)
            out = io.BytesIO()
            result = build_pdf(content, out, report)
            return out.getvalue(), result.pages, result.sheets

        run_in_background(
            build,
            on_done=lambda value: self._built(generation, options, *value),
            on_error=lambda error: self._failed(generation, error),
            on_progress=lambda done, total: self._progressed(generation, done, total),
            owner=self,
        )

    def _progressed(self, generation: int, done: int, total: int) -> None:
        if generation == self._wanted:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _built(self, generation: int, options: BookletOptions, data: bytes, pages: int,
               sheets: int) -> None:  # fmt: skip
        if generation != self._wanted:
            return
        self._finished()
        self.preview.show_pdf(data)
        text = ngettext("{count} page", "{count} pages", pages).format(count=pages)
        if options.fold:
            count = sheets // 2
            text += ", " + ngettext("{count} sheet to print on both sides",
                                    "{count} sheets to print on both sides", count).format(
                count=count)  # fmt: skip
        self.pages_label.setText(text)
        self.export_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self.status.setText("")

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._wanted and isinstance(error, BookletCancelled):
            return
        self._finished()
        if isinstance(error, BookletCancelled):
            self.status.setText(_("Cancelled: the preview shows the last booklet built."))
        elif isinstance(error, UserError):
            self.status.setText(str(error))
        else:
            self.status.setText(_("The booklet could not be made: {error}").format(error=error))

    def _finished(self) -> None:
        self.progress.hide()
        self.cancel_button.setEnabled(False)

    def cancel(self) -> None:
        self.timer.stop()
        self._wanted = next(self._generation)  # the running build sees it and stops
        self._finished()
        self.status.setText(_("Cancelled: the preview shows the last booklet built."))

    def building(self) -> bool:
        return self.progress.isVisible() or self.timer.isActive()

    # -- export and print ----------------------------------------------------------------
    def ask_export_path(self) -> QFileDialog:
        from referentiel_desktop.gui.common.file_places import (
            remember,
            safe_file_name,
            start_folder,
        )
        from referentiel_desktop.gui.common.qt_gaps import fill_gaps

        settings = self.parent_settings()
        dialog = QFileDialog(self, _("Export PDF"))
        dialog.setObjectName("booklet-file-dialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("PDF (*.pdf)")
        dialog.setDefaultSuffix("pdf")
        dialog.setDirectory(str(start_folder(settings, "booklet")))
        dialog.selectFile(safe_file_name(self.title.text().strip() or _("Booklet")) + ".pdf")

        def chosen(path: str) -> None:
            remember(settings, "booklet", path)
            self.export_to(path)

        dialog.fileSelected.connect(chosen)
        self.file_dialog = dialog
        dialog.open()
        fill_gaps(dialog)  # once its widgets are built
        return dialog

    def parent_settings(self) -> QSettings:
        from referentiel_desktop.gui.window.main_window import MainWindow

        shell = self.parent()
        return shell.settings if isinstance(shell, MainWindow) else QSettings()

    def export_to(self, path: str) -> None:
        """Write the booklet shown (the bytes of the preview) atomically to ``path``."""
        from referentiel_desktop.output_paths import write_user_bytes

        try:
            write_user_bytes(path, self.preview.data, self.workspace.data_dir)
        except UserError as error:
            self.status.setText(str(error))
            return
        self.status.setText(_("Exported {path}.").format(path=path))
        self.exported = path
        self.open_button.show()
        self.reveal_button.show()
        remember_recent(self.parent_settings(), "booklet", path)

    def print_booklet(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            printed = self.preview.print_on(printer)
            message = ngettext("Sent {count} page to the printer.",
                               "Sent {count} pages to the printer.", printed)  # fmt: skip
            self.status.setText(message.format(count=printed))
