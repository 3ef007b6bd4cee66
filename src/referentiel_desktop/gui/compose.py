"""The composition root: the main window and every feature, put together here, once.

The shell (``window/main_window.py``: the tree, the pages, the menus, the history) knows
no feature. :class:`Window` is the shell with its features; what it owns is declared
below, each a small typed class that receives what it needs in its constructor and
connects itself there. No feature looks another up on the window, so the order below
is the order of the menus, not a constraint.

Two phases, because the first paint must not wait for SQLAlchemy or Whoosh:

- :meth:`Window.__init__` builds what shows at the first paint (search, safety);
- :meth:`Window.attach_workspace`, once the workspace is open (after the first paint),
  opens the services (the change relay: the one road by which changes reach the window;
  the search service of the data folder) and builds the features that read or write,
  then says ``workspace_ready``. Words typed in the search field before then are
  answered first, and the features built right after the answer.

To add a feature:

1. write it as a class in its ``gui/<feature>/`` package; its constructor takes the
   shell (``shell.menus[...]``, ``shell.add_dock``, ``shell.language_changed``,
   ``shell.close_guards``) and, if it reads or writes, the workspace, the undo stack
   and the change relay (``changes.changed.connect(self.on_change)``: it receives
   :class:`~referentiel_desktop.changes.Change` records and refreshes what they touch);
2. declare it below as an attribute of :class:`Window`, with its type;
3. construct it in ``__init__`` (it needs no data) or in ``_compose_workspace`` (it
   does: import its module there, so that it loads after the first paint).

Nothing else sets attributes on the window (``tests/gui/test_composition.py`` checks).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer

from referentiel_desktop.gui.common.failures import describe_failed_write
from referentiel_desktop.gui.common.recent_files import RecentMenu
from referentiel_desktop.gui.help.help_menu import HelpActions
from referentiel_desktop.gui.meeting.meeting_feature import MeetingMode
from referentiel_desktop.gui.safety.safety_menu import SafetyActions
from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.gui.window.search_feature import SearchFeature
from referentiel_desktop.referential.snapshot import NodeView

if TYPE_CHECKING:  # built after the first paint; their modules bring SQLAlchemy
    from referentiel_desktop.changes import Change
    from referentiel_desktop.gui.booklet.booklet_action import BookletAction
    from referentiel_desktop.gui.cases.cases_feature import CasesFeature
    from referentiel_desktop.gui.common.change_relay import ChangeRelay
    from referentiel_desktop.gui.exchange.exchange_menu import ExchangeActions
    from referentiel_desktop.gui.inventory.inventory_feature import InventoryFeature
    from referentiel_desktop.gui.notes.notes_feature import NotesFeature
    from referentiel_desktop.gui.sync.sync_feature import SyncActions
    from referentiel_desktop.gui.team.team_menu import TeamActions
    from referentiel_desktop.gui.window.edit_actions import EditActions
    from referentiel_desktop.search.service import SearchService
    from referentiel_desktop.workspace import Workspace

FIRST_ANSWER_WAIT_MS = 1500
"""How long the features wait for the first search's answer before being built anyway."""
COUNTED_KINDS = ("note", "case", "referential")
"""The changes that can move the map's badges (notes and cases per balise)."""


class Window(MainWindow):
    """The main window and what it owns."""

    # From the first paint.
    search: SearchFeature
    safety: SafetyActions
    meeting: MeetingMode
    help: HelpActions
    recent: RecentMenu
    # Once the workspace is open (see attach_workspace).
    changes: ChangeRelay
    search_service: SearchService
    edit: EditActions
    notes: NotesFeature
    cases: CasesFeature
    team: TeamActions
    exchange: ExchangeActions
    sync: SyncActions
    inventory: InventoryFeature
    booklet: BookletAction

    def __init__(
        self,
        nodes: list[NodeView],
        db_path: Path,
        settings: QSettings,
        language: str,
        apply_language: Callable[[str], None],
    ) -> None:
        super().__init__(nodes, db_path, settings, language, apply_language)
        self.undo_stack.report = lambda error, retry: self.show_failure(
            describe_failed_write(error), retry
        )
        self.search = SearchFeature(self)
        self.safety = SafetyActions(self)
        self.meeting = MeetingMode(self)
        self.help = HelpActions(self)
        self.recent = RecentMenu(self, self._open_recent_bundle)
        self._composed = False

    def attach_workspace(self, workspace: Workspace) -> None:
        if self._composed:
            return  # one workspace per window
        self._composed = True
        self.workspace = workspace
        self._open_services(workspace)
        if self.search.panel.has_query():
            # Words typed before the workspace was open: their answer comes first, the
            # features that read or write (a fifth of a second to build) right after.
            self._after_first_answer(lambda: self._compose_workspace(workspace))
        else:
            self._compose_workspace(workspace)

    def _after_first_answer(self, build: Callable[[], None]) -> None:
        built = False

        def once(*_args: object) -> None:
            nonlocal built
            if not built:
                built = True
                self.search.panel.results_shown.disconnect(once)
                QTimer.singleShot(0, self, build)  # once the results are painted

        self.search.panel.results_shown.connect(once)
        QTimer.singleShot(FIRST_ANSWER_WAIT_MS, self, once)  # a search that fails or lingers

    def _open_services(self, workspace: Workspace) -> None:
        from referentiel_desktop.gui.common.change_relay import ChangeRelay
        from referentiel_desktop.search.service import SearchService

        self.changes = ChangeRelay(workspace, self)
        self.about_to_close.connect(self.changes.stop)
        self.search_service = SearchService(workspace)
        self.destroyed.connect(lambda *_args, service=self.search_service: service.close())
        self.search.attach(workspace, self.search_service)
        self.changes.changed.connect(self.search.panel.on_change)
        self.changes.changed.connect(self._map_follows)

    def _compose_workspace(self, workspace: Workspace) -> None:
        from referentiel_desktop.gui.booklet.booklet_action import BookletAction
        from referentiel_desktop.gui.cases.cases_feature import CasesFeature
        from referentiel_desktop.gui.exchange.exchange_menu import ExchangeActions
        from referentiel_desktop.gui.inventory.inventory_feature import InventoryFeature
        from referentiel_desktop.gui.notes.notes_feature import NotesFeature
        from referentiel_desktop.gui.sync.sync_feature import SyncActions
        from referentiel_desktop.gui.team.team_menu import TeamActions
        from referentiel_desktop.gui.window.edit_actions import EditActions

        stack, changes = self.undo_stack, self.changes
        self.edit = EditActions(self, stack)
        self.team = TeamActions(self, workspace, stack, changes)
        self.exchange = ExchangeActions(self, workspace)
        self.sync = SyncActions(self, workspace, self.exchange.show_conflicts)
        self.notes = NotesFeature(self, workspace, stack, changes, self.edit)
        self.cases = CasesFeature(self, workspace, stack, changes, self.edit, self.notes.panel)
        self.search.panel.record_requested.connect(self._open_record)
        self.team.ask_who_is_using()
        self.inventory = InventoryFeature(self, workspace, stack, changes)
        self.booklet = BookletAction(self, workspace)
        # The cases and the inventory share one place under the page, as tabs.
        self.tabifyDockWidget(self.cases.dock, self.inventory.dock)
        self.cases.dock.raise_()
        self.restore_dock_state()  # every dock and panel is in place
        self.give_way()
        self.workspace_ready.emit(workspace)

    def _open_recent_bundle(self, path: Path) -> None:
        if self._composed and self.workspace is not None:
            self.exchange.start_import(path)

    def _open_record(self, kind: str, record_id: str) -> None:
        """A note or case found by search: its balise page is already shown."""
        if kind == "note":
            self.notes.open_note(record_id)
        elif kind == "case":
            self.cases.open_case(record_id)

    def _map_follows(self, change: Change) -> None:
        if change.kind in COUNTED_KINDS:
            self.map_page.canvas.refresh_counts()
