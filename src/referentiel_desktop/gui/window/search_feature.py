"""Search in the window: the panel in its dock, Go → Search… (Ctrl+F), hits opened.

The panel is there at the first paint; the search service (one per data folder,
opened by the composition root with the workspace) is handed to it afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from referentiel_desktop.gui.common.labels import display_title
from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.gui.window.search_panel import SearchPanel
from referentiel_desktop.i18n import _

if TYPE_CHECKING:  # the window paints before Whoosh and SQLAlchemy are imported
    from referentiel_desktop.search.service import SearchService
    from referentiel_desktop.workspace import Workspace


class SearchFeature:
    def __init__(self, shell: MainWindow) -> None:
        self._shell = shell

        def node_label(node_id: str) -> str:
            node = shell.model.node(node_id)
            return display_title(node, shell.language) if node is not None else node_id

        self.panel = SearchPanel(lambda: shell.language, node_label)
        self.dock = shell.add_dock(self.panel, _("Search"), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.dock.setFeatures(self.dock.DockWidgetFeature.DockWidgetMovable)
        shell.resizeDocks([self.dock], [275], Qt.Orientation.Horizontal)  # room for titles
        self.panel.open_requested.connect(shell.open_node)
        self.panel.words_matched.connect(shell.reading_pane.highlight)
        self.action = QAction(shell)
        self.action.setShortcut(QKeySequence.StandardKey.Find)
        self.action.triggered.connect(self.show)
        shell.addAction(self.action)
        shell.menus["go"].addSeparator()
        shell.menus["go"].addAction(self.action)
        self.retranslate()
        shell.language_changed.connect(self.retranslate)

    def show(self) -> None:
        self.dock.show()
        self.panel.focus_field()

    def answer_early(self, data_dir: Path) -> bool:
        """Answer the words typed from the index on disk, before the workspace (and
        SQLAlchemy) is loaded; False when it cannot be trusted to (``search/early.py``)."""
        from referentiel_desktop.search.early import answer_from_disk

        panel = self.panel
        text = panel.field.text()
        result = answer_from_disk(data_dir, text, self._shell.language, **panel.query_options())
        if result is None or result.building:
            return False
        panel.show_early(result)
        return True

    def attach(self, workspace: Workspace, service: SearchService) -> None:
        self.panel.attach_workspace(workspace, service)

    def retranslate(self, _lang: str = "") -> None:
        self.dock.setWindowTitle(_("Search"))
        self.action.setText(_("Search…"))
        self.panel.retranslate()
