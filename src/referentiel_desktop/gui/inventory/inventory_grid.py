"""The inventory's grid: the twenty questions down, the assessments across, each cell a
position in its colour; in the assessment being read, what moved since the one it is
compared with carries an arrow and bold type."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from referentiel_desktop.i18n import _
from referentiel_desktop.inventory.overview import compare_assessments
from referentiel_desktop.inventory.scale import COLORS, format_day, position_label
from referentiel_desktop.inventory.views import Assessment, Question

QUESTION_ROLE = Qt.ItemDataRole.UserRole + 60
MOVEMENT_ROLE = Qt.ItemDataRole.UserRole + 61
ARROWS = {"forward": "↑", "back": "↓", "changed": "≠"}
Index = QModelIndex | QPersistentModelIndex


def cell_color(position: str | None) -> QColor:
    color = QColor(COLORS[position])
    color.setAlpha(150)  # text stays readable over it, in light and dark palettes
    return color


class InventoryGridModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language = "en"
        self.questions: list[Question] = []
        self.assessments: list[Assessment] = []
        self.current: int = -1  # the column (assessment) being read
        self.movements: dict[str, str] = {}  # question id → movement, in the current column

    def set_data(
        self,
        questions: list[Question],
        assessments: list[Assessment],
        current: int,
        compared: int | None,
        language: str,
    ) -> None:
        self.beginResetModel()
        self.questions, self.assessments = questions, assessments
        self.current, self.language = current, language
        self.movements = {}
        if compared is not None and 0 <= current < len(assessments):
            older, newer = sorted((compared, current))
            result = compare_assessments(assessments[older], assessments[newer])
            self.movements = {c.question.id: c.movement for c in result.changes if c.moved}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.questions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 1 + len(self.assessments)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return _("Question")
            return format_day(self.assessments[section - 1].date, self.language)
        if role == Qt.ItemDataRole.FontRole and section - 1 == self.current:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        question = self.questions[index.row()]
        column = index.column()
        if role == QUESTION_ROLE:
            return question.id
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"Q{question.number}. {question.title(self.language)}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return html.escape(question.title(self.language))
            return None
        answer = self.assessments[column - 1].answers[index.row()]
        moved = self.movements.get(question.id) if column - 1 == self.current else None
        if role == MOVEMENT_ROLE:
            return moved
        if role == Qt.ItemDataRole.DisplayRole:
            label = position_label(answer.position)
            return f"{ARROWS[moved]} {label}" if moved else label
        if role == Qt.ItemDataRole.BackgroundRole:
            return cell_color(answer.position)
        if role == Qt.ItemDataRole.FontRole and moved:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and (answer.text or answer.evidence):
            # Tooltips are shown as rich text when they look like it: escape user text.
            parts = [html.escape(answer.text), html.escape(answer.evidence)]
            return "<br><br>".join(p for p in parts if p)
        return None
