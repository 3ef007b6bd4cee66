"""The team's notes under every page: the panel in the reading pane, the note box that
takes what is typed on the page, Edit → Add a note."""

from __future__ import annotations

from referentiel_desktop.gui.common.change_relay import ChangeRelay
from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
from referentiel_desktop.gui.notes.node_annotations_panel import NodeAnnotationsPanel
from referentiel_desktop.gui.notes.typing_to_note import TypingToNote
from referentiel_desktop.gui.window.edit_actions import EditActions
from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.workspace import Workspace


class NotesFeature:
    def __init__(
        self,
        shell: MainWindow,
        workspace: Workspace,
        stack: SafeUndoStack,
        changes: ChangeRelay,
        edit: EditActions,
    ) -> None:
        self.panel = NodeAnnotationsPanel(stack)
        shell.reading_pane.add_panel(self.panel, self.panel)
        self.typing = TypingToNote(self.panel, shell)
        self.typing.watch(shell.tree, shell.reading_pane.primary)
        edit.add_note_action.triggered.connect(self.panel.add_note)
        shell.language_changed.connect(self.panel.retranslate)
        # Typed text is saved before the window closes; a failed save keeps it open.
        shell.close_guards.append(self.panel.editor.flush)
        changes.changed.connect(self.panel.on_change)
        self.panel.attach_workspace(workspace)

    def open_note(self, note_id: str) -> None:
        """A note found by search: its balise page is already shown."""
        self.panel.select_note(note_id)
