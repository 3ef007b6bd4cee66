"""View → Inventory: a territory's twenty questions over its assessments, as a grid and
a chart, what moved since the assessment it is compared with, its place on the support
path, and the selected question's answer being edited below."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.annotations import people
from referentiel_desktop.changes import Change
from referentiel_desktop.errors import UserError
from referentiel_desktop.gui.common import accessible
from referentiel_desktop.gui.common.dates import show_medium_date
from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
from referentiel_desktop.gui.inventory.inventory_chart import InventoryChart
from referentiel_desktop.gui.inventory.inventory_editor import AnswerEditor
from referentiel_desktop.gui.inventory.inventory_grid import InventoryGridModel
from referentiel_desktop.i18n import _, current_language, ngettext
from referentiel_desktop.inventory import answers, overview, path
from referentiel_desktop.inventory.scale import POSITIONS, format_day, position_label
from referentiel_desktop.inventory.views import Assessment, Question, Stage
from referentiel_desktop.workspace import Workspace


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class NewAssessmentDialog(QDialog):
    def __init__(self, parent: QWidget, has_previous: bool) -> None:
        super().__init__(parent)
        self.setObjectName("new-assessment")
        self.setWindowTitle(_("New assessment"))
        self.day = QDateEdit(_qdate(date.today()))
        self.day.setCalendarPopup(True)
        show_medium_date(self.day)
        self.copy_previous = QCheckBox(_("Start from the previous assessment's answers"))
        self.copy_previous.setChecked(has_previous)
        self.copy_previous.setEnabled(has_previous)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("Date"), self.day)
        accessible.name(self.day, _("Date"))
        form.addRow(self.copy_previous)
        form.addRow(buttons)


class InventoryView(QWidget):
    balise_requested = Signal(str)

    def __init__(
        self, balises: Callable[[], list[tuple[str, str]]], undo_stack: SafeUndoStack | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("inventory-view")
        self.workspace: Workspace | None = None
        self.questions: list[Question] = []
        self.assessments: list[Assessment] = []
        self.stage: Stage | None = None
        self._settling = False
        self.territory = QComboBox()
        self.territory.setObjectName("inventory-territory")
        self.assessment = QComboBox()
        self.assessment.setObjectName("inventory-date")
        self.compared = QComboBox()
        self.compared.setObjectName("inventory-compared")
        for combo in (self.territory, self.assessment, self.compared):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.ask_new_assessment)
        self.scenario = QComboBox()
        self.scenario.setObjectName("path-scenario")
        self.scenario.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scenario.setMinimumContentsLength(20)
        self.since = QDateEdit(_qdate(date.today()))
        self.since.setObjectName("path-since")
        self.since.setCalendarPopup(True)
        self.record_step = QPushButton()
        self.record_step.clicked.connect(self.record_stage)
        self.path_label = QLabel()
        self.path_label.setObjectName("path-current")
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel()
        self.summary.setObjectName("inventory-summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.grid = InventoryGridModel(self)
        self.table = QTableView()
        self.table.setObjectName("inventory-grid")
        self.table.setModel(self.grid)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        # A question is never cut: it wraps, and its row is as tall as it needs (twenty
        # rows: measuring them costs nothing).
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.chart = InventoryChart()
        self.chart.setMinimumWidth(260)
        self.editor = AnswerEditor(balises, undo_stack)
        self.editor.balise_requested.connect(self.balise_requested)
        self.labels = [QLabel() for _ in range(4)]
        top = QHBoxLayout()
        for label, widget in zip(
            self.labels[:3], (self.territory, self.assessment, self.compared), strict=True
        ):
            top.addWidget(label)
            top.addWidget(widget, 1)
        top.addWidget(self.new_button)
        second = QHBoxLayout()
        second.addWidget(self.labels[3])
        second.addWidget(self.path_label)
        second.addWidget(self.scenario, 1)
        second.addWidget(self.since)
        second.addWidget(self.record_step)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.chart)
        side.addWidget(self.editor)
        side.setStretchFactor(1, 1)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.table)
        body.addWidget(side)
        body.setStretchFactor(0, 5)
        body.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.summary)
        layout.addWidget(body, 1)
        self.territory.currentIndexChanged.connect(lambda _i: self.reload(latest=True))
        self.assessment.currentIndexChanged.connect(lambda _i: self._assessment_chosen())
        self.compared.currentIndexChanged.connect(lambda _i: self._show_grid())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.editor.saved.connect(self._show_grid_keeping_row)
        self.retranslate()

    def retranslate(self, _lang: str = "") -> None:
        for label, text in zip(
            self.labels,
            (_("Territory"), _("Assessment of"), _("Compared with"), _("Support path")),
            strict=True,
        ):
            label.setText(text)
        self.new_button.setText(_("New assessment…"))
        self.record_step.setText(_("Record this step"))
        for label, widget in zip(
            self.labels, (self.territory, self.assessment, self.compared, self.scenario),
            strict=True,
        ):  # fmt: skip
            accessible.name(widget, label.text(), label)
        accessible.name(self.since, _("Support path: step reached on"))
        show_medium_date(self.since)
        accessible.name(self.table, _("Inventory questions"))
        self.editor.retranslate()
        if self.workspace is not None:
            self._fill_scenarios()
            self.reload()

    def attach_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.questions = answers.questions(workspace)
        self._fill_scenarios()
        self._fill_territories()

    def on_change(self, change: Change) -> None:
        if change.kind == "territory":
            self._fill_territories()
        elif change.kind.startswith("inventory") or change.kind == "author":
            # "inventory" from this process; "inventory_answer"… from the change log
            self.reload()

    # -- filling --------------------------------------------------------------------------
    def _fill_territories(self) -> None:
        if self.workspace is None:
            return
        current = self.territory.currentData()
        self.territory.blockSignals(True)
        self.territory.clear()
        for view in people.list_territories(self.workspace):
            self.territory.addItem(view.name, view.name)
        self.territory.setCurrentIndex(max(self.territory.findData(current), 0))
        self.territory.blockSignals(False)
        self.reload(latest=self.territory.currentData() != current)

    def _fill_scenarios(self) -> None:
        if self.workspace is None:
            return
        language = current_language()
        current = self.scenario.currentData()
        self.scenario.clear()
        for scenario_id, title_fr, title_en in path.scenarios(self.workspace):
            number = scenario_id.rsplit("s", 1)[-1]
            self.scenario.addItem(f"{number}. {title_fr if language == 'fr' else title_en}",
                                  scenario_id)  # fmt: skip
        self.scenario.setCurrentIndex(max(self.scenario.findData(current), 0))

    def current_territory(self) -> str | None:
        value = self.territory.currentData()
        return str(value) if value else None

    def current_assessment(self) -> Assessment | None:
        row = self.assessment.currentIndex()
        return self.assessments[row] if 0 <= row < len(self.assessments) else None

    def reload(self, keep_day: date | None = None, *, latest: bool = False) -> None:
        """Re-read the territory's assessments, its overview and its path; show the
        assessment shown before (another territory's: the latest)."""
        territory = self.current_territory()
        if self.workspace is None or territory is None:
            self.assessments = []
            self.chart.set_overview(None)
            self.grid.set_data(self.questions, [], -1, None, current_language())
            self.editor.clear()
            self._set_enabled(False)
            self.summary.setText(_("Add a territory first: Edit → Territories…"))
            return
        self._set_enabled(True)
        self.editor.flush()  # what is being typed is saved before the store is read
        shown = self.current_assessment()
        keep = keep_day or (shown.date if shown and not latest else None)
        self.assessments = answers.assessments(self.workspace, territory)
        self.stage = path.support_path(self.workspace, territory).current
        found = self.assessments
        self.chart.set_overview(overview.summarise(found, self.stage) if found else None)
        self.assessment.blockSignals(True)
        self.assessment.clear()
        for item in self.assessments:
            self.assessment.addItem(format_day(item.date), item.date)
        days = [a.date for a in self.assessments]
        self.assessment.setCurrentIndex(days.index(keep) if keep in days else len(days) - 1)
        self.assessment.blockSignals(False)
        self._show_path()
        self._assessment_chosen()

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.assessment, self.compared, self.new_button, self.scenario,
                       self.since, self.record_step):  # fmt: skip
            widget.setEnabled(enabled)

    def _assessment_chosen(self) -> None:
        """Compare with the assessment before it, by default."""
        current = self.assessment.currentIndex()
        self.compared.blockSignals(True)
        self.compared.clear()
        self.compared.addItem(_("nothing"), None)
        for index, item in enumerate(self.assessments):
            if index != current:
                self.compared.addItem(format_day(item.date), index)
        self.compared.setCurrentIndex(max(self.compared.findData(current - 1), 0))
        self.compared.blockSignals(False)
        self._show_grid()

    def _show_grid(self) -> None:
        row = max(self.table.currentIndex().row(), 0)
        current = self.assessment.currentIndex()
        compared = self.compared.currentData()
        self.grid.set_data(self.questions, self.assessments, current, compared,
                           current_language())  # fmt: skip
        self._size_columns()
        self._summarise(compared)
        if self.assessments:
            self._settling = True  # one answer shown below, not one per signal
            self.table.setCurrentIndex(self.grid.index(row, 1 + current))
            self._settling = False
            self._row_changed(self.table.currentIndex())
        else:
            self.editor.clear()

    def _size_columns(self) -> None:
        """Every assessment's column as wide as its widest possible cell, from the font
        (measuring each cell's contents is what makes a grid of ten years slow)."""
        metrics = self.table.fontMetrics()
        labels = [position_label(p) for p in (*POSITIONS, None)]
        widest = max(metrics.horizontalAdvance(f"↑ {label}") for label in labels)
        bold = self.table.font()
        bold.setBold(True)
        header = QFontMetrics(bold).horizontalAdvance(format_day(date(2026, 12, 30)))
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.grid.columnCount()):
            self.table.setColumnWidth(column, int(max(widest * 1.1, header) + 16))

    def _show_grid_keeping_row(self) -> None:
        self.reload()

    def _summarise(self, compared: int | None) -> None:
        shown = self.current_assessment()
        if shown is None:
            self.summary.setText(_("No assessment yet: start one with New assessment…"))
            return
        if compared is None:
            self.summary.setText("")
            return
        count = len(self.grid.movements)
        message = ngettext(
            "{count} question moved since {date}.", "{count} questions moved since {date}.", count
        )
        other = self.assessments[compared].date
        self.summary.setText(message.format(count=count, date=format_day(other)))

    def _row_changed(self, index: QModelIndex, _previous: Any = None) -> None:
        if self._settling:
            return
        shown = self.current_assessment()
        territory = self.current_territory()
        if shown is None or territory is None or self.workspace is None or not index.isValid():
            return
        answer = shown.answers[index.row()]
        title = f"Q{answer.question.number}. {answer.question.title(current_language())}"
        self.editor.show_answer(self.workspace, territory, shown.date, answer, title)

    def _show_path(self) -> None:
        territory = self.current_territory()
        if self.workspace is None or territory is None:
            return
        current = self.stage
        if current is None:
            self.path_label.setText(_("not placed yet"))
            return
        message = _("step {number} since {date}")
        self.path_label.setText(
            message.format(number=current.number, date=format_day(current.since))
        )
        self.path_label.setToolTip(current.title(current_language()))
        self.scenario.setCurrentIndex(max(self.scenario.findData(current.scenario), 0))

    # -- actions --------------------------------------------------------------------------
    def ask_new_assessment(self) -> NewAssessmentDialog:
        dialog = NewAssessmentDialog(self, bool(self.assessments))
        dialog.accepted.connect(
            lambda: self.start_assessment(_day(dialog.day.date()), dialog.copy_previous.isChecked())
        )
        self.new_dialog = dialog
        dialog.open()
        return dialog

    def start_assessment(self, day: date, copy_previous: bool) -> None:
        territory = self.current_territory()
        if self.workspace is None or territory is None:
            return
        try:
            answers.start_assessment(self.workspace, territory, day, copy_previous=copy_previous)
        except UserError as error:
            self.summary.setText(str(error))
            return
        self.reload(keep_day=day)

    def record_stage(self) -> None:
        territory = self.current_territory()
        scenario = self.scenario.currentData()
        if self.workspace is None or territory is None or not scenario:
            return
        try:
            found = path.set_stage(self.workspace, territory, scenario, _day(self.since.date()))
        except UserError as error:
            self.summary.setText(str(error))
            return
        self.stage = found.current
        self._show_path()
