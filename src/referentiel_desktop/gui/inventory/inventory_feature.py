"""The Inventory in the window: a dock opened from View → Inventory, and the questions
linked to a balise listed on its page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from referentiel_desktop.changes import Change
from referentiel_desktop.gui.common.change_relay import ChangeRelay
from referentiel_desktop.gui.common.labels import display_title
from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
from referentiel_desktop.gui.inventory.inventory_view import InventoryView
from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.i18n import _
from referentiel_desktop.inventory.links import questions_linked_to
from referentiel_desktop.referential.snapshot import NodeView
from referentiel_desktop.workspace import Workspace


class InventoryFeature:
    def __init__(
        self, shell: MainWindow, workspace: Workspace, stack: SafeUndoStack, changes: ChangeRelay
    ) -> None:
        self._shell = shell
        self._workspace = workspace

        def balises() -> list[tuple[str, str]]:
            nodes = [n for n in shell.model.nodes() if n.kind == "balise"]
            return [(n.id, f"{display_title(n, shell.language)} ({n.id})") for n in nodes]

        self.view = InventoryView(balises, stack)
        self.dock = shell.add_dock(
            self.view, _("Inventory"), Qt.DockWidgetArea.BottomDockWidgetArea, scrolls=True
        )
        self.dock.hide()  # opened from View → Inventory; the window state remembers it
        self.action = self.dock.toggleViewAction()
        self.action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        shell.menus["view"].addAction(self.action)
        self.view.balise_requested.connect(shell.open_node)
        self.retranslate()
        shell.language_changed.connect(self.retranslate)
        # An answer typed and not yet saved is saved before the window closes; a save
        # that fails keeps the window open, the text in place.
        shell.close_guards.append(self.view.editor.flush)
        changes.changed.connect(self.view.on_change)
        self.view.attach_workspace(workspace)
        # A balise's page lists the questions linked to it, and follows the links.
        shell.reading_pane.context.linked_questions = self.linked_questions
        changes.changed.connect(self._links_changed)
        shell.reading_pane.refresh()

    def linked_questions(self, node_id: str) -> list[NodeView]:
        found = (
            self._shell.model.node(q.id) for q in questions_linked_to(self._workspace, node_id)
        )
        return [node for node in found if node is not None]

    def _links_changed(self, change: Change) -> None:
        if change.kind.startswith("inventory"):
            self._shell.reading_pane.refresh()

    def retranslate(self, lang: str = "") -> None:
        self.dock.setWindowTitle(_("Inventory"))
        self.action.setText(_("Inventory"))
        self.view.retranslate(lang)
