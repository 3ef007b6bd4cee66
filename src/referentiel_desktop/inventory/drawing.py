"""The inventory overview as a ReportLab drawing, for the booklet: one stacked bar per
assessment, the questions split by position, in the colours of the window's chart.

The only module of the inventory that imports ReportLab (lazily: the window never loads
it); everything it draws comes from :func:`.overview.overview`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from referentiel_desktop.inventory.overview import UNANSWERED
from referentiel_desktop.inventory.scale import COLORS, POSITIONS, format_day, position_label
from referentiel_desktop.inventory.views import Overview

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

ORDER: tuple[str, ...] = (*POSITIONS, UNANSWERED)
BAR = 16.0  # points per bar
LEGEND = 30.0  # two rows of keys


def overview_drawing(
    overview: Overview, width: float, language: str, font: str = "Helvetica"
) -> Drawing:
    """``overview``'s assessments as stacked horizontal bars, ``width`` points wide,
    labelled in ``language`` with ``font`` (the booklet's embedded font)."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.colors import HexColor

    dates = list(reversed(overview.dates))  # ReportLab draws the first category lowest
    counts = list(reversed(overview.counts))
    label_width = 70.0
    height = len(dates) * (BAR + 8) + LEGEND + 24
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, LEGEND + 16
    chart.width, chart.height = width - label_width - 10, len(dates) * (BAR + 8)
    chart.data = [[c.get(key, 0) for c in counts] for key in ORDER]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [format_day(d, language) for d in dates]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.dx = -4
    total = max((sum(c.values()) for c in counts), default=20) or 20
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, total
    chart.valueAxis.valueStep = 5
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.barWidth = BAR
    chart.bars.strokeWidth = 0
    for index, key in enumerate(ORDER):
        chart.bars[index].fillColor = HexColor(COLORS[None if key == UNANSWERED else key])
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 10, LEGEND - 2
    legend.alignment = "right"
    legend.columnMaximum = 2
    legend.fontName = font
    legend.fontSize = 8
    legend.dx = legend.dy = 7
    legend.deltax = 10
    legend.deltay = 12
    legend.colorNamePairs = [
        (HexColor(COLORS[None if key == UNANSWERED else key]),
         position_label(None if key == UNANSWERED else key, language))
        for key in ORDER
    ]  # fmt: skip
    legend.autoXPadding = 12
    drawing.add(legend)
    return drawing
