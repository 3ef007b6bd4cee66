"""The inventory's chart in the window: one stacked bar per assessment, oldest on top,
its twenty questions split by position, in the colours the booklet uses too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from referentiel_desktop.i18n import _
from referentiel_desktop.inventory.overview import UNANSWERED
from referentiel_desktop.inventory.scale import COLORS, POSITIONS, format_day, position_label
from referentiel_desktop.inventory.views import Overview

ORDER: tuple[str, ...] = (*POSITIONS, UNANSWERED)
LABEL_WIDTH = 110
BAR_HEIGHT = 26
GAP = 10
LEGEND_HEIGHT = 28


def color_of(key: str) -> QColor:
    return QColor(COLORS[None if key == UNANSWERED else key])


@dataclass(frozen=True)
class Segment:
    day: date
    key: str  # a position id or "unanswered"
    count: int
    rect: QRectF


class InventoryChart(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("inventory-chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.overview: Overview | None = None

    def set_overview(self, overview: Overview | None) -> None:
        self.overview = overview
        self.setMinimumHeight(self.sizeHint().height())  # every bar and the legend show
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        bars = len(self.overview.dates) if self.overview else 1
        return QSize(360, GAP + bars * (BAR_HEIGHT + GAP) + LEGEND_HEIGHT + GAP)

    def segments(self) -> list[Segment]:
        """Where each bar's parts are drawn: the paint code and the tests share it."""
        if self.overview is None:
            return []
        width = max(self.width() - LABEL_WIDTH - 2 * GAP, 10)
        found = []
        for row, (day, counts) in enumerate(
            zip(self.overview.dates, self.overview.counts, strict=True)
        ):
            total = sum(counts.values()) or 1
            x = float(LABEL_WIDTH + GAP)
            y = float(GAP + row * (BAR_HEIGHT + GAP))
            for key in ORDER:
                count = counts.get(key, 0)
                if count:
                    span = width * count / total
                    found.append(Segment(day, key, count, QRectF(x, y, span, BAR_HEIGHT)))
                    x += span
        return found

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        if self.overview is None or not self.overview.dates:
            painter.setPen(text_color)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No assessment yet"))
            painter.end()
            return
        for row, day in enumerate(self.overview.dates):
            y = GAP + row * (BAR_HEIGHT + GAP)
            painter.setPen(text_color)
            label = QRectF(0, y, LABEL_WIDTH, BAR_HEIGHT)
            flags = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(label, flags, format_day(day))
        for segment in self.segments():
            color = color_of(segment.key)
            painter.fillRect(segment.rect, color)
            if segment.rect.width() >= 18:
                painter.setPen(
                    Qt.GlobalColor.black if color.lightness() > 140 else Qt.GlobalColor.white
                )
                painter.drawText(segment.rect, Qt.AlignmentFlag.AlignCenter, str(segment.count))
        self._legend(painter, GAP + len(self.overview.dates) * (BAR_HEIGHT + GAP), text_color)
        painter.end()

    def _legend(self, painter: QPainter, top: int, text_color: QColor) -> None:
        x = float(LABEL_WIDTH + GAP)
        metrics = painter.fontMetrics()
        for key in ORDER:
            painter.fillRect(QRectF(x, top + 6, 12, 12), color_of(key))
            label = position_label(None if key == UNANSWERED else key)
            painter.setPen(text_color)
            painter.drawText(QRectF(x + 16, top, 400, 24), Qt.AlignmentFlag.AlignVCenter, label)
            x += 16 + metrics.horizontalAdvance(label) + 14
