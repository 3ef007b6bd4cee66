"""Edit a case: its text, territory, tags, and the balises it illustrates (a checkable
tree with a filter). Saves as you type; a new case is created once it has a title, a
territory and one balise."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
)

from referentiel_desktop.annotations import cases, people, tags
from referentiel_desktop.annotations.conflicts import EditConflict
from referentiel_desktop.annotations.views import CaseView
from referentiel_desktop.changes import Change
from referentiel_desktop.gui.cases.balise_checklist import NODE_ROLE, BaliseChecklist
from referentiel_desktop.gui.cases.record_fields import TEXTS, case_labels, readable, stored_fields
from referentiel_desktop.gui.common.annotation_editing import AnnotationEditing
from referentiel_desktop.gui.common.annotation_undo import (
    CASES,
    AddCommand,
    DeleteCommand,
    EditCommand,
)
from referentiel_desktop.gui.common.autosave import AutosaveTimer
from referentiel_desktop.gui.common.conflict_dialog import BOTH, MINE, ConflictDialog
from referentiel_desktop.gui.common.field_undo import UndoGoesToTheStack
from referentiel_desktop.gui.common.message_bar import MessageBar
from referentiel_desktop.gui.common.plain import plain_label
from referentiel_desktop.gui.common.tag_field import TagField
from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
from referentiel_desktop.i18n import _
from referentiel_desktop.referential.snapshot import NodeView
from referentiel_desktop.workspace import Workspace


class CaseEditor(QDialog, AnnotationEditing):
    node_requested = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        undo_stack: SafeUndoStack,
        nodes: list[NodeView],
        language: str,
        case_id: str | None = None,
        preset_balise: str | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("case-editor")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.workspace, self.undo_stack, self.case_id = workspace, undo_stack, case_id
        self.language = language
        self.title = QLineEdit()
        self.territory = QComboBox()
        self.new_territory = QPushButton(_("New territory…"))
        self.new_territory.clicked.connect(self._add_territory)
        self.texts = {name: QPlainTextEdit() for name in TEXTS}
        self.texts["period"].setMaximumHeight(48)
        self.tags = TagField()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter the balises"))
        self.balises = BaliseChecklist(nodes, language)
        self.filter.textChanged.connect(self.balises.filter)
        self.links = QLabel()
        self.links.setTextFormat(Qt.TextFormat.RichText)  # balise titles, escaped
        self.links.linkActivated.connect(lambda link: self.node_requested.emit(link[5:]))
        self.links.setWordWrap(True)
        self.status = plain_label()
        self.status.setWordWrap(True)
        self.message_bar = MessageBar()
        self._writing = False
        self._stored: dict[str, Any] | None = None
        self._rev: str | None = None  # the revision this edit started from
        self.conflict_dialog: ConflictDialog | None = None
        self.delete_button = QPushButton(_("Delete this case"))
        self.delete_button.setToolTip(_("Deleting can be undone (Edit → Undo)."))
        self.delete_button.clicked.connect(self.delete)
        self._deleted = False
        self._fill_territories()
        self.tags.set_known_tags([n for n, _c in tags.list_tags(workspace)])
        form = QFormLayout()
        territory_row = QHBoxLayout()
        territory_row.addWidget(self.territory, 1)
        territory_row.addWidget(self.new_territory)
        labels = case_labels()
        form.addRow(labels["title"], self.title)
        form.addRow(labels["territory"], territory_row)
        for name in TEXTS:
            form.addRow(labels[name], self.texts[name])
        form.addRow(labels["tags"], self.tags)
        side = QVBoxLayout()
        side.addWidget(plain_label(_("Balises this case illustrates")))
        side.addWidget(self.filter)
        side.addWidget(self.balises, 1)
        side.addWidget(self.links)
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_bar)
        layout.addLayout(columns, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.delete_button)
        layout.addLayout(bottom)
        self._saved: dict[str, Any] = {}
        if case_id:
            self._load(cases.get_case(workspace, case_id))
        elif preset_balise:
            self.balises.check({preset_balise})
        self._saved = self._fields()
        self._timer = AutosaveTimer(self)
        self._timer.due.connect(self.save)
        self.title.textEdited.connect(self._changed)
        self.tags.tags_edited.connect(self._changed)
        self.territory.currentIndexChanged.connect(self._changed)
        for widget in self.texts.values():
            widget.textChanged.connect(self._changed)
        self.balises.itemChanged.connect(self._changed)
        UndoGoesToTheStack(undo_stack, self.flush, self).watch(
            self.title, self.tags, *self.texts.values()
        )
        self.setWindowTitle(_("Case") if case_id else _("New case"))
        self.delete_button.setEnabled(case_id is not None)
        screen = self.screen().availableGeometry()
        self.resize(min(980, int(screen.width() * 0.9)), min(640, int(screen.height() * 0.9)))
        self._update_links()

    # -- filling ------------------------------------------------------------------------
    def _fill_territories(self, select: str | None = None) -> None:
        current = select or self.territory.currentText()
        self.territory.blockSignals(True)
        self.territory.clear()
        self.territory.addItem("", None)
        for view in people.list_territories(self.workspace):
            self.territory.addItem(view.name, view.name)
        self.territory.setCurrentIndex(max(self.territory.findData(current), 0))
        self.territory.blockSignals(False)

    def _balise_items(self) -> list[QTreeWidgetItem]:
        return self.balises.balise_items()

    def _load(self, view: CaseView) -> None:
        """Show ``view``, moving no cursor in a field left as it was."""
        if self.title.text() != view.title:
            self.title.setText(view.title)
        if self.territory.currentData() != view.territory:
            self._fill_territories(view.territory)
        for name in TEXTS:
            widget, text = self.texts[name], getattr(view, name)
            if widget.toPlainText() != text:
                position = widget.textCursor().position()
                widget.setPlainText(text)
                cursor = widget.textCursor()
                cursor.setPosition(min(position, len(text)))
                widget.setTextCursor(cursor)
        if not self.tags.holds(list(view.tags)):
            self.tags.set_tags(list(view.tags))
        self.balises.check(set(view.balises))
        self._stored, self._rev = stored_fields(view), view.rev

    def _add_territory(self) -> None:
        name, ok = QInputDialog.getText(self, _("New territory"), _("Name of the territory"))
        if ok and name.strip():
            added = self.message_bar.attempt(lambda: people.add_territory(self.workspace, name))
            if added is not None:
                self._fill_territories(added.name)
                self._changed()

    # -- saving ---------------------------------------------------------------------------
    def _fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "title": self.title.text(),
            "territory": self.territory.currentData() or "",
            "balises": self.balises.checked(),
            "tags": self.tags.tags(),
        }
        fields.update({name: self.texts[name].toPlainText() for name in TEXTS})
        return fields

    def has_unsaved_typing(self) -> bool:
        return self._timer.isActive() or self.tags.unfinished() or self._fields() != self._saved

    def _changed(self, *_args: Any) -> None:
        self._timer.poke()
        self._update_links()

    def _update_links(self) -> None:
        checked = self.balises.checked_items()
        links = "<br>".join(
            f"<a href='node:{i.data(0, NODE_ROLE)}'>{escape(i.text(0))}</a>" for i in checked
        )
        self.links.setText(links)

    def save(self) -> None:
        self._timer.stop()
        fields = self._fields()
        if fields == self._saved or self.conflict_dialog is not None:
            return
        if self.case_id is None:
            self._add(fields)
            return
        case_id = self.case_id
        changed = {k: v for k, v in fields.items() if v != self._saved.get(k)}
        # What a case cannot be without is kept as stored (and said), the rest is saved:
        # a blank territory chosen by mistake must not stop the text from being saved.
        kept = [
            message
            for key, message in (
                ("title", _("A case keeps a title.")),
                ("territory", _("A case keeps a territory: choose one in the list.")),
                ("balises", _("A case keeps at least one balise.")),
            )
            if key in changed and not (changed[key].strip() if key == "title" else changed[key])
        ]
        for key in ("title", "territory", "balises"):
            if key in changed and not (changed[key].strip() if key == "title" else changed[key]):
                del changed[key]
        self.status.setText(" ".join(kept))
        if not changed:
            return
        before = {k: self._saved[k] for k in changed}
        rev = self._rev
        try:
            view = self._write(
                lambda: cases.edit_case(self.workspace, case_id, **changed, expected_rev=rev)
            )
        except EditConflict as conflict:
            self._ask_which_to_keep(str(conflict), conflict.stored)
            return
        if view is None:
            stored = cases.get_case(self.workspace, case_id)
            if stored.deleted_at is not None:  # deleted elsewhere: the same choice
                self.message_bar.dismiss()
                self._ask_which_to_keep(_("This case was deleted elsewhere."), stored)
            return
        self.undo_stack.push(
            EditCommand(CASES, self.workspace, case_id, before, changed, view.rev, rev)
        )
        self._saved.update(changed)
        self._stored, self._rev = stored_fields(view), view.rev
        if not kept:
            self.status.setText(_("Saved."))

    def _add(self, fields: dict[str, Any]) -> None:
        missing = [
            label
            for label, ok in (
                (_("a title"), fields["title"].strip()),
                (_("a territory"), fields["territory"]),
                (_("a balise"), fields["balises"]),
            )
            if not ok
        ]
        if missing:
            self.status.setText(
                _("To save this case, give it: {missing}.").format(missing=", ".join(missing))
            )
            return
        rest = {k: v for k, v in fields.items() if k not in ("title", "territory", "balises")}
        view = self._write(
            lambda: cases.add_case(
                self.workspace, fields["title"], fields["territory"], fields["balises"], **rest
            )
        )
        if view is None:
            return
        self.undo_stack.push(AddCommand(CASES, self.workspace, view.id))
        self.case_id = view.id
        self.setWindowTitle(_("Case"))
        self.delete_button.setEnabled(True)
        self.status.setText(_("Saved."))
        self._saved = fields
        self._stored, self._rev = stored_fields(view), view.rev

    def delete(self) -> None:
        """Asks nothing: the deletion is a marker, and Undo brings the case back."""
        if self.case_id is None:
            return
        case_id = self.case_id
        self.save()  # what was typed last is kept with the case, for Undo
        if self.has_unsaved_typing():
            return  # the save failed and says why: deleting now would lose that text
        if self._write(lambda: cases.delete_case(self.workspace, case_id)) is None:
            return
        self.undo_stack.push(DeleteCommand(CASES, self.workspace, case_id))
        self._deleted = True
        self.close()

    def on_change(self, change: Change) -> None:
        """Another view, an undo, the command line changed this case: show it, unless
        something typed here is not saved yet (that text wins, and is saved in a moment)."""
        if change.kind == "territory":
            self._territories_changed()
            return
        if self._writing or self.case_id is None or change.kind != "case":
            return
        if self.case_id not in change.ids and "*" not in change.ids:
            return
        view = cases.get_case(self.workspace, self.case_id)
        if view.rev == self._rev and stored_fields(view) == self._stored:
            return  # this editor's own save
        if self.has_unsaved_typing():
            return
        if view.deleted_at is not None:
            self._deleted = True
            self.close()
            return
        self._reload(view)

    def _reload(self, view: CaseView) -> None:
        widgets = [self.title, self.territory, self.balises, self.tags, *self.texts.values()]
        for widget in widgets:
            widget.blockSignals(True)
        self._load(view)
        for widget in widgets:
            widget.blockSignals(False)
        self._saved = self._fields()
        self._update_links()

    # -- someone else saved this case meanwhile ---------------------------------------------
    def _readable(self, fields: dict[str, Any]) -> str:
        return readable(fields)

    def _stored_fields(self, stored: CaseView) -> dict[str, Any]:
        return stored_fields(stored)

    def _keep(self, choice: str, stored: CaseView) -> None:
        self.conflict_dialog = None
        if choice == MINE:  # saved over theirs; Undo brings theirs back
            if stored.deleted_at is not None:
                restored = self._write(lambda: cases.restore_case(self.workspace, stored.id))
                if restored is None:
                    return
                stored = restored
            self._saved, self._stored, self._rev = stored_fields(stored), None, stored.rev
            self.save()
        elif choice == BOTH:  # mine becomes a new case, theirs stays as it is
            fields = self._fields()
            for key in ("title", "territory", "balises"):  # what a case cannot be without
                fields[key] = (
                    fields[key] if str(fields[key]).strip() else stored_fields(stored)[key]
                )
            self.case_id = None
            self._add(fields)
        else:  # theirs: what is stored now is shown, what was typed here is let go
            self._timer.stop()
            theirs = cases.get_case(self.workspace, stored.id)
            if theirs.deleted_at is None:
                self._reload(theirs)
            else:
                self._deleted = True
                self.close()

    def _territories_changed(self) -> None:
        """One added or renamed elsewhere is offered here too; the case's own, renamed,
        is shown under its new name (unless the user is choosing another)."""
        shown = self.territory.currentData()
        self._fill_territories(shown)
        if self.territory.currentData() == shown or self.case_id is None:
            return
        if shown == self._saved.get("territory"):
            renamed = cases.get_case(self.workspace, self.case_id).territory
            self._fill_territories(renamed)
            self._saved["territory"] = renamed

    def done(self, result: int) -> None:
        if not self._deleted:
            self.save()
            if self.has_unsaved_typing():
                return  # not saved (the message bar says why): stay open with the text
        super().done(result)
