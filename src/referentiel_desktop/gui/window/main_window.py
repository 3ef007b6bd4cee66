"""The main window's shell: navigation tree, reading pane, history, language and
side-by-side, the undo stack, the menus. It knows no feature: ``gui/compose.py`` puts
the features in, and they use a small surface: ``open_node(id)`` to navigate,
``reading_pane.add_panel(widget, follows)`` for what shows under a node, ``add_dock`` for views,
``menus`` to add actions, ``close_guards`` to save before closing, ``language_changed``
to follow along.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.gui.common import accessible
from referentiel_desktop.gui.common.collector import collect_soon
from referentiel_desktop.gui.common.labels import display_title
from referentiel_desktop.gui.common.message_bar import MessageBar
from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
from referentiel_desktop.gui.window.docks import Docks
from referentiel_desktop.gui.window.history import History
from referentiel_desktop.gui.window.map_view import MapPage
from referentiel_desktop.gui.window.navigation_model import NODE_ID_ROLE, NavigationModel
from referentiel_desktop.gui.window.node_page import siblings
from referentiel_desktop.gui.window.reading_pane import ReadingPane
from referentiel_desktop.i18n import _
from referentiel_desktop.referential.snapshot import NodeView, read_nodes, read_provenance

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from referentiel_desktop.gui.window.about_dialog import AboutDialog
    from referentiel_desktop.workspace import Workspace

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
HOME = "home"  # the map of the referential, in the history like any page


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
        self.docks = Docks(self)  # every dock is added through add_dock
        self.db_path = db_path
        self.settings = settings
        self.language = language
        self.workspace: Workspace | None = None
        self._apply_language = apply_language
        self.history = History()
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
        self.reading_pane.context.roots = lambda: [n for n in self.model.nodes() if not n.parent_id]
        self.map_page = MapPage(db_path, self.open_node)
        self.map_page.set_nodes(nodes, language)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.map_page)
        self.pages.addWidget(self.reading_pane)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.pages)
        # The tree grows with the window too (its titles are long), the page more.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([300, 900])
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
        self.undo_stack = SafeUndoStack(self)
        self.error_box: QMessageBox | None = None
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
            # QAction(name, …) would make the QIcon type before the first paint (3 ms).
            action = QAction(self, checkable=True)
            action.setText(name)
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
        self.home_action = QAction(self)
        self.home_action.setShortcut(QKeySequence("Alt+Home"))
        self.home_action.triggered.connect(lambda: self.open_node(HOME))
        self.previous_action = QAction(self)
        self.previous_action.setShortcut(QKeySequence("Alt+Up"))
        self.previous_action.triggered.connect(lambda: self._step(-1))
        self.next_action = QAction(self)
        self.next_action.setShortcut(QKeySequence("Alt+Down"))
        self.next_action.triggered.connect(lambda: self._step(1))
        go = [self.home_action, self.back_action, self.forward_action]
        self.menus["go"].addActions([*go, self.previous_action, self.next_action])
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.menus["help"].addAction(self.about_action)
        self.toolbar = self.addToolBar("main")
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addActions(
            [self.home_action, self.back_action, self.forward_action, self.side_by_side_action]
        )
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
        self._update_title()
        self.quit_action.setText(_("&Quit"))
        self.side_by_side_action.setText(_("French and English side by side"))
        self.back_action.setText(_("Back"))
        self.back_action.setToolTip(_("Back (Alt+Left)"))
        self.forward_action.setText(_("Forward"))
        self.forward_action.setToolTip(_("Forward (Alt+Right)"))
        self.about_action.setText(_("&About Référentiel Desktop"))
        self.home_action.setText(_("Map of the referential"))
        self.home_action.setToolTip(_("Map of the referential (Alt+Home)"))
        self.previous_action.setText(_("Previous item of the same kind"))
        self.next_action.setText(_("Next item of the same kind"))
        self.toolbar.setWindowTitle(_("Main toolbar"))
        accessible.name(self.tree, _("Contents of the referential"))
        accessible.name(self.map_page, _("Map of the referential"))
        accessible.name(self.map_page.canvas, _("Map of the referential"))
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
        self.map_page.set_nodes(self.model.nodes(), lang)
        self._update_title()
        self.settings.setValue("language", lang)
        self.language_changed.emit(lang)

    def set_side_by_side(self, enabled: bool) -> None:
        if self.side_by_side_action.isChecked() != enabled:
            self.side_by_side_action.setChecked(enabled)
            return
        self.reading_pane.set_side_by_side(enabled)
        self.settings.setValue("side_by_side", enabled)

    def add_dock(
        self, widget: QWidget, title: str, area: Qt.DockWidgetArea, *, scrolls: bool = False
    ) -> QDockWidget:
        """A dock holding ``widget`` (``scrolls``: it scrolls inside its dock)."""
        return self.docks.add(widget, title, area, scrolls=scrolls)

    def give_way(self) -> None:
        """The docks under the page leave it room to be read (``docks.py``)."""
        self.docks.give_way()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.give_way()

    def show_unreadable(self, message: str) -> None:
        """The data file cannot be opened: say so and why; the window stays up for
        reading what can still be read."""
        from PySide6.QtWidgets import QMessageBox  # built when first needed, not at the paint

        box = QMessageBox(QMessageBox.Icon.Critical, "Référentiel Desktop", message, parent=self)
        box.setObjectName("unreadable-data")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the message holds a path, maybe markup
        self.error_box = box
        self.statusBar().showMessage(message)
        box.open()

    def show_failure(self, message: str, retry: Callable[[], None] | None = None) -> None:
        """Say in the window what could not be done (an uncaught error, a failed write
        that belongs to no editor)."""
        self.message_bar.show_failure(message, retry)

    # -- navigation ----------------------------------------------------------------------
    def current_page(self) -> str | None:
        """The page shown: a node's id, or :data:`HOME` for the map."""
        return self.history.current

    def current_node_id(self) -> str | None:
        """The node whose page is shown; None on the map."""
        page = self.current_page()
        return None if page == HOME else page

    def open_node(self, node_id: str) -> bool:
        """Show ``node_id`` (or :data:`HOME`, the map) and record it in the history;
        False if there is no such node."""
        if node_id != HOME and self.model.node(node_id) is None:
            return False
        self.history.visit(node_id)
        self._show(node_id)
        return True

    def _show(self, node_id: str) -> None:
        collect_soon()  # what the page shown before held goes, once the reader settles
        if node_id == HOME:
            self.pages.setCurrentWidget(self.map_page)
            self.tree.clearSelection()
        else:
            self.pages.setCurrentWidget(self.reading_pane)
            index = self.model.index_of(node_id)
            if index.isValid() and self.tree.currentIndex() != index:
                # Signals stay on, or the tree would not repaint its selection: the slot
                # below ignores the node already shown.
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index)
            self.reading_pane.show_node(self.model.node(node_id))
        self.settings.setValue("last_node", node_id)
        self._update_history_actions()
        self._update_title()

    def _update_title(self) -> None:
        """The page shown; Qt adds the application's name after it, once."""
        node = self.model.node(self.current_node_id() or "")
        self.setWindowTitle(
            display_title(node, self.language) if node else _("Map of the referential")
        )

    def _step(self, step: int) -> None:
        """Alt+Up / Alt+Down: the previous or next item of the same kind (balise 2 → 3)."""
        node = self.model.node(self.current_node_id() or "")
        if node is not None:
            previous, following = siblings(node, self.reading_pane.context)
            target = previous if step < 0 else following
            if target is not None:
                self.open_node(target.id)

    def _tree_current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        node_id = current.data(NODE_ID_ROLE)
        if node_id and node_id != self.current_page():
            self.open_node(node_id)

    def go_back(self) -> None:
        page = self.history.back()
        if page is not None:
            self._show(page)

    def go_forward(self) -> None:
        page = self.history.forward()
        if page is not None:
            self._show(page)

    def _update_history_actions(self) -> None:
        node = self.model.node(self.current_node_id() or "")
        around = siblings(node, self.reading_pane.context) if node else (None, None)
        self.previous_action.setEnabled(around[0] is not None)
        self.next_action.setEnabled(around[1] is not None)
        self.back_action.setEnabled(self.history.can_go_back())
        self.forward_action.setEnabled(self.history.can_go_forward())

    def attach_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.workspace_ready.emit(workspace)

    def reload_nodes(self) -> None:
        """Re-read the referential (after another edition was loaded)."""
        current = self.current_page()
        if nodes := read_nodes(self.db_path):
            self.model.load(nodes, self.language)
            self.map_page.set_nodes(nodes, self.language)
            self.tree.expandToDepth(0)
            if current == HOME or (current and self.model.node(current)):
                self._show(current)

    def show_about(self) -> AboutDialog:
        from referentiel_desktop.gui.window.about_dialog import AboutDialog  # when asked

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
        # The map first; later starts come back to the page the reader left.
        last = str(self.settings.value("last_node", "") or "")
        if not (last and self.open_node(last)):
            self.open_node(HOME)
        if self.current_page() == HOME:
            # Not the tree: taking the focus, it would select its first item and leave the map.
            self.map_page.canvas.setFocus()

    def restore_dock_state(self) -> None:
        """Called once every feature has added its docks and panels."""
        reading = self.settings.value("reading_splitter")
        if reading is not None:
            self.reading_pane.restore_splitter(reading)
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
        if self.reading_pane.fitted():  # never moved: it keeps fitting each page
            self.settings.remove("reading_splitter")
        else:
            self.settings.setValue("reading_splitter", self.reading_pane.splitter.saveState())
        self.settings.setValue("window_state", self.saveState())
        self.settings.sync()
        super().closeEvent(event)
