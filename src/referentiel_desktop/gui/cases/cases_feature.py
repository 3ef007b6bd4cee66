"""The team's cases: View → Cases (a dock listing them all), the case editors, Edit →
New case…, and the cases a balise page lists opening in their editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from referentiel_desktop.gui.cases.case_editors import CaseEditors
from referentiel_desktop.gui.cases.cases_view import CasesView
from referentiel_desktop.gui.common.change_relay import ChangeRelay
from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
from referentiel_desktop.gui.notes.node_annotations_panel import NodeAnnotationsPanel
from referentiel_desktop.gui.window.edit_actions import EditActions
from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace


class CasesFeature:
    def __init__(
        self,
        shell: MainWindow,
        workspace: Workspace,
        stack: SafeUndoStack,
        changes: ChangeRelay,
        edit: EditActions,
        page_panel: NodeAnnotationsPanel,
    ) -> None:
        self._shell = shell

        def balise_title(node_id: str) -> str:
            node = shell.model.node(node_id)
            return node.title(shell.language) if node is not None else node_id

        self.view = CasesView(balise_title)
        self.dock = shell.add_dock(
            self.view, _("Cases"), Qt.DockWidgetArea.BottomDockWidgetArea, scrolls=True
        )
        self.dock.hide()  # opened from View → Cases; the window state remembers it afterwards
        self.toggle_action = self.dock.toggleViewAction()
        self.toggle_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        shell.menus["view"].addSeparator()
        shell.menus["view"].addAction(self.toggle_action)
        self.editors = CaseEditors(shell, workspace, stack, changes)
        page_panel.case_requested.connect(self.editors.edit)
        self.view.case_requested.connect(self.editors.edit)
        self.view.delete_requested.connect(self.editors.delete)
        edit.new_case_action.triggered.connect(self.new_case)
        self.retranslate()
        shell.language_changed.connect(self.retranslate)
        shell.close_guards.append(self.editors.close_all)
        changes.changed.connect(self.view.on_change)
        self.view.attach_workspace(workspace)

    def new_case(self) -> None:
        self.editors.edit(None, self._shell.current_node_id())

    def open_case(self, case_id: str) -> None:
        """A case found by search: its editor opens over the page of its balise."""
        self.editors.edit(case_id, self._shell.current_node_id())

    def retranslate(self, _lang: str = "") -> None:
        self.dock.setWindowTitle(_("Cases"))
        self.view.retranslate()
