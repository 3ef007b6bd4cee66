"""The main window: navigation tree, reading pane, history, language and side-by-side.

Features plug in through a small surface: ``open_node(id)`` to navigate,
``reading_pane.add_panel(widget)`` for what shows under a node, ``add_dock`` for views,
``menus`` to add actions, ``language_changed`` and ``workspace_ready`` to follow along.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.gui.about_dialog import AboutDialog
from referentiel_desktop.gui.message_bar import MessageBar
from referentiel_desktop.gui.navigation_model import NODE_ID_ROLE, NavigationModel
from referentiel_desktop.gui.reading_pane import ReadingPane
from referentiel_desktop.i18n import _
from referentiel_desktop.referential.snapshot import NodeView, read_nodes, read_provenance

if TYPE_CHECKING:
    from referentiel_desktop.workspace import Workspace

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


class MainWindow(QMainWindow):
    language_changed = Signal(str)
    workspace_ready = Signal(object)
    about_to_close = Signal()

    def __init__(
        self,
        nodes: list[NodeView],
        db_path: Path,
        settings: QSettings,
        language: str,
        apply_language: Callable[[str], None],
    ) -> None:
        super().__init__()
        self.setObjectName("main-window")
        self.db_path = db_path
        self.settings = settings
        self.language = language
        self.workspace: Workspace | None = None
        self._apply_language = apply_language
        self._history: list[str] = []
        self._position = -1
        self.model = NavigationModel()
        self.model.load(nodes, language)
        self.tree = QTreeView()
        self.tree.setObjectName("navigation-tree")
        self.tree.setHeaderHidden(True)
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.selectionModel().currentChanged.connect(self._tree_current_changed)
        self.reading_pane = ReadingPane(self.model.children_of, self.model.node)
        self.reading_pane.set_language(language)
        self.reading_pane.link_activated.connect(self.open_node)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.reading_pane)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([340, 860])
        self.message_bar = MessageBar()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.message_bar)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.menus: dict[str, QMenu] = {}
        # Asked before the window closes; each saves what it holds and says False when
        # something typed could not be saved: the window then stays open, text in place.
        self.close_guards: list[Callable[[], bool]] = []
        self._build_actions()
        self.retranslate()
        self._restore()

    # -- actions and menus -------------------------------------------------------------
    def _build_actions(self) -> None:
        bar = self.menuBar()
        for key in ("file", "edit", "view", "go", "help"):
            self.menus[key] = bar.addMenu("")
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.menus["file"].addAction(self.quit_action)
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == self.language)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_actions[code] = action
            self.menus["view"].addAction(action)
        self.menus["view"].addSeparator()
        self.side_by_side_action = QAction(self, checkable=True)
        self.side_by_side_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.side_by_side_action.toggled.connect(self.set_side_by_side)
        self.menus["view"].addAction(self.side_by_side_action)
        self.back_action = QAction(self)
        self.back_action.setShortcut(QKeySequence("Alt+Left"))
        self.back_action.triggered.connect(self.go_back)
        self.forward_action = QAction(self)
        self.forward_action.setShortcut(QKeySequence("Alt+Right"))
        self.forward_action.triggered.connect(self.go_forward)
        self.menus["go"].addActions([self.back_action, self.forward_action])
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.menus["help"].addAction(self.about_action)
        self.toolbar = self.addToolBar("main")
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addActions([self.back_action, self.forward_action, self.side_by_side_action])
        self._update_history_actions()

    def retranslate(self) -> None:
        titles = {
            "file": _("&File"),
            "edit": _("&Edit"),
            "view": _("&View"),
            "go": _("&Go"),
            "help": _("&Help"),
        }
        for key, menu in self.menus.items():
            menu.setTitle(titles.get(key, menu.title()))
        self.setWindowTitle(_("Référentiel Desktop — peer cities and pilot transition territories"))
        self.quit_action.setText(_("&Quit"))
        self.side_by_side_action.setText(_("French and English side by side"))
        self.back_action.setText(_("Back"))
        self.back_action.setToolTip(_("Back (Alt+Left)"))
        self.forward_action.setText(_("Forward"))
        self.forward_action.setToolTip(_("Forward (Alt+Right)"))
        self.about_action.setText(_("&About Référentiel Desktop"))
        self.toolbar.setWindowTitle(_("Main toolbar"))
        self.message_bar.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- language and layout -----------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Switch the interface and the content to ``lang`` without restarting."""
        if lang not in LANGUAGE_NAMES:
            return
        self.language = lang
        self._apply_language(lang)  # i18n + Qt's own translator (sends LanguageChange)
        self.language_actions[lang].setChecked(True)
        self.retranslate()
        self.model.retranslate(lang)
        self.reading_pane.set_language(lang)
        self.settings.setValue("language", lang)
        self.language_changed.emit(lang)

    def set_side_by_side(self, enabled: bool) -> None:
        if self.side_by_side_action.isChecked() != enabled:
            self.side_by_side_action.setChecked(enabled)
            return
        self.reading_pane.set_side_by_side(enabled)
        self.settings.setValue("side_by_side", enabled)

    def add_dock(self, widget: QWidget, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{widget.objectName() or title}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def show_failure(self, message: str, retry: Callable[[], None] | None = None) -> None:
        """Say in the window what could not be done (an uncaught error, a failed write
        that belongs to no editor)."""
        self.message_bar.show_failure(message, retry)

    # -- navigation ----------------------------------------------------------------------
    def current_node_id(self) -> str | None:
        return self._history[self._position] if self._position >= 0 else None

    def open_node(self, node_id: str) -> bool:
        """Show ``node_id`` and record it in the history; False if there is no such node."""
        if self.model.node(node_id) is None:
            return False
        if node_id != self.current_node_id():
            del self._history[self._position + 1 :]
            self._history.append(node_id)
            self._position = len(self._history) - 1
        self._show(node_id)
        return True

    def _show(self, node_id: str) -> None:
        index = self.model.index_of(node_id)
        if index.isValid() and self.tree.currentIndex() != index:
            # Signals stay on, or the tree would not repaint its selection: the slot
            # below ignores the node already shown.
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        self.reading_pane.show_node(self.model.node(node_id))
        self.settings.setValue("last_node", node_id)
        self._update_history_actions()

    def _tree_current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        node_id = current.data(NODE_ID_ROLE)
        if node_id and node_id != self.current_node_id():
            self.open_node(node_id)

    def go_back(self) -> None:
        if self._position > 0:
            self._position -= 1
            self._show(self._history[self._position])

    def go_forward(self) -> None:
        if self._position < len(self._history) - 1:
            self._position += 1
            self._show(self._history[self._position])

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self._position > 0)
        self.forward_action.setEnabled(self._position < len(self._history) - 1)

    # -- workspace and data --------------------------------------------------------------
    def attach_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.workspace_ready.emit(workspace)

    def reload_nodes(self) -> None:
        """Re-read the referential (after another edition was loaded)."""
        current = self.current_node_id()
        nodes = read_nodes(self.db_path)
        if nodes:
            self.model.load(nodes, self.language)
            self.tree.expandToDepth(0)
            if current and self.model.node(current):
                self._show(current)

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(read_provenance(self.db_path), self.language, self)
        dialog.open()
        return dialog

    # -- persistence ---------------------------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:  # first start: a comfortable size that still fits a small laptop screen
            screen = self.screen().availableGeometry()
            self.resize(min(1200, int(screen.width() * 0.92)), min(780, int(screen.height() * 0.9)))
        splitter = self.settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        if str(self.settings.value("side_by_side", "false")).lower() == "true":
            self.set_side_by_side(True)
        self.tree.expandToDepth(0)
        last = str(self.settings.value("last_node", "") or "")
        if not (last and self.open_node(last)):
            self.open_node("ambition")

    def restore_dock_state(self) -> None:
        """Called once every feature has added its docks and panels."""
        reading = self.settings.value("reading_splitter")
        if reading is not None:
            self.reading_pane.splitter.restoreState(reading)
        state = self.settings.value("window_state")
        if state is not None:
            self.restoreState(state)
            geometry = self.settings.value("geometry")
            if geometry is not None:  # docks coming back may have stretched the window
                self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not all([guard() for guard in self.close_guards]):  # every guard saves
            event.ignore()
            return
        self.about_to_close.emit()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.setValue("reading_splitter", self.reading_pane.splitter.saveState())
        self.settings.setValue("window_state", self.saveState())
        self.settings.sync()
        super().closeEvent(event)
