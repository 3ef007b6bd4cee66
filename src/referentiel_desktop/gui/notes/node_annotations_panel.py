"""Under a node's text: the team's notes on it and the cases linked to it, newest first,
each under its heading with its count, with a note added or edited right there: the note
box always holds a draft on the page shown, so typing goes into it at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.annotations import cases, notes, tags
from referentiel_desktop.changes import Change
from referentiel_desktop.gui.common import accessible
from referentiel_desktop.gui.common.plain import plain_label, tooltip
from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
from referentiel_desktop.gui.notes.note_editor import NoteEditor
from referentiel_desktop.i18n import _, format_when
from referentiel_desktop.workspace import Workspace

ID_ROLE = Qt.ItemDataRole.UserRole + 20


def _meta(author: str, when: Any, tag_names: tuple[str, ...], private: bool = False) -> str:
    parts = [author, format_when(when)]
    if tag_names:
        parts.append("#" + " #".join(tag_names))
    if private:
        parts.append(_("private"))
    return " · ".join(parts)


def _titled(heading: QLabel, content: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addWidget(heading)
    layout.addWidget(content, 1)
    return box


class NodeAnnotationsPanel(QWidget):
    """Shows notes and cases of the node given to ``show_node``."""

    case_requested = Signal(object, object)  # case id or None, the node id for a new case

    def __init__(self, undo_stack: SafeUndoStack) -> None:
        super().__init__()
        self.setObjectName("node-annotations")
        self.workspace: Workspace | None = None
        self.node_id: str | None = None
        self.heading = plain_label()
        self.notes_heading = plain_label()
        self.notes_heading.setObjectName("notes-heading")
        self.cases_heading = plain_label()
        self.cases_heading.setObjectName("cases-heading")
        for label in (self.notes_heading, self.cases_heading):
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        self.add_button = QPushButton()
        self.add_button.setObjectName("add-note")
        self.add_button.clicked.connect(self.add_note)
        self.new_case_button = QPushButton()
        self.new_case_button.clicked.connect(lambda: self.case_requested.emit(None, self.node_id))
        self.notes = QListWidget()
        self.notes.setObjectName("notes-list")
        self.notes.setWordWrap(True)
        self.notes.setAlternatingRowColors(True)
        self.notes.setSpacing(2)
        self.notes.currentItemChanged.connect(self._note_selected)
        delete_note = QShortcut(QKeySequence.StandardKey.Delete, self.notes)
        delete_note.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_note.activated.connect(self.editor_delete)  # asks nothing: Undo restores
        self.cases = QListWidget()
        self.cases.setObjectName("cases-list")
        self.cases.setAlternatingRowColors(True)
        self.cases.setWordWrap(True)
        self.cases.itemActivated.connect(self._open_case)
        self.cases.itemClicked.connect(self._open_case)  # one click opens it
        self.editor = NoteEditor(undo_stack, self._tag_names)
        self.editor.saved.connect(self._saved)
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.add_button)
        header.addWidget(self.new_case_button)
        lists = QSplitter(Qt.Orientation.Horizontal)
        lists.addWidget(_titled(self.notes_heading, self.notes))
        lists.addWidget(_titled(self.cases_heading, self.cases))
        lists.setSizes([600, 300])
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.editor)  # on top: the obvious place to write
        body.addWidget(lists)
        body.setSizes([90, 400])  # the lists get the room; the box grows when dragged
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(header)
        layout.addWidget(body, 1)
        self.retranslate()
        self.setEnabled(False)

    def retranslate(self, _lang: str = "") -> None:
        self.add_button.setText(_("Add a note"))
        self.new_case_button.setText(_("New case…"))
        self.editor.retranslate()
        self._update_heading()

    def _update_heading(self) -> None:
        self.heading.setText(
            _("Team notes: {notes} · Cases: {cases}").format(
                notes=self.notes.count(), cases=self.cases.count()
            )
        )
        self.notes_heading.setText(_("Notes ({count})").format(count=self.notes.count()))
        self.cases_heading.setText(_("Cases ({count})").format(count=self.cases.count()))
        accessible.name(self.notes, self.notes_heading.text(), self.notes_heading)
        accessible.name(self.cases, self.cases_heading.text(), self.cases_heading)

    def _tag_names(self) -> list[str]:
        return [name for name, _count in tags.list_tags(self.workspace)] if self.workspace else []

    def attach_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.setEnabled(True)
        self.show_node(self.node_id)

    def show_node(self, node_id: str | None) -> None:
        if node_id != self.node_id:
            self.editor.clear()
        self.node_id = node_id
        self.reload()
        self._draft_if_idle()

    def _draft_if_idle(self) -> None:
        """Keep a draft open on the page shown, without taking the focus from where the
        reader is (the tree, the page): typing goes there only when they type."""
        if self.workspace is None or not self.node_id or self.editor.target == self.node_id:
            return
        focused = QApplication.focusWidget()
        self.editor.start_draft(self.workspace, self.node_id)
        if focused is not None and focused is not self.editor.text:
            focused.setFocus()

    @property
    def typing_target(self) -> QWidget:
        return self.editor.text

    def take_typing(self) -> bool:
        """Move the keyboard into the note box, for text typed elsewhere on the page;
        False when there is no page to write on."""
        if self.workspace is None or not self.node_id or not self.isVisible():
            return False
        if self.editor.target != self.node_id or self.editor.note_id is not None:
            self.notes.clearSelection()  # typed on the page: a new note, not the one shown
            self.editor.start_draft(self.workspace, self.node_id)
        self.editor.text.setFocus()
        self.editor.text.moveCursor(self.editor.text.textCursor().MoveOperation.End)
        return True

    def reload(self, select: str | None = None) -> None:
        current = select or (
            self.notes.currentItem().data(ID_ROLE) if self.notes.currentItem() else None
        )
        self.notes.blockSignals(True)
        self.notes.clear()
        self.cases.clear()
        if self.workspace is not None and self.node_id:
            for view in notes.list_notes(self.workspace, target=self.node_id):
                first = view.text.strip().splitlines()[0] if view.text.strip() else ""
                meta = _meta(view.author, view.updated_at, view.tags, view.visibility == "private")
                item = QListWidgetItem(f"{first[:160]}\n{meta}")
                item.setData(ID_ROLE, view.id)
                item.setToolTip(tooltip(view.text))
                self.notes.addItem(item)
                if view.id == current:
                    self.notes.setCurrentItem(item)
            for case in cases.list_cases(self.workspace, balise=self.node_id):
                item = QListWidgetItem(
                    f"{case.title} — {case.territory}\n"
                    f"{_meta(case.author, case.updated_at, case.tags)}"
                )
                item.setData(ID_ROLE, case.id)
                self.cases.addItem(item)
        self.notes.blockSignals(False)
        self._update_heading()

    def on_change(self, change: Change) -> None:
        if change.kind in ("note", "case", "tag", "author", "territory"):
            self.reload()
            self.editor.refresh_from_store()
            self._draft_if_idle()

    # -- actions --------------------------------------------------------------------------
    def add_note(self) -> None:
        # Not on the map: the page this panel last showed is hidden then.
        if self.workspace is not None and self.node_id and self.isVisible():
            self.notes.clearSelection()
            self.editor.start_draft(self.workspace, self.node_id)

    def _note_selected(self, current: QListWidgetItem | None, _previous: Any) -> None:
        if current is not None and self.workspace is not None:
            self.editor.edit_note(self.workspace, current.data(ID_ROLE))

    def select_note(self, note_id: str) -> bool:
        """Select the note and open it in the editor; False if this page does not hold it."""
        for row in range(self.notes.count()):
            if self.notes.item(row).data(ID_ROLE) == note_id:
                self.notes.setCurrentRow(row)
                self.editor.text.setFocus()
                return True
        return False

    def editor_delete(self) -> None:
        if self.notes.currentItem() is not None:
            self.editor.delete()

    def _saved(self, note_id: str) -> None:
        self.reload(select=note_id)

    def _open_case(self, item: QListWidgetItem) -> None:
        self.case_requested.emit(item.data(ID_ROLE), self.node_id)

    def case_ids(self) -> list[str]:
        return [self.cases.item(i).data(ID_ROLE) for i in range(self.cases.count())]

    def note_ids(self) -> list[str]:
        return [self.notes.item(i).data(ID_ROLE) for i in range(self.notes.count())]
