"""One question of one assessment, answered: its position (saved at a click), the answer
and its evidence (saved as you type, like notes), and the balises it bears on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.errors import UserError
from referentiel_desktop.gui.common import accessible
from referentiel_desktop.gui.common.autosave import AutosaveTimer
from referentiel_desktop.gui.common.field_undo import UndoGoesToTheStack
from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
from referentiel_desktop.gui.inventory.inventory_undo import AnswerCommand
from referentiel_desktop.i18n import _, format_when
from referentiel_desktop.inventory import answers, links
from referentiel_desktop.inventory.scale import POSITIONS, position_description, position_label
from referentiel_desktop.inventory.views import Answer
from referentiel_desktop.safe_text import clean
from referentiel_desktop.workspace import Workspace

BALISE_ROLE = Qt.ItemDataRole.UserRole + 62


class AnswerEditor(QWidget):
    balise_requested = Signal(str)
    saved = Signal()

    def __init__(
        self, balises: Callable[[], list[tuple[str, str]]], undo_stack: SafeUndoStack | None = None
    ) -> None:
        """``balises`` gives every balise as (id, title in the interface language); each
        write goes on ``undo_stack`` when there is one."""
        super().__init__()
        self.undo_stack = undo_stack
        self.setObjectName("inventory-answer")
        self._balises = balises
        self.workspace: Workspace | None = None
        self.territory: str | None = None
        self.day: date | None = None
        self.answer: Answer | None = None
        self.question = QLabel()
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        self.question.setObjectName("inventory-question")
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.positions = QButtonGroup(self)
        row = QHBoxLayout()
        for number, position in enumerate(POSITIONS):
            button = QRadioButton()
            button.setObjectName(f"position-{position}")
            self.positions.addButton(button, number)
            row.addWidget(button)
        row.addStretch(1)
        self.positions.buttonClicked.connect(self._position_clicked)
        self.text = QPlainTextEdit()
        self.text.setObjectName("answer-text")
        self.evidence = QPlainTextEdit()
        self.evidence.setObjectName("answer-evidence")
        self.meta = QLabel()
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel()
        self.status.setObjectName("inventory-status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.linked = QListWidget()
        self.linked.setObjectName("linked-balises")
        self.linked.setMaximumHeight(90)
        self.linked.itemActivated.connect(self._open_balise)
        self.linked.itemDoubleClicked.connect(self._open_balise)
        self.balise_choice = QComboBox()
        self.balise_choice.setObjectName("balise-choice")
        self.balise_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.balise_choice.setMinimumContentsLength(16)
        self.link_button = QPushButton()
        self.link_button.clicked.connect(self.link_chosen)
        self.unlink_button = QPushButton()
        self.unlink_button.clicked.connect(self.unlink_selected)
        self._unsaved = False  # a save failed: the text shown is newer than the store
        self._timer = AutosaveTimer(self)
        self._timer.due.connect(self.save)
        for field in (self.text, self.evidence):
            field.textChanged.connect(self._timer.poke)
            field.installEventFilter(self)
        if undo_stack is not None:
            UndoGoesToTheStack(undo_stack, self.flush, self).watch(self.text, self.evidence)
        self.form = QFormLayout()
        self.form.addRow(self.question)
        link_row = QHBoxLayout()
        link_row.addWidget(self.balise_choice, 1)
        link_row.addWidget(self.link_button)
        link_row.addWidget(self.unlink_button)
        self.field_labels = [QLabel() for _ in range(4)]
        self.form.addRow(self.field_labels[0], row)
        for label, widget in zip(
            self.field_labels[1:], (self.text, self.evidence, self.linked), strict=True
        ):
            self.form.addRow(label, widget)
        self.form.addRow("", link_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.meta)
        layout.addWidget(self.status)
        self.retranslate()
        self.setEnabled(False)

    def retranslate(self) -> None:
        for number, position in enumerate(POSITIONS):
            button = self.positions.button(number)
            button.setText(position_label(position))
            button.setToolTip(position_description(position))
        labels = (_("Position"), _("Answer"), _("Evidence, sources"), _("Linked balises"))
        for label, text in zip(self.field_labels, labels, strict=True):
            label.setText(text)
        for label, field in zip(
            self.field_labels[1:], (self.text, self.evidence, self.linked), strict=True
        ):
            accessible.name(field, label.text(), label)
        accessible.name(self.balise_choice, _("Beacon to link"))
        self.text.setPlaceholderText(_("What the team and the territory's actors say"))
        self.evidence.setPlaceholderText(_("Documents, figures, meetings, people met…"))
        self.link_button.setText(_("Link"))
        self.unlink_button.setText(_("Unlink"))
        self._fill_balises()
        self._show_meta()

    # -- showing --------------------------------------------------------------------------
    def show_answer(
        self, workspace: Workspace, territory: str, day: date, answer: Answer, title: str
    ) -> None:
        """Show ``answer`` (``title``: its question in the interface language)."""
        self.flush()
        self.workspace, self.territory, self.day, self.answer = workspace, territory, day, answer
        self.question.setText(title)
        self._load(answer)
        self.setEnabled(True)

    def clear(self) -> None:
        self.flush()
        self.answer = None
        self.question.setText(_("Start an assessment to answer the questions."))
        for field in (self.text, self.evidence):
            field.blockSignals(True)
            field.clear()
            field.blockSignals(False)
        self.linked.clear()
        self.setEnabled(False)

    def _load(self, answer: Answer) -> None:
        self._unsaved = False
        self.positions.setExclusive(False)
        for number, position in enumerate(POSITIONS):
            self.positions.button(number).setChecked(answer.position == position)
        self.positions.setExclusive(True)
        for field, value in ((self.text, answer.text), (self.evidence, answer.evidence)):
            if clean(field.toPlainText()) != value:  # the store trims: keep what is typed
                field.blockSignals(True)
                field.setPlainText(value)
                field.blockSignals(False)
        self._show_meta()
        self._show_links()

    def _show_meta(self) -> None:
        answer = self.answer
        if answer is None or answer.position is None or answer.updated_at is None:
            self.meta.setText(position_label(None))
            return
        message = _("Answered by {author}, {when}")
        self.meta.setText(message.format(author=answer.author, when=format_when(answer.updated_at)))

    def _fill_balises(self) -> None:
        self.balise_choice.clear()
        for balise_id, title in self._balises():
            self.balise_choice.addItem(title, balise_id)

    def _show_links(self) -> None:
        self.linked.clear()
        if self.workspace is None or self.answer is None:
            return
        titles = dict(self._balises())
        for item in links.links(self.workspace, question=self.answer.question.id):
            row = QListWidgetItem(titles.get(item.balise, item.balise))
            row.setData(BALISE_ROLE, item.balise)
            self.linked.addItem(row)

    # -- saving ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def flush(self) -> bool:
        """Save what is typed and not yet saved; False when it could not be (the text
        stays, the window stays open)."""
        if self._timer.isActive() or self._unsaved:
            return self.save()
        return True

    def _position_clicked(self, button: QAbstractButton) -> None:
        self.save(POSITIONS[self.positions.id(button)])

    def save(self, position: str | None = None) -> bool:
        """Write what is shown; a failed write says why, leaves the text as typed, and
        answers False."""
        self._timer.stop()
        self._unsaved = False  # until this write fails (views it refreshes may flush)
        if self.workspace is None or self.answer is None or self.territory is None:
            return True
        text, evidence = self.text.toPlainText(), self.evidence.toPlainText()
        same = (self.answer.text, self.answer.evidence) == (clean(text), clean(evidence))
        if position is None and same:
            return True
        before = self.answer
        try:
            self.answer = answers.set_answer(
                self.workspace, self.territory, self.answer.question.id, position,
                text=text, evidence=evidence, day=self.day,
            )  # fmt: skip
        except UserError as error:
            self.status.setText(str(error))
            self._unsaved = True
            return False
        except Exception as error:  # noqa: BLE001 - a locked or failing disk: say so, keep the text
            self.status.setText(_("Not saved: {reason}").format(reason=error))
            self._unsaved = True
            return False
        if self.undo_stack is not None and self.day is not None:
            command = AnswerCommand(self.workspace, self.territory, self.day, before, self.answer)
            self.undo_stack.push(command)
        self.status.clear()
        self._show_meta()
        self.saved.emit()
        return True

    def link_chosen(self) -> None:
        balise = self.balise_choice.currentData()
        if self.workspace is None or self.answer is None or not balise:
            return
        try:
            links.link(self.workspace, self.answer.question.id, balise)
        except UserError as error:
            self.status.setText(str(error))
        self._show_links()

    def unlink_selected(self) -> None:
        item = self.linked.currentItem()
        if self.workspace is None or self.answer is None or item is None:
            return
        try:
            links.unlink(self.workspace, self.answer.question.id, item.data(BALISE_ROLE))
        except UserError as error:
            self.status.setText(str(error))
        self._show_links()

    def _open_balise(self, item: QListWidgetItem) -> None:
        self.balise_requested.emit(item.data(BALISE_ROLE))
